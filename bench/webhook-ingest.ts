// Webhook ingestion through the real Next.js route (`next start`, needs a build): signature check on
// the raw body, deduplicating inbox insert, DEVICE_LOGS applied to lock_events. Reports req/s, p50,
// p99 and non-2xx at 10 connections, checks rows == accepted, and measures a bare node:http server
// that only reads the body (baseline) with the same load generator in the same run.
// Run: npx next build && npx tsx --conditions=react-server bench/webhook-ingest.ts [seconds=10] [connections=10]
import http from "node:http";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { embeddedDatabaseUrl } from "@/db/embedded-password";
import { DEMO_DOORS } from "@/lib/demo-building";
import { signNukiWebhook } from "@/lib/nuki/webhook";
import { freePort } from "@/test/free-port";
import { quantile, startProcess, stopProcess, waitForHttp } from "./lib";

const SECONDS = Number(process.argv[2] ?? 10);
const CONNS = Number(process.argv[3] ?? 10);
const SECRET = "bench-webhook-secret";

async function load(url: string, makeBody: (i: number) => string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNS });
  const lat: number[] = [];
  let ok = 0,
    bad = 0,
    i = 0;
  const until = performance.now() + SECONDS * 1000;
  const one = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "x-nuki-signature-sha256": signNukiWebhook(body, SECRET) },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: CONNS }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const status = await one(makeBody(i++));
        lat.push(performance.now() - t);
        if (status >= 200 && status < 300) ok++;
        else bad++;
      }
    }),
  );
  agent.destroy();
  return { rps: (ok + bad) / SECONDS, ok, bad, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99) };
}

const logBody = (i: number) =>
  JSON.stringify({
    feature: "DEVICE_LOGS",
    smartlockLog: {
      id: `bench-${process.pid}-${i}`,
      smartlockId: DEMO_DOORS[i % DEMO_DOORS.length]!.smartlockId,
      authId: null,
      name: "Front desk",
      action: 1,
      trigger: 255,
      state: 0,
      date: new Date().toISOString(),
      source: 1,
    },
  });

async function main() {
  // Baseline: bare Node reading the body.
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
  const base = await load(`http://127.0.0.1:${(bare.address() as { port: number }).port}/`, logBody);
  bare.close();

  const dir = mkdtempSync(path.join(os.tmpdir(), "portier-ingest-"));
  chmodSync(dir, 0o755);
  const [port, pgPort, simPort] = [await freePort(), await freePort(), await freePort()];
  const app = startProcess("node_modules/.bin/next", ["start", "-p", String(port)], {
    DATA_DIR: dir,
    EMBEDDED_PG_PORT: String(pgPort),
    SIM_PORT: String(simPort),
    PORT: String(port),
    AUTH_SECRET: "bench-secret-0123456789-0123456789-abcdef",
    NUKI_WEBHOOK_SECRET: SECRET,
    RECONCILER: "off",
  });
  await waitForHttp(`http://127.0.0.1:${port}/login`);
  await load(`http://127.0.0.1:${port}/api/webhooks/nuki`, (i) => logBody(1e9 + i)); // warm-up (JIT, pools)
  const db = new Client({ connectionString: embeddedDatabaseUrl(path.join(dir, "pg"), pgPort) });
  await db.connect();
  const before = Number((await db.query("select count(*) from lock_events")).rows[0].count);
  const r = await load(`http://127.0.0.1:${port}/api/webhooks/nuki`, logBody);
  const rows = Number((await db.query("select count(*) from lock_events")).rows[0].count) - before;
  await db.end();
  await stopProcess(app);
  rmSync(dir, { recursive: true, force: true });

  console.log(
    `baseline: bare node:http, read body         ${base.rps.toFixed(0)} req/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms`,
  );
  console.log(
    `POST /api/webhooks/nuki (verify+inbox+apply) ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, non-2xx ${r.bad} | ×${(base.rps / r.rps).toFixed(1)} slower than baseline; ${CONNS} connections, ${SECONDS} s`,
  );
  console.log(`rows written ${rows} vs accepted ${r.ok}: ${rows === r.ok ? "none lost" : "MISMATCH"}`);
}
void main();

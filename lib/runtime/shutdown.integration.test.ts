import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { grants } from "@/db/schema";
import { createWindow } from "@/lib/access/windows/create-window";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { createTestDatabase } from "@/test/db";
import { createEngine, type Engine } from "@/test/engine";

/**
 * Graceful shutdown with real processes: two `npm run worker`s (scripts/worker.ts) against the
 * simulator over HTTP and one Postgres. SIGTERM reaches the first in the middle of a bulk
 * assignment; the second must take over at once (no wait for a lease) and no auth is sent twice.
 */
const KEY = randomBytes(32);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "portier-shutdown-"));
let e: Engine | undefined;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await e?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(databaseUrl: string, simUrl: string) {
  const child = spawn(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/worker.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NUKI_API_TOKEN: DEFAULT_TOKEN,
        NUKI_API_BASE_URL: simUrl,
        // A budget that makes the bulk take seconds, so SIGTERM lands in the middle of it.
        NUKI_REQUESTS_PER_SEC: "5",
        NUKI_BURST: "1",
        CODE_ENCRYPTION_KEY: KEY.toString("hex"),
        DATA_DIR: dataDir,
        DEMO_SEED: "off",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const started = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes("reconciling")) {
        clearInterval(t);
        resolve();
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(t);
      reject(new Error(`worker exited early (${code}): ${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, started, exited, output: () => out, workerId: `worker-${child.pid}` };
}

const until = async (what: () => Promise<boolean> | boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((ok) => setTimeout(ok, 50));
  }
};
const creates = () => e!.sim.calls.filter((c) => c === "PUT /smartlock/auth").length;

describe("graceful shutdown with real worker processes", () => {
  it("SIGTERM during a bulk assignment: leases released, another worker finishes at once, nothing sent twice", {
    timeout: 150_000,
  }, async () => {
    const db = await createTestDatabase();
    const engine = await createEngine({
      db,
      doors: 10,
      customers: 6,
      realTime: true,
      vaultKey: KEY,
      sim: { config: { applyDelayMs: 200, webhookDelayMs: 20 } },
    });
    e = engine;
    // 60 pairs with a different window on each door: 60 distinct auth definitions, 60 creates.
    const hour = 3_600_000;
    for (const [i, customerId] of engine.customerIds.entries())
      for (const [j, doorId] of engine.doorIds.entries()) {
        const startsAt = new Date(Date.now() + (24 + i * 10 + j) * hour);
        await createWindow(engine, engine.actor, {
          customerId,
          doorId,
          window: { kind: "once", startsAt, endsAt: new Date(startsAt.getTime() + hour) },
        });
      }
    // Scheduled before the worker starts, so its first pass claims the whole bulk at once.
    const a = startWorker(db.url, engine.simUrl);
    await a.started;
    await until(() => creates() >= 8, 30_000);

    const sigterm = Date.now();
    a.child.kill("SIGTERM");
    expect(await a.exited).toBe(143);
    const stopMs = Date.now() - sigterm;
    expect(stopMs).toBeLessThan(8_000);
    expect(a.output()).toContain("SIGTERM: stopping");
    // Nothing left claimed by the stopped worker: no one has to wait for its lease to run out.
    const held = await db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(grants)
      .where(and(eq(grants.claimedBy, a.workerId), sql`${grants.claimedUntil} > now()`));
    expect(held[0]!.n).toBe(0);
    const sentByA = creates();
    expect(sentByA).toBeLessThan(60);

    const b = startWorker(db.url, engine.simUrl);
    await b.started;
    const bStarted = Date.now();
    // The second worker sends within seconds: well inside the 60 s lease the first one would have left.
    await until(() => creates() > sentByA, 10_000);
    expect(Date.now() - bStarted).toBeLessThan(10_000);
    await until(async () => {
      const [r] = await db.db
        .select({ n: sql<number>`count(*)::int` })
        .from(grants)
        .where(eq(grants.status, "applied"));
      return r!.n === 60;
    }, 90_000);

    // No duplicate: one create per pair, one auth per customer on every lock.
    expect(creates()).toBe(60);
    for (const id of engine.smartlockIds)
      expect([...engine.sim.auths.values()].filter((x) => x.smartlockId === id)).toHaveLength(6);
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(143);
  });
});

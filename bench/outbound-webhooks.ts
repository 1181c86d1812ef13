// Outgoing webhooks:
//  1. What queuing events costs a staff edit: createWindow with no webhook endpoint (baseline) vs
//     with 3 enabled endpoints subscribed to window.created (3 outbox rows in the same transaction),
//     interleaved in the same run.
//  2. Delivery throughput: N events to one local node:http receiver (204) drained by deliverDue
//     (claim with SKIP LOCKED, sign, POST, record) vs the same N bodies POSTed with bare fetch in
//     batches of the same size (no database, no signing) — the baseline.
// Real Postgres (embedded, or BENCH_DATABASE_URL), the simulator only for the engine's wiring.
// Run: npx tsx --conditions=react-server bench/outbound-webhooks.ts [creates=200] [deliveries=1000]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { deliverDue } from "@/lib/access/outbound-webhooks/deliver";
import { emitEvent } from "@/lib/access/outbound-webhooks/emit-event";
import { createEndpoint } from "@/lib/access/outbound-webhooks/endpoints";
import { createWindow } from "@/lib/access/windows/create-window";
import { createEngine } from "@/test/engine";
import { benchDatabase } from "./db";
import { summary } from "./lib";

const CREATES = Number(process.argv[2] ?? 200);
const DELIVERIES = Number(process.argv[3] ?? 1000);
const BATCH = 50;
const DAY = 86_400_000;
const HOUR = 3_600_000;

async function main() {
  const e = await createEngine({ doors: 50, customers: 100, db: await benchDatabase(), realTime: true });
  const [u] = await e.db
    .insert(users)
    .values({ email: "bench-admin@example.com", name: "Bench", role: "admin" })
    .returning();
  const admin = { id: u!.id, role: "admin" as const, label: "Bench", customerId: null };
  const ctx = { db: e.db, vault: e.vault, allowPlainHttp: true };

  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

  // ── 1. the cost of queuing events in a staff edit ─────────────────────────────────────────────
  for (let i = 0; i < 3; i++) await createEndpoint(ctx, admin, { url, eventTypes: ["window.created"] });
  const setEnabled = (on: boolean) => e.db.execute(sql`update webhook_endpoints set enabled = ${on}`);
  const day0 = Math.ceil(Date.now() / DAY) * DAY + 7 * DAY;
  let slot = 0;
  const stay = () => {
    const n = slot++;
    const start = day0 + n * HOUR;
    return {
      customerId: e.customerIds[n % 100]!,
      doorId: e.doorIds[n % 50]!,
      window: { kind: "once" as const, startsAt: new Date(start), endsAt: new Date(start + HOUR / 2) },
    };
  };
  const none: number[] = [];
  const three: number[] = [];
  for (let i = 0; i < CREATES; i++) {
    for (const [on, out] of [
      [false, none],
      [true, three],
    ] as const) {
      await setEnabled(on);
      const t = performance.now();
      await createWindow(e, e.actor, stay());
      out.push(performance.now() - t);
    }
  }
  console.log(`window create (${CREATES} each, interleaved)`);
  summary("  no webhook endpoint (baseline)", none);
  summary("  3 endpoints subscribed (3 outbox rows)", three, none);
  await e.db.execute(sql`delete from webhook_deliveries`);
  await e.db.execute(sql`delete from webhook_endpoints`);

  // ── 2. delivery throughput ────────────────────────────────────────────────────────────────────
  await createEndpoint(ctx, admin, { url, eventTypes: ["entry.recorded"] });
  await e.db.transaction(async (tx) => {
    for (let i = 0; i < DELIVERIES; i++)
      await emitEvent(tx, "entry.recorded", { doorId: `d${i}`, at: new Date().toISOString() });
  });
  received = 0;
  const runs: number[] = [];
  const t0 = performance.now();
  for (;;) {
    const t = performance.now();
    const r = await deliverDue({ db: e.db, vault: e.vault, now: () => Date.now(), config: { batchSize: BATCH } });
    if (r.claimed === 0) break;
    runs.push(performance.now() - t);
  }
  const outboxMs = performance.now() - t0;
  if (received !== DELIVERIES) throw new Error(`receiver got ${received} of ${DELIVERIES}`);

  const body = JSON.stringify({ type: "entry.recorded", timestamp: new Date().toISOString(), data: { doorId: "d" } });
  const bare: number[] = [];
  const b0 = performance.now();
  for (let i = 0; i < DELIVERIES; i += BATCH) {
    const t = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(BATCH, DELIVERIES - i) }, () =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) =>
          r.body?.cancel(),
        ),
      ),
    );
    bare.push(performance.now() - t);
  }
  const bareMs = performance.now() - b0;
  console.log(`delivery: ${DELIVERIES} events to one local receiver, batches of ${BATCH}`);
  summary("  bare fetch batch (baseline)", bare);
  summary("  deliverDue run (claim, sign, POST, record)", runs, bare);
  console.log(
    `  throughput: outbox ${(DELIVERIES / (outboxMs / 1000)).toFixed(0)}/s vs bare ${(DELIVERIES / (bareMs / 1000)).toFixed(0)}/s (×${(outboxMs / bareMs).toFixed(2)} time)`,
  );
  server.close();
  await e.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// Nuki calls the engine issues for N customers' window changes on M locks, against the naive one
// call per (change, lock), and the reconciler's throughput under a 1 request/s budget, in
// simulated time (the simulator's manual clock advances while the budget waits).
// Run: npx tsx --conditions=react-server bench/engine-calls.ts [customers=100] [locks=20]
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient } from "@/lib/nuki/client";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { bulkAssign } from "@/lib/access/windows/bulk-assign";
import { accessWindows } from "@/db/schema";
import { updateWindow } from "@/lib/access/windows/update-window";
import { deleteWindow } from "@/lib/access/windows/delete-window";
import { advance, createEngine, type Engine } from "@/test/engine";
import { benchDatabase } from "./db";

const N = Number(process.argv[2] ?? 100);
const M = Number(process.argv[3] ?? 20);

async function converge(e: Engine) {
  const start = e.now();
  let passes = 0;
  for (;;) {
    const r = await reconcileOnce(e, "bench");
    passes++;
    await advance(e, 2500);
    const rows = await e.db.query.grants.findMany({ columns: { status: true } });
    if (rows.every((g) => g.status === "applied" || g.status === "removed")) break;
    if (r.claimed === 0) await advance(e, e.config.confirmTimeoutMs);
    if (passes > 200) throw new Error("did not converge");
  }
  return { passes, simulatedMs: e.now() - start };
}

async function phase(e: Engine, label: string, changes: number, work: () => Promise<void>) {
  const before = e.nuki.stats.requests;
  await work();
  const { passes, simulatedMs } = await converge(e);
  const calls = e.nuki.stats.requests - before;
  const naive = changes * M;
  console.log(
    `${label.padEnd(34)} ${String(changes).padStart(4)} changes × ${M} locks: ${String(calls).padStart(5)} Nuki calls vs naive ${naive} (×${(naive / calls).toFixed(1)} fewer), ${passes} passes, ${(simulatedMs / 1000).toFixed(0)} s simulated`,
  );
  return calls;
}

async function main() {
  const e = await createEngine({
    doors: M,
    customers: N,
    db: await benchDatabase(),
    config: { batchSize: 5000, bulkChunk: 50 },
  });
  const day = 3_600_000;
  await phase(e, "create (bulk assign)", N, async () => {
    await bulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: { kind: "once", startsAt: new Date(e.now() + day), endsAt: new Date(e.now() + 3 * day) },
    });
  });
  const windows = await e.db.select().from(accessWindows);
  await phase(e, "move every window by an hour", N, async () => {
    for (const w of windows)
      await updateWindow(e, e.actor, {
        windowId: w.id,
        expectedVersion: w.version,
        window: {
          kind: "once",
          startsAt: new Date(w.startsAt.getTime() + day),
          endsAt: new Date(w.endsAt!.getTime() + day),
        },
      });
  });
  const moved = await e.db.select().from(accessWindows);
  await phase(e, "delete every window", N, async () => {
    for (const w of moved) await deleteWindow(e, e.actor, { windowId: w.id, expectedVersion: w.version });
  });

  // Throughput at 1 request/s (Portier's self-imposed budget for one Nuki account, burst 10).
  const simTime = { now: () => e.clock.now(), sleep: async (ms: number) => e.clock.advance(ms) };
  e.nuki = new NukiClient({
    baseUrl: e.simUrl,
    token: DEFAULT_TOKEN,
    clock: simTime,
    budget: new RequestBudget({ ratePerSec: 1, burst: 10, clock: simTime }),
  });
  const before = e.nuki.stats.requests;
  const t0 = e.now();
  await bulkAssign(e, e.actor, {
    customerIds: e.customerIds,
    doorIds: e.doorIds,
    window: { kind: "once", startsAt: new Date(e.now() + day), endsAt: new Date(e.now() + 2 * day) },
  });
  const { passes } = await converge(e);
  const calls = e.nuki.stats.requests - before;
  console.log(
    `throughput at 1 req/s: ${N * M} auths on ${M} locks converged in ${((e.now() - t0) / 1000).toFixed(0)} s simulated (${calls} calls, ${passes} passes); a per-change-per-lock loop needs ≥ ${N * M} s`,
  );
  await e.close();
}
void main();

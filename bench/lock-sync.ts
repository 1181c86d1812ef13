// Lock sync on an account of N devices: a sync with nothing to change, and one that imports N new
// devices, against the baseline of the same run's bare GET /smartlock (the call it cannot avoid).
// Run: NODE_OPTIONS=--conditions=react-server npx tsx bench/lock-sync.ts 200 20
import { applyLockList } from "@/lib/access/locks/sync-locks";
import { doors } from "@/db/schema";
import { createEngine } from "@/test/engine";
import { benchDatabase } from "./db";
import { quantile, summary } from "./lib";

const N = Number(process.argv[2] ?? 200);
const RUNS = Number(process.argv[3] ?? 20);

async function main() {
  const e = await createEngine({ doors: 1, customers: 1, db: await benchDatabase() });
  e.sim.removeLock(e.smartlockIds[0]!); // the engine's own test door: the account holds only the N below
  for (let i = 0; i < N; i++)
    e.sim.addLock({
      smartlockId: 4 * 2 ** 32 + 0x900000 + i,
      name: `Room ${i}`,
      timeZone: i % 2 ? "Europe/Berlin" : "America/New_York",
      deviceType: i % 10 === 0 ? 2 : 4,
    });
  const list: number[] = [];
  const importAll: number[] = [];
  const steady: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    await e.db.delete(doors);
    let t = performance.now();
    const locks = await e.nuki.listSmartlocks();
    list.push(performance.now() - t);
    t = performance.now();
    const first = await applyLockList(e, locks, null);
    importAll.push(performance.now() - t);
    if (first.added.length !== N) throw new Error(`imported ${first.added.length} of ${N}`);
    t = performance.now();
    const again = await applyLockList(e, await e.nuki.listSmartlocks(), null);
    steady.push(performance.now() - t);
    if (again.added.length || again.changed.length) throw new Error("second sync changed something");
  }
  summary(`baseline: GET /smartlock with ${N} devices (client + zod)`, list);
  summary(`steady sync (GET + compare ${N} doors, nothing to write)`, steady, list);
  summary(`first sync (import ${N} doors, each audited, one transaction)`, importAll, list);
  console.log(`per imported door: ${(quantile(importAll, 0.5) / N).toFixed(2)} ms (median)`);
  await e.close();
}
void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

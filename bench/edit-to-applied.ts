// Time from a staff edit to "applied" (on lock, confirmed by signed webhook) with the simulator
// applying writes after 2 s, in real time: real Postgres, simulator over loopback HTTP, the
// reconciler loop woken by the edit. Baseline in the same run: the simulator's own apply delay.
// Run: npx tsx --conditions=react-server bench/edit-to-applied.ts [edits=40]
import { eq } from "drizzle-orm";
import { grants } from "@/db/schema";
import { startReconciler } from "@/lib/access/reconciler/loop";
import { createWindow } from "@/lib/access/windows/create-window";
import { createEngine } from "@/test/engine";
import { benchDatabase } from "./db";
import { sleep, summary } from "./lib";

const EDITS = Number(process.argv[2] ?? 40);

async function main() {
  const e = await createEngine({
    doors: 10,
    customers: EDITS,
    db: await benchDatabase(),
    realTime: true,
    sim: { config: { applyDelayMs: 2000, webhookDelayMs: 20 } },
  });
  const reconciler = startReconciler(e, { workerId: "bench", pollMs: 250 });
  e.wake = reconciler.wake;
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const t0 = performance.now();
    const {
      grants: [g],
    } = await createWindow(e, e.actor, {
      customerId: e.customerIds[i]!,
      doorId: e.doorIds[i % 10]!,
      window: { kind: "once", startsAt: new Date(Date.now() + 3_600_000), endsAt: new Date(Date.now() + 7_200_000) },
    });
    for (;;) {
      const [row] = await e.db.select({ status: grants.status }).from(grants).where(eq(grants.id, g!.id));
      if (row!.status === "applied") break;
      await sleep(10);
    }
    latencies.push(performance.now() - t0);
  }
  summary("baseline: simulator apply delay", Array(EDITS).fill(2000));
  summary("edit → applied (webhook-confirmed)", latencies, Array(EDITS).fill(2000));
  await reconciler.stop();
  await e.close();
}
void main();

import "server-only";
import type { EngineContext } from "@/lib/access/context";
import { releaseWorkerClaims } from "@/lib/access/reconciler/claim";
import { startConnectionLanes } from "@/lib/access/reconciler/lanes";
import { subscribeWake } from "./context";
import { backgroundJobs } from "./jobs";

/** Part of the stop deadline (exitOnSignals cuts a stop off after 8 s) a pass in flight may use to finish. */
const STOP_PASS_BUDGET_MS = 5_000;

type Global = { __portierHeartbeat?: { lastPassAt: () => number } | null };
const g = globalThis as unknown as Global;

/**
 * When this process's reconciler last finished a pass, or null when this process runs none
 * (the app with RECONCILER=off): readiness then looks for a worker's trace instead.
 */
export const reconcilerLastPassAt = (): number | null => g.__portierHeartbeat?.lastPassAt() ?? null;

/** A reconciler with this process's periodic jobs, woken by edits here and NOTIFYs from other processes. */
export async function startWokenReconciler(
  engine: EngineContext,
  workerId: string,
  o: { resyncAtStart?: boolean } = {},
): Promise<() => Promise<void>> {
  // One lane per Nuki connection: the default one (this context, with the jobs) and each other one.
  const reconciler = startConnectionLanes(engine, { workerId, jobs: backgroundJobs(engine, workerId), ...o });
  g.__portierHeartbeat = { lastPassAt: () => reconciler.lastPassAt };
  const unsubscribe = await subscribeWake(reconciler.wake);
  return async () => {
    g.__portierHeartbeat = null;
    await unsubscribe();
    // The pass in flight skips the calls it has not started; should even that outlast the budget
    // (a slow Nuki answer), the claims are released so another worker need not wait for the lease.
    const stopped = await Promise.race([
      reconciler.stop().then(() => true),
      new Promise<false>((ok) => setTimeout(() => ok(false), STOP_PASS_BUDGET_MS).unref()),
    ]);
    if (!stopped) {
      const released = await releaseWorkerClaims(engine.db, workerId);
      console.error(`[${workerId}] pass still running at shutdown; released ${released} claimed grant(s)`);
    }
  };
}

import "server-only";
import type { EngineContext } from "@/lib/access/context";
import { startReconciler } from "@/lib/access/reconciler/loop";
import { subscribeWake } from "./context";
import { backgroundJobs } from "./jobs";

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
  const reconciler = startReconciler(engine, { workerId, jobs: backgroundJobs(engine), ...o });
  g.__portierHeartbeat = { lastPassAt: () => reconciler.lastPassAt };
  const unsubscribe = await subscribeWake(reconciler.wake);
  return async () => {
    g.__portierHeartbeat = null;
    await unsubscribe();
    await reconciler.stop();
  };
}

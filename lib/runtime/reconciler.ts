import "server-only";
import type { EngineContext } from "@/lib/access/context";
import { startReconciler } from "@/lib/access/reconciler/loop";
import { subscribeWake } from "./context";
import { backgroundJobs } from "./jobs";

/** A reconciler with this process's periodic jobs, woken by edits here and NOTIFYs from other processes. */
export async function startWokenReconciler(
  engine: EngineContext,
  workerId: string,
  o: { resyncAtStart?: boolean } = {},
): Promise<() => Promise<void>> {
  const reconciler = startReconciler(engine, { workerId, jobs: backgroundJobs(engine, workerId), ...o });
  const unsubscribe = await subscribeWake(reconciler.wake);
  return async () => {
    await unsubscribe();
    await reconciler.stop();
  };
}

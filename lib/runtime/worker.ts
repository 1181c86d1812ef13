import "server-only";
import { getDbHandle } from "@/db/bootstrap";
import { installConsoleBridge } from "@/lib/log/console-bridge";
import { getEngineContext } from "./context";
import { startMetricsServer } from "./metrics-server";
import { startWokenReconciler } from "./reconciler";
import { exitOnSignals } from "./shutdown";

/**
 * `npm run worker`: an extra reconciler process. Any number may run beside the app (RECONCILER=off
 * on the app leaves all the work to them); they coordinate only through Postgres (SKIP LOCKED
 * claims, leases, NOTIFY wake-ups). It never starts the simulator nor seeds: the app owns those.
 */
export async function startWorkerRuntime(): Promise<{ workerId: string; stop: () => Promise<void> }> {
  installConsoleBridge();
  const handle = await getDbHandle();
  const engine = await getEngineContext();
  const workerId = `worker-${process.pid}`;
  const stopReconciler = await startWokenReconciler(engine, workerId);
  const stopMetrics = await startMetricsServer();
  const stop = async () => {
    await stopMetrics?.();
    await stopReconciler();
    await handle.close();
  };
  exitOnSignals(stop, { label: workerId });
  return { workerId, stop };
}

// `npm run worker`: an extra reconciler process. Any number may run beside the app (RECONCILER=off
// on the app leaves all the work to them); they coordinate only through Postgres (SKIP LOCKED
// claims, leases, NOTIFY wake-ups). Needs DATABASE_URL, or the app's embedded Postgres running.
import { getDbHandle } from "@/db/bootstrap";
import { backgroundJobs, getEngineContext, subscribeWake } from "@/lib/access/runtime";
import { startReconciler } from "@/lib/access/reconciler/loop";

process.env.DEMO_SEED ??= "off";

async function main() {
  const handle = await getDbHandle();
  const engine = await getEngineContext();
  const workerId = `worker-${process.pid}`;
  const reconciler = startReconciler(engine, { workerId, jobs: backgroundJobs(engine) });
  const unsubscribe = await subscribeWake(reconciler.wake);
  console.log(`[worker] ${workerId} reconciling`);
  const stop = async () => {
    await unsubscribe();
    await reconciler.stop();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
void main();

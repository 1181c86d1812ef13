// `npm run worker`: an extra reconciler process (see lib/runtime/worker.ts). Needs DATABASE_URL, or
// the app's embedded Postgres running. Everything it starts and stops goes through lib/runtime.
import { startWorkerRuntime } from "@/lib/runtime/worker";

startWorkerRuntime().then(
  ({ workerId }) => console.log(`[worker] ${workerId} reconciling`),
  (error) => {
    console.error("[worker] could not start:", (error as Error).message);
    process.exit(1);
  },
);

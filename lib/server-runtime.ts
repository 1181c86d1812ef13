import { getDbHandle } from "@/db/bootstrap";
import { env, isDemoMode } from "@/lib/env";
import type { RunningSimulator } from "@/lib/nuki/sim/server";

type Global = {
  __portierRuntime?: Promise<void>;
  __portierSim?: RunningSimulator;
  __portierStop?: () => Promise<void>;
};
const g = globalThis as unknown as Global;

/** Demo mode: the Nuki simulator as a real HTTP server beside the app, seeded with the demo building. */
async function startDemoSimulator(): Promise<RunningSimulator> {
  const [{ startSimulatorServer }, { seedDemoLocks }] = await Promise.all([
    import("@/lib/nuki/sim/server"),
    import("@/lib/nuki/sim/demo"),
  ]);
  const running = await startSimulatorServer({
    port: env().SIM_PORT,
    config: { applyDelayMs: env().SIM_APPLY_DELAY_MS },
  });
  seedDemoLocks(running.sim);
  console.log(`[nuki] demo mode: simulator on ${running.url} (${running.sim.locks.size} locks)`);
  return running;
}

export const demoSimulator = () => g.__portierSim ?? null;

/** The URL Nuki should post webhooks to: PUBLIC_URL in production, this server on loopback in demo mode. */
function webhookUrl(): string | null {
  const base = env().PUBLIC_URL ?? (isDemoMode() ? `http://127.0.0.1:${env().PORT}` : null);
  return base ? `${base.replace(/\/$/, "")}/api/webhooks/nuki` : null;
}

/**
 * Everything the server process owns besides HTTP: the database, in demo mode the simulator, the
 * webhook registration and an in-process reconciler (RECONCILER=off leaves that to `npm run worker`).
 */
export function startServerRuntime(): Promise<void> {
  g.__portierRuntime ??= (async () => {
    await getDbHandle();
    if (isDemoMode()) g.__portierSim ??= await startDemoSimulator();
    const [{ getEngineContext, subscribeWake, backgroundJobs }, { startReconciler }, { ensureWebhookRegistered }] =
      await Promise.all([
        import("@/lib/access/runtime"),
        import("@/lib/access/reconciler/loop"),
        import("@/lib/access/webhooks/register-webhook"),
      ]);
    const engine = await getEngineContext();
    const url = webhookUrl();
    if (url) {
      try {
        console.log(`[nuki] webhook ${url}: ${await ensureWebhookRegistered(engine, url)}`);
      } catch (error) {
        console.error("[nuki] webhook registration failed; relying on resync", (error as Error).message);
      }
    }
    if (env().RECONCILER === "on") {
      // Start from the truth: whatever happened while this server was down is read back first —
      // once, inside the loop (a separate startup call used to race the loop's first periodic run).
      const reconciler = startReconciler(engine, {
        workerId: `app-${process.pid}`,
        jobs: backgroundJobs(engine),
        resyncAtStart: true,
      });
      const unsubscribe = await subscribeWake(reconciler.wake);
      g.__portierStop = async () => {
        await unsubscribe();
        await reconciler.stop();
      };
    }
  })();
  return g.__portierRuntime;
}

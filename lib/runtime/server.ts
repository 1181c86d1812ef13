import "server-only";
import { getDbHandle } from "@/db/bootstrap";
import { env, isDemoMode } from "@/lib/env";
import { installPeerAddressStamp } from "@/lib/http/peer-address";
import { installConsoleBridge } from "@/lib/log/console-bridge";
import { registerAllConnectionWebhooks } from "./connection-webhooks";
import { getEngineContext } from "./context";
import { announceProductionStart } from "./production-start";
import { startWokenReconciler } from "./reconciler";
import { exitOnSignals } from "./shutdown";

type Global = { __portierServer?: Promise<void>; __portierServerStop?: () => Promise<void> };
const g = globalThis as unknown as Global;

/**
 * Everything the server process owns besides HTTP, started once (instrumentation.ts) and stopped
 * in reverse on SIGINT/SIGTERM: the database (embedded Postgres unless DATABASE_URL), in demo mode
 * the simulator and the demo building, the webhook registration, and an in-process reconciler
 * (RECONCILER=off leaves that to `npm run worker`).
 */
export function startServerRuntime(o: { handleSignals?: boolean } = {}): Promise<void> {
  // First, synchronously: every request from now on carries its socket address (login throttle).
  installPeerAddressStamp();
  // Every log line of this process from here on is a structured pino record (JSON in production).
  installConsoleBridge();
  g.__portierServer ??= (async () => {
    const stops: (() => Promise<void>)[] = [];
    g.__portierServerStop = async () => {
      for (const stop of stops.reverse()) await stop().catch((e) => console.error("[runtime]", (e as Error).message));
    };
    if (o.handleSignals ?? true) exitOnSignals(stopServerRuntime, { label: "portier" });

    const handle = await getDbHandle();
    stops.push(handle.close);
    const engine = await getEngineContext();

    let demo: { afterStart: () => void } | null = null;
    if (isDemoMode()) {
      // Dynamic import behind the check: a production build never loads the simulator.
      const { startDemo } = await import("./demo/start-demo");
      const running = await startDemo(engine);
      stops.push(running.stop);
      demo = running;
    } else {
      // Production: no demo data whatever DEMO_SEED says; the first admin comes from a setup link.
      await announceProductionStart(engine.db);
    }

    // Every Nuki connection's webhook (the default one at the historical path), whatever RECONCILER says.
    await registerAllConnectionWebhooks(engine);
    if (env().RECONCILER === "on") {
      // Start from the truth: whatever happened while this server was down is read back first —
      // once, inside the loop (a separate startup call raced the loop's first periodic run).
      stops.push(await startWokenReconciler(engine, `app-${process.pid}`, { resyncAtStart: true }));
    }
    demo?.afterStart();
  })();
  return g.__portierServer;
}

/** Stops what startServerRuntime started (reconciler, simulator, pool, embedded Postgres), last first. */
export async function stopServerRuntime(): Promise<void> {
  await g.__portierServerStop?.();
  g.__portierServerStop = undefined;
}

import "server-only";
import { getDbHandle } from "@/db/bootstrap";
import { ensureWebhookRegistered } from "@/lib/access/webhooks/register-webhook";
import { env, isDemoMode } from "@/lib/env";
import { installPeerAddressStamp } from "@/lib/http/peer-address";
import { installConsoleBridge } from "@/lib/log/console-bridge";
import { getEngineContext } from "./context";
import { announceProductionStart } from "./production-start";
import { startWokenReconciler } from "./reconciler";
import { exitOnSignals } from "./shutdown";

type Global = { __portierServer?: Promise<void>; __portierServerStop?: () => Promise<void> };
const g = globalThis as unknown as Global;

/**
 * The URL Nuki should post webhooks to: PUBLIC_URL in production, this server on loopback in demo
 * mode. The default connection keeps the historical path; any other one gets its own (issue #13).
 */
function webhookUrl(connectionId = "default"): string | null {
  const base = env().PUBLIC_URL ?? (isDemoMode() ? `http://127.0.0.1:${env().PORT}` : null);
  if (!base) return null;
  const path = connectionId === "default" ? "/api/webhooks/nuki" : `/api/webhooks/nuki/${connectionId}`;
  return `${base.replace(/\/$/, "")}${path}`;
}

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
      // once, inside the loop (a separate startup call raced the loop's first periodic run).
      stops.push(
        await startWokenReconciler(engine, `app-${process.pid}`, { resyncAtStart: true, webhookUrlFor: webhookUrl }),
      );
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

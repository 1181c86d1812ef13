import "server-only";
import { DEFAULT_CONNECTION_ID } from "@/db/schema";
import type { EngineContext } from "@/lib/access/context";
import { activeConnections } from "@/lib/access/connections/engine-connections";
import { engineFor } from "@/lib/access/connections/engine-for";
import { ensureWebhookRegistered } from "@/lib/access/webhooks/register-webhook";
import { env, isDemoMode } from "@/lib/env";

/**
 * The URL Nuki should post one connection's webhooks to: PUBLIC_URL in production, this server on
 * loopback in demo mode (null: no public URL, resync only). The default connection keeps the
 * historical path; any other one gets its own (issue #13).
 */
export function webhookUrl(connectionId: string = DEFAULT_CONNECTION_ID): string | null {
  const base = env().PUBLIC_URL ?? (isDemoMode() ? `http://127.0.0.1:${env().PORT}` : null);
  if (!base) return null;
  const path = connectionId === DEFAULT_CONNECTION_ID ? "/api/webhooks/nuki" : `/api/webhooks/nuki/${connectionId}`;
  return `${base.replace(/\/$/, "")}${path}`;
}

/** Registers one connection's webhook with its account; a failure is logged (resync still converges). */
export async function registerConnectionWebhook(engine: EngineContext, connectionId: string) {
  const url = webhookUrl(connectionId);
  if (!url) return;
  try {
    const ctx = await engineFor(engine, connectionId);
    console.log(`[nuki] connection ${connectionId} webhook ${url}: ${await ensureWebhookRegistered(ctx, url)}`);
  } catch (error) {
    console.error(
      `[nuki] webhook registration of connection ${connectionId} failed; relying on resync`,
      (error as Error).message,
    );
  }
}

/** At server start: every enabled connection's registration (the app registers, workers never do). */
export async function registerAllConnectionWebhooks(engine: EngineContext) {
  for (const c of await activeConnections(engine.db))
    if (c.id === DEFAULT_CONNECTION_ID || c.tokenEnc) await registerConnectionWebhook(engine, c.id);
}

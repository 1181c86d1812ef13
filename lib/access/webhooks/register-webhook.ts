import "server-only";
import { eq } from "drizzle-orm";
import { DEFAULT_CONNECTION_ID, nukiConnections, nukiWebhooks } from "@/db/schema";
import { connectionById } from "../connections/engine-connections";
import { connectionOf } from "../connections/manage-connections";
import type { EngineContext } from "../context";
import { forgetWebhookSecrets } from "./receive-webhook";

export const WEBHOOK_FEATURES = ["DEVICE_AUTHS", "DEVICE_STATUS", "DEVICE_LOGS", "ACCOUNT_USER"] as const;

/**
 * Makes sure Nuki posts to `url`. The signing secret is only returned by the registering call
 * (§5.2), so it is stored at once (encrypted) and used by the webhook route to verify deliveries.
 */
export async function ensureWebhookRegistered(
  e: EngineContext,
  url: string,
): Promise<"already registered" | "registered"> {
  if (connectionOf(e) !== DEFAULT_CONNECTION_ID) return ensureConnectionWebhook(e, url);
  const [mine, remote] = await Promise.all([
    e.db.select().from(nukiWebhooks).where(eq(nukiWebhooks.url, url)),
    e.nuki.listWebhooks(),
  ]);
  if (mine.some((m) => remote.some((r) => r.id === m.id && r.webhookUrl === url))) return "already registered";
  const reg = await e.nuki.registerWebhook(url, [...WEBHOOK_FEATURES]);
  const secretEnc = e.vault.sealText(reg.secret);
  await e.db
    .insert(nukiWebhooks)
    .values({ id: reg.id, url, secretEnc })
    .onConflictDoUpdate({ target: nukiWebhooks.id, set: { url, secretEnc } });
  forgetWebhookSecrets(e);
  return "registered";
}

/**
 * Another connection's registration (issue #13): its own URL (…/api/webhooks/nuki/<id>) on its own
 * account, the id and sealed secret kept on the connection's row — never among the default's
 * secrets, so one account's secret never verifies a delivery meant for another.
 */
async function ensureConnectionWebhook(e: EngineContext, url: string): Promise<"already registered" | "registered"> {
  const id = connectionOf(e);
  const [row, remote] = await Promise.all([connectionById(e.db, id), e.nuki.listWebhooks()]);
  if (!row) throw new Error(`no Nuki connection ${id}`);
  if (
    row.webhookId != null &&
    row.webhookSecretEnc &&
    remote.some((r) => r.id === row.webhookId && r.webhookUrl === url)
  )
    return "already registered";
  const reg = await e.nuki.registerWebhook(url, [...WEBHOOK_FEATURES]);
  await e.db
    .update(nukiConnections)
    .set({ webhookId: reg.id, webhookSecretEnc: e.vault.sealText(reg.secret) })
    .where(eq(nukiConnections.id, id));
  return "registered";
}

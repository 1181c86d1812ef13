import "server-only";
import { eq } from "drizzle-orm";
import { nukiWebhooks } from "@/db/schema";
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

import "server-only";
import { eq } from "drizzle-orm";
import { customers, nukiWebhooks, webhookInbox } from "@/db/schema";
import {
  parseNukiWebhook,
  verifyNukiSignature,
  webhookDedupeKey,
  WebhookPayloadError,
  type NukiWebhookEvent,
} from "@/lib/nuki/webhook";
import { safeErrorForLog } from "@/lib/log/safe-error";
import type { AccessContext } from "../context";
import { applyAuthEvent } from "./apply-auth-event";
import { applyLogEvent } from "./apply-log-event";
import { applyLockState } from "./apply-status-event";

export type WebhookReply = { status: number; body: Record<string, unknown> };

/** Nuki bodies carry keypad codes in clear; what we keep of a delivery does not. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "code" && v != null ? "[redacted]" : redact(v)]),
    );
  }
  return value;
}

const SECRETS_TTL_MS = 30_000;
const secretsCache = new WeakMap<AccessContext, { at: number; secrets: string[] }>();

/**
 * Every secret a delivery may be signed with: the configured one and those of our registrations
 * (rotation). Cached briefly per context: it is read on every delivery and changes only when
 * Portier registers a webhook (which calls forgetWebhookSecrets).
 */
export async function webhookSecrets(ctx: AccessContext, configured: string | undefined): Promise<string[]> {
  const hit = secretsCache.get(ctx);
  const registered =
    hit && ctx.now() - hit.at < SECRETS_TTL_MS
      ? hit.secrets
      : await (async () => {
          const rows = await ctx.db.select({ secretEnc: nukiWebhooks.secretEnc }).from(nukiWebhooks);
          const secrets = rows.map((r) => ctx.vault.openText(r.secretEnc));
          secretsCache.set(ctx, { at: ctx.now(), secrets });
          return secrets;
        })();
  return [...(configured ? [configured] : []), ...registered];
}

export const forgetWebhookSecrets = (ctx: AccessContext) => secretsCache.delete(ctx);

/**
 * One Nuki delivery: verify the signature on the exact bytes, store it once (deduplicated by body
 * hash — Nuki sends no delivery id), apply it idempotently, wake the reconciler, answer fast.
 * A failure to apply still answers 200: the delivery is stored and the periodic resync re-reads
 * the truth, while a non-2xx would only make Nuki back off or deactivate the webhook.
 */
export async function receiveNukiWebhook(
  ctx: AccessContext,
  raw: string,
  signature: string | null,
  secrets: string[],
): Promise<WebhookReply> {
  if (!verifyNukiSignature(raw, signature, secrets)) return { status: 401, body: { error: "invalid signature" } };
  let event: NukiWebhookEvent;
  try {
    event = parseNukiWebhook(raw);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { status: 400, body: { error: error.message } };
    throw error;
  }
  const [row] = await ctx.db
    .insert(webhookInbox)
    .values({
      dedupeKey: webhookDedupeKey(raw),
      feature: event.feature,
      body: redact(JSON.parse(raw)) as object,
      receivedAt: new Date(ctx.now()),
    })
    .onConflictDoNothing()
    .returning({ id: webhookInbox.id });
  if (!row) return { status: 200, body: { ok: true, duplicate: true } };
  try {
    const outcome = await applyEvent(ctx, event);
    await ctx.db
      .update(webhookInbox)
      .set({ processedAt: new Date(ctx.now()) })
      .where(eq(webhookInbox.id, row.id));
    return { status: 200, body: { ok: true, outcome } };
  } catch (error) {
    await ctx.db
      .update(webhookInbox)
      .set({ error: safeErrorForLog(error).slice(0, 500) })
      .where(eq(webhookInbox.id, row.id));
    console.error("[nuki/webhook] apply failed", {
      id: row.id,
      feature: event.feature,
      error: safeErrorForLog(error),
    });
    return { status: 200, body: { ok: true, stored: true } };
  }
}

async function applyEvent(ctx: AccessContext, event: NukiWebhookEvent): Promise<string> {
  switch (event.feature) {
    case "DEVICE_AUTHS":
      return applyAuthEvent(ctx, event);
    case "DEVICE_STATUS":
      return applyLockState(ctx, event);
    case "DEVICE_LOGS":
      return applyLogEvent(ctx, event.smartlockLog);
    case "ACCOUNT_USER":
      if (event.deleted && event.accountUser) {
        await ctx.db
          .update(customers)
          .set({ nukiAccountUserId: null })
          .where(eq(customers.nukiAccountUserId, event.accountUser.accountUserId));
        return "account user removed";
      }
      return "noted";
    default:
      return "stored";
  }
}

import "server-only";
import { and, eq } from "drizzle-orm";
import {
  connectionAccountUsers,
  customers,
  DEFAULT_CONNECTION_ID,
  doors,
  nukiWebhooks,
  webhookInbox,
} from "@/db/schema";
import {
  parseNukiWebhook,
  verifyNukiSignature,
  webhookDedupeKey,
  WebhookPayloadError,
  type NukiWebhookEvent,
} from "@/lib/nuki/webhook";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { metrics } from "@/lib/metrics/registry";
import type { AccessContext } from "../context";
import { applyAuthEvent } from "./apply-auth-event";
import { applyLogEvent } from "../observations/lock-log";
import { applyLockState } from "../observations/lock-state";
import { requestLockReadback } from "../observations/request-readback";

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
  /** performance.now() when the request arrived (before the body was read): arrival → effect time. */
  arrivedAt: number = performance.now(),
  /**
   * The Nuki connection whose URL received it (issue #13): an event about a lock of another
   * connection is stored and not applied — one account can never change another's doors.
   */
  connectionId?: string,
): Promise<WebhookReply> {
  const m = metrics();
  if (!verifyNukiSignature(raw, signature, secrets)) {
    m.webhookDeliveries.inc({ feature: "unknown", result: "invalid_signature" });
    return { status: 401, body: { error: "invalid signature" } };
  }
  // A correctly signed delivery is always stored and acknowledged: a non-2xx would only make Nuki
  // back off or switch the webhook off, and the body is kept for a person to look at.
  let event: NukiWebhookEvent | null;
  try {
    event = parseNukiWebhook(raw);
  } catch (error) {
    if (!(error instanceof WebhookPayloadError)) throw error;
    event = null;
  }
  if (!event) logShapeOnce("UNPARSABLE", "a signed delivery that is not JSON; stored, not applied");
  else if (event.feature === "UNKNOWN" || event.feature === "SPARSE")
    logShapeOnce(shapeOf(event.raw), describeShape(event));
  const feature = event === null ? "UNPARSABLE" : event.feature === "SPARSE" ? event.of : event.feature;
  const [row] = await ctx.db
    .insert(webhookInbox)
    .values({
      dedupeKey: webhookDedupeKey(raw),
      feature,
      // Never the raw text of a body we cannot parse (it could hold a keypad code): only its size.
      body: event === null ? { unparsable: true, bytes: raw.length } : (redact(JSON.parse(raw)) as object),
      receivedAt: new Date(ctx.now()),
    })
    .onConflictDoNothing()
    .returning({ id: webhookInbox.id });
  if (!row) {
    m.webhookDeliveries.inc({ feature, result: "duplicate" });
    // A body without updateDate cannot tell a replay from a new change with the same fields (the
    // documented DEVICE_AUTHS fields stay the same when only restrictions change): look again.
    if (event?.feature === "SPARSE" && event.of === "DEVICE_AUTHS" && event.smartlockId !== null) {
      await requestLockReadback(ctx, event.smartlockId);
      return { status: 200, body: { ok: true, duplicate: true, outcome: "noted: sparse body; reading the lock back" } };
    }
    return { status: 200, body: { ok: true, duplicate: true } };
  }
  if (!event) {
    m.webhookDeliveries.inc({ feature, result: "unparsable" });
    return { status: 200, body: { ok: true, outcome: "stored: not JSON" } };
  }
  try {
    const outcome =
      connectionId && !(await lockOfConnection(ctx, event, connectionId))
        ? "ignored: a lock of another Nuki connection"
        : await applyEvent(ctx, event, connectionId ?? DEFAULT_CONNECTION_ID);
    await ctx.db
      .update(webhookInbox)
      .set({ processedAt: new Date(ctx.now()) })
      .where(eq(webhookInbox.id, row.id));
    m.webhookDeliveries.inc({ feature, result: "verified" });
    m.webhookEffectSeconds.observe({ feature }, (performance.now() - arrivedAt) / 1000);
    return { status: 200, body: { ok: true, outcome } };
  } catch (error) {
    await ctx.db
      .update(webhookInbox)
      .set({ error: safeErrorForLog(error).slice(0, 500) })
      .where(eq(webhookInbox.id, row.id));
    m.webhookDeliveries.inc({ feature, result: "apply_failed" });
    console.error("[nuki/webhook] apply failed", {
      id: row.id,
      feature: event.feature,
      error: safeErrorForLog(error),
    });
    return { status: 200, body: { ok: true, stored: true } };
  }
}

const loggedShapes = new Set<string>();
/** Each unfamiliar body shape is logged once per process, not once per delivery. */
function logShapeOnce(shape: string, message: string) {
  if (loggedShapes.has(shape) || loggedShapes.size > 200) return;
  loggedShapes.add(shape);
  console.warn(`[nuki/webhook] ${message} (shape ${shape}; logged once)`);
}
const keysOf = (v: unknown): string =>
  v && typeof v === "object" && !Array.isArray(v)
    ? `{${Object.keys(v)
        .sort()
        .map((k) =>
          k === "feature"
            ? `feature=${String((v as Record<string, unknown>)[k])}`
            : `${k}${keysOf((v as Record<string, unknown>)[k])}`,
        )
        .join(",")}}`
    : "";
const shapeOf = (raw: unknown) => keysOf(raw) || typeof raw;
const describeShape = (event: Extract<NukiWebhookEvent, { feature: "UNKNOWN" | "SPARSE" }>) =>
  event.feature === "UNKNOWN"
    ? "a delivery of a feature Portier does not know; stored"
    : `a ${event.of} delivery without ${event.missing}; stored${event.of === "DEVICE_AUTHS" ? ", reading the lock back" : ""}`;

/** The lock an event is about, if any. */
function smartlockOf(event: NukiWebhookEvent): number | null {
  switch (event.feature) {
    case "DEVICE_AUTHS":
      return event.smartlockAuth.smartlockId;
    case "DEVICE_STATUS":
      return event.smartlockId;
    case "DEVICE_LOGS":
      return event.smartlockLog.smartlockId;
    case "SPARSE":
      return event.smartlockId;
    case "DEVICE_MASTERDATA":
    case "DEVICE_CONFIG":
      return event.smartlockId ?? null;
    default:
      return null;
  }
}

/** False when the event names a lock that is a door of another connection (unknown locks pass: they are ignored later). */
async function lockOfConnection(ctx: AccessContext, event: NukiWebhookEvent, connectionId: string) {
  const smartlockId = smartlockOf(event);
  if (smartlockId === null) return true;
  const [door] = await ctx.db
    .select({ connectionId: doors.connectionId })
    .from(doors)
    .where(eq(doors.smartlockId, smartlockId));
  return !door || door.connectionId === connectionId;
}

async function applyEvent(ctx: AccessContext, event: NukiWebhookEvent, connectionId: string): Promise<string> {
  switch (event.feature) {
    case "SPARSE":
      // Lacking fields is a signal to look at the lock, never an error. Lock state, logs and
      // account users come back with the periodic resync.
      if (event.of === "DEVICE_AUTHS" && event.smartlockId !== null) {
        await requestLockReadback(ctx, event.smartlockId);
        return "noted: sparse body; reading the lock back";
      }
      return "stored: sparse body";
    case "DEVICE_AUTHS":
      return applyAuthEvent(ctx, event);
    case "DEVICE_STATUS":
      return applyLockState(ctx, event);
    case "DEVICE_LOGS":
      return applyLogEvent(ctx, event.smartlockLog);
    case "ACCOUNT_USER":
      if (event.deleted && event.accountUser && connectionId !== DEFAULT_CONNECTION_ID) {
        // An account user of another connection's account: only that connection's link goes.
        await ctx.db
          .delete(connectionAccountUsers)
          .where(
            and(
              eq(connectionAccountUsers.connectionId, connectionId),
              eq(connectionAccountUsers.accountUserId, event.accountUser.accountUserId),
            ),
          );
        return "account user removed";
      }
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

import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { users, webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { CodeVault } from "../codes/code-vault";
import { DELIVERY_HORIZON_MS } from "./emit-event";
import { webhookEventTypeList } from "@/lib/model/webhook-events";
import { newEndpointSecret } from "./sign";
import { literalRefusal } from "./target-guard";

const eventTypes = z
  .array(z.enum(webhookEventTypeList, { error: "That is not an event Portier sends." }))
  .min(1, "Choose at least one event.")
  .transform((list) => [...new Set(list)]);

const endpointUrl = z
  .string()
  .trim()
  .max(2000, "That address is too long.")
  .pipe(z.url({ protocol: /^https?$/, error: "Give the full address of the receiver, starting with https://." }));

const description = z.string().trim().max(200, "Keep the description under 200 characters.");
const endpointId = z.uuid("That endpoint does not exist.");
const expectedVersion = z
  .int("Reload the page: this form is out of date.")
  .positive("Reload the page: this form is out of date.");

export const createEndpointInput = z.object({
  url: endpointUrl,
  description: description.optional(),
  eventTypes,
});
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;

export const updateEndpointInput = z.object({
  id: endpointId,
  expectedVersion,
  url: endpointUrl.optional(),
  description: description.optional(),
  eventTypes: eventTypes.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof updateEndpointInput>;

export const deleteEndpointInput = z.object({ id: endpointId, expectedVersion });
export type DeleteEndpointInput = z.infer<typeof deleteEndpointInput>;

/** How long the old secret still signs after a rotation: default a day, 0 drops it at once, at most a week. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
export const rotateSecretInput = z.object({
  id: endpointId,
  expectedVersion,
  graceHours: z.coerce
    .number({ error: "Enter the hours the old secret stays valid." })
    .int("Enter a whole number of hours.")
    .min(0, "The old secret cannot stay valid for less than 0 hours.")
    .max(168, "The old secret may stay valid for at most 168 hours (a week).")
    .default(DEFAULT_ROTATION_GRACE_HOURS),
});
export type RotateSecretInput = z.input<typeof rotateSecretInput>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * https is required except for a receiver on this machine, or anywhere in demo mode. Payloads name
 * customers, doors and times: the signature proves who sent them but hides nothing, so on a real
 * network they must travel encrypted. Loopback and the demo (no real customers) are where people
 * try a receiver out with plain http.
 */
function assertUrlAllowed(url: string, allowPlainHttp: boolean) {
  const refused = literalRefusal(url);
  if (refused) throw new AppError("INVALID_INPUT", refused);
  const u = new URL(url);
  if (u.protocol === "https:" || allowPlainHttp || LOOPBACK.has(u.hostname)) return;
  throw new AppError(
    "INVALID_INPUT",
    "Use an https:// address: webhooks carry customer names and times, which must not travel unencrypted (plain http is accepted only for localhost).",
  );
}

/** What the audit trail and the page see of an endpoint: never a secret, sealed or not. */
const auditView = (e: WebhookEndpoint) => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  version: e.version,
  secretRotatedAt: e.secretRotatedAt,
  previousSecretExpiresAt: e.previousSecretExpiresAt,
});

/** Locks the row and checks the version the editor saw; a stale one gets the fresh row back. */
async function lockForEdit(tx: DbOrTx, id: string, expected: number): Promise<WebhookEndpoint> {
  const [current] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update");
  if (!current) throw new AppError("NOT_FOUND", "That endpoint was deleted.");
  if (current.version !== expected)
    throw new AppError("CONFLICT", "Someone else changed this endpoint meanwhile; check it again.", {
      details: { current: auditView(current) },
    });
  return current;
}

export type EndpointContext = { db: DbOrTx; vault: CodeVault; allowPlainHttp: boolean };

/** Admins register an endpoint; its `whsec_` secret is in this answer only (sealed at rest). Audited. */
export async function createEndpoint(
  ctx: EndpointContext,
  actor: Actor,
  input: CreateEndpointInput,
): Promise<{ id: string; secret: string }> {
  assertCan(actor, "settings.admin");
  assertUrlAllowed(input.url, ctx.allowPlainHttp);
  const secret = newEndpointSecret();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        url: input.url,
        description: input.description || null,
        eventTypes: input.eventTypes,
        secretEnc: ctx.vault.sealText(secret),
        createdBy: actor.apiKeyId ? null : actor.id,
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: "webhook_endpoint.create",
      entityType: "webhook_endpoint",
      entityId: row!.id,
      after: auditView(row!),
    });
    return { id: row!.id, secret };
  });
}

/** URL, events, enabled: optimistic (409 with the fresh row when someone else changed it). Audited. */
export async function updateEndpoint(ctx: EndpointContext, actor: Actor, input: UpdateEndpointInput) {
  assertCan(actor, "settings.admin");
  if (input.url) assertUrlAllowed(input.url, ctx.allowPlainHttp);
  return ctx.db.transaction(async (tx) => {
    const current = await lockForEdit(tx, input.id, input.expectedVersion);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        url: input.url ?? current.url,
        description: input.description === undefined ? current.description : input.description || null,
        eventTypes: input.eventTypes ?? current.eventTypes,
        enabled: input.enabled ?? current.enabled,
        version: current.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: "webhook_endpoint.update",
      entityType: "webhook_endpoint",
      entityId: current.id,
      before: auditView(current),
      after: auditView(updated!),
    });
    return auditView(updated!);
  });
}

/**
 * Deletes an endpoint. Its deliveries go with it (the foreign key cascades), waiting ones included:
 * nobody is left to send them to, and the delivery log belongs to the endpoint. The audit entry
 * keeps what the endpoint was and how many deliveries were dropped. Optimistic, like edits.
 */
export async function deleteEndpoint(ctx: EndpointContext, actor: Actor, input: DeleteEndpointInput) {
  assertCan(actor, "settings.admin");
  return ctx.db.transaction(async (tx) => {
    const current = await lockForEdit(tx, input.id, input.expectedVersion);
    const [counts] = await tx
      .select({
        total: sql<number>`count(*)::int`,
        pending: sql<number>`(count(*) filter (where ${webhookDeliveries.status} = 'pending'))::int`,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, current.id));
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, current.id));
    await appendAudit(tx, {
      actor,
      action: "webhook_endpoint.delete",
      entityType: "webhook_endpoint",
      entityId: current.id,
      before: auditView(current),
      after: { deliveriesDeleted: counts?.total ?? 0, pendingDropped: counts?.pending ?? 0 },
    });
    return { id: current.id, deliveriesDeleted: counts?.total ?? 0 };
  });
}

/**
 * Rotates the signing secret the Standard Webhooks way: a new `whsec_` secret (in this answer only,
 * sealed at rest) signs from now on, and the current one keeps signing next to it — two `v1,`
 * entries in `webhook-signature` — for `graceHours`, so the receiver can switch without losing a
 * delivery. Only two secrets ever sign: rotating again within the grace period drops the oldest.
 * Optimistic and audited (without any secret).
 */
export async function rotateEndpointSecret(
  ctx: EndpointContext,
  actor: Actor,
  raw: RotateSecretInput,
  now = Date.now(),
): Promise<{ secret: string; previousSecretExpiresAt: Date | null; version: number }> {
  assertCan(actor, "settings.admin");
  const input = rotateSecretInput.parse(raw);
  const secret = newEndpointSecret();
  return ctx.db.transaction(async (tx) => {
    const current = await lockForEdit(tx, input.id, input.expectedVersion);
    const expires = input.graceHours > 0 ? new Date(now + input.graceHours * 3_600_000) : null;
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        secretEnc: ctx.vault.sealText(secret),
        previousSecretEnc: expires ? current.secretEnc : null,
        previousSecretExpiresAt: expires,
        secretRotatedAt: new Date(now),
        version: current.version + 1,
        updatedAt: new Date(now),
      })
      .where(eq(webhookEndpoints.id, current.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: "webhook_endpoint.rotate_secret",
      entityType: "webhook_endpoint",
      entityId: current.id,
      before: auditView(current),
      after: { ...auditView(updated!), graceHours: input.graceHours },
    });
    return { secret, previousSecretExpiresAt: expires, version: updated!.version };
  });
}

export type EndpointView = ReturnType<typeof auditView> & {
  id: string;
  createdAt: Date;
  createdByName: string | null;
  pending: number;
  failed: number;
  delivered: number;
};

/** Endpoints with their delivery counts; never the secret. */
export async function listEndpoints(db: DbOrTx, actor: Actor): Promise<EndpointView[]> {
  assertCan(actor, "settings.admin");
  const rows = await db
    .select({
      endpoint: webhookEndpoints,
      createdByName: users.name,
      pending: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'pending')`,
      failed: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'failed')`,
      delivered: sql<number>`(select count(*)::int from webhook_deliveries d where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'delivered')`,
    })
    .from(webhookEndpoints)
    .leftJoin(users, eq(users.id, webhookEndpoints.createdBy))
    .orderBy(webhookEndpoints.createdAt);
  return rows.map(({ endpoint, ...r }) => ({
    id: endpoint.id,
    createdAt: endpoint.createdAt,
    ...auditView(endpoint),
    ...r,
  }));
}

/** The newest deliveries of one endpoint (the delivery log). */
export async function listDeliveries(
  db: DbOrTx,
  actor: Actor,
  endpointId: string,
  limit = 100,
): Promise<WebhookDelivery[]> {
  assertCan(actor, "settings.admin");
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * "Send again": the same event (same webhook-id, so a receiver that has it already can drop it) is
 * due now, with a fresh 24 h horizon. Works on delivered and failed ones alike. Audited.
 */
export async function resendDelivery(db: DbOrTx, actor: Actor, deliveryId: string, now = Date.now()) {
  assertCan(actor, "settings.admin");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({
        status: "pending",
        nextAttemptAt: new Date(now),
        giveUpAt: new Date(now + DELIVERY_HORIZON_MS),
      })
      .where(and(eq(webhookDeliveries.id, deliveryId)))
      .returning();
    if (!row) throw new AppError("NOT_FOUND", "That delivery no longer exists.");
    await appendAudit(tx, {
      actor,
      action: "webhook_delivery.resend",
      entityType: "webhook_endpoint",
      entityId: row.endpointId,
      after: { eventId: row.eventId, eventType: row.eventType },
    });
    return { id: row.id, eventId: row.eventId };
  });
}

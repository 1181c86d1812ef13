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
import { isLinkLocalLiteral } from "./target-guard";

const eventTypes = z
  .array(z.enum(webhookEventTypeList, { error: "That is not an event Portier sends." }))
  .min(1, "Choose at least one event.")
  .transform((list) => [...new Set(list)]);

const endpointUrl = z
  .string()
  .trim()
  .max(2000, "That address is too long.")
  .pipe(z.url({ protocol: /^https?$/, error: "Give the full address of the receiver, starting with https://." }));

export const createEndpointInput = z.object({
  url: endpointUrl,
  description: z.string().trim().max(200).optional(),
  eventTypes,
});
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;

export const updateEndpointInput = z.object({
  id: z.uuid(),
  expectedVersion: z.int().positive(),
  url: endpointUrl.optional(),
  description: z.string().trim().max(200).optional(),
  eventTypes: eventTypes.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof updateEndpointInput>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * https is required except for a receiver on this machine, or anywhere in demo mode. Payloads name
 * customers, doors and times: the signature proves who sent them but hides nothing, so on a real
 * network they must travel encrypted. Loopback and the demo (no real customers) are where people
 * try a receiver out with plain http.
 */
function assertUrlAllowed(url: string, allowPlainHttp: boolean) {
  if (isLinkLocalLiteral(url))
    throw new AppError(
      "INVALID_INPUT",
      "Portier does not send webhooks to link-local addresses (169.254.x.x, fe80::).",
    );
  const u = new URL(url);
  if (u.protocol === "https:" || allowPlainHttp || LOOPBACK.has(u.hostname)) return;
  throw new AppError(
    "INVALID_INPUT",
    "Use an https:// address: webhooks carry customer names and times, which must not travel unencrypted (plain http is accepted only for localhost).",
  );
}

const auditView = (e: WebhookEndpoint) => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  version: e.version,
});

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
    const [current] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, input.id)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "That endpoint was deleted.");
    if (current.version !== input.expectedVersion)
      throw new AppError("CONFLICT", "Someone else changed this endpoint meanwhile; check it again.", {
        details: { current: auditView(current) },
      });
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

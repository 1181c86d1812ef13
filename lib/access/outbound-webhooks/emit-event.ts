import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { arr } from "../reconciler/sql-array";
import type { WebhookEventType } from "@/lib/model/webhook-events";

/** How long Portier keeps trying one delivery before it is marked failed. */
export const DELIVERY_HORIZON_MS = 24 * 60 * 60_000;

export type OutboundEvent = { type: WebhookEventType; data: Record<string, unknown> };

/** A Standard Webhooks message id: unique per event, the same on every attempt (receivers dedupe by it). */
export const newEventId = () => `msg_${randomUUID().replaceAll("-", "")}`;

/**
 * Puts events in the outbox for every enabled endpoint subscribed to their type. Call it with the
 * transaction of the change that causes them: an event then exists exactly when its change does (a
 * rolled-back edit sends nothing; a committed one is never lost to a restart).
 *
 * The payload is the Standard Webhooks envelope `{ type, timestamp, data }`; `data` must never hold
 * keypad codes, tokens or secrets (callers pass ids, names, states and times only). One webhook-id
 * per event, shared by every endpoint it goes to. `now` is the caller's clock (manual in tests).
 * One statement for any number of events: no endpoint subscribed → nothing written.
 */
export async function emitEvents(db: DbOrTx, events: OutboundEvent[], now: number = Date.now()): Promise<number> {
  if (events.length === 0) return 0;
  const at = new Date(now).toISOString();
  const res = await db.execute(sql`
    insert into webhook_deliveries (endpoint_id, event_id, event_type, payload, next_attempt_at, give_up_at, created_at)
    select e.id, v.event_id, v.type, v.payload::jsonb, ${at}::timestamptz,
           ${new Date(now + DELIVERY_HORIZON_MS).toISOString()}::timestamptz, ${at}::timestamptz
    from unnest(${arr(events.map(newEventId))}::text[], ${arr(events.map((e) => e.type))}::text[],
                ${arr(events.map((e) => JSON.stringify({ type: e.type, timestamp: at, data: e.data })))}::text[]) as v(event_id, type, payload)
    join webhook_endpoints e on e.enabled and v.type = any(e.event_types)`);
  return res.rowCount ?? 0;
}

/** One event (see emitEvents). */
export const emitEvent = (db: DbOrTx, type: WebhookEventType, data: Record<string, unknown>, now?: number) =>
  emitEvents(db, [{ type, data }], now);

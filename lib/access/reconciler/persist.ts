import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { arr } from "./sql-array";
import { emitEvents } from "../outbound-webhooks/emit-event";
import { grantStatusEvents, type GrantStatusRow } from "../outbound-webhooks/grant-status-events";
import type { GrantStatus } from "@/db/schema";

/**
 * Write-ahead mark, fenced: records that this worker is about to send `op` for exactly the
 * desired version it decided on. Returns the grants it may send for — not those whose lease moved
 * to another worker or whose desired state staff changed meanwhile.
 */
export async function markSent(
  db: DbOrTx,
  p: {
    workerId: string;
    now: number;
    op: "create" | "update" | "delete";
    grants: { id: string; desiredVersion: number; status: GrantStatus }[];
  },
): Promise<Set<string>> {
  if (p.grants.length === 0) return new Set();
  const now = new Date(p.now).toISOString();
  const res = await db.execute(sql`
    update grants g set sent_version = v.ver, sent_at = ${now}::timestamptz, sent_op = ${p.op}, attempts = g.attempts + 1, needs_readback = false,
      recreate_requested = case when ${p.op} = 'create' then false else g.recreate_requested end,
      status = v.status::grant_status, status_changed_at = case when g.status <> v.status::grant_status then ${now}::timestamptz else g.status_changed_at end
    from unnest(${arr(p.grants.map((g) => g.id))}::uuid[], ${arr(p.grants.map((g) => g.desiredVersion))}::int[], ${arr(p.grants.map((g) => g.status))}::text[]) as v(id, ver, status)
    where g.id = v.id and g.desired_version = v.ver and g.claimed_by = ${p.workerId} and g.claimed_until > ${now}::timestamptz
    returning g.id`);
  return new Set((res.rows as { id: string }[]).map((r) => r.id));
}

export type Finish = {
  id: string;
  seenVersion: number;
  status: GrantStatus;
  nextRunAt: number | null;
  lastError: string | null;
  clearSent: boolean;
  resetAttempts: boolean;
  needsReadback?: boolean;
  /**
   * After a send: the status was set with the write-ahead mark, and a confirming webhook may have
   * landed since (clearing the mark) — then leave status and schedule as the webhook set them.
   */
  afterSend?: boolean;
  /** Nuki no longer knows the auth (404): drop the id and what we observed. */
  forgetAuth?: boolean;
  /** Sets (ms) or clears (null) awaiting_lock_since; undefined leaves it as it is. */
  awaitingLockSince?: number | null;
};

/**
 * Ends this worker's turn on grants and releases them. If staff changed a grant's desired state
 * while we worked, its status and schedule are left as the edit set them (due now).
 */
export async function finishGrants(db: DbOrTx, workerId: string, now: number, items: Finish[]) {
  if (items.length === 0) return;
  const nowIso = new Date(now).toISOString();
  // One transaction with the outbox: a status change and its webhook event commit together.
  return db.transaction(async (tx) => {
    const res = await tx.execute(sql`
    update grants g set
      status = case when g.desired_version = v.seen and not v.after_send then v.status::grant_status else g.status end,
      status_changed_at = case when g.desired_version = v.seen and not v.after_send and g.status <> v.status::grant_status then ${nowIso}::timestamptz else g.status_changed_at end,
      applied_at = case when g.desired_version = v.seen and not v.after_send and v.status = 'applied' and g.status <> 'applied' then ${nowIso}::timestamptz else g.applied_at end,
      next_run_at = case when g.desired_version <> v.seen then ${nowIso}::timestamptz
                         when v.after_send and g.sent_at is null then g.next_run_at
                         else v.next_run_at end,
      last_error = v.last_error,
      sent_version = case when v.clear_sent then null else g.sent_version end,
      sent_at = case when v.clear_sent then null else g.sent_at end,
      sent_op = case when v.clear_sent then null else g.sent_op end,
      attempts = case when v.reset_attempts then 0 else g.attempts end,
      needs_readback = coalesce(v.needs_readback, g.needs_readback),
      observed = case when v.forget then null else g.observed end,
      nuki_auth_id = case when v.forget then null else g.nuki_auth_id end,
      awaiting_lock_since = case when v.set_awaiting then v.awaiting else g.awaiting_lock_since end,
      claimed_by = null, claimed_until = null, updated_at = ${nowIso}::timestamptz
    from unnest(${arr(items.map((i) => i.id))}::uuid[], ${arr(items.map((i) => i.seenVersion))}::int[], ${arr(items.map((i) => i.status))}::text[],
                ${arr(items.map((i) => (i.nextRunAt === null ? null : new Date(i.nextRunAt).toISOString())))}::timestamptz[],
                ${arr(items.map((i) => i.lastError))}::text[], ${arr(items.map((i) => i.clearSent))}::bool[], ${arr(items.map((i) => i.resetAttempts))}::bool[],
                ${arr(items.map((i) => i.needsReadback ?? null))}::bool[], ${arr(items.map((i) => i.forgetAuth ?? false))}::bool[],
                ${arr(items.map((i) => i.afterSend ?? false))}::bool[], ${arr(items.map((i) => i.awaitingLockSince !== undefined))}::bool[],
                ${arr(items.map((i) => (i.awaitingLockSince == null ? null : new Date(i.awaitingLockSince).toISOString())))}::timestamptz[])
      as v(id, seen, status, next_run_at, last_error, clear_sent, reset_attempts, needs_readback, forget, after_send, set_awaiting, awaiting),
      -- the status before this update, locked first so it is the latest committed one (a webhook may
      -- have confirmed the grant meanwhile): an event only for a real change, never twice
      (select id, status as old_status from grants where id = any(${arr(items.map((i) => i.id))}::uuid[]) for update) o
    where g.id = v.id and o.id = g.id and g.claimed_by = ${workerId}
    returning g.id, g.customer_id, g.door_id, g.status, g.last_error, o.old_status`);
    await emitEvents(tx, grantStatusEvents(res.rows as GrantStatusRow[]), now);
    return res.rowCount ?? 0;
  });
}

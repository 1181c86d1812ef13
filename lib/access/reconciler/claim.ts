import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { arr } from "./sql-array";
import type { DesiredAuth, Grant, ObservedAuth } from "@/db/schema";

export type ClaimedGrant = Grant & {
  smartlockId: number;
  doorOnline: boolean;
  timeZone: string;
  customerName: string;
  customerTag: string;
  customerEmail: string;
  accountUserId: number | null;
};

const mapRow = (r: Record<string, any>): ClaimedGrant => ({
  id: r.id,
  customerId: r.customer_id,
  doorId: r.door_id,
  credential: r.credential,
  desired: r.desired as DesiredAuth | null,
  desiredVersion: r.desired_version,
  desiredUntil: r.desired_until ? new Date(r.desired_until) : null,
  nukiAuthId: r.nuki_auth_id,
  observed: r.observed as ObservedAuth | null,
  observedAt: r.observed_at ? new Date(r.observed_at) : null,
  status: r.status,
  statusChangedAt: new Date(r.status_changed_at),
  appliedAt: r.applied_at ? new Date(r.applied_at) : null,
  lastError: r.last_error,
  attempts: r.attempts,
  nextRunAt: r.next_run_at ? new Date(r.next_run_at) : null,
  sentVersion: r.sent_version,
  sentAt: r.sent_at ? new Date(r.sent_at) : null,
  sentOp: r.sent_op,
  needsReadback: r.needs_readback,
  recreateRequested: r.recreate_requested,
  claimedBy: r.claimed_by,
  claimedUntil: r.claimed_until ? new Date(r.claimed_until) : null,
  codeEnc: r.code_enc,
  codeHmac: r.code_hmac,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  smartlockId: Number(r.smartlock_id),
  doorOnline: r.door_online,
  timeZone: r.time_zone,
  customerName: r.customer_name,
  customerTag: r.customer_tag,
  customerEmail: r.customer_email,
  accountUserId: r.nuki_account_user_id,
});

/**
 * Claims up to `limit` due grants for this worker with a lease. SKIP LOCKED lets several workers
 * claim disjoint sets concurrently; the lease (claimed_until) keeps a grant with one worker across
 * its Nuki calls, and every later write is fenced on claimed_by, so a worker whose lease expired
 * cannot act on a grant another worker now owns.
 */
export async function claimDueGrants(
  db: DbOrTx,
  p: { workerId: string; now: number; leaseMs: number; limit: number; onlyIds?: string[] },
): Promise<ClaimedGrant[]> {
  const now = new Date(p.now).toISOString();
  const until = new Date(p.now + p.leaseMs).toISOString();
  const only = p.onlyIds ? sql`and g.id = any(${arr(p.onlyIds)}::uuid[])` : sql``;
  const res = await db.execute(sql`
    with due as (
      select g.id from grants g
      where g.next_run_at <= ${now}::timestamptz and (g.claimed_until is null or g.claimed_until < ${now}::timestamptz) ${only}
      order by g.next_run_at
      limit ${p.limit}
      for update skip locked
    ), claimed as (
      update grants g set claimed_by = ${p.workerId}, claimed_until = ${until}::timestamptz
      from due where g.id = due.id
      returning g.*
    )
    select c.*, d.smartlock_id, d.online as door_online, d.time_zone, cu.name as customer_name, cu.tag as customer_tag,
           cu.email as customer_email, cu.nuki_account_user_id
    from claimed c join doors d on d.id = c.door_id join customers cu on cu.id = c.customer_id`);
  return (res.rows as Record<string, any>[]).map(mapRow);
}

/** Gives grants back without changing anything else (worker shutting down, or nothing to do). */
export async function releaseClaims(db: DbOrTx, workerId: string, ids: string[]) {
  if (ids.length === 0) return;
  await db.execute(
    sql`update grants set claimed_by = null, claimed_until = null where id = any(${arr(ids)}::uuid[]) and claimed_by = ${workerId}`,
  );
}

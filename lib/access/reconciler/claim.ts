import "server-only";
import { and, asc, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { grants } from "@/db/schema";
import { type GrantFacts, loadGrantFacts } from "../observations/grant-facts";
import { arr } from "./sql-array";

/** A grant this worker holds the lease on, with its door and customer facts. */
export type ClaimedGrant = GrantFacts & {
  /** Set by this pass's read-back: the lock's auth is listed with a change still travelling. */
  inFlightSeen?: boolean;
};

/**
 * Claims up to `limit` due grants for this worker with a lease. SKIP LOCKED lets several workers
 * claim disjoint sets concurrently; the lease (claimed_until) keeps a grant with one worker across
 * its Nuki calls, and every later write is fenced on claimed_by, so a worker whose lease expired
 * cannot act on a grant another worker now owns.
 */
export async function claimDueGrants(
  db: DbOrTx,
  p: {
    workerId: string;
    now: number;
    leaseMs: number;
    limit: number;
    onlyIds?: string[];
    /** Only grants on doors of this Nuki connection (each connection's lane claims its own; issue #13). */
    connectionId?: string;
  },
): Promise<ClaimedGrant[]> {
  const now = new Date(p.now);
  const due = db
    .select({ id: grants.id })
    .from(grants)
    .where(
      and(
        lte(grants.nextRunAt, now),
        or(isNull(grants.claimedUntil), lt(grants.claimedUntil, now)),
        p.onlyIds ? inArray(grants.id, p.onlyIds) : undefined,
        // A door whose lock left the Nuki account is never sent to (lock sync stopped its grants;
        // this keeps a grant that became due by another path from reaching Nuki all the same).
        sql`not exists (select 1 from doors d where d.id = ${grants.doorId} and d.archived_at is not null)`,
        p.connectionId
          ? sql`exists (select 1 from doors d where d.id = ${grants.doorId} and d.connection_id = ${p.connectionId})`
          : undefined,
      ),
    )
    .orderBy(asc(grants.nextRunAt))
    .limit(p.limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(grants)
    .set({ claimedBy: p.workerId, claimedUntil: new Date(p.now + p.leaseMs) })
    .where(inArray(grants.id, due))
    .returning({ id: grants.id });
  if (claimed.length === 0) return [];
  const facts = await loadGrantFacts(
    db,
    inArray(
      grants.id,
      claimed.map((c) => c.id),
    ),
  );
  return facts.sort((a, b) => (a.nextRunAt?.getTime() ?? 0) - (b.nextRunAt?.getTime() ?? 0));
}

/** Gives grants back without changing anything else (worker shutting down, or nothing to do). */
export async function releaseClaims(db: DbOrTx, workerId: string, ids: string[]) {
  if (ids.length === 0) return;
  await db.execute(
    sql`update grants set claimed_by = null, claimed_until = null where id = any(${arr(ids)}::uuid[]) and claimed_by = ${workerId}`,
  );
}

/**
 * Last resort at shutdown, when a pass did not finish within the stop deadline: lets go of every
 * grant this worker holds so another takes them at once. Safe while the pass is still running: its
 * writes are fenced on claimed_by, and write-ahead marks make the next worker read back, not resend.
 */
export async function releaseWorkerClaims(db: DbOrTx, workerId: string): Promise<number> {
  const r = await db.execute(
    sql`update grants set claimed_by = null, claimed_until = null where claimed_by = ${workerId} returning id`,
  );
  return r.rows.length;
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Serialises every change to one (customer, door) pair — staff edits and the reconciler's
 * rotations — for the rest of the transaction. Overlap checks and desired-state recomputation are
 * only correct under this lock.
 */
export async function lockPairs(tx: DbOrTx, pairs: { customerId: string; doorId: string }[]) {
  const keys = [...new Set(pairs.map((p) => `${p.customerId}:${p.doorId}`))].sort(); // fixed order: no deadlocks
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(727100, hashtext(${key}))`);
}

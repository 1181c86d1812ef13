import "server-only";
import { and, asc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, doors, grants } from "@/db/schema";
import { pairKey, windowsOfPairs } from "./grant-windows";

export const PENDING_TOO_LONG_MS = 10 * 60_000;

/**
 * Grants that failed, or have been on their way for too long: what At risk and the door page list, each
 * with the window it is about (for "Show in calendar") and what the fix buttons need. Callers check the actor.
 */
export async function problemGrants(db: DbOrTx, now: number, scope: { doorId?: string } = {}) {
  const where: SQL[] = [
    or(
      eq(grants.status, "failed"),
      and(
        inArray(grants.status, ["pending", "awaiting_lock", "removing", "lock_offline"]),
        lt(grants.statusChangedAt, new Date(now - PENDING_TOO_LONG_MS)),
      ),
    )!,
  ];
  if (scope.doorId) where.push(eq(grants.doorId, scope.doorId));
  const rows = await db
    .select({ g: grants, doorName: doors.name, timeZone: doors.timeZone, customerName: customers.name })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(and(...where))
    .orderBy(asc(grants.statusChangedAt));
  const links = await windowsOfPairs(
    db,
    rows.map((r) => ({ customerId: r.g.customerId, doorId: r.g.doorId, timeZone: r.timeZone })),
    now,
  );
  return rows.map((p) => ({
    id: p.g.id,
    customerId: p.g.customerId,
    customerName: p.customerName,
    doorId: p.g.doorId,
    doorName: p.doorName,
    timeZone: p.timeZone,
    credential: p.g.credential,
    status: p.g.status,
    since: p.g.statusChangedAt,
    error: p.g.lastError,
    window: links.get(pairKey(p.g.customerId, p.g.doorId)) ?? null,
  }));
}

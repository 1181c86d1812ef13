import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, doors, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

/** Progress of a batch (bulk assignment): each grant's state, per door and customer. */
export async function grantStatuses(db: DbOrTx, actor: Actor, ids: string[]) {
  assertCan(actor, "access.read");
  if (ids.length === 0) return [];
  return db
    .select({
      id: grants.id,
      status: grants.status,
      error: grants.lastError,
      doorId: grants.doorId,
      doorName: doors.name,
      customerName: customers.name,
      online: doors.online,
    })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(inArray(grants.id, ids));
}

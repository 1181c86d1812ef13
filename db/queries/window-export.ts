import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accessWindows, customers, doors, grants, sites } from "../schema";
import { type CustomerFilter, customerFilterWhere } from "./customers";

/**
 * Every window of the customers a filter selects, with its door, site and zone and the status of
 * the grant the customer's current credential uses on that door. No authorization here.
 */
export async function selectWindowsForExport(db: DbOrTx, params: CustomerFilter & { customerId?: string }) {
  return db
    .select({
      windowId: accessWindows.id,
      kind: accessWindows.kind,
      startsAt: accessWindows.startsAt,
      endsAt: accessWindows.endsAt,
      weekdays: accessWindows.weekdays,
      fromMinute: accessWindows.fromMinute,
      untilMinute: accessWindows.untilMinute,
      customerName: customers.name,
      customerEmail: customers.email,
      doorName: doors.name,
      siteName: sites.name,
      timeZone: doors.timeZone,
      grantStatus: grants.status,
    })
    .from(accessWindows)
    .innerJoin(customers, eq(customers.id, accessWindows.customerId))
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .leftJoin(sites, eq(sites.id, doors.siteId))
    .leftJoin(
      grants,
      and(
        eq(grants.customerId, accessWindows.customerId),
        eq(grants.doorId, accessWindows.doorId),
        eq(grants.credential, customers.preferredCredential),
      ),
    )
    .where(
      and(
        ...customerFilterWhere(params),
        params.customerId ? eq(accessWindows.customerId, params.customerId) : undefined,
      ),
    )
    .orderBy(asc(customers.name), asc(accessWindows.startsAt), asc(accessWindows.id));
}

import "server-only";
import { eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, doors, type Grant, grants } from "@/db/schema";

/**
 * A grant with what every path acting on it needs from its door and customer. Read by drizzle
 * from the schema (typed end to end), never mapped column by column from an untyped row.
 */
export type GrantFacts = Grant & {
  smartlockId: number;
  doorOnline: boolean;
  timeZone: string;
  customerName: string;
  customerTag: string;
  customerEmail: string;
  accountUserId: number | null;
};

/**
 * The customer's Nuki account user on the grant's door's account (a query over grants, doors and
 * customers): an account user belongs to one Nuki account; the default connection's is on the
 * customer, any other connection's in connection_account_users (issue #13).
 */
export const accountUserOfDoor = sql<
  number | null
>`case when ${doors.connectionId} = 'default' then ${customers.nukiAccountUserId}
    else (select cau.account_user_id from connection_account_users cau
          where cau.connection_id = ${doors.connectionId} and cau.customer_id = ${customers.id}) end`.mapWith(
  (v: string | number | null) => (v == null ? null : Number(v)),
);

const factColumns = {
  grant: grants,
  smartlockId: doors.smartlockId,
  doorOnline: doors.online,
  timeZone: doors.timeZone,
  customerName: customers.name,
  customerTag: customers.tag,
  customerEmail: customers.email,
  accountUserId: accountUserOfDoor,
};

/** Grants matching `where` (over grants, doors and customers) with their door and customer facts. */
export async function loadGrantFacts(db: DbOrTx, where: SQL | undefined): Promise<GrantFacts[]> {
  const rows = await db
    .select(factColumns)
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(where);
  return rows.map(({ grant, ...facts }) => ({ ...grant, ...facts }));
}

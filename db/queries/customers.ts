import "server-only";
import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { customers } from "../schema";

export type CustomerFilter = { search?: string; group?: string };

/** The customers page's filter as SQL (also used by the windows export, so both list the same people). */
export function customerFilterWhere(params: CustomerFilter): SQL[] {
  const where: SQL[] = [];
  if (params.search) {
    const q = `%${params.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(customers.name, q), ilike(customers.email, q))!);
  }
  if (params.group) where.push(eq(customers.groupName, params.group));
  return where;
}

/** Customers matching a search and group. No authorization here: callers check the actor. */
export async function selectCustomers(db: DbOrTx, params: CustomerFilter = {}) {
  const where = customerFilterWhere(params);
  return db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      groupName: customers.groupName,
      preferredCredential: customers.preferredCredential,
    })
    .from(customers)
    .where(and(...where))
    .orderBy(asc(customers.name));
}

export async function selectCustomerGroups(db: DbOrTx) {
  const rows = await db
    .selectDistinct({ g: customers.groupName })
    .from(customers)
    .where(sql`${customers.groupName} is not null`)
    .orderBy(asc(customers.groupName));
  return rows.map((r) => r.g!);
}

export async function selectCustomer(db: DbOrTx, id: string) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id)).limit(1);
  return row ?? null;
}

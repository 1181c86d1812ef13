import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { DbOrTx } from "../client";
import { customers } from "../schema";

export type CustomerFilter = { search?: string; group?: string };

export async function listCustomers(db: DbOrTx, params: { actor: Actor } & CustomerFilter) {
  assertCan(params.actor, "customers.read");
  const where: SQL[] = [];
  if (params.search) {
    const q = `%${params.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(customers.name, q), ilike(customers.email, q))!);
  }
  if (params.group) where.push(eq(customers.groupName, params.group));
  return db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      groupName: customers.groupName,
      preferredCredential: customers.preferredCredential,
    })
    .from(customers)
    .where(and(...where))
    .orderBy(asc(customers.name));
}

export async function listCustomerGroups(db: DbOrTx, params: { actor: Actor }) {
  assertCan(params.actor, "customers.read");
  const rows = await db
    .selectDistinct({ g: customers.groupName })
    .from(customers)
    .where(sql`${customers.groupName} is not null`)
    .orderBy(asc(customers.groupName));
  return rows.map((r) => r.g!);
}

export async function getCustomer(db: DbOrTx, params: { actor: Actor; id: string }) {
  // A customer may read exactly one customer row: their own.
  if (params.actor.role === "customer") {
    if (params.actor.customerId !== params.id) return null;
  } else {
    assertCan(params.actor, "customers.read");
  }
  const [row] = await db.select().from(customers).where(eq(customers.id, params.id)).limit(1);
  return row ?? null;
}

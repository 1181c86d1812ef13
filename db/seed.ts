import "server-only";
import { sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_CUSTOMER_LOGIN, DEMO_CUSTOMERS, DEMO_DOORS, DEMO_SITE, DEMO_STAFF } from "@/lib/demo-building";
import type { Db } from "./client";
import { withFreeTags } from "./queries/customer-tags";
import { customers, doorGroups, doors, sites, users } from "./schema";

/**
 * Seeds the demo building on an empty database. Guarded by an advisory lock so two app instances
 * starting together seed once.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    if (n > 0) return false;

    const [site] = await tx.insert(sites).values(DEMO_SITE).returning({ id: sites.id });
    const groupNames = [...new Set(DEMO_DOORS.map((d) => d.groupName))];
    const groups = await tx
      .insert(doorGroups)
      .values(groupNames.map((name) => ({ siteId: site!.id, name })))
      .returning({ id: doorGroups.id, name: doorGroups.name });
    const groupId = new Map(groups.map((g) => [g.name, g.id]));
    await tx
      .insert(doors)
      .values(DEMO_DOORS.map(({ groupName, ...d }) => ({ ...d, siteId: site!.id, groupId: groupId.get(groupName) })));
    const inserted = await withFreeTags(tx, DEMO_CUSTOMERS.length, (sp, tags) =>
      sp
        .insert(customers)
        .values(DEMO_CUSTOMERS.map((c, i) => ({ ...c, tag: tags[i]! })))
        .returning({ id: customers.id, email: customers.email, name: customers.name }),
    );
    const staff = await Promise.all(
      DEMO_STAFF.map(async (s) => ({
        email: s.email,
        name: s.name,
        role: s.role,
        passwordHash: await hashPassword(s.password),
      })),
    );
    const demoCustomer = inserted[DEMO_CUSTOMER_LOGIN.customerIndex]!;
    await tx.insert(users).values([
      ...staff,
      {
        email: demoCustomer.email,
        name: demoCustomer.name,
        role: "customer",
        customerId: demoCustomer.id,
        passwordHash: await hashPassword(DEMO_CUSTOMER_LOGIN.password),
      },
    ]);
    console.log(
      `[seed] demo building: ${DEMO_DOORS.length} doors, ${inserted.length} customers, ${staff.length + 1} users`,
    );
    return true;
  });
}

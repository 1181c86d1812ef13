import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { doorGroups, doors, sites } from "../schema";

/** Sites by name, each with how many doors it holds. No authorization here: callers check the actor. */
export async function selectSites(db: DbOrTx) {
  return db
    .select({
      id: sites.id,
      name: sites.name,
      timeZone: sites.timeZone,
      checkInMinutes: sites.checkInMinutes,
      checkOutMinutes: sites.checkOutMinutes,
      version: sites.version,
      doorCount: sql<number>`(select count(*)::int from ${doors} where ${doors.siteId} = ${sites.id})`,
    })
    .from(sites)
    .orderBy(asc(sites.name));
}

export async function selectSite(db: DbOrTx, id: string) {
  const [row] = await db.select().from(sites).where(eq(sites.id, id)).limit(1);
  return row ?? null;
}

export async function selectDoorGroups(db: DbOrTx, siteId?: string) {
  return db
    .select()
    .from(doorGroups)
    .where(siteId ? eq(doorGroups.siteId, siteId) : undefined)
    .orderBy(asc(doorGroups.name));
}

import "server-only";
import { and, asc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { doorGroups, doors, sites } from "../schema";

const doorColumns = getTableColumns(doors);

/** A door with the names of its site and group (null while it awaits a site / has no group). */
const doorWithPlace = {
  ...doorColumns,
  groupName: doorGroups.name,
  siteName: sites.name,
};

/**
 * Doors by site, group and name (doors awaiting a site first). No authorization here: callers
 * (lib/access, the edges) check the actor.
 */
export async function selectDoors(db: DbOrTx, params: { group?: string; siteId?: string } = {}) {
  return db
    .select(doorWithPlace)
    .from(doors)
    .leftJoin(sites, eq(sites.id, doors.siteId))
    .leftJoin(doorGroups, eq(doorGroups.id, doors.groupId))
    .where(
      params.siteId
        ? params.group
          ? sql`${doors.siteId} = ${params.siteId} and ${doorGroups.name} = ${params.group}`
          : eq(doors.siteId, params.siteId)
        : params.group
          ? eq(doorGroups.name, params.group)
          : undefined,
    )
    .orderBy(sql`${doors.siteId} is not null`, asc(sites.name), asc(doorGroups.name), asc(doors.name));
}

export async function selectDoor(db: DbOrTx, id: string) {
  const [row] = await db
    .select(doorWithPlace)
    .from(doors)
    .leftJoin(sites, eq(sites.id, doors.siteId))
    .leftJoin(doorGroups, eq(doorGroups.id, doors.groupId))
    .where(eq(doors.id, id))
    .limit(1);
  return row ?? null;
}

/** Doors imported from Nuki that no admin has put in a site yet (an archived lock awaits nothing). */
export async function selectDoorsAwaitingSite(db: DbOrTx) {
  return db
    .select(doorWithPlace)
    .from(doors)
    .leftJoin(sites, eq(sites.id, doors.siteId))
    .leftJoin(doorGroups, eq(doorGroups.id, doors.groupId))
    .where(and(isNull(doors.siteId), isNull(doors.archivedAt)))
    .orderBy(asc(doors.name));
}

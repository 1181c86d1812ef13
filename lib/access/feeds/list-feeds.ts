import "server-only";
import { and, asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { doorGroups, doors, feedReservations, feeds } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { feedView } from "./manage-feeds";

/** The feeds page: every feed (never its URL) with where it places stays, its zone and counts. */
export async function listFeeds(db: DbOrTx, actor: Actor) {
  assertCan(actor, "access.read");
  const rows = await db
    .select({ feed: feeds, doorName: doors.name, groupName: doorGroups.name })
    .from(feeds)
    .leftJoin(doors, eq(doors.id, feeds.doorId))
    .leftJoin(doorGroups, eq(doorGroups.id, feeds.groupId))
    .orderBy(asc(feeds.name));
  const stays = await db
    .select({ feedId: feedReservations.feedId, n: count() })
    .from(feedReservations)
    .where(and(isNull(feedReservations.removedAt), isNotNull(feedReservations.windowId)))
    .groupBy(feedReservations.feedId);
  const problems = await db
    .select({
      feedId: feedReservations.feedId,
      problem: feedReservations.problem,
      guestName: feedReservations.guestName,
    })
    .from(feedReservations)
    .where(
      and(isNull(feedReservations.removedAt), isNull(feedReservations.windowId), isNotNull(feedReservations.problem)),
    );
  const zones = await db
    .select({ groupId: doors.groupId, timeZone: doors.timeZone })
    .from(doors)
    .where(isNotNull(doors.groupId));
  const doorZones = await db.select({ id: doors.id, timeZone: doors.timeZone }).from(doors);
  return rows.map(({ feed, doorName, groupName }) => ({
    ...feedView(feed),
    target: feed.doorId ? `Door ${doorName ?? "?"}` : `Any door of ${groupName ?? "?"}`,
    timeZone:
      (feed.doorId
        ? doorZones.find((d) => d.id === feed.doorId)?.timeZone
        : zones.find((z) => z.groupId === feed.groupId)?.timeZone) ?? "UTC",
    stays: stays.find((s) => s.feedId === feed.id)?.n ?? 0,
    problems: problems.filter((p) => p.feedId === feed.id).map(({ problem, guestName }) => ({ problem, guestName })),
  }));
}

/** Where a new feed may place stays: doors (not archived) and door groups. */
export async function feedTargets(db: DbOrTx, actor: Actor) {
  assertCan(actor, "access.read");
  const doorRows = await db
    .select({ id: doors.id, name: doors.name })
    .from(doors)
    .where(isNull(doors.archivedAt))
    .orderBy(asc(doors.name));
  const groupRows = await db
    .select({ id: doorGroups.id, name: doorGroups.name })
    .from(doorGroups)
    .orderBy(asc(doorGroups.name));
  return { doors: doorRows, groups: groupRows };
}

export type FeedListRow = Awaited<ReturnType<typeof listFeeds>>[number];

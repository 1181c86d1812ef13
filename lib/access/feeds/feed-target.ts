import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { doors, type Feed, sites } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { StaySettings } from "./stays";

export type FeedDoor = { id: string; name: string; timeZone: string };

/** Default check-in / check-out for a door not yet in a site (the sites table's own defaults). */
const DEFAULT_CHECK_IN = 15 * 60;
const DEFAULT_CHECK_OUT = 11 * 60;

/**
 * The doors a feed may place stays on (its door, or its group's doors by name, archived ones left
 * out) and the rules it reads the feed with: the site's zone and check-in/out unless the feed
 * overrides them.
 */
export async function feedTarget(
  db: DbOrTx,
  feed: Pick<
    Feed,
    | "doorId"
    | "groupId"
    | "profile"
    | "stayPattern"
    | "blockPattern"
    | "checkInMinutes"
    | "checkOutMinutes"
    | "graceBeforeMinutes"
    | "graceAfterMinutes"
  >,
): Promise<{ doors: FeedDoor[]; settings: StaySettings }> {
  const rows = await db
    .select({
      id: doors.id,
      name: doors.name,
      timeZone: doors.timeZone,
      checkIn: sites.checkInMinutes,
      checkOut: sites.checkOutMinutes,
    })
    .from(doors)
    .leftJoin(sites, eq(sites.id, doors.siteId))
    .where(
      and(feed.doorId ? eq(doors.id, feed.doorId) : eq(doors.groupId, feed.groupId ?? ""), isNull(doors.archivedAt)),
    )
    .orderBy(asc(doors.name), asc(doors.id));
  if (rows.length === 0)
    throw new AppError(
      "INVALID_INPUT",
      feed.doorId ? "That door no longer exists or was archived." : "That door group has no doors to place stays on.",
    );
  const first = rows[0]!;
  return {
    doors: rows.map(({ id, name, timeZone }) => ({ id, name, timeZone })),
    settings: {
      profile: feed.profile,
      stayPattern: feed.stayPattern,
      blockPattern: feed.blockPattern,
      timeZone: first.timeZone,
      checkInMinutes: feed.checkInMinutes ?? first.checkIn ?? DEFAULT_CHECK_IN,
      checkOutMinutes: feed.checkOutMinutes ?? first.checkOut ?? DEFAULT_CHECK_OUT,
      graceBeforeMinutes: feed.graceBeforeMinutes,
      graceAfterMinutes: feed.graceAfterMinutes,
    },
  };
}

import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, doorGroups, doors, sites } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { SyncState } from "@/lib/model/sync-state";
import type { CalendarEvent } from "./calendar-view";
import { selectWindowRows, windowEvents } from "./window-events";
import { windowTouches } from "./window-range";

// Written out: drizzle renders columns inside sql`` unqualified, and in a correlated subquery a bare
// "id" would resolve to doors.id.
const liveDoorCount = sql<number>`(select count(*)::int from "doors" d where d.site_id = "sites"."id" and d.archived_at is null)`;

export type TimelineSite = { id: string; name: string; timeZone: string; doorCount: number };
/** A row head: the door and its live state as Nuki last reported it. */
export type TimelineDoor = {
  id: string;
  name: string;
  groupId: string | null;
  groupName: string | null;
  online: boolean;
  offlineSince: string | null;
  batteryCharge: number | null;
  batteryCritical: boolean;
  lockState: number | null;
  stateUpdatedAt: string | null;
};
export type TimelineQuery = {
  from: Date;
  to: Date;
  siteId?: string | null;
  groupId?: string | null;
  customerId?: string | null;
  states?: SyncState[];
};
export type TimelineData = {
  site: TimelineSite | null;
  sites: TimelineSite[];
  doors: TimelineDoor[];
  events: CalendarEvent[];
  total: number;
  truncated: boolean;
};

/**
 * Occurrences per request. The timeline is built for 300 doors × two weeks × 10,000 windows, so
 * its cap is ten times the calendar's (whose time grid cannot draw more than ~500 anyway); past it
 * `truncated` says the view is partial and the page asks for a narrower filter.
 */
export const MAX_TIMELINE_EVENTS = 20_000;

/**
 * One site's doors (grouped) and every window occurrence on them in [from, to), each with the
 * truth about its lock — the same states and words as the calendar (calendar-view.ts), from the
 * same read (window-events.ts): the windows touching the range on the site's doors by the GiST
 * index on their envelope, each with its grant by a lateral join, in one query; weekly series are
 * expanded only inside the range. At 300 doors and 100,000 windows a site-week is ~6,000 rows.
 */
export async function timelineView(db: DbOrTx, actor: Actor, q: TimelineQuery): Promise<TimelineData> {
  assertCan(actor, "access.read");
  assertCan(actor, "doors.read");
  const siteRows = await db
    .select({
      id: sites.id,
      name: sites.name,
      timeZone: sites.timeZone,
      doorCount: liveDoorCount,
    })
    .from(sites)
    .orderBy(asc(sites.name));
  // No site asked for (or an unknown one): the site with the most doors, the building people mean.
  const site =
    siteRows.find((s) => s.id === q.siteId) ?? [...siteRows].sort((a, b) => b.doorCount - a.doorCount)[0] ?? null;
  if (!site) return { site: null, sites: [], doors: [], events: [], total: 0, truncated: false };

  const doorFilter = and(
    eq(doors.siteId, site.id),
    isNull(doors.archivedAt),
    q.groupId ? eq(doors.groupId, q.groupId) : undefined,
  );
  const doorRows = await db
    .select({
      id: doors.id,
      name: doors.name,
      groupId: doors.groupId,
      groupName: doorGroups.name,
      online: doors.online,
      offlineSince: doors.offlineSince,
      batteryCharge: doors.batteryCharge,
      batteryCritical: doors.batteryCritical,
      lockState: doors.lockState,
      stateUpdatedAt: doors.stateUpdatedAt,
    })
    .from(doors)
    .leftJoin(doorGroups, eq(doorGroups.id, doors.groupId))
    .where(doorFilter)
    // Groups by name, doors without a group last, then by name: the order the rows are drawn in.
    .orderBy(sql`${doorGroups.name} asc nulls last`, asc(doors.name));
  const timelineDoors: TimelineDoor[] = doorRows.map((d) => ({
    id: d.id,
    name: d.name,
    groupId: d.groupId,
    groupName: d.groupName,
    online: d.online,
    offlineSince: d.offlineSince?.toISOString() ?? null,
    batteryCharge: d.batteryCharge,
    batteryCritical: d.batteryCritical,
    lockState: d.lockState,
    stateUpdatedAt: d.stateUpdatedAt?.toISOString() ?? null,
  }));
  if (!doorRows.length) return { site, sites: siteRows, doors: [], events: [], total: 0, truncated: false };

  // The site's doors by a join (the same filter as the rows), the range by the GiST index on the
  // window's envelope (windowTouches): only windows touching the range are read, whatever the year holds.
  const rows = await selectWindowRows(
    db,
    and(windowTouches(q.from, q.to), doorFilter, q.customerId ? eq(accessWindows.customerId, q.customerId) : undefined),
    MAX_TIMELINE_EVENTS + 1,
  );
  const tooManyWindows = rows.length > MAX_TIMELINE_EVENTS;
  if (tooManyWindows) rows.pop();
  const { events, capped } = windowEvents(rows, { ...q, maxEvents: MAX_TIMELINE_EVENTS });
  return {
    site,
    sites: siteRows,
    doors: timelineDoors,
    events,
    total: events.length,
    truncated: tooManyWindows || capped,
  };
}

export type TimelineSiteOption = TimelineSite & { groups: { id: string; name: string }[] };

/** The site picker and its door groups (the timeline's filters), with the site shown first by default. */
export async function timelineSites(
  db: DbOrTx,
  actor: Actor,
): Promise<{ sites: TimelineSiteOption[]; defaultSiteId: string | null }> {
  assertCan(actor, "doors.read");
  const [siteRows, groupRows] = await Promise.all([
    db
      .select({
        id: sites.id,
        name: sites.name,
        timeZone: sites.timeZone,
        doorCount: liveDoorCount,
      })
      .from(sites)
      .orderBy(asc(sites.name)),
    db
      .select({ id: doorGroups.id, name: doorGroups.name, siteId: doorGroups.siteId })
      .from(doorGroups)
      .orderBy(asc(doorGroups.name)),
  ]);
  const out = siteRows.map((s) => ({
    ...s,
    groups: groupRows.filter((g) => g.siteId === s.id).map(({ id, name }) => ({ id, name })),
  }));
  const biggest = [...siteRows].sort((a, b) => b.doorCount - a.doorCount)[0];
  return { sites: out, defaultSiteId: biggest?.id ?? null };
}

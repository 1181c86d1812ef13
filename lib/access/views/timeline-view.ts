import "server-only";
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doorGroups, doors, grants, sites } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { SyncState } from "@/lib/model/sync-state";
import { formatLocalDate, localDateOf } from "@/lib/time/zoned-time";
import { compileSchedule } from "../compiler/compile";
import { windowOccurrences } from "../compiler/occurrences";
import { inputOf, specOf } from "../windows/window-row";
import type { CalendarEvent } from "./calendar-view";

// Written out: drizzle renders columns inside sql`` unqualified, and in a correlated subquery a bare
// "id" would resolve to doors.id.
const liveDoorCount = sql<number>`(select count(*)::int from "doors" d where d.site_id = "sites"."id" and d.archived_at is null)`;

/** One array parameter ('{a,b}') instead of drizzle's one-parameter-per-element expansion. */
const pgUuids = (ids: readonly string[]) => `{${ids.join(",")}}`;

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
 * truth about its lock — the same states and words as the calendar (calendar-view.ts). A separate
 * query rather than calendarView because the timeline reads a whole site at once: windows are
 * grouped per (customer, door) in one pass (calendarView scans all rows per pair, fine for its
 * 1,000 rows, quadratic at 10,000) and grants are read per door, not by customer list.
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

  const doorRows = await db
    .select({ d: doors, groupName: doorGroups.name })
    .from(doors)
    .leftJoin(doorGroups, eq(doorGroups.id, doors.groupId))
    .where(
      and(eq(doors.siteId, site.id), isNull(doors.archivedAt), q.groupId ? eq(doors.groupId, q.groupId) : undefined),
    )
    // Groups by name, doors without a group last, then by name: the order the rows are drawn in.
    .orderBy(sql`${doorGroups.name} asc nulls last`, asc(doors.name));
  const timelineDoors: TimelineDoor[] = doorRows.map(({ d, groupName }) => ({
    id: d.id,
    name: d.name,
    groupId: d.groupId,
    groupName,
    online: d.online,
    offlineSince: d.offlineSince?.toISOString() ?? null,
    batteryCharge: d.batteryCharge,
    batteryCritical: d.batteryCritical,
    lockState: d.lockState,
    stateUpdatedAt: d.stateUpdatedAt?.toISOString() ?? null,
  }));
  const doorIds = doorRows.map((r) => r.d.id);
  if (!doorIds.length) return { site, sites: siteRows, doors: [], events: [], total: 0, truncated: false };
  const doorById = new Map(doorRows.map((r) => [r.d.id, r.d]));

  const rows = await db
    .select({ w: accessWindows, customerName: customers.name })
    .from(accessWindows)
    .innerJoin(customers, eq(customers.id, accessWindows.customerId))
    .where(
      and(
        inArray(accessWindows.doorId, doorIds),
        lt(accessWindows.startsAt, q.to),
        or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, q.from)),
        q.customerId ? eq(accessWindows.customerId, q.customerId) : undefined,
      ),
    )
    .orderBy(asc(accessWindows.startsAt), asc(accessWindows.id))
    .limit(MAX_TIMELINE_EVENTS + 1);
  const tooManyWindows = rows.length > MAX_TIMELINE_EVENTS;
  if (tooManyWindows) rows.pop();

  const pairKey = (c: string, d: string) => `${c}:${d}`;
  const byPair = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = pairKey(r.w.customerId, r.w.doorId);
    const list = byPair.get(key);
    if (list) list.push(r);
    else byPair.set(key, [r]);
  }
  const pairs = [...byPair.values()].map((list) => [list[0]!.w.customerId, list[0]!.w.doorId] as const);
  const grantRows = rows.length
    ? await db
        .select({
          id: grants.id,
          customerId: grants.customerId,
          doorId: grants.doorId,
          desired: grants.desired,
          status: grants.status,
          statusChangedAt: grants.statusChangedAt,
          lastError: grants.lastError,
          credential: grants.credential,
        })
        .from(grants)
        // Only the (customer, door) pairs on screen, by the grants' unique index: reading every
        // grant of the site's doors would read a year of them (80,000 rows for a 300-door site).
        .where(
          sql`(${grants.customerId}, ${grants.doorId}) in (select * from unnest(${pgUuids(pairs.map((p) => p[0]))}::uuid[], ${pgUuids(pairs.map((p) => p[1]))}::uuid[]))`,
        )
    : [];
  const grantByPair = new Map(
    grantRows
      .filter((g) => (g.desired || g.status !== "removed") && byPair.has(pairKey(g.customerId, g.doorId)))
      .map((g) => [pairKey(g.customerId, g.doorId), g]),
  );

  // Which windows are in the state the lock should hold now (the rest of a rotating schedule waits its turn).
  const now = Date.now();
  const current = new Map<string, Set<string>>();
  for (const [key, pairRows] of byPair) {
    if (pairRows.length < 2) continue;
    const compiled = compileSchedule({
      windows: pairRows.map((r) => specOf(r.w)),
      timeZone: doorById.get(pairRows[0]!.w.doorId)!.timeZone,
      now,
    });
    current.set(key, new Set(compiled.currentSegment?.windowIds ?? []));
  }

  // The local date of an occurrence's start, cached per zone and quarter hour (offsets change only on
  // quarter hours): Intl per event was a third of this view's time at 6,000 occurrences.
  const days = new Map<string, string>();
  const localDay = (t: number, timeZone: string) => {
    const key = `${timeZone}|${Math.floor(t / 900_000)}`;
    let d = days.get(key);
    if (!d) {
      d = formatLocalDate(localDateOf(t, timeZone));
      days.set(key, d);
    }
    return d;
  };
  const events: CalendarEvent[] = [];
  let capped = false;
  for (const r of rows) {
    const door = doorById.get(r.w.doorId)!;
    const key = pairKey(r.w.customerId, r.w.doorId);
    const g = grantByPair.get(key);
    const rotatingLater = current.has(key) && !current.get(key)!.has(r.w.id);
    const state: SyncState = !g ? "pending" : rotatingLater && g.status === "applied" ? "scheduled" : g.status;
    if (q.states?.length && !q.states.includes(state)) continue;
    const base = {
      windowId: r.w.id,
      version: r.w.version,
      customerId: r.w.customerId,
      customerName: r.customerName,
      doorId: r.w.doorId,
      spec: inputOf(r.w),
      note: r.w.note,
      sync: {
        state,
        since: (g?.statusChangedAt ?? r.w.updatedAt).toISOString(),
        error: g?.lastError ?? null,
        grantId: g?.id ?? null,
        offlineSince: door.online ? null : (door.offlineSince?.toISOString() ?? null),
        credential: g?.credential ?? null,
      },
    };
    for (const o of windowOccurrences(specOf(r.w), door.timeZone, q.from.getTime(), q.to.getTime())) {
      if (events.length >= MAX_TIMELINE_EVENTS) {
        capped = true;
        break;
      }
      events.push({
        ...base,
        id: r.w.kind === "once" ? r.w.id : `${r.w.id}@${o.start}`,
        start: new Date(o.start).toISOString(),
        end: new Date(o.end).toISOString(),
        occurrenceDate: localDay(o.start, door.timeZone),
      });
    }
    if (capped) break;
  }
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

import "server-only";
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors, type GrantStatus, grants } from "@/db/schema";
import type { SyncState } from "@/lib/model/sync-state";
import type { WindowSpecInput } from "@/lib/model/window-spec";
import { addDays, formatLocalDate, localDateOf, parseLocalDate, zonedInstant } from "@/lib/time/zoned-time";
import { compileSchedule } from "../compiler/compile";
import { windowOccurrences } from "../compiler/occurrences";
import type { WindowSpec } from "../compiler/window-spec";
import type { CalendarEvent } from "./calendar-view";

/** One window with what its events need, as selectWindowRows returns it (instants in epoch ms). */
export type WindowRow = {
  id: string;
  customerId: string;
  doorId: string;
  kind: "once" | "weekly";
  startsAt: number;
  endsAt: number | null;
  weekdays: number | null;
  fromMinute: number | null;
  untilMinute: number | null;
  seriesStart: string | null;
  seriesEnd: string | null;
  note: string | null;
  version: number;
  updatedAt: number;
  customerName: string;
  timeZone: string;
  online: boolean;
  offlineSince: number | null;
  grantId: string | null;
  grantStatus: GrantStatus | null;
  grantSince: number | null;
  grantError: string | null;
  grantCredential: "keypad" | "app" | null;
};

// floor: Postgres keeps microseconds, a JS Date (and so everything that wrote the row) milliseconds.
const ms = (column: AnyColumn) => sql`floor(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The calendar's and the timeline's shared read: windows matching `where` (over access_windows,
 * doors and customers; typically windowTouches + a site's doors) with their customer's name, their
 * door's clock and state, and the grant holding them — one query, earliest first.
 *
 * Written as SQL with its own column names and run without drizzle's result mapping: at 6,000 rows
 * drizzle's per-field mapping (and parsing every timestamptz into a Date) was a third of the
 * timeline's server time. Instants come back as epoch milliseconds (float8, a JS number as is);
 * dates stay text (drizzle's driver keeps date and timestamp types unparsed).
 */
export async function selectWindowRows(db: DbOrTx, where: SQL | undefined, limit: number): Promise<WindowRow[]> {
  const w = accessWindows;
  const result = await db.execute<WindowRow>(sql`
    select ${w.id} as "id", ${w.customerId} as "customerId", ${w.doorId} as "doorId", ${w.kind} as "kind",
           ${ms(w.startsAt)} as "startsAt", ${ms(w.endsAt)} as "endsAt", ${w.weekdays} as "weekdays",
           ${w.fromMinute} as "fromMinute", ${w.untilMinute} as "untilMinute", ${w.seriesStart}::text as "seriesStart",
           ${w.seriesEnd}::text as "seriesEnd", ${w.note} as "note", ${w.version} as "version",
           ${ms(w.updatedAt)} as "updatedAt", ${customers.name} as "customerName", ${doors.timeZone} as "timeZone",
           ${doors.online} as "online", ${ms(doors.offlineSince)} as "offlineSince",
           g.id as "grantId", g.status as "grantStatus", g.since as "grantSince", g.last_error as "grantError",
           g.credential as "grantCredential"
    from ${accessWindows}
    join ${doors} on ${doors.id} = ${w.doorId}
    join ${customers} on ${customers.id} = ${w.customerId}
    -- The pair's grant, by the grants' unique index (customer, door, credential): the live one when a
    -- credential switch left the old one removing beside it, else the newest. A removed grant that
    -- wants nothing any more holds no window (the window then reads "pending").
    left join lateral (
      select ${grants.id} as id, ${grants.status} as status, ${ms(grants.statusChangedAt)} as since,
             ${grants.lastError} as last_error, ${grants.credential} as credential
      from ${grants}
      where ${grants.customerId} = ${w.customerId} and ${grants.doorId} = ${w.doorId}
        and (${grants.desired} is not null or ${grants.status} <> 'removed')
      order by ${grants.desired} is null, ${grants.updatedAt} desc
      limit 1
    ) g on true
    ${where ? sql`where ${where}` : sql``}
    order by ${w.startsAt}, ${w.id}
    limit ${limit}`);
  return result.rows;
}

/** The row as the compiler's spec (instants in ms; weekly: local dates). */
export function rowSpec(r: WindowRow): WindowSpec {
  if (r.kind === "once") {
    // The CHECK constraint access_windows_once_shape guarantees the end; stays loud for a hand-built row.
    if (r.endsAt === null) throw new Error("access window: a one-off window without an end");
    return { id: r.id, kind: "once", startsAt: r.startsAt, endsAt: r.endsAt };
  }
  if (r.weekdays === null || r.fromMinute === null || r.untilMinute === null || r.seriesStart === null)
    throw new Error("access window: a weekly window without its weekdays, times or first date");
  return {
    id: r.id,
    kind: "weekly",
    weekdays: r.weekdays,
    fromMinute: r.fromMinute,
    untilMinute: r.untilMinute,
    startsOn: parseLocalDate(r.seriesStart),
    endsOn: r.seriesEnd ? parseLocalDate(r.seriesEnd) : null,
  };
}

/** The spec in input form (edit dialogs, undo), as inputOf gives it for a full row. */
function rowInput(r: WindowRow, spec: WindowSpec): WindowSpecInput {
  return spec.kind === "once"
    ? { kind: "once", startsAt: new Date(spec.startsAt), endsAt: new Date(spec.endsAt) }
    : {
        kind: "weekly",
        weekdays: spec.weekdays,
        fromMinute: spec.fromMinute,
        untilMinute: spec.untilMinute,
        startsOn: r.seriesStart!,
        endsOn: r.seriesEnd,
      };
}

/**
 * The local date of instants in one zone, remembered by the local day's [start, end): a week costs a
 * few Intl calls per zone instead of one per occurrence (Intl was a third of the view's time at 6,000
 * occurrences) or per quarter hour. A day whose midnight does not exist starts later; an instant the
 * computed bounds do not hold is answered directly and not remembered.
 */
function localDays(timeZone: string): (t: number) => string {
  const known: { start: number; end: number; date: string }[] = [];
  return (t) => {
    for (const k of known) if (t >= k.start && t < k.end) return k.date;
    const d = localDateOf(t, timeZone);
    const k = {
      start: zonedInstant(d, 0, timeZone),
      end: zonedInstant(addDays(d, 1), 0, timeZone),
      date: formatLocalDate(d),
    };
    if (t >= k.start && t < k.end) known.push(k);
    return k.date;
  };
}

export type EventOptions = { from: Date; to: Date; states?: SyncState[]; maxEvents: number; now?: number };

/**
 * Every occurrence of `rows` in [from, to) as calendar events, each with its lock's truth: the grant's
 * state, or "scheduled" for a window of a rotating schedule whose turn has not come (the compiler
 * says which windows the lock should hold now), or "pending" with no grant. Weekly series are
 * expanded only inside the range. Stops at `maxEvents` (`capped` then says so).
 */
export function windowEvents(rows: WindowRow[], o: EventOptions): { events: CalendarEvent[]; capped: boolean } {
  const pairKey = (r: WindowRow) => `${r.customerId}:${r.doorId}`;
  const byPair = new Map<string, WindowRow[]>();
  for (const r of rows) {
    const list = byPair.get(pairKey(r));
    if (list) list.push(r);
    else byPair.set(pairKey(r), [r]);
  }
  // Which windows are in the state the lock should hold now (the rest of a rotating schedule waits its turn).
  const now = o.now ?? Date.now();
  const current = new Map<string, Set<string>>();
  for (const [key, pairRows] of byPair) {
    if (pairRows.length < 2) continue;
    const compiled = compileSchedule({ windows: pairRows.map(rowSpec), timeZone: pairRows[0]!.timeZone, now });
    current.set(key, new Set(compiled.currentSegment?.windowIds ?? []));
  }

  const dayOf = new Map<string, (t: number) => string>();
  const localDay = (t: number, timeZone: string) => {
    let f = dayOf.get(timeZone);
    if (!f) dayOf.set(timeZone, (f = localDays(timeZone)));
    return f(t);
  };
  const iso = (t: number) => new Date(t).toISOString();
  const from = o.from.getTime();
  const to = o.to.getTime();
  const events: CalendarEvent[] = [];
  for (const r of rows) {
    const key = pairKey(r);
    const rotatingLater = current.has(key) && !current.get(key)!.has(r.id);
    const status = r.grantStatus;
    const state: SyncState = !status ? "pending" : rotatingLater && status === "applied" ? "scheduled" : status;
    if (o.states?.length && !o.states.includes(state)) continue;
    const spec = rowSpec(r);
    const base = {
      windowId: r.id,
      version: r.version,
      customerId: r.customerId,
      customerName: r.customerName,
      doorId: r.doorId,
      spec: rowInput(r, spec),
      note: r.note,
      sync: {
        state,
        since: iso(r.grantSince ?? r.updatedAt),
        error: r.grantError ?? null,
        grantId: r.grantId ?? null,
        offlineSince: r.online || r.offlineSince === null ? null : iso(r.offlineSince),
        credential: r.grantCredential ?? null,
      },
    };
    for (const occ of windowOccurrences(spec, r.timeZone, from, to)) {
      if (events.length >= o.maxEvents) return { events, capped: true };
      events.push({
        ...base,
        id: r.kind === "once" ? r.id : `${r.id}@${occ.start}`,
        start: iso(occ.start),
        end: iso(occ.end),
        occurrenceDate: localDay(occ.start, r.timeZone),
      });
    }
  }
  return { events, capped: false };
}

import { isSyncState, type SyncState } from "@/lib/model/sync-state";
import { addDays, formatLocalDate, localDateOf, parseLocalDate, zonedInstant } from "@/lib/time/zoned-time";

/**
 * Pure and shared by the page (server) and the timeline (client): what the URL asks for and which
 * instants that range covers. The page reads the first range's data with these same rules, so the
 * client finds it under the exact query key it would have fetched (use-timeline-data.ts).
 */

/** The widths the timeline offers, in days (one day, three days, one week, two weeks). */
export const SPANS = [1, 3, 7, 14] as const;
export type SpanDays = (typeof SPANS)[number];

export type TimelineState = {
  /** First visible day, YYYY-MM-DD on the site's wall clock. */
  date: string;
  span: SpanDays;
  site: string | null;
  group: string | null;
  customer: string | null;
  states: SyncState[];
};

const list = (s: string | null | undefined) => (s ? s.split(",").filter(Boolean) : []);
const isDate = (s: string | null | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** Today's date on a site's wall clock. */
export const todayIn = (timeZone: string) => formatLocalDate(localDateOf(Date.now(), timeZone));

/** The URL's parameters (any missing or malformed one falls back to its default). */
export function parseTimelineParams(
  get: (name: string) => string | null | undefined,
  defaultSite: string | null,
  todayAt: (siteId: string | null) => string,
): TimelineState {
  const span = Number(get("span"));
  const site = get("site") ?? defaultSite;
  const date = get("date");
  return {
    date: isDate(date) ? date : todayAt(site),
    span: (SPANS as readonly number[]).includes(span) ? (span as SpanDays) : 7,
    site,
    group: get("group") ?? null,
    customer: get("customer") ?? null,
    states: list(get("states")).filter(isSyncState),
  };
}

/** The range: local midnights of the site, so a DST day is 23 or 25 hours of real time wide. */
export function rangeOf(state: Pick<TimelineState, "date" | "span">, timeZone: string): { from: number; to: number } {
  const first = parseLocalDate(state.date);
  return { from: zonedInstant(first, 0, timeZone), to: zonedInstant(addDays(first, state.span), 0, timeZone) };
}

export type TimelineFilter = {
  from: Date;
  to: Date;
  site: string | null;
  group: string | null;
  customer: string | null;
  states: string[];
};

// Starts with "calendar": the window mutations the calendar uses (use-window-mutations.ts) invalidate
// every ["calendar", …] query after a change, so the timeline refreshes with the same code.
export const timelineKey = (p: TimelineFilter) =>
  [
    "calendar",
    "timeline",
    p.from.toISOString(),
    p.to.toISOString(),
    p.site ?? "",
    p.group ?? "",
    p.customer ?? "",
    p.states.join(","),
  ] as const;

/**
 * The first range's data as the page hands it over: under the query key it answers (joined), as
 * one JSON string. A string, not the objects: React's flight format walks and revives every value
 * of 10,000 occurrences one by one on both ends; a string is one value, and the client parses it
 * with the native JSON.parse in a fraction of that time.
 */
export type InitialTimeline = { key: string; json: string; at: number };

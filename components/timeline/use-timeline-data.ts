"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useRef } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineData } from "@/lib/access/views/timeline-view";
import { BUSY_SYNC_STATES } from "@/lib/model/sync-state";
import { type InitialTimeline, type TimelineFilter, timelineKey } from "./timeline-range";

export { type InitialTimeline, type TimelineFilter, timelineKey } from "./timeline-range";

/** Grant ids per status poll: 200 uuids keep the GET well under Node's 16 KiB header limit. */
const MAX_WATCHED = 200;

const busyGrants = (data: TimelineData | undefined) => {
  const ids = new Set<string>();
  let unwatchable = false;
  for (const e of data?.events ?? []) {
    if (!BUSY_SYNC_STATES.has(e.sync.state)) continue;
    if (e.sync.grantId) ids.add(e.sync.grantId);
    else unwatchable = true;
  }
  return { ids: [...ids].slice(0, MAX_WATCHED), unwatchable: unwatchable || ids.size > MAX_WATCHED };
};

/**
 * The visible range of one site, refreshed every 15 s (other staff's edits, locks going offline).
 * While windows are on their way to a lock, only *their* grants are polled each second
 * (/api/grants, at most MAX_WATCHED rows); the range is fetched again only when one of them
 * changed — and every 5 s while more than MAX_WATCHED are in flight. A refetch returns the
 * whole range, but TanStack Query's structural sharing (on by default) keeps every unchanged event
 * the *same object*, so the memoised rows and bars re-render only where a state really changed.
 * The page's own data for its first range is used as is (no second request for what the HTML
 * already carried), and no fetch starts while a drag is in flight (`idle`).
 */
export function useTimelineData(p: TimelineFilter, o: { initial?: InitialTimeline | null; idle: () => Promise<void> }) {
  const key = timelineKey(p);
  const mine = o.initial?.key === key.join("|") ? o.initial : null;
  // Parsed once, and only when this is the range the page read (JSON.parse is native and fast; see timeline-range.ts).
  const initialData = useMemo(() => (mine ? (JSON.parse(mine.json) as TimelineData) : undefined), [mine]);
  const query = useQuery({
    queryKey: key,
    initialData,
    initialDataUpdatedAt: mine?.at,
    // As fresh as the refresh below keeps it: a page that took a few seconds to load (a busy
    // machine) must not read its range a second time on arrival.
    staleTime: 15_000,
    queryFn: async ({ signal }): Promise<TimelineData> => {
      await o.idle();
      const q = new URLSearchParams({ from: p.from.toISOString(), to: p.to.toISOString() });
      if (p.site) q.set("site", p.site);
      if (p.group) q.set("group", p.group);
      if (p.customer) q.set("customer", p.customer);
      if (p.states.length) q.set("states", p.states.join(","));
      const res = await fetch(`/api/timeline?${q}`, { signal, cache: "no-store" });
      if (!res.ok)
        throw new Error((await res.json().catch(() => ({}))).error ?? `Loading the timeline failed (${res.status}).`);
      return res.json();
    },
    // More in flight than one status poll covers: the whole range every 5 s (not every second, as
    // the calendar does — at 10,000 windows a range is megabytes, and parsing it each second costs frames).
    refetchInterval: (q) => (busyGrants(q.state.data).unwatchable ? 5000 : 15_000),
    placeholderData: keepPreviousData,
  });
  const { ids } = useMemo(() => busyGrants(query.data), [query.data]);
  const { refetch, data } = query;
  useQuery({
    queryKey: ["grant-status", ids.join(",")],
    enabled: ids.length > 0,
    refetchInterval: 1000,
    queryFn: async ({ signal }) => {
      await o.idle();
      const res = await fetch(`/api/grants?ids=${ids.join(",")}`, { signal, cache: "no-store" });
      if (!res.ok) return null;
      const rows = (await res.json()) as { id: string; status: string }[];
      const shown = new Map(data?.events.map((e) => [e.sync.grantId, e.sync.state]));
      if (rows.some((r) => shown.get(r.id) !== r.status)) await refetch();
      return rows.length;
    },
  });
  return query;
}

const EMPTY: CalendarEvent[] = [];

/**
 * Events per door, keeping the previous array for a door whose events are all the same objects
 * (see structural sharing above): a row whose windows did not change gets the same prop and skips
 * rendering; only the rows of a changed window re-render.
 */
export function eventsByDoor(
  events: CalendarEvent[] | undefined,
  prev: ReadonlyMap<string, CalendarEvent[]>,
): Map<string, CalendarEvent[]> {
  const next = new Map<string, CalendarEvent[]>();
  for (const e of events ?? EMPTY) {
    const list = next.get(e.doorId);
    if (list) list.push(e);
    else next.set(e.doorId, [e]);
  }
  for (const [doorId, list] of next) {
    const old = prev.get(doorId);
    if (old && old.length === list.length && old.every((e, i) => e === list[i])) next.set(doorId, old);
  }
  return next;
}

/** eventsByDoor as a lookup, one function per data version: a stable prop for the memoised grid between polls. */
export function useEventsByDoor(events: CalendarEvent[] | undefined): (doorId: string) => CalendarEvent[] {
  const prev = useRef<ReadonlyMap<string, CalendarEvent[]>>(new Map());
  return useMemo(() => {
    const next = eventsByDoor(events, prev.current);
    prev.current = next;
    return (doorId: string) => next.get(doorId) ?? EMPTY;
  }, [events]);
}

"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineData } from "@/lib/access/views/timeline-view";
import { BUSY_SYNC_STATES } from "@/lib/model/sync-state";

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
 * The visible range of one site, as the calendar polls it (use-calendar-events.ts): every second
 * while anything is on its way to a lock, else every 15 s. Each poll returns the whole range, but
 * TanStack Query's structural sharing (on by default) keeps every unchanged event the *same
 * object*, so the memoised rows and bars re-render only where a state really changed.
 */
export function useTimelineData(p: TimelineFilter) {
  return useQuery({
    queryKey: timelineKey(p),
    queryFn: async ({ signal }): Promise<TimelineData> => {
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
    refetchInterval: (query) =>
      query.state.data?.events.some((e) => BUSY_SYNC_STATES.has(e.sync.state)) ? 1000 : 15_000,
    placeholderData: keepPreviousData,
  });
}

const EMPTY: CalendarEvent[] = [];

/**
 * Events per door, keeping last render's array for a door whose events are all the same objects
 * (see structural sharing above): a row whose windows did not change gets the same prop and skips
 * rendering.
 */
export function useEventsByDoor(events: CalendarEvent[] | undefined): (doorId: string) => CalendarEvent[] {
  const prev = useRef(new Map<string, CalendarEvent[]>());
  const lastEvents = useRef<CalendarEvent[] | undefined>(undefined);
  const cache = useRef(new Map<string, CalendarEvent[]>());
  if (events !== lastEvents.current) {
    lastEvents.current = events;
    const next = new Map<string, CalendarEvent[]>();
    for (const e of events ?? EMPTY) {
      const list = next.get(e.doorId);
      if (list) list.push(e);
      else next.set(e.doorId, [e]);
    }
    for (const [doorId, list] of next) {
      const old = prev.current.get(doorId);
      if (old && old.length === list.length && old.every((e, i) => e === list[i])) next.set(doorId, old);
    }
    prev.current = next;
    cache.current = next;
  }
  return (doorId) => cache.current.get(doorId) ?? EMPTY;
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { ActionResult } from "@/lib/actions/action-result";

export type CalendarData = { events: CalendarEvent[]; total: number; truncated: boolean };
export const calendarKey = (p: {
  from: Date;
  to: Date;
  site?: string | null;
  doors: string[];
  customer: string | null;
  states: string[];
}) =>
  [
    "calendar",
    p.site ?? "",
    p.from.toISOString(),
    p.to.toISOString(),
    p.doors.join(","),
    p.customer ?? "",
    p.states.join(","),
  ] as const;

const BUSY = new Set(["pending", "removing"]);

/**
 * The visible range's windows. While anything is on its way to a lock the query polls every
 * second, so a badge turns "On lock" within about a second of the engine knowing; otherwise
 * every 15 s (other staff's edits, locks going offline).
 */
export function useCalendarEvents(p: {
  from: Date;
  to: Date;
  site?: string | null;
  doors: string[];
  customer: string | null;
  states: string[];
}) {
  return useQuery({
    queryKey: calendarKey(p),
    queryFn: async ({ signal }): Promise<CalendarData> => {
      const q = new URLSearchParams({ from: p.from.toISOString(), to: p.to.toISOString() });
      if (p.site) q.set("site", p.site);
      if (p.doors.length) q.set("doors", p.doors.join(","));
      if (p.customer) q.set("customer", p.customer);
      if (p.states.length) q.set("states", p.states.join(","));
      const res = await fetch(`/api/calendar?${q}`, { signal, cache: "no-store" });
      if (!res.ok)
        throw new Error((await res.json().catch(() => ({}))).error ?? `Loading the calendar failed (${res.status}).`);
      return res.json();
    },
    refetchInterval: (query) => (query.state.data?.events.some((e) => BUSY.has(e.sync.state)) ? 1000 : 15_000),
    placeholderData: (prev) => prev,
  });
}

export class ActionFailure extends Error {
  constructor(readonly error: Extract<ActionResult<never>, { ok: false }>["error"]) {
    super(error.message);
  }
}

/** Runs a server action as a mutation that throws on { ok: false } (so TanStack runs onError and rolls back). */
export async function unwrap<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new ActionFailure(r.error);
  return r.data;
}

/**
 * A change to events shown in the calendar: applied to the cached range at once (marked "sending"),
 * rolled back if the server refuses, and refetched either way.
 */
export function useOptimisticCalendarMutation<V, R>(
  key: readonly unknown[],
  run: (v: V) => Promise<R>,
  apply: (events: CalendarEvent[], v: V) => CalendarEvent[],
  onFailure: (e: Error) => void,
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onMutate: async (v: V) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<CalendarData>(key);
      if (previous) qc.setQueryData<CalendarData>(key, { ...previous, events: apply(previous.events, v) });
      return { previous };
    },
    onError: (error, _v, ctx) => {
      if (ctx?.previous) qc.setQueryData(key, ctx.previous);
      onFailure(error as Error);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ["calendar"] }),
  });
}

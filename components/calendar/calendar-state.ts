"use client";

import { addDays, addMonths, endOfMonth, format, parseISO, startOfDay, startOfMonth, startOfWeek } from "date-fns";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { SyncState } from "@/lib/access/views/calendar-view";

export type CalendarViewName = "day" | "week" | "month" | "agenda";
export type CalendarState = {
  view: CalendarViewName;
  date: Date;
  doors: string[];
  customer: string | null;
  states: SyncState[];
  group: string | null;
};

const VIEWS: CalendarViewName[] = ["day", "week", "month", "agenda"];
const list = (s: string | null) => (s ? s.split(",").filter(Boolean) : []);

/** The visible range for a view, which is all the calendar ever fetches. */
export function rangeOf(view: CalendarViewName, date: Date): { from: Date; to: Date } {
  switch (view) {
    case "day":
      return { from: startOfDay(date), to: addDays(startOfDay(date), 1) };
    case "week": {
      const from = startOfWeek(date, { weekStartsOn: 1 });
      return { from, to: addDays(from, 7) };
    }
    case "month":
      return { from: addDays(startOfMonth(date), -7), to: addDays(endOfMonth(date), 8) };
    case "agenda":
      return { from: startOfDay(date), to: addMonths(startOfDay(date), 1) };
  }
}

/** View, date and filters live in the URL, so a link shows a colleague the same calendar. */
export function useCalendarState(): [CalendarState, (patch: Partial<CalendarState>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo<CalendarState>(() => {
    const view = VIEWS.includes(params.get("view") as CalendarViewName)
      ? (params.get("view") as CalendarViewName)
      : "day";
    const d = params.get("date");
    const date = d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? parseISO(d) : new Date();
    return {
      view,
      date,
      doors: list(params.get("doors")),
      customer: params.get("customer"),
      states: list(params.get("states")) as SyncState[],
      group: params.get("group"),
    };
  }, [params]);
  const update = useCallback(
    (patch: Partial<CalendarState>) => {
      const next = { ...state, ...patch };
      const q = new URLSearchParams();
      q.set("view", next.view);
      q.set("date", format(next.date, "yyyy-MM-dd"));
      if (next.doors.length) q.set("doors", next.doors.join(","));
      if (next.customer) q.set("customer", next.customer);
      if (next.states.length) q.set("states", next.states.join(","));
      if (next.group) q.set("group", next.group);
      router.replace(`${pathname}?${q.toString()}`, { scroll: false });
    },
    [state, router, pathname],
  );
  return [state, update];
}

"use client";

import { addDays, addMonths, endOfMonth, format, parseISO, startOfDay, startOfMonth, startOfWeek } from "date-fns";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { isSyncState, type SyncState } from "@/lib/model/sync-state";

export type CalendarViewName = "day" | "week" | "month" | "agenda";
export type CalendarState = {
  view: CalendarViewName;
  date: Date;
  doors: string[];
  customer: string | null;
  states: SyncState[];
  group: string | null;
  /** `?site=<id>`: the one site shown, on its wall clock (the page defaults to the first site). */
  site: string | null;
  /** `?window=<id>`: the window whose panel is open (links from failures elsewhere land here). */
  window: string | null;
  /** `?new=1`: open the New-window dialog once (e.g. with `customer=<id>` from a customer's page). Never written back. */
  openNew: boolean;
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
    const parsed = d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? parseISO(d) : null;
    const date = parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date();
    return {
      view,
      date,
      doors: list(params.get("doors")),
      customer: params.get("customer"),
      states: list(params.get("states")).filter(isSyncState),
      group: params.get("group"),
      site: params.get("site"),
      window: params.get("window"),
      openNew: params.get("new") === "1",
    };
  }, [params]);
  const update = useCallback(
    (patch: Partial<CalendarState>) => {
      const next = { ...state, ...patch };
      const q = new URLSearchParams();
      if (next.site) q.set("site", next.site);
      q.set("view", next.view);
      q.set("date", format(next.date, "yyyy-MM-dd"));
      if (next.doors.length) q.set("doors", next.doors.join(","));
      if (next.customer) q.set("customer", next.customer);
      if (next.states.length) q.set("states", next.states.join(","));
      if (next.group) q.set("group", next.group);
      if (next.window) q.set("window", next.window);
      router.replace(`${pathname}?${q.toString()}`, { scroll: false });
    },
    [state, router, pathname],
  );
  return [state, update];
}

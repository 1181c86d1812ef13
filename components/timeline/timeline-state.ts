"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { isSyncState, type SyncState } from "@/lib/model/sync-state";

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

const list = (s: string | null) => (s ? s.split(",").filter(Boolean) : []);
const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** Range and filters live in the URL (like the calendar's), so a link shows a colleague the same view. */
export function useTimelineState(
  defaultSite: string | null,
  todayAt: (siteId: string | null) => string,
): [TimelineState, (patch: Partial<TimelineState>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo<TimelineState>(() => {
    const span = Number(params.get("span"));
    const site = params.get("site") ?? defaultSite;
    return {
      date: isDate(params.get("date")) ? params.get("date")! : todayAt(site),
      span: (SPANS as readonly number[]).includes(span) ? (span as SpanDays) : 7,
      site,
      group: params.get("group"),
      customer: params.get("customer"),
      states: list(params.get("states")).filter(isSyncState),
    };
  }, [params, defaultSite, todayAt]);
  const update = useCallback(
    (patch: Partial<TimelineState>) => {
      const next = { ...state, ...patch };
      const q = new URLSearchParams();
      q.set("date", next.date);
      q.set("span", String(next.span));
      if (next.site) q.set("site", next.site);
      if (next.group) q.set("group", next.group);
      if (next.customer) q.set("customer", next.customer);
      if (next.states.length) q.set("states", next.states.join(","));
      router.replace(`${pathname}?${q.toString()}`, { scroll: false });
    },
    [state, router, pathname],
  );
  return [state, update];
}

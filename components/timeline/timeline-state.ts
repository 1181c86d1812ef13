"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseTimelineParams, type TimelineState } from "./timeline-range";

export { SPANS, type SpanDays, type TimelineState } from "./timeline-range";

/** Range and filters live in the URL (like the calendar's), so a link shows a colleague the same view. */
export function useTimelineState(
  defaultSite: string | null,
  todayAt: (siteId: string | null) => string,
): [TimelineState, (patch: Partial<TimelineState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo<TimelineState>(
    () => parseTimelineParams((k) => params.get(k), defaultSite, todayAt),
    [params, defaultSite, todayAt],
  );
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
      // The History API, not router.replace: Next keeps useSearchParams in step without asking the
      // server for the page again (its customers and first range would be read for nothing).
      window.history.replaceState(null, "", `${pathname}?${q.toString()}`);
    },
    [state, pathname],
  );
  return [state, update];
}

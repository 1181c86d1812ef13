"use client";

import { useEffect, useRef, useState } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { SyncState } from "@/lib/model/sync-state";

export type Announcement = { polite: string; assertive: string };

/**
 * What changed between two polls of the same view: windows seen in both whose lock state moved
 * (e.g. "Sending to lock" → "On lock"), and windows new to the view that already failed (a save
 * whose lock refused at once). Failures go to the assertive list, everything else to the polite
 * one. A new view (other range or filters) starts afresh: what merely came into view is not news.
 */
export function syncChanges(
  before: ReadonlyMap<string, SyncState>,
  events: readonly CalendarEvent[],
  nameOf: (e: CalendarEvent) => string,
): { polite: string[]; assertive: string[] } {
  const polite: string[] = [];
  const assertive: string[] = [];
  for (const e of events) {
    const was = before.get(e.id);
    if (was === e.sync.state || (!was && e.sync.state !== "failed")) continue;
    (e.sync.state === "failed" ? assertive : polite).push(nameOf(e));
  }
  return { polite, assertive };
}

/**
 * Live-region text for lock-state changes of the windows on screen. Reusable by any view of
 * windows (calendar, a future timeline): pass the events of each poll and how to name one.
 */
export function useSyncAnnouncements(
  /** The events of one view, or undefined while that view has no data of its own yet. */
  events: readonly CalendarEvent[] | undefined,
  /** Which view these events belong to (range and filters); a change starts afresh. */
  viewKey: string,
  nameOf: (e: CalendarEvent) => string,
): Announcement {
  const seen = useRef<Map<string, SyncState> | null>(null);
  const seenKey = useRef(viewKey);
  const [text, setText] = useState<Announcement>({ polite: "", assertive: "" });
  useEffect(() => {
    if (!events) return;
    if (seenKey.current !== viewKey) {
      seenKey.current = viewKey;
      seen.current = null;
    }
    const before = seen.current;
    seen.current = new Map(events.map((e) => [e.id, e.sync.state]));
    if (!before) return;
    const { polite, assertive } = syncChanges(before, events, nameOf);
    // Several changes in one poll are read as one sentence each, at most five, so a bulk change does not flood.
    const join = (xs: string[]) =>
      xs.length > 5 ? `${xs.slice(0, 5).join(". ")}. And ${xs.length - 5} more.` : xs.join(". ");
    if (polite.length || assertive.length)
      setText({ polite: polite.length ? join(polite) : "", assertive: assertive.length ? join(assertive) : "" });
  }, [events, viewKey, nameOf]);
  return text;
}

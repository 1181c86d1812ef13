"use client";

import { useSyncExternalStore } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";

/**
 * The selected bar and the bar hidden under a drag's preview, outside React state: setting one
 * re-renders only the row(s) holding that bar (each row subscribes with a selector that answers
 * "one of mine, or null"), not every row on screen as a prop on all of them would.
 */
export type RowMarks = { selected: string | null; hidden: string | null };

export function createMarkStore() {
  let marks: RowMarks = { selected: null, hidden: null };
  const listeners = new Set<() => void>();
  return {
    get: () => marks,
    set(patch: Partial<RowMarks>) {
      const next = { ...marks, ...patch };
      if (next.selected === marks.selected && next.hidden === marks.hidden) return;
      marks = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
  };
}
export type MarkStore = ReturnType<typeof createMarkStore>;

const mine = (id: string | null, events: CalendarEvent[]) => (id && events.some((e) => e.id === id) ? id : null);

/** This row's selected and hidden bar (null when the mark is on another row). */
export function useRowMarks(store: MarkStore, events: CalendarEvent[]) {
  const selected = useSyncExternalStore(
    store.subscribe,
    () => mine(store.get().selected, events),
    () => null,
  );
  const hidden = useSyncExternalStore(
    store.subscribe,
    () => mine(store.get().hidden, events),
    () => null,
  );
  return { selected, hidden };
}

/** The whole timeline's selection (the side panel). */
export const useSelected = (store: MarkStore) =>
  useSyncExternalStore(
    store.subscribe,
    () => store.get().selected,
    () => null,
  );

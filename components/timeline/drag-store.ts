"use client";

import { useSyncExternalStore } from "react";

/**
 * What is being dragged (or moved with the keyboard) right now: a preview bar drawn over the grid.
 * Kept outside React state so a pointer move re-renders only the preview, never the rows — the
 * drag's frame time stays that of one small element however many doors are on screen.
 */
export type Ghost = {
  mode: "create" | "move" | "start" | "end" | "keyboard";
  /** The window being changed (absent while creating). */
  eventId: string | null;
  doorId: string;
  start: number;
  end: number;
  /** Row offset (px from the top of the rows) of the door the preview is on. */
  top: number;
  label: string;
};

export function createGhostStore() {
  let ghost: Ghost | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => ghost,
    set(next: Ghost | null) {
      ghost = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type GhostStore = ReturnType<typeof createGhostStore>;

export const useGhost = (store: GhostStore) => useSyncExternalStore(store.subscribe, store.get, () => null);

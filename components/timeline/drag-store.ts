"use client";

/**
 * What is being dragged (or moved with the keyboard) right now: a preview bar drawn over the grid.
 * Kept outside React state: the preview (ghost-bar.tsx) subscribes and moves its own element, so
 * a pointer move renders nothing in React — the drag's frame time stays that of one small element
 * however many doors are on screen.
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
  let waiting: (() => void)[] = [];
  return {
    get: () => ghost,
    set(next: Ghost | null) {
      ghost = next;
      for (const l of listeners) l();
      if (!next && waiting.length) {
        const w = waiting;
        waiting = [];
        for (const r of w) r();
      }
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    /**
     * Resolves when nothing is being dragged. The range's refetch and the status poll wait for it:
     * parsing and diffing megabytes of JSON mid-drag would cost the drag its frames.
     */
    idle(): Promise<void> {
      return ghost ? new Promise((r) => waiting.push(r)) : Promise.resolve();
    },
  };
}
export type GhostStore = ReturnType<typeof createGhostStore>;

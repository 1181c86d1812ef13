"use client";

import { useEffect, useRef } from "react";
import { type TimeScale, xOf } from "@/lib/time/time-ruler";
import type { Ghost, GhostStore } from "./drag-store";
import { HEAD_W, ROW_H } from "./timeline-geometry";

/**
 * The preview of a drag or keyboard move: one absolutely positioned element that is always in the
 * DOM and is moved by writing its style directly when the store changes — no React render per
 * pointer move, so a move costs one style write and one layout of this element, however many
 * doors and bars are on screen. The label is rewritten only when the snapped times or the door
 * change (every quarter hour of movement), not on every pixel.
 */
export function GhostBar({ store, scale }: { store: GhostStore; scale: TimeScale }) {
  const box = useRef<HTMLDivElement>(null);
  // A new scale (zoom, range) subscribes again and redraws from scratch.
  useEffect(() => {
    let shown: Ghost | null = null;
    const draw = () => {
      const el = box.current;
      const g = store.get();
      if (!el || g === shown) return;
      if (!g) {
        el.style.display = "none";
        shown = null;
        return;
      }
      if (!shown || g.start !== shown.start || g.end !== shown.end || g.top !== shown.top) {
        const x = xOf(scale, g.start);
        el.style.transform = `translate(${HEAD_W + x}px, ${g.top + 4}px)`;
        el.style.width = `${Math.max(3, xOf(scale, g.end) - x)}px`;
      }
      if (!shown || g.label !== shown.label) el.textContent = g.label;
      el.style.display = "block";
      shown = g;
    };
    draw();
    return store.subscribe(draw);
  }, [store, scale]);
  return (
    <div
      ref={box}
      aria-hidden
      data-testid="timeline-ghost"
      className="pointer-events-none absolute top-0 left-0 z-20 overflow-hidden whitespace-nowrap rounded border-2 border-dashed border-indigo-600 bg-indigo-100/80 px-1 text-xs font-medium text-indigo-900 will-change-transform"
      style={{ display: "none", height: ROW_H - 8 }}
    />
  );
}

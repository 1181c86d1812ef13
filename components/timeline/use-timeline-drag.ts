"use client";

import { type RefObject, useCallback } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { snap, type TimeScale, timeOf } from "@/lib/time/time-ruler";
import type { Ghost, GhostStore } from "./drag-store";
import { edgeAt, HEAD_W, RULER_H } from "./timeline-geometry";
import type { RowHit } from "./use-timeline-rows";

export const SNAP_MS = 15 * 60_000;
const THRESHOLD_PX = 4;
const EDGE_ZONE = 48;
const MAX_SCROLL_STEP = 24;

/**
 * Drag on the timeline with plain pointer events: create on empty space, move a bar (also to
 * another door row), resize by its edges, snapped to 15 minutes, auto-scrolling near the edges,
 * Escape to cancel. Hand-written instead of @dnd-kit/core on purpose: dnd-kit moves items between
 * registered droppables and measures their rectangles; the timeline needs continuous x → time
 * (by real elapsed time), resize and draw-to-create, which are pointer arithmetic either way, and
 * with virtualized rows the droppables would come and go under the pointer. Window-level listeners
 * (not pointer capture) keep the drag alive when auto-scroll unmounts the bar it started on.
 * A pointer move only writes the preview store, and only when the snapped result changed; the
 * preview moves its own element (ghost-bar.tsx), so no React render happens while dragging.
 */
export function useTimelineDrag(opts: {
  scrollRef: RefObject<HTMLDivElement | null>;
  store: GhostStore;
  scale: TimeScale;
  canWrite: boolean;
  rowAt: (y: number) => RowHit | null;
  eventById: (id: string) => CalendarEvent | undefined;
  labelOf: (start: number, end: number, doorId: string) => string;
  setHidden: (id: string | null) => void;
  onCommit: (g: Ghost, original: CalendarEvent | null) => void;
  onClickBar: (id: string) => void;
}) {
  const { scrollRef, store, scale, canWrite, rowAt, eventById, labelOf, setHidden, onCommit, onClickBar } = opts;

  return useCallback(
    (e: React.PointerEvent) => {
      if (e.button !== 0) return;
      const el = scrollRef.current;
      const target = e.target as HTMLElement;
      const barEl = target.closest<HTMLElement>("[data-bar]");
      const lane = target.closest<HTMLElement>("[data-lane]");
      if (!el || (!barEl && !lane)) return;
      const point = (clientX: number, clientY: number) => {
        const r = el.getBoundingClientRect();
        return { x: clientX - r.left + el.scrollLeft - HEAD_W, y: clientY - r.top + el.scrollTop - RULER_H };
      };
      const p0 = point(e.clientX, e.clientY);
      const row0 = rowAt(p0.y);
      if (!row0) return;
      const original = barEl ? (eventById(barEl.dataset.bar!) ?? null) : null;
      if (barEl && !original) return;
      if (!canWrite) {
        if (original) onClickBar(original.id);
        return;
      }
      const mode: Ghost["mode"] =
        original && barEl ? (edgeAt(e.clientX, barEl.getBoundingClientRect()) ?? "move") : "create";
      e.preventDefault(); // no text selection while dragging; focus is set by hand below
      barEl?.focus({ preventScroll: true });
      const t0 = timeOf(scale, p0.x);
      const oStart = original ? Date.parse(original.start) : 0;
      const oEnd = original ? Date.parse(original.end) : 0;
      let last = { x: e.clientX, y: e.clientY };
      let dragging = false;
      let frame = 0;

      const compute = () => {
        const p = point(last.x, last.y);
        const t = timeOf(scale, p.x);
        const row = rowAt(p.y) ?? row0;
        const dt = Math.round((t - t0) / SNAP_MS) * SNAP_MS;
        let start: number;
        let end: number;
        let at = row0;
        if (mode === "create") {
          const a = snap(t0, SNAP_MS);
          const b = snap(t, SNAP_MS);
          start = Math.min(a, b);
          end = Math.max(a, b, start + SNAP_MS);
        } else if (mode === "move") {
          start = oStart + dt;
          end = oEnd + dt;
          at = row;
        } else if (mode === "start") {
          start = Math.min(snap(oStart + dt, SNAP_MS), oEnd - SNAP_MS);
          end = oEnd;
        } else {
          start = oStart;
          end = Math.max(snap(oEnd + dt, SNAP_MS), oStart + SNAP_MS);
        }
        const shown = store.get();
        if (
          shown &&
          shown.mode === mode &&
          shown.start === start &&
          shown.end === end &&
          shown.doorId === at.doorId &&
          shown.top === at.top
        )
          return;
        store.set({
          mode,
          eventId: original?.id ?? null,
          doorId: at.doorId,
          start,
          end,
          top: at.top,
          label: labelOf(start, end, at.doorId),
        });
      };

      // Near an edge of the viewport the grid scrolls on its own, faster the closer the pointer.
      const tick = () => {
        frame = requestAnimationFrame(tick);
        if (!dragging) return;
        const r = el.getBoundingClientRect();
        const speed = (d: number) => Math.ceil(((EDGE_ZONE - d) / EDGE_ZONE) * MAX_SCROLL_STEP);
        const left = last.x - (r.left + HEAD_W);
        const right = r.right - last.x;
        const top = last.y - (r.top + RULER_H);
        const bottom = r.bottom - last.y;
        const dx = left < EDGE_ZONE ? -speed(Math.max(0, left)) : right < EDGE_ZONE ? speed(Math.max(0, right)) : 0;
        const dy =
          mode === "move"
            ? top < EDGE_ZONE
              ? -speed(Math.max(0, top))
              : bottom < EDGE_ZONE
                ? speed(Math.max(0, bottom))
                : 0
            : 0;
        if (dx || dy) {
          el.scrollLeft += dx;
          el.scrollTop += dy;
          compute();
        }
      };
      frame = requestAnimationFrame(tick);

      const cleanup = () => {
        cancelAnimationFrame(frame);
        window.removeEventListener("pointermove", onMove);
        window.removeEventListener("pointerup", onUp);
        window.removeEventListener("pointercancel", onCancel);
        window.removeEventListener("keydown", onKey, true);
      };
      const onMove = (ev: PointerEvent) => {
        last = { x: ev.clientX, y: ev.clientY };
        if (!dragging && Math.hypot(ev.clientX - e.clientX, ev.clientY - e.clientY) < THRESHOLD_PX) return;
        if (!dragging) {
          dragging = true;
          if (original) setHidden(original.id);
        }
        compute();
      };
      const onCancel = () => {
        cleanup();
        store.set(null);
        setHidden(null);
      };
      const onUp = () => {
        cleanup();
        if (!dragging) {
          if (original) onClickBar(original.id);
          return;
        }
        const g = store.get();
        store.set(null);
        setHidden(null);
        if (g) onCommit(g, original);
      };
      const onKey = (ev: KeyboardEvent) => {
        if (ev.key !== "Escape") return;
        ev.preventDefault();
        ev.stopPropagation();
        onCancel();
      };
      window.addEventListener("pointermove", onMove);
      window.addEventListener("pointerup", onUp);
      window.addEventListener("pointercancel", onCancel);
      window.addEventListener("keydown", onKey, true);
    },
    [scrollRef, store, scale, canWrite, rowAt, eventById, labelOf, setHidden, onCommit, onClickBar],
  );
}

"use client";

import type { RefObject } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { Ghost, GhostStore } from "./drag-store";
import { ROW_H, RULER_H } from "./timeline-geometry";
import { SNAP_MS } from "./use-timeline-drag";
import type { Item } from "./use-timeline-rows";

/** Scrolls the grid just enough that the row at `top` (px from the first row) is in view. */
function scrollRowIntoView(el: HTMLElement, top: number) {
  const viewTop = el.scrollTop;
  const viewBottom = el.scrollTop + el.clientHeight - RULER_H;
  if (top < viewTop) el.scrollTop = top;
  else if (top + ROW_H > viewBottom) el.scrollTop = top + ROW_H - (el.clientHeight - RULER_H);
}

/**
 * Keyboard alone: arrows move a focused bar (Shift+arrows resize its end, ↑/↓ another door), Enter
 * saves, Escape cancels; + and − zoom. The pending move is the same preview a drag draws.
 */
export function timelineKeyHandler(o: {
  scrollRef: RefObject<HTMLDivElement | null>;
  ghosts: GhostStore;
  canWrite: boolean;
  items: Item[];
  offsets: number[];
  doorIndex: Map<string, number>;
  eventById: (id: string) => CalendarEvent | undefined;
  labelOf: (start: number, end: number, doorId: string) => string;
  commit: (g: Ghost, original: CalendarEvent) => void;
  select: (id: string) => void;
  say: (text: string) => void;
  zoom: (dir: 1 | -1) => void;
}) {
  return (ev: React.KeyboardEvent) => {
    if (ev.key === "+" || ev.key === "=" || ev.key === "-") {
      if ((ev.target as HTMLElement).closest("input,select")) return;
      ev.preventDefault();
      return o.zoom(ev.key === "-" ? -1 : 1);
    }
    const barEl = (ev.target as HTMLElement).closest<HTMLElement>("[data-bar]");
    if (!barEl) return;
    const e = o.eventById(barEl.dataset.bar!);
    if (!e) return;
    const pending = o.ghosts.get();
    const mine = pending?.mode === "keyboard" && pending.eventId === e.id ? pending : null;
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      if (mine) {
        o.ghosts.set(null);
        o.commit(mine, e);
      } else o.select(e.id);
      return;
    }
    if (ev.key === "Escape" && mine) {
      ev.preventDefault();
      o.ghosts.set(null);
      o.say("Move cancelled.");
      return;
    }
    if (!o.canWrite || !["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(ev.key)) return;
    ev.preventDefault();
    let start = mine?.start ?? Date.parse(e.start);
    let end = mine?.end ?? Date.parse(e.end);
    let doorId = mine?.doorId ?? e.doorId;
    const dir = ev.key === "ArrowLeft" || ev.key === "ArrowUp" ? -1 : 1;
    if (ev.key === "ArrowUp" || ev.key === "ArrowDown") {
      let i = (o.doorIndex.get(doorId) ?? 0) + dir;
      while (i >= 0 && i < o.items.length && o.items[i]!.kind !== "door") i += dir;
      const it = o.items[i];
      if (it?.kind === "door") {
        doorId = it.door.id;
        if (o.scrollRef.current) scrollRowIntoView(o.scrollRef.current, o.offsets[i]!);
      }
    } else if (ev.shiftKey) end = Math.max(start + SNAP_MS, end + dir * SNAP_MS);
    else {
      start += dir * SNAP_MS;
      end += dir * SNAP_MS;
    }
    const label = o.labelOf(start, end, doorId);
    o.ghosts.set({
      mode: "keyboard",
      eventId: e.id,
      doorId,
      start,
      end,
      top: o.offsets[o.doorIndex.get(doorId) ?? 0]!,
      label,
    });
    o.say(`${label}. Enter saves, Escape cancels.`);
  };
}

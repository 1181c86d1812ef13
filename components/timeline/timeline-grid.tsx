"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, type RefObject, useCallback, useEffect, useMemo, useState } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { type DstMark, hourTicks, type TimeScale, widthOf, xOf } from "@/lib/time/time-ruler";
import type { GhostStore } from "./drag-store";
import { GhostBar } from "./ghost-bar";
import type { MarkStore } from "./row-marks";
import { CHUNK, GROUP_H, HEAD_W, OVERSCAN_ROWS, ROW_H, RULER_H } from "./timeline-geometry";
import { DoorRow, GroupRow } from "./timeline-row";
import { labelEvery, TimelineRuler } from "./timeline-ruler";
import type { Item } from "./use-timeline-rows";

/** The visible x-range of the lanes in CHUNK steps, one chunk of margin each side. */
function useVisibleX(scrollRef: RefObject<HTMLDivElement | null>, scale: TimeScale) {
  const [xr, setXr] = useState({ xa: -CHUNK, xb: 3 * CHUNK });
  const syncX = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const xa = Math.floor(el.scrollLeft / CHUNK) * CHUNK - CHUNK;
    const xb = Math.ceil((el.scrollLeft + el.clientWidth - HEAD_W) / CHUNK) * CHUNK + CHUNK;
    setXr((r) => (r.xa === xa && r.xb === xb ? r : { xa, xb }));
  }, [scrollRef]);
  useEffect(() => {
    syncX();
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(syncX);
    ro.observe(el);
    el.addEventListener("scroll", syncX, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener("scroll", syncX);
    };
  }, [syncX, scrollRef]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new zoom or range changes what is visible
  useEffect(() => syncX(), [scale, syncX]);
  return xr;
}

/**
 * The scrolling grid: ruler, hour guides, the rows in view (virtualized by @tanstack/react-virtual)
 * with the bars inside the visible x-range, DST and "now" lines and the drag preview. Its own
 * component so a scroll re-renders only this (the virtualizer and the x-range live here), and
 * memoised so the page's own state (dialogs, announcements) does not re-render the rows.
 */
export const TimelineGrid = memo(function TimelineGrid(props: {
  scrollRef: RefObject<HTMLDivElement | null>;
  items: Item[];
  eventsOf: (doorId: string) => CalendarEvent[];
  collapsed: ReadonlySet<string>;
  onToggle: (name: string) => void;
  scale: TimeScale;
  timeZone: string;
  marks: DstMark[];
  siteName: string;
  ghosts: GhostStore;
  rowMarks: MarkStore;
  canWrite: boolean;
  nameOf: (e: CalendarEvent, doorName: string) => string;
  ready: boolean;
  onPointerDown: (e: React.PointerEvent) => void;
  onKeyDown: (e: React.KeyboardEvent) => void;
  /** The site or group has no doors. */
  empty: boolean;
}) {
  const { scrollRef, items, scale, timeZone } = props;
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.kind === "group" ? GROUP_H : ROW_H),
    overscan: OVERSCAN_ROWS,
    scrollMargin: RULER_H,
    scrollPaddingStart: RULER_H,
  });
  const { xa, xb } = useVisibleX(scrollRef, scale);
  const laneWidth = widthOf(scale);
  const { ticks } = useMemo(() => hourTicks(scale.from, scale.to, timeZone), [scale.from, scale.to, timeZone]);
  const every = labelEvery(scale.pxPerHour);
  const now = Date.now();
  const nowX = now > scale.from && now < scale.to ? xOf(scale, now) : null;
  const height = rows.getTotalSize();
  const setsize = items.length;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: pointer and key events are delegated from the bars and lanes inside
    <div
      ref={scrollRef}
      className="card relative h-[70vh] min-w-0 flex-1 overflow-auto"
      onPointerDown={props.onPointerDown}
      onKeyDown={props.onKeyDown}
      data-testid="timeline"
      data-ready={props.ready ? "1" : undefined}
    >
      <TimelineRuler scale={scale} timeZone={timeZone} headWidth={HEAD_W} xa={xa} xb={xb} marks={props.marks} />
      <div className="relative" style={{ height, width: HEAD_W + laneWidth }}>
        {/* Guide lines at the labelled wall-clock hours (from the same ticks as the ruler), under the bars. */}
        {ticks.map((t) => {
          const x = xOf(scale, t.at);
          if ((t.minutes / 60) % every !== 0 || x < xa || x > xb) return null;
          return (
            <div
              key={t.at}
              aria-hidden
              className={`pointer-events-none absolute top-0 h-full border-l ${t.minutes === 0 ? "border-slate-300" : "border-slate-100"}`}
              style={{ left: HEAD_W + x }}
            />
          );
        })}
        <ul aria-label={`Doors of ${props.siteName}, ${items.length} rows`} className="absolute inset-0">
          {rows.getVirtualItems().map((v) => {
            const it = items[v.index]!;
            const top = v.start - RULER_H;
            return it.kind === "group" ? (
              <GroupRow
                key={`g:${it.name}`}
                name={it.name}
                count={it.count}
                collapsed={props.collapsed.has(it.name)}
                top={top}
                width={HEAD_W + laneWidth}
                posinset={v.index + 1}
                setsize={setsize}
                onToggle={props.onToggle}
              />
            ) : (
              <DoorRow
                key={it.door.id}
                door={it.door}
                events={props.eventsOf(it.door.id)}
                scale={scale}
                xa={xa}
                xb={xb}
                top={top}
                posinset={v.index + 1}
                setsize={setsize}
                marks={props.rowMarks}
                canWrite={props.canWrite}
                nameOf={props.nameOf}
              />
            );
          })}
        </ul>
        {props.marks.map((m) => (
          <div
            key={m.at}
            aria-hidden
            className="pointer-events-none absolute top-0 z-[5] border-l-2 border-dashed border-amber-500/70"
            style={{ left: HEAD_W + xOf(scale, m.at), height }}
          />
        ))}
        {nowX !== null ? (
          <div
            aria-hidden
            className="pointer-events-none absolute top-0 z-[5] border-l-2 border-rose-500"
            style={{ left: HEAD_W + nowX, height }}
          />
        ) : null}
        <GhostBar store={props.ghosts} scale={scale} />
      </div>
      {props.empty ? <p className="p-4 text-sm text-slate-600">No doors in this site or group.</p> : null}
    </div>
  );
});

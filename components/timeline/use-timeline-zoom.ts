"use client";

import { type RefObject, useEffect, useRef, useState } from "react";
import type { SpanDays } from "./timeline-range";
import { HEAD_W } from "./timeline-geometry";

/** Default zoom per span, so the whole span fits about one screen; zoom steps through ZOOMS. */
const SPAN_ZOOM: Record<SpanDays, number> = { 1: 48, 3: 16, 7: 7, 14: 3.5 };
const ZOOMS = [2, 3.5, 5, 7, 10, 16, 24, 32, 48, 64, 96, 128];

/**
 * Pixels per hour: the span's default until zoomed with −/+ (buttons, keys) or Ctrl/⌘+wheel.
 * A zoom keeps the instant in the middle of the view where it was.
 */
export function useTimelineZoom(span: SpanDays, scrollRef: RefObject<HTMLDivElement | null>) {
  const [zoom, setZoom] = useState<number | null>(null);
  const pxPerHour = zoom ?? SPAN_ZOOM[span];
  function stepZoom(dir: 1 | -1) {
    const el = scrollRef.current;
    const i = ZOOMS.findIndex((z) => z >= pxPerHour);
    const next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? ZOOMS.length - 1 : i) + dir))]!;
    if (next === pxPerHour || !el) return setZoom(next);
    const mid = (el.scrollLeft + (el.clientWidth - HEAD_W) / 2) / pxPerHour;
    setZoom(next);
    requestAnimationFrame(() => {
      el.scrollLeft = mid * next - (el.clientWidth - HEAD_W) / 2;
    });
  }
  const zoomRef = useRef(stepZoom);
  zoomRef.current = stepZoom;
  // Ctrl/⌘ + wheel zooms (a non-passive listener: React's onWheel cannot preventDefault the page zoom).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (ev: WheelEvent) => {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      zoomRef.current(ev.deltaY > 0 ? -1 : 1);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [scrollRef]);
  return { pxPerHour, stepZoom: (dir: 1 | -1) => zoomRef.current(dir) };
}

"use client";

import { memo } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { SYNC_WORDS } from "@/lib/model/sync-state";
import { SyncGlyph } from "../calendar/sync-badge";
import { NAMED_BAR_PX, ROW_H } from "./timeline-geometry";

const BAR_LOOK: Record<string, string> = {
  pending: "bg-sky-100 border-sky-500",
  awaiting_lock: "bg-indigo-100 border-indigo-500",
  applied: "bg-emerald-100 border-emerald-600",
  failed: "bg-red-100 border-red-600",
  lock_offline: "bg-amber-100 border-amber-600",
  removing: "bg-slate-100 border-slate-400",
  removed: "bg-slate-100 border-slate-400",
  scheduled: "bg-violet-100 border-violet-500",
};

/**
 * One window occurrence: a button of at most three elements (the bar, the state's glyph, the
 * customer's name when the bar is wide enough to show it). Its accessible name says who, where,
 * when and the lock's truth, so the glyph is only for the eye. The resize edges are not elements:
 * the drag reads them from the pointer's x on the bar (timeline-geometry.ts edgeAt), and the
 * resize cursor comes from CSS (.timeline-bar in globals.css). Handlers live on the timeline (event
 * delegation through data-bar), so the props are plain values and an unchanged window (the same
 * object after a poll) skips rendering.
 */
export const Bar = memo(function Bar(props: {
  event: CalendarEvent;
  x: number;
  w: number;
  name: string;
  selected: boolean;
  canWrite: boolean;
}) {
  const { event: e, x, w } = props;
  return (
    <button
      type="button"
      aria-label={props.name}
      aria-pressed={props.selected}
      title={`${props.name}. ${SYNC_WORDS[e.sync.state].explain}`}
      data-bar={e.id}
      data-window-id={e.windowId}
      data-customer={e.customerName}
      data-start={e.start}
      data-end={e.end}
      className={`absolute top-1 flex items-center gap-1 overflow-hidden rounded border-l-4 px-0.5 text-xs text-slate-900 shadow-sm outline-offset-1 focus-visible:outline-2 focus-visible:outline-indigo-600 ${BAR_LOOK[e.sync.state] ?? ""} ${props.selected ? "ring-2 ring-indigo-600" : ""} ${props.canWrite ? "timeline-bar cursor-grab touch-none" : "cursor-pointer"}`}
      style={{ left: x, width: Math.max(w, 3), height: ROW_H - 8 }}
    >
      {w >= 16 ? <SyncGlyph state={e.sync.state} /> : null}
      {w >= NAMED_BAR_PX ? <span className="truncate font-medium">{e.customerName}</span> : null}
    </button>
  );
});

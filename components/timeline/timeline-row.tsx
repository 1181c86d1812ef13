"use client";

import { memo } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineDoor } from "@/lib/access/views/timeline-view";
import { SYNC_WORDS } from "@/lib/model/sync-state";
import { type TimeScale, xOf } from "@/lib/time/time-ruler";
import { SyncBadge } from "../calendar/sync-badge";

export const ROW_H = 44;
export const GROUP_H = 32;
export const HEAD_W = 232;
/** Grab zone at each end of a bar that resizes instead of moving. */
export const EDGE_PX = 7;

const LOCK_STATES: Record<number, string> = {
  1: "locked",
  2: "unlocking",
  3: "unlocked",
  4: "locking",
  5: "unlatched",
  254: "motor blocked",
};

/** The door's live state in words (colour is never the only signal). */
export function doorStateText(d: TimelineDoor): string {
  const parts = [d.online ? "online" : "offline"];
  if (d.lockState != null) parts.push(LOCK_STATES[d.lockState] ?? `state ${d.lockState}`);
  if (d.batteryCritical) parts.push("battery critical");
  else if (d.batteryCharge != null) parts.push(`battery ${d.batteryCharge} %`);
  return parts.join(", ");
}

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
 * One window occurrence. Handlers live on the timeline (event delegation through data-bar), so a
 * bar's props are plain values and an unchanged window (the same object after a poll) skips
 * rendering.
 */
const Bar = memo(function Bar(props: {
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
      className={`absolute top-1 flex items-center gap-1 overflow-hidden rounded border-l-4 px-1 text-xs text-slate-900 shadow-sm outline-offset-1 focus-visible:outline-2 focus-visible:outline-indigo-600 ${BAR_LOOK[e.sync.state] ?? ""} ${props.selected ? "ring-2 ring-indigo-600" : ""} ${props.canWrite ? "cursor-grab touch-none" : "cursor-pointer"}`}
      style={{ left: x, width: Math.max(w, 3), height: ROW_H - 8 }}
    >
      {props.canWrite ? (
        <span data-edge="start" className="absolute inset-y-0 left-0 cursor-ew-resize" style={{ width: EDGE_PX }} />
      ) : null}
      <SyncBadge state={e.sync.state} compact detail={e.sync.error} />
      <span className="truncate font-medium">{e.customerName}</span>
      {props.canWrite ? (
        <span data-edge="end" className="absolute inset-y-0 right-0 cursor-ew-resize" style={{ width: EDGE_PX }} />
      ) : null}
    </button>
  );
});

/**
 * A door's row: its name and live state at the head (sticky on the left), then its lane with the
 * bars that intersect the visible x-range [xa, xb) — the rest are not rendered.
 */
export const DoorRow = memo(function DoorRow(props: {
  door: TimelineDoor;
  events: CalendarEvent[];
  scale: TimeScale;
  xa: number;
  xb: number;
  top: number;
  posinset: number;
  setsize: number;
  selectedId: string | null;
  hiddenId: string | null;
  canWrite: boolean;
  nameOf: (e: CalendarEvent, doorName: string) => string;
}) {
  const { door, scale } = props;
  const state = doorStateText(door);
  return (
    <li
      aria-label={`${door.name}${door.groupName ? ` (${door.groupName})` : ""}: ${state}`}
      aria-posinset={props.posinset}
      aria-setsize={props.setsize}
      data-door={door.name}
      data-door-id={door.id}
      className="absolute left-0 flex border-b border-slate-100"
      style={{ top: props.top, height: ROW_H, width: HEAD_W + xOf(scale, scale.to) }}
    >
      <div
        className="sticky left-0 z-10 flex shrink-0 flex-col justify-center border-r border-slate-300 bg-white px-2"
        style={{ width: HEAD_W }}
      >
        <span className="truncate text-sm font-medium text-slate-900">{door.name}</span>
        <span className="flex items-center gap-1 truncate text-[11px] text-slate-600">
          <span
            aria-hidden
            className={`inline-block h-2 w-2 rounded-full ${door.online ? "bg-emerald-500" : "bg-amber-500"}`}
          />
          {state}
        </span>
      </div>
      <div className="relative flex-1" data-lane={door.id}>
        {props.events.map((e) => {
          if (e.id === props.hiddenId) return null;
          const x1 = xOf(scale, Date.parse(e.start));
          const x2 = xOf(scale, Date.parse(e.end));
          if (x2 < props.xa || x1 > props.xb) return null;
          // Clipped to the range: a window that began before the range starts at its left edge.
          const left = Math.max(0, x1);
          const right = Math.min(xOf(scale, scale.to), x2);
          return (
            <Bar
              key={e.id}
              event={e}
              x={left}
              w={right - left}
              name={props.nameOf(e, door.name)}
              selected={e.id === props.selectedId}
              canWrite={props.canWrite}
            />
          );
        })}
      </div>
    </li>
  );
});

export const GroupRow = memo(function GroupRow(props: {
  name: string;
  count: number;
  collapsed: boolean;
  top: number;
  width: number;
  posinset: number;
  setsize: number;
  onToggle: (name: string) => void;
}) {
  return (
    <li
      aria-posinset={props.posinset}
      aria-setsize={props.setsize}
      className="absolute left-0 flex items-center border-b border-slate-200 bg-slate-50"
      style={{ top: props.top, height: GROUP_H, width: props.width }}
    >
      <button
        type="button"
        className="sticky left-0 flex items-center gap-1 px-2 text-sm font-semibold text-slate-800"
        aria-expanded={!props.collapsed}
        onClick={() => props.onToggle(props.name)}
      >
        <span aria-hidden>{props.collapsed ? "▸" : "▾"}</span>
        {props.name} <span className="font-normal text-slate-600">({props.count} doors)</span>
      </button>
    </li>
  );
});

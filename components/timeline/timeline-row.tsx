"use client";

import { memo } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineDoor } from "@/lib/access/views/timeline-view";
import { type TimeScale, xOf } from "@/lib/time/time-ruler";
import { type MarkStore, useRowMarks } from "./row-marks";
import { Bar } from "./timeline-bar";
import { GROUP_H, HEAD_W, ROW_H } from "./timeline-geometry";

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

/**
 * A door's row: its name and live state at the head (sticky on the left), then its lane with the
 * bars that intersect the visible x-range [xa, xb) — the rest are not rendered. Memoised on plain
 * props: scrolling, a drag or a status poll re-renders only the rows whose windows, marks or
 * visible range changed (the selection and the dragged bar come from the mark store).
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
  marks: MarkStore;
  canWrite: boolean;
  nameOf: (e: CalendarEvent, doorName: string) => string;
}) {
  const { door, scale } = props;
  const { selected, hidden } = useRowMarks(props.marks, props.events);
  const state = doorStateText(door);
  const laneEnd = xOf(scale, scale.to);
  return (
    <li
      aria-label={`${door.name}${door.groupName ? ` (${door.groupName})` : ""}: ${state}`}
      aria-posinset={props.posinset}
      aria-setsize={props.setsize}
      data-door={door.name}
      data-door-id={door.id}
      className="absolute left-0 flex border-b border-slate-100"
      style={{ top: props.top, height: ROW_H, width: HEAD_W + laneEnd }}
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
          if (e.id === hidden) return null;
          const x1 = xOf(scale, Date.parse(e.start));
          const x2 = xOf(scale, Date.parse(e.end));
          if (x2 < props.xa || x1 > props.xb) return null;
          // Clipped to the range: a window that began before the range starts at its left edge.
          const left = Math.max(0, x1);
          const right = Math.min(laneEnd, x2);
          return (
            <Bar
              key={e.id}
              event={e}
              x={left}
              w={right - left}
              name={props.nameOf(e, door.name)}
              selected={e.id === selected}
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

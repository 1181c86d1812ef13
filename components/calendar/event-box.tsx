"use client";

import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { SyncBadge } from "./sync-badge";

export type RbcEvent = {
  id: string;
  title: string;
  start: Date;
  end: Date;
  resourceId: string;
  data: CalendarEvent;
  /** Who, which door, when, lock state: the event's accessible name in every view. */
  name: string;
  doorName: string;
};

/** A window inside the grid (day, week, month). Its wrapper (the library's) gets its name from `data-event-name`. */
export function EventBox({ event, showDoor }: { event: RbcEvent; showDoor: boolean }) {
  return (
    // The state glyph sits on the name's line so even a 30-minute window shows it; the word follows when there is room.
    <div
      className="flex h-full flex-wrap content-start items-center gap-x-1 gap-y-0.5 overflow-hidden text-xs"
      data-testid="calendar-event"
      data-window-id={event.data.windowId}
      data-customer={event.data.customerName}
      data-event-name={event.name}
    >
      <SyncBadge state={event.data.sync.state} detail={event.data.sync.error} />
      <span className="font-medium break-words">
        {event.title}
        {showDoor ? ` · ${event.doorName}` : ""}
      </span>
    </div>
  );
}

/** A window in the agenda list: a real button (the library's agenda rows take no focus). */
export function AgendaEvent({ event, onOpen }: { event: RbcEvent; onOpen: (e: RbcEvent) => void }) {
  return (
    <button
      type="button"
      className="flex w-full flex-wrap items-center gap-x-2 gap-y-1 rounded text-left text-sm hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
      data-testid="calendar-event"
      data-window-id={event.data.windowId}
      data-customer={event.data.customerName}
      aria-label={event.name}
      onClick={() => onOpen(event)}
    >
      <span className="font-medium">{event.title}</span>
      <span className="text-slate-700">{event.doorName}</span>
      <SyncBadge state={event.data.sync.state} detail={event.data.sync.error} />
    </button>
  );
}

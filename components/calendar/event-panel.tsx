"use client";

import { forwardRef } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { SyncBadge } from "./sync-badge";
import { whenText } from "./event-name";

/**
 * The selected window: who, where, when, and the truth about its lock — with what staff can do
 * about it. The actions come right after the name so they stay in view on a short screen (200 %
 * zoom); below the large breakpoint the panel is a sheet over the bottom of the screen. The
 * heading takes focus when the panel opens, so a keyboard user lands next to Retry/Edit/Delete.
 */
export const EventPanel = forwardRef<
  HTMLHeadingElement,
  {
    event: CalendarEvent;
    doorName: string;
    canWrite: boolean;
    timeZone: string;
    onEdit: () => void;
    onDelete: () => void;
    onRetry: () => void;
    onClose: () => void;
  }
>(function EventPanel(props, headingRef) {
  const { event: e } = props;
  const fmt = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: props.timeZone,
  });
  return (
    <aside
      aria-labelledby="event-panel-title"
      className="card fixed inset-x-2 bottom-2 z-30 max-h-[60vh] space-y-2 overflow-y-auto p-3 text-sm shadow-lg lg:static lg:z-auto lg:max-h-none lg:w-72 lg:shrink-0 lg:space-y-3 lg:p-4 lg:shadow-sm"
      data-testid="event-panel"
      onKeyDown={(k) => {
        if (k.key === "Escape") props.onClose();
      }}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id="event-panel-title" ref={headingRef} tabIndex={-1} className="font-semibold text-slate-900">
            {e.customerName}
          </h2>
          <p className="text-slate-700">
            {props.doorName} · {whenText(e.start, e.end, props.timeZone)}
            {e.spec.kind === "weekly" ? " · weekly" : ""}
          </p>
        </div>
        <button
          type="button"
          className="rounded p-1 text-slate-600 hover:text-slate-900"
          onClick={props.onClose}
          aria-label="Close details"
        >
          ✕
        </button>
      </div>
      {props.canWrite ? (
        <div className="flex flex-wrap gap-2">
          {e.sync.state === "failed" ? (
            <button type="button" className="btn-primary py-1" onClick={props.onRetry}>
              Retry
            </button>
          ) : null}
          <button type="button" className="btn-secondary py-1" onClick={props.onEdit}>
            Edit…
          </button>
          <button type="button" className="btn-secondary py-1 text-red-700" onClick={props.onDelete}>
            Delete
          </button>
        </div>
      ) : null}
      <div className="space-y-1">
        <SyncBadge state={e.sync.state} detail={e.sync.error} />
        <p className="text-xs text-slate-600">
          since {fmt.format(new Date(e.sync.since))}
          {e.sync.credential ? ` · ${e.sync.credential === "app" ? "Nuki app invite" : "keypad code"}` : ""}
        </p>
        {e.sync.offlineSince ? (
          <p className="text-xs text-amber-800">Lock offline since {fmt.format(new Date(e.sync.offlineSince))}.</p>
        ) : null}
        {e.sync.error ? (
          <p className="rounded bg-red-50 p-2 text-xs text-red-800" data-testid="sync-error">
            {e.sync.error}
          </p>
        ) : null}
      </div>
      {e.note ? <p className="text-slate-700">“{e.note}”</p> : null}
    </aside>
  );
});

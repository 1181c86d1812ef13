"use client";

import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { SyncBadge } from "./sync-badge";

/** The selected window: who, where, when, and the truth about its lock — with what staff can do about it. */
export function EventPanel(props: {
  event: CalendarEvent;
  doorName: string;
  canWrite: boolean;
  timeZone: string;
  onEdit: () => void;
  onDelete: () => void;
  onRetry: () => void;
  onClose: () => void;
}) {
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
    <aside aria-label="Selected window" className="card w-72 shrink-0 space-y-3 p-4 text-sm" data-testid="event-panel">
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="font-semibold text-slate-900">{e.customerName}</p>
          <p className="text-slate-600">{props.doorName}</p>
        </div>
        <button className="text-slate-500 hover:text-slate-900" onClick={props.onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <p>
        {fmt.format(new Date(e.start))} – {fmt.format(new Date(e.end))}
        {e.spec.kind === "weekly" ? " · weekly" : ""}
      </p>
      <div className="space-y-1">
        <SyncBadge state={e.sync.state} detail={e.sync.error} />
        <p className="text-xs text-slate-500">
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
      {e.note ? <p className="text-slate-600">“{e.note}”</p> : null}
      {props.canWrite ? (
        <div className="flex flex-wrap gap-2">
          {e.sync.state === "failed" ? (
            <button className="btn-primary py-1" onClick={props.onRetry}>
              Retry
            </button>
          ) : null}
          <button className="btn-secondary py-1" onClick={props.onEdit}>
            Edit…
          </button>
          <button className="btn-secondary py-1 text-red-700" onClick={props.onDelete}>
            Delete
          </button>
        </div>
      ) : null}
    </aside>
  );
}

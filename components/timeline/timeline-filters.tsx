"use client";

import { useState } from "react";
import type { TimelineSiteOption } from "@/lib/access/views/timeline-view";
import { FILTERABLE_SYNC_STATES, type SyncState, syncLabel } from "@/lib/model/sync-state";
import type { CustomerOption } from "../calendar/calendar-filters";
import { SPANS, type SpanDays, type TimelineState } from "./timeline-state";

const SPAN_WORDS: Record<SpanDays, string> = { 1: "Day", 3: "3 days", 7: "Week", 14: "2 weeks" };

/** Site, door group, customer and status; the span and first day. All of it lives in the URL. */
export function TimelineFilters(props: {
  state: TimelineState;
  setState: (patch: Partial<TimelineState>) => void;
  sites: TimelineSiteOption[];
  customers: CustomerOption[];
  zoom: { in: () => void; out: () => void };
  onNew?: () => void;
  shiftDate: (days: number) => void;
  today: () => void;
}) {
  const { state, setState, sites, customers } = props;
  const groups = sites.find((s) => s.id === state.site)?.groups ?? [];
  // A building has thousands of customers: their options are put in only when the picker is about
  // to open (pointer down or focus, both before the list shows), not on every load of the page.
  const [allCustomers, setAllCustomers] = useState(false);
  const shownCustomers = allCustomers ? customers : customers.filter((c) => c.id === state.customer);
  return (
    <div className="space-y-2">
      <fieldset className="flex flex-wrap items-end gap-2">
        <legend className="sr-only">Timeline filters</legend>
        <select
          aria-label="Site"
          className="input w-auto max-w-full"
          value={state.site ?? ""}
          onChange={(e) => setState({ site: e.target.value || null, group: null })}
        >
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.timeZone})
            </option>
          ))}
        </select>
        <select
          aria-label="Door group"
          className="input w-auto max-w-full"
          value={state.group ?? ""}
          onChange={(e) => setState({ group: e.target.value || null })}
        >
          <option value="">All door groups</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Customer"
          className="input w-auto max-w-full"
          value={state.customer ?? ""}
          onChange={(e) => setState({ customer: e.target.value || null })}
          onPointerDown={() => setAllCustomers(true)}
          onFocus={() => setAllCustomers(true)}
        >
          <option value="">All customers</option>
          {shownCustomers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Sync status"
          className="input w-auto max-w-full"
          value={state.states[0] ?? ""}
          onChange={(e) => setState({ states: e.target.value ? [e.target.value as SyncState] : [] })}
        >
          <option value="">Any status</option>
          {FILTERABLE_SYNC_STATES.map((s) => (
            <option key={s} value={s}>
              {syncLabel(s)}
            </option>
          ))}
        </select>
        {props.onNew ? (
          <button type="button" className="btn-primary ml-auto" onClick={props.onNew}>
            New window
          </button>
        ) : null}
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn-secondary" onClick={() => props.shiftDate(-state.span)}>
          <span aria-hidden>‹</span> Earlier
        </button>
        <button type="button" className="btn-secondary" onClick={props.today}>
          Today
        </button>
        <button type="button" className="btn-secondary" onClick={() => props.shiftDate(state.span)}>
          Later <span aria-hidden>›</span>
        </button>
        <label className="flex items-center gap-1 text-sm text-slate-700">
          From
          <input
            type="date"
            className="input w-auto"
            value={state.date}
            onChange={(e) => e.target.value && setState({ date: e.target.value })}
          />
        </label>
        <fieldset className="flex gap-1">
          <legend className="sr-only">Span</legend>
          {SPANS.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={state.span === s}
              className={state.span === s ? "btn-primary" : "btn-secondary"}
              onClick={() => setState({ span: s })}
            >
              {SPAN_WORDS[s]}
            </button>
          ))}
        </fieldset>
        <fieldset className="flex gap-1">
          <legend className="sr-only">Zoom</legend>
          <button type="button" className="btn-secondary" onClick={props.zoom.out} aria-label="Zoom out">
            −
          </button>
          <button type="button" className="btn-secondary" onClick={props.zoom.in} aria-label="Zoom in">
            +
          </button>
        </fieldset>
      </div>
    </div>
  );
}

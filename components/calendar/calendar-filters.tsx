"use client";

import { FILTERABLE_SYNC_STATES, syncLabel, type SyncState } from "@/lib/model/sync-state";
import type { CalendarState } from "./calendar-state";

export type DoorOption = { id: string; name: string; groupName: string | null; online: boolean };
export type SiteOption = { id: string; name: string; timeZone: string };
export type CustomerOption = { id: string; name: string; email: string; groupName: string | null };

/** Door group, door, customer and status: what the calendar fetches and draws (kept in the URL by calendar-state). */
export function CalendarFilters(props: {
  state: CalendarState;
  setState: (patch: Partial<CalendarState>) => void;
  doors: DoorOption[];
  customers: CustomerOption[];
  /** With the site shown; a new site clears the door filters (they name the old site's doors). */
  sites?: SiteOption[];
  siteId?: string | null;
  children?: React.ReactNode;
}) {
  const { state, setState, doors, customers, sites = [], siteId } = props;
  const groups = [...new Set(doors.map((d) => d.groupName).filter((g): g is string => !!g))];
  return (
    <fieldset className="flex flex-wrap items-end gap-2">
      <legend className="sr-only">Calendar filters</legend>
      {sites.length ? (
        <select
          aria-label="Site"
          className="input w-auto max-w-full"
          value={siteId ?? ""}
          onChange={(e) => setState({ site: e.target.value || null, group: null, doors: [], window: null })}
        >
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.timeZone})
            </option>
          ))}
        </select>
      ) : null}
      <select
        aria-label="Door group"
        className="input w-auto max-w-full"
        value={state.group ?? ""}
        onChange={(e) => setState({ group: e.target.value || null, doors: [] })}
      >
        <option value="">All door groups</option>
        {groups.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      <select
        aria-label="Door"
        className="input w-auto max-w-full"
        value={state.doors[0] ?? ""}
        onChange={(e) => setState({ doors: e.target.value ? [e.target.value] : [] })}
      >
        <option value="">All doors</option>
        {doors.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Customer"
        className="input w-auto max-w-full"
        value={state.customer ?? ""}
        onChange={(e) => setState({ customer: e.target.value || null })}
      >
        <option value="">All customers</option>
        {customers.map((c) => (
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
      {props.children}
    </fieldset>
  );
}

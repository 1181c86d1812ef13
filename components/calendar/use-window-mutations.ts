"use client";

import {
  createWindowAction,
  createWindowsAction,
  deleteWindowAction,
  editOccurrenceAction,
  retryGrantAction,
  updateWindowAction,
} from "@/app/actions/windows";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { ActionError } from "@/lib/actions/action-result";
import type { WindowSpecInput } from "@/lib/model/window-spec";
import { movedSpec, type Move } from "./moved-spec";
import { unwrap, useOptimisticCalendarMutation } from "./use-calendar-events";

export type WindowDraft = { customerId: string; doorIds: string[]; window: WindowSpecInput; note?: string };
export type SaveResult = { ok: true; windowIds: string[] } | { ok: false; error: ActionError };

/**
 * Every change staff make to windows on a view of them (calendar today, a timeline tomorrow):
 * optimistic where the outcome is certain enough to draw at once (move, delete — shown as
 * "Sending to lock" until the engine confirms), a refetch after everything else. The caller
 * says how to reload and how to report a refusal; the state words come from the server's data.
 */
export function useWindowMutations(opts: {
  /** The cached query this view draws from (see calendarKey). */
  queryKey: readonly unknown[];
  refetch: () => Promise<unknown>;
  onFailure: (e: Error) => void;
  /** The occurrence's start on the wall clock before a drag (weekly series move by weekday and time of day). */
  wallStartOf: (e: CalendarEvent) => Date;
}) {
  const { queryKey, refetch, onFailure } = opts;

  const move = useOptimisticCalendarMutation(
    queryKey,
    (m: Move) =>
      unwrap(
        updateWindowAction({
          windowId: m.event.windowId,
          expectedVersion: m.event.version,
          doorId: m.doorId,
          window: movedSpec(m, opts.wallStartOf(m.event)),
        }),
      ),
    (all, m) =>
      all.map((e) =>
        e.windowId === m.event.windowId
          ? {
              ...e,
              start: m.start.toISOString(),
              end: m.end.toISOString(),
              doorId: m.doorId,
              sync: { ...e.sync, state: "pending", error: null },
            }
          : e,
      ),
    onFailure,
  );

  const remove = useOptimisticCalendarMutation(
    queryKey,
    (e: CalendarEvent) => unwrap(deleteWindowAction({ windowId: e.windowId, expectedVersion: e.version })),
    (all, v) => all.filter((e) => e.windowId !== v.windowId),
    onFailure,
  );

  /** One occurrence of a weekly series: split the series server-side, then reload the range. */
  const changeOccurrence = (e: CalendarEvent, change: "delete" | { startsAt: Date; endsAt: Date; doorId: string }) =>
    unwrap(
      editOccurrenceAction({
        windowId: e.windowId,
        expectedVersion: e.version,
        occurrenceDate: e.occurrenceDate,
        change,
      }),
    ).then(() => refetch(), onFailure);

  /** Undo of a delete: the same window again (a new id; the lock gets it anew). */
  const restore = (e: CalendarEvent) =>
    unwrap(
      createWindowAction({ customerId: e.customerId, doorId: e.doorId, window: e.spec, note: e.note ?? undefined }),
    ).then(() => refetch(), onFailure);

  const retry = (e: CalendarEvent) =>
    e.sync.grantId ? unwrap(retryGrantAction({ grantId: e.sync.grantId })).then(() => refetch(), onFailure) : undefined;

  /** The dialog's Save: a new window on each chosen door, or the edited window (one door). */
  async function save(draft: WindowDraft, editing?: CalendarEvent): Promise<SaveResult> {
    const r = editing
      ? await updateWindowAction({
          windowId: editing.windowId,
          expectedVersion: editing.version,
          doorId: draft.doorIds[0],
          window: draft.window,
          note: draft.note,
        }).then((x) => (x.ok ? { ok: true as const, data: [x.data.window.id] } : x))
      : await createWindowsAction({ ...draft }).then((x) =>
          x.ok ? { ok: true as const, data: x.data.map((w) => w.window.id) } : x,
        );
    if (!r.ok) return r;
    // The dialog closes as soon as the server has the window; the view catches up in the background
    // (and focus follows the window once it is drawn).
    void refetch();
    return { ok: true, windowIds: r.data };
  }

  return { move, remove, changeOccurrence, restore, retry, save };
}

"use client";

import { format, getDay, parse, startOfWeek } from "date-fns";
import { enUS } from "date-fns/locale";
import { useMemo, useState } from "react";
import { Calendar, dateFnsLocalizer, type View } from "react-big-calendar";
import withDragAndDrop, { type EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop";
import "react-big-calendar/lib/css/react-big-calendar.css";
import "react-big-calendar/lib/addons/dragAndDrop/styles.css";
import {
  createWindowAction,
  deleteWindowAction,
  editOccurrenceAction,
  retryGrantAction,
  updateWindowAction,
} from "@/app/actions/windows";
import type { CalendarEvent, SyncState } from "@/lib/access/views/calendar-view";
import type { WindowSpecInput } from "@/lib/access/windows/schemas";
import { useToast } from "@/components/ui/toast";
import { fromWall, toWall } from "@/lib/time/wall-clock";
import { rangeOf, useCalendarState, type CalendarViewName } from "./calendar-state";
import { EventPanel } from "./event-panel";
import { SyncBadge, syncLabel } from "./sync-badge";
import {
  ActionFailure,
  calendarKey,
  unwrap,
  useCalendarEvents,
  useOptimisticCalendarMutation,
} from "./use-calendar-events";
import { WindowDialog, type DialogValue, type Option } from "./window-dialog";

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (d: Date) => startOfWeek(d, { weekStartsOn: 1 }),
  getDay,
  locales: { "en-US": enUS },
});
type RbcEvent = { id: string; title: string; start: Date; end: Date; resourceId: string; data: CalendarEvent };
const DnDCalendar = withDragAndDrop<RbcEvent, { id: string; title: string }>(Calendar);

/** Time grids get slow and unreadable past this; the calendar asks for filters or the agenda instead. */
const TIME_GRID_LIMIT = 500;
const STATES: SyncState[] = ["pending", "awaiting_lock", "applied", "failed", "lock_offline", "scheduled"];
export type DoorOption = { id: string; name: string; groupName: string | null; online: boolean };
export type CustomerOption = { id: string; name: string; email: string; groupName: string | null };

export function AccessCalendar({
  doors,
  customers,
  canWrite,
  timeZone,
}: {
  doors: DoorOption[];
  customers: CustomerOption[];
  canWrite: boolean;
  timeZone: string;
}) {
  const [state, setState] = useCalendarState();
  const toast = useToast();
  // The widget works in "wall" Dates (browser-local fields = building wall clock); the server in instants.
  const wallRange = rangeOf(state.view, state.date);
  const range = { from: fromWall(wallRange.from, timeZone), to: fromWall(wallRange.to, timeZone) };
  const visibleDoors = doors.filter(
    (d) => (!state.group || d.groupName === state.group) && (!state.doors.length || state.doors.includes(d.id)),
  );
  const filter = {
    ...range,
    doors: state.doors.length || state.group ? visibleDoors.map((d) => d.id) : [],
    customer: state.customer,
    states: state.states,
  };
  const key = calendarKey(filter);
  const query = useCalendarEvents(filter);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [choice, setChoice] = useState<null | ({ kind: "move" } & Move) | { kind: "delete"; event: CalendarEvent }>(
    null,
  );
  const [dialog, setDialog] = useState<
    | null
    | { mode: "create"; initial: Partial<DialogValue> & { window: WindowSpecInput } }
    | { mode: "edit"; event: CalendarEvent }
  >(null);

  const events = query.data?.events ?? [];
  const tooMany = (state.view === "day" || state.view === "week") && events.length > TIME_GRID_LIMIT;
  const rbcEvents = useMemo<RbcEvent[]>(
    () =>
      tooMany
        ? []
        : events.map((e) => ({
            id: e.id,
            title: e.customerName,
            start: toWall(new Date(e.start), timeZone),
            end: toWall(new Date(e.end), timeZone),
            resourceId: e.doorId,
            data: e,
          })),
    [events, tooMany, timeZone],
  );
  const selected = events.find((e) => e.id === selectedId) ?? null;
  const doorName = (id: string) => doors.find((d) => d.id === id)?.name ?? "?";
  const customerOptions: Option[] = customers.map((c) => ({ id: c.id, name: c.name, hint: c.groupName ?? c.email }));
  const doorOptions: Option[] = doors.map((d) => ({
    id: d.id,
    name: d.name,
    hint: d.online ? d.groupName : "offline",
  }));
  // Doors side by side in the day view; in the week view only when few are chosen (else 7 × 12 columns).
  const withResources = state.view === "day" || (state.view === "week" && visibleDoors.length <= 3);

  const fail = (e: Error) =>
    toast({
      tone: "error",
      message: e instanceof ActionFailure ? e.error.message : "The change could not be saved. Try again.",
    });
  const move = useOptimisticCalendarMutation(
    key,
    (v: Move) =>
      unwrap(
        updateWindowAction({
          windowId: v.event.windowId,
          expectedVersion: v.event.version,
          doorId: v.doorId,
          window: movedSpec(v, timeZone),
        }),
      ),
    (all, v) =>
      all.map((e) =>
        e.windowId === v.event.windowId
          ? {
              ...e,
              start: v.start.toISOString(),
              end: v.end.toISOString(),
              doorId: v.doorId,
              sync: { ...e.sync, state: "pending", error: null },
            }
          : e,
      ),
    fail,
  );
  const remove = useOptimisticCalendarMutation(
    key,
    (v: CalendarEvent) => unwrap(deleteWindowAction({ windowId: v.windowId, expectedVersion: v.version })),
    (all, v) => all.filter((e) => e.windowId !== v.windowId),
    fail,
  );

  function onDrop({ event, start, end, resourceId }: EventInteractionArgs<RbcEvent>) {
    if (!canWrite) return;
    const doorId = typeof resourceId === "string" ? resourceId : event.resourceId;
    const wallStart = new Date(start),
      wallEnd = new Date(end);
    if (
      wallStart.getTime() === event.start.getTime() &&
      wallEnd.getTime() === event.end.getTime() &&
      doorId === event.resourceId
    )
      return;
    const m: Move = {
      event: event.data,
      start: fromWall(wallStart, timeZone),
      end: fromWall(wallEnd, timeZone),
      wallStart,
      wallEnd,
      doorId,
    };
    if (event.data.spec.kind === "weekly") return setChoice({ kind: "move", ...m });
    move.mutate(m);
  }

  /** One occurrence of a weekly series: split the series server-side, then reload the range. */
  async function changeOccurrence(
    e: CalendarEvent,
    change: "delete" | { startsAt: Date; endsAt: Date; doorId: string },
  ) {
    setChoice(null);
    setSelectedId(null);
    await unwrap(
      editOccurrenceAction({
        windowId: e.windowId,
        expectedVersion: e.version,
        occurrenceDate: e.occurrenceDate,
        change,
      }),
    ).then(() => query.refetch(), fail);
  }

  function onDelete(e: CalendarEvent) {
    if (e.spec.kind === "weekly" && choice?.kind !== "delete") return setChoice({ kind: "delete", event: e });
    setChoice(null);
    setSelectedId(null);
    remove.mutate(e, {
      onSuccess: () =>
        toast({
          tone: "info",
          message: `Deleted ${e.customerName}'s window on ${doorName(e.doorId)}.`,
          action: {
            label: "Undo",
            run: () =>
              void unwrap(
                createWindowAction({
                  customerId: e.customerId,
                  doorId: e.doorId,
                  window: e.spec,
                  note: e.note ?? undefined,
                }),
              ).then(() => query.refetch(), fail),
          },
        }),
    });
  }

  async function submitDialog(v: DialogValue) {
    const r =
      dialog?.mode === "edit"
        ? await updateWindowAction({
            windowId: dialog.event.windowId,
            expectedVersion: dialog.event.version,
            doorId: v.doorId,
            window: v.window,
            note: v.note,
          })
        : await createWindowAction(v);
    if (!r.ok) return r.error;
    await query.refetch();
    toast({ tone: "info", message: "Saved. Sending to the lock…" });
    return null;
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2" role="group" aria-label="Calendar filters">
        <select
          aria-label="Door group"
          className="input w-auto"
          value={state.group ?? ""}
          onChange={(e) => setState({ group: e.target.value || null, doors: [] })}
        >
          <option value="">All door groups</option>
          {[...new Set(doors.map((d) => d.groupName).filter(Boolean))].map((g) => (
            <option key={g} value={g!}>
              {g}
            </option>
          ))}
        </select>
        <select
          aria-label="Door"
          className="input w-auto"
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
          className="input w-auto"
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
          className="input w-auto"
          value={state.states[0] ?? ""}
          onChange={(e) => setState({ states: e.target.value ? [e.target.value as SyncState] : [] })}
        >
          <option value="">Any status</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {syncLabel(s)}
            </option>
          ))}
        </select>
        {canWrite ? (
          <button
            className="btn-primary ml-auto"
            onClick={() =>
              setDialog({
                mode: "create",
                initial: {
                  doorId: visibleDoors[0]?.id,
                  window: {
                    kind: "once",
                    startsAt: roundedNow(),
                    endsAt: new Date(roundedNow().getTime() + 3_600_000),
                  },
                },
              })
            }
          >
            New window
          </button>
        ) : null}
      </div>
      {query.isError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {(query.error as Error).message}
        </p>
      ) : null}
      <p className="text-xs text-slate-500" data-testid="calendar-zone">
        Times are the building&apos;s: {timeZone}.
      </p>
      {tooMany ? (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {events.length} windows in this range — too many to draw in a time grid. Pick a door group, a door or a
          customer, or use the agenda or month view.
        </p>
      ) : null}
      {query.data?.truncated ? (
        <p role="status" className="text-sm text-amber-800">
          Showing the first {events.length} of {query.data.total} windows; narrow the filters.
        </p>
      ) : null}
      <div className="flex gap-3">
        <div className="card min-w-0 flex-1 p-2" style={{ height: 720 }} data-testid="calendar">
          <DnDCalendar
            localizer={localizer}
            events={rbcEvents}
            view={state.view as View}
            views={["day", "week", "month", "agenda"]}
            onView={(v) => setState({ view: v as CalendarViewName })}
            date={state.date}
            onNavigate={(d) => setState({ date: d })}
            resources={withResources ? visibleDoors.map((d) => ({ id: d.id, title: d.name })) : undefined}
            resourceIdAccessor="id"
            resourceTitleAccessor="title"
            step={30}
            timeslots={2}
            scrollToTime={new Date(1970, 0, 1, 7)}
            selectable={canWrite}
            resizable={canWrite}
            draggableAccessor={() => canWrite}
            onEventDrop={onDrop}
            onEventResize={onDrop}
            onSelectSlot={(slot) =>
              canWrite &&
              setDialog({
                mode: "create",
                initial: {
                  doorId: typeof slot.resourceId === "string" ? slot.resourceId : visibleDoors[0]?.id,
                  window: {
                    kind: "once",
                    startsAt: fromWall(slot.start, timeZone),
                    endsAt: fromWall(slot.end, timeZone),
                  },
                },
              })
            }
            getNow={() => toWall(new Date(), timeZone)}
            onSelectEvent={(e) => setSelectedId(e.id)}
            // Events are focusable buttons; Enter or Space opens the same panel a click does (keyboard path to edit/delete/retry).
            onKeyPressEvent={(e, ev) => {
              const key = (ev as unknown as KeyboardEvent).key;
              if (key === "Enter" || key === " ") setSelectedId(e.id);
            }}
            selected={selected ? rbcEvents.find((r) => r.id === selected.id) : undefined}
            eventPropGetter={(e) => ({ className: `sync-${e.data.sync.state}` })}
            components={{
              event: ({ event }) => (
                <EventBox event={event} showDoor={!withResources} doorName={doorName(event.resourceId)} />
              ),
            }}
            popup
          />
        </div>
        {selected ? (
          <EventPanel
            event={selected}
            doorName={doorName(selected.doorId)}
            canWrite={canWrite}
            timeZone={timeZone}
            onClose={() => setSelectedId(null)}
            onEdit={() => setDialog({ mode: "edit", event: selected })}
            onDelete={() => onDelete(selected)}
            onRetry={() =>
              selected.sync.grantId &&
              void unwrap(retryGrantAction({ grantId: selected.sync.grantId })).then(() => query.refetch(), fail)
            }
          />
        ) : null}
      </div>
      {choice ? (
        <div
          role="dialog"
          aria-modal="true"
          aria-labelledby="choice-title"
          className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40"
          data-testid="series-choice"
        >
          <div className="card w-full max-w-sm space-y-3 p-5">
            <h2 id="choice-title" className="font-semibold">
              {choice.kind === "move" ? "Move" : "Delete"} a weekly window
            </h2>
            <p className="text-sm text-slate-600">
              {choice.event.customerName} has this window every week. Change only this occurrence, or the whole series?
            </p>
            <div className="flex flex-col gap-2">
              <button
                className="btn-primary"
                autoFocus
                onClick={() =>
                  void changeOccurrence(
                    choice.event,
                    choice.kind === "delete"
                      ? "delete"
                      : { startsAt: choice.start, endsAt: choice.end, doorId: choice.doorId },
                  )
                }
              >
                Only this occurrence
              </button>
              <button
                className="btn-secondary"
                onClick={() => {
                  if (choice.kind === "move") {
                    const { kind: _k, ...m } = choice;
                    move.mutate(m);
                    setChoice(null);
                  } else onDelete(choice.event);
                }}
              >
                The whole series
              </button>
              <button className="btn-secondary" onClick={() => setChoice(null)}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      ) : null}
      {dialog ? (
        <WindowDialog
          title={dialog.mode === "edit" ? "Edit window" : "New access window"}
          timeZone={timeZone}
          customers={customerOptions}
          doors={doorOptions}
          lockCustomer={dialog.mode === "edit"}
          excludeWindowId={dialog.mode === "edit" ? dialog.event.windowId : undefined}
          initial={
            dialog.mode === "edit"
              ? {
                  customerId: dialog.event.customerId,
                  doorId: dialog.event.doorId,
                  window: dialog.event.spec,
                  note: dialog.event.note ?? undefined,
                }
              : dialog.initial
          }
          onSubmit={submitDialog}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

function EventBox({ event, showDoor, doorName }: { event: RbcEvent; showDoor: boolean; doorName: string }) {
  return (
    // The state glyph sits on the name's line so even a 30-minute window shows it; the word follows when there is room.
    <div
      className="flex h-full flex-wrap content-start items-center gap-x-1 gap-y-0.5 overflow-hidden text-xs"
      data-testid="calendar-event"
      data-window-id={event.data.windowId}
      data-customer={event.data.customerName}
    >
      <SyncBadge state={event.data.sync.state} detail={event.data.sync.error} />
      <span className="truncate font-medium">
        {event.title}
        {showDoor ? ` · ${doorName}` : ""}
      </span>
    </div>
  );
}

function roundedNow() {
  const d = new Date(Math.ceil(Date.now() / 1_800_000) * 1_800_000);
  return d;
}

type Move = { event: CalendarEvent; start: Date; end: Date; wallStart: Date; wallEnd: Date; doorId: string };

/**
 * A dragged occurrence → the window's new spec: instants for a one-off; for a weekly series the
 * same shift of weekday and time of day, read on the building's wall clock.
 */
function movedSpec(m: Move, timeZone: string): WindowSpecInput {
  const e = m.event;
  if (e.spec.kind === "once") return { kind: "once", startsAt: m.start, endsAt: m.end };
  const shiftDays = Math.round(
    (startOfDayMs(m.wallStart) - startOfDayMs(toWall(new Date(e.start), timeZone))) / 86_400_000,
  );
  const rot = ((shiftDays % 7) + 7) % 7;
  let weekdays = 0;
  for (let i = 0; i < 7; i++) if (e.spec.weekdays & (64 >> i)) weekdays |= 64 >> ((i + rot) % 7);
  const minutes = (d: Date) => d.getHours() * 60 + d.getMinutes();
  const untilMinute =
    minutes(m.wallEnd) === 0 && m.wallEnd.getTime() > m.wallStart.getTime() ? 1440 : minutes(m.wallEnd);
  return { ...e.spec, weekdays, fromMinute: minutes(m.wallStart), untilMinute };
}
const startOfDayMs = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

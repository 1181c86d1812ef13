"use client";

import { format, getDay, isSameDay, parse, startOfWeek } from "date-fns";
import { enUS } from "date-fns/locale";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Calendar, dateFnsLocalizer, type View } from "react-big-calendar";
import withDragAndDrop, { type EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop";
import "react-big-calendar/lib/css/react-big-calendar.css";
import "react-big-calendar/lib/addons/dragAndDrop/styles.css";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { useToast } from "@/components/ui/toast";
import { zoneAbbreviation } from "@/lib/time/format-zoned";
import { dstWallSpans } from "@/lib/time/time-ruler";
import { fromWall, toWall } from "@/lib/time/wall-clock";
import { stayOnDay } from "@/lib/model/door-scheduling";
import { useCalendarAria } from "./calendar-aria";
import { CalendarFilters, type CustomerOption, type DoorOption, type SiteOption } from "./calendar-filters";
import { dstSlotProps } from "./dst-slots";
import { rangeOf, useCalendarState, type CalendarViewName } from "./calendar-state";
import { AgendaEvent, EventBox, type RbcEvent } from "./event-box";
import { eventName } from "./event-name";
import { EventPanel } from "./event-panel";
import { focusWindowSoon } from "./focus-window";
import { LiveRegions } from "./live-regions";
import type { Move } from "./moved-spec";
import { SeriesChoiceDialog } from "./series-choice-dialog";
import { ActionFailure, calendarKey, useCalendarEvents } from "./use-calendar-events";
import { useMediaQuery } from "./use-media-query";
import { useSyncAnnouncements } from "./use-sync-announcements";
import { useWindowMutations } from "./use-window-mutations";
import { type DialogInitial, WindowDialog } from "./window-dialog";

export type { CustomerOption, DoorOption, SiteOption } from "./calendar-filters";

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (d: Date) => startOfWeek(d, { weekStartsOn: 1 }),
  getDay,
  locales: { "en-US": enUS },
});
const DnDCalendar = withDragAndDrop<RbcEvent, { id: string; title: string }>(Calendar);
// The building's clock is 24-hour in every label (and shorter than "10:00 AM – 12:00 PM" on a phone).
const hm = (d: Date) => format(d, "HH:mm");
const FORMATS = {
  timeGutterFormat: hm,
  eventTimeRangeFormat: ({ start, end }: { start: Date; end: Date }) => `${hm(start)}–${hm(end)}`,
  agendaTimeRangeFormat: ({ start, end }: { start: Date; end: Date }) => `${hm(start)}–${hm(end)}`,
  agendaTimeFormat: hm,
  selectRangeFormat: ({ start, end }: { start: Date; end: Date }) => `${hm(start)}–${hm(end)}`,
  // Dates as people here read them (day month year), not the US default 12/10/2026.
  agendaDateFormat: (d: Date) => format(d, "EEE d MMM"),
  agendaHeaderFormat: ({ start, end }: { start: Date; end: Date }) =>
    `${format(start, "d MMM yyyy")} – ${format(end, "d MMM yyyy")}`,
  dayHeaderFormat: (d: Date) => format(d, "EEEE d MMMM yyyy"),
  dayRangeHeaderFormat: ({ start, end }: { start: Date; end: Date }) =>
    `${format(start, "d MMM")} – ${format(end, "d MMM yyyy")}`,
  dayFormat: (d: Date) => format(d, "EEE d"),
};

/** Time grids get slow and unreadable past this; the calendar asks for filters or the agenda instead. */
const TIME_GRID_LIMIT = 500;

type Choice = ({ kind: "move" } & Move) | { kind: "delete"; event: CalendarEvent };
type DialogState = null | { mode: "create"; initial: DialogInitial } | { mode: "edit"; event: CalendarEvent };

/** A door as the calendar gets it; `takesNewWindows` false (archived, awaiting a site): shown, never offered for a new window. */
export type CalendarDoor = DoorOption & { takesNewWindows?: boolean };
/** The shown site's default stay (minutes of its wall-clock day), when it has one. */
export type SiteStay = { checkInMinutes: number | null; checkOutMinutes: number | null };

/**
 * A new window's default on the day in view: the site's stay (check-in → check-out) when it has
 * one, else the next half hour if that is today, else 09:00, for an hour (wall clock).
 */
function defaultSpan(viewDate: Date, timeZone: string, stay: SiteStay | null) {
  const day = { year: viewDate.getFullYear(), month: viewDate.getMonth(), date: viewDate.getDate() };
  const siteStay = stay ? stayOnDay(day, stay) : null;
  if (siteStay) return { startsAt: fromWall(siteStay.start, timeZone), endsAt: fromWall(siteStay.end, timeZone) };
  const nowWall = toWall(new Date(), timeZone);
  const start = isSameDay(viewDate, nowWall)
    ? new Date(Math.ceil(nowWall.getTime() / 1_800_000) * 1_800_000)
    : new Date(viewDate.getFullYear(), viewDate.getMonth(), viewDate.getDate(), 9, 0);
  const end = new Date(start.getTime() + 3_600_000);
  return { startsAt: fromWall(start, timeZone), endsAt: fromWall(end, timeZone) };
}

/**
 * The staff calendar: filters (URL), the grid (react-big-calendar with its ARIA corrected), the
 * selected window's panel, the New/Edit dialog and the weekly-series choice. Changes go through
 * useWindowMutations; lock-state changes are announced by useSyncAnnouncements.
 */
export function AccessCalendar({
  doors,
  customers,
  canWrite,
  timeZone,
  sites = [],
  siteId = null,
  stay = null,
}: {
  doors: CalendarDoor[];
  customers: CustomerOption[];
  canWrite: boolean;
  /** The shown site's zone: the grid is that site's wall clock. */
  timeZone: string;
  sites?: SiteOption[];
  /** The site shown (resolved by the page: `?site=` or the first site); its doors are `doors`. */
  siteId?: string | null;
  /** The site's check-in/check-out: the New-window dialog's default times. */
  stay?: SiteStay | null;
}) {
  const [state, setUrlState] = useCalendarState();
  // The site shown stays in the URL once anything changes, even when the page chose it (default or link).
  const setState = useCallback(
    (patch: Partial<typeof state>) => setUrlState({ site: siteId, ...patch }),
    [setUrlState, siteId],
  );
  const toast = useToast();
  const gridRef = useRef<HTMLDivElement>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const panelHeading = useRef<HTMLHeadingElement>(null);
  useCalendarAria(gridRef);
  // A phone gets the agenda (a list); below a large screen the week shows days without door columns.
  const phone = useMediaQuery("(max-width: 639px)");
  const wide = useMediaQuery("(min-width: 1024px)");
  const view: CalendarViewName = phone ? "agenda" : state.view;

  // The widget works in "wall" Dates (browser-local fields = building wall clock); the server in instants.
  const wallRange = rangeOf(view, state.date);
  const range = { from: fromWall(wallRange.from, timeZone), to: fromWall(wallRange.to, timeZone) };
  const visibleDoors = doors.filter(
    (d) => (!state.group || d.groupName === state.group) && (!state.doors.length || state.doors.includes(d.id)),
  );
  // What the New-window dialog offers: archived doors and doors awaiting a site are drawn, never offered.
  const offered = useMemo(() => doors.filter((d) => d.takesNewWindows !== false), [doors]);
  const isOffered = (doorId: string) => offered.some((d) => d.id === doorId);
  const filter = {
    ...range,
    site: siteId,
    doors: state.doors.length || state.group ? visibleDoors.map((d) => d.id) : [],
    customer: state.customer,
    states: state.states,
  };
  const query = useCalendarEvents(filter);
  const [fromMs, toMs] = [range.from.getTime(), range.to.getTime()];
  const dstSpans = useMemo(() => dstWallSpans(fromMs, toMs, timeZone), [fromMs, toMs, timeZone]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);

  const doorName = useCallback((id: string) => doors.find((d) => d.id === id)?.name ?? "Unknown door", [doors]);
  const nameOf = useCallback((e: CalendarEvent) => eventName(e, doorName(e.doorId), timeZone), [doorName, timeZone]);
  const events = query.data?.events ?? [];
  const announcement = useSyncAnnouncements(
    query.isPlaceholderData ? undefined : query.data?.events,
    calendarKey(filter).join("|"),
    nameOf,
  );
  const tooMany = (view === "day" || view === "week") && events.length > TIME_GRID_LIMIT;
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
            name: nameOf(e),
            doorName: doorName(e.doorId),
          })),
    [events, tooMany, timeZone, nameOf, doorName],
  );
  const selected = events.find((e) => e.id === selectedId) ?? null;
  // Doors side by side in the day view; in the week view only on a large screen with few doors (else 7 × n slivers).
  const withResources = view === "day" || (view === "week" && wide && visibleDoors.length <= 3);

  const fail = useCallback(
    (e: Error) =>
      toast({
        tone: "error",
        message: e instanceof ActionFailure ? e.error.message : "The change could not be saved. Try again.",
      }),
    [toast],
  );
  const mutations = useWindowMutations({
    queryKey: calendarKey(filter),
    refetch: () => query.refetch(),
    onFailure: fail,
    wallStartOf: (e) => toWall(new Date(e.start), timeZone),
  });
  const focusNewOr = () =>
    newButton.current ?? gridRef.current?.querySelector<HTMLElement>(".rbc-toolbar button") ?? null;

  // `?window=<id>` (links from failures elsewhere): open that window's panel once it is in the data.
  const openedFromUrl = useRef<string | null>(null);
  useEffect(() => {
    if (!state.window || openedFromUrl.current === state.window || !query.data) return;
    const hit = query.data.events.find((e) => e.windowId === state.window);
    if (hit) {
      openedFromUrl.current = state.window;
      setSelectedId(hit.id);
    }
  }, [state.window, query.data]);

  // `?new=1` (e.g. a customer's "Give access…"): the New-window dialog for the filtered customer, once.
  const openedNew = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on arrival; openCreate reads the current state
  useEffect(() => {
    if (!state.openNew || openedNew.current || !canWrite) return;
    openedNew.current = true;
    openCreate();
    setState({}); // drops new=1, so a reload or Back does not open it again
  }, [state.openNew, canWrite]);

  // The panel takes focus when it opens, so Retry/Edit/Delete are the next Tab stops.
  useEffect(() => {
    if (selectedId) panelHeading.current?.focus();
  }, [selectedId]);

  function openCreate(slot?: { start: Date; end: Date; doorId?: string }) {
    const visibleOffered = visibleDoors.filter((d) => isOffered(d.id));
    const doorIds = slot?.doorId
      ? [slot.doorId].filter(isOffered)
      : visibleOffered.length === 1 || state.doors.length
        ? visibleOffered.slice(0, 1).map((d) => d.id)
        : [];
    setDialog({
      mode: "create",
      initial: {
        customerId: state.customer ?? undefined,
        doorIds,
        window: slot
          ? { kind: "once", startsAt: fromWall(slot.start, timeZone), endsAt: fromWall(slot.end, timeZone) }
          : { kind: "once", ...defaultSpan(state.date, timeZone, stay) },
      },
    });
  }

  function closePanel() {
    const windowId = selected?.windowId ?? null;
    setSelectedId(null);
    if (state.window) setState({ window: null });
    focusWindowSoon(gridRef.current, windowId, focusNewOr);
  }

  function onDrop({ event, start, end, resourceId }: EventInteractionArgs<RbcEvent>) {
    if (!canWrite) return;
    const doorId = typeof resourceId === "string" ? resourceId : event.resourceId;
    const wallStart = new Date(start);
    const wallEnd = new Date(end);
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
    mutations.move.mutate(m);
  }

  function afterRemoval() {
    setChoice(null);
    setSelectedId(null);
    if (state.window) setState({ window: null });
    focusWindowSoon(null, null, focusNewOr);
  }

  function onDelete(e: CalendarEvent, whole = false) {
    if (e.spec.kind === "weekly" && !whole) return setChoice({ kind: "delete", event: e });
    afterRemoval();
    mutations.remove.mutate(e, {
      onSuccess: () =>
        toast({
          tone: "info",
          message: `Deleted ${e.customerName}'s window on ${doorName(e.doorId)}.`,
          action: { label: "Undo", run: () => void mutations.restore(e) },
        }),
    });
  }

  const dialogFor = dialog;
  async function submitDialog(draft: Parameters<typeof mutations.save>[0]) {
    const r = await mutations.save(draft, dialogFor?.mode === "edit" ? dialogFor.event : undefined);
    if (!r.ok) return r.error;
    lastSaved.current = r.windowIds[0] ?? null;
    toast({
      tone: "info",
      message:
        r.windowIds.length > 1
          ? `Saved ${r.windowIds.length} windows. Sending to the locks…`
          : "Saved. Sending to the lock…",
    });
    return null;
  }
  const lastSaved = useRef<string | null>(null);

  return (
    <div className="space-y-3">
      <CalendarFilters
        state={state}
        setState={setState}
        doors={doors}
        customers={customers}
        sites={sites}
        siteId={siteId}
      >
        {canWrite ? (
          <button ref={newButton} type="button" className="btn-primary ml-auto" onClick={() => openCreate()}>
            New window
          </button>
        ) : null}
      </CalendarFilters>
      <LiveRegions text={announcement} />
      {query.isError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {(query.error as Error).message}
        </p>
      ) : null}
      <p className="text-xs text-slate-600" data-testid="calendar-zone">
        {siteId
          ? `Times are ${sites.find((s) => s.id === siteId)?.name ?? "the site"}'s wall clock: ${timeZone} (${zoneAbbreviation(
              fromWall(wallRange.from, timeZone),
              timeZone,
            )}).`
          : `Times are the building's: ${timeZone}.`}
        {phone && state.view !== "agenda"
          ? " On a narrow screen the calendar shows a list; widen the window for the grid."
          : ""}
      </p>
      {view === "day" || view === "week"
        ? dstSpans.map((s) => (
            <p key={s.date} className="text-xs font-medium text-amber-800" data-testid="calendar-dst">
              {s.date}: {s.text}; {s.kind === "skipped" ? "hatched" : "tinted"} in the grid.
            </p>
          ))
        : null}
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
      {state.window && query.data && !events.some((e) => e.windowId === state.window) ? (
        <p role="status" className="text-sm text-amber-800">
          The linked window is not in this range or filter; it may have been deleted or moved.
        </p>
      ) : null}
      <div className="flex gap-3">
        <div
          ref={gridRef}
          className={`card min-w-0 flex-1 p-2 ${view === "week" ? "portier-week" : ""} ${view === "agenda" ? "h-auto min-h-96" : "h-[720px]"}`}
          data-testid="calendar"
        >
          <DnDCalendar
            localizer={localizer}
            formats={FORMATS}
            events={rbcEvents}
            view={view as View}
            views={phone ? ["agenda"] : ["day", "week", "month", "agenda"]}
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
              openCreate({
                start: slot.start,
                end: slot.end,
                doorId: typeof slot.resourceId === "string" ? slot.resourceId : undefined,
              })
            }
            getNow={() => toWall(new Date(), timeZone)}
            onSelectEvent={(e) => setSelectedId(e.id)}
            // Events are focusable buttons; Enter or Space opens the same panel a click does (keyboard path to edit/delete/retry).
            onKeyPressEvent={(e, ev) => {
              const key = (ev as unknown as KeyboardEvent).key;
              if (key === "Enter" || key === " ") {
                (ev as unknown as KeyboardEvent).preventDefault();
                setSelectedId(e.id);
              }
            }}
            selected={selected ? rbcEvents.find((r) => r.id === selected.id) : undefined}
            eventPropGetter={(e) => ({ className: `sync-${e.data.sync.state}` })}
            slotPropGetter={dstSlotProps(dstSpans)}
            tooltipAccessor={(e) => e.name}
            components={{
              event: ({ event }) => <EventBox event={event} showDoor={!withResources} />,
              agenda: { event: ({ event }) => <AgendaEvent event={event} onOpen={(e) => setSelectedId(e.id)} /> },
            }}
            popup
          />
        </div>
        {selected ? (
          <EventPanel
            ref={panelHeading}
            event={selected}
            doorName={doorName(selected.doorId)}
            canWrite={canWrite}
            timeZone={timeZone}
            onClose={closePanel}
            onEdit={() => setDialog({ mode: "edit", event: selected })}
            onDelete={() => onDelete(selected)}
            onRetry={() => void mutations.retry(selected)}
          />
        ) : null}
      </div>
      {choice ? (
        <SeriesChoiceDialog
          kind={choice.kind}
          customerName={choice.event.customerName}
          onCancel={() => {
            const windowId = choice.event.windowId;
            setChoice(null);
            focusWindowSoon(gridRef.current, windowId, focusNewOr);
          }}
          onOccurrence={() => {
            const c = choice;
            afterRemoval();
            void mutations.changeOccurrence(
              c.event,
              c.kind === "delete" ? "delete" : { startsAt: c.start, endsAt: c.end, doorId: c.doorId },
            );
          }}
          onSeries={() => {
            if (choice.kind === "move") {
              const { kind: _k, ...m } = choice;
              setChoice(null);
              mutations.move.mutate(m);
              focusWindowSoon(gridRef.current, m.event.windowId, focusNewOr);
            } else onDelete(choice.event, true);
          }}
        />
      ) : null}
      {dialog ? (
        <WindowDialog
          title={dialog.mode === "edit" ? "Edit window" : "New access window"}
          mode={dialog.mode}
          timeZone={timeZone}
          customers={customers}
          doors={
            dialog.mode === "edit"
              ? doors.filter((d) => d.id === dialog.event.doorId || d.takesNewWindows !== false)
              : offered
          }
          excludeWindowId={dialog.mode === "edit" ? dialog.event.windowId : undefined}
          initial={
            dialog.mode === "edit"
              ? {
                  customerId: dialog.event.customerId,
                  doorIds: [dialog.event.doorId],
                  window: dialog.event.spec,
                  note: dialog.event.note ?? undefined,
                }
              : dialog.initial
          }
          onSubmit={submitDialog}
          onClose={(saved) => {
            const editedId = dialog.mode === "edit" ? dialog.event.windowId : null;
            setDialog(null);
            if (saved) {
              // After Save: the saved window (once drawn), else "New window". After Cancel the dialog
              // returns focus to what opened it; if that is gone (a drag on the grid), to the grid's window or "New window".
              focusWindowSoon(gridRef.current, editedId ?? lastSaved.current, focusNewOr);
            } else if (document.activeElement === document.body || !document.activeElement) {
              focusWindowSoon(gridRef.current, editedId, focusNewOr);
            }
          }}
        />
      ) : null}
    </div>
  );
}

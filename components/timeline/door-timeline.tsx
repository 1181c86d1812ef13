"use client";

import { use, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineSiteOption } from "@/lib/access/views/timeline-view";
import { hourTicks, type TimeScale, xOf } from "@/lib/time/time-ruler";
import { toWall } from "@/lib/time/wall-clock";
import { addDays, formatLocalDate, parseLocalDate } from "@/lib/time/zoned-time";
import { useToast } from "@/components/ui/toast";
import type { CustomerOption } from "../calendar/calendar-filters";
import { eventName, whenText } from "../calendar/event-name";
import type { Move } from "../calendar/moved-spec";
import { ActionFailure } from "../calendar/use-calendar-events";
import { useWindowMutations } from "../calendar/use-window-mutations";
import { createGhostStore, type Ghost } from "./drag-store";
import { createMarkStore, useSelected } from "./row-marks";
import { type Choice, type DialogState, TimelineDialogs } from "./timeline-dialogs";
import { TimelineFilters } from "./timeline-filters";
import { TimelineGrid } from "./timeline-grid";
import { rangeOf, todayIn } from "./timeline-range";
import { useTimelineState } from "./timeline-state";
import { useTimelineDrag } from "./use-timeline-drag";
import { timelineKeyHandler } from "./use-timeline-keys";
import { type InitialTimeline, timelineKey, useEventsByDoor, useTimelineData } from "./use-timeline-data";
import { useTimelineRows } from "./use-timeline-rows";
import { useTimelineZoom } from "./use-timeline-zoom";

/**
 * Building blocks, chosen deliberately: a thin timeline of our own on @tanstack/react-virtual
 * (rows virtualized by the library; bars clipped to the visible x-range by hand, because time is
 * continuous and not a list of columns) with pointer events for drag (see use-timeline-drag.ts).
 * Maintained timeline components were weighed: react-calendar-timeline draws x by local Date
 * arithmetic (the DST bugs this view must not have) and virtualizes neither axis; FullCalendar's
 * resource timeline is a premium (paid) plugin. react-big-calendar stays for the single-door and
 * customer views (/calendar).
 *
 * This file holds the page's state (range, filters, selection, dialogs) and the server actions;
 * the grid (timeline-grid.tsx) draws, and a drag or a selection re-renders only what changed
 * (drag-store.ts, row-marks.ts).
 */

/** A function whose identity never changes but which always calls the latest `fn` (stable props for memoised children). */
function useLatest<A extends unknown[], R>(fn: (...a: A) => R): (...a: A) => R {
  const ref = useRef(fn);
  ref.current = fn;
  return useCallback((...a: A) => ref.current(...a), []);
}

export function DoorTimeline(props: {
  sites: TimelineSiteOption[];
  defaultSiteId: string | null;
  customers: CustomerOption[];
  canWrite: boolean;
  /** The first range's data, read by the page (null: fetch it here). */
  initial: Promise<InitialTimeline | null>;
}) {
  const { sites, customers, canWrite } = props;
  const initial = use(props.initial);
  const zoneOf = useCallback((id: string | null) => sites.find((s) => s.id === id)?.timeZone ?? "UTC", [sites]);
  const todayAt = useCallback((id: string | null) => todayIn(zoneOf(id)), [zoneOf]);
  const [state, setState] = useTimelineState(props.defaultSiteId, todayAt);
  const site = sites.find((s) => s.id === state.site) ?? null;
  const timeZone = site?.timeZone ?? "UTC";
  const toast = useToast();
  const scrollRef = useRef<HTMLDivElement>(null);

  const first = parseLocalDate(state.date);
  const { from, to } = rangeOf(state, timeZone);
  const { pxPerHour, stepZoom } = useTimelineZoom(state.span, scrollRef);
  const scale = useMemo<TimeScale>(() => ({ from, to, pxPerHour }), [from, to, pxPerHour]);
  const { marks } = useMemo(() => hourTicks(from, to, timeZone), [from, to, timeZone]);

  const ghosts = useMemo(() => createGhostStore(), []);
  const rowMarks = useMemo(() => createMarkStore(), []);
  const filter = {
    from: new Date(from),
    to: new Date(to),
    site: state.site,
    group: state.group,
    customer: state.customer,
    states: state.states,
  };
  const query = useTimelineData(filter, { initial, idle: ghosts.idle });
  const data = query.data;
  const doors = useMemo(() => data?.doors ?? [], [data?.doors]);
  const eventsOf = useEventsByDoor(data?.events);
  const { items, offsets, doorIndex, collapsed, toggle, rowAt } = useTimelineRows(doors);

  // Marked ready only once mounted: the rows in the server's HTML are drawn but not yet interactive.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const selectedId = useSelected(rowMarks);
  const select = useCallback((id: string | null) => rowMarks.set({ selected: id }), [rowMarks]);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [said, setSaid] = useState("");
  const selected = selectedId ? (data?.events.find((e) => e.id === selectedId) ?? null) : null;

  const doorName = useCallback((id: string) => doors.find((d) => d.id === id)?.name ?? "Unknown door", [doors]);
  const nameOf = useCallback((e: CalendarEvent, door: string) => eventName(e, door, timeZone), [timeZone]);
  const eventById = useCallback((id: string) => data?.events.find((e) => e.id === id), [data]);
  const labelOf = (s: number, e: number, d: string) =>
    `${doorName(d)} · ${whenText(new Date(s), new Date(e), timeZone)}`;

  const mutations = useWindowMutations({
    queryKey: timelineKey(filter),
    refetch: () => query.refetch(),
    onFailure: (e: Error) =>
      toast({
        tone: "error",
        message: e instanceof ActionFailure ? e.error.message : "The change could not be saved. Try again.",
      }),
    wallStartOf: (e) => toWall(new Date(e.start), timeZone),
  });

  const focusBarSoon = useCallback((windowId: string) => {
    let frames = 0;
    const attempt = () => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-window-id="${CSS.escape(windowId)}"]`);
      if (el) return el.focus({ preventScroll: false });
      if (++frames < 120) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  }, []);

  /** A finished drag or keyboard move: the same server actions (and version check) the calendar uses. */
  function commit(g: Ghost, original: CalendarEvent | null) {
    if (!original) {
      setDialog({
        mode: "create",
        initial: {
          customerId: state.customer ?? undefined,
          doorIds: [g.doorId],
          window: { kind: "once", startsAt: new Date(g.start), endsAt: new Date(g.end) },
        },
      });
      return;
    }
    if (g.start === Date.parse(original.start) && g.end === Date.parse(original.end) && g.doorId === original.doorId)
      return;
    const m: Move = {
      event: original,
      start: new Date(g.start),
      end: new Date(g.end),
      wallStart: toWall(new Date(g.start), timeZone),
      wallEnd: toWall(new Date(g.end), timeZone),
      doorId: g.doorId,
    };
    if (original.spec.kind === "weekly") return setChoice({ kind: "move", ...m });
    setSaid(`Moved to ${doorName(g.doorId)}, ${whenText(m.start, m.end, timeZone)}. Sending to the lock.`);
    mutations.move.mutate(m);
    focusBarSoon(original.windowId);
  }

  const onPointerDown = useTimelineDrag({
    scrollRef,
    store: ghosts,
    scale,
    canWrite,
    rowAt,
    eventById,
    labelOf,
    setHidden: (id) => rowMarks.set({ hidden: id }),
    onCommit: commit,
    onClickBar: select,
  });
  const onKeyDown = timelineKeyHandler({
    scrollRef,
    ghosts,
    canWrite,
    items,
    offsets,
    doorIndex,
    eventById,
    labelOf,
    commit,
    select,
    say: setSaid,
    zoom: stepZoom,
  });

  const stablePointerDown = useLatest(onPointerDown);
  const stableKeyDown = useLatest(onKeyDown);

  // Open at now (or the range start) when the range or site changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on a new range
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const now = Date.now();
    el.scrollLeft = now > from && now < to ? Math.max(0, xOf(scale, now) - 120) : 0;
  }, [from, to, state.site]);

  return (
    <div className="space-y-3">
      <TimelineFilters
        state={state}
        setState={(p) => {
          select(null);
          setState(p);
        }}
        sites={sites}
        customers={customers}
        zoom={{ in: () => stepZoom(1), out: () => stepZoom(-1) }}
        onNew={
          canWrite
            ? () =>
                setDialog({
                  mode: "create",
                  initial: {
                    customerId: state.customer ?? undefined,
                    doorIds: [],
                    window: {
                      kind: "once",
                      startsAt: new Date(from + 9 * 3_600_000),
                      endsAt: new Date(from + 10 * 3_600_000),
                    },
                  },
                })
            : undefined
        }
        shiftDate={(days) => setState({ date: formatLocalDate(addDays(first, days)) })}
        today={() => setState({ date: todayAt(state.site) })}
      />
      <div className="text-xs text-slate-700" data-testid="timeline-zone">
        <p>
          Times are {site?.name ?? "the site"}&apos;s wall clock: <strong>{timeZone}</strong>. Bars are drawn by real
          elapsed time, so a window&apos;s length on screen is its real length.
          {canWrite
            ? " Drag on empty space to create, drag a bar to move it (also to another door), its edges to resize; snaps to 15 minutes, Escape cancels. Keyboard: arrows move a focused window, Shift+arrows resize it, Enter saves."
            : " Read-only."}
        </p>
        {marks.map((m) => (
          <p key={m.at} className="font-medium text-amber-800" data-testid="dst-note">
            {whenText(new Date(m.at), new Date(m.at), timeZone).split(" ").slice(0, 3).join(" ")}: {m.text}.
          </p>
        ))}
      </div>
      <div role="status" aria-live="polite" className="sr-only" data-testid="timeline-announce">
        {said}
      </div>
      {query.isError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {(query.error as Error).message}
        </p>
      ) : null}
      {data?.truncated ? (
        <p role="status" className="text-sm text-amber-800">
          Showing the first {data.events.length} windows; pick a door group, a customer or a shorter span.
        </p>
      ) : null}
      <div className="flex gap-3">
        <TimelineGrid
          scrollRef={scrollRef}
          items={items}
          eventsOf={eventsOf}
          collapsed={collapsed}
          onToggle={toggle}
          scale={scale}
          timeZone={timeZone}
          marks={marks}
          siteName={site?.name ?? "the site"}
          ghosts={ghosts}
          rowMarks={rowMarks}
          canWrite={canWrite}
          nameOf={nameOf}
          ready={mounted && !!query.data && !query.isPlaceholderData}
          onPointerDown={stablePointerDown}
          onKeyDown={stableKeyDown}
          empty={!!data && doors.length === 0}
        />
        <TimelineDialogs
          selected={selected}
          choice={choice}
          dialog={dialog}
          doorName={doorName}
          doors={doors}
          customers={customers}
          canWrite={canWrite}
          timeZone={timeZone}
          mutations={mutations}
          select={select}
          setChoice={setChoice}
          setDialog={setDialog}
          focusBarSoon={focusBarSoon}
        />
      </div>
    </div>
  );
}

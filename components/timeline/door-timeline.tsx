"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineDoor, TimelineSiteOption } from "@/lib/access/views/timeline-view";
import { hourTicks, type TimeScale, widthOf, xOf } from "@/lib/time/time-ruler";
import { toWall } from "@/lib/time/wall-clock";
import { addDays, formatLocalDate, localDateOf, parseLocalDate, zonedInstant } from "@/lib/time/zoned-time";
import { useToast } from "@/components/ui/toast";
import type { CustomerOption } from "../calendar/calendar-filters";
import { eventName, whenText } from "../calendar/event-name";
import { EventPanel } from "../calendar/event-panel";
import type { Move } from "../calendar/moved-spec";
import { SeriesChoiceDialog } from "../calendar/series-choice-dialog";
import { ActionFailure } from "../calendar/use-calendar-events";
import { useWindowMutations } from "../calendar/use-window-mutations";
import { type DialogInitial, WindowDialog } from "../calendar/window-dialog";
import { createGhostStore, type Ghost, useGhost } from "./drag-store";
import { TimelineFilters } from "./timeline-filters";
import { DoorRow, GROUP_H, GroupRow, HEAD_W, ROW_H } from "./timeline-row";
import { labelEvery, RULER_H, TimelineRuler } from "./timeline-ruler";
import { type SpanDays, useTimelineState } from "./timeline-state";
import { SNAP_MS, useTimelineDrag } from "./use-timeline-drag";
import { timelineKey, useEventsByDoor, useTimelineData } from "./use-timeline-data";

/**
 * Building blocks, chosen deliberately: a thin timeline of our own on @tanstack/react-virtual
 * (rows virtualized by the library; bars clipped to the visible x-range by hand, because time is
 * continuous and not a list of columns) with pointer events for drag (see use-timeline-drag.ts).
 * Maintained timeline components were weighed: react-calendar-timeline draws x by local Date
 * arithmetic (the DST bugs this view must not have) and virtualizes neither axis; FullCalendar's
 * resource timeline is a premium (paid) plugin. react-big-calendar stays for the single-door and
 * customer views (/calendar).
 */

/** Default zoom per span, so the whole span fits about one screen; zoom steps through ZOOMS. */
const SPAN_ZOOM: Record<SpanDays, number> = { 1: 48, 3: 16, 7: 7, 14: 3.5 };
const ZOOMS = [2, 3.5, 5, 7, 10, 16, 24, 32, 48, 64, 96, 128];
/** Horizontal chunk (px): the visible x-range moves in these steps, so scrolling re-renders rarely. */
const CHUNK = 400;

type Item = { kind: "group"; name: string; count: number } | { kind: "door"; door: TimelineDoor };
type Choice = ({ kind: "move" } & Move) | { kind: "delete"; event: CalendarEvent };

export function DoorTimeline(props: {
  sites: TimelineSiteOption[];
  defaultSiteId: string | null;
  customers: CustomerOption[];
  canWrite: boolean;
}) {
  const { sites, customers, canWrite } = props;
  const zoneOf = useCallback((id: string | null) => sites.find((s) => s.id === id)?.timeZone ?? "UTC", [sites]);
  const todayAt = useCallback((id: string | null) => formatLocalDate(localDateOf(Date.now(), zoneOf(id))), [zoneOf]);
  const [state, setState] = useTimelineState(props.defaultSiteId, todayAt);
  const site = sites.find((s) => s.id === state.site) ?? null;
  const timeZone = site?.timeZone ?? "UTC";
  const toast = useToast();

  // The range: local midnights of the site, so a DST day is 23 or 25 hours of real time wide.
  const first = parseLocalDate(state.date);
  const from = zonedInstant(first, 0, timeZone);
  const to = zonedInstant(addDays(first, state.span), 0, timeZone);
  const [zoom, setZoom] = useState<number | null>(null);
  const pxPerHour = zoom ?? SPAN_ZOOM[state.span];
  const scale = useMemo<TimeScale>(() => ({ from, to, pxPerHour }), [from, to, pxPerHour]);
  const laneWidth = widthOf(scale);
  const { ticks, marks } = useMemo(() => hourTicks(from, to, timeZone), [from, to, timeZone]);
  const every = labelEvery(pxPerHour);

  const filter = {
    from: new Date(from),
    to: new Date(to),
    site: state.site,
    group: state.group,
    customer: state.customer,
    states: state.states,
  };
  const query = useTimelineData(filter);
  const data = query.data;
  const doors = data?.doors ?? [];
  const eventsOf = useEventsByDoor(data?.events);

  // Rows: group headers and doors, collapsible per group.
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const toggle = useCallback(
    (name: string) =>
      setCollapsed((c) => {
        const n = new Set(c);
        if (n.has(name)) n.delete(name);
        else n.add(name);
        return n;
      }),
    [],
  );
  const items = useMemo<Item[]>(() => {
    const out: Item[] = [];
    let i = 0;
    while (i < doors.length) {
      const name = doors[i]!.groupName ?? "No group";
      let j = i;
      while (j < doors.length && (doors[j]!.groupName ?? "No group") === name) j++;
      out.push({ kind: "group", name, count: j - i });
      if (!collapsed.has(name)) for (let k = i; k < j; k++) out.push({ kind: "door", door: doors[k]! });
      i = j;
    }
    return out;
  }, [doors, collapsed]);
  const offsets = useMemo(() => {
    const o: number[] = [];
    let y = 0;
    for (const it of items) {
      o.push(y);
      y += it.kind === "group" ? GROUP_H : ROW_H;
    }
    o.push(y);
    return o;
  }, [items]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.kind === "group" ? GROUP_H : ROW_H),
    overscan: 6,
    scrollMargin: RULER_H,
    scrollPaddingStart: RULER_H,
  });

  // Horizontal: only bars within the visible x-range (± one chunk) are rendered.
  const [xr, setXr] = useState({ xa: -CHUNK, xb: 3 * CHUNK });
  const syncX = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const xa = Math.floor(el.scrollLeft / CHUNK) * CHUNK - CHUNK;
    const xb = Math.ceil((el.scrollLeft + el.clientWidth - HEAD_W) / CHUNK) * CHUNK + CHUNK;
    setXr((r) => (r.xa === xa && r.xb === xb ? r : { xa, xb }));
  }, []);
  useEffect(() => {
    syncX();
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(syncX);
    ro.observe(el);
    return () => ro.disconnect();
  }, [syncX]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new zoom or range changes what is visible
  useEffect(() => syncX(), [scale, syncX]);

  const doorIndex = useMemo(() => new Map(items.map((it, i) => [it.kind === "door" ? it.door.id : "", i])), [items]);
  const doorName = useCallback((id: string) => doors.find((d) => d.id === id)?.name ?? "Unknown door", [doors]);
  const nameOf = useCallback((e: CalendarEvent, door: string) => eventName(e, door, timeZone), [timeZone]);
  const eventById = useCallback((id: string) => data?.events.find((e) => e.id === id), [data]);
  const rowAt = useCallback(
    (y: number) => {
      let lo = 0;
      let hi = items.length - 1;
      if (hi < 0 || y < 0) return null;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid]! <= y) lo = mid;
        else hi = mid - 1;
      }
      // On a group header the pointer counts for the nearest door below it (or above, for the last).
      let i = lo;
      while (i < items.length && items[i]!.kind !== "door") i++;
      if (i >= items.length) for (i = lo; i >= 0 && items[i]!.kind !== "door"; i--);
      const it = items[i];
      return it?.kind === "door" ? { doorId: it.door.id, top: offsets[i]! } : null;
    },
    [items, offsets],
  );

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [hiddenId, setHiddenId] = useState<string | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [dialog, setDialog] = useState<
    null | { mode: "create"; initial: DialogInitial } | { mode: "edit"; event: CalendarEvent }
  >(null);
  const [said, setSaid] = useState("");
  const store = useMemo(() => createGhostStore(), []);
  const selected = data?.events.find((e) => e.id === selectedId) ?? null;

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
  const commit = useCallback(
    (g: Ghost, original: CalendarEvent | null) => {
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
    },
    [state.customer, timeZone, doorName, mutations.move, focusBarSoon],
  );

  const onPointerDown = useTimelineDrag({
    scrollRef,
    store,
    scale,
    canWrite,
    rowAt,
    eventById,
    labelOf: (s, e, d) => `${doorName(d)} · ${whenText(new Date(s), new Date(e), timeZone)}`,
    setHidden: setHiddenId,
    onCommit: commit,
    onClickBar: setSelectedId,
  });

  /** Keyboard alone: arrows move a focused bar (Shift+arrows resize its end), Enter saves, Escape cancels. */
  function onKeyDown(ev: React.KeyboardEvent) {
    if (ev.key === "+" || ev.key === "=" || ev.key === "-") {
      if ((ev.target as HTMLElement).closest("input,select")) return;
      ev.preventDefault();
      return stepZoom(ev.key === "-" ? -1 : 1);
    }
    const barEl = (ev.target as HTMLElement).closest<HTMLElement>("[data-bar]");
    if (!barEl) return;
    const e = eventById(barEl.dataset.bar!);
    if (!e) return;
    const pending = store.get();
    const mine = pending?.mode === "keyboard" && pending.eventId === e.id ? pending : null;
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      if (mine) {
        store.set(null);
        commit(mine, e);
      } else setSelectedId(e.id);
      return;
    }
    if (ev.key === "Escape" && mine) {
      ev.preventDefault();
      store.set(null);
      setSaid("Move cancelled.");
      return;
    }
    if (!canWrite || !["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(ev.key)) return;
    ev.preventDefault();
    let start = mine?.start ?? Date.parse(e.start);
    let end = mine?.end ?? Date.parse(e.end);
    let doorId = mine?.doorId ?? e.doorId;
    const dir = ev.key === "ArrowLeft" || ev.key === "ArrowUp" ? -1 : 1;
    if (ev.key === "ArrowUp" || ev.key === "ArrowDown") {
      let i = (doorIndex.get(doorId) ?? 0) + dir;
      while (i >= 0 && i < items.length && items[i]!.kind !== "door") i += dir;
      const it = items[i];
      if (it?.kind === "door") {
        doorId = it.door.id;
        rows.scrollToIndex(i, { align: "auto" });
      }
    } else if (ev.shiftKey) end = Math.max(start + SNAP_MS, end + dir * SNAP_MS);
    else {
      start += dir * SNAP_MS;
      end += dir * SNAP_MS;
    }
    const label = `${doorName(doorId)} · ${whenText(new Date(start), new Date(end), timeZone)}`;
    store.set({
      mode: "keyboard",
      eventId: e.id,
      doorId,
      start,
      end,
      top: offsets[doorIndex.get(doorId) ?? 0]!,
      label,
    });
    setSaid(`${label}. Enter saves, Escape cancels.`);
  }

  function stepZoom(dir: 1 | -1) {
    const el = scrollRef.current;
    const i = ZOOMS.findIndex((z) => z >= pxPerHour);
    const next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? ZOOMS.length - 1 : i) + dir))]!;
    if (next === pxPerHour || !el) return setZoom(next);
    // Keep the instant at the middle of the view where it is.
    const mid = (el.scrollLeft + (el.clientWidth - HEAD_W) / 2) / pxPerHour;
    setZoom(next);
    requestAnimationFrame(() => {
      el.scrollLeft = mid * next - (el.clientWidth - HEAD_W) / 2;
    });
  }
  const zoomRef = useRef(stepZoom);
  zoomRef.current = stepZoom;
  // Ctrl/⌘ + wheel zooms (a non-passive listener: React's onWheel cannot preventDefault the page zoom).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (ev: WheelEvent) => {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      zoomRef.current(ev.deltaY > 0 ? -1 : 1);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, []);

  // Open at now (or the range start) when the range or site changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on a new range
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const now = Date.now();
    el.scrollLeft = now > from && now < to ? Math.max(0, xOf(scale, now) - 120) : 0;
  }, [from, to, state.site]);

  const nowX = Date.now() > from && Date.now() < to ? xOf(scale, Date.now()) : null;
  const doorOptions = useMemo(
    () => doors.map((d) => ({ id: d.id, name: d.name, groupName: d.groupName, online: d.online })),
    [doors],
  );
  const setsize = items.length;

  return (
    <div className="space-y-3">
      <TimelineFilters
        state={state}
        setState={(p) => {
          setSelectedId(null);
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
        {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer and key events are delegated from the bars and lanes inside */}
        <div
          ref={scrollRef}
          className="card relative h-[70vh] min-w-0 flex-1 overflow-auto"
          onScroll={syncX}
          onPointerDown={onPointerDown}
          onKeyDown={onKeyDown}
          data-testid="timeline"
          data-ready={query.data && !query.isPlaceholderData ? "1" : undefined}
        >
          <TimelineRuler scale={scale} timeZone={timeZone} headWidth={HEAD_W} xa={xr.xa} xb={xr.xb} marks={marks} />
          <div className="relative" style={{ height: rows.getTotalSize(), width: HEAD_W + laneWidth }}>
            {/* Guide lines at the labelled wall-clock hours (from the same ticks as the ruler), under the bars. */}
            {ticks.map((t) => {
              const x = xOf(scale, t.at);
              if ((t.minutes / 60) % every !== 0 || x < xr.xa || x > xr.xb) return null;
              return (
                <div
                  key={t.at}
                  aria-hidden
                  className={`pointer-events-none absolute top-0 h-full border-l ${t.minutes === 0 ? "border-slate-300" : "border-slate-100"}`}
                  style={{ left: HEAD_W + x }}
                />
              );
            })}
            <ul aria-label={`Doors of ${site?.name ?? "the site"}, ${items.length} rows`} className="absolute inset-0">
              {rows.getVirtualItems().map((v) => {
                const it = items[v.index]!;
                const top = v.start - RULER_H;
                return it.kind === "group" ? (
                  <GroupRow
                    key={`g:${it.name}`}
                    name={it.name}
                    count={it.count}
                    collapsed={collapsed.has(it.name)}
                    top={top}
                    width={HEAD_W + laneWidth}
                    posinset={v.index + 1}
                    setsize={setsize}
                    onToggle={toggle}
                  />
                ) : (
                  <DoorRow
                    key={it.door.id}
                    door={it.door}
                    events={eventsOf(it.door.id)}
                    scale={scale}
                    xa={xr.xa}
                    xb={xr.xb}
                    top={top}
                    posinset={v.index + 1}
                    setsize={setsize}
                    selectedId={selectedId}
                    hiddenId={hiddenId}
                    canWrite={canWrite}
                    nameOf={nameOf}
                  />
                );
              })}
            </ul>
            {marks.map((m) => (
              <div
                key={m.at}
                aria-hidden
                className="pointer-events-none absolute top-0 z-[5] border-l-2 border-dashed border-amber-500/70"
                style={{ left: HEAD_W + xOf(scale, m.at), height: rows.getTotalSize() }}
              />
            ))}
            {nowX !== null ? (
              <div
                aria-hidden
                className="pointer-events-none absolute top-0 z-[5] border-l-2 border-rose-500"
                style={{ left: HEAD_W + nowX, height: rows.getTotalSize() }}
              />
            ) : null}
            <GhostBar store={store} scale={scale} />
          </div>
          {data && doors.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">No doors in this site or group.</p>
          ) : null}
        </div>
        {selected ? (
          <EventPanel
            event={selected}
            doorName={doorName(selected.doorId)}
            canWrite={canWrite}
            timeZone={timeZone}
            onClose={() => {
              const w = selected.windowId;
              setSelectedId(null);
              focusBarSoon(w);
            }}
            onEdit={() => setDialog({ mode: "edit", event: selected })}
            onDelete={() => {
              if (selected.spec.kind === "weekly") return setChoice({ kind: "delete", event: selected });
              setSelectedId(null);
              mutations.remove.mutate(selected, {
                onSuccess: () =>
                  toast({
                    tone: "info",
                    message: `Deleted ${selected.customerName}'s window on ${doorName(selected.doorId)}.`,
                    action: { label: "Undo", run: () => void mutations.restore(selected) },
                  }),
              });
            }}
            onRetry={() => void mutations.retry(selected)}
          />
        ) : null}
      </div>
      {choice ? (
        <SeriesChoiceDialog
          kind={choice.kind}
          customerName={choice.event.customerName}
          onCancel={() => setChoice(null)}
          onOccurrence={() => {
            const c = choice;
            setChoice(null);
            setSelectedId(null);
            void mutations.changeOccurrence(
              c.event,
              c.kind === "delete" ? "delete" : { startsAt: c.start, endsAt: c.end, doorId: c.doorId },
            );
          }}
          onSeries={() => {
            const c = choice;
            setChoice(null);
            if (c.kind === "move") {
              const { kind: _k, ...m } = c;
              mutations.move.mutate(m);
            } else {
              setSelectedId(null);
              mutations.remove.mutate(c.event);
            }
          }}
        />
      ) : null}
      {dialog ? (
        <WindowDialog
          title={dialog.mode === "edit" ? "Edit window" : "New access window"}
          mode={dialog.mode}
          timeZone={timeZone}
          customers={customers}
          doors={doorOptions}
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
          onSubmit={async (draft) => {
            const r = await mutations.save(draft, dialog.mode === "edit" ? dialog.event : undefined);
            if (!r.ok) return r.error;
            toast({ tone: "info", message: "Saved. Sending to the lock…" });
            if (r.windowIds[0]) focusBarSoon(r.windowIds[0]);
            return null;
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

/** The preview of a drag or keyboard move; the only thing that re-renders while the pointer moves. */
function GhostBar({ store, scale }: { store: ReturnType<typeof createGhostStore>; scale: TimeScale }) {
  const g = useGhost(store);
  if (!g) return null;
  const x = xOf(scale, g.start);
  return (
    <div
      aria-hidden
      data-testid="timeline-ghost"
      className="pointer-events-none absolute z-20 overflow-hidden whitespace-nowrap rounded border-2 border-dashed border-indigo-600 bg-indigo-100/80 px-1 text-xs font-medium text-indigo-900"
      style={{ left: HEAD_W + x, top: g.top + 4, width: Math.max(3, xOf(scale, g.end) - x), height: ROW_H - 8 }}
    >
      {g.label}
    </div>
  );
}

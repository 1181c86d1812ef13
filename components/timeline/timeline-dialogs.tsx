"use client";

import { useMemo } from "react";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineDoor } from "@/lib/access/views/timeline-view";
import { useToast } from "@/components/ui/toast";
import type { CustomerOption } from "../calendar/calendar-filters";
import { EventPanel } from "../calendar/event-panel";
import type { Move } from "../calendar/moved-spec";
import { SeriesChoiceDialog } from "../calendar/series-choice-dialog";
import type { useWindowMutations } from "../calendar/use-window-mutations";
import { type DialogInitial, WindowDialog } from "../calendar/window-dialog";

export type Choice = ({ kind: "move" } & Move) | { kind: "delete"; event: CalendarEvent };
export type DialogState = null | { mode: "create"; initial: DialogInitial } | { mode: "edit"; event: CalendarEvent };

/**
 * Everything the timeline opens beside or over the grid: the selected window's panel (edit,
 * delete with undo, retry), the weekly series question, and the New/Edit window dialog — the
 * calendar's own components and server actions.
 */
export function TimelineDialogs(props: {
  selected: CalendarEvent | null;
  choice: Choice | null;
  dialog: DialogState;
  doorName: (id: string) => string;
  doors: TimelineDoor[];
  customers: CustomerOption[];
  canWrite: boolean;
  timeZone: string;
  mutations: ReturnType<typeof useWindowMutations>;
  select: (id: string | null) => void;
  setChoice: (c: Choice | null) => void;
  setDialog: (d: DialogState) => void;
  focusBarSoon: (windowId: string) => void;
}) {
  const { selected, choice, dialog, doorName, mutations, select, setChoice, setDialog, timeZone } = props;
  const toast = useToast();
  const doorOptions = useMemo(
    () => props.doors.map((d) => ({ id: d.id, name: d.name, groupName: d.groupName, online: d.online })),
    [props.doors],
  );
  return (
    <>
      {selected ? (
        <EventPanel
          event={selected}
          doorName={doorName(selected.doorId)}
          canWrite={props.canWrite}
          timeZone={timeZone}
          onClose={() => {
            const w = selected.windowId;
            select(null);
            props.focusBarSoon(w);
          }}
          onEdit={() => setDialog({ mode: "edit", event: selected })}
          onDelete={() => {
            if (selected.spec.kind === "weekly") return setChoice({ kind: "delete", event: selected });
            select(null);
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
      {choice ? (
        <SeriesChoiceDialog
          kind={choice.kind}
          customerName={choice.event.customerName}
          onCancel={() => setChoice(null)}
          onOccurrence={() => {
            const c = choice;
            setChoice(null);
            select(null);
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
              select(null);
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
          customers={props.customers}
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
            if (r.windowIds[0]) props.focusBarSoon(r.windowIds[0]);
            return null;
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}

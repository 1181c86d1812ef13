"use client";

import { format } from "date-fns";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { previewScheduleAction } from "@/app/actions/windows";
import type { WindowSpecInput } from "@/lib/access/windows/schemas";
import type { ActionError } from "@/lib/actions/action-result";
import { fromWall, toWall } from "@/lib/time/wall-clock";

export type Option = { id: string; name: string; hint?: string | null };
export type DialogValue = { customerId: string; doorId: string; window: WindowSpecInput; note?: string };

const DAYS = [
  ["Mon", 64],
  ["Tue", 32],
  ["Wed", 16],
  ["Thu", 8],
  ["Fri", 4],
  ["Sat", 2],
  ["Sun", 1],
] as const;

const toTime = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutesOf = (t: string) => {
  const [h, m] = t.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Create or edit one window — the keyboard path to everything a drag does. Shows, before saving,
 * what the lock will hold and when if Nuki's one-window-per-auth forces a rotation.
 */
export function WindowDialog(props: {
  title: string;
  /** The building's zone: every time shown or typed here is on its wall clock. */
  timeZone: string;
  customers: Option[];
  doors: Option[];
  initial: Partial<DialogValue> & { window: WindowSpecInput };
  lockCustomer?: boolean;
  excludeWindowId?: string;
  onSubmit: (v: DialogValue) => Promise<ActionError | null>;
  onClose: () => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const wall = (d: Date) => toWall(new Date(d), props.timeZone);
  const toLocal = (d: Date) => format(wall(d), "yyyy-MM-dd'T'HH:mm");
  const [customerId, setCustomerId] = useState(props.initial.customerId ?? "");
  const [doorId, setDoorId] = useState(props.initial.doorId ?? props.doors[0]?.id ?? "");
  const [search, setSearch] = useState("");
  const [kind, setKind] = useState(props.initial.window.kind);
  const w = props.initial.window;
  const [start, setStart] = useState(w.kind === "once" ? toLocal(new Date(w.startsAt)) : toLocal(new Date()));
  const [end, setEnd] = useState(
    w.kind === "once" ? toLocal(new Date(w.endsAt)) : toLocal(new Date(Date.now() + 3_600_000)),
  );
  const [weekdays, setWeekdays] = useState(w.kind === "weekly" ? w.weekdays : 124);
  const [fromTime, setFromTime] = useState(
    w.kind === "weekly" ? toTime(w.fromMinute) : format(wall(w.startsAt), "HH:mm"),
  );
  const [untilTime, setUntilTime] = useState(
    w.kind === "weekly" ? toTime(w.untilMinute) : format(wall(w.endsAt), "HH:mm"),
  );
  const [startsOn, setStartsOn] = useState(w.kind === "weekly" ? w.startsOn : format(wall(w.startsAt), "yyyy-MM-dd"));
  const [endsOn, setEndsOn] = useState(w.kind === "weekly" ? (w.endsOn ?? "") : "");
  const [note, setNote] = useState(props.initial.note ?? "");
  const [error, setError] = useState<ActionError | null>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<{ rotates: boolean; steps: { holds: string }[]; more: number } | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const spec = useMemo<WindowSpecInput>(
    () =>
      kind === "once"
        ? {
            kind: "once",
            startsAt: fromWall(new Date(start), props.timeZone),
            endsAt: fromWall(new Date(end), props.timeZone),
          }
        : {
            kind: "weekly",
            weekdays,
            fromMinute: minutesOf(fromTime),
            untilMinute: untilTime === "00:00" ? 1440 : minutesOf(untilTime),
            startsOn,
            endsOn: endsOn || null,
          },
    [kind, start, end, weekdays, fromTime, untilTime, startsOn, endsOn, props.timeZone],
  );

  useEffect(() => {
    if (!customerId || !doorId) return;
    const t = setTimeout(async () => {
      const r = await previewScheduleAction({
        customerId,
        doorId,
        window: spec,
        excludeWindowId: props.excludeWindowId,
      });
      setPreview(r.ok ? r.data : null);
    }, 250);
    return () => clearTimeout(t);
  }, [customerId, doorId, spec, props.excludeWindowId]);

  const shown = props.customers
    .filter((c) => !search || `${c.name} ${c.hint ?? ""}`.toLowerCase().includes(search.toLowerCase()))
    .slice(0, 50);
  const fieldError = (k: string) => error?.fieldErrors?.[k]?.[0] ?? error?.fieldErrors?.[`window.${k}`]?.[0];

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    const failure = await props.onSubmit({ customerId, doorId, window: spec, note: note || undefined });
    setSaving(false);
    if (failure) setError(failure);
    else props.onClose();
  }

  return (
    <dialog
      ref={dialog}
      onClose={props.onClose}
      aria-labelledby={`${id}-title`}
      className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form onSubmit={submit} className="space-y-4 p-5" data-testid="window-dialog">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {props.title}
        </h2>
        {props.lockCustomer ? (
          <p className="text-sm">
            Customer: <strong>{props.customers.find((c) => c.id === customerId)?.name}</strong>
          </p>
        ) : (
          <div>
            <label htmlFor={`${id}-search`} className="block text-sm font-medium">
              Customer
            </label>
            <input
              id={`${id}-search`}
              className="input mt-1"
              placeholder="Search name or email"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              autoFocus
            />
            <select
              aria-label="Customer"
              size={5}
              className="input mt-1"
              value={customerId}
              onChange={(e) => setCustomerId(e.target.value)}
              required
            >
              {shown.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.hint ? ` · ${c.hint}` : ""}
                </option>
              ))}
            </select>
            {fieldError("customerId") ? <p className="field-error">{fieldError("customerId")}</p> : null}
          </div>
        )}
        <div>
          <label htmlFor={`${id}-door`} className="block text-sm font-medium">
            Door
          </label>
          <select id={`${id}-door`} className="input mt-1" value={doorId} onChange={(e) => setDoorId(e.target.value)}>
            {props.doors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.hint ? ` (${d.hint})` : ""}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Kind of window</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="kind" checked={kind === "once"} onChange={() => setKind("once")} /> One-off
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="kind" checked={kind === "weekly"} onChange={() => setKind("weekly")} /> Every week
          </label>
        </fieldset>
        {kind === "once" ? (
          <div className="grid grid-cols-2 gap-3">
            <div>
              <label htmlFor={`${id}-start`} className="block text-sm font-medium">
                From
              </label>
              <input
                id={`${id}-start`}
                type="datetime-local"
                className="input mt-1"
                value={start}
                onChange={(e) => setStart(e.target.value)}
                required
              />
            </div>
            <div>
              <label htmlFor={`${id}-end`} className="block text-sm font-medium">
                Until
              </label>
              <input
                id={`${id}-end`}
                type="datetime-local"
                className="input mt-1"
                value={end}
                onChange={(e) => setEnd(e.target.value)}
                required
              />
              {fieldError("endsAt") ? <p className="field-error">{fieldError("endsAt")}</p> : null}
            </div>
          </div>
        ) : (
          <div className="space-y-3">
            <fieldset className="flex flex-wrap gap-2 text-sm">
              <legend className="mb-1 block text-sm font-medium">Weekdays</legend>
              {DAYS.map(([label, bit]) => (
                <label key={label} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={(weekdays & bit) !== 0}
                    onChange={(e) => setWeekdays(e.target.checked ? weekdays | bit : weekdays & ~bit)}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            <div className="grid grid-cols-2 gap-3">
              <div>
                <label htmlFor={`${id}-from`} className="block text-sm font-medium">
                  Daily from
                </label>
                <input
                  id={`${id}-from`}
                  type="time"
                  className="input mt-1"
                  value={fromTime}
                  onChange={(e) => setFromTime(e.target.value)}
                />
              </div>
              <div>
                <label htmlFor={`${id}-until`} className="block text-sm font-medium">
                  Daily until
                </label>
                <input
                  id={`${id}-until`}
                  type="time"
                  className="input mt-1"
                  value={untilTime}
                  onChange={(e) => setUntilTime(e.target.value)}
                />
                {fieldError("untilMinute") ? <p className="field-error">{fieldError("untilMinute")}</p> : null}
              </div>
              <div>
                <label htmlFor={`${id}-on`} className="block text-sm font-medium">
                  First day
                </label>
                <input
                  id={`${id}-on`}
                  type="date"
                  className="input mt-1"
                  value={startsOn}
                  onChange={(e) => setStartsOn(e.target.value)}
                />
              </div>
              <div>
                <label htmlFor={`${id}-off`} className="block text-sm font-medium">
                  Last day (optional)
                </label>
                <input
                  id={`${id}-off`}
                  type="date"
                  className="input mt-1"
                  value={endsOn}
                  onChange={(e) => setEndsOn(e.target.value)}
                />
              </div>
            </div>
          </div>
        )}
        <div>
          <label htmlFor={`${id}-note`} className="block text-sm font-medium">
            Note (optional)
          </label>
          <input
            id={`${id}-note`}
            className="input mt-1"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
          />
        </div>
        {preview?.rotates ? (
          <div className="rounded-md bg-violet-50 p-3 text-sm text-violet-900" data-testid="rotation-preview">
            <p className="font-medium">The lock holds one window at a time for this customer. It will hold, in turn:</p>
            <ol className="mt-1 list-decimal pl-5">
              {preview.steps.map((s, i) => (
                <li key={i}>{s.holds}</li>
              ))}
            </ol>
            {preview.more ? <p className="mt-1 text-xs">…and {preview.more} more.</p> : null}
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="dialog-error">
            {error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={saving || !customerId || !doorId}>
            {saving ? "Saving…" : "Save window"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

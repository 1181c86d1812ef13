"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { previewScheduleAction } from "@/app/actions/windows";
import type { ActionError } from "@/lib/actions/action-result";
import { WEEKDAY_BITS, WEEKDAY_NAMES } from "@/lib/model/weekdays";
import type { WindowSpecInput } from "@/lib/model/window-spec";
import type { CustomerOption, DoorOption } from "./calendar-filters";
import { DATE_HINT, DATE_TIME_HINT, TIME_HINT } from "./date-time-text";
import { type FieldName, fieldsOf, SERVER_FIELD, specOf, type WindowFields } from "./window-form-fields";
import { trapTab } from "./trap-focus";
import type { WindowDraft } from "./use-window-mutations";

export type DialogInitial = { customerId?: string; doorIds: string[]; window: WindowSpecInput; note?: string };

const customerHint = (c: CustomerOption) => [c.email, c.groupName].filter(Boolean).join(" · ");
const matches = (c: CustomerOption, q: string) =>
  `${c.name} ${c.email} ${c.groupName ?? ""}`.toLowerCase().includes(q.trim().toLowerCase());

/**
 * Create or edit one window — the keyboard path to everything a drag does. New windows may go on
 * several doors at once. Dates and times are typed as text on the building's clock (one Tab stop
 * each, any input is checked and explained, nothing typed can break the page). Shows, before
 * saving, what the lock will hold and when if Nuki's one-window-per-auth forces a rotation.
 */
export function WindowDialog(props: {
  title: string;
  /** The building's zone: every time shown or typed here is on its wall clock. */
  timeZone: string;
  customers: CustomerOption[];
  doors: DoorOption[];
  initial: DialogInitial;
  mode: "create" | "edit";
  excludeWindowId?: string;
  onSubmit: (v: WindowDraft) => Promise<ActionError | null>;
  /** `saved`: the dialog closed because Save succeeded (the caller moves focus to the result). */
  onClose: (saved: boolean) => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const editing = props.mode === "edit";
  const [customerId, setCustomerId] = useState(props.initial.customerId ?? "");
  const [doorIds, setDoorIds] = useState<string[]>(props.initial.doorIds);
  const [search, setSearch] = useState("");
  const [fields, setFields] = useState<WindowFields>(() => fieldsOf(props.initial.window, props.timeZone));
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [note, setNote] = useState(props.initial.note ?? "");
  const [error, setError] = useState<ActionError | null>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<{
    rotates: boolean;
    steps: { holds: string }[];
    more: number;
    credentialNote?: string | null;
  } | null>(null);
  const closedBySave = useRef(false);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const { spec, errors } = useMemo(() => specOf(fields, props.timeZone), [fields, props.timeZone]);
  const set = (patch: Partial<WindowFields>) => {
    setFields((f) => ({ ...f, ...patch }));
    setError(null);
  };

  useEffect(() => {
    const doorId = doorIds[0];
    if (!customerId || !doorId || !spec) return setPreview(null);
    const t = setTimeout(async () => {
      const r = await previewScheduleAction({
        customerId,
        doorId,
        window: spec,
        excludeWindowId: props.excludeWindowId,
      });
      setPreview(r.ok ? r.data : null);
    }, 400); // after typing pauses: each preview is a server action, and actions from one page run one at a time
    return () => clearTimeout(t);
  }, [customerId, doorIds, spec, props.excludeWindowId]);

  const shown = useMemo(
    () => props.customers.filter((c) => !search.trim() || matches(c, search)).slice(0, 50),
    [props.customers, search],
  );
  // One match left: that is the customer (it looked chosen but could not be picked, since clicking an
  // already-highlighted option fires no change).
  useEffect(() => {
    if (!editing && search.trim() && shown.length === 1 && shown[0]!.id !== customerId) setCustomerId(shown[0]!.id);
  }, [editing, search, shown, customerId]);
  const chosen = props.customers.find((c) => c.id === customerId);

  /** A server message for a field (its zod path mapped to the dialog's field), shown there and only there. */
  const serverError = (field: string) => {
    for (const [path, messages] of Object.entries(error?.fieldErrors ?? {})) {
      const key = path.replace(/\.\d+$/, "");
      if (SERVER_FIELD[key] === field && messages?.[0]) return messages[0];
    }
    return undefined;
  };
  const fieldError = (f: FieldName) => ((touched[f] || submitted) && errors[f]) || serverError(f);
  const unplacedError =
    error && !Object.keys(error.fieldErrors ?? {}).some((p) => SERVER_FIELD[p.replace(/\.\d+$/, "")])
      ? error.message
      : null;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!spec) {
      // Focus the first field that needs fixing; its message is tied to it (aria-describedby).
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    setSaving(true);
    const failure = await props.onSubmit({ customerId, doorIds, window: spec, note: note || undefined });
    setSaving(false);
    if (failure) {
      setError(failure);
      requestAnimationFrame(() =>
        form.current?.querySelector<HTMLElement>("[aria-invalid=true], [data-dialog-error]")?.focus(),
      );
    } else {
      closedBySave.current = true;
      dialog.current?.close();
    }
  }

  const textField = (
    f: FieldName,
    label: string,
    hint: string,
    opts: { value: string; patch: (v: string) => void },
  ) => {
    const err = fieldError(f);
    return (
      <div>
        <label htmlFor={`${id}-${f}`} className="block text-sm font-medium">
          {label}
        </label>
        <input
          id={`${id}-${f}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          className="input mt-1"
          value={opts.value}
          onChange={(e) => opts.patch(e.target.value)}
          onBlur={() => setTouched((t) => ({ ...t, [f]: true }))}
          aria-invalid={err ? true : undefined}
          aria-describedby={`${id}-${f}-hint${err ? ` ${id}-${f}-error` : ""}`}
          data-field={f}
        />
        <p id={`${id}-${f}-hint`} className="mt-0.5 text-xs text-slate-600">
          {hint}
        </p>
        {err ? (
          <p id={`${id}-${f}-error`} className="field-error">
            {err}
          </p>
        ) : null}
      </div>
    );
  };

  const doorsError = serverError("doors");
  const customerError = serverError("customer");
  return (
    <dialog
      ref={dialog}
      onClose={() => props.onClose(closedBySave.current)}
      onKeyDown={trapTab}
      aria-labelledby={`${id}-title`}
      className="m-auto max-h-[calc(100dvh-1rem)] w-[calc(100%-1rem)] max-w-lg overflow-y-auto rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form ref={form} onSubmit={submit} className="space-y-4 p-4 sm:p-5" data-testid="window-dialog" noValidate>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {props.title}
        </h2>
        {editing ? (
          <p className="text-sm">
            Customer: <strong>{chosen?.name}</strong>
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
              aria-describedby={`${id}-chosen`}
            />
            <select
              aria-label="Customer"
              size={5}
              className="input mt-1"
              // Only a customer that is really chosen looks chosen: the hidden empty option stands for "none"
              // (React would otherwise highlight the first option without choosing it).
              value={shown.some((c) => c.id === customerId) ? customerId : ""}
              onChange={(e) => e.target.value && setCustomerId(e.target.value)}
              aria-invalid={customerError ? true : undefined}
            >
              {shown.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {customerHint(c) ? ` · ${customerHint(c)}` : ""}
                </option>
              ))}
              <option value="" hidden disabled>
                No customer chosen
              </option>
            </select>
            <p id={`${id}-chosen`} className="mt-1 text-xs text-slate-700" aria-live="polite">
              {chosen ? (
                <>
                  Chosen: <strong>{chosen.name}</strong> ({chosen.email})
                </>
              ) : shown.length === 0 ? (
                "No customer matches; try part of the name or the email address."
              ) : (
                `${shown.length}${shown.length === 50 ? "+" : ""} matching; pick one from the list.`
              )}
            </p>
            {customerError ? <p className="field-error">{customerError}</p> : null}
          </div>
        )}
        {editing ? (
          <div>
            <label htmlFor={`${id}-door`} className="block text-sm font-medium">
              Door
            </label>
            <select
              id={`${id}-door`}
              className="input mt-1"
              value={doorIds[0] ?? ""}
              onChange={(e) => setDoorIds([e.target.value])}
            >
              {props.doors.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {d.online ? (d.groupName ? ` (${d.groupName})` : "") : " (offline)"}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <fieldset aria-describedby={doorsError ? `${id}-doors-error` : undefined}>
            <legend className="block text-sm font-medium">Doors</legend>
            {props.doors.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">
                No door here takes new windows: archived doors and doors awaiting a site are not offered.
              </p>
            ) : null}
            <div className="mt-1 grid max-h-36 grid-cols-1 gap-x-3 overflow-y-auto rounded-md border border-slate-300 p-2 text-sm sm:grid-cols-2">
              {props.doors.map((d) => (
                <label key={d.id} className="flex items-center gap-2 py-0.5">
                  <input
                    type="checkbox"
                    checked={doorIds.includes(d.id)}
                    onChange={(e) =>
                      setDoorIds((ids) => (e.target.checked ? [...ids, d.id] : ids.filter((x) => x !== d.id)))
                    }
                  />
                  <span>
                    {d.name}
                    {d.online ? (d.groupName ? ` (${d.groupName})` : "") : " (offline)"}
                  </span>
                </label>
              ))}
            </div>
            <p className="mt-0.5 text-xs text-slate-600">
              {doorIds.length === 1 ? "1 door chosen." : `${doorIds.length} doors chosen.`}
            </p>
            {doorsError ? (
              <p id={`${id}-doors-error`} className="field-error">
                {doorsError}
              </p>
            ) : null}
          </fieldset>
        )}
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Kind of window</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="kind" checked={fields.kind === "once"} onChange={() => set({ kind: "once" })} />{" "}
            One-off
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="kind"
              checked={fields.kind === "weekly"}
              onChange={() => set({ kind: "weekly" })}
            />{" "}
            Every week
          </label>
        </fieldset>
        <p className="text-xs text-slate-600">Times are on the site&apos;s wall clock: {props.timeZone}.</p>
        {fields.kind === "once" ? (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {textField("start", "From", DATE_TIME_HINT, { value: fields.start, patch: (v) => set({ start: v }) })}
            {textField("end", "Until", DATE_TIME_HINT, { value: fields.end, patch: (v) => set({ end: v }) })}
          </div>
        ) : (
          <div className="space-y-3">
            <fieldset
              className="flex flex-wrap gap-x-3 gap-y-1 text-sm"
              aria-describedby={fieldError("weekdays") ? `${id}-weekdays-error` : undefined}
            >
              <legend className="mb-1 block text-sm font-medium">Weekdays</legend>
              {WEEKDAY_NAMES.map((label, i) => {
                const bit = WEEKDAY_BITS[i]!;
                return (
                  <label key={label} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={(fields.weekdays & bit) !== 0}
                      onChange={(e) =>
                        set({ weekdays: e.target.checked ? fields.weekdays | bit : fields.weekdays & ~bit })
                      }
                    />
                    {label}
                  </label>
                );
              })}
              {fieldError("weekdays") ? (
                <p id={`${id}-weekdays-error`} className="field-error w-full">
                  {fieldError("weekdays")}
                </p>
              ) : null}
            </fieldset>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              {textField("from", "Daily from", TIME_HINT, { value: fields.from, patch: (v) => set({ from: v }) })}
              {textField("until", "Daily until", `${TIME_HINT}; 00:00 = midnight at the end of the day`, {
                value: fields.until,
                patch: (v) => set({ until: v }),
              })}
              {textField("startsOn", "First day", DATE_HINT, {
                value: fields.startsOn,
                patch: (v) => set({ startsOn: v }),
              })}
              {textField("endsOn", "Last day (optional)", DATE_HINT, {
                value: fields.endsOn,
                patch: (v) => set({ endsOn: v }),
              })}
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
          {serverError("note") ? <p className="field-error">{serverError("note")}</p> : null}
        </div>
        {preview?.credentialNote ? (
          <p className="rounded-md bg-sky-50 p-3 text-sm text-sky-900" data-testid="credential-note">
            {preview.credentialNote}
          </p>
        ) : null}
        {preview?.rotates ? (
          <div className="rounded-md bg-violet-50 p-3 text-sm text-violet-900" data-testid="rotation-preview">
            <p className="font-medium">The lock holds one window at a time for this customer. It will hold, in turn:</p>
            <ol className="mt-1 list-decimal pl-5">
              {preview.steps.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed list per preview; the same text may repeat
                <li key={i}>{s.holds}</li>
              ))}
            </ol>
            {preview.more ? <p className="mt-1 text-xs">…and {preview.more} more.</p> : null}
          </div>
        ) : null}
        {unplacedError ? (
          <p
            role="alert"
            tabIndex={-1}
            data-dialog-error
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
            data-testid="dialog-error"
          >
            {unplacedError}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={saving || !customerId || doorIds.length === 0}>
            {saving ? "Saving…" : doorIds.length > 1 ? `Save ${doorIds.length} windows` : "Save window"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

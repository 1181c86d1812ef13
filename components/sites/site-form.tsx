"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { createSiteAction, deleteSiteAction, updateSiteAction } from "@/app/actions/sites";
import type { ActionError } from "@/lib/actions/action-result";

export type SiteValues = { name: string; timeZone: string; checkIn: string; checkOut: string };
export type ExistingSite = SiteValues & { id: string; version: number; doorCount: number };

/** New site, or edit one (with the version it was loaded at, so a colleague's edit is never overwritten). */
export function SiteFormButton({ label, existing }: { label: string; existing?: ExistingSite }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={existing ? "btn-secondary" : "btn-primary"} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? <SiteDialog existing={existing} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function SiteDialog({ existing, onClose }: { existing?: ExistingSite; onClose: () => void }) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [v, setV] = useState<SiteValues>(
    existing ?? {
      name: "",
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      checkIn: "15:00",
      checkOut: "11:00",
    },
  );
  const [error, setError] = useState<ActionError | null>(null);
  const [busy, setBusy] = useState(false);
  // Every zone this browser knows, offered as suggestions; the server checks the zone again.
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const field = (k: keyof SiteValues) => error?.fieldErrors?.[k]?.[0];
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = existing
      ? await updateSiteAction({ ...v, siteId: existing.id, expectedVersion: existing.version })
      : await createSiteAction(v);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    ref.current?.close();
    router.push(`/sites/${r.data.id}`);
    router.refresh();
  }
  async function remove() {
    if (!existing) return;
    setBusy(true);
    const r = await deleteSiteAction({ siteId: existing.id, expectedVersion: existing.version });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    ref.current?.close();
    router.push("/sites");
    router.refresh();
  }
  const input = (k: keyof SiteValues, label: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`${id}-${k}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`${id}-${k}`}
        className="input mt-1"
        value={v[k]}
        onChange={(e) => setV({ ...v, [k]: e.target.value })}
        aria-invalid={!!field(k)}
        {...extra}
      />
      {field(k) ? <p className="field-error">{field(k)}</p> : null}
    </div>
  );
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={`${id}-t`}
      className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form onSubmit={submit} className="space-y-3 p-5" data-testid="site-form">
        <h2 id={`${id}-t`} className="text-lg font-semibold">
          {existing ? `Edit ${existing.name}` : "New site"}
        </h2>
        {input("name", "Name")}
        {input("timeZone", "Time zone (IANA, e.g. Europe/Berlin)", { list: `${id}-zones`, autoComplete: "off" })}
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <div className="grid grid-cols-2 gap-3">
          {input("checkIn", "Default check-in", { placeholder: "15:00", inputMode: "numeric" })}
          {input("checkOut", "Default check-out", { placeholder: "11:00", inputMode: "numeric" })}
        </div>
        {existing && existing.timeZone !== v.timeZone && existing.doorCount > 0 ? (
          <p className="rounded bg-amber-50 p-2 text-xs text-amber-900">
            All {existing.doorCount} doors move to the new clock: every window keeps its wall-clock times, and the locks
            are sent their authorizations again.
          </p>
        ) : null}
        {error && !error.fieldErrors ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
            {error.message}
          </p>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          {existing ? (
            <button
              type="button"
              className="btn-secondary mr-auto"
              onClick={remove}
              disabled={busy || existing.doorCount > 0}
              title={existing.doorCount > 0 ? "Move its doors to another site first." : undefined}
            >
              Delete site
            </button>
          ) : null}
          <button type="button" className="btn-secondary" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useRef, useState } from "react";
import { createSiteAction, deleteSiteAction, updateSiteAction } from "@/app/actions/sites";
import { DialogButton, FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import type { ActionError } from "@/lib/actions/action-result";

export type SiteValues = { name: string; timeZone: string; checkIn: string; checkOut: string };
export type ExistingSite = SiteValues & { id: string; version: number; doorCount: number };

/** New site, or edit one (with the version it was loaded at, so a colleague's edit is never overwritten). */
export function SiteFormButton({ label, existing }: { label: string; existing?: ExistingSite }) {
  return (
    <DialogButton
      label={label}
      primary={!existing}
      dialog={(onClose) => <SiteDialog existing={existing} onClose={onClose} />}
    />
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
  async function submit() {
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
  const field = (
    k: keyof SiteValues,
    label: string,
    extra: Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> = {},
  ) => (
    <TextField
      id={`${id}-${k}`}
      label={label}
      value={v[k]}
      onChange={(value) => setV({ ...v, [k]: value })}
      error={error?.fieldErrors?.[k]?.[0]}
      {...extra}
    />
  );
  return (
    <FormDialog
      id={id}
      dialogRef={ref}
      title={existing ? `Edit ${existing.name}` : "New site"}
      testId="site-form"
      error={error}
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
      extraActions={
        existing ? (
          <button
            type="button"
            className="btn-secondary mr-auto"
            onClick={remove}
            disabled={busy || existing.doorCount > 0}
            title={existing.doorCount > 0 ? "Move its doors to another site first." : undefined}
          >
            Delete site
          </button>
        ) : null
      }
    >
      {field("name", "Name")}
      {field("timeZone", "Time zone (IANA, e.g. Europe/Berlin)", { list: `${id}-zones`, autoComplete: "off" })}
      <datalist id={`${id}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="grid grid-cols-2 gap-3">
        {field("checkIn", "Default check-in", { placeholder: "15:00", inputMode: "numeric" })}
        {field("checkOut", "Default check-out", { placeholder: "11:00", inputMode: "numeric" })}
      </div>
      {existing && existing.timeZone !== v.timeZone && existing.doorCount > 0 ? (
        <p className="rounded bg-amber-50 p-2 text-xs text-amber-900">
          All {existing.doorCount} doors move to the new clock: every window keeps its wall-clock times, and the locks
          are sent their authorizations again.
        </p>
      ) : null}
    </FormDialog>
  );
}

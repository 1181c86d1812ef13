"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { createCustomerAction, updateCustomerAction } from "@/app/actions/customers";
import type { ActionError } from "@/lib/actions/action-result";

type Values = { name: string; email: string; phone: string; groupName: string; preferredCredential: "keypad" | "app" };

/** New customer, or edit one (with the version it was loaded at, so a colleague's edit is never overwritten). */
export function CustomerFormButton({
  label,
  existing,
}: {
  label: string;
  existing?: Values & { id: string; version: number };
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={existing ? "btn-secondary" : "btn-primary"} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? <CustomerDialog existing={existing} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function CustomerDialog({
  existing,
  onClose,
}: {
  existing?: Values & { id: string; version: number };
  onClose: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [v, setV] = useState<Values>(
    existing ?? { name: "", email: "", phone: "", groupName: "", preferredCredential: "keypad" },
  );
  const [error, setError] = useState<ActionError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const field = (k: keyof Values) => error?.fieldErrors?.[k]?.[0];
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = existing
      ? await updateCustomerAction({ ...v, customerId: existing.id, expectedVersion: existing.version })
      : await createCustomerAction(v);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    ref.current?.close();
    router.push(`/customers/${r.data.id}`);
    router.refresh();
  }
  const input = (k: keyof Values, label: string, type = "text") => (
    <div>
      <label htmlFor={`${id}-${k}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`${id}-${k}`}
        type={type}
        className="input mt-1"
        value={v[k]}
        onChange={(e) => setV({ ...v, [k]: e.target.value })}
        aria-invalid={!!field(k)}
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
      <form onSubmit={submit} className="space-y-3 p-5" data-testid="customer-form">
        <h2 id={`${id}-t`} className="text-lg font-semibold">
          {existing ? "Edit customer" : "New customer"}
        </h2>
        {input("name", "Name")}
        {input("email", "Email", "email")}
        {input("phone", "Phone (optional)", "tel")}
        {input("groupName", "Group (optional)")}
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">Opens doors with</legend>
          <label className="mr-4">
            <input
              type="radio"
              checked={v.preferredCredential === "keypad"}
              onChange={() => setV({ ...v, preferredCredential: "keypad" })}
            />{" "}
            Keypad code
          </label>
          <label>
            <input
              type="radio"
              checked={v.preferredCredential === "app"}
              onChange={() => setV({ ...v, preferredCredential: "app" })}
            />{" "}
            Nuki app invite
          </label>
        </fieldset>
        {existing && existing.preferredCredential !== v.preferredCredential ? (
          <p className="rounded bg-amber-50 p-2 text-xs text-amber-900">
            Every door moves over: the old {existing.preferredCredential === "app" ? "invites are" : "code is"} removed
            from the locks and the new credential sent.
          </p>
        ) : null}
        {error && !error.fieldErrors ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
            {error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
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

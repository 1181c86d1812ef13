"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { createCustomerAction, updateCustomerAction } from "@/app/actions/customers";
import { DialogButton, FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import type { ActionError } from "@/lib/actions/action-result";

type Values = { name: string; email: string; phone: string; groupName: string; preferredCredential: "keypad" | "app" };
type Existing = Values & { id: string; version: number };

/** New customer, or edit one (with the version it was loaded at, so a colleague's edit is never overwritten). */
export function CustomerFormButton({ label, existing }: { label: string; existing?: Existing }) {
  return (
    <DialogButton
      label={label}
      primary={!existing}
      dialog={(onClose) => <CustomerDialog existing={existing} onClose={onClose} />}
    />
  );
}

function CustomerDialog({ existing, onClose }: { existing?: Existing; onClose: () => void }) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [v, setV] = useState<Values>(
    existing ?? { name: "", email: "", phone: "", groupName: "", preferredCredential: "keypad" },
  );
  const [error, setError] = useState<ActionError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit() {
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
  const field = (k: keyof Values, label: string, type = "text") => (
    <TextField
      id={`${id}-${k}`}
      label={label}
      type={type}
      value={v[k]}
      onChange={(value) => setV({ ...v, [k]: value })}
      error={error?.fieldErrors?.[k]?.[0]}
    />
  );
  return (
    <FormDialog
      id={id}
      dialogRef={ref}
      title={existing ? "Edit customer" : "New customer"}
      testId="customer-form"
      error={error}
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
    >
      {field("name", "Name")}
      {field("email", "Email", "email")}
      {field("phone", "Phone (optional)", "tel")}
      {field("groupName", "Group (optional)")}
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
    </FormDialog>
  );
}

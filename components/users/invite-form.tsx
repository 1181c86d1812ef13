"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { inviteStaffAction } from "@/app/actions/users";
import { useToast } from "@/components/ui/toast";
import { STAFF_ROLES, type StaffRole } from "@/lib/model/roles";

/** Invite a staff member by email: they get a one-time link to choose their own password. */
export function InviteForm() {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);
  const submit = async (form: FormData) => {
    setPending(true);
    const r = await inviteStaffAction({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? "staff") as StaffRole,
    });
    setPending(false);
    if (!r.ok) {
      setErrors((r.error.fieldErrors ?? {}) as Record<string, string[]>);
      if (!r.error.fieldErrors) toast({ tone: "error", message: r.error.message });
      return;
    }
    setErrors({});
    toast({ tone: "info", message: `Invite sent to ${String(form.get("email"))}.` });
    router.refresh();
  };
  const err = (f: string) => errors[f]?.[0];
  return (
    <form action={submit} className="card mb-6 flex flex-wrap items-end gap-3 p-4" noValidate data-testid="invite-form">
      <div>
        <label htmlFor="invite-name" className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <input id="invite-name" name="name" className="input mt-1" aria-invalid={!!err("name")} />
        {err("name") ? <p className="field-error">{err("name")}</p> : null}
      </div>
      <div>
        <label htmlFor="invite-email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input id="invite-email" name="email" type="email" className="input mt-1" aria-invalid={!!err("email")} />
        {err("email") ? <p className="field-error">{err("email")}</p> : null}
      </div>
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
          Role
        </label>
        <select id="invite-role" name="role" defaultValue="staff" className="input mt-1 w-auto">
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? "Sending…" : "Send invite"}
      </button>
    </form>
  );
}

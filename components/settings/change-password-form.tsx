"use client";

import { useId, useState } from "react";
import { changeOwnPasswordAction } from "@/app/actions/account";
import { useHydrated } from "@/components/ui/use-hydrated";

const FIELDS = [
  { key: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { key: "newPassword", label: "New password", autoComplete: "new-password" },
  { key: "confirmPassword", label: "New password again", autoComplete: "new-password" },
] as const;
type Key = (typeof FIELDS)[number]["key"];

/**
 * Change your own password. On success every session of the account has ended, this one too, so
 * the form gives way to "sign in again".
 */
export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const id = useId();
  const ready = useHydrated();
  const [values, setValues] = useState<Record<Key, string>>({
    currentPassword: "",
    newPassword: "",
    confirmPassword: "",
  });
  const [errors, setErrors] = useState<Partial<Record<Key | "_form", string>>>({});
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const r = await changeOwnPasswordAction(values);
    setSaving(false);
    if (r.ok) {
      setDone(true);
      return;
    }
    const field = (r.error.details as { field?: Key } | undefined)?.field;
    const byField = Object.fromEntries(
      Object.entries(r.error.fieldErrors ?? {}).map(([k, v]) => [k, v?.join(" ")]),
    ) as Partial<Record<Key, string>>;
    setErrors(
      Object.keys(byField).length > 0 ? byField : field ? { [field]: r.error.message } : { _form: r.error.message },
    );
  };

  if (done)
    return (
      <div role="status" className="space-y-2" data-testid="password-changed">
        <p className="text-sm font-medium">
          Password changed. Every session of your account has ended, this one too — sign in with the new password.
        </p>
        <a className="btn-primary inline-block" href="/login">
          Sign in again
        </a>
      </div>
    );
  return (
    <form onSubmit={save} className="space-y-4" data-testid="change-password-form">
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label htmlFor={`${id}-${f.key}`} className="block text-sm font-medium">
            {f.label}
          </label>
          <input
            id={`${id}-${f.key}`}
            type="password"
            required
            autoComplete={f.autoComplete}
            maxLength={200}
            minLength={f.key === "currentPassword" ? undefined : minLength}
            className="input mt-1 w-72"
            value={values[f.key]}
            aria-invalid={errors[f.key] ? true : undefined}
            aria-describedby={errors[f.key] ? `${id}-${f.key}-error` : undefined}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
          />
          {errors[f.key] ? (
            <p id={`${id}-${f.key}-error`} className="field-error">
              {errors[f.key]}
            </p>
          ) : null}
        </div>
      ))}
      {errors._form ? (
        <p className="field-error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <p className="text-xs text-slate-500">
        At least {minLength} characters, not a common password, and not your name or email. Every session of your
        account ends when it changes.
      </p>
      <button type="submit" className="btn-primary" disabled={!ready || saving}>
        {saving ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

"use client";

import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";

/** One labelled input with its error under it (setup and invite forms share the shape). */
export function Field({
  name,
  label,
  type = "text",
  autoComplete,
  defaultValue,
  error,
  hint,
}: {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
}) {
  const described = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-invalid={!!error}
        aria-describedby={described || undefined}
        className="input mt-1"
      />
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** New password + confirmation, with the rule said up front rather than after a refusal. */
export function NewPasswordFields({ errors }: { errors?: Record<string, string[]> }) {
  return (
    <>
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        error={errors?.password?.[0]}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; not a common password, not your name or email.`}
      />
      <Field
        name="confirm"
        label="Repeat password"
        type="password"
        autoComplete="new-password"
        error={errors?.confirm?.[0]}
      />
    </>
  );
}

"use client";

import { useActionState } from "react";
import { completeSetupAction, type PasswordFormState } from "./actions";
import { Field, NewPasswordFields } from "./password-fields";

export function SetupForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<PasswordFormState, FormData>(completeSetupAction, {});
  const err = (f: string) => state.fieldErrors?.[f]?.[0];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field name="name" label="Your name" autoComplete="name" defaultValue={state.name} error={err("name")} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        defaultValue={state.email}
        error={err("email")}
      />
      <NewPasswordFields errors={state.fieldErrors} />
      {state.message ? (
        <p role="alert" data-testid="setup-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Creating…" : "Create admin account"}
      </button>
    </form>
  );
}

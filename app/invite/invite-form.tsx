"use client";

import { useActionState } from "react";
import { acceptInviteAction, type PasswordFormState } from "../setup/actions";
import { NewPasswordFields } from "../setup/password-fields";

export function InviteForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState<PasswordFormState, FormData>(acceptInviteAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <NewPasswordFields errors={state.fieldErrors} />
      {state.message ? (
        <p role="alert" data-testid="invite-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Saving…" : "Set password and sign in"}
      </button>
    </form>
  );
}

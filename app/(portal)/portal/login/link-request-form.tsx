"use client";

import { useActionState } from "react";
import { requestLinkAction, type LinkRequestState } from "../actions";

export function LinkRequestForm() {
  const [state, action, pending] = useActionState<LinkRequestState, FormData>(requestLinkAction, {});
  if (state.sent) {
    return (
      <p role="status" className="text-sm text-slate-700" data-testid="link-sent">
        If <strong>{state.email}</strong> belongs to a customer, a sign-in link is on its way. It works once, for 15
        minutes.
      </p>
    );
  }
  return (
    <form action={action} className="space-y-3" noValidate>
      <label htmlFor="email" className="block text-sm font-medium">
        Your email address
      </label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.email}
        className="input"
        aria-invalid={!!state.error}
      />
      {state.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}

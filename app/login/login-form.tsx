"use client";

import { useActionState } from "react";
import { loginAction, type LoginState } from "./actions";

export function LoginForm({ next }: { next?: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(loginAction, {});
  const err = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={state.email}
          aria-invalid={!!err("email")}
          aria-describedby={err("email") ? "email-error" : undefined}
          className="input mt-1"
        />
        {err("email") ? (
          <p id="email-error" className="field-error">
            {err("email")}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!err("password")}
          aria-describedby={err("password") ? "password-error" : undefined}
          className="input mt-1"
        />
        {err("password") ? (
          <p id="password-error" className="field-error">
            {err("password")}
          </p>
        ) : null}
      </div>
      {state.message ? (
        <p role="alert" data-testid="login-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

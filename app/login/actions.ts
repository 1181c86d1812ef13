"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { THROTTLE } from "@/lib/auth/login-throttle";
import { fieldErrorsOf } from "@/lib/actions/define-action";

export type LoginState = { message?: string; fieldErrors?: Record<string, string[]>; email?: string };

const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your email address.").pipe(z.email("That is not a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
  next: z.string().optional(),
});

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : "/");

/**
 * The sign-in form. Throttling and the attempt log live in authorize() (lib/auth/authorize.ts),
 * which Auth.js's own callback endpoint reaches too; this action only turns outcomes into words.
 */
export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const parsed = loginInput.safeParse(Object.fromEntries(form));
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), email };

  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      const code = (error as AuthError & { code?: string }).code;
      const minutes = Math.ceil(THROTTLE.windowMs / 60_000);
      return {
        // One message for unknown account and wrong password: telling them apart would enumerate accounts.
        message:
          code === "disabled"
            ? "This account has been disabled. Ask an administrator."
            : code === "throttled"
              ? `Too many failed sign-in attempts. Try again in ${minutes} minutes.`
              : "Email or password is incorrect.",
        email,
      };
    }
    throw error;
  }
  redirect(safeNext(parsed.data.next)); // outside the try: redirect() works by throwing
}

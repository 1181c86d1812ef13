"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { recordLoginAttempt } from "@/db/queries/users";
import { signIn } from "@/lib/auth";
import { checkLoginThrottle } from "@/lib/auth/login-throttle";
import { fieldErrorsOf } from "@/lib/actions/define-action";

export type LoginState = { message?: string; fieldErrors?: Record<string, string[]>; email?: string };

const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your email address.").pipe(z.email("That is not a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(200, "That password is too long."),
  next: z.string().optional(),
});

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : "/");

async function clientAddress() {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "unknown";
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const parsed = loginInput.safeParse(Object.fromEntries(form));
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), email };

  const db = await getDb();
  const ip = await clientAddress();
  const verdict = await checkLoginThrottle(db, parsed.data.email, ip);
  if (!verdict.allowed) {
    return { message: `Too many failed sign-in attempts. Try again in ${verdict.retryAfterMinutes} minutes.`, email };
  }

  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      await recordLoginAttempt(db, { email: parsed.data.email, ip, success: false });
      const code = (error as AuthError & { code?: string }).code;
      return {
        // One message for unknown account and wrong password: telling them apart would enumerate accounts.
        message:
          code === "disabled"
            ? "This account has been disabled. Ask an administrator."
            : "Email or password is incorrect.",
        email,
      };
    }
    throw error;
  }
  await recordLoginAttempt(db, { email: parsed.data.email, ip, success: true });
  redirect(safeNext(parsed.data.next)); // outside the try: redirect() works by throwing
}

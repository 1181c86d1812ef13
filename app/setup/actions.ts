"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { signIn } from "@/lib/auth";
import { headersClientAddress } from "@/lib/auth/client-ip";
import { acceptInvite } from "@/lib/auth/staff-invites";
import { completeSetup } from "@/lib/auth/setup-link";
import { fieldErrorsOf } from "@/lib/actions/define-action";

export type PasswordFormState = {
  message?: string;
  fieldErrors?: Record<string, string[]>;
  email?: string;
  name?: string;
};

const password = z.string().min(1, "Choose a password.").max(200, "Use at most 200 characters.");
const matching = <T extends { password: string; confirm: string }>(v: T) => v.password === v.confirm;
const mismatch = { message: "The two passwords differ.", path: ["confirm"] };

const setupInput = z
  .object({
    token: z.string(),
    name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
    email: z.string().trim().min(1, "Enter your email address.").pipe(z.email("That is not a valid email address.")),
    password,
    confirm: z.string(),
  })
  .refine(matching, mismatch);

/**
 * The first admin, from the one-time setup link. Public by nature (nobody can sign in yet): the
 * link is the credential, checked by lib/auth/setup-link in the transaction that creates the admin,
 * and failed submits are throttled per address like sign-ins.
 */
export async function completeSetupAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  const parsed = setupInput.safeParse(Object.fromEntries(form));
  const echo = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? "") };
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), ...echo };
  const outcome = await completeSetup(await getDb(), { ...parsed.data, ip: headersClientAddress(await headers()) });
  if (!outcome.ok)
    return outcome.reason === "password"
      ? { fieldErrors: { password: [outcome.message] }, ...echo }
      : { message: outcome.message, ...echo };
  await signIn("credentials", { email: outcome.email, password: parsed.data.password, redirect: false });
  // The next step of taking over a building: bring the locks in (Doors → Sync from Nuki).
  redirect("/doors");
}

const inviteInput = z.object({ token: z.string(), password, confirm: z.string() }).refine(matching, mismatch);

/** An invited staff member chooses a password (the invite link is the credential; throttled per address). */
export async function acceptInviteAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  const parsed = inviteInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  const outcome = await acceptInvite(await getDb(), { ...parsed.data, ip: headersClientAddress(await headers()) });
  if (!outcome.ok)
    return outcome.reason === "password"
      ? { fieldErrors: { password: [outcome.message] } }
      : { message: outcome.message };
  await signIn("credentials", { email: outcome.email, password: parsed.data.password, redirect: false });
  redirect("/");
}

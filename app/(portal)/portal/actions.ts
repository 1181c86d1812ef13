"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { signIn } from "@/lib/auth";
import { headersClientAddress } from "@/lib/auth/client-ip";
import { requestLoginLink } from "@/lib/auth/login-links";
import { env } from "@/lib/env";
import { defineAction } from "@/lib/actions/define-action";
import { getAccessContext } from "@/lib/runtime/context";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { createIcalLink, requestNewInvite } from "@/lib/access/portal/portal-actions";

export type LinkRequestState = { sent?: boolean; error?: string; email?: string };

/** Never derive links from the Host header (CVE-2024-34351 class): PUBLIC_URL, or this server in demo. */
const baseUrl = () => env().PUBLIC_URL?.replace(/\/$/, "") ?? `http://localhost:${env().PORT}`;

export async function requestLinkAction(_prev: LinkRequestState, form: FormData): Promise<LinkRequestState> {
  const parsed = z.email("That is not a valid email address.").safeParse(String(form.get("email") ?? "").trim());
  if (!parsed.success) return { error: parsed.error.issues[0]!.message, email: String(form.get("email") ?? "") };
  const h = await headers();
  await requestLoginLink(await getDb(), {
    email: parsed.data,
    ip: headersClientAddress(h),
    baseUrl: baseUrl(),
  });
  // The same answer for every address: whether it belongs to a customer is not disclosed.
  return { sent: true, email: parsed.data };
}

export async function signInWithLinkAction(form: FormData): Promise<void> {
  const token = String(form.get("token") ?? "");
  try {
    await signIn("login-link", { token, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) redirect("/portal/link?expired=1");
    throw error;
  }
  redirect("/portal");
}

/** The customer's own keypad code(s), on request. */
export const revealMyCodeAction = defineAction({
  input: z.object({}),
  permission: "portal.self",
  run: async (_input, actor) => revealCodes(await getAccessContext(), actor, actor.customerId ?? ""),
});

export const requestNewInviteAction = defineAction({
  input: z.object({ grantId: z.uuid() }),
  permission: "portal.self",
  run: async ({ grantId }, actor) => requestNewInvite(await getAccessContext(), actor, grantId),
});

export const createIcalLinkAction = defineAction({
  input: z.object({}),
  permission: "portal.self",
  run: async (_input, actor) => createIcalLink(await getAccessContext(), actor, baseUrl()),
});

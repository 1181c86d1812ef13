"use server";

import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { defineAction } from "@/lib/actions/define-action";
import { updateUser } from "@/lib/auth/manage-users";
import { inviteStaff, reinviteStaff, revokeInvite } from "@/lib/auth/staff-invites";
import { env } from "@/lib/env";
import { STAFF_ROLES } from "@/lib/model/roles";

/** Never derive links from the Host header (CVE-2024-34351 class): PUBLIC_URL, or this server. */
const baseUrl = () => env().PUBLIC_URL?.replace(/\/$/, "") ?? `http://localhost:${env().PORT}`;
const staffRole = z.enum(STAFF_ROLES, { error: "Choose admin, manager or staff." });

/** Admins disable/enable sign-ins and change staff roles; the user's sessions follow on their next request. */
export const updateUserAction = defineAction({
  input: z.object({
    userId: z.uuid(),
    disabled: z.boolean().optional(),
    role: staffRole.optional(),
  }),
  permission: "users.admin",
  run: async (input, actor) => updateUser(await getDb(), actor, input),
});

/** An emailed one-time link (the outbox in demo) lets the new staff member choose a password. */
export const inviteStaffAction = defineAction({
  input: z.object({
    email: z.string().trim().min(1, "Enter an email address.").pipe(z.email("That is not a valid email address.")),
    name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
    role: staffRole,
  }),
  permission: "users.admin",
  run: async (input, actor) => inviteStaff(await getDb(), actor, { ...input, baseUrl: baseUrl() }),
});

export const reinviteStaffAction = defineAction({
  input: z.object({ userId: z.uuid() }),
  permission: "users.admin",
  run: async (input, actor) => reinviteStaff(await getDb(), actor, { ...input, baseUrl: baseUrl() }),
});

export const revokeInviteAction = defineAction({
  input: z.object({ userId: z.uuid() }),
  permission: "users.admin",
  run: async (input, actor) => revokeInvite(await getDb(), actor, input),
});

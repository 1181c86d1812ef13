"use server";

import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { defineAction } from "@/lib/actions/define-action";
import { updateUser } from "@/lib/auth/manage-users";

/** Admins disable/enable sign-ins and change staff roles; the user's sessions follow on their next request. */
export const updateUserAction = defineAction({
  input: z.object({
    userId: z.uuid(),
    disabled: z.boolean().optional(),
    role: z.enum(["admin", "manager", "staff"]).optional(),
  }),
  permission: "users.admin",
  run: async (input, actor) => updateUser(await getDb(), actor, input),
});

"use server";

import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { defineAction } from "@/lib/actions/define-action";
import { updateUser } from "@/lib/auth/manage-users";
import { STAFF_ROLES } from "@/lib/model/roles";

/** Admins disable/enable sign-ins and change staff roles; the user's sessions follow on their next request. */
export const updateUserAction = defineAction({
  input: z.object({
    userId: z.uuid(),
    disabled: z.boolean().optional(),
    role: z.enum(STAFF_ROLES, { error: "Choose admin, manager or staff." }).optional(),
  }),
  permission: "users.admin",
  run: async (input, actor) => updateUser(await getDb(), actor, input),
});

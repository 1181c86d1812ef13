"use server";

import { headers } from "next/headers";
import { getDb } from "@/db/bootstrap";
import { defineAction } from "@/lib/actions/define-action";
import { changeOwnPassword, changePasswordInput } from "@/lib/auth/change-password";
import { headersClientAddress } from "@/lib/auth/client-ip";

/**
 * A staff member changes their own password (current one required, throttled like sign-in). Every
 * staff role reads doors, customers do not: the permission admits exactly the people with a
 * password, and the change only ever touches the caller's own account.
 */
export const changeOwnPasswordAction = defineAction({
  input: changePasswordInput,
  permission: "doors.read",
  run: async (input, actor) => {
    await changeOwnPassword(await getDb(), actor, input, headersClientAddress(await headers()));
    return { signedOut: true };
  },
});

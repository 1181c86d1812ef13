"use server";

import { getDb } from "@/db/bootstrap";
import { retentionInput, updateRetentionSettings } from "@/lib/access/retention/retention-settings";
import { defineAction } from "@/lib/actions/define-action";

/** Admins set how long lock activity, webhooks, sign-in attempts, sent mail and spent links are kept. */
export const updateRetentionAction = defineAction({
  input: retentionInput,
  permission: "settings.admin",
  run: async (input, actor) => updateRetentionSettings(await getDb(), actor, input),
});

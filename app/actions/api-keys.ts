"use server";

import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { createApiKey, createApiKeyInput, revokeApiKey } from "@/lib/access/api-keys/keys";
import { defineAction } from "@/lib/actions/define-action";

/** Admins create a key for an integration; the whole key is in this answer only, never again. */
export const createApiKeyAction = defineAction({
  input: createApiKeyInput,
  permission: "settings.admin",
  run: async (input, actor) => createApiKey(await getDb(), actor, input),
});

/** Revoked keys stop working on the next request, on every instance. */
export const revokeApiKeyAction = defineAction({
  input: z.object({ id: z.uuid() }),
  permission: "settings.admin",
  run: async ({ id }, actor) => revokeApiKey(await getDb(), actor, id),
});

"use server";

import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import {
  createEndpoint,
  createEndpointInput,
  deleteEndpoint,
  deleteEndpointInput,
  resendDelivery,
  rotateEndpointSecret,
  rotateSecretInput,
  updateEndpoint,
  updateEndpointInput,
} from "@/lib/access/outbound-webhooks/endpoints";
import { defineAction } from "@/lib/actions/define-action";
import { isDemoMode } from "@/lib/env";
import { getAccessContext } from "@/lib/runtime/context";

/** The demo has no real customers: plain http receivers are allowed there (see endpoints.ts). */
const endpointContext = async () => {
  const { db, vault } = await getAccessContext();
  return { db, vault, allowPlainHttp: isDemoMode() };
};

/** Admins register an endpoint; its signing secret is in this answer only. */
export const createWebhookEndpointAction = defineAction({
  input: createEndpointInput,
  permission: "settings.admin",
  run: async (input, actor) => createEndpoint(await endpointContext(), actor, input),
});

/** Change URL or events, or enable/disable (optimistic: a stale version is refused with the fresh row). */
export const updateWebhookEndpointAction = defineAction({
  input: updateEndpointInput,
  permission: "settings.admin",
  run: async (input, actor) => updateEndpoint(await endpointContext(), actor, input),
});

/** Delete an endpoint with its delivery log (optimistic; audited). */
export const deleteWebhookEndpointAction = defineAction({
  input: deleteEndpointInput,
  permission: "settings.admin",
  run: async (input, actor) => deleteEndpoint(await endpointContext(), actor, input),
});

/** A new signing secret, shown in this answer only; the old one signs alongside for the grace period. */
export const rotateWebhookSecretAction = defineAction({
  input: rotateSecretInput,
  permission: "settings.admin",
  run: async (input, actor) => rotateEndpointSecret(await endpointContext(), actor, input),
});

/** Send again: the same event (same webhook-id) is due now. */
export const resendWebhookDeliveryAction = defineAction({
  input: z.object({ id: z.uuid() }),
  permission: "settings.admin",
  run: async ({ id }, actor) => resendDelivery(await getDb(), actor, id),
});

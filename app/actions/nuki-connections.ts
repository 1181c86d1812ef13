"use server";

import {
  createConnection,
  removeConnection,
  rotateConnectionToken,
  setConnectionDisabled,
  testConnectionToken,
  updateConnectionBudget,
} from "@/lib/access/connections/manage-connections";
import {
  connectionIdInput,
  createConnectionInput,
  rotateTokenInput,
  setDisabledInput,
  testTokenInput,
  updateBudgetInput,
} from "@/lib/access/connections/schemas";
import { defineAction } from "@/lib/actions/define-action";
import { registerConnectionWebhook } from "@/lib/runtime/connection-webhooks";
import { getAccessContext, getEngineContext } from "@/lib/runtime/context";
import { probeNukiToken } from "@/lib/runtime/nuki-registry";

// Settings → Nuki accounts (issue #13). Admins only; every change audited; a token goes in and
// never comes back out (the answers carry ids, versions and lock counts only).

/** Tries a token against the account before anything is saved. */
export const testNukiTokenAction = defineAction({
  input: testTokenInput,
  permission: "settings.admin",
  run: async (input, actor) => testConnectionToken(actor, input, { probe: probeNukiToken }),
});

/** Connects another Nuki account: the token is tried first, then sealed. */
export const createNukiConnectionAction = defineAction({
  input: createConnectionInput,
  permission: "settings.admin",
  run: async (input, actor) => {
    const engine = await getEngineContext();
    const made = await createConnection(engine, actor, input, { probe: probeNukiToken });
    // Its webhook at once (its own URL and secret); a failure leaves it to the periodic resync.
    await registerConnectionWebhook(engine, made.id);
    return made;
  },
});

export const rotateNukiTokenAction = defineAction({
  input: rotateTokenInput,
  permission: "settings.admin",
  run: async (input, actor) => rotateConnectionToken(await getAccessContext(), actor, input, { probe: probeNukiToken }),
});

export const updateNukiBudgetAction = defineAction({
  input: updateBudgetInput,
  permission: "settings.admin",
  run: async (input, actor) => updateConnectionBudget(await getAccessContext(), actor, input),
});

export const setNukiConnectionDisabledAction = defineAction({
  input: setDisabledInput,
  permission: "settings.admin",
  run: async (input, actor) => setConnectionDisabled(await getAccessContext(), actor, input),
});

export const removeNukiConnectionAction = defineAction({
  input: connectionIdInput,
  permission: "settings.admin",
  run: async (input, actor) => removeConnection(await getAccessContext(), actor, input),
});

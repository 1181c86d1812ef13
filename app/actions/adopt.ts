"use server";

import { adoptAuth, adoptInput, leaveAlone, leaveAloneInput } from "@/lib/access/adopt/adopt-auth";
import { bulkAdoptByEmail, bulkAdoptInput } from "@/lib/access/adopt/bulk-adopt";
import { defineAction } from "@/lib/actions/define-action";
import { getEngineContext } from "@/lib/runtime/context";

// Adoption reads the auth from Nuki (its keypad code must be sealed into the grant), so these get the
// engine context; they write nothing to Nuki themselves — the reconciler does, as for any grant.

/** Portier manages an auth already on a lock from now on: linked to an existing or new customer (admin). */
export const adoptAuthAction = defineAction({
  input: adoptInput,
  permission: "doors.write",
  run: async (input, actor) => adoptAuth(await getEngineContext(), actor, input),
});

/** Keep an auth outside Portier: still counted for slots and avoided by the code allocator, never touched (admin). */
export const leaveAloneAction = defineAction({
  input: leaveAloneInput,
  permission: "doors.write",
  run: async (input, actor) => {
    const row = await leaveAlone(await getEngineContext(), actor, input);
    return { id: row.id, state: row.state, version: row.version };
  },
});

/** Adopt every unmanaged Nuki app user whose email is a customer's email (one door, or the building). */
export const bulkAdoptAction = defineAction({
  input: bulkAdoptInput,
  permission: "doors.write",
  run: async (input, actor) => bulkAdoptByEmail(await getEngineContext(), actor, input),
});

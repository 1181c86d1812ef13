"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { regenerateCode } from "@/lib/access/codes/regenerate-code";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { sendAccessMessageNow } from "@/lib/access/delivery/delivery-status";
import { getAccessContext } from "@/lib/runtime/context";
import { resendInvite } from "@/lib/access/grants/resend-invite";
import {
  createCustomer,
  customerInput,
  updateCustomer,
  updateCustomerInput,
} from "@/lib/access/customers/save-customer";

const customerIdInput = z.object({ customerId: z.uuid() });

/** Staff with codes.reveal (admin, manager) may see a customer's code; the reveal is audited. */
export const revealCodesAction = defineAction({
  input: customerIdInput,
  permission: "codes.reveal",
  run: async ({ customerId }, actor) => revealCodes(await getAccessContext(), actor, customerId),
});

/** A new code on all of the customer's doors; the front desk can do this without seeing it. */
export const regenerateCodeAction = defineAction({
  input: customerIdInput,
  permission: "customers.write",
  run: async ({ customerId }, actor) => regenerateCode(await getAccessContext(), actor, customerId),
});

/** Re-send a Nuki app invite for one door (Nuki's only way: delete and create the auth again). */
export const resendInviteAction = defineAction({
  input: z.object({ grantId: z.uuid() }),
  permission: "customers.write",
  run: async ({ grantId }, actor) => resendInvite(await getAccessContext(), actor, grantId),
});

/** A new customer (no access yet: give them windows on the calendar). */
export const createCustomerAction = defineAction({
  input: customerInput,
  permission: "customers.write",
  run: async (input, actor) => createCustomer(await getAccessContext(), actor, input),
});

/** Edit a customer; switching credential kind moves every door over. */
export const updateCustomerAction = defineAction({
  input: updateCustomerInput,
  permission: "customers.write",
  run: async (input, actor) => updateCustomer(await getAccessContext(), actor, input),
});

/**
 * "Send now": the guest's access message before its lead time, once the lock confirmed every door.
 * The code is written in by the deliverer, never shown to staff; audited as a code disclosure.
 */
export const sendAccessMessageNowAction = defineAction({
  input: customerIdInput,
  permission: "customers.write",
  run: async ({ customerId }, actor) => {
    const { status } = await sendAccessMessageNow(await getAccessContext(), actor, customerId);
    return { words: status.words };
  },
});

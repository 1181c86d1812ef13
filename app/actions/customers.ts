"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { regenerateCode } from "@/lib/access/codes/regenerate-code";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { getAccessContext } from "@/lib/access/runtime";

const customerInput = z.object({ customerId: z.uuid() });

/** Staff with codes.reveal (admin, manager) may see a customer's code; the reveal is audited. */
export const revealCodesAction = defineAction({
  input: customerInput,
  permission: "codes.reveal",
  run: async ({ customerId }, actor) => revealCodes(await getAccessContext(), actor, customerId),
});

/** A new code on all of the customer's doors; the front desk can do this without seeing it. */
export const regenerateCodeAction = defineAction({
  input: customerInput,
  permission: "customers.write",
  run: async ({ customerId }, actor) => regenerateCode(await getAccessContext(), actor, customerId),
});

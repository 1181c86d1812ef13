import "server-only";
import { inArray } from "drizzle-orm";
import { customers, doors } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan, isAppError } from "@/lib/errors";
import type { AccessContext } from "../context";
import { insertWindow, type WindowResult } from "./create-window";
import type { BulkAssignInput } from "./schemas";

export type BulkAssignResult = {
  created: WindowResult[];
  skipped: { customerId: string; doorId: string; reason: string }[];
};

/**
 * A group of customers × a group of doors × one window, in one transaction. Pairs that would
 * overlap an existing window are skipped and reported (each in its own savepoint), the rest land
 * together; the reconciler then batches the Nuki calls (one multi-lock create per customer).
 */
export async function bulkAssign(ctx: AccessContext, actor: Actor, input: BulkAssignInput): Promise<BulkAssignResult> {
  assertCan(actor, "access.write");
  const result = await ctx.db.transaction(async (tx) => {
    const foundCustomers = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(inArray(customers.id, input.customerIds));
    const foundDoors = await tx.select({ id: doors.id }).from(doors).where(inArray(doors.id, input.doorIds));
    if (foundCustomers.length !== new Set(input.customerIds).size)
      throw new AppError("NOT_FOUND", "Some of the chosen customers no longer exist.");
    if (foundDoors.length !== new Set(input.doorIds).size)
      throw new AppError("NOT_FOUND", "Some of the chosen doors no longer exist.");
    const out: BulkAssignResult = { created: [], skipped: [] };
    for (const customerId of new Set(input.customerIds)) {
      for (const doorId of new Set(input.doorIds)) {
        try {
          out.created.push(
            await tx.transaction((sp) =>
              insertWindow(sp, ctx, actor, { customerId, doorId, window: input.window, note: input.note }),
            ),
          );
        } catch (error) {
          if (!isAppError(error) || error.code === "INTERNAL") throw error;
          out.skipped.push({ customerId, doorId, reason: error.userMessage });
        }
      }
    }
    return out;
  });
  ctx.wake();
  return result;
}

import "server-only";
import { and, isNotNull, or, sql } from "drizzle-orm";
import { doors, grants } from "@/db/schema";
import type { AccessContext } from "../context";

/**
 * Nuki told us something happened on a lock but not enough to record it (a sparse webhook body, a
 * delivery without updateDate): have the reconciler read that lock back — one listing for all of
 * the door's grants that hold or want an auth — instead of guessing or refusing the delivery.
 */
export async function requestLockReadback(ctx: AccessContext, smartlockId: number): Promise<number> {
  const now = new Date(ctx.now());
  const res = await ctx.db
    .update(grants)
    .set({
      needsReadback: true,
      nextRunAt: sql`least(coalesce(${grants.nextRunAt}, ${now.toISOString()}::timestamptz), ${now.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        sql`${grants.doorId} = (select ${doors.id} from ${doors} where ${doors.smartlockId} = ${smartlockId})`,
        or(isNotNull(grants.desired), isNotNull(grants.nukiAuthId), isNotNull(grants.observed)),
      ),
    )
    .returning({ id: grants.id });
  if (res.length) ctx.wake();
  return res.length;
}

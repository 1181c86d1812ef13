import { eq } from "drizzle-orm";
import { doors, grants, lockEvents } from "@/db/schema";
import type { NukiSmartlockLog } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";

/** DEVICE_LOGS (or log polling): who did what at which door, tied to a customer through the auth id. */
export async function applyLogEvent(ctx: AccessContext, log: NukiSmartlockLog) {
  const [door] = await ctx.db.select({ id: doors.id }).from(doors).where(eq(doors.smartlockId, log.smartlockId));
  if (!door) return "ignored: unknown lock";
  const [grant] = log.authId ? await ctx.db.select({ id: grants.id, customerId: grants.customerId }).from(grants).where(eq(grants.nukiAuthId, log.authId)).limit(1) : [];
  await ctx.db.insert(lockEvents).values({
    id: log.id, doorId: door.id, at: new Date(log.date), action: log.action, trigger: log.trigger, state: log.state,
    authName: log.name || null, nukiAuthId: log.authId ?? null, customerId: grant?.customerId ?? null, grantId: grant?.id ?? null,
  }).onConflictDoNothing();
  return grant ? "recorded for customer" : "recorded";
}

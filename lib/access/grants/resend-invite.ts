import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";

/**
 * A new Nuki app invite for one door. Nuki has no resend (§4.2): the reconciler deletes the auth
 * and creates it again, which makes Nuki email a fresh 48-hour invite. Needs the lock online.
 */
export async function resendInvite(ctx: AccessContext, actor: Actor, grantId: string) {
  assertCan(actor, "customers.write");
  const result = await ctx.db.transaction(async (tx) => {
    const [g] = await tx.select().from(grants).where(eq(grants.id, grantId)).for("update");
    if (g?.credential !== "app" || !g.desired)
      throw new AppError("NOT_FOUND", "There is no app invite for this door to re-send.");
    await tx
      .update(grants)
      .set({
        recreateRequested: true,
        status: "pending",
        statusChangedAt: new Date(ctx.now()),
        nextRunAt: new Date(ctx.now()),
        lastError: null,
        attempts: 0,
        appliedAt: null,
      })
      .where(eq(grants.id, g.id));
    await appendAudit(tx, { actor, action: "invite.resend", entityType: "grant", entityId: g.id });
    return { grantId: g.id };
  });
  ctx.wake();
  return result;
}

import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { doors, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { deriveStatus } from "./compare";

/** Staff pressed "retry": clear the failure and make the grant due now. */
export async function retryGrant(ctx: AccessContext, actor: Actor, grantId: string) {
  assertCan(actor, "access.write");
  const result = await ctx.db.transaction(async (tx) => {
    const [g] = await tx.select().from(grants).where(eq(grants.id, grantId)).for("update");
    if (!g) throw new AppError("NOT_FOUND", "That grant no longer exists.");
    const [door] = await tx
      .select({ online: doors.online, archivedReason: doors.archivedReason, archivedAt: doors.archivedAt })
      .from(doors)
      .where(eq(doors.id, g.doorId));
    // Nothing can reach a lock that left the Nuki account; lock sync restarts these grants if it returns.
    if (door?.archivedAt)
      throw new AppError(
        "CONFLICT",
        `${door.archivedReason ?? "This door is archived"}. Nothing can be sent to it; if the lock returns to the Nuki account, the next sync sends this again.`,
      );
    const status = deriveStatus({
      desired: g.desired,
      observed: g.observed,
      doorOnline: door?.online ?? true,
      failed: false,
      awaitingLockSince: g.awaitingLockSince,
    });
    const [updated] = await tx
      .update(grants)
      .set({
        status,
        statusChangedAt: new Date(ctx.now()),
        lastError: null,
        attempts: 0,
        needsReadback: true,
        sentVersion: null,
        sentAt: null,
        sentOp: null,
        nextRunAt: new Date(ctx.now()),
      })
      .where(eq(grants.id, g.id))
      .returning({ id: grants.id, status: grants.status });
    await appendAudit(tx, {
      actor,
      action: "grant.retry",
      entityType: "grant",
      entityId: g.id,
      before: { status: g.status, lastError: g.lastError },
      after: { status },
    });
    return updated!;
  });
  ctx.wake();
  return result;
}

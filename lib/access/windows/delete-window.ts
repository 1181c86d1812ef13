import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { accessWindows, type AccessWindow } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { lockPairs } from "./pair-lock";
import { lockWindowForEdit } from "./lock-window-for-edit";
import type { DeleteWindowInput } from "./schemas";
import { auditView } from "./window-row";
import { emitEvent } from "../outbound-webhooks/emit-event";
import { windowEventData } from "../outbound-webhooks/event-data";

/** Removes a window; returns it so the UI can offer undo (which creates it again). */
export async function deleteWindow(
  ctx: AccessContext,
  actor: Actor,
  input: DeleteWindowInput,
): Promise<{ deleted: AccessWindow }> {
  assertCan(actor, "access.write");
  const result = await ctx.db.transaction(async (tx) => {
    const current = await lockWindowForEdit(tx, input.windowId, input.expectedVersion, {
      gone: "This window was already deleted.",
      conflict: "Someone else changed this window meanwhile; check it before deleting.",
    });
    await lockPairs(tx, [current]);
    await tx.delete(accessWindows).where(eq(accessWindows.id, current.id));
    await syncGrants(tx, ctx, current.customerId, current.doorId);
    await appendAudit(tx, {
      actor,
      action: "window.delete",
      entityType: "window",
      entityId: current.id,
      before: auditView(current),
    });
    await emitEvent(tx, "window.deleted", windowEventData(current), ctx.now());
    return { deleted: current };
  });
  ctx.wake();
  return result;
}

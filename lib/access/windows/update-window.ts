import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { accessWindows, doors } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { assertNoOverlap } from "./check-overlap";
import { assertDoorTakesWindows, assertNotPast, type WindowResult } from "./create-window";
import { lockPairs } from "./pair-lock";
import { lockWindowForEdit } from "./lock-window-for-edit";
import type { UpdateWindowInput } from "./schemas";
import { auditView, specOf, windowColumns } from "./window-row";
import { emitEvent } from "../outbound-webhooks/emit-event";
import { windowEventData } from "../outbound-webhooks/event-data";

/**
 * Move, resize or re-target a window. Optimistic concurrency: the caller says which version it
 * edited; if someone else changed the window meanwhile, nothing is written and the conflict
 * carries the fresh window so the UI can show it.
 */
export async function updateWindow(ctx: AccessContext, actor: Actor, input: UpdateWindowInput): Promise<WindowResult> {
  assertCan(actor, "access.write");
  const result = await ctx.db.transaction(async (tx) => {
    const current = await lockWindowForEdit(tx, input.windowId, input.expectedVersion, {
      gone: "This window was deleted meanwhile.",
      conflict:
        "Someone else changed this window meanwhile. It now shows their version; make your change again if still needed.",
    });
    const doorId = input.doorId ?? current.doorId;
    const [door] = await tx.select().from(doors).where(eq(doors.id, doorId));
    if (!door) throw new AppError("NOT_FOUND", "That door does not exist.");
    if (doorId !== current.doorId) assertDoorTakesWindows(door);
    await lockPairs(tx, [
      { customerId: current.customerId, doorId: current.doorId },
      { customerId: current.customerId, doorId },
    ]);
    const columns = windowColumns(input.window, door.timeZone);
    assertNotPast(input.window, columns, ctx.now());
    await assertNoOverlap(tx, {
      customerId: current.customerId,
      doorId,
      spec: specOf({ id: current.id, ...columns }),
      timeZone: door.timeZone,
      now: ctx.now(),
      excludeId: current.id,
    });
    const [updated] = await tx
      .update(accessWindows)
      .set({
        ...columns,
        doorId,
        note: input.note ?? current.note,
        version: current.version + 1,
        updatedAt: new Date(ctx.now()),
      })
      .where(eq(accessWindows.id, current.id))
      .returning();
    const synced = await syncGrants(tx, ctx, current.customerId, doorId);
    if (doorId !== current.doorId) await syncGrants(tx, ctx, current.customerId, current.doorId);
    await appendAudit(tx, {
      actor,
      action: doorId !== current.doorId ? "window.move_door" : "window.update",
      entityType: "window",
      entityId: current.id,
      before: auditView(current),
      after: auditView(updated!),
    });
    await emitEvent(tx, "window.updated", windowEventData(updated!), ctx.now());
    return { window: updated!, grants: synced.map(({ id, credential, status }) => ({ id, credential, status })) };
  });
  ctx.wake();
  return result;
}

import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { accessWindows, doors } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { hasDay } from "@/lib/model/weekdays";
import { addDays, compareDates, formatLocalDate, parseLocalDate, weekdayOf } from "@/lib/time/zoned-time";
import { assertNoOverlap } from "./check-overlap";
import { lockPairs } from "./pair-lock";
import { lockWindowForEdit } from "./lock-window-for-edit";
import type { EditOccurrenceInput } from "./schemas";
import { auditView, specOf, windowColumns } from "./window-row";
import { emitEvent } from "../outbound-webhooks/emit-event";
import { windowEventData } from "../outbound-webhooks/event-data";

/**
 * Changes one occurrence of a weekly series without touching the others: the series is split
 * around that day (before, and a continuation after), and the moved occurrence — unless it is
 * being deleted — becomes a one-off window. All in one transaction, audited as one change.
 */
export async function editOccurrence(ctx: AccessContext, actor: Actor, input: EditOccurrenceInput) {
  assertCan(actor, "access.write");
  const result = await ctx.db.transaction(async (tx) => {
    const series = await lockWindowForEdit(tx, input.windowId, input.expectedVersion, {
      gone: "This window was deleted meanwhile.",
      conflict: "Someone else changed this series meanwhile; check it again.",
    });
    if (series.kind !== "weekly") throw new AppError("INVALID_INPUT", "Only weekly windows have occurrences.");
    const day = parseLocalDate(input.occurrenceDate);
    const first = parseLocalDate(series.seriesStart!);
    const last = series.seriesEnd ? parseLocalDate(series.seriesEnd) : null;
    if (
      compareDates(day, first) < 0 ||
      (last && compareDates(day, last) > 0) ||
      !hasDay(series.weekdays!, weekdayOf(day))
    ) {
      throw new AppError("INVALID_INPUT", "That day is not an occurrence of this series.");
    }
    const targetDoorId = input.change === "delete" ? series.doorId : (input.change.doorId ?? series.doorId);
    await lockPairs(tx, [series, { customerId: series.customerId, doorId: targetDoorId }]);
    const [door] = await tx.select().from(doors).where(eq(doors.id, series.doorId));
    const weekly = {
      kind: "weekly" as const,
      weekdays: series.weekdays!,
      fromMinute: series.fromMinute!,
      untilMinute: series.untilMinute!,
    };
    const before =
      compareDates(day, first) > 0
        ? { ...weekly, startsOn: series.seriesStart!, endsOn: formatLocalDate(addDays(day, -1)) }
        : null;
    const afterStart = addDays(day, 1);
    const after =
      !last || compareDates(afterStart, last) <= 0
        ? { ...weekly, startsOn: formatLocalDate(afterStart), endsOn: series.seriesEnd }
        : null;

    // The series row keeps its id for the earlier part (or, failing that, the later part).
    const keep = before ?? after;
    let updated = null;
    if (keep) {
      [updated] = await tx
        .update(accessWindows)
        .set({ ...windowColumns(keep, door!.timeZone), version: series.version + 1, updatedAt: new Date(ctx.now()) })
        .where(eq(accessWindows.id, series.id))
        .returning();
    } else {
      await tx.delete(accessWindows).where(eq(accessWindows.id, series.id));
    }
    const continuation =
      before && after
        ? (
            await tx
              .insert(accessWindows)
              .values({
                customerId: series.customerId,
                doorId: series.doorId,
                note: series.note,
                createdBy: actor.id,
                ...windowColumns(after, door!.timeZone),
              })
              .returning()
          )[0]
        : null;
    let single = null;
    if (input.change !== "delete") {
      const [targetDoor] = await tx.select().from(doors).where(eq(doors.id, targetDoorId));
      if (!targetDoor) throw new AppError("NOT_FOUND", "That door does not exist.");
      const spec = { kind: "once" as const, startsAt: input.change.startsAt, endsAt: input.change.endsAt };
      const columns = windowColumns(spec, targetDoor.timeZone);
      await assertNoOverlap(tx, {
        customerId: series.customerId,
        doorId: targetDoorId,
        spec: specOf({ id: "new", ...columns }),
        timeZone: targetDoor.timeZone,
        now: ctx.now(),
      });
      [single] = await tx
        .insert(accessWindows)
        .values({
          customerId: series.customerId,
          doorId: targetDoorId,
          note: series.note,
          createdBy: actor.id,
          ...columns,
        })
        .returning();
    }
    await syncGrants(tx, ctx, series.customerId, series.doorId);
    if (targetDoorId !== series.doorId) await syncGrants(tx, ctx, series.customerId, targetDoorId);
    await appendAudit(tx, {
      actor,
      action: input.change === "delete" ? "window.delete_occurrence" : "window.move_occurrence",
      entityType: "window",
      entityId: series.id,
      before: auditView(series),
      after: {
        occurrence: input.occurrenceDate,
        series: updated ? auditView(updated) : null,
        continuation: continuation ? auditView(continuation) : null,
        single: single ? auditView(single) : null,
      },
    });
    await emitEvent(
      tx,
      "window.updated",
      {
        ...windowEventData(series),
        occurrence: input.occurrenceDate,
        change: input.change === "delete" ? "delete_occurrence" : "move_occurrence",
      },
      ctx.now(),
    );
    return { series: updated, continuation, single };
  });
  ctx.wake();
  return result;
}

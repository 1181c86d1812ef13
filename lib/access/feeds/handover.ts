import "server-only";
import { and, asc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { customers, doors, feedReservations, feeds, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";

export type HandoverRow = {
  reservationId: string;
  guestName: string;
  feedName: string;
  doorName: string | null;
  timeZone: string | null;
  startsAt: Date;
  endsAt: Date;
  handedOverAt: Date | null;
  grantStatus: string | null;
};

/**
 * The desk's "To hand over" list: guests from feeds that gave no email, whose keypad code nobody
 * can send them, with stays not yet over. Handed-over ones stay listed (greyed) until they leave.
 */
export async function listHandover(db: DbOrTx, actor: Actor, now: number): Promise<HandoverRow[]> {
  assertCan(actor, "customers.read");
  const rows = await db
    .select({
      reservationId: feedReservations.id,
      guestName: customers.name,
      feedName: feeds.name,
      doorName: doors.name,
      timeZone: doors.timeZone,
      startsAt: feedReservations.startsAt,
      endsAt: feedReservations.endsAt,
      handedOverAt: feedReservations.handedOverAt,
      grantStatus: grants.status,
    })
    .from(feedReservations)
    .innerJoin(feeds, eq(feeds.id, feedReservations.feedId))
    .innerJoin(customers, eq(customers.id, feedReservations.customerId))
    .leftJoin(doors, eq(doors.id, feedReservations.doorId))
    .leftJoin(
      grants,
      and(
        eq(grants.customerId, feedReservations.customerId),
        eq(grants.doorId, feedReservations.doorId),
        eq(grants.credential, "keypad"),
      ),
    )
    .where(
      and(
        eq(feedReservations.needsHandover, true),
        isNull(feedReservations.removedAt),
        isNotNull(feedReservations.windowId),
        gt(feedReservations.endsAt, new Date(now)),
      ),
    )
    .orderBy(asc(feedReservations.startsAt));
  return rows;
}

/**
 * Shows the guest's code for handing over at the desk and marks it handed over. The desk may see a
 * code this once (it cannot read codes back otherwise); afterwards only roles that may reveal codes
 * can. Audited without the code.
 */
export async function handOverCode(ctx: AccessContext, actor: Actor, reservationId: string): Promise<{ code: number }> {
  assertCan(actor, "customers.write");
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(feedReservations)
      .where(and(eq(feedReservations.id, reservationId), eq(feedReservations.needsHandover, true)))
      .for("update");
    if (!r?.customerId || !r.doorId || r.removedAt)
      throw new AppError("NOT_FOUND", "This stay is no longer on the list.");
    if (r.handedOverAt && !can(actor.role, "codes.reveal"))
      throw new AppError("FORBIDDEN", "This code was already handed over; a manager can reveal it again if needed.");
    const [grant] = await tx
      .select({ enc: grants.codeEnc })
      .from(grants)
      .where(and(eq(grants.customerId, r.customerId), eq(grants.doorId, r.doorId), eq(grants.credential, "keypad")));
    const [customer] = await tx
      .select({ enc: customers.keypadCodeEnc })
      .from(customers)
      .where(eq(customers.id, r.customerId));
    const enc = grant?.enc ?? customer?.enc;
    if (!enc) throw new AppError("NOT_FOUND", "This guest has no keypad code yet.");
    await tx
      .update(feedReservations)
      .set({ handedOverAt: r.handedOverAt ?? new Date(ctx.now()) })
      .where(eq(feedReservations.id, r.id));
    await appendAudit(tx, {
      actor,
      action: "code.hand_over",
      entityType: "customer",
      entityId: r.customerId,
      after: { reservationId: r.id, doorId: r.doorId },
    });
    return { code: ctx.vault.decrypt(enc) };
  });
}

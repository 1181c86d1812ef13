import "server-only";
import { and, asc, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors, grants, lockEvents, type GrantStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { describeWindow } from "../windows/window-row";

/** Nuki app invites can be redeemed once within 48 h and cannot be resent (§4.2). */
export const INVITE_VALIDITY_MS = 48 * 3_600_000;
export type InviteState = "not_sent" | "sending" | "sent" | "accepted" | "expired";

/** A customer may read exactly their own record; staff need customers.read. */
export function assertMayReadCustomer(actor: Actor, customerId: string) {
  if (actor.role === "customer") {
    if (actor.customerId !== customerId) throw new AppError("NOT_FOUND", "Not found.");
    return;
  }
  assertCan(actor, "customers.read");
}

export function inviteState(
  g: {
    credential: string;
    status: GrantStatus;
    appliedAt: Date | null;
    observed: { lockCount: number; lastActiveDate: string | null } | null;
  },
  now: number,
): { state: InviteState; sentAt: Date | null; expiresAt: Date | null } {
  if (g.credential !== "app") return { state: "not_sent", sentAt: null, expiresAt: null };
  if (!g.appliedAt) return { state: g.status === "removed" ? "not_sent" : "sending", sentAt: null, expiresAt: null };
  const expiresAt = new Date(g.appliedAt.getTime() + INVITE_VALIDITY_MS);
  // lockCount > 0 or a last-active date means the invite was redeemed and used (forum/30845).
  if ((g.observed?.lockCount ?? 0) > 0 || g.observed?.lastActiveDate)
    return { state: "accepted", sentAt: g.appliedAt, expiresAt };
  return { state: now > expiresAt.getTime() ? "expired" : "sent", sentAt: g.appliedAt, expiresAt };
}

/** A customer's access on every door: upcoming windows, each door's sync state, credentials and invites. */
export async function customerAccess(db: DbOrTx, actor: Actor, customerId: string, now = Date.now()) {
  assertMayReadCustomer(actor, customerId);
  const [customer] = await db
    .select({
      id: customers.id,
      version: customers.version,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      groupName: customers.groupName,
      preferredCredential: customers.preferredCredential,
      hasCode: customers.keypadCodeEnc,
    })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw new AppError("NOT_FOUND", "Not found.");
  const windows = await db
    .select({ w: accessWindows, doorName: doors.name, timeZone: doors.timeZone })
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .where(
      and(
        eq(accessWindows.customerId, customerId),
        or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, new Date(now))),
      ),
    )
    .orderBy(asc(accessWindows.startsAt));
  const doorGrants = await db
    .select({
      g: grants,
      doorName: doors.name,
      timeZone: doors.timeZone,
      online: doors.online,
      offlineSince: doors.offlineSince,
    })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .where(eq(grants.customerId, customerId))
    .orderBy(asc(doors.name));
  const entries = await db
    .select({ at: lockEvents.at, doorName: doors.name, state: lockEvents.state, action: lockEvents.action })
    .from(lockEvents)
    .innerJoin(doors, eq(doors.id, lockEvents.doorId))
    .where(eq(lockEvents.customerId, customerId))
    .orderBy(desc(lockEvents.at))
    .limit(20);
  return {
    customer: { ...customer, hasCode: !!customer.hasCode },
    windows: windows.map((r) => ({
      id: r.w.id,
      version: r.w.version,
      doorId: r.w.doorId,
      doorName: r.doorName,
      kind: r.w.kind,
      startsAt: r.w.startsAt,
      endsAt: r.w.endsAt,
      describe: describeWindow(r.w, r.timeZone),
      note: r.w.note,
    })),
    doors: doorGrants
      .filter((d) => d.g.desired || d.g.status !== "removed")
      .map((d) => ({
        grantId: d.g.id,
        doorId: d.g.doorId,
        doorName: d.doorName,
        timeZone: d.timeZone,
        credential: d.g.credential,
        status: d.g.status,
        since: d.g.statusChangedAt,
        error: d.g.lastError,
        online: d.online,
        offlineSince: d.offlineSince,
        invite: inviteState(d.g, now),
      })),
    entries,
  };
}

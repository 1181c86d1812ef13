import "server-only";
import { createHash } from "node:crypto";
import { and, eq, gt, inArray, isNull, lt, ne, or } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { accessWindows, customers, type Feed, feedReservations, type FeedReservation, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, isAppError } from "@/lib/errors";
import type { AccessContext } from "../context";
import { createCustomer } from "../customers/save-customer";
import { insertWindow } from "../windows/create-window";
import { deleteWindow } from "../windows/delete-window";
import { updateWindow } from "../windows/update-window";
import type { FeedDoor } from "./feed-target";
import { guardTrips } from "./guard";
import type { Stay } from "./stays";

export type FeedAction = {
  action: "create" | "move" | "remove" | "vanishing" | "held" | "problem";
  uid: string;
  guestName: string;
  doorName: string | null;
  startsAt: string;
  endsAt: string;
  email: string | null;
  reason?: string;
};

export type Step = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export type ApplyReport = {
  created: number;
  moved: number;
  removed: number;
  vanishing: number;
  unchanged: number;
  problems: number;
  held: boolean;
  /** Future stays before this poll, and how many of them are missing from it. */
  vanishedOfFuture: { vanished: number; future: number };
  actions: FeedAction[];
};

/** The audit names the feed as the actor; the id is the staff member who subscribed it (windows need a user). */
export async function feedActor(tx: DbOrTx, feed: Pick<Feed, "name" | "createdBy">): Promise<Actor> {
  let id = feed.createdBy;
  if (!id) {
    const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
    id = admin?.id ?? null;
  }
  if (!id) throw new AppError("INTERNAL", "No user to act for this feed.");
  return { id, role: "staff", label: `Booking feed ${feed.name}`, customerId: null };
}

/** Guests without an email still need a unique address (customers.email): a reserved, never-delivered one. */
export const placeholderEmail = (feedId: string, uid: string) =>
  `guest-${createHash("sha256").update(`${feedId}\n${uid}`).digest("hex").slice(0, 16)}@guests.portier.invalid`;

const iso = (t: number | Date) => new Date(t).toISOString();

/**
 * Applies what a feed asks for, inside the caller's transaction, through the calendar's own window
 * functions (so grants, the reconciler and the audit do the rest). Each reservation's change is one
 * `step` (all of it or none): one that cannot be placed is recorded as a problem and retried next
 * poll, without undoing the others; a poll cut short is finished by the next one (matching by UID).
 *
 * `stays` null = the feed did not change (HTTP 304): only removals whose grace ran out are done.
 */
export async function applyStays(
  db: DbOrTx,
  ctx: AccessContext,
  p: {
    feed: Feed;
    doors: FeedDoor[];
    stays: Stay[] | null;
    /** Staff confirmed the disappearance warning: remove every vanished stay now. */
    confirmRemovals?: boolean;
    /**
     * Runs one reservation's change atomically: its own transaction when polling (so the audit
     * chain's lock is held for one reservation, not for a whole 1,000-stay feed), a savepoint inside
     * the caller's transaction for a preview or a confirmation.
     */
    step: Step;
  },
): Promise<ApplyReport> {
  const { feed, step } = p;
  const now = ctx.now();
  const actor = await feedActor(db, feed);
  const inner: AccessContext = { ...ctx, wake: () => {} };
  const doorName = new Map(p.doors.map((d) => [d.id, d.name]));
  const report: ApplyReport = {
    created: 0,
    moved: 0,
    removed: 0,
    vanishing: 0,
    unchanged: 0,
    problems: 0,
    held: false,
    vanishedOfFuture: { vanished: 0, future: 0 },
    actions: [],
  };
  const all = await db.select().from(feedReservations).where(eq(feedReservations.feedId, feed.id));
  const byUid = new Map(all.map((r) => [r.uid, r]));
  const existing = all.filter((r) => r.removedAt === null);
  const seen = new Set((p.stays ?? []).map((s) => s.uid));
  const note = (r: Pick<Stay, "uid" | "guestName" | "startsAt" | "endsAt" | "email">, doorId: string | null) => ({
    uid: r.uid,
    guestName: r.guestName,
    doorName: doorId ? (doorName.get(doorId) ?? null) : null,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    email: r.email,
  });

  // --- what vanished, and does the guard hold the feed? ---
  const live = (r: FeedReservation) => r.windowId !== null && r.cancelledAt === null;
  const future = existing.filter((r) => live(r) && r.endsAt.getTime() > now);
  const vanished = p.stays ? future.filter((r) => !seen.has(r.uid)) : future.filter((r) => r.vanishedAt !== null);
  const tripped =
    !p.confirmRemovals &&
    (p.stays
      ? guardTrips({
          future: future.length,
          vanished: vanished.length,
          feedEmpty: p.stays.length === 0,
          thresholdPct: feed.disappearanceThreshold,
        })
      : feed.state === "held");
  report.held = tripped;
  report.vanishedOfFuture = { vanished: vanished.length, future: future.length };

  const newlyVanished = vanished.filter((r) => r.vanishedAt === null).map((r) => r.id);
  if (newlyVanished.length)
    await db
      .update(feedReservations)
      .set({ vanishedAt: new Date(now) })
      .where(inArray(feedReservations.id, newlyVanished));
  for (const r of vanished) {
    const since = r.vanishedAt?.getTime() ?? now;
    const due = p.confirmRemovals || (!tripped && now - since >= feed.vanishGraceMinutes * 60_000);
    const stayLike = { ...r, startsAt: r.startsAt.getTime(), endsAt: r.endsAt.getTime(), email: null };
    if (!due) {
      report.vanishing++;
      report.actions.push({ action: tripped ? "held" : "vanishing", ...note(stayLike, r.doorId) });
      continue;
    }
    await step((t) => removeReservation(t, inner, actor, r, now, { cancelled: false }));
    report.removed++;
    report.actions.push({ action: "remove", ...note(stayLike, r.doorId), reason: "No longer in the feed." });
  }

  // --- stays present in the feed ---
  const seenIds: string[] = [];
  for (const stay of p.stays ?? []) {
    const r = byUid.get(stay.uid);
    try {
      if (stay.cancelled) {
        if (r && live(r)) {
          await step((t) => removeReservation(t, inner, actor, r, now, { cancelled: true }));
          report.removed++;
          report.actions.push({ action: "remove", ...note(stay, r.doorId), reason: "Cancelled in the feed." });
        }
        continue;
      }
      // New, back after removal, or never placed (no free door, a problem last time): place it.
      if (!r || r.removedAt !== null || (r.windowId === null && !r.windowCreated)) {
        if (stay.endsAt <= now) continue; // a past stay: nothing to open any more
        const placed = await step((t) => createReservation(t, inner, actor, feed, p.doors, stay, now, r));
        report.created++;
        report.actions.push({ action: "create", ...note(stay, placed.doorId) });
        continue;
      }
      const sameTimes = r.startsAt.getTime() === stay.startsAt && r.endsAt.getTime() === stay.endsAt;
      seenIds.push(r.id);
      if (sameTimes || r.windowId === null) {
        // Unchanged, or staff removed the window by hand (windowCreated): the feed does not undo that.
        report.unchanged++;
        continue;
      }
      const doorId = await step((t) => moveReservation(t, inner, actor, p.doors, r, stay, now));
      report.moved++;
      report.actions.push({ action: doorId ? "move" : "remove", ...note(stay, doorId ?? r.doorId) });
    } catch (e) {
      if (!isAppError(e)) throw e;
      report.problems++;
      report.actions.push({ action: "problem", ...note(stay, r?.doorId ?? null), reason: e.userMessage });
      await step((t) => recordProblem(t, feed.id, stay, r, now, e.userMessage));
    }
  }
  // Still in the feed: seen now, no longer vanishing (one statement for the whole feed).
  for (let i = 0; i < seenIds.length; i += 1000)
    await db
      .update(feedReservations)
      .set({ lastSeenAt: new Date(now), vanishedAt: null })
      .where(inArray(feedReservations.id, seenIds.slice(i, i + 1000)));
  return report;
}

/** Records why a stay has no window (shown on the feed page), so the next poll tries again. */
async function recordProblem(
  tx: Tx,
  feedId: string,
  stay: Stay,
  r: FeedReservation | undefined,
  now: number,
  problem: string,
) {
  if (r) {
    await tx
      .update(feedReservations)
      .set({ problem, updatedAt: new Date(now) })
      .where(eq(feedReservations.id, r.id));
    return;
  }
  await tx.insert(feedReservations).values({
    feedId,
    uid: stay.uid,
    guestName: stay.guestName,
    startsAt: new Date(stay.startsAt),
    endsAt: new Date(stay.endsAt),
    needsHandover: stay.email === null,
    lastSeenAt: new Date(now),
    problem,
  });
}

/** A door of the feed with no window of anyone overlapping [startsAt, endsAt), preferring `prefer`. */
async function freeDoor(
  tx: Tx,
  feedDoors: FeedDoor[],
  span: { startsAt: number; endsAt: number },
  o: { prefer?: string | null; excludeWindowId?: string | null } = {},
): Promise<FeedDoor | null> {
  // A one-door feed always uses its door: overlapping stays there are the channel's business.
  if (feedDoors.length === 1) return feedDoors[0]!;
  const ordered = o.prefer
    ? [...feedDoors.filter((d) => d.id === o.prefer), ...feedDoors.filter((d) => d.id !== o.prefer)]
    : feedDoors;
  for (const door of ordered) {
    const [busy] = await tx
      .select({ id: accessWindows.id })
      .from(accessWindows)
      .where(
        and(
          eq(accessWindows.doorId, door.id),
          lt(accessWindows.startsAt, new Date(span.endsAt)),
          or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, new Date(span.startsAt))),
          o.excludeWindowId ? ne(accessWindows.id, o.excludeWindowId) : undefined,
        ),
      )
      .limit(1);
    if (!busy) return door;
  }
  return null;
}

async function createReservation(
  tx: Tx,
  ctx: AccessContext,
  actor: Actor,
  feed: Feed,
  feedDoors: FeedDoor[],
  stay: Stay,
  now: number,
  existing?: FeedReservation,
): Promise<{ doorId: string }> {
  const door = await freeDoor(tx, feedDoors, stay, { prefer: existing?.doorId });
  if (!door) throw new AppError("CONFLICT", "No door of the group is free for this stay.");
  const email = stay.email ?? placeholderEmail(feed.id, stay.uid);
  const inner: AccessContext = { ...ctx, db: tx as unknown as Db };
  const [known] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.email, email));
  const customerId = existing?.customerId ?? known?.id ?? (await createGuest(inner, actor, stay.guestName, email));
  const { window } = await insertWindow(tx, ctx, actor, {
    customerId,
    doorId: door.id,
    window: { kind: "once", startsAt: new Date(stay.startsAt), endsAt: new Date(stay.endsAt) },
    note: `${actor.label}`.slice(0, 200),
  });
  const values = {
    customerId,
    doorId: door.id,
    windowId: window.id,
    windowCreated: true,
    guestName: stay.guestName,
    startsAt: new Date(stay.startsAt),
    endsAt: new Date(stay.endsAt),
    needsHandover: stay.email === null,
    lastSeenAt: new Date(now),
    vanishedAt: null,
    cancelledAt: null,
    removedAt: null,
    problem: null,
    updatedAt: new Date(now),
  };
  if (existing) await tx.update(feedReservations).set(values).where(eq(feedReservations.id, existing.id));
  else await tx.insert(feedReservations).values({ feedId: feed.id, uid: stay.uid, ...values });
  return { doorId: door.id };
}

/**
 * A new guest customer. Its tag comes from the shared allocator (db/queries/customer-tags.ts), so
 * thousands of guests never draw an equal one; the email was checked free just before, inside this
 * transaction.
 */
async function createGuest(ctx: AccessContext, actor: Actor, name: string, email: string): Promise<string> {
  return (await createCustomer(ctx, actor, { name, email, preferredCredential: "keypad" })).id;
}

/** New dates: the window moves (on its door if still free there, else to another free door of the group). */
async function moveReservation(
  tx: Tx,
  ctx: AccessContext,
  actor: Actor,
  feedDoors: FeedDoor[],
  r: FeedReservation,
  stay: Stay,
  now: number,
): Promise<string | null> {
  const [current] = await tx.select().from(accessWindows).where(eq(accessWindows.id, r.windowId!));
  if (!current) throw new AppError("NOT_FOUND", "The stay's window is gone.");
  if (stay.endsAt <= now) {
    await removeReservation(tx, ctx, actor, r, now, { cancelled: false });
    return null;
  }
  const door = await freeDoor(tx, feedDoors, stay, { prefer: current.doorId, excludeWindowId: current.id });
  if (!door) throw new AppError("CONFLICT", "No door of the group is free for the new dates.");
  await updateWindow({ ...ctx, db: tx as unknown as Db }, actor, {
    windowId: current.id,
    expectedVersion: current.version,
    doorId: door.id,
    window: { kind: "once", startsAt: new Date(stay.startsAt), endsAt: new Date(stay.endsAt) },
  });
  await tx
    .update(feedReservations)
    .set({
      doorId: door.id,
      startsAt: new Date(stay.startsAt),
      endsAt: new Date(stay.endsAt),
      problem: null,
      updatedAt: new Date(now),
    })
    .where(eq(feedReservations.id, r.id));
  return door.id;
}

async function removeReservation(
  tx: Tx,
  ctx: AccessContext,
  actor: Actor,
  r: FeedReservation,
  now: number,
  o: { cancelled: boolean },
) {
  if (r.windowId) {
    const [current] = await tx
      .select({ version: accessWindows.version })
      .from(accessWindows)
      .where(eq(accessWindows.id, r.windowId));
    if (current)
      await deleteWindow({ ...ctx, db: tx as unknown as Db }, actor, {
        windowId: r.windowId,
        expectedVersion: current.version,
      });
  }
  await tx
    .update(feedReservations)
    .set({
      windowId: null,
      removedAt: new Date(now),
      cancelledAt: o.cancelled ? new Date(now) : null,
      updatedAt: new Date(now),
    })
    .where(eq(feedReservations.id, r.id));
}

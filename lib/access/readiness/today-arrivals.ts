import "server-only";
import { and, asc, eq, gte, isNotNull, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  accessWindows,
  arrivalAlerts,
  customers,
  doors,
  type Grant,
  grants,
  guestDeliveries,
  nukiTokenHealth,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { windowOccurrences } from "../compiler/occurrences";
import { inviteState } from "../views/customer-access";
import { pairKey } from "../views/grant-windows";
import { windowTouches } from "../views/window-range";
import { specOf } from "../windows/window-row";
import { type Readiness, readiness } from "./readiness";

export const ARRIVALS_AHEAD_MS = 24 * 3_600_000;

export type Arrival = {
  windowId: string;
  start: Date;
  end: Date;
  customerId: string;
  customerName: string;
  /** What the customer edit needs to switch the credential (optimistic concurrency on the version). */
  customer: { version: number; email: string; phone: string | null; groupName: string | null };
  doorId: string;
  doorName: string;
  timeZone: string;
  grantId: string | null;
  credential: "app" | "keypad" | null;
  status: string | null;
  lastError: string | null;
  readiness: Readiness;
  /** When the desk was alerted about this arrival (once), or null. */
  alertedAt: Date | null;
};

/**
 * Each window overlapping [now, until) with its door, customer and grant, in one query (the grant
 * joined on its pair, as At risk does); with `siteId`, only that site's doors.
 */
export function selectArrivalRows(db: DbOrTx, now: number, until: number, siteId?: string) {
  return (
    db
      .select({
        w: accessWindows,
        doorName: doors.name,
        timeZone: doors.timeZone,
        online: doors.online,
        offlineSince: doors.offlineSince,
        batteryCritical: doors.batteryCritical,
        keypadBatteryCritical: doors.keypadBatteryCritical,
        archivedAt: doors.archivedAt,
        customerName: customers.name,
        customer: {
          version: customers.version,
          email: customers.email,
          phone: customers.phone,
          groupName: customers.groupName,
        },
        g: grants,
      })
      .from(accessWindows)
      .innerJoin(doors, eq(doors.id, accessWindows.doorId))
      .innerJoin(customers, eq(customers.id, accessWindows.customerId))
      .leftJoin(grants, and(eq(grants.customerId, accessWindows.customerId), eq(grants.doorId, accessWindows.doorId)))
      // By the GiST index on the window's envelope: the next 24 h, not every window that ever began.
      .where(and(windowTouches(new Date(now), new Date(until)), siteId ? eq(doors.siteId, siteId) : undefined))
      .orderBy(asc(accessWindows.startsAt))
  );
}

/**
 * Every arrival — an occurrence of a window starting in [now, now + aheadMs) — with its readiness.
 * No actor: the alert job runs it as the system; pages call todayArrivals, which checks the viewer.
 * Four queries whatever the number of doors: windows (with door, customer and grant), alerts
 * already sent for arrivals in the range, guest messages held in the range, and the token's health.
 */
export async function loadArrivals(
  db: DbOrTx,
  o: { now: number; aheadMs?: number; siteId?: string },
): Promise<Arrival[]> {
  const { now } = o;
  const until = now + (o.aheadMs ?? ARRIVALS_AHEAD_MS);
  const rows = await selectArrivalRows(db, now, until, o.siteId);
  if (rows.length === 0) return [];
  // A credential switch leaves the old grant removing beside the new one: the live one holds the window.
  const grantOf = new Map<string, Grant>();
  for (const { g } of rows) {
    if (!g) continue;
    const key = pairKey(g.customerId, g.doorId);
    const seen = grantOf.get(key);
    if (!seen || (!seen.desired && g.desired)) grantOf.set(key, g);
  }
  const alerts = await db
    .select()
    .from(arrivalAlerts)
    .where(and(gte(arrivalAlerts.occurrenceStart, new Date(now)), lt(arrivalAlerts.occurrenceStart, new Date(until))));
  const alertedAt = new Map(alerts.map((a) => [`${a.windowId}@${a.occurrenceStart.getTime()}`, a.alertedAt]));
  // A held guest message names its customer and arrival start: every door of theirs opening then carries it.
  const held = await db
    .select()
    .from(guestDeliveries)
    .where(
      and(
        isNotNull(guestDeliveries.heldAt),
        gte(guestDeliveries.arrivalAt, new Date(now)),
        lt(guestDeliveries.arrivalAt, new Date(until)),
      ),
    );
  const heldAt = (customerId: string, start: number) =>
    held.find((h) => h.customerId === customerId && h.arrivalAt.getTime() === start)?.heldAt ?? null;
  const [refused] = await db
    .select({ since: nukiTokenHealth.refusedSince })
    .from(nukiTokenHealth)
    .where(isNotNull(nukiTokenHealth.refusedSince))
    .limit(1);

  const out: Arrival[] = [];
  const seenWindows = new Set<string>();
  for (const r of rows) {
    if (seenWindows.has(r.w.id)) continue;
    seenWindows.add(r.w.id);
    const g = grantOf.get(pairKey(r.w.customerId, r.w.doorId)) ?? null;
    for (const occ of windowOccurrences(specOf(r.w), r.timeZone, now, until)) {
      // Arrivals only: an occurrence already running when the board is opened has arrived.
      if (occ.start < now) continue;
      out.push({
        windowId: r.w.id,
        start: new Date(occ.start),
        end: new Date(occ.end),
        customerId: r.w.customerId,
        customerName: r.customerName,
        customer: r.customer,
        doorId: r.w.doorId,
        doorName: r.doorName,
        timeZone: r.timeZone,
        grantId: g?.id ?? null,
        credential: g?.credential ?? null,
        status: g?.status ?? null,
        lastError: g?.lastError ?? null,
        readiness: readiness({
          occurrence: occ,
          timeZone: r.timeZone,
          door: {
            online: r.online,
            offlineSince: r.offlineSince,
            batteryCritical: r.batteryCritical,
            keypadBatteryCritical: r.keypadBatteryCritical,
            archivedAt: r.archivedAt,
          },
          grant: g,
          invite: g?.credential === "app" ? inviteState(g, now).state : null,
          tokenRefused: !!refused,
          messageHeldAt: heldAt(r.w.customerId, occ.start),
        }),
        alertedAt: alertedAt.get(`${r.w.id}@${occ.start}`) ?? null,
      });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.doorName.localeCompare(b.doorName));
}

/** The Today board: the next 24 h of arrivals by time (one site's, or all), for staff and managers (not customers). */
export async function todayArrivals(db: DbOrTx, actor: Actor, now = Date.now(), o: { siteId?: string } = {}) {
  assertCan(actor, "activity.read");
  const arrivals = await loadArrivals(db, { now, siteId: o.siteId });
  const count = (s: Readiness["state"]) => arrivals.filter((a) => a.readiness.state === s).length;
  return { arrivals, counts: { ready: count("ready"), at_risk: count("at_risk"), not_ready: count("not_ready") } };
}

import "server-only";
import { and, asc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows, customers, doors, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import { KEYPAD_SLOTS, KEYPAD_SLOTS_WARN_AT } from "../codes/generate-code";
import { windowOccurrences } from "../compiler/occurrences";
import { portierAuthsPerDoor } from "./slot-usage";
import { specOf } from "../windows/window-row";
import { problemGrants } from "./problem-grants";
import { zoneMismatches } from "./zone-mismatch";
import { tokenNotice } from "../operations/token-health";

export { PENDING_TOO_LONG_MS } from "./problem-grants";
const LOW_BATTERY = 20;

/** The morning list: everything that could leave a customer in front of a closed door. */
export async function atRisk(db: DbOrTx, actor: Actor, now = Date.now()) {
  assertCan(actor, "activity.read");
  const allDoors = await db.select().from(doors).orderBy(asc(doors.name));
  const mine = await portierAuthsPerDoor(db);
  const used = (id: string, foreign: number) => (mine.get(id)?.keypad ?? 0) + foreign;
  const problems = await problemGrants(db, now);
  // Arrivals in the next 24 hours whose door is not confirmed yet.
  const soon = await db
    .select({
      w: accessWindows,
      doorName: doors.name,
      timeZone: doors.timeZone,
      customerName: customers.name,
      status: grants.status,
    })
    .from(accessWindows)
    .innerJoin(doors, eq(doors.id, accessWindows.doorId))
    .innerJoin(customers, eq(customers.id, accessWindows.customerId))
    .leftJoin(grants, and(eq(grants.customerId, accessWindows.customerId), eq(grants.doorId, accessWindows.doorId)))
    .where(
      and(
        lt(accessWindows.startsAt, new Date(now + 86_400_000)),
        or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, new Date(now))),
      ),
    )
    .orderBy(asc(accessWindows.startsAt));
  const arrivals = soon.flatMap((s) => {
    if (s.status === "applied") return [];
    const next = windowOccurrences(specOf(s.w), s.timeZone, now, now + 86_400_000)[0];
    return next
      ? [
          {
            windowId: s.w.id,
            customerId: s.w.customerId,
            customerName: s.customerName,
            timeZone: s.timeZone,
            doorName: s.doorName,
            startsAt: new Date(next.start),
            status: s.status ?? "pending",
          },
        ]
      : [];
  });
  // While Nuki refuses the token nothing reaches any lock: every arrival not yet on its lock depends on the fix.
  const refused = await tokenNotice(db, actor);
  const zoneMismatch = await zoneMismatches(db);
  return {
    zoneMismatch,
    tokenRefused: refused ? { ...refused, arrivalsAffected: arrivals.length } : null,
    offline: allDoors
      .filter((d) => !d.online)
      .map((d) => ({ id: d.id, name: d.name, since: d.offlineSince, timeZone: d.timeZone })),
    lowBattery: allDoors
      .filter((d) => d.batteryCritical || (d.batteryCharge ?? 100) < LOW_BATTERY)
      .map((d) => ({ id: d.id, name: d.name, charge: d.batteryCharge, critical: d.batteryCritical })),
    slotsNearlyFull: allDoors
      .map((d) => ({ id: d.id, name: d.name, used: used(d.id, d.foreignCodeHmacs.length), max: KEYPAD_SLOTS }))
      .filter((d) => d.used >= KEYPAD_SLOTS_WARN_AT),
    grants: problems,
    arrivals,
  };
}

import "server-only";
import { and, asc, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { selectDoor } from "@/db/queries/doors";
import { accessWindows, customers, lockEvents } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { KEYPAD_SLOTS, KEYPAD_SLOTS_WARN_AT } from "../codes/generate-code";
import { describeWindow } from "../windows/window-row";
import { problemGrants } from "./problem-grants";
import { portierAuthsPerDoor } from "./slot-usage";

/** One door: live state, how full its code slots are, who may enter soon, and who entered lately. */
export async function doorOverview(db: DbOrTx, actor: Actor, doorId: string, now = Date.now()) {
  assertCan(actor, "doors.read");
  // With its site's and group's names: the door page says where the door belongs.
  const door = await selectDoor(db, doorId);
  if (!door) throw new AppError("NOT_FOUND", "Not found.");
  const mine = (await portierAuthsPerDoor(db, [doorId])).get(doorId) ?? { keypad: 0, app: 0 };
  const codesUsed = mine.keypad + door.foreignCodeHmacs.length;
  const windows = await db
    .select({ w: accessWindows, customerName: customers.name })
    .from(accessWindows)
    .innerJoin(customers, eq(customers.id, accessWindows.customerId))
    .where(
      and(eq(accessWindows.doorId, doorId), or(isNull(accessWindows.endsAt), gt(accessWindows.endsAt, new Date(now)))),
    )
    .orderBy(asc(accessWindows.startsAt))
    .limit(100);
  const entries = await db
    .select({
      id: lockEvents.id,
      at: lockEvents.at,
      state: lockEvents.state,
      action: lockEvents.action,
      authName: lockEvents.authName,
      customerId: lockEvents.customerId,
      customerName: customers.name,
    })
    .from(lockEvents)
    .leftJoin(customers, eq(customers.id, lockEvents.customerId))
    .where(eq(lockEvents.doorId, doorId))
    .orderBy(desc(lockEvents.at))
    .limit(30);
  const problems = await problemGrants(db, now, { doorId });
  return {
    door,
    problems,
    slots: {
      codesUsed,
      codesMax: KEYPAD_SLOTS,
      nearlyFull: codesUsed >= KEYPAD_SLOTS_WARN_AT,
      appAuths: mine.app + door.foreignAppAuths,
    },
    windows: windows.map((r) => ({
      id: r.w.id,
      customerId: r.w.customerId,
      customerName: r.customerName,
      describe: describeWindow(r.w, door.timeZone),
      kind: r.w.kind,
      startsAt: r.w.startsAt,
    })),
    entries,
  };
}

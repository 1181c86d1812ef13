import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accessWindows, doors } from "@/db/schema";
import type { AccessContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { lockPairs } from "../windows/pair-lock";
import { inputOf, windowColumns } from "../windows/window-row";

/**
 * Puts doors on a new wall clock: doors.time_zone (the zone the compiler reads) becomes `timeZone`,
 * and every (customer, door) pair with windows there is recompiled the way a window edit does it
 * (syncGrants: a changed desired auth gets a new version and is due at once), because an auth's
 * times are wall-clock times on the lock. Weekly windows keep their local dates and minutes, so
 * only their envelope instants move; one-off windows are instants and stay where they are.
 * Returns how many doors changed zone and how many pairs were recompiled. Call inside the
 * transaction that changed the site or the doors' site.
 */
export async function rezoneDoors(tx: Tx, ctx: AccessContext, doorIds: string[], timeZone: string) {
  if (!doorIds.length) return { doors: 0, pairs: 0 };
  const moved = await tx
    .update(doors)
    .set({ timeZone })
    .where(and(inArray(doors.id, doorIds), ne(doors.timeZone, timeZone)))
    .returning({ id: doors.id });
  if (!moved.length) return { doors: 0, pairs: 0 };
  const movedIds = moved.map((d) => d.id);
  const windows = await tx.select().from(accessWindows).where(inArray(accessWindows.doorId, movedIds));
  const pairs = [...new Map(windows.map((w) => [`${w.customerId}:${w.doorId}`, w])).values()].map((w) => ({
    customerId: w.customerId,
    doorId: w.doorId,
  }));
  await lockPairs(tx, pairs);
  for (const w of windows) {
    if (w.kind !== "weekly") continue;
    const { startsAt, endsAt } = windowColumns(inputOf(w), timeZone);
    await tx.update(accessWindows).set({ startsAt, endsAt }).where(eq(accessWindows.id, w.id));
  }
  for (const p of pairs) await syncGrants(tx, ctx, p.customerId, p.doorId);
  return { doors: movedIds.length, pairs: pairs.length };
}

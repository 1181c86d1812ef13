import "server-only";
import { and, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows } from "@/db/schema";
import { zonedDate } from "@/lib/time/format-zoned";
import { windowOccurrences } from "../compiler/occurrences";
import { specOf } from "../windows/window-row";

export type WindowLink = { windowId: string; date: string };
export const pairKey = (customerId: string, doorId: string) => `${customerId}:${doorId}`;

/** Where the calendar shows one window: its panel opens from `?window=`, on the day in `?date=`. */
export const windowHref = (l: WindowLink) => `/calendar?window=${l.windowId}&date=${l.date}`;

const LOOK_AHEAD_MS = 62 * 86_400_000;

/**
 * A grant is one (customer, door) pair and may carry several windows; a failure on it is about the window
 * the customer needs next — the one running now or starting soonest — or, if none is ahead, the last one.
 * The date is that occurrence's day on the door's clock, so the link opens the week with the failure in it.
 */
export async function windowsOfPairs(
  db: DbOrTx,
  pairs: readonly { customerId: string; doorId: string; timeZone: string }[],
  now: number,
): Promise<Map<string, WindowLink>> {
  const out = new Map<string, WindowLink>();
  if (pairs.length === 0) return out;
  const zones = new Map(pairs.map((p) => [pairKey(p.customerId, p.doorId), p.timeZone]));
  const rows = await db
    .select()
    .from(accessWindows)
    .where(
      and(
        inArray(accessWindows.customerId, [...new Set(pairs.map((p) => p.customerId))]),
        inArray(accessWindows.doorId, [...new Set(pairs.map((p) => p.doorId))]),
      ),
    );
  const best = new Map<string, { at: number; ahead: boolean; link: WindowLink }>();
  for (const w of rows) {
    const key = pairKey(w.customerId, w.doorId);
    const tz = zones.get(key);
    if (!tz) continue;
    const next = windowOccurrences(specOf(w), tz, now, now + LOOK_AHEAD_MS)[0];
    const ends = w.endsAt?.getTime() ?? Number.POSITIVE_INFINITY;
    const ahead = !!next || ends > now;
    // Ahead: the soonest occurrence (or the start, beyond the look-ahead). Past: the last moment it held.
    const at = next ? Math.max(next.start, now) : ahead ? w.startsAt.getTime() : ends - 1;
    const seen = best.get(key);
    const better = !seen || (ahead && !seen.ahead) || (ahead === seen.ahead && (ahead ? at < seen.at : at > seen.at));
    if (better) best.set(key, { at, ahead, link: { windowId: w.id, date: zonedDate(at, tz) } });
  }
  for (const [key, v] of best) out.set(key, v.link);
  return out;
}

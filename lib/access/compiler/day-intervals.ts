import { zoneOffsetMs, type LocalDate } from "@/lib/time/zoned-time";

export type Interval = { start: number; end: number };

const DAY = 86_400_000;

/** First instant in (lo, hi] whose zone offset differs from lo's (binary search to the millisecond). */
function transitionBetween(lo: number, hi: number, timeZone: string): number {
  const o = zoneOffsetMs(lo, timeZone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffsetMs(mid, timeZone) === o) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The instants of local date `date` at which a lock in `timeZone` reads a time of day in
 * [fromMinute, untilMinute) — exactly how Nuki evaluates allowedFromTime/UntilTime (§3.6). On a DST
 * day this is what the lock really does: in a spring gap the window starts when the clock jumps; in
 * an autumn overlap the repeated hour counts twice (so two intervals may come back).
 */
export function dayIntervals(date: LocalDate, fromMinute: number, untilMinute: number, timeZone: string): Interval[] {
  const wallMidnight = Date.UTC(date.y, date.m - 1, date.d);
  const startGuess = wallMidnight - zoneOffsetMs(wallMidnight - DAY / 2, timeZone);
  const endGuess = wallMidnight + DAY - zoneOffsetMs(wallMidnight + DAY + DAY / 2, timeZone);
  const o1 = zoneOffsetMs(startGuess - DAY / 4, timeZone);
  const o2 = zoneOffsetMs(endGuess + DAY / 4, timeZone);
  const regimes: { offset: number; from: number; to: number }[] =
    o1 === o2
      ? [{ offset: o1, from: -Infinity, to: Infinity }]
      : (() => {
          const t = transitionBetween(startGuess - DAY / 4, endGuess + DAY / 4, timeZone);
          return [
            { offset: o1, from: -Infinity, to: t },
            { offset: o2, from: t, to: Infinity },
          ];
        })();
  const out: Interval[] = [];
  for (const r of regimes) {
    // Within one offset regime, local minute m of this date is the instant wallMidnight + m − offset.
    const start = Math.max(wallMidnight + fromMinute * 60_000 - r.offset, r.from);
    const end = Math.min(wallMidnight + untilMinute * 60_000 - r.offset, r.to);
    if (end > start) out.push({ start, end });
  }
  return mergeIntervals(out);
}

/** Sorted, with touching or overlapping intervals joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

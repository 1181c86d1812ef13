import type { NukiAuthRestriction } from "@/lib/nuki/schemas";
import { ALL_DAYS, bitOf } from "@/lib/model/weekdays";
import { addDays, compareDates, localDateOf, localFields, weekdayOf, type LocalDate } from "@/lib/time/zoned-time";
import { dayIntervals, type Interval } from "./day-intervals";
import { scheduleOccurrences, type Occurrence } from "./occurrences";
import type { WindowSpec } from "./window-spec";

/** One auth state a lock holds for a while: from `activeFrom` (when Portier pushes it) until `activeUntil`. */
export type Segment = {
  restriction: NukiAuthRestriction;
  /** First and last instant this state lets the customer in. */
  firstStart: number;
  lastEnd: number;
  /** When the previous state's last access ends (or "now"): the earliest moment to push this one. */
  activeFrom: number;
  /** When the next state (or deletion) must replace this one: its last access end. */
  activeUntil: number;
  occurrences: number;
  kind: "once" | "pattern";
  windowIds: string[];
};

export type CompiledSchedule = {
  /** What the lock must hold now (null: nothing — delete the auth). May be a future state, pre-loaded. */
  current: NukiAuthRestriction | null;
  currentSegment: Segment | null;
  /** When `current` must be replaced; null when nothing is scheduled after it. */
  nextChangeAt: number | null;
  segments: Segment[];
  /** True when the windows need more than one state, so Portier rotates the auth at boundaries. */
  rotates: boolean;
};

export const DEFAULT_HORIZON_MS = 400 * 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

const onceRestriction = (o: Interval): NukiAuthRestriction => ({
  allowedFromDate: iso(o.start),
  allowedUntilDate: iso(o.end),
  allowedWeekDays: ALL_DAYS,
  allowedFromTime: 0,
  allowedUntilTime: 0,
});

/** If the occurrence sits inside one local day, its date and local minutes (until 1440 = midnight). */
function singleDay(o: Interval, timeZone: string): { date: LocalDate; from: number; until: number } | null {
  const a = localFields(o.start, timeZone);
  const b = localFields(o.end, timeZone);
  const date = { y: a.y, m: a.m, d: a.d };
  const endDate = { y: b.y, m: b.m, d: b.d };
  if (a.seconds !== 0 || b.seconds !== 0 || o.start % 1000 !== 0 || o.end % 1000 !== 0) return null;
  if (compareDates(date, endDate) === 0) return { date, from: a.minutes, until: b.minutes };
  if (compareDates(addDays(date, 1), endDate) === 0 && b.minutes === 0) return { date, from: a.minutes, until: 1440 };
  return null;
}

/** Every interval a lock allows under a date-range + weekday + daily-minutes restriction. */
function patternIntervals(
  from: number,
  until: number,
  weekdays: number,
  fromMinute: number,
  untilMinute: number,
  timeZone: string,
): Interval[] {
  const out: Interval[] = [];
  let day = addDays(localDateOf(from, timeZone), -1);
  const last = addDays(localDateOf(until, timeZone), 1);
  for (; compareDates(day, last) <= 0; day = addDays(day, 1)) {
    if ((weekdays & bitOf(weekdayOf(day))) === 0) continue;
    for (const i of dayIntervals(day, fromMinute, untilMinute, timeZone)) {
      const s = Math.max(i.start, from);
      const e = Math.min(i.end, until);
      if (e > s) out.push({ start: s, end: e });
    }
  }
  return out;
}

const sameIntervals = (a: Interval[], b: Interval[]) =>
  a.length === b.length && a.every((x, i) => x.start === b[i]!.start && x.end === b[i]!.end);

/**
 * "Every day, all day, ongoing" that has already begun: whatever else is scheduled, the lock may let
 * the customer in at any time from now on. Such a window (an unrestricted auth adopted from the
 * lock, or staff's own) compiles to Nuki's unrestricted auth — no dates, no rotation — instead of a
 * date range that ends at the horizon and would have to be pushed again and again.
 */
const isAlways = (w: WindowSpec, timeZone: string, now: number) =>
  w.kind === "weekly" &&
  (w.weekdays === ALL_DAYS || w.weekdays === 0) &&
  w.fromMinute === 0 &&
  w.untilMinute === 1440 &&
  w.endsOn === null &&
  compareDates(w.startsOn, localDateOf(now, timeZone)) <= 0;

function alwaysSchedule(now: number, horizonEnd: number, windows: WindowSpec[]): CompiledSchedule {
  const segment: Segment = {
    restriction: {
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedWeekDays: ALL_DAYS,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    },
    firstStart: now,
    lastEnd: horizonEnd,
    activeFrom: now,
    activeUntil: horizonEnd,
    occurrences: 1,
    kind: "pattern",
    windowIds: windows.flatMap((w) => (w.id ? [w.id] : [])),
  };
  return {
    current: segment.restriction,
    currentSegment: segment,
    nextChangeAt: null,
    segments: [segment],
    rotates: false,
  };
}

/**
 * Compiles one customer's windows on one door into the auth states the lock must hold over time.
 *
 * Nuki holds one auth per person per lock with one date range, one weekday mask and one daily time
 * window (§3.6). Occurrences are grouped greedily: a run of same-time-of-day occurrences becomes
 * one "pattern" state only if the lock, evaluating that state, would allow *exactly* those
 * occurrences (checked by expanding the state as the lock does) — otherwise each occurrence gets
 * its own date-range state. States are pushed one after another as each one's last access ends, so
 * the lock itself enforces every boundary, even if it later goes offline.
 */
export function compileSchedule(input: {
  windows: WindowSpec[];
  timeZone: string;
  now: number;
  horizonMs?: number;
}): CompiledSchedule {
  const { timeZone, now } = input;
  const horizonEnd = now + (input.horizonMs ?? DEFAULT_HORIZON_MS);
  const always = input.windows.filter((w) => isAlways(w, timeZone, now));
  if (always.length) return alwaysSchedule(now, horizonEnd, input.windows);
  const occ: Occurrence[] = scheduleOccurrences(input.windows, timeZone, now, horizonEnd).map((o) => ({
    ...o,
    end: Math.min(o.end, horizonEnd),
  }));
  const segments: Segment[] = [];
  let i = 0;
  let activeFrom = now;
  while (i < occ.length) {
    const first = occ[i]!;
    let best: { restriction: NukiAuthRestriction; last: number; kind: Segment["kind"] } = {
      restriction: onceRestriction(first),
      last: i,
      kind: "once",
    };
    const day = singleDay(first, timeZone);
    if (day) {
      let mask: number = bitOf(weekdayOf(day.date));
      // Once a prefix is proven with this mask, extending it by one occurrence under the same mask only
      // needs the stretch since the previous occurrence's end: the lock must allow exactly occ[j] there.
      // (Re-expanding the whole prefix each time made an open-ended weekly series cost O(n²) days —
      // seconds per compile over the 400-day horizon.) A new weekday bit re-checks the whole prefix.
      let proven = false;
      for (let j = i + 1; j < occ.length; j++) {
        const next = singleDay(occ[j]!, timeZone);
        if (!next || next.from !== day.from || next.until !== day.until) break;
        const candidateMask = mask | bitOf(weekdayOf(next.date));
        const ok =
          proven && candidateMask === mask
            ? sameIntervals(patternIntervals(occ[j - 1]!.end, occ[j]!.end, mask, day.from, day.until, timeZone), [
                occ[j]!,
              ])
            : sameIntervals(
                patternIntervals(first.start, occ[j]!.end, candidateMask, day.from, day.until, timeZone),
                occ.slice(i, j + 1),
              );
        if (!ok) break;
        proven = true;
        mask = candidateMask;
        best = {
          restriction: {
            allowedFromDate: iso(first.start),
            allowedUntilDate: iso(occ[j]!.end),
            allowedWeekDays: mask,
            allowedFromTime: day.from,
            allowedUntilTime: day.until,
          },
          last: j,
          kind: "pattern",
        };
      }
    }
    const lastOcc = occ[best.last]!;
    segments.push({
      restriction: best.restriction,
      firstStart: first.start,
      lastEnd: lastOcc.end,
      activeFrom,
      activeUntil: lastOcc.end,
      occurrences: best.last - i + 1,
      kind: best.kind,
      windowIds: [...new Set(occ.slice(i, best.last + 1).flatMap((o) => o.windowIds))],
    });
    activeFrom = lastOcc.end;
    i = best.last + 1;
  }
  const currentSegment = segments[0] ?? null;
  return {
    current: currentSegment?.restriction ?? null,
    currentSegment,
    nextChangeAt: currentSegment ? currentSegment.activeUntil : null,
    segments,
    rotates: segments.length > 1,
  };
}

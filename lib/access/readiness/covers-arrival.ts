import { bitOf } from "@/lib/model/weekdays";
import { localFields, zoneOffsetMs } from "@/lib/time/zoned-time";
import { dayIntervals } from "../compiler/day-intervals";

/** The time fields of a Nuki auth (Portier's desired auth or what the lock reported). */
export type AuthTimes = {
  allowedFromDate: string | null;
  allowedUntilDate: string | null;
  allowedWeekDays: number;
  allowedFromTime: number;
  allowedUntilTime: number;
};

/**
 * Does an auth with these times let the customer in at `at`, evaluated as the lock does (its dates,
 * weekday mask and daily minutes on its own wall clock, DST included)? Used to tell whether the auth
 * the lock holds now already covers an arrival, or a rotation step must still replace it first.
 * Hand-written on the compiler's own dayIntervals so both agree on DST to the millisecond.
 */
export function authCovers(a: AuthTimes, at: number, timeZone: string): boolean {
  if (a.allowedFromDate && at < Date.parse(a.allowedFromDate)) return false;
  if (a.allowedUntilDate && at >= Date.parse(a.allowedUntilDate)) return false;
  const f = localFields(at, timeZone);
  if ((a.allowedWeekDays & bitOf(f.weekday)) === 0) return false;
  // 0–0 = no daily restriction (the whole day), as in the compiler's once-states.
  if (a.allowedFromTime === 0 && a.allowedUntilTime === 0) return true;
  // No offset change within a day and a half either side: the wall clock reads plainly (two Intl calls
  // instead of dayIntervals' dozen — the board evaluates this for every arrival). Near a DST change,
  // the compiler's own dayIntervals decides, gap and repeated hour included.
  if (zoneOffsetMs(at - 129_600_000, timeZone) === zoneOffsetMs(at + 129_600_000, timeZone))
    return f.minutes >= a.allowedFromTime && f.minutes < a.allowedUntilTime;
  return dayIntervals({ y: f.y, m: f.m, d: f.d }, a.allowedFromTime, a.allowedUntilTime, timeZone).some(
    (i) => at >= i.start && at < i.end,
  );
}

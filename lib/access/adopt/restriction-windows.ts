import type { WindowSpecInput } from "@/lib/model/window-spec";
import { ALL_DAYS, hasDay } from "@/lib/model/weekdays";
import { MAX_ONCE_MS } from "@/lib/model/window-spec";
import { addDays, compareDates, formatLocalDate, localDateOf, weekdayOf, zonedInstant } from "@/lib/time/zoned-time";
import type { LocalDate } from "@/lib/time/zoned-time";
import { dayIntervals } from "../compiler/day-intervals";

/** A Nuki time restriction as a lock reports it (nulls = no restriction). */
export type LockRestriction = {
  allowedFromDate: string | null;
  allowedUntilDate: string | null;
  allowedWeekDays: number | null;
  allowedFromTime: number | null;
  allowedUntilTime: number | null;
};

export type AdoptedWindows = { ok: true; windows: WindowSpecInput[] } | { ok: false; reason: string };

const MINUTE = 60_000;

/**
 * The access windows that allow exactly what an auth's restriction lets through on the lock from
 * `now` on (lib/nuki/lock-semantics: dates bound the validity as instants; weekdays and daily minutes
 * in the lock's local time; 0/0 = all day; an until-time below the from-time spans midnight, each
 * part on the same weekdays, as the lock evaluates it). Unrestricted → "every day, all day,
 * ongoing" from today, which the compiler turns back into an unrestricted auth. Date bounds that
 * fall inside a local day become one-off windows for that day's part, so nothing is widened.
 */
export function windowsForRestriction(r: LockRestriction, timeZone: string, now: number): AdoptedWindows {
  const days = r.allowedWeekDays == null || r.allowedWeekDays === 0 ? ALL_DAYS : r.allowedWeekDays;
  const from = r.allowedFromTime ?? 0;
  const until = r.allowedUntilTime ?? 0;
  const allDay = from === 0 && until === 0;
  if (!allDay && from === until)
    return { ok: false, reason: "Its daily time window is empty (same start and end), so it never opens the door." };
  const spans: [number, number][] = allDay
    ? [[0, 1440]]
    : from < until
      ? [[from, until]]
      : [
          [from, 1440],
          [0, until],
        ];
  const fromMs = r.allowedFromDate ? Date.parse(r.allowedFromDate) : null;
  const untilMs = r.allowedUntilDate ? Date.parse(r.allowedUntilDate) : null;
  if (untilMs != null && untilMs <= now)
    return {
      ok: false,
      reason: "Its validity ended; it no longer opens the door. Leave it alone or delete it in Nuki.",
    };
  if (fromMs != null && untilMs != null && untilMs <= fromMs)
    return { ok: false, reason: "Its validity ends before it starts, so it never opens the door." };
  // The past does not matter: a start before now is the same as "from today".
  const start = fromMs != null && fromMs > now ? fromMs : null;
  const startFloor = start ?? Math.floor(now / MINUTE) * MINUTE;

  if (allDay && days === ALL_DAYS && untilMs != null && untilMs - startFloor <= MAX_ONCE_MS)
    return { ok: true, windows: [{ kind: "once", startsAt: new Date(startFloor), endsAt: new Date(untilMs) }] };

  const first = localDateOf(start ?? now, timeZone);
  const last: LocalDate | null = untilMs != null ? localDateOf(untilMs - 1, timeZone) : null;
  // Days the date bounds cut into: one-off windows for exactly the part of them the lock allows.
  const partial: LocalDate[] = [];
  if (start != null && start !== zonedInstant(first, 0, timeZone)) partial.push(first);
  if (last && untilMs !== zonedInstant(addDays(last, 1), 0, timeZone) && !partial.some((d) => same(d, last)))
    partial.push(last);
  const windows: WindowSpecInput[] = [];
  for (const day of partial) {
    if (!hasDay(days, weekdayOf(day))) continue;
    for (const [f, u] of spans)
      for (const i of dayIntervals(day, f, u, timeZone)) {
        const s = Math.max(i.start, start ?? -Infinity);
        const e = Math.min(i.end, untilMs ?? Infinity);
        if (e > s) windows.push({ kind: "once", startsAt: new Date(s), endsAt: new Date(e) });
      }
  }
  const weeklyFirst = partial.some((d) => same(d, first)) ? addDays(first, 1) : first;
  const weeklyLast = last && partial.some((d) => same(d, last)) ? addDays(last, -1) : last;
  if (!weeklyLast || compareDates(weeklyFirst, weeklyLast) <= 0)
    for (const [f, u] of spans)
      windows.push({
        kind: "weekly",
        weekdays: days,
        fromMinute: f,
        untilMinute: u,
        startsOn: formatLocalDate(weeklyFirst),
        endsOn: weeklyLast ? formatLocalDate(weeklyLast) : null,
      });
  if (!windows.length)
    return { ok: false, reason: "It allows no time from now on (its days never fall inside its dates)." };
  return { ok: true, windows };
}

const same = (a: LocalDate, b: LocalDate) => compareDates(a, b) === 0;

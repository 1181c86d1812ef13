import { hasDay } from "@/lib/model/weekdays";
import { addDays, compareDates, localDateOf, weekdayOf } from "@/lib/time/zoned-time";
import { dayIntervals, mergeIntervals, type Interval } from "./day-intervals";
import type { WindowSpec } from "./window-spec";

export type Occurrence = Interval & { windowIds: string[] };

/** Concrete access intervals of one window that intersect [from, to). */
export function windowOccurrences(w: WindowSpec, timeZone: string, from: number, to: number): Interval[] {
  if (w.kind === "once") return w.endsAt > from && w.startsAt < to ? [{ start: w.startsAt, end: w.endsAt }] : [];
  const out: Interval[] = [];
  // One local day of slack either side: the zone offset can move a local day across the UTC bounds.
  let day = addDays(localDateOf(from, timeZone), -1);
  if (compareDates(day, w.startsOn) < 0) day = w.startsOn;
  const last = addDays(localDateOf(to, timeZone), 1);
  const end = w.endsOn && compareDates(w.endsOn, last) < 0 ? w.endsOn : last;
  for (; compareDates(day, end) <= 0; day = addDays(day, 1)) {
    if (!hasDay(w.weekdays, weekdayOf(day))) continue;
    for (const i of dayIntervals(day, w.fromMinute, w.untilMinute, timeZone))
      if (i.end > from && i.start < to) out.push(i);
  }
  return out;
}

/** All windows' occurrences in [from, to), sorted; touching intervals of different windows are joined. */
export function scheduleOccurrences(windows: WindowSpec[], timeZone: string, from: number, to: number): Occurrence[] {
  const tagged = windows.flatMap((w) =>
    windowOccurrences(w, timeZone, from, to).map((i) => ({ ...i, windowIds: w.id ? [w.id] : [] })),
  );
  tagged.sort((a, b) => a.start - b.start);
  const out: Occurrence[] = [];
  for (const o of tagged) {
    const prev = out.at(-1);
    if (prev && o.start <= prev.end) {
      prev.end = Math.max(prev.end, o.end);
      prev.windowIds.push(...o.windowIds);
    } else out.push({ ...o, windowIds: [...o.windowIds] });
  }
  return out;
}

export { mergeIntervals };

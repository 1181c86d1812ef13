import { spanEndMinute } from "@/lib/model/daily-time";
import { shiftWeekdays } from "@/lib/model/weekdays";
import type { WindowSpecInput } from "@/lib/model/window-spec";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";

/** A dragged or resized occurrence: the new instants and the same moment read on the building's wall clock. */
export type Move = { event: CalendarEvent; start: Date; end: Date; wallStart: Date; wallEnd: Date; doorId: string };

const startOfDayMs = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
const minutesOf = (d: Date) => d.getHours() * 60 + d.getMinutes();

/**
 * A dragged occurrence → the window's new spec: instants for a one-off; for a weekly series the
 * same shift of weekday and time of day, read on the building's wall clock (`originalWallStart`
 * is where the occurrence was before the drag).
 */
export function movedSpec(m: Move, originalWallStart: Date): WindowSpecInput {
  const spec = m.event.spec;
  if (spec.kind === "once") return { kind: "once", startsAt: m.start, endsAt: m.end };
  const shiftDays = Math.round((startOfDayMs(m.wallStart) - startOfDayMs(originalWallStart)) / 86_400_000);
  return {
    ...spec,
    weekdays: shiftWeekdays(spec.weekdays, shiftDays),
    fromMinute: minutesOf(m.wallStart),
    untilMinute: spanEndMinute(minutesOf(m.wallEnd), m.wallEnd.getTime() > m.wallStart.getTime()),
  };
}

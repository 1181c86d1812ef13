import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import { syncLabel } from "@/lib/model/sync-state";

const formats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function formatsFor(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone }),
      time: new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }),
    };
    formats.set(timeZone, f);
  }
  return f;
}

/** "Mon 14 Dec 09:00–11:00" (or "Mon 14 Dec 22:00 – Tue 15 Dec 02:00") on the building's clock. */
export function whenText(start: string | Date, end: string | Date, timeZone: string): string {
  const f = formatsFor(timeZone);
  const a = new Date(start);
  const b = new Date(end);
  const sameDay = f.day.format(a) === f.day.format(new Date(b.getTime() - 1));
  return sameDay
    ? `${f.day.format(a)} ${f.time.format(a)}–${f.time.format(b)}`
    : `${f.day.format(a)} ${f.time.format(a)} – ${f.day.format(b)} ${f.time.format(b)}`;
}

/**
 * What a screen reader says for a window on the calendar, in every view: who, which door, when
 * and the lock state — three doors' windows for one customer never sound alike.
 */
export function eventName(e: CalendarEvent, doorName: string, timeZone: string): string {
  const parts = [
    e.customerName,
    doorName,
    whenText(e.start, e.end, timeZone) + (e.spec.kind === "weekly" ? ", weekly" : ""),
    syncLabel(e.sync.state) + (e.sync.state === "failed" && e.sync.error ? `: ${e.sync.error}` : ""),
  ];
  return parts.join(", ");
}

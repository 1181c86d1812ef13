import { formatMinutes, parseEndOfDay, parseTimeOfDay } from "@/lib/model/daily-time";
import { formatLocalDate, localFields, parseLocalDate, zonedInstant, type LocalDate } from "@/lib/time/zoned-time";

/**
 * The dialog's dates and times are plain text fields ("2026-03-14 09:30", one Tab stop each)
 * read on the building's wall clock. Whatever is typed, these return a value or null — never
 * throw and never an Invalid Date — so a half-typed field is a message, not a crashed page.
 */
export const DATE_TIME_HINT = "Year-month-day and 24-hour time, e.g. 2026-03-14 09:30";
export const DATE_HINT = "Year-month-day, e.g. 2026-03-14";
export const TIME_HINT = "24-hour time, e.g. 09:30";

/** "2026-3-4" or "2026-03-04" → "2026-03-04"; impossible dates (Feb 30, a fifth year digit) → null. */
export function parseDateText(text: string): string | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  try {
    parseLocalDate(iso);
    return iso;
  } catch {
    return null;
  }
}

/**
 * "2026-03-14 09:30" (or with "T", as datetime-local writes it) → the instant the building's clock
 * shows then. With `end`, "24:00" also means the end of that day; a one-off window's "00:00" stays
 * an ordinary time (the start of the day typed), unlike a weekly window's daily end.
 */
export function parseDateTimeText(text: string, timeZone: string, opts: { end?: boolean } = {}): Date | null {
  const m = /^\s*(\S+?)[ T]+(\S+)\s*$/.exec(text);
  if (!m) return null;
  const day = parseDateText(m[1]!);
  const minutes = opts.end ? parseEndOfDayStrict(m[2]!) : parseTimeOfDay(m[2]!);
  if (!day || minutes === null) return null;
  const at = zonedInstant(parseLocalDate(day), minutes, timeZone);
  return Number.isFinite(at) ? new Date(at) : null;
}
const parseEndOfDayStrict = (t: string) => (/^\s*24[:.]00\s*$/.test(t) ? 1440 : parseTimeOfDay(t));

export function formatDateTimeText(instant: Date | string | number, timeZone: string): string {
  const t = new Date(instant).getTime();
  if (!Number.isFinite(t)) return "";
  const f = localFields(t, timeZone);
  return `${formatLocalDate(f as LocalDate)} ${formatMinutes(f.minutes)}`;
}

export const formatDateText = (instant: Date | string | number, timeZone: string) =>
  formatDateTimeText(instant, timeZone).slice(0, 10);

export { formatMinutes, parseEndOfDay, parseTimeOfDay };

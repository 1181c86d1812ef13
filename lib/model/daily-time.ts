/**
 * Times of day as minutes since local midnight. A daily window ends at most at 1440: "00:00" as an
 * END means midnight at the end of the day (a window 18:00–00:00 runs until the day is over), never
 * the start of it. Client-safe: no server code.
 */
export const MIDNIGHT_END = 1440;

export const formatMinutes = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** "9:05" / "09:05" → 545; anything else (or an hour past 23) → null. */
export function parseTimeOfDay(text: string): number | null {
  const m = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** An end time of day: like parseTimeOfDay, but "00:00" (and "24:00") mean the end of the day. */
export function parseEndOfDay(text: string): number | null {
  if (/^\s*24[:.]00\s*$/.test(text)) return MIDNIGHT_END;
  const m = parseTimeOfDay(text);
  return m === 0 ? MIDNIGHT_END : m;
}

/** A dragged span's end as minutes of the day: ending exactly at midnight after its start means 1440, not 0. */
export const spanEndMinute = (endMinuteOfDay: number, endsAfterStart: boolean) =>
  endMinuteOfDay === 0 && endsAfterStart ? MIDNIGHT_END : endMinuteOfDay;

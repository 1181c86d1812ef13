/**
 * Wall-clock arithmetic in IANA zones with only Intl (no dependency). Nuki evaluates daily times in
 * the lock's local time and dates as UTC instants (nuki-web-api.md §3.6), so every local→instant
 * conversion in Portier goes through here.
 */
export type LocalDate = { y: number; m: number; d: number }; // m: 1–12

const dtf = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = dtf.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    dtf.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export type LocalFields = Readonly<{
  y: number;
  m: number;
  d: number;
  minutes: number;
  seconds: number;
  weekday: number;
}>;

/**
 * Answers already computed, per zone and instant. formatToParts is the cost of all wall-clock
 * arithmetic (each zonedInstant asks four times), and the same instants come back constantly: every
 * door of a building shares its zone, its midnights and its 09:00s (the Today board at 300 doors
 * spent a third of its time here). Bounded: emptied when full. Entries are frozen, so no caller can
 * change another's answer.
 */
const fieldsCache = new Map<string, LocalFields>();
const FIELDS_CACHE_MAX = 50_000;

/** Local calendar fields of an instant. weekday: 0 = Monday … 6 = Sunday. */
export function localFields(instant: number, timeZone: string): LocalFields {
  const key = `${timeZone}|${instant}`;
  const hit = fieldsCache.get(key);
  if (hit) return hit;
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) p[part.type] = part.value;
  const fields = Object.freeze({
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    minutes: Number(p.hour) * 60 + Number(p.minute),
    seconds: Number(p.second),
    weekday: WEEKDAY_INDEX[p.weekday!]!,
  });
  if (fieldsCache.size >= FIELDS_CACHE_MAX) fieldsCache.clear();
  fieldsCache.set(key, fields);
  return fields;
}

/** Offset of the zone at an instant, in ms (local − UTC). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const f = localFields(instant, timeZone);
  const asUtc = Date.UTC(f.y, f.m - 1, f.d, Math.floor(f.minutes / 60), f.minutes % 60, f.seconds);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant when the wall clock in `timeZone` shows `minutes` after midnight of `date`.
 * In a DST gap (e.g. 02:30 on spring-forward night) the result is shifted forward by the gap, as
 * clocks do; in an overlap the earlier instant is returned.
 */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d, 0, minutes);
  const before = wall - zoneOffsetMs(wall - 86_400_000, timeZone);
  const after = wall - zoneOffsetMs(wall + 86_400_000, timeZone);
  const shows = (t: number) => t + zoneOffsetMs(t, timeZone) === wall;
  const fits = [before, after].filter(shows);
  if (fits.length) return Math.min(...fits); // overlap (autumn): the earlier of the two
  return before; // gap (spring): the pre-transition offset lands after the gap, as a clock jumps
}

export const localDateOf = (instant: number, timeZone: string): LocalDate => {
  const f = localFields(instant, timeZone);
  return { y: f.y, m: f.m, d: f.d };
};

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export const compareDates = (a: LocalDate, b: LocalDate) => a.y - b.y || a.m - b.m || a.d - b.d;

/** Monday = 0 … Sunday = 6 for a calendar date (zone-independent). */
export const weekdayOf = (date: LocalDate) => (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;

export function parseLocalDate(s: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${s}`);
  const date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const back = addDays(date, 0);
  if (compareDates(back, date) !== 0) throw new Error(`not a calendar date: ${s}`);
  return date;
}

export const formatLocalDate = (d: LocalDate) =>
  `${String(d.y).padStart(4, "0")}-${String(d.m).padStart(2, "0")}-${String(d.d).padStart(2, "0")}`;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

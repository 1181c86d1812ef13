/**
 * Weekdays as Nuki stores them (nuki-web-api.md §3.6): one bit per day, Mon 64, Tue 32, Wed 16,
 * Thu 8, Fri 4, Sat 2, Sun 1. Index 0 = Monday everywhere in Portier. Client-safe: no server code.
 */
export const WEEKDAY_BITS = [64, 32, 16, 8, 4, 2, 1] as const;
export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const ALL_DAYS = 127;
export const MON_TO_FRI = 124;

export const bitOf = (weekday: number) => WEEKDAY_BITS[weekday]!;
export const hasDay = (mask: number, weekday: number) => (mask & bitOf(weekday)) !== 0;
/** Monday-first index (0–6) of a JavaScript `getDay()` (Sunday 0). */
export const mondayIndexOf = (jsDay: number) => (jsDay + 6) % 7;

export function describeWeekdays(mask: number): string {
  if (mask === ALL_DAYS || mask === 0) return "every day";
  if (mask === MON_TO_FRI) return "Mon–Fri";
  if (mask === 3) return "Sat–Sun";
  return WEEKDAY_NAMES.filter((_, i) => hasDay(mask, i)).join(", ");
}

/** Every day of the mask moved `days` later (a series dragged from Monday to Wednesday: +2), wrapping the week. */
export function shiftWeekdays(mask: number, days: number): number {
  const shift = ((days % 7) + 7) % 7;
  let out = 0;
  for (let i = 0; i < 7; i++) if (hasDay(mask, i)) out |= bitOf((i + shift) % 7);
  return out;
}

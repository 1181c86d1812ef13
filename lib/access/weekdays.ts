/** Nuki's weekday bits (§3.6): Mon 64, Tue 32, Wed 16, Thu 8, Fri 4, Sat 2, Sun 1. Index 0 = Monday. */
export const WEEKDAY_BITS = [64, 32, 16, 8, 4, 2, 1] as const;
export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const ALL_DAYS = 127;

export const bitOf = (weekday: number) => WEEKDAY_BITS[weekday]!;
export const hasDay = (mask: number, weekday: number) => (mask & bitOf(weekday)) !== 0;

export function describeWeekdays(mask: number): string {
  if (mask === ALL_DAYS || mask === 0) return "every day";
  if (mask === 124) return "Mon–Fri";
  if (mask === 3) return "Sat–Sun";
  return WEEKDAY_NAMES.filter((_, i) => hasDay(mask, i)).join(", ");
}

export const formatMinutes = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

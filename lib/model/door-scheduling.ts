/**
 * Which doors take new windows. An archived door's lock left the Nuki account (its grants are
 * stopped, nothing is sent to it); a door awaiting a site has no site clock yet, so a window's wall
 * times would mean nothing settled. Both stay listed with their history, but no picker offers them
 * for a new window. Client-safe: pages and dialogs share the rule.
 */
export type DoorPlacement = { archivedAt: Date | string | null; siteId: string | null };

export const takesNewWindows = (d: DoorPlacement) => d.archivedAt === null && d.siteId !== null;

/**
 * A site's default stay as the New-window dialog's times: check-in on `day` until check-out, the
 * next day when check-out is not later than check-in on the clock (15:00 → 11:00). Minutes of the
 * wall-clock day; null when the site has none.
 */
export function stayOnDay(
  day: { year: number; month: number; date: number },
  site: { checkInMinutes: number | null; checkOutMinutes: number | null },
): { start: Date; end: Date } | null {
  const { checkInMinutes: inMin, checkOutMinutes: outMin } = site;
  if (inMin == null || outMin == null) return null;
  const start = new Date(day.year, day.month, day.date, Math.floor(inMin / 60), inMin % 60);
  const end = new Date(day.year, day.month, day.date + (outMin <= inMin ? 1 : 0), Math.floor(outMin / 60), outMin % 60);
  return { start, end };
}

import { formatLocalDate, localDateOf, localFields } from "./zoned-time";

/**
 * One clock for every page: an instant is printed in the door's (site's) own zone and always says which
 * zone that is ("29 Nov 2026, 05:51 CET"), so the same lock entry reads the same on Activity, the door
 * page, the customer page, At risk and the portal, whatever the server's or the browser's zone.
 * Pure Intl: safe for server and client components alike.
 */
export type ZonedStyle = "date-time" | "date-time-seconds" | "time";

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, style: ZonedStyle) {
  const key = `${timeZone}|${style}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      ...(style === "time" ? {} : { day: "numeric", month: "short", year: "numeric" }),
      hour: "2-digit",
      minute: "2-digit",
      ...(style === "date-time-seconds" ? { second: "2-digit" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** The zone's short name at that instant ("CET", "CEST"); where Intl only knows an offset ("GMT+3"), the IANA name. */
export function zoneAbbreviation(at: Date | number, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(at))
    .find((p) => p.type === "timeZoneName")?.value;
  if (!part || /^(GMT|UTC)[+-]/.test(part)) return timeZone;
  return part;
}

/** "29 Nov 2026, 05:51 CET" — the instant on the wall clock of `timeZone`, with the zone stated. */
export function formatZoned(at: Date | number, timeZone: string, style: ZonedStyle = "date-time"): string {
  return `${formatter(timeZone, style).format(new Date(at))} ${zoneAbbreviation(at, timeZone)}`;
}

/** For CSV and machine-friendly cells: "2026-11-29 05:51:07" in the zone (the zone goes in its own column). */
export function formatZonedIso(at: Date | number, timeZone: string): string {
  const t = new Date(at).getTime();
  const f = localFields(t, timeZone);
  const hh = String(Math.floor(f.minutes / 60)).padStart(2, "0");
  const mm = String(f.minutes % 60).padStart(2, "0");
  return `${formatLocalDate(localDateOf(t, timeZone))} ${hh}:${mm}:${String(f.seconds).padStart(2, "0")}`;
}

/** The calendar day (yyyy-mm-dd) an instant falls on in the zone: what `?date=` links carry. */
export const zonedDate = (at: Date | number, timeZone: string) =>
  formatLocalDate(localDateOf(new Date(at).getTime(), timeZone));

/** A caption for times that are wall-clock rules rather than instants (weekly windows): "Europe/Berlin time". */
export const zoneCaption = (timeZone: string) => `${timeZone} time`;

/**
 * The building's clock for pages that are not about one door (audit, outbox): the zone most doors are in,
 * the same rule the calendar uses; UTC when there are no doors.
 */
export function buildingZone(zones: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const z of zones) counts.set(z, (counts.get(z) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "UTC";
}

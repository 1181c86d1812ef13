import { localFields, zonedInstant } from "./zoned-time";

/**
 * The calendar widget draws Dates in the *browser's* zone, but a building's windows live in the
 * building's zone. These two functions shift between them: a "wall" Date is one whose browser-local
 * fields read the wall-clock time of the building, so staff abroad still see 10:00 for a 10:00 window.
 * (A wall time inside the browser's own DST gap is moved by the browser — an accepted edge.)
 */
export function toWall(instant: Date, timeZone: string): Date {
  const f = localFields(instant.getTime(), timeZone);
  return new Date(f.y, f.m - 1, f.d, Math.floor(f.minutes / 60), f.minutes % 60, f.seconds, instant.getMilliseconds());
}

export function fromWall(wall: Date, timeZone: string): Date {
  const date = { y: wall.getFullYear(), m: wall.getMonth() + 1, d: wall.getDate() };
  return new Date(
    zonedInstant(date, wall.getHours() * 60 + wall.getMinutes(), timeZone) +
      wall.getSeconds() * 1000 +
      wall.getMilliseconds(),
  );
}

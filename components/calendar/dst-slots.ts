import type { DstWallSpan } from "@/lib/time/time-ruler";

const ymd = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * react-big-calendar's slotPropGetter for DST days: the grid works in "wall" Dates (browser-local
 * fields = the building's wall clock, see lib/time/wall-clock.ts) and draws every wall hour once,
 * so a skipped hour is hatched (it does not exist) and a repeated one tinted (it happens twice).
 * The door timeline (/timeline) draws these days by real elapsed time instead.
 */
export function dstSlotProps(spans: DstWallSpan[]) {
  return (wall: Date) => {
    if (!spans.length) return {};
    const day = ymd(wall);
    const minute = wall.getHours() * 60 + wall.getMinutes();
    const hit = spans.find((s) => s.date === day && minute >= s.fromMinute && minute < s.untilMinute);
    return hit ? { className: `dst-${hit.kind}` } : {};
  };
}

import { describe, expect, it } from "vitest";
import { dayIntervals } from "../compiler/day-intervals";
import { localDateOf } from "@/lib/time/zoned-time";
import { authCovers } from "./covers-arrival";

/** The plain definition: the lock's daily intervals of that local day (what the fast path must equal). */
const slow = (from: number, until: number, at: number, tz: string) =>
  dayIntervals(localDateOf(at, tz), from, until, tz).some((i) => at >= i.start && at < i.end);

describe("authCovers", () => {
  const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
  // Every 41 minutes across both 2026 DST changes in Europe and the US (and Lord Howe's half hour).
  const spans = [
    Date.parse("2026-03-07T00:00:00Z"),
    Date.parse("2026-03-27T00:00:00Z"),
    Date.parse("2026-10-23T00:00:00Z"),
    Date.parse("2026-10-31T00:00:00Z"),
    Date.parse("2026-04-03T00:00:00Z"),
  ];
  it.each(zones)("agrees with the lock's daily intervals around DST changes in %s", (tz) => {
    for (const [from, until] of [
      [60, 240],
      [120, 180],
      [540, 1020],
      [0, 1440],
    ] as const)
      for (const start of spans)
        for (let at = start; at < start + 4 * 86_400_000; at += 41 * 60_000) {
          const auth = {
            allowedFromDate: null,
            allowedUntilDate: null,
            allowedWeekDays: 127,
            allowedFromTime: from,
            allowedUntilTime: until,
          };
          expect(authCovers(auth, at, tz), `${tz} ${new Date(at).toISOString()} ${from}-${until}`).toBe(
            slow(from, until, at, tz),
          );
        }
  });

  it("respects the date range and the weekday mask", () => {
    const at = Date.parse("2026-11-30T10:00:00Z"); // a Monday
    const base = {
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedWeekDays: 127,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    };
    expect(authCovers(base, at, "UTC")).toBe(true);
    expect(authCovers({ ...base, allowedWeekDays: 127 - 64 }, at, "UTC")).toBe(false);
    expect(authCovers({ ...base, allowedFromDate: "2026-11-30T10:00:01Z" }, at, "UTC")).toBe(false);
    expect(authCovers({ ...base, allowedUntilDate: "2026-11-30T10:00:00Z" }, at, "UTC")).toBe(false);
  });
});

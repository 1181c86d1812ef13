import { describe, expect, it } from "vitest";
import { dayMarks, dstWallSpans, hourTicks, snap, timeOf, widthOf, xOf, zoneAbbreviation } from "./time-ruler";
import { zonedInstant } from "./zoned-time";

const HOUR = 3_600_000;
const midnight = (y: number, m: number, d: number, tz: string) => zonedInstant({ y, m, d }, 0, tz);

describe("hour ruler on DST days (labels on the wall clock, x by elapsed time)", () => {
  it("Berlin spring-forward (29 Mar 2026): 23 ticks, no 02:00, one 'skipped' mark at 01:00 UTC", () => {
    const from = midnight(2026, 3, 29, "Europe/Berlin");
    const to = midnight(2026, 3, 30, "Europe/Berlin");
    expect((to - from) / HOUR).toBe(23);
    const { ticks, marks } = hourTicks(from, to, "Europe/Berlin");
    expect(ticks.map((t) => t.label)).not.toContain("02:00");
    expect(ticks).toHaveLength(23);
    expect(ticks.slice(0, 4).map((t) => t.label)).toEqual(["00:00", "01:00", "03:00", "04:00"]);
    expect(marks).toEqual([
      {
        kind: "skipped",
        at: Date.parse("2026-03-29T01:00:00Z"),
        text: "02:00–03:00 does not exist (clocks go forward to CEST)",
      },
    ]);
    expect(ticks.every((t) => t.repeated === null)).toBe(true);
  });

  it("Berlin fall-back (25 Oct 2026): 25 ticks, 02:00 twice as CEST and CET", () => {
    const from = midnight(2026, 10, 25, "Europe/Berlin");
    const to = midnight(2026, 10, 26, "Europe/Berlin");
    const { ticks, marks } = hourTicks(from, to, "Europe/Berlin");
    expect(ticks).toHaveLength(25);
    const twos = ticks.filter((t) => t.label === "02:00");
    expect(twos.map((t) => [new Date(t.at).toISOString(), t.repeated])).toEqual([
      ["2026-10-25T00:00:00.000Z", "CEST"],
      ["2026-10-25T01:00:00.000Z", "CET"],
    ]);
    expect(marks.map((m) => [m.kind, m.text])).toEqual([
      ["repeated", "02:00–03:00 happens twice (clocks go back to CET)"],
    ]);
  });

  it("New York spring-forward (8 Mar 2026) skips 02:00 and fall-back (1 Nov 2026) repeats 01:00", () => {
    const tz = "America/New_York";
    const spring = hourTicks(midnight(2026, 3, 8, tz), midnight(2026, 3, 9, tz), tz);
    expect(spring.ticks.map((t) => t.label).slice(0, 3)).toEqual(["00:00", "01:00", "03:00"]);
    expect(spring.marks[0]?.text).toBe("02:00–03:00 does not exist (clocks go forward to EDT)");
    const fall = hourTicks(midnight(2026, 11, 1, tz), midnight(2026, 11, 2, tz), tz);
    expect(fall.ticks).toHaveLength(25);
    expect(fall.ticks.filter((t) => t.repeated).map((t) => `${t.label} ${t.repeated}`)).toEqual([
      "01:00 EDT",
      "01:00 EST",
    ]);
  });

  it("an ordinary day has 24 ticks on the hour and no marks; a +05:30 zone ticks at local whole hours", () => {
    const tz = "Europe/Berlin";
    const { ticks, marks } = hourTicks(midnight(2026, 12, 1, tz), midnight(2026, 12, 2, tz), tz);
    expect(ticks).toHaveLength(24);
    expect(marks).toEqual([]);
    const kolkata = hourTicks(Date.parse("2026-12-01T00:00:00Z"), Date.parse("2026-12-01T03:00:00Z"), "Asia/Kolkata");
    expect(kolkata.ticks.map((t) => [new Date(t.at).toISOString(), t.label])).toEqual([
      ["2026-12-01T00:30:00.000Z", "06:00"],
      ["2026-12-01T01:30:00.000Z", "07:00"],
      ["2026-12-01T02:30:00.000Z", "08:00"],
    ]);
  });

  it("day marks carry each day's real length (23 h, 24 h, 25 h)", () => {
    const tz = "Europe/Berlin";
    const days = dayMarks(midnight(2026, 3, 28, tz), midnight(2026, 3, 31, tz), tz);
    expect(days.map((d) => [d.label, d.hours])).toEqual([
      ["Sat 28 Mar", 24],
      ["Sun 29 Mar", 23],
      ["Mon 30 Mar", 24],
    ]);
    const autumn = dayMarks(midnight(2026, 10, 25, tz), midnight(2026, 10, 26, tz), tz);
    expect(autumn.map((d) => d.hours)).toEqual([25]);
  });
});

describe("time scale", () => {
  it("a bar's width is its real length: 02:00–04:00 wall on fall-back night is 3 h wide", () => {
    const tz = "Europe/Berlin";
    const from = midnight(2026, 10, 25, tz);
    const s = { from, to: from + 25 * HOUR, pxPerHour: 40 };
    const start = zonedInstant({ y: 2026, m: 10, d: 25 }, 60, tz); // 01:00 CEST
    const end = zonedInstant({ y: 2026, m: 10, d: 25 }, 240, tz); // 04:00 CET
    expect(xOf(s, end) - xOf(s, start)).toBe(4 * 40);
    expect(widthOf(s)).toBe(25 * 40);
    expect(timeOf(s, xOf(s, start))).toBe(start);
  });

  it("snaps to 15 minutes by default, and to any step", () => {
    const t = Date.parse("2026-12-01T10:07:00Z");
    expect(new Date(snap(t)).toISOString()).toBe("2026-12-01T10:00:00.000Z");
    expect(new Date(snap(t + 60_000)).toISOString()).toBe("2026-12-01T10:15:00.000Z");
    expect(new Date(snap(t, HOUR)).toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });

  it("names zones by their abbreviation at the instant", () => {
    expect(zoneAbbreviation(Date.parse("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("CEST");
    expect(zoneAbbreviation(Date.parse("2026-12-01T12:00:00Z"), "Europe/Berlin")).toBe("CET");
  });
});

describe("dstWallSpans (what a wall-clock grid must mark)", () => {
  it("names the skipped and the repeated wall hour with their local date", () => {
    const tz = "Europe/Berlin";
    expect(dstWallSpans(midnight(2026, 3, 28, tz), midnight(2026, 3, 31, tz), tz)).toEqual([
      {
        kind: "skipped",
        date: "2026-03-29",
        fromMinute: 120,
        untilMinute: 180,
        text: "02:00–03:00 does not exist (clocks go forward to CEST)",
      },
    ]);
    expect(
      dstWallSpans(
        midnight(2026, 11, 1, "America/New_York"),
        midnight(2026, 11, 2, "America/New_York"),
        "America/New_York",
      ),
    ).toMatchObject([{ kind: "repeated", date: "2026-11-01", fromMinute: 60, untilMinute: 120 }]);
    expect(dstWallSpans(midnight(2026, 12, 1, tz), midnight(2026, 12, 8, tz), tz)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { addDays, localFields, parseLocalDate, weekdayOf, zonedInstant } from "@/lib/time/zoned-time";

const iso = (t: number) => new Date(t).toISOString();

describe("zonedInstant", () => {
  it("converts ordinary wall times in winter and summer", () => {
    expect(iso(zonedInstant({ y: 2026, m: 1, d: 5 }, 480, "Europe/Berlin"))).toBe("2026-01-05T07:00:00.000Z");
    expect(iso(zonedInstant({ y: 2026, m: 7, d: 6 }, 480, "Europe/Berlin"))).toBe("2026-07-06T06:00:00.000Z");
    expect(iso(zonedInstant({ y: 2026, m: 7, d: 6 }, 480, "America/New_York"))).toBe("2026-07-06T12:00:00.000Z");
    expect(iso(zonedInstant({ y: 2026, m: 1, d: 5 }, 1440, "Europe/Berlin"))).toBe("2026-01-05T23:00:00.000Z");
  });
  it("shifts a time in the spring-forward gap forward, like a clock", () => {
    // Berlin 2026-03-29: 02:00 → 03:00. 02:30 does not exist; 03:30 CEST = 01:30Z.
    expect(iso(zonedInstant({ y: 2026, m: 3, d: 29 }, 150, "Europe/Berlin"))).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(zonedInstant({ y: 2026, m: 3, d: 29 }, 180, "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
  });
  it("takes the earlier instant in the autumn overlap", () => {
    // Berlin 2026-10-25: 03:00 → 02:00; 02:30 happens twice, first at 00:30Z.
    expect(iso(zonedInstant({ y: 2026, m: 10, d: 25 }, 150, "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
  });
  it("round-trips through localFields for every quarter hour of a DST week", () => {
    for (let day = 0; day < 7; day++) {
      const date = addDays({ y: 2026, m: 3, d: 26 }, day);
      for (let min = 0; min < 1440; min += 15) {
        const t = zonedInstant(date, min, "Europe/Berlin");
        const f = localFields(t, "Europe/Berlin");
        const inGap = date.d === 29 && min >= 120 && min < 180;
        if (!inGap) expect({ d: f.d, minutes: f.minutes }).toEqual({ d: date.d, minutes: min });
      }
    }
  });
});

describe("calendar helpers", () => {
  it("knows weekdays and validates dates", () => {
    expect(weekdayOf({ y: 2026, m: 1, d: 5 })).toBe(0); // Monday
    expect(weekdayOf({ y: 2026, m: 1, d: 11 })).toBe(6); // Sunday
    expect(() => parseLocalDate("2026-02-30")).toThrow();
    expect(parseLocalDate("2026-02-28")).toEqual({ y: 2026, m: 2, d: 28 });
  });
});

describe("localFields' cache", () => {
  it("answers per zone and instant, and no caller can change a remembered answer", () => {
    const t = Date.UTC(2026, 2, 29, 0, 30); // 01:30 CET in Berlin, 20:30 the day before in New York
    const berlin = localFields(t, "Europe/Berlin");
    expect(localFields(t, "America/New_York")).toMatchObject({ d: 28, minutes: 20 * 60 + 30 });
    expect(localFields(t, "Europe/Berlin")).toBe(berlin);
    expect(berlin).toMatchObject({ d: 29, minutes: 90 });
    expect(Object.isFrozen(berlin)).toBe(true);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { buildingZone, formatZoned, formatZonedIso, zoneAbbreviation, zonedDate } from "./format-zoned";

const before = process.env.TZ;
afterAll(() => {
  process.env.TZ = before;
});

describe("one clock: instants printed in the door's zone, with the zone stated", () => {
  const entry = new Date("2026-11-29T04:51:07Z"); // 05:51 in Berlin (winter), the example

  for (const server of ["UTC", "America/New_York", "Asia/Tokyo"]) {
    it(`prints Berlin wall time whatever the server's zone (${server})`, () => {
      process.env.TZ = server;
      expect(formatZoned(entry, "Europe/Berlin")).toBe("29 Nov 2026, 05:51 CET");
      expect(formatZoned(entry, "Europe/Berlin", "date-time-seconds")).toBe("29 Nov 2026, 05:51:07 CET");
      expect(formatZoned(entry, "Europe/Berlin", "time")).toBe("05:51 CET");
      expect(formatZonedIso(entry, "Europe/Berlin")).toBe("2026-11-29 05:51:07");
    });
  }

  it("names summer time and other zones", () => {
    const summer = new Date("2026-07-01T16:30:00Z");
    expect(formatZoned(summer, "Europe/Berlin")).toBe("1 Jul 2026, 18:30 CEST");
    expect(formatZoned(summer, "UTC")).toBe("1 Jul 2026, 16:30 UTC");
    expect(formatZoned(summer, "America/New_York", "time")).toMatch(/^12:30 (EDT|GMT-4|America\/New_York)$/);
  });

  it("falls back to the IANA name where Intl only knows an offset", () => {
    expect(zoneAbbreviation(new Date("2026-07-01T00:00:00Z"), "Asia/Dubai")).toMatch(/^(GST|Asia\/Dubai)$/);
    expect(zoneAbbreviation(new Date("2026-07-01T00:00:00Z"), "Asia/Dubai")).not.toMatch(/^GMT[+-]/);
  });

  it("gives the local calendar day, not the UTC one", () => {
    expect(zonedDate(new Date("2026-11-29T23:30:00Z"), "Europe/Berlin")).toBe("2026-11-30");
    expect(zonedDate(new Date("2026-11-29T23:30:00Z"), "UTC")).toBe("2026-11-29");
  });

  it("picks the zone most doors are in", () => {
    expect(buildingZone(["Europe/Berlin", "UTC", "Europe/Berlin"])).toBe("Europe/Berlin");
    expect(buildingZone([])).toBe("UTC");
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { fromWall, toWall } from "./wall-clock";

const before = process.env.TZ;
afterAll(() => {
  process.env.TZ = before;
});

describe("wall-clock shift (calendar drawn in the building's zone, whatever the browser's)", () => {
  for (const browser of ["America/New_York", "Asia/Tokyo", "Europe/Berlin", "UTC"]) {
    it(`shows Berlin wall time in a ${browser} browser and maps it back exactly`, () => {
      process.env.TZ = browser;
      const instant = new Date("2026-12-02T09:00:00Z"); // 10:00 in Berlin (winter)
      const wall = toWall(instant, "Europe/Berlin");
      expect([wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes()]).toEqual([
        2026, 11, 2, 10, 0,
      ]);
      expect(fromWall(wall, "Europe/Berlin").toISOString()).toBe(instant.toISOString());
      const summer = new Date("2026-07-01T16:30:00Z"); // 18:30 in Berlin
      expect(toWall(summer, "Europe/Berlin").getHours()).toBe(18);
      expect(fromWall(toWall(summer, "Europe/Berlin"), "Europe/Berlin").toISOString()).toBe(summer.toISOString());
    });
  }
});

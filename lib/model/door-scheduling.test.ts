import { describe, expect, it } from "vitest";
import { stayOnDay, takesNewWindows } from "./door-scheduling";

describe("which doors take new windows", () => {
  it("only a door in a site and not archived", () => {
    expect(takesNewWindows({ archivedAt: null, siteId: "s" })).toBe(true);
    expect(takesNewWindows({ archivedAt: new Date(), siteId: "s" })).toBe(false);
    expect(takesNewWindows({ archivedAt: null, siteId: null })).toBe(false);
  });
});

describe("a site's stay as the New-window dialog's default", () => {
  const day = { year: 2026, month: 10, date: 29 }; // 29 Nov 2026 (wall clock)
  it("check-in on the day until check-out the next day when check-out is earlier on the clock", () => {
    const s = stayOnDay(day, { checkInMinutes: 15 * 60, checkOutMinutes: 11 * 60 })!;
    expect([s.start.getDate(), s.start.getHours(), s.start.getMinutes()]).toEqual([29, 15, 0]);
    expect([s.end.getDate(), s.end.getHours(), s.end.getMinutes()]).toEqual([30, 11, 0]);
  });
  it("the same day when check-out is later (a day-use room), and across a month's end", () => {
    const s = stayOnDay(day, { checkInMinutes: 8 * 60 + 30, checkOutMinutes: 18 * 60 })!;
    expect([s.start.getDate(), s.start.getHours(), s.start.getMinutes(), s.end.getDate(), s.end.getHours()]).toEqual([
      29, 8, 30, 29, 18,
    ]);
    const last = stayOnDay({ year: 2026, month: 10, date: 30 }, { checkInMinutes: 900, checkOutMinutes: 600 })!;
    expect([last.end.getMonth(), last.end.getDate()]).toEqual([11, 1]);
  });
  it("none when the site has no times", () => {
    expect(stayOnDay(day, { checkInMinutes: null, checkOutMinutes: 660 })).toBeNull();
  });
});

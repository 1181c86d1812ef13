import { describe, expect, it } from "vitest";
import { compileSchedule } from "./compile";
import type { WindowSpec } from "./window-spec";

const TZ = "Europe/Berlin";
const t = (s: string) => Date.parse(s);
const NOW = t("2026-01-05T06:00:00Z"); // Monday 07:00 in Berlin

describe("compileSchedule", () => {
  it("gives nothing to hold without windows, or when all are past", () => {
    expect(compileSchedule({ windows: [], timeZone: TZ, now: NOW })).toMatchObject({
      current: null,
      nextChangeAt: null,
      segments: [],
    });
    const past: WindowSpec = { kind: "once", startsAt: t("2026-01-01T08:00:00Z"), endsAt: t("2026-01-01T09:00:00Z") };
    expect(compileSchedule({ windows: [past], timeZone: TZ, now: NOW }).current).toBeNull();
  });

  it("holds a single one-off window as one date-range auth, pre-loaded before it starts", () => {
    const w: WindowSpec = { kind: "once", startsAt: t("2026-01-07T13:00:00Z"), endsAt: t("2026-01-09T17:00:00Z") };
    const c = compileSchedule({ windows: [w], timeZone: TZ, now: NOW });
    expect(c.current).toEqual({
      allowedFromDate: "2026-01-07T13:00:00.000Z",
      allowedUntilDate: "2026-01-09T17:00:00.000Z",
      allowedWeekDays: 127,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    });
    expect(c.nextChangeAt).toBe(w.endsAt);
    expect(c.rotates).toBe(false);
  });

  it("holds a weekly pattern as one auth with weekday bits and lock-local minutes", () => {
    const w: WindowSpec = {
      kind: "weekly",
      weekdays: 64 | 16,
      fromMinute: 480,
      untilMinute: 600,
      startsOn: { y: 2026, m: 1, d: 5 },
      endsOn: { y: 2026, m: 1, d: 30 },
    };
    const c = compileSchedule({ windows: [w], timeZone: TZ, now: NOW });
    expect(c.segments).toHaveLength(1);
    expect(c.current).toEqual({
      allowedFromDate: "2026-01-05T07:00:00.000Z",
      allowedUntilDate: "2026-01-28T09:00:00.000Z",
      allowedWeekDays: 80,
      allowedFromTime: 480,
      allowedUntilTime: 600,
    });
    expect(c.currentSegment!.occurrences).toBe(8);
  });

  it("rotates two windows on the same day: the second is pushed as the first ends", () => {
    const a: WindowSpec = { kind: "once", startsAt: t("2026-01-05T07:00:00Z"), endsAt: t("2026-01-05T08:00:00Z") };
    const b: WindowSpec = { kind: "once", startsAt: t("2026-01-05T13:00:00Z"), endsAt: t("2026-01-05T14:00:00Z") };
    const c = compileSchedule({ windows: [b, a], timeZone: TZ, now: NOW });
    expect(c.rotates).toBe(true);
    expect(c.segments.map((s) => [s.activeFrom, s.activeUntil])).toEqual([
      [NOW, a.endsAt],
      [a.endsAt, b.endsAt],
    ]);
    expect(c.current!.allowedFromDate).toBe("2026-01-05T07:00:00.000Z");
  });

  it("folds same-time one-offs into one pattern when the lock would allow exactly them, not across a gap", () => {
    const day = (d: number): WindowSpec => ({
      kind: "once",
      startsAt: t(`2026-01-${String(d).padStart(2, "0")}T08:00:00Z`),
      endsAt: t(`2026-01-${String(d).padStart(2, "0")}T10:00:00Z`),
    });
    // Tue 6, Wed 7, Thu 8 and Sat 10: one state (Tue/Wed/Thu/Sat 09:00–11:00, 6th–10th) is exact.
    expect(
      compileSchedule({ windows: [day(6), day(7), day(8), day(10)], timeZone: TZ, now: NOW }).segments.map((s) => [
        s.kind,
        s.occurrences,
      ]),
    ).toEqual([["pattern", 4]]);
    // Adding Wed 14 would also open Tue 13 under that mask: not exact, so it rotates.
    const c = compileSchedule({ windows: [day(6), day(7), day(8), day(14)], timeZone: TZ, now: NOW });
    expect(c.segments.map((s) => [s.kind, s.occurrences])).toEqual([
      ["pattern", 3],
      ["once", 1],
    ]);
  });

  it("splits a weekly pattern around a one-off on another day", () => {
    const weekly: WindowSpec = {
      kind: "weekly",
      weekdays: 64,
      fromMinute: 480,
      untilMinute: 600,
      startsOn: { y: 2026, m: 1, d: 5 },
      endsOn: { y: 2026, m: 2, d: 2 },
    };
    const once: WindowSpec = { kind: "once", startsAt: t("2026-01-14T13:00:00Z"), endsAt: t("2026-01-14T15:00:00Z") };
    const c = compileSchedule({ windows: [weekly, once], timeZone: TZ, now: NOW });
    expect(c.segments.map((s) => [s.kind, s.occurrences])).toEqual([
      ["pattern", 2],
      ["once", 1],
      ["pattern", 3],
    ]);
  });

  it("keeps the window currently in progress on the lock", () => {
    const w: WindowSpec = { kind: "once", startsAt: t("2026-01-05T05:00:00Z"), endsAt: t("2026-01-05T09:00:00Z") };
    expect(compileSchedule({ windows: [w], timeZone: TZ, now: NOW }).current!.allowedUntilDate).toBe(
      "2026-01-05T09:00:00.000Z",
    );
  });

  it("stays one pattern across a DST change, because the lock counts local minutes", () => {
    const w: WindowSpec = {
      kind: "weekly",
      weekdays: 1,
      fromMinute: 480,
      untilMinute: 600,
      startsOn: { y: 2026, m: 3, d: 15 },
      endsOn: { y: 2026, m: 4, d: 12 },
    };
    const c = compileSchedule({ windows: [w], timeZone: TZ, now: t("2026-03-10T00:00:00Z") });
    expect(c.segments).toHaveLength(1);
    expect(c.current).toMatchObject({
      allowedFromDate: "2026-03-15T07:00:00.000Z",
      allowedUntilDate: "2026-04-12T08:00:00.000Z",
      allowedWeekDays: 1,
    });
  });

  it("holds an open-ended weekly series as one pattern over the whole horizon (checked step by step, not re-expanded)", () => {
    const w: WindowSpec = {
      kind: "weekly",
      weekdays: 124,
      fromMinute: 1080,
      untilMinute: 1380,
      startsOn: { y: 2026, m: 1, d: 5 },
      endsOn: null,
    };
    const c = compileSchedule({ windows: [w], timeZone: TZ, now: NOW });
    expect(c.segments).toHaveLength(1);
    expect(c.current).toMatchObject({ allowedWeekDays: 124, allowedFromTime: 1080, allowedUntilTime: 1380 });
    expect(c.segments[0]!.occurrences).toBeGreaterThan(280); // 400 days of Mon–Fri, DST changes included
  });

  it("'every day, all day, ongoing' that has begun is Nuki's unrestricted auth, whatever else is scheduled", () => {
    const always: WindowSpec = {
      kind: "weekly",
      weekdays: 127,
      fromMinute: 0,
      untilMinute: 1440,
      startsOn: { y: 2026, m: 1, d: 5 },
      endsOn: null,
    };
    const once: WindowSpec = { kind: "once", startsAt: t("2026-01-07T13:00:00Z"), endsAt: t("2026-01-09T17:00:00Z") };
    const c = compileSchedule({ windows: [once, always], timeZone: TZ, now: NOW });
    expect(c.current).toEqual({
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedWeekDays: 127,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    });
    expect(c.nextChangeAt).toBeNull();
    expect(c.rotates).toBe(false);
    // Not yet begun, or with a last day: the usual date-bounded compilation.
    const later = { ...always, startsOn: { y: 2026, m: 1, d: 6 } };
    expect(compileSchedule({ windows: [later], timeZone: TZ, now: NOW }).current?.allowedFromDate).not.toBeNull();
    const bounded = { ...always, endsOn: { y: 2026, m: 2, d: 1 } };
    expect(compileSchedule({ windows: [bounded], timeZone: TZ, now: NOW }).current?.allowedUntilDate).not.toBeNull();
  });
});

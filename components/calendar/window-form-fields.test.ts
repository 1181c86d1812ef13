import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDateTimeText, parseDateText, parseDateTimeText } from "./date-time-text";
import { fieldsOf, specOf, type WindowFields } from "./window-form-fields";

const TZ = "Europe/Berlin";
const once = (start: string, end: string): WindowFields => ({
  kind: "once",
  start,
  end,
  weekdays: 124,
  from: "08:00",
  until: "18:00",
  startsOn: "2026-03-02",
  endsOn: "",
});

describe("typed dates and times", () => {
  it("reads the building's wall clock, with or without the T", () => {
    expect(parseDateTimeText("2026-03-14 09:30", TZ)?.toISOString()).toBe("2026-03-14T08:30:00.000Z");
    expect(parseDateTimeText("2026-03-14T09:30", TZ)?.toISOString()).toBe("2026-03-14T08:30:00.000Z");
    expect(parseDateTimeText("2026-3-4 9:30", TZ)?.toISOString()).toBe("2026-03-04T08:30:00.000Z");
    expect(parseDateTimeText("2026-03-14 24:00", TZ, { end: true })?.toISOString()).toBe("2026-03-14T23:00:00.000Z");
    expect(formatDateTimeText("2026-03-14T08:30:00Z", TZ)).toBe("2026-03-14 09:30");
  });

  it("refuses what the crash reports typed: a fifth year digit, month 13, a half-deleted value", () => {
    for (const bad of [
      "02026-03-14 09:30",
      "20261-03-14 09:30",
      "2026-13-01 09:30",
      "2026-02-30 09:30",
      "2026-03-1",
      "2026-03-14 0",
      "2026-03-14 09:",
      "",
      " ",
      "T",
      "2026-03-14 24:00",
    ])
      expect(parseDateTimeText(bad, TZ), bad).toBeNull();
    expect(parseDateText("2026-02-29")).toBeNull();
    expect(parseDateText("2028-02-29")).toBe("2028-02-29");
  });

  it("never throws and never yields an Invalid Date, whatever is typed", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), fc.string({ maxLength: 24 }), (a, b) => {
        const d = parseDateTimeText(a, TZ);
        if (d) expect(Number.isFinite(d.getTime())).toBe(true);
        const r = specOf(once(a, b), TZ);
        if (r.spec?.kind === "once") expect(r.spec.endsAt.getTime()).toBeGreaterThan(r.spec.startsAt.getTime());
        const w = specOf({ ...once(a, b), kind: "weekly", from: a, until: b, startsOn: a, endsOn: b }, TZ);
        expect(w.spec === null || w.spec.kind === "weekly").toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Digits and separators only: closer to what a person types.
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 :T-]{0,20}$/), (a) => {
        expect(() => specOf(once(a, a), TZ)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the dialog's fields", () => {
  it("explain each wrong field in words, and only the fields of the chosen kind", () => {
    const r = specOf(once("2026-03-14 10:00", "2026-03-14 09:00"), TZ);
    expect(r.spec).toBeNull();
    expect(r.errors).toEqual({ end: "The window must end after it starts." });
    const w = specOf({ ...once("junk", "junk"), kind: "weekly", weekdays: 0, until: "07:00" }, TZ);
    expect(Object.keys(w.errors).sort()).toEqual(["until", "weekdays"]);
  });

  it('a weekly "until 00:00" is midnight at the end of the day', () => {
    const r = specOf({ ...once("", ""), kind: "weekly", from: "18:00", until: "00:00" }, TZ);
    expect(r.spec).toMatchObject({ kind: "weekly", fromMinute: 1080, untilMinute: 1440 });
  });

  it("round-trips a window through its fields", () => {
    const spec = {
      kind: "once" as const,
      startsAt: new Date("2026-03-14T08:30:00Z"),
      endsAt: new Date("2026-03-14T10:00:00Z"),
    };
    expect(specOf(fieldsOf(spec, TZ), TZ).spec).toEqual(spec);
    const weekly = {
      kind: "weekly" as const,
      weekdays: 20,
      fromMinute: 480,
      untilMinute: 1440,
      startsOn: "2026-03-02",
      endsOn: null,
    };
    expect(specOf(fieldsOf(weekly, TZ), TZ).spec).toEqual(weekly);
  });
});

import { describe, expect, it } from "vitest";
import { specOf, windowShape } from "./window-row";

const base = {
  id: "w1",
  startsAt: new Date("2026-03-02T08:00:00Z"),
  endsAt: null as Date | null,
  weekdays: null as number | null,
  fromMinute: null as number | null,
  untilMinute: null as number | null,
  seriesStart: null as string | null,
  seriesEnd: null as string | null,
};

describe("window row mapping", () => {
  it("maps a one-off row to a spec", () => {
    const endsAt = new Date("2026-03-02T10:00:00Z");
    expect(specOf({ ...base, kind: "once", endsAt })).toEqual({
      id: "w1",
      kind: "once",
      startsAt: base.startsAt.getTime(),
      endsAt: endsAt.getTime(),
    });
  });

  it("maps a weekly row to a spec", () => {
    const row = {
      ...base,
      kind: "weekly" as const,
      weekdays: 3,
      fromMinute: 60,
      untilMinute: 1440,
      seriesStart: "2026-03-02",
    };
    expect(specOf(row)).toMatchObject({ kind: "weekly", weekdays: 3, fromMinute: 60, untilMinute: 1440, endsOn: null });
  });

  it("fails loudly on a row the constraints would have refused", () => {
    expect(() => windowShape({ ...base, kind: "once" })).toThrow(/without an end/);
    expect(() => windowShape({ ...base, kind: "weekly", weekdays: 1 })).toThrow(/weekly window without/);
  });
});

import { describe, expect, it } from "vitest";
import { authAllows } from "@/lib/nuki/lock-semantics";
import { parseLocalDate } from "@/lib/time/zoned-time";
import { compileSchedule } from "../compiler/compile";
import { windowOccurrences } from "../compiler/occurrences";
import type { WindowSpec } from "../compiler/window-spec";
import { type LockRestriction, windowsForRestriction } from "./restriction-windows";

const TZ = "Europe/Berlin";
const NOW = Date.parse("2026-03-20T09:17:00Z"); // a Friday, ten days before the spring DST change
const HOUR = 3_600_000;

const r = (o: Partial<LockRestriction>): LockRestriction => ({
  allowedFromDate: null,
  allowedUntilDate: null,
  allowedWeekDays: 0,
  allowedFromTime: 0,
  allowedUntilTime: 0,
  ...o,
});

function specs(restriction: LockRestriction): WindowSpec[] {
  const out = windowsForRestriction(restriction, TZ, NOW);
  if (!out.ok) throw new Error(out.reason);
  return out.windows.map((w) =>
    w.kind === "once"
      ? { kind: "once", startsAt: w.startsAt.getTime(), endsAt: w.endsAt.getTime() }
      : {
          kind: "weekly",
          weekdays: w.weekdays,
          fromMinute: w.fromMinute,
          untilMinute: w.untilMinute,
          startsOn: parseLocalDate(w.startsOn),
          endsOn: w.endsOn ? parseLocalDate(w.endsOn) : null,
        },
  );
}

/** Every 7 minutes over 40 days from now: the windows allow exactly what the lock's restriction allows. */
function expectSameAccess(restriction: LockRestriction) {
  const windows = specs(restriction);
  const end = NOW + 40 * 24 * HOUR;
  const occ = windows.flatMap((w) => windowOccurrences(w, TZ, NOW, end));
  const mismatches: string[] = [];
  for (let t = NOW; t < end; t += 7 * 60_000) {
    const lock = authAllows({ enabled: true, ...restriction }, t, TZ);
    const ours = occ.some((o) => o.start <= t && t < o.end);
    if (lock !== ours) mismatches.push(`${new Date(t).toISOString()} lock=${lock} windows=${ours}`);
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  return windows;
}

describe("an auth's time restriction as access windows", () => {
  it("unrestricted → every day, all day, ongoing from today, which compiles back to an unrestricted auth", () => {
    const windows = expectSameAccess(r({}));
    expect(windows).toEqual([
      {
        kind: "weekly",
        weekdays: 127,
        fromMinute: 0,
        untilMinute: 1440,
        startsOn: parseLocalDate("2026-03-20"),
        endsOn: null,
      },
    ]);
    const compiled = compileSchedule({ windows, timeZone: TZ, now: NOW });
    expect(compiled.current).toEqual(r({ allowedWeekDays: 127 }));
    expect(compiled.nextChangeAt).toBeNull();
  });

  it("a date range, all day → one one-off window", () => {
    const restriction = r({
      allowedFromDate: "2026-03-25T10:30:00.000Z",
      allowedUntilDate: "2026-04-02T16:00:00.000Z",
    });
    const windows = expectSameAccess(restriction);
    expect(windows).toHaveLength(1);
    expect(windows[0]!.kind).toBe("once");
  });

  it("weekdays and daily times within dates that cut into a day (across the DST change)", () => {
    expectSameAccess(
      r({
        allowedFromDate: "2026-03-23T09:00:00.000Z",
        allowedUntilDate: "2026-04-17T13:00:00.000Z",
        allowedWeekDays: 64 + 16 + 4, // Mon, Wed, Fri
        allowedFromTime: 8 * 60,
        allowedUntilTime: 17 * 60 + 30,
      }),
    );
  });

  it("weekly times without dates, already begun", () => {
    const windows = expectSameAccess(r({ allowedWeekDays: 2 + 1, allowedFromTime: 600, allowedUntilTime: 1080 }));
    expect(windows).toHaveLength(1);
  });

  it("a daily window across midnight → two parts on the same weekdays, as the lock evaluates it", () => {
    const windows = expectSameAccess(r({ allowedWeekDays: 8 + 4, allowedFromTime: 22 * 60, allowedUntilTime: 6 * 60 }));
    expect(windows).toHaveLength(2);
  });

  it("an ongoing everyday range that starts later, at an odd minute", () => {
    expectSameAccess(r({ allowedFromDate: "2026-03-22T14:45:00.000Z" }));
  });

  it("refuses what opens nothing: an ended validity, an empty daily window", () => {
    expect(windowsForRestriction(r({ allowedUntilDate: "2026-03-01T00:00:00.000Z" }), TZ, NOW)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("ended"),
    });
    expect(windowsForRestriction(r({ allowedFromTime: 600, allowedUntilTime: 600 }), TZ, NOW).ok).toBe(false);
  });
});

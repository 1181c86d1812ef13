import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authAllows } from "@/lib/nuki/lock-semantics";
import { addDays } from "@/lib/time/zoned-time";
import { compileSchedule } from "./compile";
import { windowOccurrences } from "./occurrences";
import type { WindowSpec } from "./window-spec";

const ZONES = ["Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "UTC"];
const BASE = Date.parse("2026-03-20T00:00:00Z"); // spans both hemispheres' DST changes within the horizon
const DAY = 86_400_000;
const HORIZON = 50 * DAY;

const minute = fc.integer({ min: 0, max: 47 }).map((q) => q * 30);
const onceArb = fc
  .record({
    startDay: fc.integer({ min: 0, max: 40 }),
    startMin: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
    lengthMin: fc.integer({ min: 1, max: 40 * 24 * 4 }).map((q) => q * 15),
  })
  .map(
    ({ startDay, startMin, lengthMin }): WindowSpec => ({
      kind: "once",
      startsAt: BASE + startDay * DAY + startMin * 60_000,
      endsAt: BASE + startDay * DAY + (startMin + lengthMin) * 60_000,
    }),
  );
const weeklyArb = fc
  .record({
    weekdays: fc.integer({ min: 1, max: 127 }),
    from: minute,
    len: fc.integer({ min: 1, max: 16 }).map((q) => q * 30),
    startOffset: fc.integer({ min: -5, max: 30 }),
    days: fc.option(fc.integer({ min: 0, max: 45 }), { nil: null }),
  })
  .map(({ weekdays, from, len, startOffset, days }): WindowSpec => {
    const startsOn = addDays({ y: 2026, m: 3, d: 20 }, startOffset);
    return {
      kind: "weekly",
      weekdays,
      fromMinute: from,
      untilMinute: Math.min(1440, from + len),
      startsOn,
      endsOn: days === null ? null : addDays(startsOn, days),
    };
  });
const windowsArb = fc.array(fc.oneof(onceArb, weeklyArb), { minLength: 0, maxLength: 5 });

/**
 * Safety and liveness together: at every sampled instant, the state Portier would have on the lock
 * at that moment lets the customer in if and only if some window covers that instant. The lock's
 * decision is computed by lock-semantics.ts (the simulator's evaluator), independently of the compiler.
 */
function checkExactness(windows: WindowSpec[], timeZone: string, now: number, samples: number[]) {
  const compiled = compileSchedule({ windows, timeZone, now, horizonMs: HORIZON });
  const inWindow = (at: number) => windows.some((w) => windowOccurrences(w, timeZone, at, at + 1).length > 0);
  for (const at of samples) {
    if (at < now || at >= now + HORIZON - DAY) continue;
    const seg = compiled.segments.find((s) => s.activeFrom <= at && at < s.activeUntil);
    const lockSays = seg ? authAllows({ enabled: true, ...seg.restriction }, at, timeZone) : false;
    if (lockSays !== inWindow(at)) {
      throw new Error(
        `${timeZone} at ${new Date(at).toISOString()}: lock ${lockSays ? "allows" : "refuses"}, windows say ${inWindow(at)}; segment ${JSON.stringify(seg?.restriction)}`,
      );
    }
  }
  // Segments follow one another without gaps or overlaps in time.
  for (let i = 1; i < compiled.segments.length; i++)
    expect(compiled.segments[i]!.activeFrom).toBe(compiled.segments[i - 1]!.activeUntil);
}

describe("compileSchedule (property)", () => {
  for (const tz of ZONES) {
    it(`the lock allows exactly the windows, in ${tz}`, () => {
      fc.assert(
        fc.property(
          windowsArb,
          fc.integer({ min: 0, max: 10 * 96 }),
          fc.array(fc.integer({ min: 0, max: 45 * 96 }), { minLength: 20, maxLength: 40 }),
          (windows, nowQ, sampleQ) => {
            const now = BASE + nowQ * 15 * 60_000;
            const samples = sampleQ.map((q) => BASE + q * 15 * 60_000 + 7 * 60_000);
            // Boundaries are where bugs live: every occurrence edge, ±1 minute.
            for (const w of windows)
              for (const o of windowOccurrences(w, tz, now, now + 45 * DAY))
                samples.push(o.start, o.end - 60_000, o.end, o.start - 60_000);
            checkExactness(windows, tz, now, samples);
          },
        ),
        { numRuns: 150, seed: 20261129 },
      );
    });
  }

  it("does not depend on the server's own time zone", () => {
    const before = process.env.TZ;
    const w: WindowSpec[] = [
      {
        kind: "weekly",
        weekdays: 127,
        fromMinute: 420,
        untilMinute: 1200,
        startsOn: { y: 2026, m: 3, d: 20 },
        endsOn: { y: 2026, m: 4, d: 30 },
      },
    ];
    const results = ["UTC", "Pacific/Auckland", "America/Los_Angeles"].map((processTz) => {
      process.env.TZ = processTz;
      return JSON.stringify(compileSchedule({ windows: w, timeZone: "Europe/Berlin", now: BASE }));
    });
    process.env.TZ = before;
    expect(new Set(results).size).toBe(1);
  });
});

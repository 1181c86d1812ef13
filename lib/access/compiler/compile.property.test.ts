import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authAllows } from "@/lib/nuki/lock-semantics";
import { addDays } from "@/lib/time/zoned-time";
import { compileSchedule } from "./compile";
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
 * The oracle: what the windows mean at one instant, read straight off the door's wall clock with
 * Intl — no code shared with the compiler (its occurrence and day-interval helpers, lib/time). A
 * weekly window lets in when the local date is within startsOn…endsOn, the local weekday is one of
 * its days and the local time of day is in [fromMinute, untilMinute); a one-off between its instants.
 * On DST days this is exactly what a wall clock does: a time in the spring gap never shows, the
 * repeated autumn hour shows twice.
 */
const WEEKDAY_BIT: Record<string, number> = { Mon: 64, Tue: 32, Wed: 16, Thu: 8, Fri: 4, Sat: 2, Sun: 1 };
const wallFormat = new Map<string, Intl.DateTimeFormat>();
const wallCache = new Map<string, { date: string; bit: number; minute: number }>();
function wallClock(at: number, timeZone: string) {
  const key = `${timeZone} ${at}`;
  const hit = wallCache.get(key);
  if (hit) return hit;
  let f = wallFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    wallFormat.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = {
    date: `${p.year}-${p.month}-${p.day}`,
    bit: WEEKDAY_BIT[p.weekday!]!,
    minute: +p.hour! * 60 + +p.minute!,
  };
  wallCache.set(key, wall);
  return wall;
}
const isoDate = (d: { y: number; m: number; d: number }) =>
  `${d.y}-${String(d.m).padStart(2, "0")}-${String(d.d).padStart(2, "0")}`;
function covers(w: WindowSpec, at: number, timeZone: string): boolean {
  if (w.kind === "once") return w.startsAt <= at && at < w.endsAt;
  const wall = wallClock(at, timeZone);
  if (wall.date < isoDate(w.startsOn) || (w.endsOn && wall.date > isoDate(w.endsOn))) return false;
  return (w.weekdays & wall.bit) !== 0 && w.fromMinute <= wall.minute && wall.minute < w.untilMinute;
}

const GRID = 15 * 60_000; // every window edge and every DST change of these zones falls on this grid

/**
 * Where the oracle's answer changes (scanning the 15-minute grid), with the minute either side:
 * boundaries are where bugs live, and they are found without asking the compiler where they are.
 */
function edges(windows: WindowSpec[], timeZone: string, from: number, to: number): number[] {
  const out: number[] = [];
  const inAny = (at: number) => windows.some((w) => covers(w, at, timeZone));
  let before = inAny(from);
  for (let at = from + GRID; at < to; at += GRID) {
    const now = inAny(at);
    if (now !== before) out.push(at - 60_000, at, at + 60_000);
    before = now;
  }
  return out;
}

/**
 * Safety and liveness together: at every sampled instant, the state Portier would have on the lock
 * at that moment lets the customer in if and only if some window covers that instant. The lock's
 * decision is computed by lock-semantics.ts (the simulator's evaluator), the windows' meaning by the
 * wall-clock oracle above; neither shares code with the compiler.
 */
function checkExactness(windows: WindowSpec[], timeZone: string, now: number, samples: number[]) {
  const compiled = compileSchedule({ windows, timeZone, now, horizonMs: HORIZON });
  const inWindow = (at: number) => windows.some((w) => covers(w, at, timeZone));
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
            samples.push(...edges(windows, tz, now, now + 45 * DAY));
            checkExactness(windows, tz, now, samples);
          },
        ),
        // Fewer runs under mutation testing (scripts/mutation.mjs), where this file runs once per mutant.
        { numRuns: Number(process.env.COMPILE_PROPERTY_RUNS ?? 150), seed: 20261129 },
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

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, formatLocalDate, localDateOf, zonedInstant } from "@/lib/time/zoned-time";
import { createEngine, type Engine } from "@/test/engine";
import { createWindow } from "./create-window";

/**
 * Windows are [start, end): one ending exactly when another starts does not overlap it, in either
 * order, for one-off and weekly windows alike; one minute more does.
 */
let e: Engine;
let n = 0;
const TZ = "Europe/Berlin";
beforeAll(async () => {
  e = await createEngine({ doors: 1, customers: 1 });
});
afterAll(async () => e?.close());

// Each case on its own day, a week apart, far enough ahead that no window is in the past.
const dayOf = (k: number) => addDays(localDateOf(e.now(), TZ), 7 + 7 * k);
const at = (k: number, hh: number, mm = 0) => new Date(zonedInstant(dayOf(k), hh * 60 + mm, TZ));
const once = (k: number, from: [number, number?], to: [number, number?]) => ({
  kind: "once" as const,
  startsAt: at(k, ...from),
  endsAt: at(k, ...to),
});
const weekly = (k: number, fromH: number, untilH: number, fromMin = 0) => ({
  kind: "weekly" as const,
  weekdays: 127,
  fromMinute: fromH * 60 + fromMin,
  untilMinute: untilH * 60,
  startsOn: formatLocalDate(dayOf(k)),
  endsOn: formatLocalDate(addDays(dayOf(k), 2)),
});
const create = (window: Parameters<typeof createWindow>[2]["window"]) =>
  createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[0]!, window });
const refused = async (window: Parameters<typeof createWindow>[2]["window"]) =>
  expect(
    await create(window).then(
      () => "created",
      (x: { code?: string }) => x.code,
    ),
  ).toBe("CONFLICT");

describe("touching windows are not overlapping", () => {
  it("one-off: a new window may end where another starts, and start where it ends", async () => {
    const k = n++;
    await create(once(k, [10], [12]));
    await create(once(k, [8], [10])); // ends at the other's start
    await create(once(k, [12], [14])); // starts at the other's end
    await refused(once(k, [9, 59], [10, 30]));
    await refused(once(k, [11, 59], [12, 1]));
    await refused(once(k, [13, 59], [15]));
  });

  it("weekly: series back to back on the same days are fine; a minute into the other is not", async () => {
    const k = n++;
    await create(weekly(k, 9, 12));
    await create(weekly(k, 12, 15)); // starts when the first ends, every day
    await create(weekly(k, 7, 9)); // ends when the first starts, every day
    await refused(weekly(k, 11, 13, 59));
    await refused({ ...weekly(k, 15, 16), fromMinute: 14 * 60 + 59 });
  });

  it("a one-off touching a weekly occurrence on either side is fine", async () => {
    const k = n++;
    await create(weekly(k, 9, 12));
    await create({ ...once(k, [8], [9]), endsAt: at(k, 9) }); // ends at the occurrence's start
    await create({
      kind: "once",
      startsAt: at(k, 12),
      endsAt: new Date(zonedInstant(addDays(dayOf(k), 1), 9 * 60, TZ)),
    }); // until the next one
    await refused({ kind: "once", startsAt: at(k, 11), endsAt: at(k, 11, 30) });
  });
});

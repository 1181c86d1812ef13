import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessWindows, customers, doors, grants } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { pairKey, windowHref, windowsOfPairs } from "./grant-windows";
import { problemGrants } from "./problem-grants";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const NOW = Date.parse("2026-11-29T12:00:00Z"); // Sunday 13:00 in Berlin
const TZ = "Europe/Berlin";
let door: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  [{ id: door }] = (await t.db
    .insert(doors)
    .values({ name: "Studio A", smartlockId: 17_100_000_001, timeZone: TZ })
    .returning({ id: doors.id })) as [{ id: string }];
  const people = await t.db
    .insert(customers)
    .values(["weekly", "past", "now", "none"].map((n) => ({ name: n, email: `${n}@example.com` })))
    .returning({ id: customers.id, name: customers.name });
  for (const p of people) ids[p.name] = p.id;
  const w = await t.db
    .insert(accessWindows)
    .values([
      // Daily 09:00–10:00 from 1 Nov, no end: next on Monday 30 Nov (Berlin).
      {
        customerId: ids.weekly!,
        doorId: door,
        kind: "weekly",
        startsAt: new Date("2026-10-31T23:00:00Z"),
        weekdays: 127,
        fromMinute: 540,
        untilMinute: 600,
        seriesStart: "2026-11-01",
      },
      // A later single window of the same pair: the weekly one is sooner, so the link goes there.
      {
        customerId: ids.weekly!,
        doorId: door,
        kind: "once",
        startsAt: new Date("2026-12-05T08:00:00Z"),
        endsAt: new Date("2026-12-05T09:00:00Z"),
      },
      // Only in the past: ended 20 Nov 23:30 Berlin.
      {
        customerId: ids.past!,
        doorId: door,
        kind: "once",
        startsAt: new Date("2026-11-20T20:00:00Z"),
        endsAt: new Date("2026-11-20T22:30:00Z"),
      },
      // Running now, started at 12:00 Berlin.
      {
        customerId: ids.now!,
        doorId: door,
        kind: "once",
        startsAt: new Date("2026-11-29T11:00:00Z"),
        endsAt: new Date("2026-11-29T14:00:00Z"),
      },
    ])
    .returning({ id: accessWindows.id, customerId: accessWindows.customerId, kind: accessWindows.kind });
  ids.weeklyWindow = w.find((x) => x.customerId === ids.weekly && x.kind === "weekly")!.id;
  ids.pastWindow = w.find((x) => x.customerId === ids.past)!.id;
  ids.nowWindow = w.find((x) => x.customerId === ids.now)!.id;
  await t.db.insert(grants).values([
    { customerId: ids.weekly!, doorId: door, credential: "keypad", status: "failed", lastError: "Nuki refused" },
    {
      customerId: ids.now!,
      doorId: door,
      credential: "app",
      status: "pending",
      statusChangedAt: new Date(NOW - 30 * 60_000), // stuck for half an hour
    },
    { customerId: ids.past!, doorId: door, credential: "keypad", status: "pending", statusChangedAt: new Date(NOW) },
    { customerId: ids.none!, doorId: door, credential: "keypad", status: "failed" },
  ]);
});
afterAll(async () => t.drop());

describe("the window a failure is about", () => {
  it("is the next occurrence, the running one, or the last one, on the door's calendar day", async () => {
    const links = await windowsOfPairs(
      t.db,
      ["weekly", "past", "now", "none"].map((n) => ({ customerId: ids[n]!, doorId: door, timeZone: TZ })),
      NOW,
    );
    expect(links.get(pairKey(ids.weekly!, door))).toEqual({ windowId: ids.weeklyWindow, date: "2026-11-30" });
    expect(links.get(pairKey(ids.now!, door))).toEqual({ windowId: ids.nowWindow, date: "2026-11-29" });
    expect(links.get(pairKey(ids.past!, door))).toEqual({ windowId: ids.pastWindow, date: "2026-11-20" });
    expect(links.has(pairKey(ids.none!, door))).toBe(false);
    expect(windowHref({ windowId: "w1", date: "2026-11-30" })).toBe("/calendar?window=w1&date=2026-11-30");
  });

  it("problem grants: failed and stuck ones, each with its window (or none), not the fresh pending one", async () => {
    const rows = await problemGrants(t.db, NOW, { doorId: door });
    const byCustomer = Object.fromEntries(rows.map((r) => [r.customerId, r]));
    expect(Object.keys(byCustomer).sort()).toEqual([ids.weekly, ids.now, ids.none].sort());
    expect(byCustomer[ids.weekly!]).toMatchObject({
      status: "failed",
      credential: "keypad",
      timeZone: TZ,
      error: "Nuki refused",
      window: { windowId: ids.weeklyWindow, date: "2026-11-30" },
    });
    expect(byCustomer[ids.now!]!.window).toEqual({ windowId: ids.nowWindow, date: "2026-11-29" });
    expect(byCustomer[ids.none!]!.window).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessWindows, customers, doorGroups, doors, grants, sites, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { zonedInstant } from "@/lib/time/zoned-time";
import { createTestDatabase } from "@/test/db";
import { windowColumns } from "../windows/window-row";
import { timelineSites, timelineView } from "./timeline-view";

/**
 * The timeline's per-site, per-range read: one site's doors in group order with their live state,
 * and every window occurrence on them with the calendar's sync states; other sites' doors and
 * windows never leak in; group, customer and state filters narrow it on the server.
 */
const BER = "Europe/Berlin";
const NYC = "America/New_York";
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let actor: Actor;
let berlin: string, newYork: string, studios: string;
let studioA: string, hall: string, nyDoor: string, archived: string;
let anna: string, ben: string;
const at = (d: number, hh: number, tz = BER) => new Date(zonedInstant({ y: 2026, m: 3, d }, hh * 60, tz));

beforeAll(async () => {
  t = await createTestDatabase();
  const [u] = await t.db.insert(users).values({ email: "m@x.test", name: "M", role: "manager" }).returning();
  actor = { id: u!.id, role: "manager", label: "M", customerId: null };
  const s = await t.db
    .insert(sites)
    .values([
      { name: "Berlin House", timeZone: BER },
      { name: "Harbour Loft", timeZone: NYC },
    ])
    .returning();
  [berlin, newYork] = s.map((x) => x.id) as [string, string];
  const [g] = await t.db.insert(doorGroups).values({ siteId: berlin, name: "Studios" }).returning();
  studios = g!.id;
  const ds = await t.db
    .insert(doors)
    .values([
      { name: "Studio A", smartlockId: 1, timeZone: BER, siteId: berlin, groupId: studios, batteryCharge: 80 },
      { name: "Hall", smartlockId: 2, timeZone: BER, siteId: berlin, online: false, offlineSince: at(1, 0) },
      { name: "Pier", smartlockId: 3, timeZone: NYC, siteId: newYork },
      { name: "Gone", smartlockId: 4, timeZone: BER, siteId: berlin, archivedAt: at(1, 0) },
    ])
    .returning();
  [studioA, hall, nyDoor, archived] = ds.map((d) => d.id) as [string, string, string, string];
  const cs = await t.db
    .insert(customers)
    .values([
      { name: "Anna", email: "anna@x.test" },
      { name: "Ben", email: "ben@x.test" },
    ])
    .returning();
  [anna, ben] = cs.map((c) => c.id) as [string, string];
  const once = (customerId: string, doorId: string, d: number, a: number, b: number, tz = BER) => ({
    customerId,
    doorId,
    ...windowColumns({ kind: "once", startsAt: at(d, a, tz), endsAt: at(d, b, tz) }, tz),
  });
  await t.db.insert(accessWindows).values([
    // Across Berlin's spring-forward night (29 Mar): 01:00–04:00 wall = 2 real hours.
    once(anna, studioA, 29, 1, 4),
    once(ben, hall, 30, 9, 10),
    once(anna, nyDoor, 30, 9, 10, NYC),
    once(anna, archived, 30, 9, 10),
    once(anna, studioA, 20, 9, 10), // outside the range
  ]);
  await t.db
    .insert(grants)
    .values({ customerId: ben, doorId: hall, credential: "keypad", status: "failed", lastError: "nope" });
});
afterAll(async () => t?.drop());

describe("timelineView", () => {
  const range = { from: at(28, 0), to: at(31, 0) };

  it("returns one site's live doors in group order and the windows on them, with their states", async () => {
    const v = await timelineView(t.db, actor, { ...range, siteId: berlin });
    expect(v.site).toMatchObject({ id: berlin, timeZone: BER, doorCount: 2 });
    expect(v.doors.map((d) => [d.name, d.groupName, d.online])).toEqual([
      ["Studio A", "Studios", true],
      ["Hall", null, false],
    ]);
    expect(v.doors[0]!.batteryCharge).toBe(80);
    expect(v.events.map((e) => [e.customerName, e.doorId, e.sync.state])).toEqual([
      ["Anna", studioA, "pending"],
      ["Ben", hall, "failed"],
    ]);
    const spring = v.events[0]!;
    expect((Date.parse(spring.end) - Date.parse(spring.start)) / 3_600_000).toBe(2);
    expect(v.events[1]!.sync).toMatchObject({ error: "nope", offlineSince: at(1, 0).toISOString() });
    expect(v.sites.map((s) => s.name)).toEqual(["Berlin House", "Harbour Loft"]);
  });

  it("never mixes sites: the New York site shows only its own door and window", async () => {
    const v = await timelineView(t.db, actor, { ...range, siteId: newYork });
    expect(v.doors.map((d) => d.id)).toEqual([nyDoor]);
    expect(v.events.map((e) => e.doorId)).toEqual([nyDoor]);
  });

  it("filters by group, customer and state on the server", async () => {
    expect((await timelineView(t.db, actor, { ...range, siteId: berlin, groupId: studios })).doors).toHaveLength(1);
    const byCustomer = await timelineView(t.db, actor, { ...range, siteId: berlin, customerId: ben });
    expect(byCustomer.events.map((e) => e.customerName)).toEqual(["Ben"]);
    expect(byCustomer.doors).toHaveLength(2); // the rows stay: a filter narrows bars, not doors
    const failed = await timelineView(t.db, actor, { ...range, siteId: berlin, states: ["failed"] });
    expect(failed.events.map((e) => e.customerName)).toEqual(["Ben"]);
  });

  it("picks the site with the most doors when none (or an unknown one) is asked for", async () => {
    expect((await timelineView(t.db, actor, range)).site?.id).toBe(berlin);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await timelineView(t.db, actor, { ...range, siteId: unknown })).site?.id).toBe(berlin);
    const picker = await timelineSites(t.db, actor);
    expect(picker.defaultSiteId).toBe(berlin);
    expect(picker.sites.find((s) => s.id === berlin)?.groups).toEqual([{ id: studios, name: "Studios" }]);
  });

  it("refuses a customer", async () => {
    const customer: Actor = { id: actor.id, role: "customer", label: "C", customerId: anna };
    await expect(timelineView(t.db, customer, range)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

/**
 * The range read by the GiST index (windowTouches) and the grant by a lateral join
 * (window-events.ts): a window that began before the range and ends inside it is shown, one that
 * ends exactly where the range begins is not; a weekly series of a whole year yields only the
 * occurrences inside the range; a pair's live grant wins over the removed one a credential switch
 * left beside it, and a removed grant that wants nothing leaves the window "pending".
 */
describe("timelineView's range and grants", () => {
  let site: string, door: string, cara: string, dan: string, eve: string;
  let across: string, weekly: string;
  beforeAll(async () => {
    const [s] = await t.db.insert(sites).values({ name: "Range House", timeZone: BER }).returning();
    site = s!.id;
    const [d] = await t.db
      .insert(doors)
      .values({ name: "Range door", smartlockId: 90, timeZone: BER, siteId: site })
      .returning();
    door = d!.id;
    const cs = await t.db
      .insert(customers)
      .values([
        { name: "Cara", email: "cara@x.test" },
        { name: "Dan", email: "dan@x.test" },
        { name: "Eve", email: "eve@x.test" },
      ])
      .returning();
    [cara, dan, eve] = cs.map((c) => c.id) as [string, string, string];
    const ws = await t.db
      .insert(accessWindows)
      .values([
        // From 10 March to 29 March 12:00: begins long before the range, ends inside it.
        {
          customerId: cara,
          doorId: door,
          ...windowColumns({ kind: "once", startsAt: at(10, 9), endsAt: at(29, 12) }, BER),
        },
        // Ends exactly where the range begins: not in it (half-open ranges).
        {
          customerId: dan,
          doorId: door,
          ...windowColumns({ kind: "once", startsAt: at(27, 20), endsAt: at(28, 0) }, BER),
        },
        // Mon–Fri 08:00–09:00 for the whole year.
        {
          customerId: eve,
          doorId: door,
          ...windowColumns(
            {
              kind: "weekly",
              weekdays: 124,
              fromMinute: 480,
              untilMinute: 540,
              startsOn: "2026-01-01",
              endsOn: "2026-12-31",
            },
            BER,
          ),
        },
      ])
      .returning();
    [across, , weekly] = ws.map((w) => w.id) as [string, string, string];
    await t.db.insert(grants).values([
      // A credential switch: the app grant is on its way out, the keypad one holds the window now.
      { customerId: cara, doorId: door, credential: "app", status: "removed", desired: null },
      { customerId: cara, doorId: door, credential: "keypad", status: "applied", desired: null },
      { customerId: eve, doorId: door, credential: "keypad", status: "removed", desired: null },
    ]);
  });

  // Sat 28 – Tue 31 March (Berlin): Mon 30 and Tue 31 are weekdays of the series.
  const range = { from: at(28, 0), to: at(31, 23) };

  it("reads every window touching the range, from both ends, and expands a series only inside it", async () => {
    const v = await timelineView(t.db, actor, { ...range, siteId: site });
    // Earliest window first (the series began in January), its occurrences in order.
    expect(v.events.map((e) => [e.windowId, e.start])).toEqual([
      [weekly, at(30, 8).toISOString()],
      [weekly, at(31, 8).toISOString()],
      [across, at(10, 9).toISOString()],
    ]);
    expect(v.events[0]!.id).toBe(`${weekly}@${at(30, 8).getTime()}`);
    expect(v.events.map((e) => e.occurrenceDate)).toEqual(["2026-03-30", "2026-03-31", "2026-03-10"]);
    expect(v.events[0]!.spec).toEqual({
      kind: "weekly",
      weekdays: 124,
      fromMinute: 480,
      untilMinute: 540,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
    });
  });

  it("takes the pair's live grant, and reads a removed grant that wants nothing as no grant", async () => {
    const v = await timelineView(t.db, actor, { ...range, siteId: site });
    expect(v.events[2]!.sync).toMatchObject({ state: "applied", credential: "keypad" });
    expect(v.events[0]!.sync).toMatchObject({ state: "pending", grantId: null, credential: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessWindows, customers, doors, grants, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { addDays, formatLocalDate, localDateOf, zonedInstant } from "@/lib/time/zoned-time";
import { createTestDatabase } from "@/test/db";
import { windowColumns } from "../windows/window-row";
import { calendarView, MAX_EVENTS, MAX_WINDOWS } from "./calendar-view";

/**
 * What the staff calendar shows for a range, checked event by event: which windows touch the range,
 * how a weekly series expands, and each event's sync state — pending without a grant, the grant's own
 * status, or "scheduled" for a window of a rotating schedule whose turn has not come yet.
 * The view reads the wall clock for rotation, so the windows here are placed relative to Date.now().
 */
const TZ = "Europe/Berlin";
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let actor: Actor;
let c0: string, c1: string, d0: string, d1: string;
let rot1: string, rot2: string, series: string, lone: string, offD1: string;
const day = (n: number) => addDays(localDateOf(Date.now(), TZ), n);
const at = (n: number, hh: number) => new Date(zonedInstant(day(n), hh * 60, TZ));
const once = (n: number, fromH: number, toH: number) =>
  windowColumns({ kind: "once", startsAt: at(n, fromH), endsAt: at(n, toH) }, TZ);
const FROM = at(1, 0);
const TO = at(15, 0);
const grantSince = new Date("2026-01-02T03:04:05.000Z");
const offlineSince = new Date("2026-01-03T00:00:00.000Z");

beforeAll(async () => {
  t = await createTestDatabase();
  const [u] = await t.db.insert(users).values({ email: "m@x.test", name: "M", role: "manager" }).returning();
  actor = { id: u!.id, role: "manager", label: "M", customerId: null };
  const ds = await t.db
    .insert(doors)
    .values([
      { name: "D0", smartlockId: 7100, timeZone: TZ },
      { name: "D1", smartlockId: 7101, timeZone: TZ, online: false, offlineSince },
    ])
    .returning();
  [d0, d1] = ds.map((d) => d.id) as [string, string];
  const cs = await t.db
    .insert(customers)
    .values([
      { name: "C0", email: "c0@x.test" },
      { name: "C1", email: "c1@x.test" },
    ])
    .returning();
  [c0, c1] = cs.map((c) => c.id) as [string, string];
  const ws = await t.db
    .insert(accessWindows)
    .values([
      // C0 on D0: two one-offs on different days and hours — one auth cannot hold both, so it rotates.
      { customerId: c0, doorId: d0, ...once(2, 10, 11), note: "first" },
      { customerId: c0, doorId: d0, ...once(6, 14, 16) },
      // C0 on D1: a daily series over three days.
      {
        customerId: c0,
        doorId: d1,
        ...windowColumns(
          {
            kind: "weekly",
            weekdays: 127,
            fromMinute: 8 * 60,
            untilMinute: 9 * 60,
            startsOn: formatLocalDate(day(3)),
            endsOn: formatLocalDate(day(5)),
          },
          TZ,
        ),
      },
      // C1 on D0: no grant at all.
      { customerId: c1, doorId: d0, ...once(4, 12, 13) },
      // C1 on D1: its grant has been removed and nothing is wanted any more.
      { customerId: c1, doorId: d1, ...once(4, 13, 14) },
    ])
    .returning();
  [rot1, rot2, series, lone, offD1] = ws.map((w) => w.id) as [string, string, string, string, string];
  await t.db.insert(grants).values([
    {
      customerId: c0,
      doorId: d0,
      credential: "keypad",
      status: "applied",
      statusChangedAt: grantSince,
      lastError: "slow",
    },
    { customerId: c0, doorId: d1, credential: "app", status: "failed", statusChangedAt: grantSince },
    { customerId: c1, doorId: d1, credential: "keypad", status: "removed", desired: null },
  ]);
}, 60_000);
afterAll(async () => t?.drop());

const view = (q: Partial<Parameters<typeof calendarView>[2]> = {}) =>
  calendarView(t.db, actor, { from: FROM, to: TO, ...q });

describe("calendar view", () => {
  it("expands each window in range to its occurrences, earliest window first", async () => {
    const r = await view();
    expect(r.events.map((e) => [e.windowId, e.occurrenceDate])).toEqual([
      [rot1, formatLocalDate(day(2))],
      [series, formatLocalDate(day(3))],
      [series, formatLocalDate(day(4))],
      [series, formatLocalDate(day(5))],
      [lone, formatLocalDate(day(4))],
      [offD1, formatLocalDate(day(4))],
      [rot2, formatLocalDate(day(6))],
    ]);
    expect(r).toMatchObject({ total: 7, truncated: false });
    // A one-off is its own event; a series' occurrences are told apart by their start.
    expect(r.events[0]).toMatchObject({
      id: rot1,
      customerId: c0,
      customerName: "C0",
      doorId: d0,
      start: at(2, 10).toISOString(),
      end: at(2, 11).toISOString(),
      note: "first",
      spec: { kind: "once", startsAt: at(2, 10), endsAt: at(2, 11) },
      version: 1,
    });
    expect(r.events[1]).toMatchObject({
      id: `${series}@${at(3, 8).getTime()}`,
      start: at(3, 8).toISOString(),
      end: at(3, 9).toISOString(),
      note: null,
      spec: { kind: "weekly", weekdays: 127, fromMinute: 480, untilMinute: 540 },
    });
  });

  it("each event carries the truth about its lock", async () => {
    const byWindow = new Map((await view()).events.map((e) => [e.windowId, e.sync]));
    // The rotating pair: the window whose turn it is shows the grant's status, the later one waits.
    expect(byWindow.get(rot1)).toEqual({
      state: "applied",
      since: grantSince.toISOString(),
      error: "slow",
      grantId: expect.any(String),
      offlineSince: null,
      credential: "keypad",
    });
    expect(byWindow.get(rot2)).toMatchObject({ state: "scheduled", grantId: byWindow.get(rot1)!.grantId });
    // A single window shows its grant's status as is, and an offline door says since when.
    expect(byWindow.get(series)).toMatchObject({
      state: "failed",
      credential: "app",
      offlineSince: offlineSince.toISOString(),
    });
    // No grant, or only a removed one nobody wants: pending, with the window's own time.
    for (const id of [lone, offD1])
      expect(byWindow.get(id)).toEqual({
        state: "pending",
        since: expect.any(String),
        error: null,
        grantId: null,
        offlineSince: id === offD1 ? offlineSince.toISOString() : null,
        credential: null,
      });
  });

  it("filters by state, door and customer; an empty door list means every door", async () => {
    const ids = async (q: Partial<Parameters<typeof calendarView>[2]>) => [
      ...new Set((await view(q)).events.map((e) => e.windowId)),
    ];
    expect(await ids({ states: ["scheduled"] })).toEqual([rot2]);
    expect(await ids({ states: ["pending", "failed"] })).toEqual([series, lone, offD1]);
    expect(await ids({ states: [] })).toHaveLength(5);
    expect(await ids({ doorIds: [d0] })).toEqual([rot1, lone, rot2]);
    expect(await ids({ doorIds: [] })).toHaveLength(5);
    expect(await ids({ customerId: c1 })).toEqual([lone, offD1]);
    expect(await ids({ customerId: c1, doorIds: [d1] })).toEqual([offD1]);
    const filtered = await view({ states: ["scheduled"] });
    expect(filtered).toMatchObject({ total: 1, truncated: false });
  });

  it("shows what touches the range: a window ending where the range starts is out, one running into it is in", async () => {
    expect((await view({ from: at(2, 11), to: at(2, 12) })).events).toEqual([]);
    const into = await view({ from: at(2, 10), to: at(2, 12) });
    expect(into.events.map((e) => e.windowId)).toEqual([rot1]);
    expect((await view({ from: at(2, 0), to: at(2, 10) })).events).toEqual([]);
    // Only the occurrences of a series that fall in the range.
    const mid = await view({ from: at(4, 0), to: at(5, 0), doorIds: [d1], customerId: c0 });
    expect(mid.events.map((e) => e.start)).toEqual([at(4, 8).toISOString()]);
  });

  it("an empty range reads no grants and says it is complete", async () => {
    expect(await view({ from: at(30, 0), to: at(31, 0) })).toEqual({ events: [], total: 0, truncated: false });
  });

  it("needs access.read", async () => {
    await expect(
      calendarView(t.db, { id: actor.id, role: "customer", label: "x", customerId: c0 }, { from: FROM, to: TO }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("calendar bounds at their edges", () => {
  // One customer per window, so no pair rotates: 1,001 one-offs on a door of their own (the last a day
  // later than the rest), and 500 four-day daily series on another — exactly MAX_EVENTS occurrences.
  let d2: string, d3: string;
  beforeAll(async () => {
    const ds = await t.db
      .insert(doors)
      .values([
        { name: "D2", smartlockId: 7102, timeZone: TZ },
        { name: "D3", smartlockId: 7103, timeZone: TZ },
      ])
      .returning();
    [d2, d3] = ds.map((d) => d.id) as [string, string];
    const many = await t.db
      .insert(customers)
      .values(Array.from({ length: MAX_WINDOWS + 1 }, (_, i) => ({ name: `M${i}`, email: `m${i}@x.test` })))
      .returning();
    const rows = [
      ...many.map((c, i) => ({
        customerId: c.id,
        doorId: d2,
        ...(i < MAX_WINDOWS ? once(40, 10, 11) : once(42, 10, 11)),
      })),
      ...many.slice(0, MAX_EVENTS / 4).map((c) => ({
        customerId: c.id,
        doorId: d3,
        ...windowColumns(
          {
            kind: "weekly",
            weekdays: 127,
            fromMinute: 8 * 60,
            untilMinute: 9 * 60,
            startsOn: formatLocalDate(day(50)),
            endsOn: formatLocalDate(day(53)),
          },
          TZ,
        ),
      })),
    ];
    for (let i = 0; i < rows.length; i += 500) await t.db.insert(accessWindows).values(rows.slice(i, i + 500));
  }, 60_000);

  it("exactly MAX_WINDOWS windows are shown whole; one more and the latest is left out", async () => {
    const exact = await view({ from: at(39, 0), to: at(41, 0), doorIds: [d2] });
    expect(exact).toMatchObject({ total: MAX_WINDOWS, truncated: false });
    expect(exact.events).toHaveLength(MAX_WINDOWS);
    const over = await view({ from: at(39, 0), to: at(43, 0), doorIds: [d2] });
    expect(over).toMatchObject({ total: MAX_WINDOWS, truncated: true });
    expect(over.events).toHaveLength(MAX_WINDOWS);
    expect(over.events.every((e) => e.start === at(40, 10).toISOString())).toBe(true);
  });

  it("reaching MAX_EVENTS occurrences counts as truncated; one day fewer does not", async () => {
    const full = await view({ from: at(49, 0), to: at(55, 0), doorIds: [d3] });
    expect(full).toMatchObject({ total: MAX_EVENTS, truncated: true });
    expect(full.events).toHaveLength(MAX_EVENTS);
    const less = await view({ from: at(49, 0), to: at(53, 0), doorIds: [d3] });
    expect(less).toMatchObject({ total: (MAX_EVENTS / 4) * 3, truncated: false });
  });
});

describe("calendar sync states off the common path", () => {
  let c3: string, d4: string;
  beforeAll(async () => {
    const [d] = await t.db
      .insert(doors)
      .values({ name: "D4", smartlockId: 7104, timeZone: TZ, online: false })
      .returning();
    d4 = d!.id;
    const [c] = await t.db.insert(customers).values({ name: "C3", email: "c3@x.test" }).returning();
    c3 = c!.id;
    await t.db.insert(accessWindows).values([
      // A rotating pair that has already ended: nothing is current any more.
      { customerId: c3, doorId: d0, ...once(-5, 10, 11) },
      { customerId: c3, doorId: d0, ...once(-3, 14, 16) },
      // A rotating pair whose grant is still pending: the later window waits on that, not on its turn.
      { customerId: c3, doorId: d1, ...once(20, 10, 11) },
      { customerId: c3, doorId: d1, ...once(22, 14, 16) },
      // A door reported offline without a time.
      { customerId: c3, doorId: d4, ...once(21, 10, 11) },
    ]);
    await t.db.insert(grants).values({ customerId: c3, doorId: d1, credential: "keypad", status: "pending" });
  });

  it("a pending grant stays pending on every window of a rotation", async () => {
    const r = await view({ from: at(19, 0), to: at(23, 0), customerId: c3 });
    expect(r.events.map((e) => [e.doorId, e.occurrenceDate, e.sync.state, e.sync.offlineSince])).toEqual([
      [d1, formatLocalDate(day(20)), "pending", offlineSince.toISOString()],
      [d4, formatLocalDate(day(21)), "pending", null],
      [d1, formatLocalDate(day(22)), "pending", offlineSince.toISOString()],
    ]);
  });

  it("a past range with an ended rotation still shows its windows", async () => {
    const r = await view({ from: at(-6, 0), to: at(-2, 0), customerId: c3 });
    expect(r.events.map((e) => [e.occurrenceDate, e.sync.state])).toEqual([
      [formatLocalDate(day(-5)), "pending"],
      [formatLocalDate(day(-3)), "pending"],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { doors, grants, lockEvents } from "@/db/schema";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { atRisk } from "./at-risk";
import { calendarView } from "./calendar-view";
import { doorOverview } from "./door-overview";
import { grantStatuses } from "./grant-statuses";
import { lockActivity } from "./lock-activity";
import { previewSchedule } from "./preview-schedule";
import { portierAuthsPerDoor } from "./slot-usage";

/** The staff views, each checked on what it shows — not only on who may call it. */
let e: Engine;
let c0: string, c1: string, d0: string, d1: string;
let t0: number; // the engine's clock when the windows were made
const at0 = (h: number) => new Date(t0 + h * 3_600_000);
const once = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});
beforeAll(async () => {
  e = await createEngine({ doors: 3, customers: 3, credential: "keypad" });
  [c0, c1] = e.customerIds as [string, string];
  [d0, d1] = e.doorIds as [string, string];
  t0 = e.now();
  await createWindow(e, e.actor, { customerId: c0, doorId: d0, window: once(2, 4) }); // applied below
  await reconcileOnce(e, "w");
  await advance(e, 2100);
  await createWindow(e, e.actor, { customerId: c1, doorId: d0, window: once(3, 5) }); // still pending
  await createWindow(e, e.actor, { customerId: c1, doorId: d1, window: once(30, 31) }); // not within 24 h
  const at = (m: number) => new Date(e.now() - m * 60_000);
  await e.db.insert(lockEvents).values([
    { id: "e1", doorId: d0, at: at(30), action: 1, trigger: 255, state: 0, customerId: c0, authName: "C0" },
    { id: "e2", doorId: d0, at: at(20), action: 1, trigger: 255, state: 1, customerId: c1, authName: "C1" },
    { id: "e3", doorId: d1, at: at(10), action: 2, trigger: 1, state: 0, customerId: null, authName: null },
  ]);
});
afterAll(async () => e?.close());

describe("staff views", () => {
  it("activity: filters by door, customer and time, newest first, capped", async () => {
    const ids = async (f: Parameters<typeof lockActivity>[2]) =>
      (await lockActivity(e.db, e.actor, f)).map((r) => r.authName ?? "-");
    expect(await ids({})).toEqual(["-", "C1", "C0"]);
    expect(await ids({ doorId: d0 })).toEqual(["C1", "C0"]);
    expect(await ids({ customerId: c0 })).toEqual(["C0"]);
    expect(await ids({ from: new Date(e.now() - 20 * 60_000) })).toEqual(["-", "C1"]);
    expect(await ids({ to: new Date(e.now() - 20 * 60_000) })).toEqual(["C0"]);
    expect(await ids({ limit: 1 })).toEqual(["-"]);
    const [first] = await lockActivity(e.db, e.actor, { customerId: c1 });
    expect(first).toMatchObject({
      doorName: "Door 0",
      customerName: "Customer 1",
      ok: false,
      what: "unlock via keypad",
    });
  });

  it("grant statuses: exactly the asked grants, with door and customer", async () => {
    expect(await grantStatuses(e.db, e.actor, [])).toEqual([]);
    const [g] = await e.db
      .select()
      .from(grants)
      .where(and(eq(grants.customerId, c0), eq(grants.doorId, d0)));
    expect(await grantStatuses(e.db, e.actor, [g!.id])).toEqual([
      {
        id: g!.id,
        status: "applied",
        error: null,
        doorId: d0,
        doorName: "Door 0",
        customerName: "Customer 0",
        online: true,
      },
    ]);
  });

  it("slot usage: Portier's auths per door and credential", async () => {
    const all = await portierAuthsPerDoor(e.db);
    expect(all.get(d0)).toEqual({ keypad: 2, app: 0 });
    expect(all.get(d1)).toEqual({ keypad: 1, app: 0 });
    expect(all.has(e.doorIds[2]!)).toBe(false);
    const only = await portierAuthsPerDoor(e.db, [d1]);
    expect([...only.keys()]).toEqual([d1]);
  });

  it("door overview: slots, upcoming windows and recent entries of that door only", async () => {
    await e.db
      .update(doors)
      .set({ foreignCodeHmacs: ["x", "y"], foreignAppAuths: 3 })
      .where(eq(doors.id, d0));
    const o = await doorOverview(e.db, e.actor, d0, e.now());
    expect(o.door.id).toBe(d0);
    expect(o.slots).toEqual({ codesUsed: 4, codesMax: 200, nearlyFull: false, appAuths: 3 });
    expect(o.windows.map((w) => w.customerName)).toEqual(["Customer 0", "Customer 1"]);
    expect(o.entries.map((x) => x.authName)).toEqual(["C1", "C0"]);
    expect(o.entries[0]).toMatchObject({ customerId: c1, customerName: "Customer 1", state: 1, action: 1 });
    // Windows already over are not listed.
    expect((await doorOverview(e.db, e.actor, d0, e.now() + 6 * 3_600_000)).windows).toEqual([]);
    await expect(doorOverview(e.db, e.actor, "00000000-0000-4000-8000-000000000999")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await e.db
      .update(doors)
      .set({ foreignCodeHmacs: Array.from({ length: 178 }, (_, i) => `f${i}`) })
      .where(eq(doors.id, d0));
    expect((await doorOverview(e.db, e.actor, d0, e.now())).slots).toMatchObject({ codesUsed: 180, nearlyFull: true });
    await e.db
      .update(doors)
      .set({ foreignCodeHmacs: Array.from({ length: 177 }, (_, i) => `f${i}`) })
      .where(eq(doors.id, d0));
    expect((await doorOverview(e.db, e.actor, d0, e.now())).slots.nearlyFull).toBe(false);
  });

  it("at risk: offline and low-battery locks, nearly full slots, stuck grants and unconfirmed arrivals", async () => {
    const since = new Date(e.now() - 3_600_000);
    await e.db.update(doors).set({ online: false, offlineSince: since }).where(eq(doors.id, d1));
    await e.db.update(doors).set({ batteryCharge: 19 }).where(eq(doors.id, e.doorIds[2]!));
    await e.db.update(doors).set({ batteryCharge: 20, batteryCritical: false }).where(eq(doors.id, d1));
    await e.db
      .update(doors)
      .set({ foreignCodeHmacs: Array.from({ length: 178 }, (_, i) => `f${i}`) })
      .where(eq(doors.id, d0));
    const r = await atRisk(e.db, e.actor, e.now());
    expect(r.offline).toEqual([{ id: d1, name: "Door 1", since }]);
    expect(r.lowBattery).toEqual([{ id: e.doorIds[2], name: "Door 2", charge: 19, critical: false }]);
    expect(r.slotsNearlyFull).toEqual([{ id: d0, name: "Door 0", used: 180, max: 200 }]);
    // Customer 1 on Door 0 arrives within 24 h, not yet on the lock; Customer 0's is applied; Door 1's is later.
    expect(r.arrivals).toEqual([
      {
        windowId: expect.any(String),
        customerName: "Customer 1",
        doorName: "Door 0",
        startsAt: hoursFromNow(e, 3), // made after the first pass moved the clock
        status: "pending",
      },
    ]);
    // Pending for more than 10 minutes counts as stuck. (New grants take the database's clock; align it with the engine's.)
    await e.db.update(grants).set({ statusChangedAt: new Date(e.now()) });
    expect((await atRisk(e.db, e.actor, e.now())).grants).toEqual([]);
    const later = await atRisk(e.db, e.actor, e.now() + 11 * 60_000);
    expect(later.grants.map((g) => [g.customerName, g.doorName, g.status]).sort()).toEqual([
      ["Customer 1", "Door 0", "pending"],
      ["Customer 1", "Door 1", "pending"],
    ]);
    expect((await atRisk(e.db, e.actor, e.now() + 9 * 60_000)).grants).toEqual([]);
    await e.db.update(doors).set({ batteryCritical: true, batteryCharge: 80 }).where(eq(doors.id, d1));
    expect((await atRisk(e.db, e.actor, e.now())).lowBattery.map((d) => d.name)).toEqual(["Door 1", "Door 2"]);
  });

  it("calendar: windows touching the range, filtered by door, customer and state, with their lock's truth", async () => {
    await e.db
      .update(doors)
      .set({ online: false, offlineSince: new Date(e.now()) })
      .where(eq(doors.id, d1));
    const range = { from: new Date(e.now()), to: new Date(e.now() + 86_400_000) };
    const all = await calendarView(e.db, e.actor, range);
    expect(all.events.map((x) => [x.customerName, x.sync.state]).sort()).toEqual([
      ["Customer 0", "applied"],
      ["Customer 1", "pending"],
    ]);
    expect(all).toMatchObject({ total: 2, truncated: false });
    const byDoor = await calendarView(e.db, e.actor, {
      ...range,
      doorIds: [d1],
      to: new Date(e.now() + 40 * 3_600_000),
    });
    expect(byDoor.events.map((x) => x.customerName)).toEqual(["Customer 1"]);
    expect(byDoor.events[0]!.sync).toMatchObject({
      state: "pending",
      credential: "keypad",
      offlineSince: expect.any(String),
    });
    expect((await calendarView(e.db, e.actor, { ...range, customerId: c0 })).events).toHaveLength(1);
    expect(
      (await calendarView(e.db, e.actor, { ...range, states: ["applied"] })).events.map((x) => x.customerName),
    ).toEqual(["Customer 0"]);
    const ev = (await calendarView(e.db, e.actor, { ...range, customerId: c0 })).events[0]!;
    expect(ev).toMatchObject({
      id: ev.windowId,
      start: at0(2).toISOString(),
      end: at0(4).toISOString(),
      doorId: d0,
      customerId: c0,
      sync: { grantId: expect.any(String), error: null, offlineSince: null },
    });
    // A range that ends where the window starts does not show it.
    expect((await calendarView(e.db, e.actor, { from: range.from, to: at0(2), customerId: c0 })).events).toEqual([]);
  });

  it("preview: what the lock will hold if the window is saved next to the others", async () => {
    const p = await previewSchedule(e.db, e.actor, { customerId: c0, doorId: d0, window: once(6, 7), now: e.now() });
    expect(p.rotates).toBe(true);
    expect(p.steps).toHaveLength(2);
    expect(p.more).toBe(0);
    expect(p.timeZone).toBe("Europe/Berlin");
    expect(p.steps[0]!.holds).toMatch(/→/);
    const alone = await previewSchedule(e.db, e.actor, {
      customerId: c0,
      doorId: d1,
      window: once(6, 7),
      now: e.now(),
    });
    expect(alone).toMatchObject({ rotates: false, more: 0 });
    await expect(
      previewSchedule(e.db, e.actor, {
        customerId: c0,
        doorId: "00000000-0000-4000-8000-000000000999",
        window: once(6, 7),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

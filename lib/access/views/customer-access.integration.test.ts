import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { customers, grants, lockEvents } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { zonedDate } from "@/lib/time/format-zoned";
import { addDays, formatLocalDate, localDateOf, zonedInstant } from "@/lib/time/zoned-time";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";
import { customerAccess, INVITE_VALIDITY_MS } from "./customer-access";

/**
 * What the customer portal (and the staff customer page) shows about one customer, checked on its
 * content: which windows are still to come and where the calendar opens for each, which doors are
 * listed with which sync state and invite, whether a code exists, and the newest entries.
 */
let e: Engine;
let c0: string, c1: string, c2: string, d0: string, d1: string;
const TZ = "Europe/Berlin";
let t0: number;
// A weekly series a week ahead, every day 09:00–10:00 on the door's clock, for two weeks.
const seriesStart = () => addDays(localDateOf(t0, TZ), 7);
const at = (day: ReturnType<typeof seriesStart>, hh: number) => zonedInstant(day, hh * 60, TZ);

beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 3, credential: "keypad" });
  [c0, c1, c2] = e.customerIds as [string, string, string];
  [d0, d1] = e.doorIds as [string, string];
  t0 = e.now();
  // c0: a later one-off on d1 created first, an earlier one on d0, and a weekly series on d0.
  await createWindow(e, e.actor, {
    customerId: c0,
    doorId: d1,
    window: { kind: "once", startsAt: hoursFromNow(e, 5), endsAt: hoursFromNow(e, 6) },
  });
  await createWindow(e, e.actor, {
    customerId: c0,
    doorId: d0,
    window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 2) },
  });
  await createWindow(e, e.actor, {
    customerId: c0,
    doorId: d0,
    window: {
      kind: "weekly",
      weekdays: 127,
      fromMinute: 9 * 60,
      untilMinute: 10 * 60,
      startsOn: formatLocalDate(seriesStart()),
      endsOn: formatLocalDate(addDays(seriesStart(), 13)),
    },
  });
  await e.db.update(customers).set({ keypadCodeEnc: "sealed-code" }).where(eq(customers.id, c0));
  // c1: a window on d0 only; 21 entries on d0, one a minute.
  await createWindow(e, e.actor, {
    customerId: c1,
    doorId: d0,
    window: { kind: "once", startsAt: hoursFromNow(e, 3), endsAt: hoursFromNow(e, 4) },
  });
  // c1: one more window on d1, 70 days ahead — beyond the 62 days the next occurrence is looked for in.
  await createWindow(e, e.actor, {
    customerId: c1,
    doorId: d1,
    window: { kind: "once", startsAt: hoursFromNow(e, 70 * 24), endsAt: hoursFromNow(e, 70 * 24 + 1) },
  });
  await e.db.insert(lockEvents).values(
    Array.from({ length: 21 }, (_, i) => ({
      id: `c1-${i}`,
      doorId: d0,
      at: new Date(t0 - (i + 1) * 60_000),
      action: 1,
      trigger: 255,
      state: 0,
      customerId: c1,
    })),
  );
});
afterAll(async () => e?.close());

const grantOf = async (customerId: string, doorId: string) =>
  (
    await e.db
      .select()
      .from(grants)
      .where(and(eq(grants.customerId, customerId), eq(grants.doorId, doorId)))
  )[0]!;

describe("customer access", () => {
  it("the customer record, with whether a code exists (never the code)", async () => {
    const r0 = await customerAccess(e.db, e.actor, c0, t0);
    expect(r0.customer).toEqual({
      id: c0,
      version: expect.any(Number),
      name: "Customer 0",
      email: "c0@example.com",
      phone: null,
      groupName: null,
      preferredCredential: "keypad",
      hasCode: true,
    });
    // c2 has never been given a code.
    expect((await customerAccess(e.db, e.actor, c2, t0)).customer.hasCode).toBe(false);
  });

  it("an unknown customer is not found, for staff too", async () => {
    await expect(customerAccess(e.db, e.actor, "00000000-0000-4000-8000-000000000999", t0)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Not found.",
    });
  });

  it("windows: still to come or running, earliest first; one that has ended is gone", async () => {
    const r = await customerAccess(e.db, e.actor, c0, t0);
    expect(r.windows.map((w) => [w.kind, w.doorName, w.startsAt.getTime() - t0])).toEqual([
      ["once", "Door 0", 3_600_000],
      ["once", "Door 1", 5 * 3_600_000],
      ["weekly", "Door 0", at(seriesStart(), 0) - t0],
    ]);
    expect(r.windows[0]).toMatchObject({ doorId: d0, timeZone: TZ, note: null, endsAt: new Date(t0 + 2 * 3_600_000) });
    // Ending exactly now is over; a millisecond before its end it is still listed.
    const end = t0 + 2 * 3_600_000;
    expect((await customerAccess(e.db, e.actor, c0, end)).windows.map((w) => w.doorName)).toEqual(["Door 1", "Door 0"]);
    expect((await customerAccess(e.db, e.actor, c0, end - 1)).windows).toHaveLength(3);
  });

  it("each window opens the calendar on its next occurrence's day at the door", async () => {
    const byKind = async (now: number) =>
      Object.fromEntries(
        (await customerAccess(e.db, e.actor, c0, now)).windows.map((w) => [w.doorName + w.kind, w.date]),
      );
    // Before the series starts: its first day; a one-off: its own day.
    expect(await byKind(t0)).toEqual({
      "Door 0once": zonedDate(t0 + 3_600_000, TZ),
      "Door 1once": zonedDate(t0 + 5 * 3_600_000, TZ),
      "Door 0weekly": formatLocalDate(seriesStart()),
    });
    // Three days into the series, after that day's occurrence: the next day, not the series' first.
    const later = at(addDays(seriesStart(), 3), 11);
    expect((await byKind(later))["Door 0weekly"]).toBe(formatLocalDate(addDays(seriesStart(), 4)));
  });

  it("doors: one per grant by door name, with sync state, invite and its window; removed ones drop out", async () => {
    const r = await customerAccess(e.db, e.actor, c0, t0);
    expect(r.doors.map((d) => [d.doorName, d.credential, d.status, d.invite.state])).toEqual([
      ["Door 0", "keypad", "pending", "not_sent"],
      ["Door 1", "keypad", "pending", "not_sent"],
    ]);
    const g0 = await grantOf(c0, d0);
    expect(r.doors[0]).toMatchObject({
      grantId: g0.id,
      doorId: d0,
      timeZone: TZ,
      since: g0.statusChangedAt,
      error: null,
      online: true,
      offlineSince: null,
    });
    expect(r.doors[0]!.window).not.toBeNull();
    expect(r.doors[1]!.window).not.toBeNull();

    // A removed grant with nothing desired is gone from the list; removed but wanted again stays.
    const g1 = await grantOf(c0, d1);
    await e.db.update(grants).set({ status: "removed", desired: null }).where(eq(grants.id, g1.id));
    expect((await customerAccess(e.db, e.actor, c0, t0)).doors.map((d) => d.doorName)).toEqual(["Door 0"]);
    await e.db.update(grants).set({ status: "removed", desired: g1.desired }).where(eq(grants.id, g1.id));
    expect((await customerAccess(e.db, e.actor, c0, t0)).doors.map((d) => [d.doorName, d.status])).toEqual([
      ["Door 0", "pending"],
      ["Door 1", "removed"],
    ]);
    // Nothing desired but not yet removed on the lock: still listed (it is on its way off).
    await e.db.update(grants).set({ status: "applied", desired: null }).where(eq(grants.id, g1.id));
    expect((await customerAccess(e.db, e.actor, c0, t0)).doors.map((d) => d.doorName)).toEqual(["Door 0", "Door 1"]);
    await e.db.update(grants).set({ status: g1.status, desired: g1.desired }).where(eq(grants.id, g1.id));
  });

  it("an app invite is judged at the time asked for", async () => {
    const g = await grantOf(c1, d0);
    const appliedAt = new Date(t0);
    await e.db
      .update(grants)
      .set({ credential: "app", status: "applied", appliedAt, observed: null, lastError: "slow lock" })
      .where(eq(grants.id, g.id));
    const door = async (now: number) => (await customerAccess(e.db, e.actor, c1, now)).doors[0]!;
    expect((await door(t0 + 1)).invite).toEqual({
      state: "sent",
      sentAt: appliedAt,
      expiresAt: new Date(t0 + INVITE_VALIDITY_MS),
    });
    expect((await door(t0 + INVITE_VALIDITY_MS + 1)).invite.state).toBe("expired");
    expect(await door(t0 + 1)).toMatchObject({ credential: "app", status: "applied", error: "slow lock" });
  });

  it("a grant without a window on its door says so", async () => {
    // c2 has a grant on d1 but no window for it (e.g. the window was deleted and the grant is on its way off).
    const g = await grantOf(c0, d1);
    const { id: _id, createdAt: _c, ...rest } = g;
    await e.db.insert(grants).values({ ...rest, customerId: c2, nukiAuthId: null, codeEnc: null, codeHmac: null });
    const r = await customerAccess(e.db, e.actor, c2, t0);
    expect(r.windows).toEqual([]);
    expect(r.doors.map((d) => [d.doorName, d.window])).toEqual([["Door 1", null]]);
  });

  it("entries: the customer's 20 newest, newest first", async () => {
    const r = await customerAccess(e.db, e.actor, c1, t0);
    expect(r.entries.map((x) => x.id)).toEqual(Array.from({ length: 20 }, (_, i) => `c1-${i}`));
    expect(r.entries[0]).toEqual({
      id: "c1-0",
      at: new Date(t0 - 60_000),
      doorName: "Door 0",
      timeZone: TZ,
      state: 0,
      action: 1,
    });
    expect((await customerAccess(e.db, e.actor, c0, t0)).entries).toEqual([]);
  });

  it("a window whose next occurrence is beyond the look-ahead opens the calendar on its start day", async () => {
    const far = (await customerAccess(e.db, e.actor, c1, t0)).windows.find((w) => w.doorId === d1)!;
    expect(far.date).toBe(zonedDate(t0 + 70 * 24 * 3_600_000, TZ));
  });

  it("a customer reads themself and no one else", async () => {
    const me: Actor = { id: "00000000-0000-4000-8000-00000000000c", role: "customer", label: "C1", customerId: c1 };
    expect((await customerAccess(e.db, me, c1, t0)).customer.id).toBe(c1);
    await expect(customerAccess(e.db, me, c0, t0)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Not found." });
  });
});

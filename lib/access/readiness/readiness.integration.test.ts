import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { arrivalAlerts, doors, outbox, users } from "@/db/schema";
import { advance, createEngine, type Engine, hoursFromNow } from "@/test/engine";
import { applyLockState } from "../observations/lock-state";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { runArrivalAlerts } from "./arrival-alerts";
import { todayArrivals } from "./today-arrivals";

let e: Engine;
afterEach(async () => e?.close());

const settle = async () => {
  await reconcileOnce(e, "w");
  await advance(e, 2100);
};

const once = (c: number, d: number, fromH: number, toH: number) =>
  createWindow(e, e.actor, {
    customerId: e.customerIds[c]!,
    doorId: e.doorIds[d]!,
    window: { kind: "once", startsAt: hoursFromNow(e, fromH), endsAt: hoursFromNow(e, toH) },
  });

describe("arrival readiness on the engine", () => {
  it("lists the next 24 h of arrivals by time with their state, and alerts the desk once per not-ready arrival within the lead time", async () => {
    e = await createEngine({ doors: 3 });
    await e.db.insert(users).values([
      { email: "admin@example.com", name: "Admin", role: "admin" },
      { email: "boss@example.com", name: "Manager", role: "manager" },
      { email: "gone@example.com", name: "Gone", role: "staff", disabled: true },
    ]);
    await once(0, 0, 1, 3); // ready once the lock confirms
    await once(1, 1, 1.5, 3); // its lock goes offline: not ready, within the lead time
    await once(2, 2, 5, 6); // offline too, but 5 h ahead: alerted only once within 2 h
    await once(0, 1, 30, 31); // beyond 24 h: not on the board
    await settle();
    e.sim.setOnline(e.smartlockIds[1]!, false);
    e.sim.setOnline(e.smartlockIds[2]!, false);
    await advance(e, 200); // DEVICE_STATUS delivered

    const board = await todayArrivals(e.db, e.actor, e.now());
    expect(board.arrivals.map((a) => [a.doorName, a.readiness.state])).toEqual([
      ["Door 0", "ready"],
      ["Door 1", "not_ready"],
      ["Door 2", "not_ready"],
    ]);
    expect(board.counts).toEqual({ ready: 1, at_risk: 0, not_ready: 2 });
    expect(board.arrivals[1]!.readiness.reasons.map((r) => r.code)).toEqual(["lock_offline"]);

    expect(await runArrivalAlerts(e)).toEqual({ notReady: 1, alerted: 1 });
    expect(await runArrivalAlerts(e)).toEqual({ notReady: 0, alerted: 0 });
    let mails = await e.db.select().from(outbox).where(eq(outbox.kind, "arrival-not-ready"));
    expect(mails).toHaveLength(1);
    // The desk = active staff and admins; not managers, not disabled users.
    expect(mails[0]!.to.split(", ").sort()).toEqual(["admin@example.com", "desk@example.com"]);
    expect(mails[0]!.subject).toContain("Customer 1");
    expect(mails[0]!.body).toContain("offline");
    expect((await todayArrivals(e.db, e.actor, e.now())).arrivals[1]!.alertedAt).not.toBeNull();

    // Three hours later Door 2's arrival is inside the lead time: alerted, still once.
    e.clock.advance(3 * 3_600_000);
    expect(await runArrivalAlerts(e)).toEqual({ notReady: 1, alerted: 1 });
    expect(await runArrivalAlerts(e)).toEqual({ notReady: 0, alerted: 0 });
    mails = await e.db.select().from(outbox).where(eq(outbox.kind, "arrival-not-ready"));
    expect(mails).toHaveLength(2);
    expect(await e.db.select().from(arrivalAlerts)).toHaveLength(2);
  });

  it("a lead time from ARRIVAL_ALERT_LEAD_MINUTES; ready and at-risk arrivals never mail", async () => {
    e = await createEngine({ doors: 2 });
    await once(0, 0, 1, 2);
    await once(1, 1, 3, 4);
    await settle();
    await e.db.update(doors).set({ batteryCritical: true }).where(eq(doors.id, e.doorIds[0]!));
    e.sim.setOnline(e.smartlockIds[1]!, false);
    await advance(e, 200);
    const board = await todayArrivals(e.db, e.actor, e.now());
    expect(board.arrivals.map((a) => a.readiness.state)).toEqual(["at_risk", "not_ready"]);
    expect(await runArrivalAlerts(e)).toEqual({ notReady: 0, alerted: 0 }); // Door 1 is 3 h ahead
    process.env.ARRIVAL_ALERT_LEAD_MINUTES = "240";
    try {
      expect(await runArrivalAlerts(e)).toEqual({ notReady: 1, alerted: 1 });
    } finally {
      delete process.env.ARRIVAL_ALERT_LEAD_MINUTES;
    }
  });

  it("an app invite not accepted yet is at risk, with Re-send invite and Switch to keypad code", async () => {
    e = await createEngine({ doors: 1, credential: "app" });
    await once(0, 0, 2, 3);
    await settle();
    const [a] = (await todayArrivals(e.db, e.actor, e.now())).arrivals;
    expect(a!.readiness).toMatchObject({
      state: "at_risk",
      reasons: [{ code: "invite_not_accepted", fixes: ["resend_invite", "switch_to_keypad"] }],
    });
  });

  it("a keypad battery Nuki reports critical puts keypad arrivals at risk", async () => {
    e = await createEngine({ doors: 1 });
    await once(0, 0, 2, 3);
    await settle();
    expect((await todayArrivals(e.db, e.actor, e.now())).arrivals[0]!.readiness.state).toBe("ready");
    await applyLockState(e, { smartlockId: e.smartlockIds[0]!, state: { keypadBatteryCritical: true } });
    const [a] = (await todayArrivals(e.db, e.actor, e.now())).arrivals;
    expect(a!.readiness.reasons.map((r) => r.code)).toEqual(["keypad_battery_critical"]);
    // A later state without the field keeps what Nuki said last.
    await applyLockState(e, { smartlockId: e.smartlockIds[0]!, state: { batteryCharge: 80 } });
    expect((await todayArrivals(e.db, e.actor, e.now())).arrivals[0]!.readiness.state).toBe("at_risk");
  });

  it("is for staff and managers: a customer is refused", async () => {
    e = await createEngine({ doors: 1 });
    await expect(
      todayArrivals(e.db, { id: "x", role: "customer", label: "C", customerId: e.customerIds[0]! }, e.now()),
    ).rejects.toThrow();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { advance, createEngine, type Engine, grantFor, hoursFromNow } from "@/test/engine";
import { atRisk } from "../views/at-risk";
import { createWindow } from "../windows/create-window";
import { deleteWindow } from "../windows/delete-window";
import { updateWindow } from "../windows/update-window";
import { reconcileOnce } from "./run-once";

/**
 * Issue 15 (1): a create Nuki accepts (204) while the lock misses the fast sync, so it only lands
 * with the daily sync. Portier waits — reading back at growing intervals, never sending it twice —
 * shows "waiting for the lock", and converges with one auth once the lock applies it.
 */
let e: Engine;
afterEach(async () => {
  vi.restoreAllMocks();
  await e?.close();
});

const HOUR = 3_600_000;

async function newWindow(fromH = 30, toH = 32) {
  const { window } = await createWindow(e, e.actor, {
    customerId: e.customerIds[0]!,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, fromH), endsAt: hoursFromNow(e, toH) },
  });
  return window;
}

/** Runs the reconciler whenever the grant falls due, for `ms` of simulated time (as the loop would). */
async function runFor(ms: number, w: { customerId: string; doorId: string }) {
  const end = e.now() + ms;
  for (let i = 0; i < 500; i++) {
    const g = (await grantFor(e, w.customerId, w.doorId))!;
    const due = g.nextRunAt?.getTime() ?? end;
    if (due >= end) break;
    await advance(e, Math.max(0, due - e.now()));
    await reconcileOnce(e, "w");
  }
  await advance(e, Math.max(0, end - e.now()));
}

const count = (route: string) => e.sim.calls.filter((c) => c === route).length;

describe("a create that waits for the lock", () => {
  it("is not sent again while it may still land (pending invisible to GET): a handful of calls per hour, then one auth", async () => {
    e = await createEngine();
    e.sim.config.stallCreates = true;
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    const w = await newWindow();
    const acceptedAt = e.now();
    await reconcileOnce(e, "w");
    e.sim.calls.length = 0;
    await runFor(HOUR, w);

    // One create that got the 409 proving the first is still travelling; no further creates.
    expect(count("PUT /smartlock/auth")).toBe(1);
    expect(e.sim.calls.length).toBeLessThanOrEqual(12);
    const g = (await grantFor(e, w.customerId, w.doorId))!;
    expect(g.status).toBe("awaiting_lock");
    expect(Math.abs(g.awaitingLockSince!.getTime() - acceptedAt)).toBeLessThan(1000);
    expect(g.lastError).toMatch(/^Nuki accepted this; waiting for the lock since /);
    // One log line for the change of state, not one per pass.
    expect(logs.mock.calls.filter((c) => String(c[0]).includes("→ awaiting_lock"))).toHaveLength(1);

    // Late: on the at-risk list.
    const risk = await atRisk(e.db, e.actor, e.now());
    expect(risk.grants.map((r) => r.status)).toContain("awaiting_lock");

    // The daily sync takes it to the lock: confirmed by the webhook, exactly one auth.
    e.sim.dailySync();
    await advance(e, 3000);
    expect((await grantFor(e, w.customerId, w.doorId))!).toMatchObject({ status: "applied", awaitingLockSince: null });
    expect(e.sim.snapshot().auths).toHaveLength(1);
  });

  it("sends nothing to a pending create that GET lists without a slot (no 423 loop), and updates it once it lands", async () => {
    e = await createEngine();
    e.sim.config.stallCreates = true;
    e.sim.config.createVisibility = "immediately";
    const w = await newWindow();
    await reconcileOnce(e, "w");
    e.sim.calls.length = 0;
    await runFor(HOUR / 2, w);
    // Staff move the window while the create is still travelling: nothing may be sent to it yet.
    const moved = await updateWindow(e, e.actor, {
      windowId: w.id,
      expectedVersion: 1,
      window: { kind: "once", startsAt: hoursFromNow(e, 40), endsAt: hoursFromNow(e, 41) },
    });
    await runFor(HOUR / 2, w);
    expect(e.sim.calls.filter((c) => c.startsWith("POST /smartlock"))).toEqual([]);
    expect(count("PUT /smartlock/auth")).toBe(0);
    expect((await grantFor(e, w.customerId, w.doorId))!.status).toBe("awaiting_lock");

    e.sim.dailySync();
    await advance(e, 3000);
    await runFor(10 * 60_000, w);
    const g = (await grantFor(e, w.customerId, w.doorId))!;
    expect(g.status).toBe("applied");
    const auths = e.sim.snapshot().auths;
    expect(auths).toHaveLength(1);
    expect(auths[0]!.allowedFromDate).toBe(moved.window.startsAt.toISOString());
  });

  it("leaves no auth when the window is deleted before the stalled create lands", async () => {
    e = await createEngine();
    e.sim.config.stallCreates = true;
    const w = await newWindow();
    await reconcileOnce(e, "w");
    await runFor(HOUR, w);
    await deleteWindow(e, e.actor, { windowId: w.id, expectedVersion: 1 });
    await runFor(HOUR, w);
    expect(e.sim.calls.filter((c) => c === "PUT /smartlock/auth").length).toBeLessThanOrEqual(2);
    e.sim.config.stallCreates = false;
    e.sim.dailySync();
    await advance(e, 3000);
    await runFor(HOUR, w);
    expect(e.sim.snapshot().auths).toEqual([]);
    expect((await grantFor(e, w.customerId, w.doorId))!.status).toBe("removed");
  });

  it("creates again only after the daily-sync horizon when the stalled create never arrived", async () => {
    e = await createEngine();
    e.sim.stallNextCreates = 1;
    e.sim.neverApplyNext = 1; // the daily sync loses it
    const w = await newWindow(40, 42);
    await reconcileOnce(e, "w");
    await runFor(24.5 * HOUR, w);
    expect(count("PUT /smartlock/auth")).toBe(2); // the first and the one answered 409
    expect((await grantFor(e, w.customerId, w.doorId))!.status).toBe("awaiting_lock");
    await runFor(1.5 * HOUR, w);
    expect(count("PUT /smartlock/auth")).toBe(3);
    expect((await grantFor(e, w.customerId, w.doorId))!).toMatchObject({ status: "applied", awaitingLockSince: null });
    expect(e.sim.snapshot().auths).toHaveLength(1);
  });

  it("still re-sends a create that Nuki lost (204, never applied), after reading the lock back once", async () => {
    e = await createEngine();
    e.sim.neverApplyNext = 1;
    const w = await newWindow();
    await reconcileOnce(e, "w");
    await runFor(5 * 60_000, w);
    expect((await grantFor(e, w.customerId, w.doorId))!).toMatchObject({ status: "applied", awaitingLockSince: null });
    expect(e.sim.snapshot().auths).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { webhookInbox } from "@/db/schema";
import { advance, createEngine, type Engine, grantFor, hoursFromNow } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";

/** Issue 15 (2) and (3): what a Nuki that is not our simulator may send, and when it thinks it is. */
let e: Engine;
afterEach(async () => e?.close());

async function newWindow() {
  const { window } = await createWindow(e, e.actor, {
    customerId: e.customerIds[0]!,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, 2), endsAt: hoursFromNow(e, 4) },
  });
  return window;
}

describe("sparse DEVICE_AUTHS bodies (only id, smartlockId, authId, code, type, name)", () => {
  it("are stored and acknowledged, and make Portier read the lock back instead of refusing them", async () => {
    e = await createEngine();
    e.sim.config.webhookBodies = "minimal";
    const w = await newWindow();
    await reconcileOnce(e, "w");
    await advance(e, 2100); // the lock applies; the minimal webhook arrives
    expect(e.webhookReplies.length).toBeGreaterThan(0);
    expect(e.webhookReplies.every((s) => s >= 200 && s < 300)).toBe(true);
    expect((await e.db.select().from(webhookInbox)).map((r) => r.feature)).toContain("DEVICE_AUTHS");
    const woken = (await grantFor(e, w.customerId, w.doorId))!;
    expect(woken.needsReadback).toBe(true);
    expect(woken.nextRunAt!.getTime()).toBeLessThanOrEqual(e.now());
    expect(await reconcileOnce(e, "w")).toMatchObject({ readbacks: 1 });
    expect((await grantFor(e, w.customerId, w.doorId))!.status).toBe("applied");

    // An outside change that wipes the restrictions is still seen and restored.
    const [auth] = e.sim.snapshot().auths;
    e.sim.externalEdit(auth!.id, { allowedFromDate: null, allowedUntilDate: null });
    await advance(e, 200);
    // Its minimal body is byte for byte the one of the create: still a reason to look.
    expect(await reconcileOnce(e, "w")).toMatchObject({ readbacks: 1, updates: 1 });
    await advance(e, 2100);
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths[0]!.allowedFromDate).toBe(w.startsAt.toISOString());
    expect(e.webhookReplies.every((s) => s >= 200 && s < 300)).toBe(true);
  });
});

describe.each([
  ["5 minutes ahead of Nuki", -5 * 60_000],
  ["5 minutes behind Nuki", 5 * 60_000],
])("Portier's clock %s", (_label, nukiOffsetMs) => {
  it("orders Nuki's facts by Nuki's timestamps: a real change is recorded, a reordered older one ignored", async () => {
    e = await createEngine();
    e.sim.config.clockOffsetMs = nukiOffsetMs;
    const w = await newWindow();
    e.sim.webhooks.script.drop = 1; // confirmed by reading the lock back (Portier's clock sets observedAt)
    await reconcileOnce(e, "w");
    await advance(e, 2100 + 30_000);
    await reconcileOnce(e, "w");
    expect((await grantFor(e, w.customerId, w.doorId))!.status).toBe("applied");

    // Two changes made outside Portier a minute apart; their webhooks arrive newest first.
    const id = e.sim.snapshot().auths[0]!.id;
    await advance(e, 60_000);
    e.sim.webhooks.script.reorder = 1;
    e.sim.externalEdit(id, { allowedFromTime: 60, allowedUntilTime: 120 });
    await advance(e, 60_000);
    e.sim.externalEdit(id, { enabled: false });
    await advance(e, 1000);
    const g = (await grantFor(e, w.customerId, w.doorId))!;
    expect(g.observed).toMatchObject({ enabled: false, allowedFromTime: 60 });
    expect(g.status).toBe("pending");

    // And Portier restores its own version.
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect((await grantFor(e, w.customerId, w.doorId))!.status).toBe("applied");
    expect(e.sim.snapshot().auths[0]).toMatchObject({ enabled: true, allowedFromTime: 0 });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";
import { deleteWindow } from "../windows/delete-window";
import { updateWindow } from "../windows/update-window";
import { reconcileOnce } from "./run-once";
import { resyncAll } from "./resync";

let e: Engine;
afterEach(async () => e?.close());

const once = (e: Engine, fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});

describe("reconciler", () => {
  it("takes a new window to 'applied' through a 204, the lock's delay and a signed webhook", async () => {
    e = await createEngine();
    const { window, grants } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    expect(grants.map((g) => g.status)).toEqual(["pending"]);
    const pass = await reconcileOnce(e, "w1");
    expect(pass).toMatchObject({ claimed: 1, creates: 1 });
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("pending");
    await advance(e, 2100);
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g).toMatchObject({ status: "applied", sentAt: null });
    expect(g.nukiAuthId).toMatch(/^[0-9a-f]{24}$/);
    const [auth] = e.sim.snapshot().auths;
    expect(auth).toMatchObject({
      allowedFromDate: window.startsAt.toISOString(),
      allowedUntilDate: window.endsAt!.toISOString(),
      type: 13,
    });
    expect(e.vault.doorHmac(window.doorId, auth!.code!)).toBe(g.codeHmac);
  });

  it("sends one multi-lock create for a customer's window on several doors", async () => {
    e = await createEngine({ doors: 4 });
    const w = once(e, 1, 2);
    for (const doorId of e.doorIds)
      await createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId, window: w });
    e.sim.calls.length = 0;
    await reconcileOnce(e, "w1");
    expect(e.sim.calls).toEqual(["PUT /smartlock/auth"]);
    await advance(e, 2100);
    expect(e.sim.snapshot().auths).toHaveLength(4);
    expect(new Set(e.sim.snapshot().auths.map((a) => a.code)).size).toBe(1); // the same code on every door
  });

  it("updates with the full payload and removes the auth when the last window goes", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    const moved = await updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, window: once(e, 5, 6) });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths[0]).toMatchObject({
      allowedFromDate: moved.window.startsAt.toISOString(),
      allowedWeekDays: 127,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    });
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
    await deleteWindow(e, e.actor, { windowId: window.id, expectedVersion: 2 });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths).toEqual([]);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("removed");
  });

  it("re-sends after a 204 that was never applied, after reading the lock back", async () => {
    e = await createEngine();
    e.sim.neverApplyNext = 1;
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    await reconcileOnce(e, "w1");
    await advance(e, 10_000);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("pending");
    await advance(e, 25_000); // past the confirmation timeout
    const pass = await reconcileOnce(e, "w1");
    expect(pass).toMatchObject({ readbacks: 1, creates: 1 });
    await advance(e, 2100);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
    expect(e.sim.snapshot().auths).toHaveLength(1);
  });

  it("parks changes for an offline lock and converges when it comes back", async () => {
    e = await createEngine();
    e.sim.setOnline(e.smartlockIds[0]!, false);
    await advance(e, 200);
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 30),
    });
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("lock_offline");
    await reconcileOnce(e, "w1");
    e.sim.calls.length = 0;
    for (let i = 0; i < 10; i++) {
      await advance(e, 60_000);
      await reconcileOnce(e, "w1");
    }
    expect(e.sim.calls).toEqual([]); // no hammering while it is offline
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("lock_offline");
    e.sim.setOnline(e.smartlockIds[0]!, true);
    await advance(e, 2200);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
  });

  it("backs off on 429 and 5xx and gets there", async () => {
    e = await createEngine();
    e.sim.faults.push({ route: "PUT /smartlock/auth", status: 429, remaining: 2, retryAfterSec: 3 });
    e.sim.faults.push({ route: "PUT /smartlock/auth", status: 503, remaining: 2 });
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    for (let i = 0; i < 8; i++) {
      await reconcileOnce(e, "w1");
      await advance(e, 20_000);
    }
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
  });

  it("confirms through resync when every webhook is lost, and restores a change made outside Portier", async () => {
    e = await createEngine();
    e.sim.chaos.webhookDrop = 1;
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("pending");
    expect(await resyncAll(e)).toMatchObject({ confirmed: 1 });
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g.status).toBe("applied");
    e.sim.externalEdit(g.nukiAuthId!, { allowedUntilDate: hoursFromNow(e, 48).toISOString() });
    expect(await resyncAll(e)).toMatchObject({ drifted: 1 });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    await resyncAll(e);
    expect(e.sim.snapshot().auths[0]!.allowedUntilDate).toBe(window.endsAt!.toISOString());
  });

  it("a steady resync rewrites no grant (jsonb hands the stored auth back with its keys reordered)", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    await resyncAll(e);
    const before = (await grantFor(e, window.customerId, window.doorId))!;
    expect(before.status).toBe("applied");
    await advance(e, 60_000);
    // Nothing changed on the lock: the pass must not write the grant again (it used to, every
    // grant every 5 minutes, because the stored copy never compared equal to the fresh one).
    await resyncAll(e);
    const after = (await grantFor(e, window.customerId, window.doorId))!;
    expect(after.observedAt).toEqual(before.observedAt);
  });

  it("gives a customer another code on a door where someone else already has theirs", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(e, 1, 3),
    });
    const g0 = (await grantFor(e, window.customerId, window.doorId))!;
    const code = e.vault.decrypt(g0.codeEnc!);
    // A code made in Nuki Web for someone else, with the same digits, lands first.
    e.sim.createAuths(
      {
        name: "Cleaner",
        type: 13,
        code,
        remoteAllowed: false,
        allowedWeekDays: 127,
        allowedFromTime: 0,
        allowedUntilTime: 0,
      },
      [e.smartlockIds[0]!],
    );
    await e.sim.flush();
    await reconcileOnce(e, "w1"); // 409
    await reconcileOnce(e, "w1"); // read back: foreign → new code
    await advance(e, 1000);
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g.status).toBe("applied");
    expect(e.vault.decrypt(g.codeEnc!)).not.toBe(code);
    expect(e.sim.snapshot().auths).toHaveLength(2);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { advance, createEngine, grantFor, grantsOf, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";
import { updateWindow } from "../windows/update-window";
import { reconcileOnce } from "./run-once";

let e: Engine;
afterEach(async () => e?.close());
const once = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});

describe("reconciler workers", () => {
  it("two workers at once never send the same change twice", async () => {
    e = await createEngine({ doors: 6, customers: 6 });
    for (const c of e.customerIds)
      for (const d of e.doorIds)
        await createWindow(e, e.actor, { customerId: c, doorId: d, window: once(1, 2 + e.customerIds.indexOf(c)) });
    e.sim.calls.length = 0;
    e.config.batchSize = 10; // small batches, so both workers get work
    const runs: { w: string; r: Awaited<ReturnType<typeof reconcileOnce>> }[] = [];
    await Promise.all(
      ["worker-a", "worker-b"].map(async (w) => {
        for (let i = 0; i < 5; i++) runs.push({ w, r: await reconcileOnce(e, w) });
      }),
    );
    const reports = runs.map((x) => x.r);
    await advance(e, 2100);
    expect(e.sim.snapshot().auths).toHaveLength(36);
    // Every grant was decided "create" exactly once across both workers, and Nuki refused nothing
    // (a second create of the same code on a lock would have been a 409).
    expect(reports.reduce((n, r) => n + r.creates, 0)).toBe(36);
    expect(reports.reduce((n, r) => n + r.errors, 0)).toBe(0);
    expect(new Set(runs.filter((x) => x.r.claimed > 0).map((x) => x.w))).toEqual(new Set(["worker-a", "worker-b"]));
    expect(e.webhookReplies.every((s) => s === 200)).toBe(true);
    expect((await grantsOf(e)).every((g) => g.status === "applied" && g.attempts === 0)).toBe(true);
  });

  it("a worker killed between Nuki's 204 and its next write leaves no duplicate: the next one reads back", async () => {
    e = await createEngine({ credential: "app" });
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    e.sim.chaos.webhookDrop = 1; // and the confirming webhook is lost too
    await expect(
      reconcileOnce(e, "doomed", {
        afterSend: () => {
          throw new Error("SIGKILL");
        },
      }),
    ).rejects.toThrow("SIGKILL");
    await advance(e, 2100);
    for (let i = 0; i < 6; i++) {
      await advance(e, 15_000);
      await reconcileOnce(e, "survivor");
    }
    await advance(e, 2100);
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g.status).toBe("applied");
    const auths = e.sim.snapshot().auths;
    expect(auths).toHaveLength(1);
    expect(auths[0]!.accountUserId).toBe(e.sim.snapshot().accountUsers[0]!.accountUserId);
    expect(e.sim.snapshot().accountUsers).toHaveLength(1);
  });

  it("rotates two windows on one day: the lock holds the second as soon as the first ends", async () => {
    e = await createEngine();
    const c = e.customerIds[0]!;
    const d = e.doorIds[0]!;
    await createWindow(e, e.actor, { customerId: c, doorId: d, window: once(1, 2) });
    const second = await createWindow(e, e.actor, { customerId: c, doorId: d, window: once(5, 6) });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths[0]!.allowedFromDate).toBe(hoursFromNow(e, 1 - 2100 / 3_600_000).toISOString());
    await advance(e, 2 * 3_600_000); // the first window is over
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths[0]!.allowedFromDate).toBe(second.window.startsAt.toISOString());
    expect((await grantFor(e, c, d))!.status).toBe("applied");
  });

  it("keeps the newest edit when staff change a window while its previous version is on its way", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    await updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, window: once(4, 5) });
    await reconcileOnce(e, "w"); // update #1 in flight
    const latest = await updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 2, window: once(7, 9) });
    for (let i = 0; i < 4; i++) {
      await reconcileOnce(e, "w");
      await advance(e, 11_000);
    }
    expect(e.sim.snapshot().auths[0]).toMatchObject({
      allowedFromDate: latest.window.startsAt.toISOString(),
      allowedUntilDate: latest.window.endsAt!.toISOString(),
    });
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
  });
});

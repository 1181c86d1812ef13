import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { grants } from "@/db/schema";
import { signNukiWebhook } from "@/lib/nuki/webhook";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { receiveNukiWebhook, webhookSecrets } from "../webhooks/receive-webhook";
import { createWindow } from "../windows/create-window";
import { deleteWindow } from "../windows/delete-window";
import { updateWindow } from "../windows/update-window";
import { claimDueGrants } from "./claim";
import { reconcileOnce } from "./run-once";

/**
 * Races the reconciler must win, each staged so the two sides really overlap (a transaction held
 * open, a webhook read before a staff edit and written after it), not merely run one after another.
 */
let e: Engine;
afterEach(async () => e?.close());
const once = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});
const SECRET = "race-webhook-secret";
const deliver = async (ctx: Engine, event: object) => {
  const raw = JSON.stringify(event);
  return receiveNukiWebhook(ctx, raw, signNukiWebhook(raw, SECRET), await webhookSecrets(e, SECRET));
};

describe("reconciler races", () => {
  it("a second worker claims around grants another worker holds in an open transaction, without waiting", async () => {
    e = await createEngine({ doors: 4, customers: 1 });
    for (const d of e.doorIds)
      await createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: d, window: once(1, 2) });
    const p = { now: e.now(), leaseMs: 60_000 };
    let releaseA!: () => void;
    const aHolds = new Promise<void>((r) => (releaseA = r));
    let aClaimed!: string[];
    let aCommitted!: Promise<void>;
    await new Promise<void>((ready) => {
      // Worker A: claims two grants and keeps its transaction (and the row locks) open.
      aCommitted = e.db.transaction(async (tx) => {
        aClaimed = (await claimDueGrants(tx, { ...p, workerId: "a", limit: 2 })).map((g) => g.id);
        ready();
        await aHolds;
      });
    });
    try {
      // Worker B on another connection: must skip A's locked rows at once (lock_timeout turns waiting into an error).
      const bClaimed = await e.db.transaction(async (tx) => {
        await tx.execute("set local lock_timeout = '3s'");
        return (await claimDueGrants(tx, { ...p, workerId: "b", limit: 10 })).map((g) => g.id);
      });
      expect(aClaimed).toHaveLength(2);
      expect(bClaimed).toHaveLength(2);
      expect(bClaimed.filter((id) => aClaimed.includes(id))).toEqual([]);
    } finally {
      releaseA();
      await aCommitted;
    }
    const owners = await e.db.select({ id: grants.id, by: grants.claimedBy }).from(grants);
    expect(
      owners
        .filter((o) => o.by === "a")
        .map((o) => o.id)
        .sort(),
    ).toEqual([...aClaimed].sort());
    expect(owners.filter((o) => o.by === "b")).toHaveLength(2);
  });

  it("deleting a window while its create is in flight and the webhook is lost still removes the auth", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    e.sim.webhooks.script.drop = 1; // the create's confirmation never arrives
    await reconcileOnce(e, "w"); // create sent (204), not confirmed
    await deleteWindow(e, e.actor, { windowId: window.id, expectedVersion: window.version });
    await advance(e, 2100); // the lock applies the create meanwhile
    expect(e.sim.snapshot().auths).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      await reconcileOnce(e, "w");
      await advance(e, 16_000);
    }
    // Only the reconciler's own passes ran (no resync): it must have read the lock back and deleted.
    expect(e.sim.snapshot().auths).toHaveLength(0);
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g).toMatchObject({ desired: null, nukiAuthId: null, observed: null, status: "removed" });
  });

  it("a late deletion of an older auth id does not forget the auth the grant now holds", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    const before = (await grantFor(e, window.customerId, window.doorId))!;
    expect(before.status).toBe("applied");
    const [auth] = e.sim.snapshot().auths;
    // An earlier auth with the same code and tag (e.g. before a re-create) is reported deleted, newer than what we hold.
    await deliver(e, {
      feature: "DEVICE_AUTHS",
      deleted: true,
      smartlockAuth: { ...auth, id: "0000feedc0de000000000001", updateDate: new Date(e.now() + 60_000).toISOString() },
    });
    const after = (await grantFor(e, window.customerId, window.doorId))!;
    expect(after).toMatchObject({ nukiAuthId: before.nukiAuthId, status: "applied" });
    expect(after.observed).toEqual(before.observed);
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths).toHaveLength(1);
  });

  it("a webhook read before a staff edit cannot mark the edited version as on the lock (desiredVersion fence)", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    e.sim.webhooks.script.drop = 1;
    await reconcileOnce(e, "w");
    await advance(e, 2100); // v1 is on the lock; its webhook was lost
    const [auth] = e.sim.snapshot().auths;
    let edited = false;
    let v2: Awaited<ReturnType<typeof updateWindow>> | undefined;
    // The handler's context: after it has read the grant (version 1), staff save version 2, then it writes.
    const racing = {
      ...e,
      db: new Proxy(e.db, {
        get(target, prop, receiver) {
          if (prop !== "select") return Reflect.get(target, prop, receiver);
          return (...args: unknown[]) => {
            // biome-ignore lint/suspicious/noExplicitAny: a drizzle builder, wrapped to pause between read and write
            const builder = (target.select as (...a: unknown[]) => any)(...args);
            const from = builder.from.bind(builder);
            builder.from = (...fromArgs: unknown[]) => {
              const query = from(...fromArgs);
              const then = query.then.bind(query);
              // biome-ignore lint/suspicious/noThenProperty: the await point of the handler's read is what we pause
              query.then = (ok: (v: unknown) => unknown, ko: (r: unknown) => unknown) =>
                then(async (rows: unknown[]) => {
                  const holdsGrant = rows.some((r) => JSON.stringify(r).includes('"desiredVersion"'));
                  if (holdsGrant && !edited) {
                    edited = true;
                    v2 = await updateWindow(e, e.actor, {
                      windowId: window.id,
                      expectedVersion: 1,
                      window: once(4, 6),
                    });
                  }
                  return rows;
                }).then(ok, ko);
              return query;
            };
            return builder;
          };
        },
      }),
    } as Engine;
    await deliver(racing, { feature: "DEVICE_AUTHS", deleted: false, smartlockAuth: auth });
    expect(edited).toBe(true);
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g.desiredVersion).toBe(2);
    expect(g.status).not.toBe("applied");
    expect(g.nextRunAt!.getTime()).toBeLessThanOrEqual(e.now());
    for (let i = 0; i < 6; i++) {
      await reconcileOnce(e, "w");
      await advance(e, 16_000);
    }
    expect(e.sim.snapshot().auths[0]).toMatchObject({ allowedFromDate: v2!.window.startsAt.toISOString() });
    expect((await e.db.select().from(grants).where(eq(grants.id, g.id)))[0]!.status).toBe("applied");
  });

  it("423 (a change still running on the lock) is not retried at once: one request, back in 10 s", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    await updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, window: once(2, 4) });
    e.sim.faults.push({ route: "*", status: 423, remaining: 1 });
    const callsBefore = e.sim.calls.length;
    const pass = await reconcileOnce(e, "w");
    expect(pass).toMatchObject({ updates: 1, errors: 1 });
    expect(e.sim.calls.length - callsBefore).toBe(1);
    const g = (await grantFor(e, window.customerId, window.doorId))!;
    expect(g.nextRunAt!.getTime() - e.now()).toBe(10_000);
    expect(g.lastError).toMatch(/still running/);
    expect(g.status).not.toBe("failed");
    await advance(e, 10_000);
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
  });
});

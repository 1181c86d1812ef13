import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, doors, grants, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { resyncAll } from "../reconciler/resync";
import { retryGrant } from "../grants/retry-grant";
import { previewSchedule } from "../views/preview-schedule";
import { createWindow } from "../windows/create-window";
import { updateWindow } from "../windows/update-window";
import { lastLockSync, syncLocks } from "./sync-locks";
import { NukiTokenRefused } from "./token-refused";

let e: Engine;
afterEach(async () => e?.close());

const NYC_LOCK = 4 * 2 ** 32 + 0x7e9001;
const OPENER = 2 * 2 ** 32 + 0x7e9002;

async function setup(o: Parameters<typeof createEngine>[0] = {}) {
  e = await createEngine(o);
  const [u] = await e.db.insert(users).values({ email: "admin@example.com", name: "Ada", role: "admin" }).returning();
  const admin: Actor = { id: u!.id, role: "admin", label: "Ada", customerId: null };
  return admin;
}
const doorBy = async (smartlockId: number) =>
  (await e.db.select().from(doors).where(eq(doors.smartlockId, smartlockId)))[0];
const auditOf = async (doorId: string) =>
  e.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "door"), eq(auditLog.entityId, doorId)));
const window = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});

/** Reconcile and let the lock apply, a few rounds (account user, create, webhook). */
async function settle(rounds = 4) {
  for (let i = 0; i < rounds; i++) {
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
  }
}

describe("lock sync", () => {
  it("a new lock becomes a door awaiting a site, on the lock's own zone, audited as the admin", async () => {
    const admin = await setup();
    e.sim.addLock({ smartlockId: NYC_LOCK, name: "NYC Suite", timeZone: "America/New_York", keypad2: true });
    const report = await syncLocks(e, admin);
    expect(report.added.map((a) => a.name)).toEqual(["NYC Suite"]);
    const door = await doorBy(NYC_LOCK);
    expect(door).toMatchObject({
      name: "NYC Suite",
      nukiName: "NYC Suite",
      siteId: null,
      timeZone: "America/New_York",
      lockTimeZone: "America/New_York",
      deviceType: 4,
      keypadPaired: true,
      archivedAt: null,
    });
    const [entry] = await auditOf(door!.id);
    expect(entry).toMatchObject({ action: "door.import", actorLabel: "Ada", actorId: admin.id });
    // A second run changes nothing and audits nothing.
    const again = await syncLocks(e, admin);
    expect(again).toMatchObject({ added: [], renamed: [], archived: [], restored: [], changed: [] });
    expect(await auditOf(door!.id)).toHaveLength(1);
  });

  it("a lock renamed in Nuki renames its door, unless staff named the door in Portier", async () => {
    const admin = await setup();
    await syncLocks(e, admin); // records nuki_name for the existing doors
    const [first, second] = e.smartlockIds;
    await e.db.update(doors).set({ name: "Blue room" }).where(eq(doors.smartlockId, second!));
    e.sim.renameLock(first!, "Studio North");
    e.sim.renameLock(second!, "Studio South");
    const report = await syncLocks(e, null);
    expect(report.renamed).toEqual([expect.objectContaining({ from: "Door 0", to: "Studio North" })]);
    expect(await doorBy(first!)).toMatchObject({ name: "Studio North", nukiName: "Studio North" });
    expect(await doorBy(second!)).toMatchObject({ name: "Blue room", nukiName: "Studio South" });
    const entries = await auditOf((await doorBy(first!))!.id);
    expect(entries.at(-1)).toMatchObject({ action: "door.sync", actorLabel: "Nuki sync", actorId: null });
  });

  it("a lock removed from the account archives its door and stops its grants; back again, they resume", async () => {
    const admin = await setup();
    const doorId = e.doorIds[0]!;
    const customerId = e.customerIds[0]!;
    const { window: first } = await createWindow(e, e.actor, { customerId, doorId, window: window(1, 5) });
    await settle(1);
    expect((await grantFor(e, customerId, doorId))!.status).toBe("applied");

    e.sim.removeLock(e.smartlockIds[0]!);
    const report = await syncLocks(e, null);
    expect(report.archived).toEqual([{ doorId, name: "Door 0" }]);
    const door = (await doorBy(e.smartlockIds[0]!))!;
    expect(door.archivedAt).not.toBeNull();
    expect(door.archivedReason).toMatch(/^Lock removed from the Nuki account on \d+ \w+ 2026, \d\d:\d\d CET$/);
    let g = (await grantFor(e, customerId, doorId))!;
    expect(g).toMatchObject({ status: "failed", lastError: door.archivedReason, nextRunAt: null });
    expect((await auditOf(doorId)).at(-1)).toMatchObject({ action: "door.archive", actorLabel: "Nuki sync" });

    // Even made due by another path, nothing is sent to an archived door.
    await e.db
      .update(grants)
      .set({ nextRunAt: new Date(e.now()) })
      .where(eq(grants.id, g.id));
    e.sim.calls.length = 0;
    expect(await reconcileOnce(e, "w1")).toMatchObject({ claimed: 0 });
    expect(e.sim.calls).toEqual([]);
    // Retry is refused with the reason: nothing could reach the lock.
    await expect(retryGrant(e, e.actor, g.id)).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: expect.stringContaining("Lock removed from the Nuki account on"),
    });
    // A new window there is refused; a staff edit of the existing one keeps it stopped, with the reason.
    await expect(createWindow(e, e.actor, { customerId, doorId, window: window(10, 12) })).rejects.toMatchObject({
      userMessage: expect.stringContaining("takes no new windows"),
    });
    await updateWindow(e, e.actor, { windowId: first.id, expectedVersion: first.version, window: window(1, 6) });
    g = (await grantFor(e, customerId, doorId))!;
    expect(g).toMatchObject({ status: "failed", lastError: door.archivedReason, nextRunAt: null });
    // The periodic resync does not observe it either.
    await resyncAll(e);
    expect((await grantFor(e, customerId, doorId))!.status).toBe("failed");

    // The lock is back (re-added to the account): restored, and its grant goes to the lock again.
    e.sim.addLock({ smartlockId: e.smartlockIds[0]!, name: "Door 0" });
    const back = await syncLocks(e, admin);
    expect(back.restored).toEqual([{ doorId, name: "Door 0" }]);
    expect(await doorBy(e.smartlockIds[0]!)).toMatchObject({ archivedAt: null, archivedReason: null });
    expect((await grantFor(e, customerId, doorId))!).toMatchObject({ status: "pending", lastError: null });
    await settle(2);
    expect((await grantFor(e, customerId, doorId))!.status).toBe("applied");
    expect(e.sim.snapshot().auths.filter((a) => a.smartlockId === e.smartlockIds[0])).toHaveLength(1);
    expect((await auditOf(doorId)).at(-1)).toMatchObject({ action: "door.restore", actorLabel: "Ada" });
  });

  it("a keypad unpaired in Nuki moves keypad customers to an app invite on that door", async () => {
    const admin = await setup({ credential: "keypad" });
    const doorId = e.doorIds[1]!;
    const customerId = e.customerIds[0]!;
    await createWindow(e, e.actor, { customerId, doorId, window: window(1, 5) });
    await settle(1);
    expect((await grantFor(e, customerId, doorId))!).toMatchObject({ credential: "keypad", status: "applied" });

    await syncLocks(e, admin); // the test doors learn their device type and zone first
    e.sim.setKeypadPaired(e.smartlockIds[1]!, false);
    const report = await syncLocks(e, admin);
    expect(report.changed).toEqual([{ doorId, name: "Door 1", fields: ["keypadPaired"] }]);
    expect(await doorBy(e.smartlockIds[1]!)).toMatchObject({ keypadPaired: false });
    await settle(4);
    const rows = await e.db.select().from(grants).where(eq(grants.doorId, doorId));
    expect(rows.map((r) => [r.credential, r.status]).sort()).toEqual([
      ["app", "applied"],
      ["keypad", "removed"],
    ]);
    const onLock = e.sim.snapshot().auths.filter((a) => a.smartlockId === e.smartlockIds[1]);
    expect(onLock.map((a) => a.type)).toEqual([0]);
  });

  it("an Opener is imported without keypad, and a keypad customer gets an app invite there", async () => {
    const admin = await setup({ credential: "keypad" });
    e.sim.addLock({ smartlockId: OPENER, name: "Street intercom", deviceType: 2, timeZone: "Europe/Berlin" });
    await syncLocks(e, admin);
    const door = (await doorBy(OPENER))!;
    expect(door).toMatchObject({ deviceType: 2, keypadPaired: false, siteId: null });
    // The New-window dialog says so before saving.
    const preview = await previewSchedule(e.db, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: door.id,
      window: window(1, 3),
      now: e.now(),
    });
    expect(preview.credentialNote).toBe(
      "This door is a Nuki Opener: it has no keypad. Customer 0 gets a Nuki app invite for Street intercom instead of a keypad code.",
    );
    const { grants: made } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: door.id,
      window: window(1, 3),
    });
    expect(made.map((g) => g.credential)).toEqual(["app"]);
    await settle(4);
    expect((await grantFor(e, e.customerIds[0]!, door.id))!.status).toBe("applied");
    expect(
      e.sim
        .snapshot()
        .auths.filter((a) => a.smartlockId === OPENER)
        .map((a) => a.type),
    ).toEqual([0]);
  });

  it("a token Nuki refuses (401, 403) gives a clear message, is recorded, and changes nothing", async () => {
    const admin = await setup();
    e.sim.addLock({ smartlockId: NYC_LOCK, name: "NYC Suite", timeZone: "America/New_York" });
    e.sim.removeLock(e.smartlockIds[2]!);
    const before = await e.db.select().from(doors);
    const auditBefore = await e.db.select().from(auditLog);

    e.sim.tokens.clear();
    const refused = await syncLocks(e, admin).catch((error) => error);
    expect(refused).toBeInstanceOf(NukiTokenRefused);
    expect(refused.userMessage).toMatch(/^Nuki refused the API token: 401 “Your access token is not authorized”\./);
    expect(refused.userMessage).toContain("Nothing was changed");
    await expect(resyncAll(e)).rejects.toBeInstanceOf(NukiTokenRefused);

    e.sim.tokens.add("sim-token");
    e.sim.faults.push({ route: "GET /smartlock", status: 403, remaining: 1 });
    const forbidden = await syncLocks(e, admin).catch((error) => error);
    expect(forbidden.userMessage).toMatch(/^Nuki refused the API token: 403\. Give the token the scopes /);

    expect(await e.db.select().from(doors)).toEqual(before);
    expect(await e.db.select().from(auditLog)).toEqual(auditBefore);
    expect(await lastLockSync(e, admin)).toMatchObject({ ok: false, error: forbidden.userMessage, by: "Ada" });
  });

  it("an empty device list archives nothing; the periodic resync imports and archives as 'Nuki sync'", async () => {
    const admin = await setup();
    for (const id of e.smartlockIds) e.sim.removeLock(id);
    const empty = await syncLocks(e, admin);
    expect(empty.emptyListIgnored).toBe(true);
    expect((await e.db.select().from(doors)).filter((d) => d.archivedAt)).toEqual([]);

    e.sim.addLock({ smartlockId: e.smartlockIds[0]!, name: "Door 0" });
    e.sim.addLock({ smartlockId: NYC_LOCK, name: "NYC Suite", timeZone: "America/New_York" });
    await resyncAll(e);
    const all = await e.db.select().from(doors);
    expect(
      all
        .filter((d) => d.archivedAt)
        .map((d) => d.name)
        .sort(),
    ).toEqual(["Door 1", "Door 2"]);
    const imported = all.find((d) => d.smartlockId === NYC_LOCK)!;
    expect((await auditOf(imported.id))[0]).toMatchObject({ action: "door.import", actorLabel: "Nuki sync" });
    expect(await lastLockSync(e, admin)).toMatchObject({ ok: true, by: "Nuki sync" });
  });

  it("only admins may sync", async () => {
    await setup();
    await expect(syncLocks(e, e.actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

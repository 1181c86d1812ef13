import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { accessWindows, auditLog, customers, doors, grants, unmanagedAuths, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { authAllows } from "@/lib/nuki/lock-semantics";
import type { SimAuth } from "@/lib/nuki/sim/types";
import { localDateOf, zonedInstant } from "@/lib/time/zoned-time";
import { advance, createEngine, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { resyncAll } from "../reconciler/resync";
import { adoptAuth, leaveAlone } from "./adopt-auth";
import { bulkAdoptByEmail } from "./bulk-adopt";
import { createWindow } from "../windows/create-window";
import { listUnmanaged } from "./list-unmanaged";

let e: Engine;
afterEach(async () => e?.close());

const HOUR = 3_600_000;
const WRITES = /^(PUT|POST|DELETE) \/smartlock/;

/** An auth someone put on the lock before Portier (Nuki Web, the app): straight into the simulator's state. */
function existingAuth(e: Engine, lock: number, a: Partial<SimAuth> & Pick<SimAuth, "name" | "type">): SimAuth {
  const now = e.sim.nowIso();
  const auth: SimAuth = {
    id: e.sim.newId(),
    smartlockId: e.smartlockIds[lock]!,
    authId: 9000 + e.sim.auths.size,
    accountUserId: null,
    code: null,
    enabled: true,
    remoteAllowed: a.type === 0,
    lockCount: 0,
    allowedFromDate: null,
    allowedUntilDate: null,
    allowedWeekDays: 0,
    allowedFromTime: 0,
    allowedUntilTime: 0,
    lastActiveDate: null,
    creationDate: now,
    updateDate: now,
    operationId: null,
    ...a,
  };
  e.sim.auths.set(auth.id, auth);
  return auth;
}

async function admin(e: Engine): Promise<Actor> {
  const [u] = await e.db.insert(users).values({ email: "ada@example.com", name: "Ada", role: "admin" }).returning();
  return { id: u!.id, role: "admin", label: "Ada", customerId: null };
}

async function rowOf(e: Engine, nukiAuthId: string) {
  const [row] = await e.db.select().from(unmanagedAuths).where(eq(unmanagedAuths.nukiAuthId, nukiAuthId));
  return row!;
}

/** Reconcile until nothing is due, letting the lock apply and confirm by webhook. */
async function settle(e: Engine) {
  for (let i = 0; i < 4; i++) {
    await reconcileOnce(e, "w1");
    await advance(e, 2500);
  }
}

describe("unmanaged auths", () => {
  it("are listed per door by the resync — name, type, restrictions, account email, last entry — never with a code in clear", async () => {
    e = await createEngine({ doors: 2 });
    const actor = await admin(e);
    const cleaner = existingAuth(e, 0, { name: "Cleaner", type: 13, code: 345678 });
    const fob = existingAuth(e, 0, { name: "Janitor fob", type: 2 });
    e.sim.accountUsers.set(77, { accountUserId: 77, email: "C1@Example.com", name: "Customer 1" } as never);
    const app = existingAuth(e, 1, {
      name: "Owner",
      type: 0,
      accountUserId: 77,
      allowedWeekDays: 64,
      allowedFromTime: 480,
      allowedUntilTime: 1080,
    });
    e.sim.entry(e.smartlockIds[0]!, { code: 345678 });
    await advance(e, 500);
    await resyncAll(e);

    const rows = await listUnmanaged(e.db, { actor });
    expect(rows.map((r) => [r.name, r.kind, r.state])).toEqual([
      ["Cleaner", "keypad", "unmanaged"],
      ["Janitor fob", "other", "unmanaged"],
      ["Owner", "app", "unmanaged"],
    ]);
    const owner = rows.find((r) => r.name === "Owner")!;
    expect(owner.accountUserEmail).toBe("c1@example.com");
    expect(owner.emailMatch?.id).toBe(e.customerIds[1]);
    expect(owner.restriction).toMatchObject({ allowedWeekDays: 64, allowedFromTime: 480, allowedUntilTime: 1080 });
    expect(rows.find((r) => r.name === "Cleaner")!.lastEntryAt).not.toBeNull();
    const stored = JSON.stringify(await e.db.select().from(unmanagedAuths));
    expect(stored).not.toContain("345678");
    expect((await rowOf(e, cleaner.id)).codeHmac).toBe(e.vault.doorHmac(e.doorIds[0]!, 345678));
    expect((await rowOf(e, fob.id)).type).toBe(2);
    expect((await rowOf(e, app.id)).lockAuthId).toBe(app.authId);

    // Gone from the lock → gone from the list at the next resync.
    e.sim.auths.delete(fob.id);
    await resyncAll(e);
    expect((await listUnmanaged(e.db, { actor })).map((r) => r.name)).toEqual(["Cleaner", "Owner"]);
  });

  it("adopting keeps the auth (its id, its code) — no second auth is created — and an unrestricted one stays unrestricted", async () => {
    e = await createEngine({ doors: 2 });
    const actor = await admin(e);
    const cleaner = existingAuth(e, 0, { name: "Cleaner", type: 13, code: 345678 });
    await resyncAll(e);
    const row = await rowOf(e, cleaner.id);
    e.sim.calls.length = 0;
    const result = await adoptAuth(e, actor, {
      unmanagedId: row.id,
      expectedVersion: row.version,
      customer: { id: e.customerIds[0]! },
    });
    expect(e.sim.calls.filter((c) => WRITES.test(c))).toEqual([]); // adoption itself only reads the lock

    const [grant] = await e.db.select().from(grants).where(eq(grants.id, result.grantId));
    expect(grant).toMatchObject({ nukiAuthId: cleaner.id, credential: "keypad", customerId: e.customerIds[0] });
    expect(e.vault.decrypt(grant!.codeEnc!)).toBe(345678);
    expect(grant!.desired).toMatchObject({
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    });
    const windows = await e.db.select().from(accessWindows).where(eq(accessWindows.customerId, e.customerIds[0]!));
    expect(windows.map((w) => [w.kind, w.weekdays, w.fromMinute, w.untilMinute, w.seriesEnd])).toEqual([
      ["weekly", 127, 0, 1440, null],
    ]);

    e.sim.calls.length = 0;
    await settle(e);
    // One update to the same auth (Portier's tag into the name); never a create.
    expect(e.sim.calls.filter((c) => WRITES.test(c))).toEqual(["POST /smartlock/{id}/auth/{id}"]);
    const onLock = [...e.sim.auths.values()].filter((a) => a.smartlockId === e.smartlockIds[0]);
    expect(onLock).toHaveLength(1);
    expect(onLock[0]).toMatchObject({ id: cleaner.id, code: 345678, allowedFromDate: null, allowedUntilDate: null });
    const [customer] = await e.db.select().from(customers).where(eq(customers.id, e.customerIds[0]!));
    expect(onLock[0]!.name).toMatch(new RegExp(`#${customer!.tag}$`));
    const [after] = await e.db.select().from(grants).where(eq(grants.id, result.grantId));
    expect(after).toMatchObject({ status: "applied", nukiAuthId: cleaner.id });
    expect(e.sim.lockAllows(e.smartlockIds[0]!, { code: 345678 }, e.now() + 200 * 24 * HOUR)).toBe(true);

    // The next resync owns it: no longer unmanaged, not deleted as an orphan, no further writes.
    e.sim.calls.length = 0;
    const report = await resyncAll(e);
    expect(report.orphansDeleted).toBe(0);
    expect(e.sim.calls.filter((c) => WRITES.test(c))).toEqual([]);
    expect(await listUnmanaged(e.db, { actor })).toEqual([]);
    expect((await rowOf(e, cleaner.id)).state).toBe("adopted");
    const [door] = await e.db.select().from(doors).where(eq(doors.id, e.doorIds[0]!));
    expect(door!.foreignCodeHmacs).toEqual([]);
  });

  it("a restricted auth becomes windows that let in exactly when the lock did", async () => {
    e = await createEngine({ doors: 1 });
    const actor = await admin(e);
    const day = 24 * HOUR;
    // Whole local days (dates cutting into a day become one-off windows and a rotation: restriction-windows.test).
    const midnight = (t: number) => new Date(zonedInstant(localDateOf(t, "Europe/Berlin"), 0, "Europe/Berlin"));
    const restriction = {
      allowedFromDate: midnight(e.now() + 2 * day).toISOString(),
      allowedUntilDate: midnight(e.now() + 30 * day).toISOString(),
      allowedWeekDays: 64 + 32 + 16 + 8 + 4, // Mon–Fri
      allowedFromTime: 8 * 60,
      allowedUntilTime: 18 * 60,
    };
    const desk = existingAuth(e, 0, { name: "Desk code", type: 13, code: 456789, ...restriction });
    await resyncAll(e);
    const row = await rowOf(e, desk.id);
    await adoptAuth(e, actor, {
      unmanagedId: row.id,
      expectedVersion: row.version,
      customer: { create: { name: "Desk Person", email: "desk.person@example.com" } },
    });
    await settle(e);
    const onLock = [...e.sim.auths.values()];
    expect(onLock.map((a) => a.id)).toEqual([desk.id]);
    const mismatches: string[] = [];
    for (let t = e.now(); t < e.now() + 35 * day; t += 37 * 60_000) {
      const before = authAllows({ enabled: true, ...restriction }, t, "Europe/Berlin");
      const now = e.sim.lockAllows(e.smartlockIds[0]!, { code: 456789 }, t);
      if (before !== now) mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    const [created] = await e.db.select().from(customers).where(eq(customers.email, "desk.person@example.com"));
    expect(created).toMatchObject({ name: "Desk Person", preferredCredential: "keypad" });
  });

  it("refuses a second auth for a (customer, door) pair, a stale version, and the wrong credential kind", async () => {
    e = await createEngine({ doors: 1 });
    const actor = await admin(e);
    const a = existingAuth(e, 0, { name: "A", type: 13, code: 345678 });
    const b = existingAuth(e, 0, { name: "B", type: 13, code: 567891 });
    e.sim.accountUsers.set(78, { accountUserId: 78, email: "x@example.com", name: "X" } as never);
    const app = existingAuth(e, 0, { name: "App", type: 0, accountUserId: 78 });
    await resyncAll(e);
    const rowA = await rowOf(e, a.id);
    await adoptAuth(e, actor, { unmanagedId: rowA.id, expectedVersion: 1, customer: { id: e.customerIds[0]! } });
    const rowB = await rowOf(e, b.id);
    await expect(
      adoptAuth(e, actor, { unmanagedId: rowB.id, expectedVersion: 1, customer: { id: e.customerIds[0]! } }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("one authorization per person") });
    await expect(
      adoptAuth(e, actor, { unmanagedId: rowA.id, expectedVersion: 1, customer: { id: e.customerIds[1]! } }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: "This authorization was already adopted." });
    await expect(
      adoptAuth(e, actor, { unmanagedId: rowB.id, expectedVersion: 5, customer: { id: e.customerIds[1]! } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await e.db.update(doors).set({ lockTimeZone: "Europe/London" }).where(eq(doors.id, e.doorIds[0]!));
    await expect(
      adoptAuth(e, actor, { unmanagedId: rowB.id, expectedVersion: 1, customer: { id: e.customerIds[1]! } }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("runs on Europe/London") });
    await e.db.update(doors).set({ lockTimeZone: "Europe/Berlin" }).where(eq(doors.id, e.doorIds[0]!));
    const rowApp = await rowOf(e, app.id);
    await expect(
      adoptAuth(e, actor, { unmanagedId: rowApp.id, expectedVersion: 1, customer: { id: e.customerIds[1]! } }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("uses keypad codes") });
    // Nothing half-written by the refusals.
    expect(await e.db.select().from(grants)).toHaveLength(1);
    expect((await rowOf(e, b.id)).state).toBe("unmanaged");
  });

  it("left alone: never touched by resync or reconciler, still counted for slots and avoided by the code allocator", async () => {
    e = await createEngine({ doors: 1 });
    const actor = await admin(e);
    // Carries a Portier-style tag of an existing customer: a resync would delete it as a leftover otherwise.
    const [c0] = await e.db.select().from(customers).where(eq(customers.id, e.customerIds[0]!));
    const kept = existingAuth(e, 0, { name: "Old desk", type: 13, code: 234567 });
    await resyncAll(e);
    const row = await rowOf(e, kept.id);
    await leaveAlone(e, actor, { unmanagedId: row.id, expectedVersion: 1 });
    e.sim.externalEdit(kept.id, { name: `Old desk #${c0!.tag}` });
    await advance(e, 500);
    const updateDate = e.sim.auths.get(kept.id)!.updateDate;
    e.sim.calls.length = 0;
    for (let i = 0; i < 3; i++) await resyncAll(e);
    await settle(e);
    expect(e.sim.calls.filter((c) => WRITES.test(c))).toEqual([]);
    expect(e.sim.auths.get(kept.id)).toMatchObject({ updateDate, code: 234567 });
    expect((await rowOf(e, kept.id)).state).toBe("left_alone");
    const [door] = await e.db.select().from(doors).where(eq(doors.id, e.doorIds[0]!));
    expect(door!.foreignCodeHmacs).toEqual([e.vault.doorHmac(e.doorIds[0]!, 234567)]);
    expect((await listUnmanaged(e.db, { actor })).map((r) => r.state)).toEqual(["left_alone"]);
    // A customer whose usual code is the left-alone one gets another code on this door.
    await e.db
      .update(customers)
      .set({ keypadCodeEnc: e.vault.encrypt(234567) })
      .where(eq(customers.id, c0!.id));
    await createWindow(e, e.actor, {
      customerId: c0!.id,
      doorId: e.doorIds[0]!,
      window: { kind: "once", startsAt: new Date(e.now() + HOUR), endsAt: new Date(e.now() + 2 * HOUR) },
    });
    const [made] = await e.db.select().from(grants).where(eq(grants.customerId, c0!.id));
    expect(e.vault.decrypt(made!.codeEnc!)).not.toBe(234567);
  });

  it("bulk adopt takes every unmanaged app user whose Nuki email is a customer's, onto that customer", async () => {
    e = await createEngine({ doors: 2 });
    const actor = await admin(e);
    await e.db.update(customers).set({ preferredCredential: "app" });
    e.sim.accountUsers.set(81, { accountUserId: 81, email: "C0@example.com", name: "C0" } as never);
    e.sim.accountUsers.set(82, { accountUserId: 82, email: "stranger@example.com", name: "S" } as never);
    const a0 = existingAuth(e, 0, { name: "c0 door 0", type: 0, accountUserId: 81 });
    const a1 = existingAuth(e, 1, { name: "c0 door 1", type: 0, accountUserId: 81, allowedWeekDays: 2 + 1 });
    const stranger = existingAuth(e, 0, { name: "Stranger", type: 0, accountUserId: 82 });
    await resyncAll(e);
    e.sim.calls.length = 0;
    const report = await bulkAdoptByEmail(e, actor);
    expect(report.adopted.map((r) => r.name).sort()).toEqual(["c0 door 0", "c0 door 1"]);
    expect(report.skipped).toEqual([]);
    expect(e.sim.calls.filter((c) => WRITES.test(c))).toEqual([]);
    const mine = await e.db.select().from(grants).where(eq(grants.customerId, e.customerIds[0]!));
    expect(mine.map((g) => g.nukiAuthId).sort()).toEqual([a0.id, a1.id].sort());
    const [c0] = await e.db.select().from(customers).where(eq(customers.id, e.customerIds[0]!));
    expect(c0!.nukiAccountUserId).toBe(81);
    await settle(e);
    expect(e.sim.auths.size).toBe(3);
    expect(e.sim.calls.some((c) => c === "PUT /smartlock/auth")).toBe(false);
    expect((await rowOf(e, stranger.id)).state).toBe("unmanaged");
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.action, "auth.adopt"));
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/"code"/);
  });

  it("only admins adopt or leave alone; staff and managers see the list; customers do not", async () => {
    e = await createEngine({ doors: 1 });
    const a = existingAuth(e, 0, { name: "A", type: 13, code: 345678 });
    await resyncAll(e);
    const row = await rowOf(e, a.id);
    const staff = e.actor;
    const manager: Actor = { ...staff, role: "manager" };
    const customer: Actor = { ...staff, role: "customer", customerId: e.customerIds[0]! };
    for (const actor of [staff, manager, customer]) {
      await expect(
        adoptAuth(e, actor, { unmanagedId: row.id, expectedVersion: 1, customer: { id: e.customerIds[0]! } }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(leaveAlone(e, actor, { unmanagedId: row.id, expectedVersion: 1 })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(bulkAdoptByEmail(e, actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await listUnmanaged(e.db, { actor: staff })).toHaveLength(1);
    expect(await listUnmanaged(e.db, { actor: manager })).toHaveLength(1);
    await expect(listUnmanaged(e.db, { actor: customer })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await e.db.select().from(grants)).toEqual([]);
    expect(
      await e.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "door"), eq(auditLog.entityId, row.doorId))),
    ).toEqual([]);
  });
});

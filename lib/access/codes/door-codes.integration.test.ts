import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, customers, doors, grants } from "@/db/schema";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { doorCodeChecker } from "./door-code-taken";
import { regenerateCode } from "./regenerate-code";
import { revealCodes } from "./reveal-codes";

/**
 * One keypad code opens a door for one person: Portier itself must never give two of its
 * customers the same code on one door (Nuki's 409 is a last line, not the rule), while a customer
 * keeps their usual code on every door where it is free.
 */
let e: Engine;
let a: string, b: string, c: string;
const once = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});
const grantOf = async (customerId: string, doorId: string) =>
  (
    await e.db
      .select()
      .from(grants)
      .where(and(eq(grants.customerId, customerId), eq(grants.doorId, doorId)))
  )[0]!;
const customerCode = async (id: string) =>
  e.vault.decrypt((await e.db.select().from(customers).where(eq(customers.id, id)))[0]!.keypadCodeEnc!);

beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 3, credential: "keypad" });
  [a, b, c] = e.customerIds as [string, string, string];
});
afterAll(async () => e?.close());

describe("keypad codes per door", () => {
  it("gives B another code on the door where A already holds B's usual code, and B's own code elsewhere", async () => {
    await createWindow(e, e.actor, { customerId: a, doorId: e.doorIds[0]!, window: once(1, 3) });
    const codeA = await customerCode(a);
    // B's usual code happens to be A's (9^6 codes, thousands of customers: it happens).
    await e.db
      .update(customers)
      .set({ keypadCodeEnc: e.vault.encrypt(codeA) })
      .where(eq(customers.id, b));
    await createWindow(e, e.actor, { customerId: b, doorId: e.doorIds[0]!, window: once(1, 3) });
    await createWindow(e, e.actor, { customerId: b, doorId: e.doorIds[1]!, window: once(1, 3) });
    const [gA0, gB0, gB1] = [
      await grantOf(a, e.doorIds[0]!),
      await grantOf(b, e.doorIds[0]!),
      await grantOf(b, e.doorIds[1]!),
    ];
    expect(e.vault.decrypt(gA0.codeEnc!)).toBe(codeA);
    expect(e.vault.decrypt(gB0.codeEnc!)).not.toBe(codeA);
    expect(gB0.codeHmac).toBe(e.vault.doorHmac(e.doorIds[0]!, e.vault.decrypt(gB0.codeEnc!)));
    expect(e.vault.decrypt(gB1.codeEnc!)).toBe(codeA); // free on door 1: B keeps their usual code
    // B sees that one door differs.
    expect(await revealCodes(e, { id: b, role: "customer", label: "B", customerId: b }, b)).toMatchObject({
      code: codeA,
      differs: true,
    });
    // Nuki never had to refuse anything: both codes land on the lock at the first try.
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    const onLock = e.sim.snapshot().auths.filter((x) => x.smartlockId === e.smartlockIds[0]);
    expect(new Set(onLock.map((x) => x.code)).size).toBe(2);
    expect((await e.db.select().from(grants)).map((g) => [g.status, g.attempts, g.lastError])).toEqual([
      ["applied", 0, null],
      ["applied", 0, null],
      ["applied", 0, null],
    ]);
  });

  it("knows which codes a door holds: Portier's grants (except the asking grant) and foreign codes seen on the lock", async () => {
    const gA0 = await grantOf(a, e.doorIds[0]!);
    const codeA0 = e.vault.decrypt(gA0.codeEnc!);
    const onDoor0 = await doorCodeChecker(e.db, e.vault, e.doorIds[0]!);
    expect(await onDoor0(codeA0)).toBe(true);
    expect(await onDoor0(987_651)).toBe(false);
    expect(await (await doorCodeChecker(e.db, e.vault, e.doorIds[0]!, { exceptGrantId: gA0.id }))(codeA0)).toBe(false);
    const gB0 = await grantOf(b, e.doorIds[0]!);
    expect(await (await doorCodeChecker(e.db, e.vault, e.doorIds[0]!, { exceptGrantId: gB0.id }))(codeA0)).toBe(true);
    // Door 1 holds B's code (= A's usual code) but not B's door-0 code.
    const onDoor1 = await doorCodeChecker(e.db, e.vault, e.doorIds[1]!);
    expect(await onDoor1(codeA0)).toBe(true);
    expect(await onDoor1(e.vault.decrypt(gB0.codeEnc!))).toBe(false);
    // Foreign codes: recorded on the door, or just discovered.
    await e.db
      .update(doors)
      .set({ foreignCodeHmacs: [e.vault.doorHmac(e.doorIds[1]!, 456_789)] })
      .where(eq(doors.id, e.doorIds[1]!));
    const withForeign = await doorCodeChecker(e.db, e.vault, e.doorIds[1]!, {
      alsoTaken: [e.vault.doorHmac(e.doorIds[1]!, 567_891)],
    });
    expect(await withForeign(456_789)).toBe(true);
    expect(await withForeign(567_891)).toBe(true);
    expect(await withForeign(678_912)).toBe(false);
    expect(await (await doorCodeChecker(e.db, e.vault, e.doorIds[0]!))(456_789)).toBe(false);
  });

  it("a new code moves every door of the customer, keeps doors unique, is audited and never shown to the desk", async () => {
    await createWindow(e, e.actor, { customerId: a, doorId: e.doorIds[1]!, window: once(1, 3) });
    const before = await grantOf(a, e.doorIds[0]!);
    const oldCode = await customerCode(a);
    const r = await regenerateCode(e, e.actor, a);
    expect(r).toEqual({ doors: 2 });
    const newCode = await customerCode(a);
    expect(newCode).not.toBe(oldCode);
    for (const d of e.doorIds) {
      const g = await grantOf(a, d);
      expect(g).toMatchObject({ status: "pending", attempts: 0, lastError: null });
      expect(g.nextRunAt!.getTime()).toBe(e.now());
      expect(g.codeHmac).toBe(e.vault.doorHmac(d, e.vault.decrypt(g.codeEnc!)));
    }
    expect((await grantOf(a, e.doorIds[0]!)).desiredVersion).toBe(before.desiredVersion + 1);
    expect((await grantOf(a, e.doorIds[0]!)).observed?.codeMatches).toBe(false);
    // B's grants are untouched.
    expect((await grantOf(b, e.doorIds[0]!)).desiredVersion).toBe(1);
    const [entry] = await e.db.select().from(auditLog).where(eq(auditLog.action, "code.regenerate"));
    expect(entry).toMatchObject({ entityType: "customer", entityId: a, after: { doors: 2 } });
    expect(JSON.stringify(entry)).not.toContain(String(newCode));
    // A customer without keypad grants still gets a code; an unknown customer is refused.
    expect(await regenerateCode(e, e.actor, c)).toEqual({ doors: 0 });
    await expect(regenerateCode(e, e.actor, "00000000-0000-4000-8000-000000000999")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(regenerateCode(e, { ...e.actor, role: "manager" }, a)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("audits every staff reveal (who, whose) without the code, and refuses roles without the right", async () => {
    const manager = { ...e.actor, role: "manager" as const };
    const revealsOfA = async () =>
      (await e.db.select().from(auditLog).where(eq(auditLog.action, "code.reveal"))).filter((x) => x.entityId === a);
    const auditedBefore = (await revealsOfA()).length;
    const shown = await revealCodes(e, manager, a);
    expect(shown.code).toBe(await customerCode(a));
    expect(shown.doors.map((d) => d.doorName)).toEqual(["Door 0", "Door 1"]);
    expect(shown.differs).toBe(false);
    const reveals = await revealsOfA();
    expect(reveals).toHaveLength(auditedBefore + 1);
    expect(reveals.at(-1)).toMatchObject({ entityType: "customer", actorId: manager.id });
    expect(JSON.stringify(reveals)).not.toContain(String(shown.code));
    await expect(revealCodes(e, e.actor, a)).rejects.toMatchObject({ code: "FORBIDDEN" }); // the desk
    await expect(revealCodes(e, manager, "00000000-0000-4000-8000-000000000999")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // A customer without any code yet: nothing to show, nothing differs.
    expect(await revealCodes(e, manager, c)).toMatchObject({ doors: [], differs: false });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { accessWindows, customers, grants, lockEvents } from "@/db/schema";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { customerAccess } from "@/lib/access/views/customer-access";
import type { Actor } from "@/lib/auth/permissions";
import { createEngine, hoursFromNow, type Engine } from "./engine";
import { createWindow } from "@/lib/access/windows/create-window";

/**
 * What a customer's portal answers must be theirs alone — every part of it, not only the windows:
 * grants per door, per-door codes and lock entries too. Another customer (B) shares both doors with
 * A and has windows, grants, a different code and entries on them; a third has nothing.
 */
let e: Engine;
let A: Actor;
let a: string, b: string;

beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 3, credential: "keypad" });
  [a, b] = e.customerIds as [string, string];
  A = { id: "00000000-0000-4000-8000-00000000000a", role: "customer", label: "A", customerId: a };
  for (const [customerId, h] of [
    [a, 1],
    [b, 3],
    [b, 5],
  ] as const)
    for (const doorId of e.doorIds)
      await createWindow(e, e.actor, {
        customerId,
        doorId,
        window: { kind: "once", startsAt: hoursFromNow(e, h), endsAt: hoursFromNow(e, h + 1) },
      });
  const at = (m: number) => new Date(e.now() - m * 60_000);
  await e.db.insert(lockEvents).values([
    { id: "a-0", doorId: e.doorIds[0]!, at: at(50), action: 1, trigger: 255, state: 0, customerId: a },
    { id: "b-0", doorId: e.doorIds[0]!, at: at(40), action: 1, trigger: 255, state: 0, customerId: b },
    { id: "b-1", doorId: e.doorIds[1]!, at: at(30), action: 3, trigger: 5, state: 0, customerId: b },
    { id: "nobody", doorId: e.doorIds[1]!, at: at(20), action: 2, trigger: 1, state: 0, customerId: null },
  ]);
});
afterAll(async () => e?.close());

const idsOf = async (table: typeof grants | typeof accessWindows, customerId: string) =>
  (await e.db.select({ id: table.id }).from(table).where(eq(table.customerId, customerId))).map((r) => r.id).sort();

describe("a customer's portal answer holds only their own data", () => {
  it("customer access: the customer, windows, doors (grants) and entries are all A's", async () => {
    const r = await customerAccess(e.db, A, a, e.now());
    expect(r.customer).toMatchObject({ id: a, name: "Customer 0", email: "c0@example.com" });
    expect(r.windows.map((w) => w.id).sort()).toEqual(await idsOf(accessWindows, a));
    expect(r.windows).toHaveLength(2);
    expect(r.doors.map((d) => d.grantId).sort()).toEqual(await idsOf(grants, a));
    expect(r.doors.map((d) => d.doorName)).toEqual(["Door 0", "Door 1"]);
    expect(r.entries).toEqual([{ at: expect.any(Date), doorName: "Door 0", state: 0, action: 1 }]);
    // Nothing of B's anywhere in the answer: ids, name, email.
    const text = JSON.stringify(r);
    for (const id of [b, ...(await idsOf(grants, b)), ...(await idsOf(accessWindows, b))])
      expect(text).not.toContain(id);
    expect(text).not.toContain("Customer 1");
    expect(text).not.toContain("c1@example.com");
  });

  it("revealed codes: A's code and A's per-door codes only, never B's", async () => {
    const codeOf = async (id: string) => {
      const [c] = await e.db.select({ enc: customers.keypadCodeEnc }).from(customers).where(eq(customers.id, id));
      return e.vault.decrypt(c!.enc!);
    };
    const [codeA, codeB] = [await codeOf(a), await codeOf(b)];
    expect(codeA).not.toBe(codeB);
    // Give A a per-door code on Door 1 (as when the lock already held A's code for someone else).
    const other = codeA === 345_678 ? 456_789 : 345_678;
    await e.db
      .update(grants)
      .set({ codeEnc: e.vault.encrypt(other), codeHmac: e.vault.doorHmac(e.doorIds[1]!, other) })
      .where(and(eq(grants.customerId, a), eq(grants.doorId, e.doorIds[1]!)));
    const r = await revealCodes(e, A, a);
    expect(r).toEqual({
      code: codeA,
      doors: [
        { doorName: "Door 0", code: codeA },
        { doorName: "Door 1", code: other },
      ],
      differs: true,
    });
    expect(JSON.stringify(r)).not.toContain(String(codeB));
  });

  it("the same holds when staff read one customer's access", async () => {
    const r = await customerAccess(e.db, { ...e.actor, role: "manager" }, b, e.now());
    expect(r.doors.map((d) => d.grantId).sort()).toEqual(await idsOf(grants, b));
    expect(r.windows.map((w) => w.id).sort()).toEqual(await idsOf(accessWindows, b));
    expect(r.entries.map((x) => x.doorName)).toEqual(["Door 1", "Door 0"]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { createCustomer, updateCustomer } from "./save-customer";

let e: Engine;
afterEach(async () => e?.close());

describe("customers", () => {
  it("switching a customer from keypad code to app invite moves every door over (auth names follow a rename, cut to Nuki's 20 chars)", async () => {
    e = await createEngine({ doors: 2 });
    const c = e.customerIds[0]!;
    for (const d of e.doorIds)
      await createWindow(e, e.actor, {
        customerId: c,
        doorId: d,
        window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 3) },
      });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths.map((a) => a.type)).toEqual([13, 13]);
    await updateCustomer(e, e.actor, {
      customerId: c,
      expectedVersion: 1,
      name: "Renamed Person",
      email: "c0@example.com",
      preferredCredential: "app",
    });
    for (let i = 0; i < 3; i++) {
      await reconcileOnce(e, "w");
      await advance(e, 2100);
    }
    const auths = e.sim.snapshot().auths;
    expect(auths.map((a) => a.type)).toEqual([0, 0]);
    expect(auths.every((a) => a.name.startsWith("Renamed Pers #"))).toBe(true);
    expect((await e.db.query.grants.findMany()).every((g) => g.status === "applied" || g.status === "removed")).toBe(
      true,
    );
  });

  it("refuses a second customer with the same email, and a stale edit", async () => {
    e = await createEngine();
    await expect(
      createCustomer(e, e.actor, { name: "Dup", email: "C1@example.com", preferredCredential: "keypad" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const fresh = await createCustomer(e, e.actor, {
      name: "New",
      email: "new@example.com",
      preferredCredential: "keypad",
    });
    await updateCustomer(e, e.actor, {
      customerId: fresh.id,
      expectedVersion: 1,
      name: "New 2",
      email: "new@example.com",
      preferredCredential: "keypad",
    });
    await expect(
      updateCustomer(e, e.actor, {
        customerId: fresh.id,
        expectedVersion: 1,
        name: "Lost",
        email: "new@example.com",
        preferredCredential: "keypad",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { runNotifications } from "./notify";

let e: Engine;
afterEach(async () => e?.close());

describe("notifications", () => {
  it("tell the front desk once about a failure and a long-offline lock — never with a code (customers hear from guest delivery)", async () => {
    e = await createEngine({ doors: 2 });
    e.sim.faults.push({ route: "PUT /smartlock/auth", status: 422, remaining: 1 });
    await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 2) },
    });
    await createWindow(e, e.actor, {
      customerId: e.customerIds[1]!,
      doorId: e.doorIds[1]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 2) },
    });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    e.sim.setOnline(e.smartlockIds[1]!, false);
    await advance(e, 200); // DEVICE_STATUS delivered: offline from now
    await advance(e, 31 * 60_000);
    expect(await runNotifications(e)).toEqual({ failed: 1, offline: 1 });
    expect(await runNotifications(e)).toEqual({ failed: 0, offline: 0 });
    const mails = await e.db.select().from(outbox);
    expect(mails.map((m) => m.kind).sort()).toEqual(["grant-failed", "lock-offline"]);
    const codes = (await e.db.query.grants.findMany())
      .filter((g) => g.codeEnc)
      .map((g) => String(e.vault.decrypt(g.codeEnc!)));
    for (const m of mails) for (const c of codes) expect(m.body).not.toContain(c);
  });
});

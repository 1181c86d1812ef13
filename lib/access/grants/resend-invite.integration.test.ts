import { afterEach, describe, expect, it } from "vitest";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { customerAccess } from "../views/customer-access";
import { createWindow } from "../windows/create-window";
import { resendInvite } from "./resend-invite";

let e: Engine;
afterEach(async () => e?.close());

describe("re-sending an app invite", () => {
  it("deletes and creates the auth again (Nuki's only way to send a new invite), ending with one auth", async () => {
    e = await createEngine({ credential: "app" });
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 30) },
    });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    const first = (await grantFor(e, window.customerId, window.doorId))!;
    expect(first.status).toBe("applied");
    const view = await customerAccess(e.db, { ...e.actor, role: "staff" }, window.customerId, e.now());
    expect(view.doors[0]!.invite.state).toBe("sent");

    await resendInvite(e, e.actor, first.id);
    for (let i = 0; i < 4; i++) {
      await reconcileOnce(e, "w");
      await advance(e, 2100);
    }
    const after = (await grantFor(e, window.customerId, window.doorId))!;
    expect(after.status).toBe("applied");
    expect(after.recreateRequested).toBe(false);
    expect(after.nukiAuthId).not.toBe(first.nukiAuthId);
    expect(e.sim.snapshot().auths).toHaveLength(1);
    expect(e.sim.snapshot().auths[0]!.id).toBe(after.nukiAuthId);
  });
});

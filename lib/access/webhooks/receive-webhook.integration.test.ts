import { afterEach, describe, expect, it, vi } from "vitest";
import { count } from "drizzle-orm";
import { grants, lockEvents, webhookInbox } from "@/db/schema";
import { signNukiWebhook } from "@/lib/nuki/webhook";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { receiveNukiWebhook, webhookSecrets } from "./receive-webhook";

let e: Engine;
afterEach(async () => e?.close());
const SECRET = "test-webhook-secret";
const receive = async (raw: string, sig: string | null) =>
  receiveNukiWebhook(e, raw, sig, await webhookSecrets(e, SECRET));
const rows = async () => (await e.db.select({ n: count() }).from(webhookInbox))[0]!.n;

async function appliedGrant() {
  const { window } = await createWindow(e, e.actor, {
    customerId: e.customerIds[0]!,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 3) },
  });
  await reconcileOnce(e, "w");
  await advance(e, 2100);
  return (await grantFor(e, window.customerId, window.doorId))!;
}

describe("webhook receiver", () => {
  it("changes nothing for unsigned, tampered or wrongly signed deliveries", async () => {
    e = await createEngine();
    const g = await appliedGrant();
    const before = await rows();
    const evil = JSON.stringify({
      feature: "DEVICE_AUTHS",
      deleted: true,
      smartlockAuth: {
        id: g.nukiAuthId,
        smartlockId: e.smartlockIds[0],
        type: 13,
        name: "x",
        enabled: true,
        remoteAllowed: false,
        updateDate: new Date(e.now() + 60_000).toISOString(),
      },
    });
    expect((await receive(evil, null)).status).toBe(401);
    expect((await receive(evil, signNukiWebhook(evil, "guessed-secret"))).status).toBe(401);
    expect((await receive(evil, signNukiWebhook(evil.replace("true", "false"), SECRET))).status).toBe(401);
    expect((await receive(evil, "not-hex")).status).toBe(401);
    expect(await rows()).toBe(before);
    expect((await grantFor(e, g.customerId, g.doorId))!.status).toBe("applied");
  });

  it("stores a delivery once and applies it once; a replay answers 200 duplicate and changes nothing", async () => {
    e = await createEngine();
    const g = await appliedGrant();
    const log = JSON.stringify({
      feature: "DEVICE_LOGS",
      smartlockLog: {
        id: "log-1",
        smartlockId: e.smartlockIds[0],
        authId: g.nukiAuthId,
        name: "x",
        action: 1,
        trigger: 255,
        state: 0,
        date: new Date(e.now()).toISOString(),
      },
    });
    const sig = signNukiWebhook(log, SECRET);
    expect((await receive(log, sig)).body).toMatchObject({ ok: true, outcome: "recorded for customer" });
    expect((await receive(log, sig)).body).toMatchObject({ ok: true, duplicate: true });
    expect((await e.db.select({ n: count() }).from(lockEvents))[0]!.n).toBe(1);
  });

  it("ignores a reordered, older DEVICE_AUTHS and never stores a keypad code in clear", async () => {
    e = await createEngine();
    const g = await appliedGrant();
    const [auth] = e.sim.snapshot().auths;
    const stale = JSON.stringify({
      feature: "DEVICE_AUTHS",
      deleted: false,
      smartlockAuth: { ...auth, allowedUntilDate: null, updateDate: new Date(e.now() - 3_600_000).toISOString() },
    });
    expect((await receive(stale, signNukiWebhook(stale, SECRET))).body).toMatchObject({
      outcome: "ignored: older than what we hold",
    });
    expect((await grantFor(e, g.customerId, g.doorId))!.status).toBe("applied");
    const inbox = await e.db.select().from(webhookInbox);
    for (const row of inbox) expect(JSON.stringify(row.body)).not.toContain(String(auth!.code));
    const all = await e.db.select().from(grants);
    expect(JSON.stringify(all)).not.toContain(String(auth!.code));
  });

  it("stores and acknowledges every signed delivery: garbage, unknown features, sparse bodies (logged once per shape)", async () => {
    e = await createEngine();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await receive("not json", signNukiWebhook("not json", SECRET))).toMatchObject({
      status: 200,
      body: { outcome: "stored: not JSON" },
    });
    for (const x of [1, 2]) {
      const future = JSON.stringify({ feature: "DEVICE_SOMETHING_NEW", x });
      expect(await receive(future, signNukiWebhook(future, SECRET))).toMatchObject({
        status: 200,
        body: { outcome: "stored" },
      });
    }
    const sparse = JSON.stringify({ feature: "DEVICE_STATUS" });
    expect((await receive(sparse, signNukiWebhook(sparse, SECRET))).status).toBe(200);
    expect(await rows()).toBe(4);
    const stored = await e.db.select().from(webhookInbox);
    expect(stored.find((r) => r.feature === "UNPARSABLE")?.body).toEqual({ unparsable: true, bytes: 8 });
    // One line per unfamiliar shape, not one per delivery.
    expect(warn.mock.calls.filter((c) => String(c[0]).includes("DEVICE_SOMETHING_NEW"))).toHaveLength(1);
    warn.mockRestore();
  });
});

import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connect } from "@/db/client";
import { auditLog, users, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import type { Actor } from "@/lib/auth/permissions";
import { createTestDatabase } from "@/test/db";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";
import { deleteWindow } from "../windows/delete-window";
import { updateWindow } from "../windows/update-window";
import { applyLockState } from "../observations/lock-state";
import { reconcileOnce } from "../reconciler/run-once";
import { deliverDue } from "./deliver";
import { DELIVERY_HORIZON_MS, emitEvent } from "./emit-event";
import { createEndpoint, listDeliveries, resendDelivery, updateEndpoint } from "./endpoints";

/**
 * The outbox: events are written with their change (or not at all), delivered signed to a real
 * HTTP receiver, retried with backoff to a 24 h horizon, deduplicable by webhook-id, and never
 * lost to a restart.
 */

describe("events are written in the transaction of their change", () => {
  let e: Engine;
  let admin: Actor;
  beforeAll(async () => {
    e = await createEngine({ doors: 2, customers: 2 });
    const [u] = await e.db
      .insert(users)
      .values({ email: "ada@example.com", name: "Ada Admin", role: "admin" })
      .returning();
    admin = { id: u!.id, role: "admin", label: "Ada Admin", customerId: null };
    const ctx = { db: e.db, vault: e.vault, allowPlainHttp: false };
    await createEndpoint(ctx, admin, {
      url: "https://hooks.example.com/portier",
      eventTypes: ["window.created", "window.updated", "window.deleted", "lock.offline", "lock.online"],
    });
    await createEndpoint(ctx, admin, {
      url: "https://status.example.com/",
      eventTypes: ["access.applied", "access.failed"],
    });
    // Disabled, and one not subscribed to windows: neither gets anything.
    const off = await createEndpoint(ctx, admin, { url: "https://off.example.com/", eventTypes: ["window.created"] });
    await updateEndpoint(ctx, admin, { id: off.id, expectedVersion: 1, enabled: false });
    await createEndpoint(ctx, admin, { url: "https://entries.example.com/", eventTypes: ["entry.recorded"] });
  });
  afterAll(async () => e?.close());
  const deliveries = () => e.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.createdAt);

  it("window create, change and delete each queue one event for the subscribed, enabled endpoint only", async () => {
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 2), endsAt: hoursFromNow(e, 4) },
    });
    const changed = await updateWindow(e, e.actor, {
      windowId: window.id,
      expectedVersion: 1,
      window: { kind: "once", startsAt: hoursFromNow(e, 3), endsAt: hoursFromNow(e, 5) },
    });
    await deleteWindow(e, e.actor, { windowId: window.id, expectedVersion: changed.window.version });
    const rows = await deliveries();
    expect(rows.map((r) => r.eventType)).toEqual(["window.created", "window.updated", "window.deleted"]);
    const [endpoint] = await e.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.url, "https://hooks.example.com/portier"));
    expect(new Set(rows.map((r) => r.endpointId))).toEqual(new Set([endpoint!.id]));
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(3);
    expect(rows[1]!.payload).toMatchObject({
      type: "window.updated",
      data: { windowId: window.id, doorId: e.doorIds[0], startsAt: hoursFromNow(e, 3).toISOString(), version: 2 },
    });
    // No keypad code (nor anything sealed) ever goes into a payload.
    expect(JSON.stringify(rows)).not.toMatch(/"code"|v2:/);
  });

  it("a refused change (overlap → rollback) leaves no event; a throw after emitEvent in a transaction leaves none", async () => {
    const stay = {
      customerId: e.customerIds[1]!,
      doorId: e.doorIds[1]!,
      window: { kind: "once" as const, startsAt: hoursFromNow(e, 10), endsAt: hoursFromNow(e, 12) },
    };
    await createWindow(e, e.actor, stay);
    const before = (await deliveries()).length;
    await expect(createWindow(e, e.actor, stay)).rejects.toThrow();
    await expect(
      e.db.transaction(async (tx) => {
        expect(await emitEvent(tx, "window.created", { windowId: "x" }, e.now())).toBe(1);
        throw new Error("the change failed after its event was queued");
      }),
    ).rejects.toThrow(/change failed/);
    expect((await deliveries()).length).toBe(before);
  });

  it("a grant confirmed on the lock queues access.applied; one Nuki refuses queues access.failed with the reason", async () => {
    // Events of one (customer, door): other tests' grants here reach the lock in the same passes.
    const accessEvents = async (customerId: string, doorId: string) =>
      (await deliveries())
        .filter((r) => r.eventType.startsWith("access."))
        .map((r) => r.payload as { type: string; data: Record<string, unknown> })
        .filter((p) => p.data.customerId === customerId && p.data.doorId === doorId);
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[1]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 20), endsAt: hoursFromNow(e, 22) },
    });
    await reconcileOnce(e, "w1");
    expect(await accessEvents(window.customerId, window.doorId)).toEqual([]);
    await advance(e, 2100); // the lock applies it; Nuki's signed webhook confirms
    expect(await accessEvents(window.customerId, window.doorId)).toMatchObject([
      {
        type: "access.applied",
        data: { customerId: window.customerId, doorId: window.doorId, status: "applied", reason: null },
      },
    ]);
    // A permanent refusal (400) on the next customer's create → failed at the reconciler's finish step.
    e.sim.faults.push({ route: "*", status: 400, remaining: 50 });
    await createWindow(e, e.actor, {
      customerId: e.customerIds[1]!,
      doorId: e.doorIds[0]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 20), endsAt: hoursFromNow(e, 22) },
    });
    await reconcileOnce(e, "w1");
    e.sim.faults.length = 0;
    const failed = await accessEvents(e.customerIds[1]!, e.doorIds[0]!);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ customerId: e.customerIds[1], doorId: e.doorIds[0], status: "failed" });
    expect(String(failed[0]!.data.reason)).not.toBe("");
  });

  it("a lock going offline and back queues lock.offline then lock.online, once each", async () => {
    const lock = { smartlockId: e.smartlockIds[1]!, state: undefined } as never;
    await applyLockState(e, { ...(lock as object), smartlockId: e.smartlockIds[1]!, serverState: 4 } as never);
    await applyLockState(e, { ...(lock as object), smartlockId: e.smartlockIds[1]!, serverState: 4 } as never);
    await applyLockState(e, { ...(lock as object), smartlockId: e.smartlockIds[1]!, serverState: 0 } as never);
    const types = (await deliveries()).map((r) => r.eventType).filter((t) => t.startsWith("lock."));
    expect(types).toEqual(["lock.offline", "lock.online"]);
  });
});

/** A local receiver: answers each request with `answer(id, n)` (n = how often it has seen that id). */
type Received = { id: string; headers: IncomingHttpHeaders; body: string };
function startReceiver(answer: (id: string, n: number) => number | "hang") {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const id = String(req.headers["webhook-id"]);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      received.push({ id, headers: req.headers, body });
      const a = answer(id, n);
      if (a === "hang") return;
      res.writeHead(a).end();
    });
  });
  return new Promise<{ url: string; received: Received[]; close: () => Promise<void> }>((ok) => {
    // The brief's spare port when free; any free port otherwise (parallel runs on one machine).
    const listen = (port: number) =>
      server
        .once("error", () => listen(0))
        .listen(port, "127.0.0.1", () => {
          const { port: p } = server.address() as AddressInfo;
          ok({
            url: `http://localhost:${p}/hooks`,
            received,
            close: () =>
              new Promise((done) => {
                server.closeAllConnections();
                server.close(() => done());
              }),
          });
        });
    listen(Number(process.env.WEBHOOK_TEST_PORT ?? 4591));
  });
}

describe("delivery", () => {
  let handle: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: Actor;
  const vault = createCodeVault(randomBytes(32));
  let t: number;
  const clock = () => t;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const [u] = await handle.db
      .insert(users)
      .values({ email: "ada@example.com", name: "Ada Admin", role: "admin" })
      .returning();
    admin = { id: u!.id, role: "admin", label: "Ada Admin", customerId: null };
  });
  afterAll(async () => handle?.drop());
  let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
  beforeEach(async () => {
    t = Date.now();
    await handle.db.delete(webhookEndpoints);
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
  });
  const register = (url: string) =>
    createEndpoint({ db: handle.db, vault, allowPlainHttp: false }, admin, { url, eventTypes: ["entry.recorded"] });
  const run = (o: { db?: typeof handle.db; fetch?: typeof fetch } = {}) =>
    deliverDue({ db: o.db ?? handle.db, vault, now: clock, fetch: o.fetch, random: () => 0.5 });
  const rows = () => handle.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.createdAt);

  it("signs each attempt (verifiable with the receiver's library), retries on 500 with backoff, 2xx = delivered", async () => {
    receiver = await startReceiver((_id, n) => (n <= 2 ? 500 : 204));
    const { secret } = await register(receiver.url);
    await emitEvent(handle.db, "entry.recorded", { doorId: "d1" }, t);
    expect(await run()).toMatchObject({ claimed: 1, retrying: 1 });
    let [row] = await rows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastResponseCode: 500, lastError: "HTTP 500" });
    // Not due again before its backoff (30 s · 0.75 with this jitter).
    t += 20_000;
    expect((await run()).claimed).toBe(0);
    t += 5_000;
    expect(await run()).toMatchObject({ claimed: 1, retrying: 1 });
    t += 60_000;
    expect(await run()).toMatchObject({ claimed: 1, delivered: 1 });
    [row] = await rows();
    expect(row).toMatchObject({ status: "delivered", attempts: 3, lastResponseCode: 204, lastError: null });
    expect(row!.deliveredAt!.getTime()).toBe(t);
    // Every attempt: the same webhook-id, its own timestamp, a signature the reference library accepts
    // (the clock here is real time, within the receiver's tolerance).
    expect(receiver.received.map((r) => r.id)).toEqual([row!.eventId, row!.eventId, row!.eventId]);
    const stamps = receiver.received.map((r) => Number(r.headers["webhook-timestamp"]));
    expect(stamps[2]! - stamps[0]!).toBe(85);
    const last = receiver.received[2]!;
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
      type: "entry.recorded",
      data: { doorId: "d1" },
    });
    expect(last.headers["content-type"]).toBe("application/json");
    // Nothing more to send.
    t += 3_600_000;
    expect((await run()).claimed).toBe(0);
  });

  it("gives up after the 24 h horizon (manual clock), the last try on the horizon itself", async () => {
    receiver = await startReceiver(() => 503);
    await register(receiver.url);
    await emitEvent(handle.db, "entry.recorded", { doorId: "d2" }, t);
    const start = t;
    for (let i = 0; i < 200; i++) {
      await run();
      const [row] = await rows();
      if (row!.status !== "pending") break;
      t = Math.max(t + 1000, row!.nextAttemptAt.getTime());
    }
    const [row] = await rows();
    expect(row).toMatchObject({ status: "failed", lastResponseCode: 503 });
    expect(row!.lastError).toMatch(/HTTP 503 — gave up after 24 h/);
    expect(row!.lastAttemptAt!.getTime()).toBe(start + DELIVERY_HORIZON_MS);
    // Backoff doubles to a 2 h ceiling: about 18 tries in a day, not thousands.
    expect(row!.attempts).toBeGreaterThan(10);
    expect(row!.attempts).toBeLessThan(25);
    expect(receiver.received.length).toBe(row!.attempts);
    t += 3_600_000;
    expect((await run()).claimed).toBe(0);
  });

  it("Send again: a new attempt with the same webhook-id (receivers dedupe), audited", async () => {
    receiver = await startReceiver(() => 200);
    const { id: endpointId } = await register(receiver.url);
    await emitEvent(handle.db, "entry.recorded", { doorId: "d3" }, t);
    await run();
    const [row] = await listDeliveries(handle.db, admin, endpointId);
    expect(row!.status).toBe("delivered");
    await resendDelivery(handle.db, admin, row!.id, t);
    await run();
    expect(receiver.received.map((r) => r.id)).toEqual([row!.eventId, row!.eventId]);
    const [again] = await rows();
    expect(again).toMatchObject({ status: "delivered", attempts: 2 });
    const audits = await handle.db.select().from(auditLog).where(eq(auditLog.action, "webhook_delivery.resend"));
    expect(audits).toHaveLength(1);
  });

  it("a disabled endpoint is not sent to; re-enabled, its waiting deliveries go out", async () => {
    receiver = await startReceiver(() => 200);
    const { id } = await register(receiver.url);
    await emitEvent(handle.db, "entry.recorded", { doorId: "d4" }, t);
    await updateEndpoint({ db: handle.db, vault, allowPlainHttp: false }, admin, {
      id,
      expectedVersion: 1,
      enabled: false,
    });
    expect((await run()).claimed).toBe(0);
    await updateEndpoint({ db: handle.db, vault, allowPlainHttp: false }, admin, {
      id,
      expectedVersion: 2,
      enabled: true,
    });
    expect((await run()).delivered).toBe(1);
  });

  it("never sends to a link-local address (cloud metadata): refused when registered, failed at once if a name resolves there", async () => {
    await expect(register("https://169.254.169.254/latest/meta-data")).rejects.toThrow(/link-local/);
    const { id } = await register("https://localhost/hooks");
    // A name that resolves to link-local (here: the row's URL changed under the registration check).
    await handle.db.update(webhookEndpoints).set({ url: "http://[fe80::1]/hooks" }).where(eq(webhookEndpoints.id, id));
    await emitEvent(handle.db, "entry.recorded", { doorId: "d5" }, t);
    let sent = 0;
    const counting: typeof fetch = async () => {
      sent++;
      return new Response(null, { status: 204 });
    };
    expect(await run({ fetch: counting })).toMatchObject({ claimed: 1, failed: 1 });
    expect(sent).toBe(0);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "failed", lastError: expect.stringMatching(/link-local/) });
  });

  it("survives a restart: a worker dies mid-send, a new process (new pool) delivers every event exactly once", async () => {
    receiver = await startReceiver(() => 200);
    await register(receiver.url);
    for (let i = 0; i < 30; i++) await emitEvent(handle.db, "entry.recorded", { doorId: `r${i}` }, t);
    // Process 1 claims a batch and dies before any request leaves (its fetch never returns).
    const dying = connect(handle.url, 2);
    const never: typeof fetch = () => new Promise(() => {});
    void deliverDue({ db: dying.db, vault, now: clock, fetch: never, config: { batchSize: 10 } });
    await expect.poll(async () => (await rows()).filter((r) => r.attempts === 1).length).toBe(10);
    await dying.pool.end().catch(() => {});
    // Process 2 starts with a fresh pool; two of its workers share the outbox concurrently.
    const fresh = connect(handle.url, 4);
    try {
      const both = await Promise.all([run({ db: fresh.db }), run({ db: fresh.db })]);
      expect(both[0].claimed + both[1].claimed).toBe(20);
      // The dead worker's claims are not taken before their lease ends…
      expect((await rows()).filter((r) => r.status === "pending")).toHaveLength(10);
      // …and after it they go out.
      t += 61_000;
      expect((await run({ db: fresh.db })).delivered).toBe(10);
    } finally {
      await fresh.pool.end();
    }
    const all = await rows();
    expect(all.every((r) => r.status === "delivered")).toBe(true);
    const ids = receiver.received.map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids)).toEqual(new Set(all.map((r) => r.eventId)));
    const counts = await handle.db.execute(sql`select count(*)::int as n from webhook_deliveries`);
    expect(counts.rows[0]).toEqual({ n: 30 });
  });
});

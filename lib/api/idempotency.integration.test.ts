import { count, eq, sql } from "drizzle-orm";
import type { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessWindows, apiIdempotency, auditLog } from "@/db/schema";
import { IDEMPOTENCY_TTL_MS, pruneIdempotency } from "@/lib/access/api-keys/idempotency";
import { apiKeysFor, callApi } from "@/test/api";
import { createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";

/**
 * Idempotency-Key on every write (integrations.md §4): a retried POST never creates a second window,
 * the same key with another body is refused (422), a duplicate while the first is in flight is told
 * so (409), and records stop counting after 24 h.
 */
let e: Engine;
let keys: Awaited<ReturnType<typeof apiKeysFor>>;
beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 2 });
  keys = await apiKeysFor(e);
});
afterAll(async () => e?.close());

const windowCount = async () => (await e.db.select({ n: count() }).from(accessWindows))[0]!.n;
const stay = (h: number) => ({
  customerId: e.customerIds[0],
  doorId: e.doorIds[0],
  window: { kind: "once", startsAt: hoursFromNow(e, h), endsAt: hoursFromNow(e, h + 2) },
});

describe("Idempotency-Key", () => {
  it("a retried POST replays the first answer and never creates a second window", async () => {
    const before = await windowCount();
    const body = stay(10);
    const first = await callApi(e, "POST", "/windows", { key: keys.rw.key, body, idempotencyKey: "booking-1" });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // The same body with its keys in another order is the same request.
    const reordered = { window: body.window, doorId: body.doorId, customerId: body.customerId };
    const retry = await callApi(e, "POST", "/windows", {
      key: keys.rw.key,
      body: reordered,
      idempotencyKey: "booking-1",
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await windowCount()).toBe(before + 1);
    const audits = await e.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'window.create' and ${auditLog.entityId} = ${first.body.id}`);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorLabel).toBe(`API key “Booking PMS” (${keys.rw.prefix})`);
    expect(audits[0]!.actorId).toBe(keys.rw.id);
    // …and the grant the UI would have made exists: the write went through the same domain function.
    expect(await grantFor(e, e.customerIds[0]!, e.doorIds[0]!)).toMatchObject({ status: "pending" });
  });

  it("without the key the same body twice is two requests (the second is refused as an overlap)", async () => {
    const body = stay(20);
    const a = await callApi(e, "POST", "/windows", { key: keys.rw.key, body });
    const b = await callApi(e, "POST", "/windows", { key: keys.rw.key, body });
    expect(a.status).toBe(201);
    expect(b.status).toBe(409);
    expect(b.body).toMatchObject({ type: "/developers/api#problem-conflict", overlapsWindowId: a.body.id });
  });

  it("the same key with a different body → 422 problem, nothing written", async () => {
    const before = await windowCount();
    const first = await callApi(e, "POST", "/windows", {
      key: keys.rw.key,
      body: stay(30),
      idempotencyKey: "booking-2",
    });
    expect(first.status).toBe(201);
    const other = await callApi(e, "POST", "/windows", {
      key: keys.rw.key,
      body: stay(40),
      idempotencyKey: "booking-2",
    });
    expect(other.status).toBe(422);
    expect(other.contentType).toBe("application/problem+json");
    expect(other.body.type).toBe("/developers/api#problem-idempotency-key-reused");
    expect(await windowCount()).toBe(before + 1);
  });

  it("keys are per API key: another key may use the same Idempotency-Key for its own request", async () => {
    const { rw: other } = await apiKeysFor(e);
    const a = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(50), idempotencyKey: "shared" });
    const b = await callApi(e, "POST", "/windows", { key: other.key, body: stay(60), idempotencyKey: "shared" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it("a duplicate while the first is still in flight → 409 problem with Retry-After", async () => {
    // Hold the in-flight mark the way a first request does: the pair's advisory lock, in another session.
    const c = await (e.db as unknown as { $client: Pool }).$client.connect();
    try {
      await c.query("begin");
      await c.query("select pg_advisory_xact_lock(727100, hashtext($1 || ':' || $2))", [keys.rw.id, "booking-3"]);
      const dup = await callApi(e, "POST", "/windows", {
        key: keys.rw.key,
        body: stay(70),
        idempotencyKey: "booking-3",
      });
      expect(dup.status).toBe(409);
      expect(dup.body.type).toBe("/developers/api#problem-idempotency-in-flight");
      expect(dup.headers.get("retry-after")).toBe("1");
      await c.query("rollback");
    } finally {
      c.release();
    }
    // Once the first is gone, the request goes through.
    const after = await callApi(e, "POST", "/windows", {
      key: keys.rw.key,
      body: stay(70),
      idempotencyKey: "booking-3",
    });
    expect(after.status).toBe(201);
  });

  it("two identical requests racing create one window: one succeeds, the other is in flight or replayed", async () => {
    const before = await windowCount();
    const body = stay(80);
    const answers = await Promise.all(
      [1, 2].map(() => callApi(e, "POST", "/windows", { key: keys.rw.key, body, idempotencyKey: "booking-race" })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([201]));
    for (const a of answers) expect([201, 409]).toContain(a.status);
    expect(await windowCount()).toBe(before + 1);
  });

  it("a refusal is stored and replayed too (same request, same answer)", async () => {
    const created = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(90) });
    const stale = {
      expectedVersion: 7,
      window: { kind: "once", startsAt: hoursFromNow(e, 91), endsAt: hoursFromNow(e, 92) },
    };
    const first = await callApi(e, "PATCH", `/windows/${created.body.id}`, {
      key: keys.rw.key,
      body: stale,
      idempotencyKey: "move-1",
    });
    expect(first.status).toBe(409);
    expect(first.body.current).toMatchObject({ id: created.body.id, version: 1 });
    const again = await callApi(e, "PATCH", `/windows/${created.body.id}`, {
      key: keys.rw.key,
      body: stale,
      idempotencyKey: "move-1",
    });
    expect(again.status).toBe(409);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("a retried DELETE replays its 200 instead of answering 404", async () => {
    const created = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(100) });
    const del = () =>
      callApi(e, "DELETE", `/windows/${created.body.id}`, {
        key: keys.rw.key,
        query: { expectedVersion: 1 },
        idempotencyKey: "cancel-1",
      });
    const first = await del();
    expect(first.status).toBe(200);
    const retry = await del();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const fresh = await callApi(e, "DELETE", `/windows/${created.body.id}`, {
      key: keys.rw.key,
      query: { expectedVersion: 1 },
    });
    expect(fresh.status).toBe(404);
  });

  it("a write without an Idempotency-Key is refused with a problem that says what to send", async () => {
    const before = await windowCount();
    const answer = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(110), idempotencyKey: null });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe("/developers/api#problem-idempotency-key-missing");
    expect(await windowCount()).toBe(before);
  });

  it("after 24 h a key no longer counts: the same key with a new body is a new request", async () => {
    const first = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(120), idempotencyKey: "old" });
    expect(first.status).toBe(201);
    e.clock.advance(IDEMPOTENCY_TTL_MS + 60_000);
    const later = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(130), idempotencyKey: "old" });
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
    const rows = await e.db.select().from(apiIdempotency).where(eq(apiIdempotency.key, "old"));
    expect(rows).toHaveLength(1);
  });

  it("expired records are deleted in batches; live ones stay", async () => {
    await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(140), idempotencyKey: "fresh" });
    const before = await e.db.select().from(apiIdempotency);
    const stale = before.filter((r) => r.createdAt.getTime() <= e.now() - IDEMPOTENCY_TTL_MS);
    expect(stale.length).toBeGreaterThan(0);
    let deleted = 0;
    for (let n = -1; n !== 0; ) deleted += n = await pruneIdempotency(e.db, e.now(), 2);
    expect(deleted).toBe(stale.length);
    const after = await e.db.select().from(apiIdempotency);
    expect(after.map((r) => r.key)).toContain("fresh");
    expect(after).toHaveLength(before.length - stale.length);
  });
});

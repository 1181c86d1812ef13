import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, apiKeyUsage, auditLog } from "@/db/schema";
import { apiKeysFor, callApi } from "@/test/api";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "./keys";

/** API keys: shown once, stored hashed, scoped, expiring, revocable, rate-limited, every use counted. */
let e: Engine;
let keys: Awaited<ReturnType<typeof apiKeysFor>>;
beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 2 });
  keys = await apiKeysFor(e);
});
afterAll(async () => e?.close());

const stay = (h: number) => ({
  customerId: e.customerIds[1],
  doorId: e.doorIds[1],
  window: { kind: "once", startsAt: hoursFromNow(e, h), endsAt: hoursFromNow(e, h + 1) },
});

describe("creating and listing keys", () => {
  it("shows the key once; only its hash is stored; the list never holds the hash", async () => {
    expect(keys.rw.key).toMatch(/^ptr_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(keys.rw.key.startsWith(keys.rw.prefix)).toBe(true);
    const [row] = await e.db.select().from(apiKeys).where(eq(apiKeys.id, keys.rw.id));
    expect(row!.secretHash).toBe(hashApiKey(keys.rw.key));
    expect(JSON.stringify(row)).not.toContain(keys.rw.key.slice(13));
    const list = await listApiKeys(e.db, keys.admin, e.now());
    expect(JSON.stringify(list)).not.toContain(row!.secretHash);
    expect(list.find((k) => k.id === keys.rw.id)).toMatchObject({
      name: "Booking PMS",
      prefix: keys.rw.prefix,
      scope: "read_write",
      createdByName: "Ada Admin",
    });
  });

  it("only admins create, list or revoke keys, and each is audited", async () => {
    await expect(createApiKey(e.db, e.actor, { name: "x", scope: "read", expiresAt: null })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(listApiKeys(e.db, e.actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revokeApiKey(e.db, e.actor, keys.ro.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const audits = await e.db.select().from(auditLog).where(eq(auditLog.entityId, keys.rw.id));
    expect(audits.map((a) => a.action)).toEqual(["api_key.create"]);
    expect(JSON.stringify(audits)).not.toContain(keys.rw.key);
  });

  it("refuses an expiry in the past", async () => {
    await expect(
      createApiKey(e.db, keys.admin, { name: "old", scope: "read", expiresAt: new Date(e.now() - 1000) }, e.now()),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("what a key may do", () => {
  it("a read key reads but cannot write (403 problem), and nothing is written", async () => {
    expect((await callApi(e, "GET", "/customers", { key: keys.ro.key })).status).toBe(200);
    const write = await callApi(e, "POST", "/windows", { key: keys.ro.key, body: stay(5) });
    expect(write.status).toBe(403);
    expect(write.body.type).toBe("/developers/api#problem-forbidden");
    expect((await callApi(e, "GET", "/windows", { key: keys.ro.key })).body.items).toHaveLength(0);
  });

  it("a read-write key writes", async () => {
    const write = await callApi(e, "POST", "/windows", { key: keys.rw.key, body: stay(5) });
    expect(write.status).toBe(201);
  });

  it("refuses a missing, malformed, unknown or guessed key with 401", async () => {
    const words = async (key: string | null, headers?: Record<string, string>) => {
      const a = await callApi(e, "GET", "/sites", { key, headers });
      expect(a.status).toBe(401);
      return a.body.detail as string;
    };
    expect(await words(null)).toMatch(/Bearer/);
    expect(await words(null, { authorization: "Basic YWRtaW46YWRtaW4=" })).toMatch(/does not hold/);
    expect(await words(`ptr_zzzzzzzz_${"A".repeat(43)}`)).toMatch(/not known/);
    // The right prefix with a wrong secret: the hash comparison refuses it.
    expect(await words(`${keys.rw.prefix}_${"B".repeat(43)}`)).toMatch(/not known/);
  });

  it("an expired key stops working at its expiry", async () => {
    const k = await createApiKey(
      e.db,
      keys.admin,
      { name: "Short", scope: "read", expiresAt: new Date(e.now() + 3_600_000) },
      e.now(),
    );
    expect((await callApi(e, "GET", "/sites", { key: k.key })).status).toBe(200);
    e.clock.advance(3_600_000);
    const after = await callApi(e, "GET", "/sites", { key: k.key });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/expired/);
  });

  it("a revoked key stops working at once; revoking is audited", async () => {
    const k = await createApiKey(e.db, keys.admin, { name: "Leaked", scope: "read_write", expiresAt: null }, e.now());
    expect((await callApi(e, "GET", "/sites", { key: k.key })).status).toBe(200);
    await revokeApiKey(e.db, keys.admin, k.id, e.now());
    const after = await callApi(e, "POST", "/windows", { key: k.key, body: stay(30) });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/revoked/);
    const audits = await e.db.select().from(auditLog).where(eq(auditLog.entityId, k.id));
    expect(audits.map((a) => a.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("records last use and counts reads, writes and refusals per hour", async () => {
    const k = await createApiKey(e.db, keys.admin, { name: "Counter", scope: "read", expiresAt: null }, e.now());
    await callApi(e, "GET", "/doors", { key: k.key });
    await callApi(e, "GET", "/sites", { key: k.key });
    await callApi(e, "POST", "/windows", { key: k.key, body: stay(40) });
    const [row] = await e.db.select().from(apiKeys).where(eq(apiKeys.id, k.id));
    expect(row!.lastUsedAt).not.toBeNull();
    const usage = await e.db.select().from(apiKeyUsage).where(eq(apiKeyUsage.apiKeyId, k.id));
    expect(usage).toEqual([expect.objectContaining({ reads: 2, writes: 0, refused: 1 })]);
    const listed = (await listApiKeys(e.db, keys.admin, Date.now())).find((x) => x.id === k.id)!;
    expect([listed.readsLast24h, listed.writesLast24h, listed.refusedLast24h]).toEqual([2, 0, 1]);
  });
});

describe("rate limit per key", () => {
  const tight = { perMinute: 60, burst: 3 };

  it("answers 429 with Retry-After and a problem body once the burst is spent", async () => {
    const k = await createApiKey(e.db, keys.admin, { name: "Busy", scope: "read", expiresAt: null }, e.now());
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof callApi>> | undefined;
    for (let i = 0; i < 4; i++) {
      const a = await callApi(e, "GET", "/sites", { key: k.key }, tight);
      statuses.push(a.status);
      if (a.status === 429) limited = a;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited!.headers.get("retry-after")).toBe("1");
    expect(limited!.headers.get("ratelimit-remaining")).toBe("0");
    expect(limited!.body).toMatchObject({ status: 429, type: "/developers/api#problem-rate-limited" });
    // Another key has its own bucket.
    expect((await callApi(e, "GET", "/sites", { key: keys.ro.key }, tight)).status).toBe(200);
  });

  it("refills with time (the database's clock, shared by every instance)", async () => {
    const k = await createApiKey(e.db, keys.admin, { name: "Refill", scope: "read", expiresAt: null }, e.now());
    // One token per 3 s: wide enough that a loaded machine's slow second call still finds the bucket empty.
    const fast = { perMinute: 20, burst: 1 };
    expect((await callApi(e, "GET", "/sites", { key: k.key }, fast)).status).toBe(200);
    const refused = Date.now();
    expect((await callApi(e, "GET", "/sites", { key: k.key }, fast)).status).toBe(429);
    // Waited by the wall clock, not one timer: a CI run saw a 3.2 s timer come back after 35 ms (libuv
    // dates a timer from its cached loop time, which can be seconds old on a starved machine).
    while (Date.now() - refused < 3_300) await new Promise((r) => setTimeout(r, 100));
    expect((await callApi(e, "GET", "/sites", { key: k.key }, fast)).status).toBe(200);
  });

  it("concurrent requests of one key never get more than the burst", async () => {
    const k = await createApiKey(e.db, keys.admin, { name: "Burst", scope: "read", expiresAt: null }, e.now());
    const slow = { perMinute: 1, burst: 5 };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => callApi(e, "GET", "/sites", { key: k.key }, slow)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
    const [row] = await e.db
      .execute<{ t: number }>(sql`select rate_tokens as t from api_keys where id = ${k.id}`)
      .then((r) => r.rows);
    expect(Number(row!.t)).toBeLessThan(1);
  });
});

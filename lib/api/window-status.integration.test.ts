import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doors, grants, sites } from "@/db/schema";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { apiKeysFor, callApi } from "@/test/api";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";

/**
 * "Status out": what an integrator reads after a write is the calendar's truth — sending, on lock,
 * a later state of a rotation, lock offline (since when), failed (with the reason) — and the range
 * read pages through every window of a site without gaps or repeats.
 */
let e: Engine;
let keys: Awaited<ReturnType<typeof apiKeysFor>>;
let siteId: string;
beforeAll(async () => {
  e = await createEngine({ doors: 3, customers: 3 });
  keys = await apiKeysFor(e);
  const [site] = await e.db.insert(sites).values({ name: "Main", timeZone: "Europe/Berlin" }).returning();
  siteId = site!.id;
  await e.db.update(doors).set({ siteId }).where(eq(doors.id, e.doorIds[0]!));
  await e.db.update(doors).set({ siteId }).where(eq(doors.id, e.doorIds[1]!));
});
afterAll(async () => e?.close());

const create = async (customer: number, door: number, fromH: number, toH: number) => {
  const a = await callApi(e, "POST", "/windows", {
    key: keys.rw.key,
    body: {
      customerId: e.customerIds[customer],
      doorId: e.doorIds[door],
      window: { kind: "once", startsAt: hoursFromNow(e, fromH), endsAt: hoursFromNow(e, toH) },
    },
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  return a.body.id as string;
};
const statusOf = async (id: string) => {
  const a = await callApi(e, "GET", `/windows/${id}/status`, { key: keys.ro.key });
  expect(a.status).toBe(200);
  return a.body;
};

describe("per-window lock status", () => {
  let first: string;
  let later: string;

  it("is 'sending' right after the write, then 'on lock' once the lock confirmed it", async () => {
    first = await create(0, 0, 1, 3);
    expect(await statusOf(first)).toMatchObject({ state: "pending", label: "Sending to lock", reason: null });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect(await statusOf(first)).toMatchObject({
      state: "applied",
      label: "On lock",
      lockOnline: true,
      credential: "keypad",
    });
  });

  it("a later window of the same customer and door waits its turn ('scheduled') while the first is on the lock", async () => {
    later = await create(0, 0, 30, 32);
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect(await statusOf(first)).toMatchObject({ state: "applied" });
    expect(await statusOf(later)).toMatchObject({ state: "scheduled", label: "Queued" });
  });

  it("says the lock is offline, and since when", async () => {
    e.sim.setOnline(e.smartlockIds[1]!, false);
    await advance(e, 200);
    const id = await create(1, 1, 2, 4);
    const s = await statusOf(id);
    expect(s).toMatchObject({ state: "lock_offline", label: "Lock offline", lockOnline: false });
    expect(Date.parse(s.lockOfflineSince)).toBeGreaterThan(0);
  });

  it("gives the reason of a failure", async () => {
    const id = await create(2, 2, 5, 6);
    await e.db
      .update(grants)
      .set({ status: "failed", lastError: "Nuki refused the code: already used on this lock." })
      .where(eq(grants.customerId, e.customerIds[2]!));
    expect(await statusOf(id)).toMatchObject({
      state: "failed",
      label: "Failed",
      reason: "Nuki refused the code: already used on this lock.",
    });
  });

  it("the range read pages through a site's windows, each once, and leaves other sites out", async () => {
    const query = { from: new Date(e.now()).toISOString(), to: hoursFromNow(e, 24 * 7).toISOString(), site: siteId };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const a = await callApi(e, "GET", "/status", {
        key: keys.ro.key,
        query: { ...query, limit: 1, ...(cursor ? { cursor } : {}) },
      });
      expect(a.status).toBe(200);
      seen.push(...a.body.items.map((s: { windowId: string }) => s.windowId));
      cursor = a.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const all = await callApi(e, "GET", "/windows", { key: keys.ro.key, query: { site: siteId } });
    expect(seen.sort()).toEqual(all.body.items.map((w: { id: string }) => w.id).sort());
    expect(seen).toHaveLength(3); // door 0: two windows, door 1: one; door 2 is on no site
    const { site: _site, ...everywhere } = query;
    const other = await callApi(e, "GET", "/status", { key: keys.ro.key, query: everywhere });
    expect(other.body.items).toHaveLength(4);
  });

  it("refuses a range over 62 days and a tampered cursor with a problem that says why", async () => {
    const long = await callApi(e, "GET", "/status", {
      key: keys.ro.key,
      query: { from: new Date(e.now()).toISOString(), to: hoursFromNow(e, 24 * 63).toISOString() },
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({ in: "query", field: "to", message: expect.stringMatching(/62 days/) });
    const bad = await callApi(e, "GET", "/customers", { key: keys.ro.key, query: { cursor: "abc" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "cursor", message: expect.stringMatching(/cursor/) });
  });
});

import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { ZodError } from "zod";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RequestBudget } from "./budget";
import { NukiClient } from "./client";
import { describeNukiError, isNukiApiError, type NukiApiError } from "./errors";
import { simulatorHandlers } from "./sim/msw";
import { DEFAULT_TOKEN, NukiSimulator } from "./sim/simulator";
import { virtualClock } from "./testing";

const BASE = "https://api.nuki.io";
const sim = new NukiSimulator({ clock: "manual", seed: 7, config: { applyDelayMs: 1000 } });
const server = setupServer(...simulatorHandlers(sim, BASE));
const LOCK = 4 * 2 ** 32 + 1;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  sim.reset();
  sim.addLock({ smartlockId: LOCK, name: "Studio A" });
});

function client(extra: Partial<ConstructorParameters<typeof NukiClient>[0]> = {}) {
  const clock = virtualClock();
  return {
    clock,
    c: new NukiClient({
      baseUrl: BASE,
      token: DEFAULT_TOKEN,
      clock,
      budget: new RequestBudget({ ratePerSec: 100, burst: 100, clock }),
      random: () => 0.5,
      ...extra,
    }),
  };
}

const window = {
  allowedFromDate: "2026-01-05T07:00:00.000Z",
  allowedUntilDate: "2026-01-05T09:00:00.000Z",
  allowedWeekDays: 127,
  allowedFromTime: 0,
  allowedUntilTime: 0,
};

describe("NukiClient against the simulator's rules (MSW)", () => {
  it("reads smartlocks with big ids exactly", async () => {
    const [lock] = await client().c.listSmartlocks();
    expect(lock!.smartlockId).toBe(LOCK);
    expect(lock!.serverState).toBe(0);
  });

  it("treats 204 as accepted, never parses it, and the auth appears only after the lock applied it", async () => {
    const { c } = client();
    const r = await c.createAuth(LOCK, { name: "P-abc", type: 13, code: 345678, remoteAllowed: false, ...window });
    expect(r.status).toBe("accepted");
    expect(await c.listLockAuths(LOCK)).toEqual([]);
    sim.manualClock!.advance(1000);
    const auths = await c.listLockAuths(LOCK);
    expect(auths).toHaveLength(1);
    expect(auths[0]).toMatchObject({ name: "P-abc", code: 345678, authId: 1, allowedFromDate: window.allowedFromDate });
  });

  it("types 409 (code taken), 422 (name too long for a code), 423 (change running) and 401", async () => {
    const { c } = client();
    await c.createAuth(LOCK, { name: "A", type: 13, code: 345678, remoteAllowed: false, ...window });
    const e409 = await c
      .createAuth(LOCK, { name: "B", type: 13, code: 345678, remoteAllowed: false, ...window })
      .catch((e) => e);
    expect(isNukiApiError(e409) && e409.kind).toBe("conflict");
    expect(describeNukiError(e409)).toMatch(/already used on this lock/);
    const e422 = await c
      .createAuth(LOCK, { name: "a name longer than 20", type: 13, code: 456789, remoteAllowed: false, ...window })
      .catch((e) => e);
    expect(e422).toMatchObject({ kind: "unprocessable", status: 422 });
    sim.manualClock!.advance(1000);
    const [auth] = await c.listLockAuths(LOCK);
    await c.updateAuth(LOCK, auth!.id, { name: "A", enabled: true, remoteAllowed: false, ...window });
    const e423 = await c
      .updateAuth(LOCK, auth!.id, { name: "A", enabled: true, remoteAllowed: false, ...window })
      .catch((e) => e);
    expect(e423).toMatchObject({ kind: "locked", status: 423 });
    const e401 = await client({ token: "wrong" })
      .c.listSmartlocks()
      .catch((e) => e);
    expect(e401).toMatchObject({ kind: "unauthorized", status: 401 });
    expect((e401 as NukiApiError).body).toMatchObject({ detailMessage: "Your access token is not authorized" });
  });

  it("refuses to send a code Nuki would reject, before any request", async () => {
    const { c } = client();
    for (const code of [123456, 345670, 34567, 1234567]) {
      const e = await c
        .createAuth(LOCK, { name: "x", type: 13, code, remoteAllowed: false, ...window })
        .catch((x) => x);
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues[0]!.message).toBe("6 digits 1–9, not starting with 12");
    }
    expect(sim.calls).toEqual([]);
  });

  it("retries 429 only after Retry-After and never sends before it", async () => {
    const { c, clock } = client();
    sim.faults.push({ route: "GET /smartlock", status: 429, remaining: 1, retryAfterSec: 7 });
    const sent: number[] = [];
    server.events.on("request:start", () => sent.push(clock.now()));
    await c.listSmartlocks();
    server.events.removeAllListeners();
    expect(sent).toHaveLength(2);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(7000);
    expect(c.stats.retries).toBe(1);
  });

  it("retries 5xx with backoff, then gives up with a typed error", async () => {
    const { c } = client({ retry: { attempts: 3, baseDelayMs: 100 } });
    sim.faults.push({ route: "GET /smartlock", status: 502, remaining: 2 });
    expect(await c.listSmartlocks()).toHaveLength(1);
    sim.faults.push({ route: "GET /smartlock", status: 503, remaining: 5 });
    const e = await c.listSmartlocks().catch((x) => x);
    expect(e).toMatchObject({ kind: "server", status: 503 });
    expect(c.stats.requests).toBe(3 + 3);
  });

  it("does not retry 4xx other than 429", async () => {
    const { c } = client();
    sim.faults.push({ route: "GET /smartlock", status: 400, remaining: 1 });
    await expect(c.listSmartlocks()).rejects.toMatchObject({ kind: "bad_request" });
    expect(c.stats.requests).toBe(1);
  });

  it("turns network failures and unexpected bodies into typed errors", async () => {
    server.use(http.get(`${BASE}/smartlock`, () => HttpResponse.error()));
    await expect(client({ retry: { attempts: 1 } }).c.listSmartlocks()).rejects.toMatchObject({
      kind: "network",
      status: 0,
    });
    server.use(http.get(`${BASE}/smartlock`, () => HttpResponse.json([{ smartlockId: "not a number" }])));
    await expect(client().c.listSmartlocks()).rejects.toMatchObject({ kind: "invalid_response" });
    server.use(http.get(`${BASE}/smartlock`, () => new HttpResponse("<html>", { status: 200 })));
    await expect(client().c.listSmartlocks()).rejects.toMatchObject({ kind: "invalid_response" });
  });

  it("sends DELETE /smartlock/auth with its JSON body, and bulk updates as a list", async () => {
    const { c } = client();
    await c.createAuthOnLocks({
      name: "P-multi",
      type: 13,
      code: 345678,
      remoteAllowed: false,
      smartlockIds: [LOCK],
      ...window,
    });
    sim.manualClock!.advance(1000);
    const [a] = await c.listAuths();
    await c.updateAuths([{ id: a!.id, name: "P-multi", enabled: false, remoteAllowed: false, ...window }]);
    sim.manualClock!.advance(1000);
    expect((await c.getAuth(LOCK, a!.id)).enabled).toBe(false);
    await c.deleteAuths([a!.id]);
    sim.manualClock!.advance(1000);
    expect(await c.listAuths()).toEqual([]);
  });

  it("pages through /smartlock/auth/paged", async () => {
    const { c } = client();
    for (let i = 0; i < 5; i++) {
      const u = await c.createAccountUser({ email: `u${i}@example.com`, name: `U${i}` });
      await c.createAuth(LOCK, {
        name: `P-${i}`,
        type: 0,
        accountUserId: u.accountUserId,
        remoteAllowed: true,
        ...window,
      });
    }
    sim.manualClock!.advance(1000);
    const before = c.stats.requests;
    expect(await c.listAllAuthsPaged({ size: 2 })).toHaveLength(5);
    expect(c.stats.requests - before).toBe(3);
  });
});

describe("RequestBudget", () => {
  it("lets a burst through, then holds the sustained rate", async () => {
    const clock = virtualClock(0);
    const b = new RequestBudget({ ratePerSec: 1, burst: 3, clock });
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await b.take();
      times.push(clock.now());
    }
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    expect(times[5]! - times[3]!).toBeGreaterThanOrEqual(2000);
    expect(times[5]!).toBeLessThanOrEqual(3100);
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RequestBudget } from "../budget";
import { NukiClient } from "../client";
import { verifyNukiSignature } from "../webhook";
import { startSimulatorServer, type RunningSimulator } from "./server";
import { DEFAULT_TOKEN } from "./simulator";

// The simulator over real HTTP on loopback, with a real webhook receiver, on a manual clock.
let s: RunningSimulator;
let c: NukiClient;
let receiver: http.Server;
let receiverUrl: string;
const received: { body: string; signature: string | undefined }[] = [];
let secret = "";
const LOCK = 4 * 2 ** 32 + 0x10;
const OTHER = 4 * 2 ** 32 + 0x11;
const day = {
  allowedFromDate: "2026-01-05T00:00:00.000Z",
  allowedUntilDate: "2026-01-10T00:00:00.000Z",
  allowedWeekDays: 127,
  allowedFromTime: 480,
  allowedUntilTime: 600,
};

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${s.url}/_sim${path}`, { method: "POST", body: JSON.stringify(body) });
  return res.status === 204 ? null : res.json();
}
const advance = (ms: number) => control("/clock/advance", { ms });
const features = () => received.map((r) => JSON.parse(r.body).feature as string);

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push({ body, signature: req.headers["x-nuki-signature-sha256"] as string });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => {
  receiver.close();
});
// A fresh simulator (and manual clock at Mon 2026-01-05 08:00Z) for every test.
beforeEach(async () => {
  s = await startSimulatorServer({ clock: "manual", seed: 3, config: { applyDelayMs: 2000, webhookDelayMs: 0 } });
  c = new NukiClient({
    baseUrl: s.url,
    token: DEFAULT_TOKEN,
    budget: new RequestBudget({ ratePerSec: 1000, burst: 1000 }),
    retry: { attempts: 1 },
  });
  received.length = 0;
  await control("/locks", { smartlockId: LOCK, name: "Studio A", timeZone: "Europe/Berlin" });
  await control("/locks", { smartlockId: OTHER, name: "Storage", keypadPaired: false });
  ({ secret } = await c.registerWebhook(receiverUrl, ["DEVICE_AUTHS", "DEVICE_STATUS", "DEVICE_LOGS", "ACCOUNT_USER"]));
});
afterEach(async () => {
  await s.sim.webhooks.settle();
  await s.close();
});

describe("Nuki simulator", () => {
  it("applies a write after the configured delay and posts a signed DEVICE_AUTHS webhook", async () => {
    await c.createAuth(LOCK, { name: "P-1", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(1999);
    expect(await c.listLockAuths(LOCK)).toEqual([]);
    await advance(1);
    const [auth] = await c.listLockAuths(LOCK);
    expect(auth).toMatchObject({ code: 456789, authId: 1, operationId: null });
    const hook = received.find((r) => JSON.parse(r.body).feature === "DEVICE_AUTHS")!;
    expect(verifyNukiSignature(hook.body, hook.signature, secret)).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ deleted: false, smartlockAuth: { id: auth!.id, code: 456789 } });
  });

  it("keeps writes to an offline lock pending and applies them when it returns", async () => {
    await control(`/locks/${LOCK}/offline`);
    expect((await c.getSmartlock(LOCK)).serverState).toBe(4);
    await c.createAuth(LOCK, { name: "P-2", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(60 * 60_000);
    expect(await c.listLockAuths(LOCK)).toEqual([]);
    await control(`/locks/${LOCK}/online`);
    await advance(2000);
    expect(await c.listLockAuths(LOCK)).toHaveLength(1);
    expect(features()).toEqual(["DEVICE_STATUS", "DEVICE_STATUS", "DEVICE_AUTHS"]);
  });

  it("can answer 204 and never apply", async () => {
    await control("/never-apply-next", { count: 1 });
    await c.createAuth(LOCK, { name: "P-3", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(10_000);
    expect(await c.listLockAuths(LOCK)).toEqual([]);
    expect(features()).toEqual([]);
  });

  it("inferred switch: creates that wait for the daily sync, refused twice (409), listed or not", async () => {
    await control("/stall-next-creates", { count: 1 });
    await c.createAuth(LOCK, { name: "P-5", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(60 * 60_000);
    expect(await c.listLockAuths(LOCK)).toEqual([]);
    await expect(
      c.createAuth(LOCK, { name: "P-5", type: 13, code: 456789, remoteAllowed: false, ...day }),
    ).rejects.toMatchObject({ status: 409 });
    await control("/config", { createVisibility: "immediately" });
    await control("/stall-next-creates", { count: 1 });
    await c.createAuth(LOCK, { name: "P-6", type: 13, code: 567891, remoteAllowed: false, ...day });
    const listed = (await c.listLockAuths(LOCK)).find((a) => a.name === "P-6")!;
    expect(listed).toMatchObject({ authId: null });
    expect(listed.operationId).toBeTruthy();
    await expect(
      c.updateAuth(LOCK, listed.id, { name: "P-6", enabled: true, remoteAllowed: false, ...day }),
    ).rejects.toMatchObject({ status: 423 });
    await control("/daily-sync");
    expect((await c.listLockAuths(LOCK)).map((a) => [a.name, a.authId != null]).sort()).toEqual([
      ["P-5", true],
      ["P-6", true],
    ]);
  });

  it("applies stalled creates at the scheduled daily sync on its own clock", async () => {
    await control("/config", { stallCreates: true });
    await c.createAuth(LOCK, { name: "P-7", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(23 * 60 * 60_000);
    expect(await c.listLockAuths(LOCK)).toEqual([]);
    await advance(60 * 60_000);
    expect(await c.listLockAuths(LOCK)).toHaveLength(1);
  });

  it("inferred switches: minimal DEVICE_AUTHS bodies and Nuki's clock offset", async () => {
    await control("/config", { webhookBodies: "minimal", clockOffsetMs: -5 * 60_000 });
    await c.createAuth(LOCK, { name: "P-8", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(2000);
    const hook = JSON.parse(received.find((r) => JSON.parse(r.body).feature === "DEVICE_AUTHS")!.body);
    expect(Object.keys(hook.smartlockAuth).sort()).toEqual(["authId", "code", "id", "name", "smartlockId", "type"]);
    const [auth] = await c.listLockAuths(LOCK);
    expect(Date.parse(auth!.updateDate!)).toBe(s.sim.clock.now() - 5 * 60_000);
  });

  it("answers 423 while a change to the same auth is running", async () => {
    await c.createAuth(LOCK, { name: "P-4", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(2000);
    const [a] = await c.listLockAuths(LOCK);
    await c.updateAuth(LOCK, a!.id, { name: "P-4", enabled: true, remoteAllowed: false, ...day });
    await expect(c.deleteAuth(LOCK, a!.id)).rejects.toMatchObject({ status: 423 });
    await advance(2000);
    await c.deleteAuth(LOCK, a!.id);
  });

  it("wipes time restrictions an update leaves out (Nuki's full-replacement semantics)", async () => {
    await c.createAuth(LOCK, { name: "P-5", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(2000);
    const [a] = await c.listLockAuths(LOCK);
    // A raw partial update, as a careless client would send it.
    await fetch(`${s.url}/smartlock/${LOCK}/auth/${a!.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
      body: JSON.stringify({ name: "P-5", code: 567891 }),
    });
    await advance(2000);
    expect(await c.getAuth(LOCK, a!.id)).toMatchObject({
      code: 567891,
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedFromTime: null,
    });
  });

  it("enforces keypad rules: paired keypad, unique code per lock, 20-char names, slot limit, one auth per account user", async () => {
    await expect(
      c.createAuth(OTHER, { name: "P", type: 13, code: 456789, remoteAllowed: false, ...day }),
    ).rejects.toMatchObject({ status: 400 });
    await c.createAuth(LOCK, { name: "P", type: 13, code: 456789, remoteAllowed: false, ...day });
    // Unique also against a create still on its way to the lock.
    await expect(
      c.createAuth(LOCK, { name: "Q", type: 13, code: 456789, remoteAllowed: false, ...day }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      c.createAuth(LOCK, { name: "x".repeat(21), type: 13, code: 567891, remoteAllowed: false, ...day }),
    ).rejects.toMatchObject({ status: 422 });
    await control("/config", { maxKeypadCodes: 2 });
    await c.createAuth(LOCK, { name: "R", type: 13, code: 567891, remoteAllowed: false, ...day });
    await expect(
      c.createAuth(LOCK, { name: "S", type: 13, code: 678912, remoteAllowed: false, ...day }),
    ).rejects.toMatchObject({ status: 422 });
    const u = await c.createAccountUser({ email: "guest@example.com", name: "Guest" });
    await c.createAuthOnLocks({
      name: "App",
      type: 0,
      accountUserId: u.accountUserId,
      remoteAllowed: true,
      smartlockIds: [LOCK, OTHER],
      ...day,
    });
    await expect(
      c.createAuth(LOCK, { name: "App2", type: 0, accountUserId: u.accountUserId, remoteAllowed: true, ...day }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      c.createAuth(LOCK, { name: "App3", type: 0, accountUserId: 999_999, remoteAllowed: true, ...day }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("scripts webhook faults: drop, duplicate, reorder", async () => {
    await fetch(`${s.url}/_sim/webhooks/script`, { method: "POST", body: JSON.stringify({ drop: 1, duplicate: 1 }) });
    await c.createAuth(LOCK, { name: "A", type: 13, code: 456789, remoteAllowed: false, ...day });
    await c.createAuth(LOCK, { name: "B", type: 13, code: 567891, remoteAllowed: false, ...day });
    await advance(2000);
    const names = received.map((r) => JSON.parse(r.body).smartlockAuth.name);
    expect(names).toEqual(["B", "B"]);
    received.length = 0;
    await fetch(`${s.url}/_sim/webhooks/script`, { method: "POST", body: JSON.stringify({ reorder: 1 }) });
    await c.createAuth(LOCK, { name: "C", type: 13, code: 678912, remoteAllowed: false, ...day });
    await advance(1000);
    await c.createAuth(LOCK, { name: "D", type: 13, code: 789123, remoteAllowed: false, ...day });
    await advance(2000);
    expect(received.map((r) => JSON.parse(r.body).smartlockAuth.name)).toEqual(["D", "C"]);
  });

  it("logs door events per the lock's own check of the auth, and pages logs", async () => {
    await c.createAuth(LOCK, { name: "P-6", type: 13, code: 456789, remoteAllowed: false, ...day });
    await advance(2000); // manual clock starts Mon 2026-01-05 08:00Z = 09:00 in Berlin: inside 08:00–10:00
    const ok = (await control("/entry", { smartlockId: LOCK, code: 456789 })) as { state: number; name: string };
    expect(ok).toMatchObject({ state: 0, name: "P-6", trigger: 255 });
    await advance(60 * 60_000); // 10:00 Berlin: outside
    expect(await control("/entry", { smartlockId: LOCK, code: 456789 })).toMatchObject({ state: 9 });
    expect(await control("/entry", { smartlockId: LOCK, code: 999999 })).toMatchObject({ state: 224 });
    const logs = await c.listLogs({ smartlockId: LOCK, limit: 2 });
    expect(logs.map((l) => l.state)).toEqual([224, 9]);
    expect(await c.listLogs({ smartlockId: LOCK, id: logs[1]!.id })).toHaveLength(1);
    await advance(0); // on the manual clock, even an immediate delivery waits for time to move
    expect(features().filter((f) => f === "DEVICE_LOGS")).toHaveLength(3);
  });

  it("refuses an unknown bearer token on every path with Nuki's 401 body", async () => {
    for (const path of ["/smartlock", "/smartlock/auth", "/account/user", "/api/decentralWebhook"]) {
      const res = await fetch(`${s.url}${path}`, { headers: { authorization: "Bearer nope" } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ detailMessage: "Your access token is not authorized" });
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RequestBudget } from "../budget";
import { NukiClient } from "../client";
import { NukiApiError } from "../errors";
import { zoneOfTimezoneId } from "../time-zones";
import { BUILDING_AUTHS, BUILDING_LOCKS, BUILDING_MATCHING_EMAIL } from "./building-profile";
import { startSimulatorServer, type RunningSimulator } from "./server";
import { DEFAULT_TOKEN } from "./simulator";

// Device types, zones, keypad pairing, pre-existing auths and the account-changing controls, over real HTTP.
let s: RunningSimulator;
let c: NukiClient;
const LOCK = 4 * 2 ** 32 + 0x20;
const OPENER = 2 * 2 ** 32 + 0x21;

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}/_sim${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
const lockOf = async (id: number) => (await c.listSmartlocks()).find((l) => l.smartlockId === id);

beforeEach(async () => {
  s = await startSimulatorServer({ clock: "manual", seed: 5, config: { applyDelayMs: 1000, webhookDelayMs: 0 } });
  c = new NukiClient({
    baseUrl: s.url,
    token: DEFAULT_TOKEN,
    budget: new RequestBudget({ ratePerSec: 1000, burst: 1000 }),
    retry: { attempts: 1 },
  });
});
afterEach(async () => {
  await s.close();
});

describe("simulator devices", () => {
  it("reports deviceType, config.timezoneId and keypad pairing as GET /smartlock does", async () => {
    await control("POST", "/locks", { smartlockId: LOCK, name: "Suite", timeZone: "America/New_York", keypad2: true });
    await control("POST", "/locks", { smartlockId: OPENER, name: "Intercom", deviceType: 2, keypadPaired: true });
    const lock = await lockOf(LOCK);
    expect(lock).toMatchObject({ type: 4, name: "Suite", config: { keypadPaired: false, keypad2Paired: true } });
    expect(zoneOfTimezoneId(lock!.config!.timezoneId)).toBe("America/New_York");
    const opener = await lockOf(OPENER);
    // An Opener never reports a keypad, even when asked for one.
    expect(opener).toMatchObject({ type: 2, opener: true, config: { keypadPaired: false, keypad2Paired: false } });
    expect(opener!.state).toMatchObject({ state: 1 });
  });

  it("refuses a keypad code on an Opener and on a lock whose keypad was removed", async () => {
    await control("POST", "/locks", { smartlockId: LOCK, name: "Suite" });
    await control("POST", "/locks", { smartlockId: OPENER, name: "Intercom", deviceType: 2 });
    const code = { name: "P-1", type: 13 as const, code: 456789, remoteAllowed: false };
    const restr = {
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedWeekDays: 127,
      allowedFromTime: 0,
      allowedUntilTime: 0,
    };
    await expect(c.createAuth(OPENER, { ...code, ...restr })).rejects.toMatchObject({ status: 400 });
    expect((await control("POST", `/locks/${LOCK}/keypad`, { paired: false })).status).toBe(204);
    expect((await lockOf(LOCK))!.config).toMatchObject({ keypadPaired: false });
    await expect(c.createAuth(LOCK, { ...code, ...restr })).rejects.toBeInstanceOf(NukiApiError);
    await control("POST", `/locks/${LOCK}/keypad`, { paired: true });
    await expect(c.createAuth(LOCK, { ...code, ...restr })).resolves.toMatchObject({ status: "accepted" });
  });

  it("renames and removes locks at runtime (control and Nuki's own POST/DELETE /smartlock/{id})", async () => {
    await control("POST", "/locks", { smartlockId: LOCK, name: "Suite" });
    await control("POST", "/locks", { smartlockId: OPENER, name: "Intercom", deviceType: 2 });
    await control("POST", "/auths", { smartlockId: LOCK, name: "Cleaner", code: 381947 });
    expect((await control("POST", `/locks/${LOCK}/rename`, { name: "Suite 4B" })).status).toBe(204);
    expect((await lockOf(LOCK))!.name).toBe("Suite 4B");
    expect((await control("POST", `/locks/${LOCK}/rename`, { name: " " })).status).toBe(400);
    const res = await fetch(`${s.url}/smartlock/${OPENER}`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
      body: JSON.stringify({ name: "Street door" }),
    });
    expect(res.status).toBe(204);
    expect((await lockOf(OPENER))!.name).toBe("Street door");

    expect((await control("DELETE", `/locks/${LOCK}`)).status).toBe(204);
    expect(await lockOf(LOCK)).toBeUndefined();
    // Its auths left with it; a second removal is a 404 of the control.
    expect((await c.listAuths()).filter((a) => a.smartlockId === LOCK)).toEqual([]);
    expect((await control("DELETE", `/locks/${LOCK}`)).status).toBe(404);
    const del = await fetch(`${s.url}/smartlock/${OPENER}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
    });
    expect(del.status).toBe(204);
    expect(await c.listSmartlocks()).toEqual([]);
  });

  it("holds auths from before Portier: app users with their account user, keypad codes with limits", async () => {
    await control("POST", "/locks", { smartlockId: LOCK, name: "Suite", timeZone: "Europe/Berlin" });
    const app = await control("POST", "/auths", {
      smartlockId: LOCK,
      name: "Mia Novak",
      user: { email: "mia@example.com", name: "Mia Novak" },
    });
    expect(app.status).toBe(200);
    const limited = await control("POST", "/auths", {
      smartlockId: LOCK,
      name: "Painter",
      code: 527341,
      allowedWeekDays: 64,
      allowedFromTime: 420,
      allowedUntilTime: 540,
    });
    expect(limited.status).toBe(200);
    const listed = await c.listAuths();
    const users = await c.listAccountUsers();
    expect(users.map((u) => u.email)).toEqual(["mia@example.com"]);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 0, name: "Mia Novak", accountUserId: users[0]!.accountUserId, authId: 1 }),
        expect.objectContaining({ type: 13, name: "Painter", code: 527341, allowedWeekDays: 64, allowedFromTime: 420 }),
      ]),
    );
    // The same code twice on one lock is refused like Nuki does; so is a bad code.
    expect((await control("POST", "/auths", { smartlockId: LOCK, name: "Dup", code: 527341 })).status).toBe(400);
    expect((await control("POST", "/auths", { smartlockId: LOCK, name: "Bad", code: 120000 })).status).toBe(400);
  });

  it("a revoked token gets 401 on every call", async () => {
    await control("POST", "/locks", { smartlockId: LOCK, name: "Suite" });
    expect((await control("POST", "/tokens", { tokens: ["another"] })).status).toBe(204);
    await expect(c.listSmartlocks()).rejects.toMatchObject({ status: 401, kind: "unauthorized" });
  });

  it("loads the building profile: two zones, an Opener, a lock without keypad, pre-existing auths", async () => {
    const loaded = await control("POST", "/profile", { name: "building" });
    expect(loaded.body).toEqual({ locks: BUILDING_LOCKS.length, auths: BUILDING_AUTHS.length });
    const locks = await c.listSmartlocks();
    const zones = new Set(locks.map((l) => zoneOfTimezoneId(l.config?.timezoneId)));
    expect(zones).toEqual(new Set(["Europe/Berlin", "America/New_York"]));
    expect(locks.filter((l) => l.type === 2)).toHaveLength(1);
    expect(locks.filter((l) => l.type !== 2 && !l.config?.keypadPaired && !l.config?.keypad2Paired)).toHaveLength(1);
    expect(locks.some((l) => l.serverState === 4)).toBe(true);
    const auths = await c.listAuths();
    expect(auths.some((a) => a.type === 13 && a.allowedUntilDate)).toBe(true);
    expect((await c.listAccountUsers()).map((u) => u.email)).toContain(BUILDING_MATCHING_EMAIL);
    // Loading twice adds nothing.
    expect((await control("POST", "/profile", { name: "building" })).body).toEqual(loaded.body);
    expect((await control("POST", "/profile", { name: "castle" })).status).toBe(400);
  });
});

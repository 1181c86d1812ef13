import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordLoginAttempt } from "@/db/queries/users";
import { createTestDatabase } from "@/test/db";
import { checkLoginThrottle, THROTTLE } from "./login-throttle";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe("login throttle", () => {
  it("blocks an account+address pair after repeated failures", async () => {
    for (let i = 0; i < THROTTLE.perAccountAndAddress; i++)
      await recordLoginAttempt(t.db, { email: "a@x.test", ip: "10.0.0.1", success: false });
    expect((await checkLoginThrottle(t.db, "a@x.test", "10.0.0.1")).allowed).toBe(false);
    // Same address, another account: still allowed.
    expect((await checkLoginThrottle(t.db, "b@x.test", "10.0.0.1")).allowed).toBe(true);
  });

  it("a stuffing attack from many addresses cannot lock the real user out of their known address", async () => {
    await recordLoginAttempt(t.db, { email: "victim@x.test", ip: "192.0.2.10", success: true });
    for (let i = 0; i < THROTTLE.perAccountFromUnknownAddresses + 3; i++) {
      await recordLoginAttempt(t.db, { email: "victim@x.test", ip: `198.51.100.${i}`, success: false });
    }
    expect((await checkLoginThrottle(t.db, "victim@x.test", "192.0.2.10")).allowed).toBe(true);
    // Addresses that took part are held even below their own pair limit.
    expect((await checkLoginThrottle(t.db, "victim@x.test", "198.51.100.1")).allowed).toBe(false);
  });

  it("…nor out of a new address (issue 14 #4): a new address gets one try while the account is under attack", async () => {
    expect((await checkLoginThrottle(t.db, "victim@x.test", "203.0.113.99")).allowed).toBe(true);
    await recordLoginAttempt(t.db, { email: "victim@x.test", ip: "203.0.113.99", success: false });
    expect(await checkLoginThrottle(t.db, "victim@x.test", "203.0.113.99")).toMatchObject({
      allowed: false,
      reason: "account from unknown addresses",
    });
  });

  it("forgets failures after the window", async () => {
    const later = new Date(Date.now() + THROTTLE.windowMs + 1000);
    expect((await checkLoginThrottle(t.db, "a@x.test", "10.0.0.1", later)).allowed).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { recordLoginAttempt } from "@/db/queries/users";
import { customers, loginAttempts, outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { requestLoginLink } from "./login-links";
import { checkLoginThrottle } from "./login-throttle";

/**
 * Boundary tests for every sign-in limit: the last allowed attempt passes and the next is refused.
 * The limits are written here as plain numbers on purpose (not read from THROTTLE): raising a limit
 * by one in the code must fail a test, and the documented numbers are a promise to the operator.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const fail = (email: string, ip: string) => recordLoginAttempt(t.db, { email, ip, success: false });
const allowed = async (email: string, ip: string, now?: Date) =>
  (await checkLoginThrottle(t.db, email, ip, now)).allowed;

describe("login throttle boundaries", () => {
  it("account+address: 4 failures still allowed, the 5th blocks that pair for 15 minutes", async () => {
    for (let i = 0; i < 4; i++) await fail("pair@x.test", "10.1.0.1");
    expect(await allowed("pair@x.test", "10.1.0.1")).toBe(true);
    await fail("pair@x.test", "10.1.0.1");
    const v = await checkLoginThrottle(t.db, "pair@x.test", "10.1.0.1");
    expect(v).toEqual({ allowed: false, retryAfterMinutes: 15, reason: "account+address" });
    // Other account from that address, and that account from another address, are not affected.
    expect(await allowed("other@x.test", "10.1.0.1")).toBe(true);
    expect(await allowed("pair@x.test", "10.1.0.2")).toBe(true);
    // Just inside the window still blocked, just after it allowed again.
    expect(await allowed("pair@x.test", "10.1.0.1", new Date(Date.now() + 14 * 60_000))).toBe(false);
    expect(await allowed("pair@x.test", "10.1.0.1", new Date(Date.now() + 15 * 60_000 + 5_000))).toBe(true);
  });

  it("per address: 29 failures (over many accounts) still allowed, the 30th blocks the address", async () => {
    for (let i = 0; i < 29; i++) await fail(`spray${i}@x.test`, "10.2.0.1");
    expect(await allowed("fresh@x.test", "10.2.0.1")).toBe(true);
    await fail("spray29@x.test", "10.2.0.1");
    expect(await checkLoginThrottle(t.db, "fresh@x.test", "10.2.0.1")).toEqual({
      allowed: false,
      retryAfterMinutes: 15,
      reason: "address",
    });
    expect(await allowed("fresh@x.test", "10.2.0.2")).toBe(true);
  });

  it("stuffing: 9 failures from unknown addresses keep normal limits; from the 10th a new address gets one try", async () => {
    await recordLoginAttempt(t.db, { email: "victim@x.test", ip: "192.0.2.1", success: true });
    for (let i = 0; i < 8; i++) await fail("victim@x.test", `198.51.100.${i}`);
    await fail("victim@x.test", "203.0.113.1");
    // Failures from the address the user signed in from do not count as "unknown".
    await fail("victim@x.test", "192.0.2.1");
    // 9 unknown failures: an address that already failed once keeps its normal limit.
    expect(await allowed("victim@x.test", "203.0.113.1")).toBe(true);
    await fail("victim@x.test", "198.51.100.9");
    // The 10th guards the account: an unknown address that already used its one try is refused…
    expect(await checkLoginThrottle(t.db, "victim@x.test", "203.0.113.1")).toEqual({
      allowed: false,
      retryAfterMinutes: 15,
      reason: "account from unknown addresses",
    });
    // …a brand-new address keeps exactly one try (the real user's way in from a new network)…
    expect(await allowed("victim@x.test", "203.0.113.2")).toBe(true);
    // …and the address the user signed in from keeps its normal limits.
    expect(await allowed("victim@x.test", "192.0.2.1")).toBe(true);
    // Another account is not affected by the stuffing run against this one.
    expect(await allowed("bystander@x.test", "203.0.113.1")).toBe(true);
  });

  it("counts only failures: successes from an address never block it", async () => {
    for (let i = 0; i < 40; i++) await recordLoginAttempt(t.db, { email: "ok@x.test", ip: "10.3.0.1", success: true });
    expect(await allowed("ok@x.test", "10.3.0.1")).toBe(true);
    expect(await t.db.select().from(loginAttempts).where(eq(loginAttempts.ip, "10.3.0.1"))).toHaveLength(40);
  });
});

describe("login-link limit boundary", () => {
  it("5 links per address per 15 minutes: the 5th is sent, the 6th is not; after 15 minutes one more is", async () => {
    await t.db.insert(customers).values({ name: "Lena Link", email: "lena@example.com" });
    const sent = async () => (await t.db.select().from(outbox).where(eq(outbox.to, "lena@example.com"))).length;
    const start = Date.now();
    for (let i = 0; i < 5; i++)
      await requestLoginLink(t.db, { email: "lena@example.com", ip: "1.2.3.4", baseUrl: "http://x", now: start + i });
    expect(await sent()).toBe(5);
    await requestLoginLink(t.db, { email: "lena@example.com", ip: "1.2.3.4", baseUrl: "http://x", now: start + 10 });
    expect(await sent()).toBe(5);
    // 15 minutes after the first link it no longer counts.
    await requestLoginLink(t.db, {
      email: "lena@example.com",
      ip: "1.2.3.4",
      baseUrl: "http://x",
      now: start + 15 * 60_000 + 1,
    });
    expect(await sent()).toBe(6);
  });
});

import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { loginAttempts, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { authorizePassword } from "./authorize";
import { THROTTLE } from "./login-throttle";
import { hashPassword } from "./password";

// Every attempt costs one full scrypt (N=2^17): on a loaded 2-core machine a dozen take well over
// the default 30 s, so these tests get more time.
const SLOW = { timeout: 240_000 };

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const PASSWORD = "a long enough desk password";
beforeAll(async () => {
  t = await createTestDatabase();
  const hash = await hashPassword(PASSWORD);
  await t.db.insert(users).values([
    { email: "desk@x.test", name: "Desk", role: "staff", passwordHash: hash },
    { email: "victim@x.test", name: "Victim", role: "staff", passwordHash: hash },
    { email: "manager@x.test", name: "Manager", role: "manager", passwordHash: hash },
  ]);
});
afterAll(async () => t.drop());

const failuresOf = async (email: string) =>
  (
    await t.db
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.success, false)))
  ).length;

describe("authorize() holds the throttle for every path into the password check (issue 14 #1)", () => {
  it("records each wrong password and refuses, past the limit, even the right one", SLOW, async () => {
    const results = [];
    for (let i = 0; i < 8; i++)
      results.push(
        (await authorizePassword(t.db, { email: "desk@x.test", password: `wrong ${i}` }, "10.1.1.1")).refusal,
      );
    // Five wrong passwords are looked at and recorded; from then on the throttle answers first.
    expect(results).toEqual([null, null, null, null, null, "throttled", "throttled", "throttled"]);
    expect(await failuresOf("desk@x.test")).toBe(THROTTLE.perAccountAndAddress);
    const right = await authorizePassword(t.db, { email: "desk@x.test", password: PASSWORD }, "10.1.1.1");
    expect(right).toEqual({ user: null, refusal: "throttled" });
  });

  it("lets the right password in from the same account on another address, and records the success", SLOW, async () => {
    const ok = await authorizePassword(t.db, { email: "DESK@x.test", password: PASSWORD }, "10.1.1.2");
    expect(ok.user).toMatchObject({ role: "staff", name: "Desk" });
    const [row] = await t.db
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ip, "10.1.1.2"), eq(loginAttempts.success, true)));
    expect(row).toMatchObject({ email: "desk@x.test" });
  });
});

describe("forged failures cannot lock the real user out (issue 14 #4)", () => {
  it("after a stuffing run from many addresses, a new address gets its one try", SLOW, async () => {
    for (let i = 0; i < THROTTLE.perAccountFromUnknownAddresses + 2; i++)
      await authorizePassword(t.db, { email: "victim@x.test", password: "guess" }, `198.51.100.${i}`);
    // The addresses that failed are held…
    expect(
      (await authorizePassword(t.db, { email: "victim@x.test", password: PASSWORD }, "198.51.100.1")).refusal,
    ).toBe("throttled");
    // …the real user on a fresh network gets in with the right password…
    expect(
      (await authorizePassword(t.db, { email: "victim@x.test", password: PASSWORD }, "203.0.113.7")).user,
    ).not.toBeNull();
    // …and an attacker's fresh address gets one guess, not five, while the account is under attack.
    await authorizePassword(t.db, { email: "victim@x.test", password: "guess" }, "203.0.113.8");
    expect((await authorizePassword(t.db, { email: "victim@x.test", password: PASSWORD }, "203.0.113.8")).refusal).toBe(
      "throttled",
    );
  });
});

describe("password hashes made at an older cost are upgraded on sign-in", () => {
  it("re-hashes an N=2^14 hash with today's parameters, transparently", SLOW, async () => {
    const salt = randomBytes(16);
    const old = [
      "scrypt",
      16384,
      8,
      1,
      salt.toString("base64"),
      scryptSync(PASSWORD, salt, 32, { N: 16384 }).toString("base64"),
    ].join("$");
    await t.db.update(users).set({ passwordHash: old }).where(eq(users.email, "manager@x.test"));
    expect(
      (await authorizePassword(t.db, { email: "manager@x.test", password: PASSWORD }, "10.2.2.2")).user,
    ).not.toBeNull();
    const [row] = await t.db.select().from(users).where(eq(users.email, "manager@x.test"));
    expect(row!.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    // The upgraded hash still takes the same password.
    expect(
      (await authorizePassword(t.db, { email: "manager@x.test", password: PASSWORD }, "10.2.2.2")).user,
    ).not.toBeNull();
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, loginAttempts, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { changeOwnPassword } from "./change-password";
import { THROTTLE } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";
import type { Actor } from "./permissions";

/** A staff member changes their own password: current one required, rules applied, sessions end, throttled. */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let desk: Actor;
const CURRENT = "old harbour lights";
const IP = "203.0.113.7";

beforeAll(async () => {
  t = await createTestDatabase();
  const [row] = await t.db
    .insert(users)
    .values({ email: "desk@x.test", name: "Dana Desk", role: "staff", passwordHash: await hashPassword(CURRENT) })
    .returning();
  desk = { id: row!.id, role: "staff", label: "Dana Desk", customerId: null };
});
afterAll(async () => t?.drop());

const row = async () => (await t.db.select().from(users).where(eq(users.id, desk.id)))[0]!;

// Each check runs scrypt at today's cost (about a second on a busy 2-core machine).
describe("changing one's own password", { timeout: 180_000 }, () => {
  it("needs the current password, applies the rules, ends every session and audits without the secret", async () => {
    const before = await row();
    const input = (p: Partial<Record<string, string>>) => ({
      currentPassword: CURRENT,
      newPassword: "a quiet walk by the river",
      confirmPassword: "a quiet walk by the river",
      ...p,
    });
    await expect(
      changeOwnPassword(t.db, desk, input({ currentPassword: "wrong guess here" }), IP),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      userMessage: "That is not your current password.",
      details: { field: "currentPassword" },
    });
    await expect(changeOwnPassword(t.db, desk, input({ confirmPassword: "something else" }), IP)).rejects.toThrow(
      /two new passwords differ/,
    );
    await expect(
      changeOwnPassword(t.db, desk, input({ newPassword: CURRENT, confirmPassword: CURRENT }), IP),
    ).rejects.toThrow(/different from the current one/);
    await expect(
      changeOwnPassword(t.db, desk, input({ newPassword: "password1234", confirmPassword: "password1234" }), IP),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", details: { field: "newPassword" } });
    expect((await row()).passwordHash).toBe(before.passwordHash);

    await changeOwnPassword(t.db, desk, input({}), IP);
    const after = await row();
    expect(await verifyPassword("a quiet walk by the river", after.passwordHash!)).toBe(true);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    const last = (await t.db.select().from(auditLog)).at(-1)!;
    expect(last).toMatchObject({ action: "user.password_change", entityId: desk.id, before: null, after: null });
    expect(JSON.stringify(last)).not.toContain("river");
    // The wrong current password counted as a failed sign-in for this account and address.
    const failures = await t.db.select().from(loginAttempts).where(eq(loginAttempts.success, false));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ email: "desk@x.test", ip: IP });
  });

  it("is throttled like sign-in: after too many wrong guesses even the right password is refused for a while", async () => {
    const current = "a quiet walk by the river";
    for (let i = 0; i < THROTTLE.perAccountAndAddress; i++)
      await expect(
        changeOwnPassword(
          t.db,
          desk,
          { currentPassword: `guess number ${i}`, newPassword: "x".repeat(20), confirmPassword: "x".repeat(20) },
          "198.51.100.9",
        ),
      ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      changeOwnPassword(
        t.db,
        desk,
        { currentPassword: current, newPassword: "a new morning tea set", confirmPassword: "a new morning tea set" },
        "198.51.100.9",
      ),
    ).rejects.toMatchObject({ code: "RATE_LIMITED", userMessage: expect.stringMatching(/Too many wrong passwords/) });
    expect(await verifyPassword(current, (await row()).passwordHash!)).toBe(true);
  });

  it("is for staff only: a customer or an API key is refused", async () => {
    const input = {
      currentPassword: "x",
      newPassword: "a long enough phrase",
      confirmPassword: "a long enough phrase",
    };
    await expect(
      changeOwnPassword(t.db, { ...desk, role: "customer", customerId: "c" }, input, IP),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeOwnPassword(t.db, { ...desk, apiKeyId: "k" }, input, IP)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

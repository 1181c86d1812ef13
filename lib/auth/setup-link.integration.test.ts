import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, loginAttempts, setupTokens, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { tokenHash } from "./one-time-token";
import { verifyPassword } from "./password";
import { THROTTLE } from "./login-throttle";
import { completeSetup, issueSetupLink, SETUP_LINK_TTL_MS, setupLinkState } from "./setup-link";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());
beforeEach(async () => {
  // Each case starts from a fresh install: no users, no links, no throttle history. (The audit log
  // is append-only by trigger, so it is only ever read here, never cleared.)
  await t.db.delete(users);
  await t.db.delete(setupTokens);
  await t.db.delete(loginAttempts);
});

const ADMIN = {
  email: "Olga.Owner@Hotel.test ",
  name: "Olga Owner",
  password: "violet-harbour-tram-42",
  ip: "203.0.113.7",
};
const issue = async (now?: number) => (await issueSetupLink(t.db, now))!.token;

describe("the first admin's setup link", () => {
  it("stores only the hash of the token, valid for an hour", async () => {
    const now = Date.now();
    const token = await issue(now);
    const rows = await t.db.select().from(setupTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(tokenHash(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime()).toBe(now + SETUP_LINK_TTL_MS);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("creates exactly one admin, with the password hashed, the link used and an audit entry — in one go", async () => {
    const token = await issue();
    expect(await setupLinkState(t.db, token)).toBe("valid");
    const outcome = await completeSetup(t.db, { ...ADMIN, token });
    expect(outcome).toMatchObject({ ok: true, email: "olga.owner@hotel.test" });
    const [admin, ...others] = await t.db.select().from(users);
    expect(others).toEqual([]);
    expect(admin).toMatchObject({ email: "olga.owner@hotel.test", name: "Olga Owner", role: "admin", disabled: false });
    expect(await verifyPassword(ADMIN.password, admin!.passwordHash!)).toBe(true);
    expect((await t.db.select().from(setupTokens))[0]!.usedAt).not.toBeNull();
    const audit = (await t.db.select().from(auditLog)).filter((a) => a.action === "setup.first_admin").at(-1)!;
    expect(audit).toMatchObject({ entityId: admin!.id, actorId: admin!.id });
    expect(JSON.stringify(audit)).not.toContain(ADMIN.password);
    // Afterwards the page only says setup is done, whatever link is shown to it.
    expect(await setupLinkState(t.db, token)).toBe("done");
    expect(await setupLinkState(t.db, undefined)).toBe("done");
  });

  it("is single use: the same link a second time creates nobody", async () => {
    const token = await issue();
    expect((await completeSetup(t.db, { ...ADMIN, token })).ok).toBe(true);
    const again = await completeSetup(t.db, { ...ADMIN, email: "mallory@evil.test", name: "Mallory", token });
    expect(again).toMatchObject({ ok: false, reason: "done" });
    expect(await t.db.select().from(users)).toHaveLength(1);
  });

  it("expires after an hour", async () => {
    const now = Date.now();
    const token = await issue(now);
    expect(await setupLinkState(t.db, token, now + SETUP_LINK_TTL_MS - 1)).toBe("valid");
    expect(await setupLinkState(t.db, token, now + SETUP_LINK_TTL_MS)).toBe("invalid");
    expect(await completeSetup(t.db, { ...ADMIN, token, now: now + SETUP_LINK_TTL_MS + 1 })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await t.db.select().from(users)).toHaveLength(0);
  });

  it("a new start's link retires the older one", async () => {
    const first = await issue();
    const second = await issue();
    expect(await setupLinkState(t.db, first)).toBe("invalid");
    expect(await setupLinkState(t.db, second)).toBe("valid");
    expect(await completeSetup(t.db, { ...ADMIN, token: first })).toMatchObject({ ok: false, reason: "invalid" });
    expect((await completeSetup(t.db, { ...ADMIN, token: second })).ok).toBe(true);
  });

  it("is never issued once anyone exists", async () => {
    await t.db.insert(users).values({ email: "someone@hotel.test", name: "Someone", role: "staff" });
    expect(await issueSetupLink(t.db)).toBeNull();
    expect(await t.db.select().from(setupTokens)).toHaveLength(0);
  });

  it("two submits racing (same link, or the link from two tabs) make one admin", { timeout: 90_000 }, async () => {
    const token = await issue();
    const outcomes = await Promise.all(
      ["one", "two", "three"].map((n) =>
        completeSetup(t.db, { ...ADMIN, email: `${n}@hotel.test`, name: `Admin ${n}`, token }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason)).toEqual(["done", "done"]);
    expect(await t.db.select().from(users)).toHaveLength(1);
  });

  it("applies the password rules and does not burn the link on a bad password", async () => {
    const token = await issue();
    const short = await completeSetup(t.db, { ...ADMIN, password: "short", token });
    expect(short).toMatchObject({ ok: false, reason: "password" });
    expect(!short.ok && short.message).toMatch(/at least 12 characters/);
    const mine = await completeSetup(t.db, { ...ADMIN, password: "olga.owner-2026!", token });
    expect(!mine.ok && mine.message).toMatch(/name or email/);
    expect(await setupLinkState(t.db, token)).toBe("valid");
  });

  it("refuses garbage and unknown tokens, and throttles an address that guesses", async () => {
    await issue();
    for (const bad of ["'; drop table users; --", "x".repeat(43), ""])
      expect(await completeSetup(t.db, { ...ADMIN, token: bad })).toMatchObject({ ok: false, reason: "invalid" });
    for (let i = 3; i < THROTTLE.perAccountAndAddress; i++)
      await completeSetup(t.db, { ...ADMIN, token: `guess${i}`.padEnd(43, "a") });
    // The address is now held — even with the right link (a guesser learns nothing more from it).
    const token = await issue();
    expect(await completeSetup(t.db, { ...ADMIN, token })).toMatchObject({ ok: false, reason: "throttled" });
    expect(await completeSetup(t.db, { ...ADMIN, ip: "198.51.100.9", token })).toMatchObject({ ok: true });
  });
});

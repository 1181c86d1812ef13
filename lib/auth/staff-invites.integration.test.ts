import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, staffInvites, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { authorizePassword } from "./authorize";
import { tokenHash } from "./one-time-token";
import type { Actor } from "./permissions";
import {
  acceptInvite,
  INVITE_TTL_MS,
  inviteLinkState,
  inviteStaff,
  openInvites,
  REDACTED_INVITE,
  reinviteStaff,
  revokeInvite,
} from "./staff-invites";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
beforeAll(async () => {
  t = await createTestDatabase();
  const [a] = await t.db
    .insert(users)
    .values({ email: "ada@hotel.test", name: "Ada Admin", role: "admin", passwordHash: "x" })
    .returning();
  admin = { id: a!.id, role: "admin", label: "Ada Admin", customerId: null };
});
afterAll(async () => t.drop());

const BASE = "https://portier.hotel.test";
const PASSWORD = "copper-lantern-fjord-88";
const IP = "203.0.113.20";
const mailTo = async (to: string) => (await t.db.select().from(outbox).where(eq(outbox.to, to))).at(-1)!;
const tokenIn = (body: string) => /\/invite\?token=([A-Za-z0-9_-]+)/.exec(body)?.[1];
const audits = async (action: string) => (await t.db.select().from(auditLog)).filter((a) => a.action === action);
const invite = (email: string, role: "admin" | "manager" | "staff" = "staff") =>
  inviteStaff(t.db, admin, { email, name: "Finn Frontdesk", role, baseUrl: BASE });

describe("staff invites", () => {
  it("invite → mail with a one-time link (hash stored) → password chosen → signs in; audited", async () => {
    const { userId } = await invite("Finn@Hotel.test", "manager");
    const [user] = await t.db.select().from(users).where(eq(users.id, userId));
    expect(user).toMatchObject({ email: "finn@hotel.test", role: "manager", passwordHash: null });
    // Invited but not yet able to sign in.
    expect((await authorizePassword(t.db, { email: "finn@hotel.test", password: PASSWORD }, IP)).user).toBeNull();

    const mail = await mailTo("finn@hotel.test");
    expect(mail).toMatchObject({ kind: "staff-invite", subject: "You are invited to Portier" });
    const token = tokenIn(mail.body)!;
    expect(mail.body).toContain(`${BASE}/invite?token=`);
    const [row] = await t.db.select().from(staffInvites).where(eq(staffInvites.userId, userId));
    expect(row!.tokenHash).toBe(tokenHash(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await inviteLinkState(t.db, token)).toEqual({
      email: "finn@hotel.test",
      name: "Finn Frontdesk",
      role: "manager",
    });
    expect((await openInvites(t.db, admin)).has(userId)).toBe(true);

    expect(await acceptInvite(t.db, { token, password: PASSWORD, ip: IP })).toMatchObject({ ok: true, userId });
    expect((await authorizePassword(t.db, { email: "finn@hotel.test", password: PASSWORD }, IP)).user?.id).toBe(userId);
    // Single use, and the token leaves the outbox once used.
    expect(await acceptInvite(t.db, { token, password: "another-one-entirely-9", ip: IP })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect((await mailTo("finn@hotel.test")).body).toContain(REDACTED_INVITE);
    expect(tokenIn((await mailTo("finn@hotel.test")).body)).toBeUndefined();
    expect((await audits("user.invite")).map((a) => a.entityId)).toContain(userId);
    const accepted = (await audits("user.invite_accept")).find((a) => a.entityId === userId)!;
    expect(accepted.actorId).toBe(userId);
    expect(JSON.stringify(accepted)).not.toContain(PASSWORD);
  });

  it("refuses an address that already has an account, and non-staff roles", async () => {
    await expect(invite("ada@hotel.test")).rejects.toThrow(/already has an account/);
    await expect(
      inviteStaff(t.db, admin, { email: "c@hotel.test", name: "C", role: "customer", baseUrl: BASE }),
    ).rejects.toThrow(/admin, manager or staff/);
  });

  it("expires", async () => {
    const now = Date.now();
    await inviteStaff(t.db, admin, { email: "late@hotel.test", name: "Lea Late", role: "staff", baseUrl: BASE, now });
    const token = tokenIn((await mailTo("late@hotel.test")).body)!;
    expect(await inviteLinkState(t.db, token, now + INVITE_TTL_MS - 1)).not.toBeNull();
    expect(await inviteLinkState(t.db, token, now + INVITE_TTL_MS)).toBeNull();
    expect(
      await acceptInvite(t.db, { token, password: PASSWORD, ip: "198.51.100.30", now: now + INVITE_TTL_MS + 1 }),
    ).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("applies the password rules without burning the link", async () => {
    await invite("pat@hotel.test");
    const token = tokenIn((await mailTo("pat@hotel.test")).body)!;
    const weak = await acceptInvite(t.db, { token, password: "password1234", ip: IP });
    expect(weak).toMatchObject({ ok: false, reason: "password" });
    expect(await inviteLinkState(t.db, token)).not.toBeNull();
  });

  it("two accepts racing: exactly one sets the password", async () => {
    const { userId } = await invite("race@hotel.test");
    const token = tokenIn((await mailTo("race@hotel.test")).body)!;
    const outcomes = await Promise.all(
      ["first-choice-walrus-17", "second-choice-walrus-17"].map((password) =>
        acceptInvite(t.db, { token, password, ip: IP }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect((await t.db.select().from(staffInvites).where(eq(staffInvites.userId, userId)))[0]!.usedAt).not.toBeNull();
  });

  it("re-invite replaces the link; revoke kills it and disables the account; audited", async () => {
    const { userId } = await invite("rita@hotel.test");
    const first = tokenIn((await mailTo("rita@hotel.test")).body)!;
    await reinviteStaff(t.db, admin, { userId, baseUrl: BASE });
    const second = tokenIn((await mailTo("rita@hotel.test")).body)!;
    expect(second).not.toBe(first);
    expect(await inviteLinkState(t.db, first)).toBeNull();
    expect(await inviteLinkState(t.db, second)).not.toBeNull();

    await revokeInvite(t.db, admin, { userId });
    expect(await inviteLinkState(t.db, second)).toBeNull();
    expect(await acceptInvite(t.db, { token: second, password: PASSWORD, ip: "198.51.100.31" })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect((await t.db.select().from(users).where(eq(users.id, userId)))[0]!.disabled).toBe(true);
    expect((await openInvites(t.db, admin)).has(userId)).toBe(false);
    // Every mail of a dead link lost its token.
    const bodies = (await t.db.select().from(outbox).where(eq(outbox.to, "rita@hotel.test"))).map((m) => m.body);
    expect(bodies.every((b) => tokenIn(b) === undefined)).toBe(true);
    await expect(revokeInvite(t.db, admin, { userId })).rejects.toThrow(/no open invite/);

    // Re-invite after a revoke enables the account again, and the new link works.
    await reinviteStaff(t.db, admin, { userId, baseUrl: BASE });
    const third = tokenIn((await mailTo("rita@hotel.test")).body)!;
    expect(await acceptInvite(t.db, { token: third, password: PASSWORD, ip: IP })).toMatchObject({ ok: true });
    expect((await t.db.select().from(users).where(eq(users.id, userId)))[0]!.disabled).toBe(false);
    // Once the password is chosen there is nothing left to re-invite or revoke.
    await expect(reinviteStaff(t.db, admin, { userId, baseUrl: BASE })).rejects.toThrow(/already chose a password/);
    for (const action of ["user.reinvite", "user.invite_revoke"])
      expect((await audits(action)).map((a) => a.entityId)).toContain(userId);
  });

  it("only admins invite, re-invite and revoke", async () => {
    const desk: Actor = { ...admin, role: "staff" };
    await expect(
      inviteStaff(t.db, desk, { email: "x@hotel.test", name: "X", role: "admin", baseUrl: BASE }),
    ).rejects.toThrow();
    expect(await t.db.select().from(users).where(eq(users.email, "x@hotel.test"))).toEqual([]);
  });
});

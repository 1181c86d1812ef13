import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { queueMail } from "@/db/queries/outbox";
import { recordLoginAttempt } from "@/db/queries/users";
import { outbox, staffInvites, users } from "@/db/schema";
import { AppError, assertCan } from "@/lib/errors";
import { checkLoginThrottle } from "./login-throttle";
import { newLinkToken, plausibleToken, tokenHash } from "./one-time-token";
import { hashPassword } from "./password";
import { passwordProblems } from "./password-policy";
import { isStaffRole, type Actor, type Role } from "./permissions";

/**
 * Three days: long enough for someone invited on a Friday to answer on Monday, short enough that a
 * forgotten mail in a shared inbox stops being a way in. Re-invite issues a fresh link.
 */
export const INVITE_TTL_MS = 72 * 3_600_000;
export const INVITE_THROTTLE_ACCOUNT = "(staff invite)";
const mailKey = (hash: string) => `staff-invite:${hash}`;
const LINK_IN_BODY = /https?:\/\/\S*\/invite\?token=[A-Za-z0-9_-]+/g;
export const REDACTED_INVITE = "[invite link removed: it was used, withdrawn or replaced]";

/** The token leaves the outbox once it cannot be used any more (accepted, revoked, replaced). */
async function redactInviteMails(tx: DbOrTx, hashes: string[]) {
  for (const h of hashes)
    await tx
      .update(outbox)
      .set({ body: sql`regexp_replace(${outbox.body}, ${LINK_IN_BODY.source}, ${REDACTED_INVITE}, 'g')` })
      .where(eq(outbox.dedupeKey, mailKey(h)));
}
/** A delivered invite mail keeps no token either: the recipient's mailbox has it. */
export const redactSentInviteMail = (body: string) => body.replace(LINK_IN_BODY, REDACTED_INVITE);

/** Ends every open invite of a user (revoke, re-invite); returns their hashes for redaction. */
async function closeOpenInvites(tx: DbOrTx, userId: string, now: number): Promise<string[]> {
  const closed = await tx
    .update(staffInvites)
    .set({ revokedAt: new Date(now) })
    .where(and(eq(staffInvites.userId, userId), isNull(staffInvites.usedAt), isNull(staffInvites.revokedAt)))
    .returning({ hash: staffInvites.tokenHash });
  const hashes = closed.map((c) => c.hash);
  await redactInviteMails(tx, hashes);
  return hashes;
}

async function issueInvite(
  tx: DbOrTx,
  actor: Actor,
  u: { id: string; email: string; name: string; role: Role },
  baseUrl: string,
  now: number,
) {
  const token = newLinkToken();
  const hash = tokenHash(token);
  const expiresAt = new Date(now + INVITE_TTL_MS);
  await tx
    .insert(staffInvites)
    .values({ tokenHash: hash, userId: u.id, invitedBy: actor.id, expiresAt, createdAt: new Date(now) });
  await queueMail(tx, {
    to: u.email,
    kind: "staff-invite",
    dedupeKey: mailKey(hash),
    subject: "You are invited to Portier",
    body: `Hello ${u.name},\n\n${actor.label} invited you to Portier as ${u.role}. Choose your password within 3 days here:\n${baseUrl}/invite?token=${token}\n\nThe link works once. If you did not expect this, ignore this message.`,
  });
  return expiresAt;
}

/**
 * An admin invites a staff member: a user without a password (it cannot sign in yet) and an
 * emailed one-time link to choose one. Audited in the same transaction.
 */
export async function inviteStaff(
  db: DbOrTx,
  actor: Actor,
  p: { email: string; name: string; role: Role; baseUrl: string; now?: number },
) {
  assertCan(actor, "users.admin");
  if (!isStaffRole(p.role)) throw new AppError("INVALID_INPUT", "Invite staff as admin, manager or staff.");
  const now = p.now ?? Date.now();
  const email = p.email.trim().toLowerCase();
  const name = p.name.trim();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email, name, role: p.role, createdAt: new Date(now), updatedAt: new Date(now) })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!user) throw new AppError("CONFLICT", `${email} already has an account. Re-invite it from its row instead.`);
    const expiresAt = await issueInvite(tx, actor, { id: user.id, email, name, role: p.role }, p.baseUrl, now);
    await appendAudit(tx, {
      actor,
      action: "user.invite",
      entityType: "user",
      entityId: user.id,
      after: { email, name, role: p.role, expiresAt: expiresAt.toISOString() },
    });
    return { userId: user.id, expiresAt };
  });
}

/** A staff user who has not chosen a password yet, locked for the change (re-invite, revoke). */
async function pendingStaff(tx: DbOrTx, userId: string) {
  const [u] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!u) throw new AppError("NOT_FOUND", "That user does not exist.");
  if (!isStaffRole(u.role) || u.passwordHash)
    throw new AppError("INVALID_INPUT", "This user already chose a password; there is no invite to change.");
  return u;
}

/** A fresh link (older ones stop working), and the account enabled again if an invite was revoked. */
export async function reinviteStaff(db: DbOrTx, actor: Actor, p: { userId: string; baseUrl: string; now?: number }) {
  assertCan(actor, "users.admin");
  const now = p.now ?? Date.now();
  return db.transaction(async (tx) => {
    const u = await pendingStaff(tx, p.userId);
    await closeOpenInvites(tx, u.id, now);
    if (u.disabled)
      await tx
        .update(users)
        .set({ disabled: false, updatedAt: new Date(now) })
        .where(eq(users.id, u.id));
    const expiresAt = await issueInvite(tx, actor, u, p.baseUrl, now);
    await appendAudit(tx, {
      actor,
      action: "user.reinvite",
      entityType: "user",
      entityId: u.id,
      before: { disabled: u.disabled },
      after: { disabled: false, expiresAt: expiresAt.toISOString() },
    });
    return { expiresAt };
  });
}

/** Withdraws the open invite: its link stops working and the account is disabled until re-invited. */
export async function revokeInvite(db: DbOrTx, actor: Actor, p: { userId: string; now?: number }) {
  assertCan(actor, "users.admin");
  const now = p.now ?? Date.now();
  return db.transaction(async (tx) => {
    const u = await pendingStaff(tx, p.userId);
    const closed = await closeOpenInvites(tx, u.id, now);
    if (!closed.length) throw new AppError("NOT_FOUND", "There is no open invite for this user.");
    await tx
      .update(users)
      .set({ disabled: true, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date(now) })
      .where(eq(users.id, u.id));
    await appendAudit(tx, {
      actor,
      action: "user.invite_revoke",
      entityType: "user",
      entityId: u.id,
      before: { disabled: u.disabled },
      after: { disabled: true },
    });
  });
}

/** Open invites per user (the newest), for the Users page. */
export async function openInvites(db: DbOrTx, actor: Actor, now = Date.now()) {
  assertCan(actor, "users.admin");
  const rows = await db
    .select({ userId: staffInvites.userId, expiresAt: staffInvites.expiresAt })
    .from(staffInvites)
    .where(and(isNull(staffInvites.usedAt), isNull(staffInvites.revokedAt), gt(staffInvites.expiresAt, new Date(now))))
    .orderBy(desc(staffInvites.createdAt));
  const out = new Map<string, Date>();
  for (const r of rows) if (!out.has(r.userId)) out.set(r.userId, r.expiresAt);
  return out;
}

async function findOpenInvite(db: DbOrTx, token: string, now: number) {
  if (!plausibleToken(token)) return null;
  const [row] = await db
    .select({ inviteId: staffInvites.id, userId: users.id, email: users.email, name: users.name, role: users.role })
    .from(staffInvites)
    .innerJoin(users, eq(users.id, staffInvites.userId))
    .where(
      and(
        eq(staffInvites.tokenHash, tokenHash(token)),
        isNull(staffInvites.usedAt),
        isNull(staffInvites.revokedAt),
        gt(staffInvites.expiresAt, new Date(now)),
        isNull(users.passwordHash),
      ),
    );
  return row ?? null;
}

/** What /invite shows: whom the link is for, or null (expired, used, withdrawn, unknown). */
export async function inviteLinkState(db: DbOrTx, token: string | undefined, now = Date.now()) {
  const row = token ? await findOpenInvite(db, token, now) : null;
  return row ? { email: row.email, name: row.name, role: row.role } : null;
}

export type AcceptOutcome =
  | { ok: true; userId: string; email: string }
  | { ok: false; reason: "invalid" | "throttled" | "password"; message: string };

/**
 * The invited person chooses a password: the link is consumed atomically (single use even when
 * two submits race), the password set, the account enabled, the audit written — one transaction.
 * A bad password does not burn the link.
 */
export async function acceptInvite(
  db: DbOrTx,
  p: { token: string; password: string; ip: string; now?: number },
): Promise<AcceptOutcome> {
  const now = p.now ?? Date.now();
  const verdict = await checkLoginThrottle(db, INVITE_THROTTLE_ACCOUNT, p.ip, new Date(now));
  if (!verdict.allowed)
    return { ok: false, reason: "throttled", message: "Too many failed attempts from this address. Try again later." };
  const invite = await findOpenInvite(db, p.token, now);
  if (!invite) {
    await recordLoginAttempt(db, { email: INVITE_THROTTLE_ACCOUNT, ip: p.ip, success: false });
    return { ok: false, reason: "invalid", message: "This invite has expired, was withdrawn or was already used." };
  }
  const problems = passwordProblems(p.password, invite);
  if (problems.length) return { ok: false, reason: "password", message: problems.join(" ") };
  const passwordHash = await hashPassword(p.password);
  return db.transaction(async (tx): Promise<AcceptOutcome> => {
    const [used] = await tx
      .update(staffInvites)
      .set({ usedAt: new Date(now) })
      .where(
        and(
          eq(staffInvites.id, invite.inviteId),
          isNull(staffInvites.usedAt),
          isNull(staffInvites.revokedAt),
          gt(staffInvites.expiresAt, new Date(now)),
        ),
      )
      .returning({ hash: staffInvites.tokenHash });
    if (!used)
      return { ok: false, reason: "invalid", message: "This invite has expired, was withdrawn or was already used." };
    await tx
      .update(users)
      .set({
        passwordHash,
        disabled: false,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: new Date(now),
      })
      .where(eq(users.id, invite.userId));
    await redactInviteMails(tx, [used.hash]);
    await appendAudit(tx, {
      actor: { id: invite.userId, label: invite.name },
      action: "user.invite_accept",
      entityType: "user",
      entityId: invite.userId,
      after: { email: invite.email, role: invite.role, password: "set" },
    });
    return { ok: true, userId: invite.userId, email: invite.email };
  });
}

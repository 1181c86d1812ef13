import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { users } from "@/db/schema";
import { AppError, assertCan } from "@/lib/errors";
import { hashPassword } from "./password";
import { passwordProblems } from "./password-policy";
import { isStaffRole, type Actor, type Role } from "./permissions";

export async function listUsers(db: DbOrTx, actor: Actor) {
  assertCan(actor, "users.admin");
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      // Staff without a password were invited and have not chosen one yet (lib/auth/staff-invites).
      invited: sql<boolean>`${users.passwordHash} is null and ${users.role} <> 'customer'`,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.role), asc(users.name));
}

/**
 * Disable/enable a sign-in or change a staff role. Every change bumps session_version, so the
 * user's open sessions end (or pick up the new role) on their next request. An admin cannot lock
 * themselves out, and customer accounts cannot be promoted to staff here.
 */
export async function updateUser(db: DbOrTx, actor: Actor, p: { userId: string; disabled?: boolean; role?: Role }) {
  assertCan(actor, "users.admin");
  if (p.userId === actor.id)
    throw new AppError("INVALID_INPUT", "You cannot change your own account here; ask another admin.");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, p.userId)).for("update");
    if (!before) throw new AppError("NOT_FOUND", "That user does not exist.");
    if (p.role && (before.role === "customer" || !isStaffRole(p.role)))
      throw new AppError("INVALID_INPUT", "Only staff roles can be changed here.");
    const [after] = await tx
      .update(users)
      .set({
        disabled: p.disabled ?? before.disabled,
        role: p.role ?? before.role,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, p.userId))
      .returning({ id: users.id, role: users.role, disabled: users.disabled });
    await appendAudit(tx, {
      actor,
      action: "user.update",
      entityType: "user",
      entityId: p.userId,
      before: { role: before.role, disabled: before.disabled },
      after: { role: after!.role, disabled: after!.disabled },
    });
    return after!;
  });
}

/**
 * Sets a staff member's password (admin only). The password rules and the common-password check
 * apply here, where passwords are chosen; the hash uses today's scrypt cost; every session of the
 * user ends (session_version bumped); the audit entry says that it changed, never what to.
 */
export async function setUserPassword(db: DbOrTx, actor: Actor, p: { userId: string; password: string }) {
  assertCan(actor, "users.admin");
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.id, p.userId));
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
  await writePassword(db, actor, user, p.password, "user.password");
}

/**
 * The one place a staff password is written, for an admin's reset and a user's own change alike:
 * customers have none, the rules and the common-password check apply, the hash uses today's scrypt
 * cost, every session of the user ends (session_version bumped) and the audit entry says that it
 * changed — never what to — in the same transaction.
 */
export async function writePassword(
  db: DbOrTx,
  actor: Actor,
  user: { id: string; email: string; name: string; role: Role },
  password: string,
  action: "user.password" | "user.password_change",
) {
  if (user.role === "customer") throw new AppError("INVALID_INPUT", "Customers sign in by emailed link, not password.");
  const problems = passwordProblems(password, user);
  if (problems.length) throw new AppError("INVALID_INPUT", problems.join(" "), { details: { field: "newPassword" } });
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await appendAudit(tx, { actor, action, entityType: "user", entityId: user.id });
  });
}

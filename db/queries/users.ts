import "server-only";
import { and, count, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { customers, loginAttempts, users } from "../schema";

/** For sign-in only: the one query that reads a password hash. */
export async function findUserForLogin(db: DbOrTx, email: string) {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      passwordHash: users.passwordHash,
      disabled: users.disabled,
      sessionVersion: users.sessionVersion,
      customerId: users.customerId,
    })
    .from(users)
    .where(eq(users.email, email.toLowerCase()))
    .limit(1);
  return row ?? null;
}

/**
 * What a session is re-checked against on every request (disabled, role changes, revocation, and
 * for customers the customer's current email, which the sign-in must still match).
 */
export async function getSessionUser(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      disabled: users.disabled,
      sessionVersion: users.sessionVersion,
      customerId: users.customerId,
      customerEmail: customers.email,
    })
    .from(users)
    .leftJoin(customers, eq(customers.id, users.customerId))
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

/** Disabling bumps sessionVersion too, so every outstanding JWT of that user dies at once. */
export async function setUserDisabled(db: DbOrTx, id: string, disabled: boolean) {
  await db
    .update(users)
    .set({ disabled, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function recordLoginAttempt(db: DbOrTx, attempt: { email: string; ip: string; success: boolean }) {
  await db.insert(loginAttempts).values({ ...attempt, email: attempt.email.toLowerCase() });
}

export type FailureCounts = { pair: number; ip: number; accountFromUnknownAddresses: number; addressKnown: boolean };

export async function countRecentFailures(
  db: DbOrTx,
  params: { email: string; ip: string; since: Date; knownSince: Date },
): Promise<FailureCounts> {
  const email = params.email.toLowerCase();
  const failed = and(eq(loginAttempts.success, false), gte(loginAttempts.at, params.since));
  const [[pair], [ip], [known]] = await Promise.all([
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(failed, eq(loginAttempts.email, email), eq(loginAttempts.ip, params.ip))),
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(failed, eq(loginAttempts.ip, params.ip))),
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.success, true),
          eq(loginAttempts.email, email),
          eq(loginAttempts.ip, params.ip),
          gte(loginAttempts.at, params.knownSince),
        ),
      ),
  ]);
  // Failures against this account from addresses that never signed in successfully as it.
  const [fromUnknown] = await db
    .execute<{ n: number }>(sql`
    select count(*)::int as n from login_attempts f
    where f.email = ${email} and not f.success and f.at >= ${params.since}
      and not exists (select 1 from login_attempts s where s.email = f.email and s.ip = f.ip and s.success and s.at >= ${params.knownSince})`)
    .then((r) => r.rows);
  return {
    pair: pair?.n ?? 0,
    ip: ip?.n ?? 0,
    accountFromUnknownAddresses: fromUnknown?.n ?? 0,
    addressKnown: (known?.n ?? 0) > 0,
  };
}

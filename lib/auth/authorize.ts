import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { findUserForLogin, getSessionUser, recordLoginAttempt } from "@/db/queries/users";
import { users } from "@/db/schema";
import { consumeLoginLink } from "./login-links";
import { checkLoginThrottle } from "./login-throttle";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password";
import type { Role } from "./permissions";

export type AuthorizedUser = {
  id: string;
  name: string;
  role: Role;
  sessionVersion: number;
  customerId: string | null;
};
/** Why authorize() refused, when the sign-in form may say so (never "no such account"). */
export type Refusal = "throttled" | "disabled" | null;
export type AuthorizeOutcome = { user: AuthorizedUser; refusal?: undefined } | { user: null; refusal: Refusal };

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1).max(200) });

/** The account name link sign-ins are throttled under: per address only, one shared bucket. */
export const LINK_THROTTLE_ACCOUNT = "(sign-in link)";

/**
 * Password sign-in, as Auth.js's credentials provider runs it — for the sign-in form AND for a
 * direct POST to /api/auth/callback/credentials, so no path reaches the password check without the
 * throttle. Every outcome is recorded in login_attempts against the socket-derived address.
 */
export async function authorizePassword(db: DbOrTx, raw: unknown, ip: string): Promise<AuthorizeOutcome> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { user: null, refusal: null };
  const email = parsed.data.email.toLowerCase();
  const verdict = await checkLoginThrottle(db, email, ip);
  // Refused before the password is even looked at: a throttled guess teaches the guesser nothing.
  if (!verdict.allowed) return { user: null, refusal: "throttled" };
  const user = await findUserForLogin(db, email);
  // Same scrypt cost whether or not the account exists: no timing oracle for enumeration.
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user?.passwordHash || !ok) {
    await recordLoginAttempt(db, { email, ip, success: false });
    return { user: null, refusal: null };
  }
  if (user.disabled) return { user: null, refusal: "disabled" };
  await recordLoginAttempt(db, { email, ip, success: true });
  // Hashes made at an older cost are upgraded now, while we hold the password in hand.
  if (needsRehash(user.passwordHash)) {
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(parsed.data.password), updatedAt: new Date() })
      .where(eq(users.id, user.id));
  }
  return {
    user: {
      id: user.id,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
      customerId: user.customerId,
    },
  };
}

/** Customer sign-in by emailed link: per-address throttle against token guessing, every outcome recorded. */
export async function authorizeLink(db: DbOrTx, raw: unknown, ip: string): Promise<AuthorizeOutcome> {
  const token = typeof (raw as { token?: unknown })?.token === "string" ? (raw as { token: string }).token : "";
  const verdict = await checkLoginThrottle(db, LINK_THROTTLE_ACCOUNT, ip);
  if (!verdict.allowed) return { user: null, refusal: "throttled" };
  const userId = await consumeLoginLink(db, token);
  const user = userId ? await getSessionUser(db, userId) : null;
  if (!user || !sessionUserValid(user)) {
    await recordLoginAttempt(db, { email: LINK_THROTTLE_ACCOUNT, ip, success: false });
    return { user: null, refusal: null };
  }
  await recordLoginAttempt(db, { email: user.email, ip, success: true });
  return {
    user: {
      id: user.id,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
      customerId: user.customerId,
    },
  };
}

type SessionUserRow = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;

/**
 * Whether a user may hold a session at all. A customer sign-in is bound to its customer AND to
 * that customer's current email: after staff change the email, a sign-in row for the old address
 * (or one an attacker created for an address they control) stops working at once.
 */
export function sessionUserValid(user: SessionUserRow): boolean {
  if (user.disabled) return false;
  if (user.role !== "customer") return true;
  return user.customerId !== null && user.customerEmail !== null && user.customerEmail.toLowerCase() === user.email;
}

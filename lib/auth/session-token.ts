import "server-only";
import { eq, sql } from "drizzle-orm";
import type { JWT } from "next-auth/jwt";
import type { DbOrTx } from "@/db/client";
import { getSessionUser } from "@/db/queries/users";
import { users } from "@/db/schema";
import { sessionUserValid } from "./authorize";

/** Idle limit (the cookie slides with use) and absolute limit (from sign-in, never extended). */
export const SESSION_IDLE_MS = 8 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

/**
 * The per-request check of a session token: the user still exists, is enabled, carries the same
 * session version (sign-out and admin changes bump it), a customer sign-in still matches its
 * customer's email, and the sign-in is younger than the absolute lifetime. Refreshes role/name.
 */
export async function checkSessionToken(db: DbOrTx, token: JWT, now = Date.now()): Promise<JWT | null> {
  if (typeof token.uid !== "string") return null;
  // Tokens without a sign-in time predate the absolute limit: treat them as expired.
  if (typeof token.authAt !== "number" || now - token.authAt > SESSION_ABSOLUTE_MS || token.authAt > now + 60_000)
    return null;
  const current = await getSessionUser(db, token.uid);
  if (!current || !sessionUserValid(current) || current.sessionVersion !== token.sv) return null;
  token.role = current.role;
  token.name = current.name;
  token.email = current.email;
  token.customerId = current.customerId;
  return token;
}

/** Ends every session of a user (sign-out, email change): outstanding JWTs carry the old version. */
export async function revokeSessions(db: DbOrTx, userId: string) {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queueMail } from "@/db/queries/outbox";
import { customers, loginLinks, users } from "@/db/schema";

export const LINK_TTL_MS = 15 * 60_000;
const MAX_LINKS_PER_WINDOW = 5;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * "Email me a sign-in link". Answers the same whether or not the address is a customer's (no
 * account enumeration); only a hash of the token is stored; at most a few links per address per
 * quarter hour, so the form cannot be used to flood someone's inbox.
 */
export async function requestLoginLink(
  db: DbOrTx,
  p: { email: string; ip: string; baseUrl: string; now?: number },
): Promise<void> {
  const now = p.now ?? Date.now();
  const email = p.email.trim().toLowerCase();
  const [customer] = await db
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(sql`lower(${customers.email}) = ${email}`);
  if (!customer) return;
  let [user] = await db
    // Stryker disable next-line ObjectLiteral: selecting every column also yields these three
    .select({ id: users.id, disabled: users.disabled, role: users.role })
    .from(users)
    .where(eq(users.email, email));
  if (!user)
    [user] = await db
      .insert(users)
      .values({ email, name: customer.name, role: "customer", customerId: customer.id })
      .onConflictDoNothing()
      .returning({ id: users.id, disabled: users.disabled, role: users.role });
  if (!user || user.disabled || user.role !== "customer") return;
  const [recent] = await db
    .select({ n: count() })
    .from(loginLinks)
    .where(and(eq(loginLinks.userId, user.id), gt(loginLinks.createdAt, new Date(now - LINK_TTL_MS))));
  // Stryker disable next-line OptionalChaining: count() always returns one row
  if ((recent?.n ?? 0) >= MAX_LINKS_PER_WINDOW) return;
  const token = randomBytes(32).toString("base64url");
  await db.insert(loginLinks).values({
    tokenHash: hash(token),
    userId: user.id,
    expiresAt: new Date(now + LINK_TTL_MS),
    requestedIp: p.ip,
    createdAt: new Date(now),
  });
  await queueMail(db, {
    to: customer.email,
    kind: "login-link",
    subject: "Your Portier sign-in link",
    body: `Hello ${customer.name},\n\nopen this link within 15 minutes to see your door access:\n${p.baseUrl}/portal/link?token=${token}\n\nThe link works once. If you did not ask for it, ignore this message.`,
  });
}

/** Uses a link: succeeds once, before it expires, for an enabled customer. Returns the user id. */
export async function consumeLoginLink(db: DbOrTx, token: string, now = Date.now()): Promise<string | null> {
  // A cheap pre-filter before hashing and a database round trip: a token of any other shape cannot
  // match a stored hash either, so loosening it changes no answer.
  // Stryker disable next-line Regex,ConditionalExpression: equivalent, see above
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [used] = await db
    .update(loginLinks)
    .set({ usedAt: new Date(now) })
    .where(
      and(eq(loginLinks.tokenHash, hash(token)), isNull(loginLinks.usedAt), gt(loginLinks.expiresAt, new Date(now))),
    )
    .returning({ userId: loginLinks.userId });
  if (!used) return null;
  const [user] = await db
    .select({ id: users.id, disabled: users.disabled, role: users.role })
    .from(users)
    .where(eq(users.id, used.userId));
  return user && !user.disabled && user.role === "customer" ? user.id : null;
}

import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queueMail } from "@/db/queries/outbox";
import { customers, loginLinks, outbox, users } from "@/db/schema";

export const LINK_TTL_MS = 15 * 60_000;
export const MAX_LINKS_PER_WINDOW = 5;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");
/** The outbox row of a link mail is found by the token's hash, never by the token. */
const mailKey = (tokenHash: string) => `login-link:${tokenHash}`;
export const REDACTED_LINK = "[sign-in link removed: it was used, sent or has expired]";
const LINK_IN_BODY = /https?:\/\/\S*\/portal\/link\?token=[A-Za-z0-9_-]+/g;

/**
 * "Email me a sign-in link". Answers the same whether or not the address is a customer's (no
 * account enumeration); only a hash of the token is stored; at most a few links per address per
 * quarter hour, so the form cannot be used to flood someone's inbox — counted under a row lock,
 * so concurrent requests cannot race past the limit.
 *
 * The portal sign-in is bound to the customer AND its current email: the users row for this
 * address is (re)pointed at the customer that has the address now, and a staff address never gets
 * a link.
 */
export async function requestLoginLink(
  db: DbOrTx,
  p: { email: string; ip: string; baseUrl: string; now?: number },
): Promise<void> {
  const now = p.now ?? Date.now();
  const email = p.email.trim().toLowerCase();
  await redactExpiredLinkMails(db, now);
  await db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name, email: customers.email })
      .from(customers)
      .where(sql`lower(${customers.email}) = ${email}`);
    if (!customer) return;
    await tx
      .insert(users)
      .values({ email, name: customer.name, role: "customer", customerId: customer.id })
      .onConflictDoNothing();
    // The row lock serialises concurrent requests for this address: count and insert are atomic.
    const [user] = await tx
      .select({ id: users.id, disabled: users.disabled, role: users.role, customerId: users.customerId })
      .from(users)
      .where(eq(users.email, email))
      .for("update");
    if (!user || user.disabled || user.role !== "customer") return;
    if (user.customerId !== customer.id) {
      // The address moved to another customer: the sign-in follows the mailbox, old sessions end.
      await tx
        .update(users)
        .set({
          customerId: customer.id,
          name: customer.name,
          sessionVersion: sql`${users.sessionVersion} + 1`,
          updatedAt: new Date(now),
        })
        .where(eq(users.id, user.id));
      await tx
        .update(loginLinks)
        .set({ usedAt: new Date(now) })
        .where(and(eq(loginLinks.userId, user.id), isNull(loginLinks.usedAt)));
    }
    const [recent] = await tx
      .select({ n: count() })
      .from(loginLinks)
      .where(and(eq(loginLinks.userId, user.id), gt(loginLinks.createdAt, new Date(now - LINK_TTL_MS))));
    if ((recent?.n ?? 0) >= MAX_LINKS_PER_WINDOW) return;
    const token = randomBytes(32).toString("base64url");
    const tokenHash = hash(token);
    await tx.insert(loginLinks).values({
      tokenHash,
      userId: user.id,
      expiresAt: new Date(now + LINK_TTL_MS),
      requestedIp: p.ip,
      createdAt: new Date(now),
    });
    await queueMail(tx, {
      to: customer.email,
      kind: "login-link",
      dedupeKey: mailKey(tokenHash),
      subject: "Your Portier sign-in link",
      body: `Hello ${customer.name},\n\nopen this link within 15 minutes to see your door access:\n${p.baseUrl}/portal/link?token=${token}\n\nThe link works once. If you did not ask for it, ignore this message.`,
    });
  });
}

/** Uses a link: succeeds once, before it expires, for an enabled customer. Returns the user id. */
export async function consumeLoginLink(db: DbOrTx, token: string, now = Date.now()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [used] = await db
    .update(loginLinks)
    .set({ usedAt: new Date(now) })
    .where(
      and(eq(loginLinks.tokenHash, hash(token)), isNull(loginLinks.usedAt), gt(loginLinks.expiresAt, new Date(now))),
    )
    .returning({ userId: loginLinks.userId, tokenHash: loginLinks.tokenHash });
  if (!used) return null;
  await redactLinkMail(db, used.tokenHash);
  const [user] = await db
    .select({ id: users.id, disabled: users.disabled, role: users.role })
    .from(users)
    .where(eq(users.id, used.userId));
  return user && !user.disabled && user.role === "customer" ? user.id : null;
}

/** The token leaves the outbox once the link is used: a database reader cannot sign in with it later. */
async function redactLinkMail(db: DbOrTx, tokenHash: string) {
  await db
    .update(outbox)
    .set({ body: sql`regexp_replace(${outbox.body}, ${LINK_IN_BODY.source}, ${REDACTED_LINK}, 'g')` })
    .where(eq(outbox.dedupeKey, mailKey(tokenHash)));
}

/** Link mails past their link's lifetime keep no token (the link is dead, the text stays for the record). */
export async function redactExpiredLinkMails(db: DbOrTx, now = Date.now()) {
  await db
    .update(outbox)
    .set({ body: sql`regexp_replace(${outbox.body}, ${LINK_IN_BODY.source}, ${REDACTED_LINK}, 'g')` })
    .where(
      and(
        eq(outbox.kind, "login-link"),
        lt(outbox.createdAt, new Date(now - LINK_TTL_MS)),
        sql`${outbox.body} ~ ${LINK_IN_BODY.source}`,
      ),
    );
}

/** A sent link mail keeps no token either: the customer's mailbox has it, our database need not. */
export const redactSentLinkMail = (body: string) => body.replace(LINK_IN_BODY, REDACTED_LINK);

/**
 * A customer's email changed: every portal sign-in of that customer ends, and links already sent
 * (possibly to the old address) stop working. Run inside the transaction that changes the email.
 */
export async function endPortalAccess(db: DbOrTx, customerId: string, now = Date.now()) {
  const ids = db.select({ id: users.id }).from(users).where(eq(users.customerId, customerId));
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date(now) })
    .where(eq(users.customerId, customerId));
  await db
    .update(loginLinks)
    .set({ usedAt: new Date(now) })
    .where(and(sql`${loginLinks.userId} in ${ids}`, isNull(loginLinks.usedAt)));
}

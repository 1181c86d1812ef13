import "server-only";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { recordLoginAttempt } from "@/db/queries/users";
import { setupTokens, users } from "@/db/schema";
import { checkLoginThrottle } from "./login-throttle";
import { hashPassword } from "./password";
import { passwordProblems } from "./password-policy";
import { newLinkToken, plausibleToken, tokenHash } from "./one-time-token";

export const SETUP_LINK_TTL_MS = 60 * 60_000;
/** Failed setup submits are throttled per address under this account name, like link sign-ins. */
export const SETUP_THROTTLE_ACCOUNT = "(setup link)";
/** Serialises issuing and using setup links (and thus creating the first admin) across instances. */
const SETUP_LOCK = 727003;

const lockSetup = (tx: DbOrTx) => tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
const userCount = async (tx: DbOrTx) => (await tx.select({ n: count() }).from(users))[0]?.n ?? 0;

/**
 * At start, on a database without users (production mode): a new one-time link to create the first
 * admin. Older unused links are retired, so only the link printed last works. Returns null once
 * anyone exists — the link never reappears after setup.
 */
export async function issueSetupLink(db: DbOrTx, now = Date.now()): Promise<{ token: string; expiresAt: Date } | null> {
  return db.transaction(async (tx) => {
    await lockSetup(tx);
    if ((await userCount(tx)) > 0) return null;
    await tx
      .update(setupTokens)
      .set({ usedAt: new Date(now) })
      .where(isNull(setupTokens.usedAt));
    const token = newLinkToken();
    const expiresAt = new Date(now + SETUP_LINK_TTL_MS);
    await tx.insert(setupTokens).values({ tokenHash: tokenHash(token), expiresAt, createdAt: new Date(now) });
    return { token, expiresAt };
  });
}

export type SetupLinkState = "valid" | "invalid" | "done";

/** What /setup shows: the form (valid link), "expired or used" (invalid), or "setup is done". */
export async function setupLinkState(db: DbOrTx, token: string | undefined, now = Date.now()): Promise<SetupLinkState> {
  if ((await userCount(db)) > 0) return "done";
  if (!token || !plausibleToken(token)) return "invalid";
  const [row] = await db
    .select({ id: setupTokens.id })
    .from(setupTokens)
    .where(
      and(
        eq(setupTokens.tokenHash, tokenHash(token)),
        isNull(setupTokens.usedAt),
        gt(setupTokens.expiresAt, new Date(now)),
      ),
    );
  return row ? "valid" : "invalid";
}

export type SetupOutcome =
  | { ok: true; userId: string; email: string }
  | { ok: false; reason: "done" | "invalid" | "throttled" | "password"; message: string };

const MESSAGES = {
  done: "Setup is already done: an administrator exists. Sign in instead.",
  invalid: "This setup link has expired or was already used. Restart Portier to print a new one.",
  throttled: "Too many failed attempts from this address. Try again in 15 minutes.",
} as const;

/**
 * Creates the first admin with a valid setup link. In ONE transaction, under the setup lock: there
 * are still no users, the link is consumed (unused, unexpired — found by its hash), the admin is
 * inserted and the audit entry written. Two submits racing (same link or two tabs) serialise on
 * the lock: the second finds a user and answers "done" — there is only ever one first admin.
 */
export async function completeSetup(
  db: DbOrTx,
  p: { token: string; email: string; name: string; password: string; ip: string; now?: number },
): Promise<SetupOutcome> {
  const now = p.now ?? Date.now();
  const email = p.email.trim().toLowerCase();
  const name = p.name.trim();
  const verdict = await checkLoginThrottle(db, SETUP_THROTTLE_ACCOUNT, p.ip, new Date(now));
  if (!verdict.allowed) return { ok: false, reason: "throttled", message: MESSAGES.throttled };
  // A cheap look first: a wrong or stale link must not cost a scrypt hash (an unauthenticated
  // request making the server hash would be a CPU lever). The transaction below decides for real.
  const state = await setupLinkState(db, p.token, now);
  if (state !== "valid") return refuse(db, state, p.ip);
  const problems = passwordProblems(p.password, { email, name });
  if (problems.length) return { ok: false, reason: "password", message: problems.join(" ") };
  // scrypt outside the transaction: it takes ~0.3 s and must not hold the setup lock meanwhile.
  const passwordHash = await hashPassword(p.password);
  type Committed = { ok: true; userId: string; email: string } | { ok: false; reason: "done" | "invalid" };
  const outcome = await db.transaction(async (tx): Promise<Committed> => {
    await lockSetup(tx);
    if ((await userCount(tx)) > 0) return { ok: false, reason: "done" };
    const [used] = plausibleToken(p.token)
      ? await tx
          .update(setupTokens)
          .set({ usedAt: new Date(now) })
          .where(
            and(
              eq(setupTokens.tokenHash, tokenHash(p.token)),
              isNull(setupTokens.usedAt),
              gt(setupTokens.expiresAt, new Date(now)),
            ),
          )
          .returning({ id: setupTokens.id })
      : [];
    if (!used) return { ok: false, reason: "invalid" };
    const [admin] = await tx
      .insert(users)
      .values({ email, name, role: "admin", passwordHash, createdAt: new Date(now), updatedAt: new Date(now) })
      .returning({ id: users.id });
    await appendAudit(tx, {
      actor: { id: admin!.id, label: `${name} (setup link)` },
      action: "setup.first_admin",
      entityType: "user",
      entityId: admin!.id,
      after: { email, name, role: "admin" },
    });
    return { ok: true, userId: admin!.id, email };
  });
  return outcome.ok ? outcome : refuse(db, outcome.reason, p.ip);
}

async function refuse(db: DbOrTx, reason: "done" | "invalid", ip: string): Promise<SetupOutcome> {
  // A wrong or stale link counts against the address, as a failed sign-in would (token guessing).
  if (reason === "invalid") await recordLoginAttempt(db, { email: SETUP_THROTTLE_ACCOUNT, ip, success: false });
  return { ok: false, reason, message: MESSAGES[reason] };
}

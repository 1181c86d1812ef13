import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { apiKeys, apiKeyUsage, type ApiKey, type ApiKeyScope, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { boundedDate } from "@/lib/time/date-bounds";

/**
 * A key reads `ptr_<8 chars>_<43 chars>`: the first 12 characters are its public prefix (shown in
 * the list, used to find the row), the rest 32 random bytes. Only SHA-256 of the whole key is kept.
 */
const PREFIX_LENGTH = 12;
const KEY_SHAPE = /^ptr_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/;

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

function newKey() {
  // 8 base-36 characters from 6 random bytes (2^48 prefixes; a clash is retried by the unique index).
  const prefix = `ptr_${BigInt(`0x${randomBytes(6).toString("hex")}`)
    .toString(36)
    .padStart(8, "0")
    .slice(-8)}`;
  return { prefix, key: `${prefix}_${randomBytes(32).toString("base64url")}` };
}

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name, e.g. the system that uses it.").max(80),
  scope: z.enum(["read", "read_write"], { error: "Choose read or read and write." }),
  expiresAt: boundedDate("Give the expiry as a date.").nullable(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

/** What an admin sees of a key: never its hash. */
export type ApiKeyView = Pick<
  ApiKey,
  "id" | "name" | "prefix" | "scope" | "expiresAt" | "revokedAt" | "lastUsedAt" | "createdAt"
> & { createdByName: string | null; readsLast24h: number; writesLast24h: number; refusedLast24h: number };

/** Admins create a key; the whole key is returned this once and never again. Audited. */
export async function createApiKey(
  db: DbOrTx,
  actor: Actor,
  input: CreateApiKeyInput,
  now = Date.now(),
): Promise<{ id: string; key: string; prefix: string }> {
  assertCan(actor, "settings.admin");
  if (input.expiresAt && input.expiresAt.getTime() <= now)
    throw new AppError("INVALID_INPUT", "The expiry must be in the future.");
  const { prefix, key } = newKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        prefix,
        secretHash: hashApiKey(key),
        scope: input.scope,
        expiresAt: input.expiresAt,
        createdBy: actor.apiKeyId ? null : actor.id,
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: "api_key.create",
      entityType: "api_key",
      entityId: row!.id,
      after: { name: row!.name, prefix, scope: row!.scope, expiresAt: row!.expiresAt?.toISOString() ?? null },
    });
    return { id: row!.id, key, prefix };
  });
}

/** Revoking is immediate for every instance: each request reads the row. Audited; revoking twice is a no-op. */
export async function revokeApiKey(db: DbOrTx, actor: Actor, id: string, now = Date.now()) {
  assertCan(actor, "settings.admin");
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "That API key does not exist.");
    if (current.revokedAt) return { revokedAt: current.revokedAt };
    const revokedAt = new Date(now);
    await tx.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, id));
    await appendAudit(tx, {
      actor,
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: id,
      before: { name: current.name, prefix: current.prefix, revokedAt: null },
      after: { revokedAt: revokedAt.toISOString() },
    });
    return { revokedAt };
  });
}

export async function listApiKeys(db: DbOrTx, actor: Actor, now = Date.now()): Promise<ApiKeyView[]> {
  assertCan(actor, "settings.admin");
  const since = new Date(now - 86_400_000);
  const usage = db
    .select({
      apiKeyId: apiKeyUsage.apiKeyId,
      reads: sql<number>`sum(${apiKeyUsage.reads})::int`.as("reads"),
      writes: sql<number>`sum(${apiKeyUsage.writes})::int`.as("writes"),
      refused: sql<number>`sum(${apiKeyUsage.refused})::int`.as("refused"),
    })
    .from(apiKeyUsage)
    .where(sql`${apiKeyUsage.hour} >= date_trunc('hour', ${since.toISOString()}::timestamptz)`)
    .groupBy(apiKeyUsage.apiKeyId)
    .as("usage");
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      reads: usage.reads,
      writes: usage.writes,
      refused: usage.refused,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .leftJoin(usage, eq(usage.apiKeyId, apiKeys.id))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(({ reads, writes, refused, ...r }) => ({
    ...r,
    readsLast24h: reads ?? 0,
    writesLast24h: writes ?? 0,
    refusedLast24h: refused ?? 0,
  }));
}

export type ApiKeyRefusal = "missing" | "malformed" | "unknown" | "revoked" | "expired";

/**
 * `Authorization: Bearer <key>` → the key's row, or why not. One index lookup by prefix, then a
 * constant-time comparison of the hashes (equal length by construction), so neither the lookup
 * nor the comparison tells an attacker how much of a guessed secret was right.
 */
export async function authenticateApiKey(
  db: DbOrTx,
  authorization: string | null,
  now = Date.now(),
): Promise<{ ok: true; key: ApiKey } | { ok: false; reason: ApiKeyRefusal }> {
  if (!authorization) return { ok: false, reason: "missing" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const presented = match?.[1];
  if (!presented || !KEY_SHAPE.test(presented)) return { ok: false, reason: "malformed" };
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.prefix, presented.slice(0, PREFIX_LENGTH)));
  const presentedHash = Buffer.from(hashApiKey(presented), "hex");
  // Compare against something even when the prefix is unknown, so both paths do the same work.
  const storedHash = Buffer.from(row?.secretHash ?? "0".repeat(64), "hex");
  const same = storedHash.length === presentedHash.length && timingSafeEqual(storedHash, presentedHash);
  if (!row || !same) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= now) return { ok: false, reason: "expired" };
  return { ok: true, key: row };
}

/**
 * The key acts as a role: read = a manager's reads (no code reveals through the API: the actor
 * never reaches those paths), read_write = the front desk's rights. Every domain function then
 * applies its own checks exactly as for a signed-in user.
 */
export function actorForApiKey(key: Pick<ApiKey, "id" | "name" | "prefix" | "scope">): Actor {
  const role = ({ read: "manager", read_write: "staff" } as const satisfies Record<ApiKeyScope, string>)[key.scope];
  return { id: key.id, apiKeyId: key.id, role, label: `API key “${key.name}” (${key.prefix})`, customerId: null };
}

import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Actor } from "@/lib/auth/permissions";
import { canonicalJson } from "@/lib/canonical-json";
import type { DbOrTx } from "../client";
import { auditLog, type AuditEntry } from "../schema";

export const GENESIS_HASH = "0".repeat(64);

export type AuditInput = {
  actor: Pick<Actor, "id" | "label"> | { id: null; label: string };
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

type Hashable = Pick<
  AuditEntry,
  "at" | "actorId" | "actorLabel" | "action" | "entityType" | "entityId" | "before" | "after" | "prevHash"
>;

export function auditRowHash(row: Hashable): string {
  // Name every hashed field: a row read back also carries id and hash, which must not be hashed.
  const content = {
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
  };
  return createHash("sha256").update(row.prevHash).update(canonicalJson(content)).digest("hex");
}

/**
 * Appends one entry to the hash chain. Call inside the transaction that makes the change, so the
 * change and its record commit together; the advisory lock serialises writers on the chain head.
 */
export async function appendAudit(tx: DbOrTx, input: AuditInput): Promise<AuditEntry> {
  await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const row: Hashable = {
    at: new Date(),
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: (input.before ?? null) as AuditEntry["before"],
    after: (input.after ?? null) as AuditEntry["after"],
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const [inserted] = await tx
    .insert(auditLog)
    .values({ ...row, hash: auditRowHash(row) })
    .returning();
  return inserted!;
}

export type AuditPage = { entries: AuditEntry[]; nextCursor: number | null };

export type AuditFilter = { entityType?: string; entityId?: string; before?: number; limit?: number };

/** One page of the trail, newest first. No authorization here: callers check the actor. */
export async function selectAuditPage(db: DbOrTx, params: AuditFilter = {}): Promise<AuditPage> {
  const limit = Math.min(params.limit ?? 50, 200);
  const where: SQL[] = [];
  if (params.entityType) where.push(eq(auditLog.entityType, params.entityType));
  if (params.entityId) where.push(eq(auditLog.entityId, params.entityId));
  if (params.before) where.push(lt(auditLog.id, params.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? entries.at(-1)!.id : null };
}

export type ChainReport = { checked: number; ok: boolean; firstBadId: number | null; reason: string | null };

/** Recomputes the chain from the start; reports the first row whose content or link does not match. */
export async function verifyAuditChain(db: DbOrTx, batch = 1000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(batch);
    for (const row of rows) {
      checked++;
      if (row.prevHash !== prev)
        return {
          checked,
          ok: false,
          firstBadId: row.id,
          reason: "link to previous row broken (row removed or reordered)",
        };
      if (auditRowHash(row) !== row.hash)
        return { checked, ok: false, firstBadId: row.id, reason: "row content does not match its hash (edited)" };
      prev = row.hash;
    }
    if (rows.length < batch) return { checked, ok: true, firstBadId: null, reason: null };
    after = rows.at(-1)!.id;
  }
}

import "server-only";
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apiIdempotency } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import type { AccessContext } from "../context";

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** What makes two requests "the same": method, path and the parsed JSON body (key order ignored). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method} ${path}\n`)
    .update(canonicalJson(body ?? null))
    .digest("hex");
}

export type StoredResponse = { status: number; body: unknown };

export type IdempotentOutcome =
  | { kind: "done"; response: StoredResponse; replayed: boolean }
  | { kind: "mismatch" }
  | { kind: "in_flight" };

/**
 * Runs a write at most once per (API key, Idempotency-Key) within 24 h.
 *
 * The write, its answer and the record commit in ONE transaction: the domain function runs on a
 * context whose `db` is that transaction (its own transaction becomes a savepoint), so a crash
 * between "window created" and "answer stored" cannot happen, and a retry never creates a second
 * window. A transaction-scoped advisory lock on the pair marks the request in flight: a duplicate
 * arriving meanwhile is told so at once (409) instead of waiting. Answers below 500 are stored and
 * replayed (the same request gets the same result, a refusal included); a 5xx stores nothing, so a
 * retry runs again.
 */
export async function runIdempotent(
  ctx: AccessContext,
  p: { apiKeyId: string; key: string; fingerprint: string },
  write: (ctx: AccessContext) => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  let wakeAfterCommit = false;
  const outcome = await ctx.db.transaction(async (tx): Promise<IdempotentOutcome> => {
    const locked = await tx.execute<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(727100, hashtext(${p.apiKeyId} || ':' || ${p.key})) as ok`,
    );
    if (!locked.rows[0]?.ok) return { kind: "in_flight" };
    const where = and(eq(apiIdempotency.apiKeyId, p.apiKeyId), eq(apiIdempotency.key, p.key));
    const [seen] = await tx.select().from(apiIdempotency).where(where);
    if (seen && seen.createdAt.getTime() > ctx.now() - IDEMPOTENCY_TTL_MS) {
      if (seen.fingerprint !== p.fingerprint) return { kind: "mismatch" };
      return {
        kind: "done",
        response: { status: seen.responseStatus ?? 500, body: seen.responseBody },
        replayed: true,
      };
    }
    if (seen) await tx.delete(apiIdempotency).where(where);
    const inner: AccessContext = {
      ...ctx,
      // The domain opens `db.transaction(…)`: on a transaction that is a savepoint, so a refused
      // write rolls back alone and its refusal is still stored below.
      db: tx as unknown as Db,
      // Reconcilers must not look before the commit; wake them after it.
      wake: () => {
        wakeAfterCommit = true;
      },
    };
    const response = await write(inner);
    if (response.status >= 500) return { kind: "done", response, replayed: false };
    await tx.insert(apiIdempotency).values({
      apiKeyId: p.apiKeyId,
      key: p.key,
      fingerprint: p.fingerprint,
      responseStatus: response.status,
      responseBody: response.body as never,
      createdAt: new Date(ctx.now()),
    });
    return { kind: "done", response, replayed: false };
  });
  if (wakeAfterCommit) ctx.wake();
  return outcome;
}

/** Deletes expired records in small batches (called now and then by writes; cheap when nothing is due). */
export async function pruneIdempotency(db: Db | Tx, now: number, batch = 500) {
  const cutoff = new Date(now - IDEMPOTENCY_TTL_MS);
  const result = await db.execute(
    sql`delete from ${apiIdempotency} where ctid in (select ctid from ${apiIdempotency} where ${lt(apiIdempotency.createdAt, cutoff)} limit ${batch})`,
  );
  return result.rowCount ?? 0;
}

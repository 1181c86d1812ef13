import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export type RateLimit = { perMinute: number; burst: number };

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * One token per request from the key's bucket, kept on its api_keys row. In Postgres rather than
 * in memory: several app instances behind a load balancer must share one budget per key (a
 * per-process bucket would grant N× the limit with N instances). One UPDATE per request does the
 * refill, the take and last_used_at atomically; concurrent requests of one key queue on its row
 * lock for that statement only. Time is the database's clock, so instances' clocks never disagree.
 */
export async function takeApiToken(db: DbOrTx, keyId: string, limit: RateLimit): Promise<RateDecision> {
  const perSecond = limit.perMinute / 60;
  const result = await db.execute<{ ok: boolean; tokens: number }>(sql`
    with bucket as (
      select id,
        least(${limit.burst}::float8,
          coalesce(rate_tokens, ${limit.burst}::float8)
          + extract(epoch from (clock_timestamp() - coalesce(rate_refilled_at, clock_timestamp()))) * ${perSecond}::float8
        ) as available
      from api_keys where id = ${keyId} for update
    )
    update api_keys k set
      rate_tokens = case when b.available >= 1 then b.available - 1 else b.available end,
      rate_refilled_at = clock_timestamp(),
      last_used_at = clock_timestamp()
    from bucket b where k.id = b.id
    returning b.available >= 1 as ok, k.rate_tokens as tokens`);
  const row = result.rows[0];
  if (!row) return { ok: false, retryAfterSeconds: 1 };
  if (row.ok) return { ok: true, remaining: Math.floor(Number(row.tokens)) };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - Number(row.tokens)) / perSecond)) };
}

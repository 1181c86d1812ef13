// The scale-out bench's baseline: `workers` bare claim loops on the same grants table doing what the
// reconciler does to Postgres for each grant — a SKIP LOCKED claim of up to 200 due grants under a
// lease, a fenced write-ahead mark, a fenced finish (applied, lease released) — and nothing else:
// no Nuki, no facts loaded, no decisions, no webhooks. Each loop has its own connection, as each
// worker process has its own pool. The reconciler's claims/s over this loop's is the ratio printed.
import { sql } from "drizzle-orm";
import { connect } from "@/db/client";

const BATCH = 200; // DEFAULT_RECONCILER_CONFIG.batchSize
const LEASE = "60 seconds"; // DEFAULT_RECONCILER_CONFIG.leaseMs

/** Makes every grant due again, then runs the loops until none is left; claims per second. */
export async function bareClaims(databaseUrl: string, workers: number): Promise<{ claims: number; seconds: number }> {
  const setup = connect(databaseUrl, 1);
  await setup.db.execute(
    sql`update grants set status = 'pending', next_run_at = now(), claimed_by = null, claimed_until = null`,
  );
  await setup.pool.end();
  const loops = Array.from({ length: workers }, (_, i) => ({ id: `bare-${i}`, h: connect(databaseUrl, 1) }));
  let claims = 0;
  const t0 = performance.now();
  await Promise.all(
    loops.map(async ({ id, h }) => {
      for (;;) {
        const claimed = await h.db.execute<{ id: string }>(sql`
          update grants set claimed_by = ${id}, claimed_until = now() + ${LEASE}::interval
          where id in (select id from grants
                       where next_run_at <= now() and (claimed_until is null or claimed_until < now())
                       order by next_run_at limit ${BATCH} for update skip locked)
          returning id`);
        if (claimed.rows.length === 0) return;
        claims += claimed.rows.length;
        const ids = `{${claimed.rows.map((r) => r.id).join(",")}}`;
        await h.db.execute(sql`
          update grants set sent_version = desired_version, sent_at = now(), sent_op = 'create', attempts = attempts + 1
          where id = any(${ids}::uuid[]) and claimed_by = ${id} and claimed_until > now()`);
        await h.db.transaction(async (tx) => {
          await tx.execute(sql`
            update grants set status = 'applied', status_changed_at = now(), applied_at = now(), next_run_at = null,
              sent_version = null, sent_at = null, sent_op = null, attempts = 0, claimed_by = null, claimed_until = null
            where id = any(${ids}::uuid[]) and claimed_by = ${id}`);
        });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(loops.map((l) => l.h.pool.end()));
  return { claims, seconds };
}

import "server-only";
import { eq, sql } from "drizzle-orm";
import { engineJobs } from "@/db/schema";
import type { AccessContext } from "../context";

/**
 * Runs `job` if `intervalMs` passed since any worker last ran it. The conditional upsert is the
 * election: with several workers, exactly one wins each period, without locks held across the job.
 */
export async function runJobIfDue<T>(
  ctx: AccessContext,
  p: { name: string; workerId: string; intervalMs: number },
  job: () => Promise<T>,
): Promise<T | null> {
  const now = new Date(ctx.now());
  const due = new Date(ctx.now() - p.intervalMs);
  const won = await ctx.db.execute(sql`
    insert into engine_jobs (name, last_run_at, last_run_by) values (${p.name}, ${now.toISOString()}::timestamptz, ${p.workerId})
    on conflict (name) do update set last_run_at = excluded.last_run_at, last_run_by = excluded.last_run_by
    where engine_jobs.last_run_at <= ${due.toISOString()}::timestamptz
    returning name`);
  if (won.rows.length === 0) return null;
  const report = await job();
  await ctx.db
    .update(engineJobs)
    .set({ lastReport: report as object })
    .where(eq(engineJobs.name, p.name));
  return report;
}

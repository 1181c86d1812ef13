import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { readRetentionPeriods } from "./retention-settings";

export type PruneReport = {
  lockEvents: number;
  webhookInbox: number;
  loginAttempts: number;
  outbox: number;
  loginLinks: number;
  webhookDeliveries: number;
  apiUsage: number;
  apiIdempotency: number;
  bulkJobs: number;
  /** Old signing secrets whose rotation grace period ended (cleared, not rows deleted). */
  expiredWebhookSecrets: number;
};

const DAY_MS = 86_400_000;
/** Rows per delete: short transactions, so pruning a year of backlog never blocks the webhook path. */
const BATCH = 2_000;

async function deleteInBatches(db: Db, table: SQL, key: SQL, where: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await db.execute(
      sql`delete from ${table} where ${key} in (select ${key} from ${table} where ${where} limit ${BATCH})`,
    );
    total += r.rowCount ?? 0;
    if ((r.rowCount ?? 0) < BATCH) return total;
  }
}

/**
 * Deletes what is older than the admin-set periods. Never touches the audit log (its hash chain is
 * the record), an unprocessed webhook delivery (it still has to be applied), unsent mail (it
 * still has to go out), an outgoing webhook delivery still pending (it still has to be sent), an
 * idempotency record whose first request is still running, or a bulk job not finished (a runner may
 * still resume it). A run that deleted anything leaves an audit entry saying how much.
 */
export async function pruneExpired(db: Db, now: number): Promise<PruneReport> {
  const p = await readRetentionPeriods(db);
  const before = (d: number) => new Date(now - d * DAY_MS).toISOString();
  const report: PruneReport = {
    lockEvents: await deleteInBatches(
      db,
      sql`lock_events`,
      sql`id`,
      sql`at < ${before(p.lockEventsDays)}::timestamptz`,
    ),
    webhookInbox: await deleteInBatches(
      db,
      sql`webhook_inbox`,
      sql`id`,
      sql`processed_at is not null and received_at < ${before(p.webhookInboxDays)}::timestamptz`,
    ),
    loginAttempts: await deleteInBatches(
      db,
      sql`login_attempts`,
      sql`id`,
      sql`at < ${before(p.loginAttemptsDays)}::timestamptz`,
    ),
    outbox: await deleteInBatches(
      db,
      sql`outbox`,
      sql`id`,
      sql`sent_at is not null and sent_at < ${before(p.outboxDays)}::timestamptz`,
    ),
    // Only links that can no longer be used: spent or expired.
    loginLinks: await deleteInBatches(
      db,
      sql`login_links`,
      sql`id`,
      sql`(used_at is not null or expires_at < ${new Date(now).toISOString()}::timestamptz) and created_at < ${before(p.loginLinksDays)}::timestamptz`,
    ),
    // Done deliveries only, by when they were queued: pending ones still have to go out.
    webhookDeliveries: await deleteInBatches(
      db,
      sql`webhook_deliveries`,
      sql`id`,
      sql`status <> 'pending' and created_at < ${before(p.webhookDeliveriesDays)}::timestamptz`,
    ),
    // Hourly read counts (no single-column key: the row's ctid names it within one statement).
    apiUsage: await deleteInBatches(
      db,
      sql`api_key_usage`,
      sql`ctid`,
      sql`hour < ${before(p.apiUsageDays)}::timestamptz`,
    ),
    // Idempotency-Key records count for 24 h; the period (at least 2 days) keeps them well past that.
    // One without an answer belongs to a request still running (record and answer commit together).
    apiIdempotency: await deleteInBatches(
      db,
      sql`api_idempotency`,
      sql`ctid`,
      sql`response_status is not null and created_at < ${before(p.apiUsageDays)}::timestamptz`,
    ),
    // Finished jobs, their items with them (cascade); a job still running or paused is kept.
    bulkJobs: await deleteInBatches(
      db,
      sql`bulk_jobs`,
      sql`id`,
      sql`finished_at is not null and finished_at < ${before(p.bulkJobsDays)}::timestamptz`,
    ),
    expiredWebhookSecrets:
      (
        await db.execute(sql`
        update webhook_endpoints set previous_secret_enc = null, previous_secret_expires_at = null
        where previous_secret_enc is not null and previous_secret_expires_at <= ${new Date(now).toISOString()}::timestamptz`)
      ).rowCount ?? 0,
  };
  if (Object.values(report).some((n) => n > 0)) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: { id: null, label: "system" },
        action: "retention.prune",
        entityType: "settings",
        entityId: "retention",
        after: { ...report, periods: p },
      }),
    );
  }
  return report;
}

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
 * the record), an unprocessed webhook delivery (it still has to be applied) or unsent mail (it
 * still has to go out). A run that deleted anything leaves an audit entry saying how much.
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

import { sql } from "drizzle-orm";
import { check, integer, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * How long data that grows without bound is kept, in days: one row (id = 1), edited by admins on
 * /settings/retention and applied by the periodic "retention" job. The audit log is never pruned.
 * The CHECKs keep each period above what the app itself needs (the sign-in throttle looks back a
 * day; the webhook inbox's dedupe must outlive Nuki's retries).
 */
export const retentionSettings = pgTable(
  "retention_settings",
  {
    id: integer("id").primaryKey().default(1),
    lockEventsDays: integer("lock_events_days").notNull().default(365),
    webhookInboxDays: integer("webhook_inbox_days").notNull().default(30),
    loginAttemptsDays: integer("login_attempts_days").notNull().default(90),
    outboxDays: integer("outbox_days").notNull().default(90),
    loginLinksDays: integer("login_links_days").notNull().default(30),
    // Outgoing webhook deliveries that are done (delivered or given up); pending ones are never pruned.
    webhookDeliveriesDays: integer("webhook_deliveries_days").notNull().default(30),
    // API keys' hourly read counts and their Idempotency-Key records.
    apiUsageDays: integer("api_usage_days").notNull().default(90),
    // Finished bulk-assign jobs and their per-pair items; running ones are never pruned.
    bulkJobsDays: integer("bulk_jobs_days").notNull().default(90),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("retention_settings_single_row", sql`${t.id} = 1`),
    check("retention_lock_events_days", sql`${t.lockEventsDays} between 7 and 3650`),
    check("retention_webhook_inbox_days", sql`${t.webhookInboxDays} between 7 and 3650`),
    check("retention_login_attempts_days", sql`${t.loginAttemptsDays} between 2 and 3650`),
    check("retention_outbox_days", sql`${t.outboxDays} between 7 and 3650`),
    check("retention_login_links_days", sql`${t.loginLinksDays} between 2 and 3650`),
    check("retention_webhook_deliveries_days", sql`${t.webhookDeliveriesDays} between 2 and 3650`),
    check("retention_api_usage_days", sql`${t.apiUsageDays} between 2 and 3650`),
    check("retention_bulk_jobs_days", sql`${t.bulkJobsDays} between 7 and 3650`),
  ],
);

export type RetentionSettings = typeof retentionSettings.$inferSelect;

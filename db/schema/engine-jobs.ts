import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Periodic engine jobs (the full resync): which worker ran them last, so only one runs per period. */
export const engineJobs = pgTable("engine_jobs", {
  name: text("name").primaryKey(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }).notNull(),
  lastRunBy: text("last_run_by").notNull(),
  lastReport: jsonb("last_report"),
});

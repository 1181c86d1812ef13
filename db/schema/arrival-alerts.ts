import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accessWindows } from "./windows";

/**
 * One row per window occurrence the desk was told about (arrival not ready within the lead time).
 * Keyed by (window, occurrence start) so a weekly window alerts once per arrival, and the periodic
 * job — run by whichever worker wins the election, possibly twice after a crash — never alerts twice:
 * the insert and the outbox message commit together, and a second insert finds the key taken.
 */
export const arrivalAlerts = pgTable(
  "arrival_alerts",
  {
    windowId: uuid("window_id")
      .notNull()
      .references(() => accessWindows.id, { onDelete: "cascade" }),
    occurrenceStart: timestamp("occurrence_start", { withTimezone: true }).notNull(),
    // The reasons as the desk read them (codes only, e.g. "lock_offline,grant_failed"): what was wrong then.
    reasons: text("reasons").notNull(),
    alertedAt: timestamp("alerted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The board reads the alerts of the next 24 h by occurrence start.
  (t) => [
    primaryKey({ columns: [t.windowId, t.occurrenceStart] }),
    index("arrival_alerts_start").on(t.occurrenceStart),
  ],
);

export type ArrivalAlert = typeof arrivalAlerts.$inferSelect;

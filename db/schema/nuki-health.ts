import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Whether Nuki currently refuses Portier's API token (401/403 on an account-wide read). While it
 * does, every worker pauses reconciling (a refused token fails every call, and hammering it only
 * burns attempts) and probes with backoff; the row is shared so all workers and the banner agree.
 * One row per Nuki connection ("default" until several accounts are connected).
 */
export const nukiTokenHealth = pgTable("nuki_token_health", {
  connection: text("connection").primaryKey().default("default"),
  refusedSince: timestamp("refused_since", { withTimezone: true }),
  lastStatus: integer("last_status"),
  probeFailures: integer("probe_failures").notNull().default(0),
  nextProbeAt: timestamp("next_probe_at", { withTimezone: true }),
  lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }).notNull().defaultNow(),
  recoveredAt: timestamp("recovered_at", { withTimezone: true }),
});

export type NukiTokenHealth = typeof nukiTokenHealth.$inferSelect;

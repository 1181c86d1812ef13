import { bigint, doublePrecision, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";

/** The connection the env-configured account (NUKI_API_TOKEN, or the demo simulator) is: upserted at start. */
export const DEFAULT_CONNECTION_ID = "default";

/**
 * One Nuki Web account Portier talks to (issue #13): one per building or per owner. Each has its own
 * token, request budget, webhook registration and health, and its doors (doors.connection_id) are
 * reached only through it. The "default" row stands for the env-configured account: its token stays
 * in the environment (token_enc null), never copied here. Tokens and webhook secrets are sealed with
 * the code vault (keys:rotate-code-key re-seals them).
 */
export const nukiConnections = pgTable("nuki_connections", {
  // "default", or a random uuid as text (token health and engine jobs key on it as text).
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  apiBaseUrl: text("api_base_url").notNull().default("https://api.nuki.io"),
  tokenEnc: text("token_enc"),
  // Last 4 characters only: lets an admin tell which token is in use without it ever being shown.
  tokenHint: text("token_hint"),
  requestsPerSec: doublePrecision("requests_per_sec").notNull().default(1),
  burst: integer("burst").notNull().default(10),
  // Nuki's id of our webhook registration on this account and its signing secret (sealed).
  webhookId: bigint("webhook_id", { mode: "number" }),
  webhookSecretEnc: text("webhook_secret_enc"),
  // Health as the last call saw it (token refusal itself lives in nuki_token_health, per connection).
  lastOkAt: timestamp("last_ok_at", { withTimezone: true }),
  lastError: text("last_error"),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A customer's Nuki account user on a connection other than the default one (an account user
 * belongs to one Nuki account; the default connection's stays in customers.nuki_account_user_id).
 */
export const connectionAccountUsers = pgTable(
  "connection_account_users",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => nukiConnections.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    accountUserId: bigint("account_user_id", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.customerId] })],
);

export type NukiConnection = typeof nukiConnections.$inferSelect;

import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./users";

export const apiKeyScopeEnum = pgEnum("api_key_scope", ["read", "read_write"]);

/**
 * Keys for the public REST API (/api/v1). The secret is shown once at creation; only its SHA-256
 * is kept (a 32-byte random secret needs no slow hash: nothing to brute-force). `prefix` is the
 * public, unique first part of the key, so a request finds its row with one index lookup and
 * the hash is then compared in constant time.
 *
 * The rate limit is a token bucket on the key's own row (`rateTokens` at `rateRefilledAt`): one
 * atomic UPDATE per request, shared by every app instance through Postgres.
 */
export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull().unique(),
  secretHash: text("secret_hash").notNull(),
  scope: apiKeyScopeEnum("scope").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  rateTokens: doublePrecision("rate_tokens"),
  rateRefilledAt: timestamp("rate_refilled_at", { withTimezone: true }),
});

/**
 * Idempotency-Key records: one per (key, Idempotency-Key). The first request stores its body's
 * fingerprint and, once done, its answer; a retry with the same body gets that answer again.
 * Rows older than 24 h no longer count and are deleted by the next write that finds them.
 */
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    // Null while the first request is still being handled.
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index("api_idempotency_created_at").on(t.createdAt)],
);

/**
 * Reads through the API, counted per key and hour (writes are in the audit trail one by one). A
 * read per request in the hash-chained audit log would serialise every GET on the chain's lock and
 * drown the staff changes it exists for; an hourly count still shows who read how much, when.
 */
export const apiKeyUsage = pgTable(
  "api_key_usage",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    reads: integer("reads").notNull().default(0),
    writes: integer("writes").notNull().default(0),
    refused: integer("refused").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.hour] })],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type ApiKeyScope = (typeof apiKeyScopeEnum.enumValues)[number];

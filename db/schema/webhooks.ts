import { bigserial, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Every webhook delivery that passed the signature check, deduplicated by body hash; codes redacted. */
export const webhookInbox = pgTable("webhook_inbox", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  dedupeKey: text("dedupe_key").notNull().unique(),
  feature: text("feature").notNull(),
  body: jsonb("body").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp("processed_at", { withTimezone: true }),
  error: text("error"),
});

/** Decentral webhooks Portier registered with Nuki; the secret (needed to verify) is encrypted. */
export const nukiWebhooks = pgTable("nuki_webhooks", {
  id: integer("id").primaryKey(), // Nuki's id
  url: text("url").notNull(),
  secretEnc: text("secret_enc").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

import { bigserial, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only trail of staff changes. A trigger (migration 0001) refuses UPDATE and DELETE, and
 * each row chains `hash = sha256(prevHash || canonical row)` so an edited row is detectable by
 * `npm run audit:verify` even by someone who can bypass the trigger.
 */
export const auditLog = pgTable("audit_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid("actor_id"),
  actorLabel: text("actor_label").notNull(),
  action: text("action").notNull(),
  entityType: text("entity_type").notNull(),
  entityId: text("entity_id").notNull(),
  before: jsonb("before"),
  after: jsonb("after"),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull().unique(),
});

export type AuditEntry = typeof auditLog.$inferSelect;

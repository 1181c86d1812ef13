import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accessWindows } from "./windows";
import { customers } from "./customers";
import { doors } from "./doors";
import { roleEnum, users } from "./users";

/**
 * A bulk assignment (customers × doors × one window) as a job: the request only writes the job and
 * its pairs; a runner works through the pairs in short transactions (one per pair, so neither the
 * audit chain's lock nor any pair lock is held for long) under a lease, and any runner can resume
 * a job whose lease ran out (a restart, a crash) where it stopped.
 */
export const bulkJobs = pgTable("bulk_jobs", {
  id: uuid("id").primaryKey().defaultRandom(),
  // Who asked: audit entries of the job's windows name this actor, whoever runs the job.
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  actorLabel: text("actor_label").notNull(),
  actorRole: roleEnum("actor_role").notNull(),
  /** The window spec and note every pair gets (validated bulkAssignInput, minus the id lists). */
  spec: jsonb("spec").notNull(),
  total: integer("total").notNull(),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const bulkItemStateEnum = pgEnum("bulk_item_state", ["pending", "created", "skipped", "failed"]);

export const bulkJobItems = pgTable(
  "bulk_job_items",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => bulkJobs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    doorId: uuid("door_id")
      .notNull()
      .references(() => doors.id, { onDelete: "cascade" }),
    state: bulkItemStateEnum("state").notNull().default("pending"),
    windowId: uuid("window_id").references(() => accessWindows.id, { onDelete: "set null" }),
    reason: text("reason"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] }), index("bulk_job_items_job_state").on(t.jobId, t.state, t.seq)],
);

export type BulkJob = typeof bulkJobs.$inferSelect;
export type BulkJobItem = typeof bulkJobItems.$inferSelect;

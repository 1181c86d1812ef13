import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { credentialKindEnum, customers } from "./customers";
import { doors } from "./doors";
import { users } from "./users";

export const windowKindEnum = pgEnum("window_kind", ["once", "weekly"]);

/**
 * What staff scheduled: customer × door × time. One-off windows are UTC instants; weekly windows
 * keep local dates and minutes (the door's zone applies). `startsAt`/`endsAt` are the envelope of
 * either kind, for range queries (endsAt null = open-ended series).
 */
export const accessWindows = pgTable(
  "access_windows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    doorId: uuid("door_id")
      .notNull()
      .references(() => doors.id, { onDelete: "cascade" }),
    kind: windowKindEnum("kind").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    weekdays: integer("weekdays"),
    fromMinute: integer("from_minute"),
    untilMinute: integer("until_minute"),
    seriesStart: date("series_start"),
    seriesEnd: date("series_end"),
    note: text("note"),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("access_windows_door_range").on(t.doorId, t.startsAt, t.endsAt),
    index("access_windows_customer_door").on(t.customerId, t.doorId),
  ],
);

export const grantStatusEnum = pgEnum("grant_status", [
  "pending",
  "applied",
  "failed",
  "lock_offline",
  "removing",
  "removed",
  // Nuki accepted the change (204) but the lock has not applied it yet, past the usual few seconds:
  // the lock missed the fast sync and may only get it with Nuki's daily sync.
  "awaiting_lock",
]);

/**
 * Desired vs observed for one (customer, door, credential): the auth Portier wants on the lock now
 * (`desired`, null = none), what Nuki last reported (`observed`), and the reconciler's bookkeeping.
 * `sent*` is written *before* a Nuki call (write-ahead): a worker that dies between the call and
 * its next write leaves an in-flight mark that a later pass confirms by reading back, never by
 * blindly re-sending. Keypad codes are stored encrypted; `codeHmac` keeps them unique per door.
 */
export const grants = pgTable(
  "grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    doorId: uuid("door_id")
      .notNull()
      .references(() => doors.id, { onDelete: "cascade" }),
    credential: credentialKindEnum("credential").notNull(),
    desired: jsonb("desired").$type<DesiredAuth | null>(),
    desiredVersion: integer("desired_version").notNull().default(1),
    desiredUntil: timestamp("desired_until", { withTimezone: true }),
    nukiAuthId: text("nuki_auth_id"),
    observed: jsonb("observed").$type<ObservedAuth | null>(),
    observedAt: timestamp("observed_at", { withTimezone: true }),
    status: grantStatusEnum("status").notNull().default("pending"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
    lastError: text("last_error"),
    attempts: integer("attempts").notNull().default(0),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }),
    sentVersion: integer("sent_version"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    sentOp: text("sent_op"),
    needsReadback: boolean("needs_readback").notNull().default(false),
    // A new app invite: Nuki cannot resend one, so the auth is deleted and created again (§4.2).
    recreateRequested: boolean("recreate_requested").notNull().default(false),
    // When Nuki accepted a change that the lock has not applied yet (status awaiting_lock): while set,
    // nothing is re-created or sent to that auth — a create may still be travelling and land late.
    awaitingLockSince: timestamp("awaiting_lock_since", { withTimezone: true }),
    // Nuki's own timestamp (updateDate) of the newest fact recorded about this auth. Webhooks are
    // ordered against it — Nuki's clock against Nuki's clock, never against Portier's.
    nukiUpdatedAt: timestamp("nuki_updated_at", { withTimezone: true }),
    claimedBy: text("claimed_by"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    codeEnc: text("code_enc"),
    codeHmac: text("code_hmac"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("grants_customer_door_credential").on(t.customerId, t.doorId, t.credential),
    uniqueIndex("grants_door_code").on(t.doorId, t.codeHmac).where(sql`${t.codeHmac} is not null`),
    index("grants_due").on(t.nextRunAt).where(sql`${t.nextRunAt} is not null`),
    index("grants_nuki_auth").on(t.nukiAuthId),
    index("grants_door").on(t.doorId),
  ],
);

/** The auth Portier wants on a lock, minus the code (kept encrypted in its own column). */
export type DesiredAuth = {
  name: string;
  type: 0 | 13;
  enabled: boolean;
  remoteAllowed: boolean;
  allowedFromDate: string | null;
  allowedUntilDate: string | null;
  allowedWeekDays: number;
  allowedFromTime: number;
  allowedUntilTime: number;
};

/** What Nuki reported, with the code reduced to "does it match ours". */
export type ObservedAuth = Omit<DesiredAuth, "accountUserId"> & {
  accountUserId: number | null;
  codeMatches: boolean | null;
  authId: number | null;
  lockCount: number;
  lastActiveDate: string | null;
  updateDate: string | null;
};

export const lockEvents = pgTable(
  "lock_events",
  {
    id: text("id").primaryKey(), // Nuki's log id: DEVICE_LOGS and log polling dedupe on it
    doorId: uuid("door_id")
      .notNull()
      .references(() => doors.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    action: integer("action").notNull(),
    trigger: integer("trigger").notNull(),
    state: integer("state").notNull(),
    authName: text("auth_name"),
    nukiAuthId: text("nuki_auth_id"),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    grantId: uuid("grant_id").references(() => grants.id, { onDelete: "set null" }),
  },
  (t) => [index("lock_events_door_at").on(t.doorId, t.at), index("lock_events_customer_at").on(t.customerId, t.at)],
);

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

export type AccessWindow = typeof accessWindows.$inferSelect;
export type Grant = typeof grants.$inferSelect;
export type GrantStatus = (typeof grantStatusEnum.enumValues)[number];

/** Periodic engine jobs (the full resync): which worker ran them last, so only one runs per period. */
export const engineJobs = pgTable("engine_jobs", {
  name: text("name").primaryKey(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }).notNull(),
  lastRunBy: text("last_run_by").notNull(),
  lastReport: jsonb("last_report"),
});

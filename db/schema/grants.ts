import { sql } from "drizzle-orm";
import {
  boolean,
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
import { GRANT_STATUSES } from "../../lib/model/sync-state";
import { doors } from "./doors";

// The values live in the client-safe model (lib/model/sync-state.ts), with the words staff read for
// each; "awaiting_lock" = Nuki accepted the change (204) but the lock has not applied it yet.
// Relative import: drizzle-kit loads this file without the app's path aliases.
export const grantStatusEnum = pgEnum("grant_status", GRANT_STATUSES);

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

export type Grant = typeof grants.$inferSelect;
export type GrantStatus = (typeof grantStatusEnum.enumValues)[number];

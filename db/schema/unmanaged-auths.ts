import {
  bigint,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { doors } from "./doors";
import { grants } from "./grants";
import { users } from "./users";

// unmanaged = seen on the lock, nobody decided yet; left_alone = staff chose to keep it outside Portier
// (still counted for slots and avoided by the code allocator, never touched); adopted = a grant owns it now.
export const unmanagedAuthStateEnum = pgEnum("unmanaged_auth_state", ["unmanaged", "left_alone", "adopted"]);

/**
 * Authorizations on a lock that Portier did not create (Seam's "unmanaged access codes"), refreshed
 * by the periodic resync. A keypad code is kept only as its keyed per-door fingerprint (like
 * doors.foreign_code_hmacs): adoption reads the code from Nuki once and seals it into the grant.
 */
export const unmanagedAuths = pgTable(
  "unmanaged_auths",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    doorId: uuid("door_id")
      .notNull()
      .references(() => doors.id, { onDelete: "cascade" }),
    // Nuki's id of the auth (the same id a grant keeps once adopted) and the lock-side authId.
    nukiAuthId: text("nuki_auth_id").notNull(),
    lockAuthId: bigint("lock_auth_id", { mode: "number" }),
    name: text("name").notNull(),
    // Nuki's auth type: 0 app, 13 keypad code, anything else (fob, Z-key…) shown as "other".
    type: integer("type").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    allowedFromDate: timestamp("allowed_from_date", { withTimezone: true }),
    allowedUntilDate: timestamp("allowed_until_date", { withTimezone: true }),
    allowedWeekDays: integer("allowed_week_days").notNull().default(127),
    allowedFromTime: integer("allowed_from_time").notNull().default(0),
    allowedUntilTime: integer("allowed_until_time").notNull().default(0),
    accountUserId: bigint("account_user_id", { mode: "number" }),
    accountUserEmail: text("account_user_email"),
    codeHmac: text("code_hmac"),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }),
    state: unmanagedAuthStateEnum("state").notNull().default("unmanaged"),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    grantId: uuid("grant_id").references(() => grants.id, { onDelete: "set null" }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("unmanaged_auths_door_auth").on(t.doorId, t.nukiAuthId),
    index("unmanaged_auths_state").on(t.state),
  ],
);

export type UnmanagedAuth = typeof unmanagedAuths.$inferSelect;
export type UnmanagedAuthState = (typeof unmanagedAuthStateEnum.enumValues)[number];

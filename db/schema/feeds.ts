import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { doors } from "./doors";
import { doorGroups } from "./sites";
import { users } from "./users";
import { accessWindows } from "./windows";

/** Which exporter shaped the feed: decides which entries are stays and which are mere blocks. */
export const feedProfileEnum = pgEnum("feed_profile", ["airbnb", "booking", "pms"]);
/**
 * preview: saved, never applied. active: polled and applied. paused: kept, not polled.
 * held: the disappearance guard tripped; polls go on but nothing is removed until staff confirm.
 */
export const feedStateEnum = pgEnum("feed_state", ["preview", "active", "paused", "held"]);

/**
 * An iCalendar booking feed subscribed for one door or one door group ("any studio"). The URL is a
 * bearer secret (whoever has it reads every booking), so it is sealed with the code vault and only a
 * redacted hint is kept in clear for the page.
 */
export const feeds = pgTable(
  "feeds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    urlEnc: text("url_enc").notNull(),
    urlHint: text("url_hint").notNull(),
    doorId: uuid("door_id").references(() => doors.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => doorGroups.id, { onDelete: "cascade" }),
    profile: feedProfileEnum("profile").notNull(),
    // Operator overrides of the profile (null = the profile's rule): case-insensitive regular expressions on SUMMARY.
    stayPattern: text("stay_pattern"),
    blockPattern: text("block_pattern"),
    // Null = the site's check-in / check-out (minutes after local midnight).
    checkInMinutes: integer("check_in_minutes"),
    checkOutMinutes: integer("check_out_minutes"),
    graceBeforeMinutes: integer("grace_before_minutes").notNull().default(0),
    graceAfterMinutes: integer("grace_after_minutes").notNull().default(0),
    intervalMinutes: integer("interval_minutes").notNull().default(15),
    // How long a stay may be missing from the feed before its window is removed.
    vanishGraceMinutes: integer("vanish_grace_minutes").notNull().default(180),
    // Percent of the feed's future stays that may vanish in one poll before the guard holds the feed.
    disappearanceThreshold: integer("disappearance_threshold").notNull().default(30),
    state: feedStateEnum("state").notNull().default("preview"),
    // What tripped the guard: { vanished, future, at }.
    held: jsonb("held").$type<{ vanished: number; future: number; at: string } | null>(),
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastError: text("last_error"),
    lastReport: jsonb("last_report").$type<Record<string, number> | null>(),
    failures: integer("failures").notNull().default(0),
    nextPollAt: timestamp("next_poll_at", { withTimezone: true }).notNull().defaultNow(),
    // Per-feed lease, so several workers never poll the same feed at once.
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseBy: text("lease_by"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("feeds_one_target", sql`(${t.doorId} is null) <> (${t.groupId} is null)`),
    index("feeds_due").on(t.state, t.nextPollAt),
  ],
);

/**
 * One reservation (by its iCalendar UID) of a feed and what Portier made of it: the guest customer,
 * the door it was placed on (kept there on later polls) and its window. `startsAt`/`endsAt` are the
 * window as the feed last asked for it, so a staff edit of the window is not undone by the next poll.
 */
export const feedReservations = pgTable(
  "feed_reservations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    feedId: uuid("feed_id")
      .notNull()
      .references(() => feeds.id, { onDelete: "cascade" }),
    uid: text("uid").notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    doorId: uuid("door_id").references(() => doors.id, { onDelete: "set null" }),
    windowId: uuid("window_id").references(() => accessWindows.id, { onDelete: "set null" }),
    // True once a window was made: a window gone while this is true was removed by staff, and stays gone.
    windowCreated: boolean("window_created").notNull().default(false),
    guestName: text("guest_name").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    // No email in the feed: the keypad code must be handed over at the desk.
    needsHandover: boolean("needs_handover").notNull().default(false),
    handedOverAt: timestamp("handed_over_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    vanishedAt: timestamp("vanished_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    // Why it has no window (no free door in the group, a stay longer than a year…).
    problem: text("problem"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("feed_reservations_feed_uid").on(t.feedId, t.uid), index("feed_reservations_window").on(t.windowId)],
);

export type Feed = typeof feeds.$inferSelect;
export type FeedReservation = typeof feedReservations.$inferSelect;

import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
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
    // "Which windows touch [from, to)": a GiST index on the envelope as a range (null end = open-ended
    // series = unbounded) answers it from both sides at once; a b-tree on (door, starts_at) can only
    // bound the start, so a week's query read every earlier window of the year. Queries must write
    // the same expression: windowTouches in lib/access/views/window-range.ts.
    index("access_windows_period").using("gist", sql`tstzrange(${t.startsAt}, ${t.endsAt})`),
    // Each kind's columns are all there (and the other kind's absent), so a row maps to a window
    // spec without guessing; lib/access/windows/window-row.ts relies on it.
    check(
      "access_windows_once_shape",
      sql`${t.kind} <> 'once' or (${t.endsAt} is not null and ${t.weekdays} is null and ${t.fromMinute} is null and ${t.untilMinute} is null and ${t.seriesStart} is null and ${t.seriesEnd} is null)`,
    ),
    check(
      "access_windows_weekly_shape",
      sql`${t.kind} <> 'weekly' or (${t.weekdays} is not null and ${t.fromMinute} is not null and ${t.untilMinute} is not null and ${t.seriesStart} is not null)`,
    ),
  ],
);

export type AccessWindow = typeof accessWindows.$inferSelect;

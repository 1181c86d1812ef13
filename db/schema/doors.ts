import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { nukiConnections } from "./nuki-connections";
import { doorGroups, sites } from "./sites";

/** One door = one Nuki smart lock. Live state columns mirror what Nuki last reported. */
export const doors = pgTable("doors", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  // Nuki ids exceed 2^32 (deviceType << 32 | nukiId) but stay below 2^53, so a JS number is exact.
  smartlockId: bigint("smartlock_id", { mode: "number" }).notNull().unique(),
  // The Nuki account the lock is in: every call about it goes through that connection's client.
  connectionId: text("connection_id")
    .notNull()
    .default("default")
    .references(() => nukiConnections.id, { onDelete: "restrict" }),
  // The zone the compiler schedules in: the site's zone, copied here when the door joins a site or the
  // site's zone changes (in the same transaction), so every engine path keeps reading one column.
  timeZone: text("time_zone").notNull(),
  // Null = imported from Nuki and awaiting a site.
  siteId: uuid("site_id").references(() => sites.id, { onDelete: "restrict" }),
  groupId: uuid("group_id").references(() => doorGroups.id, { onDelete: "set null" }),
  // Nuki's deviceType (0 Smart Lock, 2 Opener, 3 Smart Door, 4 Smart Lock 3.0+) and the name Nuki shows.
  deviceType: integer("device_type").notNull().default(0),
  nukiName: text("nuki_name"),
  // The zone the lock itself reports (config.timezoneId); at risk when it differs from the site's.
  lockTimeZone: text("lock_time_zone"),
  // A lock that left the Nuki account: kept with its history, its grants stopped, the reason shown.
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  archivedReason: text("archived_reason"),
  keypadPaired: boolean("keypad_paired").notNull().default(true),
  online: boolean("online").notNull().default(true),
  offlineSince: timestamp("offline_since", { withTimezone: true }),
  batteryCharge: integer("battery_charge"),
  batteryCritical: boolean("battery_critical").notNull().default(false),
  // The paired keypad's battery, where Nuki reports it (state.keypadBatteryCritical); null = not reported.
  keypadBatteryCritical: boolean("keypad_battery_critical"),
  lockState: integer("lock_state"),
  stateUpdatedAt: timestamp("state_updated_at", { withTimezone: true }),
  // Keypad codes on the lock that Portier does not own (seen at resync): keyed fingerprints only,
  // so allocation can avoid them and slot counting can include them.
  foreignCodeHmacs: jsonb("foreign_code_hmacs").$type<string[]>().notNull().default([]),
  foreignAppAuths: integer("foreign_app_auths").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Door = typeof doors.$inferSelect;
export type NewDoor = typeof doors.$inferInsert;

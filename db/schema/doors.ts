import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** One door = one Nuki smart lock. Live state columns mirror what Nuki last reported. */
export const doors = pgTable("doors", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  // Nuki ids exceed 2^32 (deviceType << 32 | nukiId) but stay below 2^53, so a JS number is exact.
  smartlockId: bigint("smartlock_id", { mode: "number" }).notNull().unique(),
  timeZone: text("time_zone").notNull(),
  groupName: text("group_name"),
  keypadPaired: boolean("keypad_paired").notNull().default(true),
  online: boolean("online").notNull().default(true),
  offlineSince: timestamp("offline_since", { withTimezone: true }),
  batteryCharge: integer("battery_charge"),
  batteryCritical: boolean("battery_critical").notNull().default(false),
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

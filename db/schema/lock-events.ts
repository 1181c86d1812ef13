import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { doors } from "./doors";
import { grants } from "./grants";

/** What happened at a door (Nuki's lock log: who entered when), from DEVICE_LOGS webhooks and log polling. */
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

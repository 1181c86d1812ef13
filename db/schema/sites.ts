import { integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

/**
 * A site is one building with one wall clock. Nuki evaluates an auth's times on the lock's own clock,
 * so every door of a site is scheduled in the site's IANA zone, and a stay's default check-in and
 * check-out (minutes after local midnight) come from here.
 */
export const sites = pgTable("sites", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  timeZone: text("time_zone").notNull(),
  checkInMinutes: integer("check_in_minutes")
    .notNull()
    .default(15 * 60),
  checkOutMinutes: integer("check_out_minutes")
    .notNull()
    .default(11 * 60),
  // Guest delivery (lib/access/delivery): the access message goes out this long before arrival once
  // the lock confirmed every door, and the desk is alerted if the lock has not confirmed by the deadline.
  deliveryLeadMinutes: integer("delivery_lead_minutes")
    .notNull()
    .default(48 * 60),
  deliveryDeadlineMinutes: integer("delivery_deadline_minutes")
    .notNull()
    .default(2 * 60),
  // The guest message's templates ({{placeholders}}); null = Portier's default wording.
  messageSubject: text("message_subject"),
  messageText: text("message_text"),
  messageHtml: text("message_html"),
  // Who the guest calls when the door does not open (free text: phone, email); null = FRONT_DESK_EMAIL.
  deskContact: text("desk_contact"),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Admin-made sets of doors within one site ("Studios", "Meeting rooms"): what bulk work and filters address. */
export const doorGroups = pgTable(
  "door_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("door_groups_site_name").on(t.siteId, t.name)],
);

export type Site = typeof sites.$inferSelect;
export type NewSite = typeof sites.$inferInsert;
export type DoorGroup = typeof doorGroups.$inferSelect;

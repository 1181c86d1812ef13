import { sql } from "drizzle-orm";
import { integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const credentialKindEnum = pgEnum("credential_kind", ["app", "keypad"]);

/** A person or company that may enter rooms. `groupName` drives bulk assignment ("all of Studio B"). */
export const customers = pgTable("customers", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  phone: text("phone"),
  groupName: text("group_name"),
  preferredCredential: credentialKindEnum("preferred_credential").notNull().default("keypad"),
  notes: text("notes"),
  // Short random tag in every auth name Portier creates ("Anna Adler #k3f9qz"): correlates auths
  // that came back from Nuki without an id, and marks which auths on a lock Portier owns.
  tag: text("tag").notNull().unique().default(sql`substr(md5(random()::text), 1, 6)`),
  // The customer's keypad code (encrypted): the same on every door unless a lock already holds it.
  keypadCodeEnc: text("keypad_code_enc"),
  nukiAccountUserId: integer("nuki_account_user_id"),
  // Calendar apps cannot send cookies: the iCalendar feed URL carries a secret whose hash is kept here.
  icalTokenHash: text("ical_token_hash"),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;

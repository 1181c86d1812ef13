import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const roleEnum = pgEnum("role", ["admin", "manager", "staff", "customer"]);

/** Everyone who signs in: staff roles and customers (a customer user points at its customer row). */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(), // stored lower-cased
  name: text("name").notNull(),
  role: roleEnum("role").notNull(),
  // scrypt$N$r$p$salt$hash; null for customers who only sign in by link.
  passwordHash: text("password_hash"),
  customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
  disabled: boolean("disabled").notNull().default(false),
  // Bumped on disable / password change; JWTs carrying an older value stop working at once.
  sessionVersion: integer("session_version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One row per sign-in attempt; the throttle counts recent failures per account and per address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_email_at").on(t.email, t.at), index("login_attempts_ip_at").on(t.ip, t.at)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Role = (typeof roleEnum.enumValues)[number];

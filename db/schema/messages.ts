import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * One-time sign-in links for customers. Only a SHA-256 of the token is stored; the link works
 * once (usedAt is set atomically), for a short time, and a request never reveals whether the
 * address belongs to a customer.
 */
export const loginLinks = pgTable(
  "login_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    requestedIp: text("requested_ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_links_user_created").on(t.userId, t.createdAt)],
);

/**
 * Every email Portier sends. With SMTP configured a sender delivers and stamps sentAt; in demo
 * mode the outbox page shows them instead. Bodies never contain keypad codes
 * (a guest's code is a reference the deliverer resolves when sending).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    // An HTML alternative (guest access messages); null = plain text only.
    html: text("html"),
    // Guest access messages name codes by reference (`[[code:<grant id>]]`); the deliverer fills in
    // this customer's codes only, at sending time, so no code is ever stored here in clear.
    codeCustomerId: uuid("code_customer_id"),
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("outbox_created").on(t.createdAt)],
);

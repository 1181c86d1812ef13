import { index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { accessWindows } from "./windows";

/**
 * One row per guest arrival Portier is delivering access for (lib/access/delivery). An arrival is
 * anchored on its first window, so a window that moves stays the same arrival and gets a corrected
 * message instead of a second "welcome". `fingerprint` is a hash of what the last message said
 * (doors, times, credential, which code) — never the code — so each change is mailed once.
 * The periodic job may run twice after a crash: the row is updated in the same transaction as the
 * outbox message, whose dedupe key carries the revision.
 */
export const guestDeliveries = pgTable(
  "guest_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    anchorWindowId: uuid("anchor_window_id")
      .notNull()
      .references(() => accessWindows.id, { onDelete: "cascade" }),
    arrivalAt: timestamp("arrival_at", { withTimezone: true }).notNull(),
    fingerprint: text("fingerprint"),
    // 0 = nothing sent yet; 1 = the first message; 2… = corrections.
    revision: integer("revision").notNull().default(0),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    // When the desk was alerted that the lock had not confirmed by the deadline (the guest got nothing).
    heldAt: timestamp("held_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("guest_deliveries_customer_anchor").on(t.customerId, t.anchorWindowId),
    index("guest_deliveries_arrival").on(t.arrivalAt),
  ],
);

export type GuestDelivery = typeof guestDeliveries.$inferSelect;

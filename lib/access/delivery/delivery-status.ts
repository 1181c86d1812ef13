import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { formatZoned } from "@/lib/time/format-zoned";
import type { AccessContext } from "../context";
import { type PlannedArrival, planArrivals } from "./plan-arrivals";
import { DELIVERY_ACTOR, deliveriesOf, deliveryRowOf, sendAccessMessage } from "./run-deliveries";

/** The customer page looks this far ahead for the next arrival. */
const STATUS_HORIZON_MS = 60 * 86_400_000;

export type DeliveryState = "none" | "hand_over" | "waiting" | "scheduled" | "sent" | "held";
export type DeliveryStatus = {
  state: DeliveryState;
  /** One sentence for staff, on the site's clock with the zone named. */
  words: string;
  arrivalAt: Date | null;
  /** Staff may send it now: the lock confirmed every door and this version was not sent yet. */
  canSendNow: boolean;
};

/** What the delivery job will do (or did) for a plan and its row — the same rules, stated for staff. */
export function describeDelivery(
  p: PlannedArrival | null,
  row: { sentAt: Date | null; heldAt: Date | null; fingerprint: string | null; revision: number } | null,
  now: number,
): DeliveryStatus {
  if (!p) return { state: "none", words: "Access message: no upcoming arrival.", arrivalAt: null, canSendNow: false };
  const z = (d: Date) => formatZoned(d, p.site.timeZone);
  const base = { arrivalAt: p.arrivalAt };
  if (p.handOver)
    return {
      ...base,
      state: "hand_over",
      words: "Access message: none — no email address; hand over at the desk.",
      canSendNow: false,
    };
  if (row?.sentAt && row.fingerprint === p.fingerprint)
    return {
      ...base,
      state: "sent",
      words: `Access message: sent ${z(row.sentAt)}${row.revision > 1 ? ` (correction ${row.revision - 1})` : ""}.`,
      canSendNow: false,
    };
  if (p.confirmed) {
    const at = row?.sentAt || now >= p.leadAt.getTime() ? null : p.leadAt;
    return {
      ...base,
      state: "scheduled",
      words: at
        ? `Access message: scheduled for ${z(at)}.`
        : `Access message: ${row?.sentAt ? "a correction" : "it"} goes out within a minute.`,
      canSendNow: true,
    };
  }
  if (row?.heldAt)
    return {
      ...base,
      state: "held",
      words: `Access message: held — not confirmed by the lock (desk alerted ${z(row.heldAt)}); sent if it confirms before arrival.`,
      canSendNow: false,
    };
  return {
    ...base,
    state: "waiting",
    words: `Access message: waiting for lock — sent from ${z(p.leadAt)} once the lock confirms; held if not confirmed by ${z(p.deadlineAt)}.`,
    canSendNow: false,
  };
}

async function planFor(db: DbOrTx, customerId: string, now: number) {
  const [p] = await planArrivals(db, { now, horizonMs: STATUS_HORIZON_MS, customerId });
  const rows = p ? await deliveriesOf(db, [p]) : new Map();
  return { p: p ?? null, row: p ? deliveryRowOf(rows, p) : null };
}

/** The customer page's line: staff and managers. */
export async function customerDeliveryStatus(db: DbOrTx, actor: Actor, customerId: string, now = Date.now()) {
  assertCan(actor, "customers.read");
  const { p, row } = await planFor(db, customerId, now);
  return describeDelivery(p, row, now);
}

/**
 * "Send now" (staff): the message for the customer's next arrival, before its lead time — only once
 * the lock confirmed every door (never a code that may not work), and never to a guest handed over
 * at the desk. Audited like the job's sending, as the staff member.
 */
export async function sendAccessMessageNow(ctx: AccessContext, actor: Actor, customerId: string) {
  assertCan(actor, "customers.write");
  const now = ctx.now();
  const { p, row } = await planFor(ctx.db, customerId, now);
  const status = describeDelivery(p, row, now);
  if (!p) throw new AppError("NOT_FOUND", "This customer has no upcoming arrival to send access for.");
  if (!status.canSendNow)
    throw new AppError(
      "CONFLICT",
      status.state === "sent"
        ? "The access message for this arrival was already sent."
        : status.state === "hand_over"
          ? "This guest has no email address: hand their access over at the desk."
          : "The lock has not confirmed every door of this arrival yet; Portier sends the message once it does.",
    );
  const result = await sendAccessMessage(ctx, p, { id: actor.id, label: actor.label });
  return {
    result,
    status: describeDelivery(
      p,
      {
        ...(row ?? { heldAt: null }),
        sentAt: new Date(now),
        fingerprint: p.fingerprint,
        revision: (row?.revision ?? 0) + 1,
      },
      now,
    ),
  };
}

export { DELIVERY_ACTOR };

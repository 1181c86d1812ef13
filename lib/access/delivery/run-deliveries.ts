import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { queueMail } from "@/db/queries/outbox";
import type { DbOrTx } from "@/db/client";
import { type GuestDelivery, guestDeliveries, sites, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { formatZoned } from "@/lib/time/format-zoned";
import type { AccessContext } from "../context";
import { FRONT_DESK_EMAIL } from "../portal/portal-actions";
import { composeMessage } from "./compose-message";
import { DEFAULT_LEAD_MINUTES, type PlannedArrival, planArrivals } from "./plan-arrivals";

/** The delivery job acts as the system; staff pressing "Send now" act as themselves. */
export const DELIVERY_ACTOR = { id: null, label: "Guest delivery" } as const;
type AuditActor = Pick<Actor, "id" | "label"> | typeof DELIVERY_ACTOR;

export type DeliveryRunReport = { considered: number; sent: number; corrected: number; held: number };

const keyOf = (customerId: string, anchorWindowId: string) => `${customerId}:${anchorWindowId}`;

/** How far ahead the job looks: the longest lead time of any site (a guest is mailed no earlier). */
async function horizonMs(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ m: sql<number>`max(${sites.deliveryLeadMinutes})::int` }).from(sites);
  return Math.max(row?.m ?? 0, DEFAULT_LEAD_MINUTES) * 60_000 + 60_000;
}

export async function deliveriesOf(db: DbOrTx, plans: PlannedArrival[]): Promise<Map<string, GuestDelivery>> {
  const ids = plans.map((p) => p.customerId);
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(guestDeliveries).where(inArray(guestDeliveries.customerId, ids));
  return new Map(rows.map((r) => [keyOf(r.customerId, r.anchorWindowId), r]));
}

export const deliveryRowOf = (rows: Map<string, GuestDelivery>, p: PlannedArrival) =>
  rows.get(keyOf(p.customerId, p.anchorWindowId)) ?? null;

/**
 * Guest delivery that waits for the truth, run every minute by one elected worker. For each
 * customer's next arrival (plan-arrivals):
 * - once now ≥ arrival − the site's lead time and the lock confirmed every door: one message (the
 *   code written in only when the deliverer sends it);
 * - not confirmed at arrival − the site's deadline: nothing to the guest, one alert to the desk (and
 *   Today shows it); a confirmation that comes later, before arrival, still sends;
 * - after sending, a change (moved window, new code, another door) sends one corrected message once
 *   the lock confirmed the change.
 * Guests to hand over at the desk (no email) are never mailed.
 *
 * App invites: Nuki itself mails the account user its invitation when the auth is created, and
 * Portier cannot hold that mail back (Nuki's "invite without email" is an Advanced API whose webhook
 * field is undocumented). What Portier holds back is its own message — how to open, where the invite
 * comes from, the times — sent under the same rules, so the guest is told to look for Nuki's invite
 * only once the lock confirmed the auth.
 */
export async function runGuestDeliveries(ctx: AccessContext): Promise<DeliveryRunReport> {
  const now = ctx.now();
  const plans = await planArrivals(ctx.db, { now, horizonMs: await horizonMs(ctx.db) });
  const rows = await deliveriesOf(ctx.db, plans);
  const report: DeliveryRunReport = { considered: plans.length, sent: 0, corrected: 0, held: 0 };
  for (const p of plans) {
    if (p.handOver) continue;
    const row = deliveryRowOf(rows, p);
    const sentThis = !!row?.sentAt && row.fingerprint === p.fingerprint;
    if (sentThis) continue;
    if (p.confirmed) {
      // A correction goes out whenever the change is confirmed; a first message waits for the lead time.
      if (!row?.sentAt && now < p.leadAt.getTime()) continue;
      const r = await sendAccessMessage(ctx, p, DELIVERY_ACTOR);
      if (r === "sent") report.sent++;
      else if (r === "corrected") report.corrected++;
    } else if (now >= p.deadlineAt.getTime() && !row?.heldAt) {
      if (await holdAndAlert(ctx, p)) report.held++;
    }
  }
  return report;
}

/**
 * Queues the message for one arrival and records it, in one transaction: the row's fingerprint
 * changes only together with the outbox insert. Two runners racing both try; the conditional upsert
 * lets one through. Mailing a keypad code is a disclosure: audited like a reveal (never the code).
 */
export async function sendAccessMessage(
  ctx: AccessContext,
  p: PlannedArrival,
  actor: AuditActor,
): Promise<"sent" | "corrected" | "unchanged"> {
  const now = new Date(ctx.now());
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(guestDeliveries)
      .values({
        customerId: p.customerId,
        anchorWindowId: p.anchorWindowId,
        arrivalAt: p.arrivalAt,
        fingerprint: p.fingerprint,
        revision: 1,
        sentAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [guestDeliveries.customerId, guestDeliveries.anchorWindowId],
        set: {
          arrivalAt: p.arrivalAt,
          fingerprint: p.fingerprint,
          revision: sql`${guestDeliveries.revision} + 1`,
          sentAt: now,
          heldAt: null,
          updatedAt: now,
        },
        setWhere: sql`${guestDeliveries.sentAt} is null or ${guestDeliveries.fingerprint} is distinct from ${p.fingerprint}`,
      })
      .returning();
    if (!row) return "unchanged";
    const correction = row.revision > 1;
    const m = composeMessage(p, { correction, deskFallback: FRONT_DESK_EMAIL() });
    await queueMail(tx, {
      to: p.email,
      kind: correction ? "guest-access-update" : "guest-access",
      dedupeKey: `guest-access:${row.id}:${row.revision}`,
      subject: m.subject,
      body: m.text,
      html: m.html,
      codeCustomerId: p.customerId,
    });
    const keypadDoors = p.doors.filter((d) => d.credential === "keypad").map((d) => d.doorName);
    await appendAudit(tx, {
      actor,
      action: keypadDoors.length ? "code.deliver" : "access_message.send",
      entityType: "customer",
      entityId: p.customerId,
      after: { doors: p.doors.map((d) => d.doorName), arrivalAt: p.arrivalAt.toISOString(), revision: row.revision },
    });
    return correction ? "corrected" : "sent";
  });
}

/** Not confirmed by the deadline: the guest gets nothing, the desk one alert (per arrival and revision). */
async function holdAndAlert(ctx: AccessContext, p: PlannedArrival): Promise<boolean> {
  const now = new Date(ctx.now());
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(guestDeliveries)
      .values({
        customerId: p.customerId,
        anchorWindowId: p.anchorWindowId,
        arrivalAt: p.arrivalAt,
        heldAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [guestDeliveries.customerId, guestDeliveries.anchorWindowId],
        set: { heldAt: now, arrivalAt: p.arrivalAt, updatedAt: now },
        setWhere: sql`${guestDeliveries.heldAt} is null`,
      })
      .returning();
    if (!row) return false;
    const desk = await tx
      .select({ email: users.email })
      .from(users)
      .where(and(inArray(users.role, ["admin", "staff"]), eq(users.disabled, false)));
    const to = desk.length ? desk.map((u) => u.email).join(", ") : FRONT_DESK_EMAIL();
    const when = formatZoned(p.arrivalAt, p.site.timeZone);
    const waiting = p.doors.filter((d) => !d.confirmed).map((d) => d.doorName);
    await queueMail(tx, {
      to,
      kind: "guest-access-held",
      dedupeKey: `guest-access-held:${row.id}:${row.revision}`,
      subject: `Held: ${p.customerName}'s access message (arrives ${when})`,
      body: [
        `${p.customerName} arrives at ${p.doors.map((d) => d.doorName).join(", ")} at ${when}.`,
        `The lock has not confirmed their access on ${waiting.join(", ")}, so Portier has not sent them their access message: a code that may not work is worse than none.`,
        "If the lock confirms before the arrival, Portier sends the message then by itself. Otherwise hand the guest their access at the desk.",
        "",
        "Open Today in Portier to see why and fix it (Retry, Re-send invite, New code).",
      ].join("\n"),
    });
    return true;
  });
}

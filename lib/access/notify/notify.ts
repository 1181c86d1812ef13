import "server-only";
import { and, eq, gt, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { queueMail } from "@/db/queries/outbox";
import { customers, doors, grants } from "@/db/schema";
import type { AccessContext } from "../context";
import { FRONT_DESK_EMAIL } from "../portal/portal-actions";

export type NotifyReport = { failed: number; offline: number; ready: number };
const OFFLINE_ALERT_MS = () => Number(process.env.OFFLINE_ALERT_MINUTES ?? 30) * 60_000;

/**
 * Emails that keep the front desk ahead of arrivals: a grant that failed, a lock offline for longer
 * than OFFLINE_ALERT_MINUTES; and tells customers when their access is ready. Every message has a
 * dedupe key, so running this every minute sends each at most once. Codes are never emailed.
 */
export async function runNotifications(ctx: AccessContext): Promise<NotifyReport> {
  const now = ctx.now();
  const report: NotifyReport = { failed: 0, offline: 0, ready: 0 };
  const failed = await ctx.db
    .select({ g: grants, doorName: doors.name, customerName: customers.name })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(eq(grants.status, "failed"));
  for (const f of failed) {
    if (
      await queueMail(ctx.db, {
        to: FRONT_DESK_EMAIL(),
        kind: "grant-failed",
        dedupeKey: `grant-failed:${f.g.id}:${f.g.statusChangedAt.toISOString()}`,
        subject: `Access for ${f.customerName} on ${f.doorName} failed`,
        body: `Nuki refused ${f.customerName}'s access on ${f.doorName}: ${f.g.lastError ?? "no reason given"}.\nOpen the calendar in Portier to retry or fix it.`,
      })
    )
      report.failed++;
  }
  const offline = await ctx.db
    .select()
    .from(doors)
    .where(
      and(
        eq(doors.online, false),
        isNotNull(doors.offlineSince),
        lt(doors.offlineSince, new Date(now - OFFLINE_ALERT_MS())),
      ),
    );
  for (const d of offline) {
    if (
      await queueMail(ctx.db, {
        to: FRONT_DESK_EMAIL(),
        kind: "lock-offline",
        dedupeKey: `lock-offline:${d.id}:${d.offlineSince!.toISOString()}`,
        subject: `${d.name} has been offline since ${d.offlineSince!.toISOString().slice(0, 16).replace("T", " ")} UTC`,
        body: `The lock of ${d.name} is not reachable through Nuki. Changes wait until it is back; the lock still enforces the windows it holds. Check its Wi-Fi/bridge and battery.`,
      })
    )
      report.offline++;
  }
  // Access that became ready in the last day: tell the customer once per door.
  const ready = await ctx.db
    .select({ g: grants, doorName: doors.name, email: customers.email, name: customers.name })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(
      and(
        eq(grants.status, "applied"),
        isNotNull(grants.appliedAt),
        gt(grants.appliedAt, new Date(now - 86_400_000)),
        inArray(grants.credential, ["keypad", "app"]),
        sql`${grants.desired} is not null`,
        // Feed guests without an email carry a reserved .invalid address (RFC 2606): never mailed,
        // their code is handed over at the desk instead.
        sql`${customers.email} not like '%.invalid'`,
      ),
    );
  for (const r of ready) {
    const how =
      r.g.credential === "app"
        ? "Nuki sends you an invitation email; redeem it in the Nuki app within 48 hours."
        : "Sign in to Portier to see your keypad code.";
    if (
      await queueMail(ctx.db, {
        to: r.email,
        kind: "access-ready",
        dedupeKey: `access-ready:${r.g.id}`,
        subject: `Your access to ${r.doorName} is ready`,
        body: `Hello ${r.name},\n\nyour access to ${r.doorName} is set up. ${how}`,
      })
    )
      report.ready++;
  }
  return report;
}

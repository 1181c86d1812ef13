import "server-only";
import { and, eq, isNotNull, lt } from "drizzle-orm";
import { queueMail } from "@/db/queries/outbox";
import { customers, doors, grants } from "@/db/schema";
import type { AccessContext } from "../context";
import { FRONT_DESK_EMAIL } from "../portal/portal-actions";

export type NotifyReport = { failed: number; offline: number };
const OFFLINE_ALERT_MS = () => Number(process.env.OFFLINE_ALERT_MINUTES ?? 30) * 60_000;

/**
 * Emails that keep the front desk ahead of arrivals: a grant that failed, a lock offline for longer
 * than OFFLINE_ALERT_MINUTES. Every message has a dedupe key, so running this every minute sends each at
 * most once. Customers hear about their access from the guest delivery job (lib/access/delivery):
 * one message per arrival once the lock confirmed it, instead of one per door.
 */
export async function runNotifications(ctx: AccessContext): Promise<NotifyReport> {
  const now = ctx.now();
  const report: NotifyReport = { failed: 0, offline: 0 };
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
  return report;
}

import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { queueMail } from "@/db/queries/outbox";
import { arrivalAlerts, users } from "@/db/schema";
import { formatZoned } from "@/lib/time/format-zoned";
import type { AccessContext } from "../context";
import { FRONT_DESK_EMAIL } from "../portal/portal-actions";
import { describeReason } from "./reason-words";
import { loadArrivals } from "./today-arrivals";

export const DEFAULT_ARRIVAL_ALERT_LEAD_MINUTES = 120;

/**
 * ARRIVAL_ALERT_LEAD_MINUTES (default 120): how long before a not-ready arrival the desk is alerted.
 * An env variable, like OFFLINE_ALERT_MINUTES, rather than a settings page: one number per
 * installation, rarely changed. A value that is not a positive number falls back to the default
 * (a typo must not silence every alert).
 */
export function arrivalAlertLeadMs(): number {
  const n = Number(process.env.ARRIVAL_ALERT_LEAD_MINUTES ?? DEFAULT_ARRIVAL_ALERT_LEAD_MINUTES);
  return (Number.isFinite(n) && n > 0 ? n : DEFAULT_ARRIVAL_ALERT_LEAD_MINUTES) * 60_000;
}

export type ArrivalAlertReport = { notReady: number; alerted: number };

/**
 * Every not-ready arrival starting within the lead time alerts the desk once: one outbox message to
 * the active staff and admins (FRONT_DESK_EMAIL when there are none), and an arrival_alerts row keyed
 * by (window, occurrence start), written in the same transaction. Run every minute by one elected
 * worker; a second run — or a second worker after a crash — finds the key taken and sends nothing.
 * At-risk arrivals are on the board but do not mail: they are usually still converging.
 */
export async function runArrivalAlerts(ctx: AccessContext): Promise<ArrivalAlertReport> {
  const now = ctx.now();
  const due = (await loadArrivals(ctx.db, { now, aheadMs: arrivalAlertLeadMs() })).filter(
    (a) => a.readiness.state === "not_ready" && !a.alertedAt,
  );
  const report: ArrivalAlertReport = { notReady: due.length, alerted: 0 };
  if (due.length === 0) return report;
  const desk = await ctx.db
    .select({ email: users.email })
    .from(users)
    .where(and(inArray(users.role, ["admin", "staff"]), eq(users.disabled, false)));
  const to = desk.length ? desk.map((u) => u.email).join(", ") : FRONT_DESK_EMAIL();
  for (const a of due) {
    const sent = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(arrivalAlerts)
        .values({
          windowId: a.windowId,
          occurrenceStart: a.start,
          reasons: a.readiness.reasons.map((r) => r.code).join(","),
          alertedAt: new Date(now),
        })
        .onConflictDoNothing()
        .returning({ windowId: arrivalAlerts.windowId });
      if (!row) return false;
      const when = formatZoned(a.start, a.timeZone);
      await queueMail(tx, {
        to,
        kind: "arrival-not-ready",
        dedupeKey: `arrival-not-ready:${a.windowId}:${a.start.toISOString()}`,
        subject: `Not ready: ${a.customerName} arrives at ${a.doorName} at ${when}`,
        body: [
          `${a.customerName} arrives at ${a.doorName} at ${when} and the door is not ready:`,
          ...a.readiness.reasons.map((r) => `- ${describeReason(r, a.timeZone)}`),
          "",
          "Open Today in Portier to fix it (Retry, Re-send invite, New code).",
        ].join("\n"),
      });
      return true;
    });
    if (sent) report.alerted++;
  }
  return report;
}

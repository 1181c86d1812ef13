import "server-only";
import type { EngineContext } from "@/lib/access/context";
import type { PeriodicJob } from "@/lib/access/reconciler/loop";
import { runGuestDeliveries } from "@/lib/access/delivery/run-deliveries";
import { pollDueFeeds } from "@/lib/access/feeds/poll-feeds";
import { deliverDue } from "@/lib/access/outbound-webhooks/deliver";
import { runArrivalAlerts } from "@/lib/access/readiness/arrival-alerts";
import { pruneExpired } from "@/lib/access/retention/prune";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { deliverOutbox } from "@/lib/mail/deliver-outbox";
import { mailFrom, smtpTransportFromEnv } from "@/lib/mail/smtp-transport";

/**
 * Periodic jobs besides reconciling that any worker (the app's in-process one or `npm run worker`)
 * may run; engine_jobs elects one runner per period. Pruning by the admin-set retention periods
 * (hourly; cheap when nothing is due), booking feeds (every 30 s the due ones, each at its own
 * interval, under a per-feed lease), alerting the desk about not-ready arrivals (every minute, each
 * arrival once), guests' access messages (every minute: sent once the lock confirmed, held and the desk
 * alerted when it has not by the site's deadline), outgoing webhooks (every 5 s the due deliveries), and
 * SMTP delivery of the outbox when SMTP_URL is set (which writes guests' codes in as it sends).
 */
export function backgroundJobs(e: EngineContext, workerId = `jobs-${process.pid}`): PeriodicJob[] {
  const transport = smtpTransportFromEnv();
  const retention: PeriodicJob = { name: "retention", intervalMs: 3_600_000, run: () => pruneExpired(e.db, e.now()) };
  const arrivals: PeriodicJob = { name: "arrival-alerts", intervalMs: 60_000, run: () => runArrivalAlerts(e) };
  const guests: PeriodicJob = { name: "guest-delivery", intervalMs: 60_000, run: () => runGuestDeliveries(e) };
  // Polling runs beside the reconciler loop, not inside it: a big feed takes a minute to apply and
  // the grants it creates must not wait for it. One poll run at a time per process; per-feed leases
  // keep processes apart. A run cut short by shutdown leaves each reservation whole (one
  // transaction each); its lease runs out and the next poll finishes the feed.
  let polling: Promise<unknown> | null = null;
  const feeds: PeriodicJob = {
    name: "feeds",
    intervalMs: 30_000,
    run: async () => {
      if (polling) return { skipped: "a poll run is still going" };
      polling = pollDueFeeds(e, workerId)
        .catch((error) => console.error(`[feeds] poll run failed: ${safeErrorForLog(error)}`))
        .finally(() => {
          polling = null;
        });
      return { started: true };
    },
  };
  // Outgoing webhooks, likewise beside the loop: a receiver's slow answer (up to the 10 s timeout)
  // must not hold up access changes. One run at a time per process; processes share the outbox
  // through SKIP LOCKED. A run cut off by a stop is safe: its claims lapse after the lease and are
  // sent again (receivers dedupe by webhook-id).
  let delivering: Promise<unknown> | null = null;
  const webhooks: PeriodicJob = {
    name: "webhooks",
    intervalMs: 5_000,
    run: async () => {
      if (delivering) return { skipped: "a delivery run is still going" };
      delivering = deliverDue(e)
        .catch((error) => console.error(`[webhooks] delivery run failed: ${safeErrorForLog(error)}`))
        .finally(() => {
          delivering = null;
        });
      return { started: true };
    },
  };
  return transport
    ? [
        retention,
        feeds,
        arrivals,
        guests,
        webhooks,
        {
          name: "mail",
          intervalMs: 10_000,
          run: () => deliverOutbox(e.db, transport, { from: mailFrom(), vault: e.vault }),
        },
      ]
    : [retention, feeds, arrivals, guests, webhooks];
}

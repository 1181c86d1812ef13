import "server-only";
import type { EngineContext } from "@/lib/access/context";
import type { PeriodicJob } from "@/lib/access/reconciler/loop";
import { runArrivalAlerts } from "@/lib/access/readiness/arrival-alerts";
import { pruneExpired } from "@/lib/access/retention/prune";
import { deliverOutbox } from "@/lib/mail/deliver-outbox";
import { mailFrom, smtpTransportFromEnv } from "@/lib/mail/smtp-transport";

/**
 * Periodic jobs besides reconciling that any worker (the app's in-process one or `npm run worker`)
 * may run; engine_jobs elects one runner per period. Pruning by the admin-set retention periods
 * (hourly; cheap when nothing is due), alerting the desk about not-ready arrivals (every minute,
 * each arrival once), and SMTP delivery of the outbox when SMTP_URL is set.
 */
export function backgroundJobs(e: EngineContext): PeriodicJob[] {
  const transport = smtpTransportFromEnv();
  const retention: PeriodicJob = { name: "retention", intervalMs: 3_600_000, run: () => pruneExpired(e.db, e.now()) };
  const arrivals: PeriodicJob = { name: "arrival-alerts", intervalMs: 60_000, run: () => runArrivalAlerts(e) };
  return transport
    ? [
        retention,
        arrivals,
        { name: "mail", intervalMs: 10_000, run: () => deliverOutbox(e.db, transport, { from: mailFrom() }) },
      ]
    : [retention, arrivals];
}

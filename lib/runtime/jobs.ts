import "server-only";
import type { EngineContext } from "@/lib/access/context";
import type { PeriodicJob } from "@/lib/access/reconciler/loop";
import { deliverOutbox } from "@/lib/mail/deliver-outbox";
import { mailFrom, smtpTransportFromEnv } from "@/lib/mail/smtp-transport";

/**
 * Periodic jobs besides reconciling that any worker (the app's in-process one or `npm run worker`)
 * may run; engine_jobs elects one runner per period. SMTP delivery of the outbox when SMTP_URL is set.
 */
export function backgroundJobs(e: EngineContext): PeriodicJob[] {
  const transport = smtpTransportFromEnv();
  return transport
    ? [{ name: "mail", intervalMs: 10_000, run: () => deliverOutbox(e.db, transport, { from: mailFrom() }) }]
    : [];
}

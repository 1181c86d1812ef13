import "server-only";
import type { EngineContext } from "@/lib/access/context";
import type { PeriodicJob } from "@/lib/access/reconciler/loop";
import { pruneExpired } from "@/lib/access/retention/prune";
import { deliverOutbox } from "@/lib/mail/deliver-outbox";
import { deliverDue } from "@/lib/access/outbound-webhooks/deliver";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { mailFrom, smtpTransportFromEnv } from "@/lib/mail/smtp-transport";

/**
 * Periodic jobs besides reconciling that any worker (the app's in-process one or `npm run worker`)
 * may run; engine_jobs elects one runner per period. Pruning by the admin-set retention periods
 * (hourly; cheap when nothing is due), and SMTP delivery of the outbox when SMTP_URL is set.
 */
export function backgroundJobs(e: EngineContext): PeriodicJob[] {
  const transport = smtpTransportFromEnv();
  const retention: PeriodicJob = { name: "retention", intervalMs: 3_600_000, run: () => pruneExpired(e.db, e.now()) };
  const webhooks: PeriodicJob = { name: "webhooks", intervalMs: 5_000, run: () => startWebhookRun(e) };
  return transport
    ? [
        retention,
        webhooks,
        { name: "mail", intervalMs: 10_000, run: () => deliverOutbox(e.db, transport, { from: mailFrom() }) },
      ]
    : [retention, webhooks];
}

let webhookRun: Promise<unknown> | null = null;

/**
 * Outgoing webhooks run beside the reconciler's loop, not in it: a customer's slow endpoint (up to
 * the 10 s timeout) must not hold up access changes. One run at a time per process; other
 * processes share the outbox through SKIP LOCKED. A run cut off by a stop is safe: its claims
 * lapse after the lease and are sent again (receivers dedupe by webhook-id).
 */
function startWebhookRun(e: EngineContext) {
  if (webhookRun) return Promise.resolve();
  webhookRun = deliverDue(e)
    .catch((error) => console.error(`[webhooks] delivery run failed: ${safeErrorForLog(error)}`))
    .finally(() => {
      webhookRun = null;
    });
  return Promise.resolve();
}

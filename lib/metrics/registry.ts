import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (prom-client, the maintained client every Node exporter uses).
 * One registry per process, kept on globalThis so Next's several bundles and dev reloads share it;
 * the domain records events here and the runtime serves the text at /api/metrics (or METRICS_PORT
 * in `npm run worker`). Labels are low-cardinality by design: routes with ids folded, features,
 * statuses, door-group names — never a customer, a code or a token.
 */
function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "portier_process_" });
  const m = {
    registry,
    reconcilerPassSeconds: new Histogram({
      name: "portier_reconciler_pass_duration_seconds",
      help: "Duration of one reconciler pass (claim, send, record).",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    reconcilerClaims: new Histogram({
      name: "portier_reconciler_claims_per_pass",
      help: "Grants claimed by one reconciler pass.",
      buckets: [0, 1, 2, 5, 10, 25, 50, 100, 200, 500],
      registers: [registry],
    }),
    reconcilerLastPass: new Gauge({
      name: "portier_reconciler_last_pass_timestamp_seconds",
      help: "Unix time of this process's last finished reconciler pass (0 = no reconciler here).",
      registers: [registry],
    }),
    nukiRequests: new Counter({
      name: "portier_nuki_requests_total",
      help: "Requests to the Nuki Web API by route (ids folded), HTTP status (0 = network error) and Nuki connection.",
      labelNames: ["route", "status", "connection"] as const,
      registers: [registry],
    }),
    nukiRequestSeconds: new Histogram({
      name: "portier_nuki_request_duration_seconds",
      help: "Duration of one HTTP request to Nuki.",
      labelNames: ["route"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers: [registry],
    }),
    nukiRateLimited: new Counter({
      name: "portier_nuki_rate_limited_total",
      help: "429 answers from Nuki, per Nuki connection.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    nukiRetryAfterSeconds: new Counter({
      name: "portier_nuki_retry_after_wait_seconds_total",
      help: "Time Nuki asked us to wait (Retry-After) before the next request, per Nuki connection.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    nukiTokenRefused: new Counter({
      name: "portier_nuki_token_refused_total",
      help: "401/403 answers from Nuki: the API token is revoked, expired or lacks a scope (per Nuki connection).",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "portier_webhook_deliveries_total",
      help: "Nuki webhook deliveries by feature and result (verified, duplicate, invalid_signature, refused, apply_failed).",
      labelNames: ["feature", "result"] as const,
      registers: [registry],
    }),
    webhookEffectSeconds: new Histogram({
      name: "portier_webhook_effect_seconds",
      help: "Time from a webhook's arrival to its effect being recorded in Postgres.",
      labelNames: ["feature"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    resyncFindings: new Counter({
      name: "portier_resync_findings_total",
      help: "What periodic resyncs found: drifted auths restored, vanished auths, orphans deleted.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    // Gauges read from Postgres at scrape time (the same for every process: one database).
    grantsByStatus: new Gauge({
      name: "portier_grants",
      help: "Grants (customer × door) by sync status.",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    oldestPendingSeconds: new Gauge({
      name: "portier_oldest_pending_grant_age_seconds",
      help: "Age of the oldest grant not yet confirmed on its lock, per door group (0 = none pending).",
      labelNames: ["door_group"] as const,
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: "portier_outbox_backlog",
      help: "Messages in the outbox not yet delivered.",
      registers: [registry],
    }),
    arrivalsOnOfflineLocks: new Gauge({
      name: "portier_arrivals_on_offline_locks",
      help: "Windows starting within 24 h on a door whose lock is offline (the desk's page-worthy case).",
      registers: [registry],
    }),
    connectionTokenRefused: new Gauge({
      name: "portier_nuki_connection_token_refused",
      help: "1 while Nuki refuses the connection's API token (its reconciling is paused), else 0.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    connectionPendingGrants: new Gauge({
      name: "portier_nuki_connection_pending_grants",
      help: "Grants of the connection's doors not yet confirmed on their lock.",
      labelNames: ["connection"] as const,
      registers: [registry],
    }),
    offlineLocks: new Gauge({
      name: "portier_locks_offline",
      help: "Doors whose lock Nuki reports offline.",
      registers: [registry],
    }),
  };
  return m;
}

type Metrics = ReturnType<typeof build>;
const g = globalThis as unknown as { __portierMetrics?: Metrics };

/** This process's metrics (built on first use). */
export function metrics(): Metrics {
  g.__portierMetrics ??= build();
  return g.__portierMetrics;
}

import { logger } from "@/lib/log/logger";
import type { NukiCallObservation } from "@/lib/nuki/client";
import { metrics } from "./registry";

/**
 * The NukiClient's `observe` hook for one Nuki connection (its id as the `connection` label: a
 * handful per install, so cheap): every HTTP attempt into the Prometheus counters and a debug line.
 */
export const nukiCallRecorder =
  (connection: string) =>
  (call: NukiCallObservation): void => {
    // The route has ids folded and no query or body: nothing secret. The request id comes from the context.
    logger().debug(
      { component: "nuki", connection, route: call.route, status: call.status, ms: Math.round(call.ms) },
      "nuki call",
    );
    const m = metrics();
    m.nukiRequests.inc({ route: call.route, status: String(call.status), connection });
    m.nukiRequestSeconds.observe({ route: call.route }, call.ms / 1000);
    if (call.status === 429) m.nukiRateLimited.inc({ connection });
    if (call.status === 401 || call.status === 403) m.nukiTokenRefused.inc({ connection });
    if (call.retryAfterMs !== null && call.retryAfterMs > 0)
      m.nukiRetryAfterSeconds.inc({ connection }, call.retryAfterMs / 1000);
  };

/** The default connection's hook. */
export const recordNukiCall = nukiCallRecorder("default");

import { logger } from "@/lib/log/logger";
import type { NukiCallObservation } from "@/lib/nuki/client";
import { metrics } from "./registry";

/** The NukiClient's `observe` hook: every HTTP attempt into the Prometheus counters and a debug log line. */
export function recordNukiCall(call: NukiCallObservation): void {
  // The route has ids folded and no query or body: nothing secret. The request id comes from the context.
  logger().debug({ component: "nuki", route: call.route, status: call.status, ms: Math.round(call.ms) }, "nuki call");
  const m = metrics();
  m.nukiRequests.inc({ route: call.route, status: String(call.status) });
  m.nukiRequestSeconds.observe({ route: call.route }, call.ms / 1000);
  if (call.status === 429) m.nukiRateLimited.inc();
  if (call.status === 401 || call.status === 403) m.nukiTokenRefused.inc();
  if (call.retryAfterMs !== null && call.retryAfterMs > 0) m.nukiRetryAfterSeconds.inc(call.retryAfterMs / 1000);
}

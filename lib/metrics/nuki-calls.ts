import type { NukiCallObservation } from "@/lib/nuki/client";
import { metrics } from "./registry";

/** The NukiClient's `observe` hook: every HTTP attempt into the Prometheus counters. */
export function recordNukiCall(call: NukiCallObservation): void {
  const m = metrics();
  m.nukiRequests.inc({ route: call.route, status: String(call.status) });
  m.nukiRequestSeconds.observe({ route: call.route }, call.ms / 1000);
  if (call.status === 429) m.nukiRateLimited.inc();
  if (call.status === 401 || call.status === 403) m.nukiTokenRefused.inc();
  if (call.retryAfterMs !== null && call.retryAfterMs > 0) m.nukiRetryAfterSeconds.inc(call.retryAfterMs / 1000);
}

import type { DesiredAuth, GrantStatus, ObservedAuth } from "@/db/schema";

const instant = (s: string | null | undefined) => (s ? Date.parse(s) : null);
// Nuki treats 0 and 127 alike ("every day") and may report either.
const days = (d: number | null | undefined) => (d === 0 || d == null ? 127 : d);

/**
 * Does the lock hold exactly what Portier wants? The code is compared by keyed fingerprint, never
 * in clear; the account user is the natural key the observed auth was matched on, so not re-compared.
 */
export function observedMatches(desired: DesiredAuth | null, observed: ObservedAuth | null): boolean {
  if (!desired || !observed) return !desired && !observed;
  return (
    desired.name === observed.name &&
    desired.type === observed.type &&
    desired.enabled === observed.enabled &&
    desired.remoteAllowed === observed.remoteAllowed &&
    (desired.type !== 13 || observed.codeMatches === true) &&
    instant(desired.allowedFromDate) === instant(observed.allowedFromDate) &&
    instant(desired.allowedUntilDate) === instant(observed.allowedUntilDate) &&
    days(desired.allowedWeekDays) === days(observed.allowedWeekDays) &&
    (desired.allowedFromTime ?? 0) === (observed.allowedFromTime ?? 0) &&
    (desired.allowedUntilTime ?? 0) === (observed.allowedUntilTime ?? 0)
  );
}

/** The one place a grant's status is decided from its facts. */
export function deriveStatus(g: {
  desired: DesiredAuth | null;
  observed: ObservedAuth | null;
  doorOnline: boolean;
  failed: boolean;
  /** Nuki accepted a change the lock has not applied yet (see grants.awaiting_lock_since). */
  awaitingLockSince?: Date | null;
}): GrantStatus {
  if (observedMatches(g.desired, g.observed)) return g.desired ? "applied" : "removed";
  if (g.failed) return "failed";
  if (!g.doorOnline) return "lock_offline";
  if (!g.desired) return "removing";
  return g.awaitingLockSince ? "awaiting_lock" : "pending";
}

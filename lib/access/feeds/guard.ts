/**
 * The mass-disappearance guard. A feed that suddenly lacks many of its future stays is more often a
 * channel error than a wave of cancellations (integrations.md §3), so when more than `thresholdPct`
 * of the stays still ahead vanish in one poll, nothing is removed until staff confirm. One vanished
 * stay among several is a normal cancellation; a feed that comes back empty always holds.
 */
export function guardTrips(p: { future: number; vanished: number; feedEmpty: boolean; thresholdPct: number }): boolean {
  if (p.vanished === 0 || p.future === 0) return false;
  if (p.feedEmpty) return true;
  return p.vanished >= 2 && p.vanished * 100 > p.thresholdPct * p.future;
}

/** Exponential backoff after failed polls: the interval doubled per failure, at most 6 hours. */
export function nextPollDelayMs(intervalMinutes: number, failures: number): number {
  const base = intervalMinutes * 60_000;
  return Math.min(base * 2 ** Math.min(failures, 10), 6 * 3_600_000);
}

import type { Clock } from "./budget";

/** A clock whose sleep() returns at once but moves virtual time: backoff and budgets without waiting. */
export function virtualClock(start = 1_700_000_000_000): Clock & { advanceTo: (t: number) => void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
    },
    advanceTo: (t) => {
      now = Math.max(now, t);
    },
  };
}

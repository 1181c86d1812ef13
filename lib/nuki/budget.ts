/**
 * Per-account request budget: a token bucket (sustained `ratePerSec`, bursts up to `burst`) that
 * every call waits on, plus a hard pause when Nuki answers 429 with Retry-After, so no request at
 * all leaves before the server said it may. Nuki publishes no limit (§1.3); 1 req/s with a burst
 * of 10 is our own, conservative choice (reliability-performance.md §6.1).
 */
export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };
export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export class RequestBudget {
  readonly ratePerSec: number;
  readonly burst: number;
  #tokens: number;
  #refilledAt: number;
  #pausedUntil = 0;
  #queue: Promise<void> = Promise.resolve();
  readonly #clock: Clock;

  constructor({
    ratePerSec = 1,
    burst = 10,
    clock = realClock,
  }: { ratePerSec?: number; burst?: number; clock?: Clock } = {}) {
    this.ratePerSec = ratePerSec;
    this.burst = burst;
    this.#tokens = burst;
    this.#clock = clock;
    this.#refilledAt = clock.now();
  }

  /** Waits for a token. Callers are served in arrival order. */
  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForToken());
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** Nobody sends before `until` (epoch ms): set from Retry-After. */
  pauseUntil(until: number) {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  get pausedUntil() {
    return this.#pausedUntil;
  }

  async #waitForToken(): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      if (now < this.#pausedUntil) {
        await this.#clock.sleep(this.#pausedUntil - now);
        continue;
      }
      this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.ratePerSec);
      this.#refilledAt = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.#clock.sleep(Math.ceil(((1 - this.#tokens) / this.ratePerSec) * 1000));
    }
  }
}

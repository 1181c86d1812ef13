/** Time source of the simulator: the wall clock, or a manual clock tests advance explicitly. */
export interface SimClock {
  now(): number;
  schedule(at: number, fn: () => void): () => void;
}

export class RealClock implements SimClock {
  now() {
    return Date.now();
  }
  schedule(at: number, fn: () => void) {
    const t = setTimeout(fn, Math.max(0, at - Date.now()));
    t.unref?.();
    return () => clearTimeout(t);
  }
}

/** Deterministic: nothing happens until advance(); timers run in time order, ties in insertion order. */
export class ManualClock implements SimClock {
  #now: number;
  #seq = 0;
  #timers: { at: number; seq: number; fn: () => void }[] = [];
  constructor(start = Date.UTC(2026, 0, 5, 8, 0, 0)) {
    this.#now = start;
  }
  now() {
    return this.#now;
  }
  schedule(at: number, fn: () => void) {
    const timer = { at, seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }
  /** Moves time forward, running every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number) {
    const target = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
  }
  set(ms: number) {
    if (ms > this.#now) this.advance(ms - this.#now);
  }
  get pending() {
    return this.#timers.length;
  }
}

/**
 * Time and randomness are injected (DESIGN.md convention 7): nothing under src/types or src/commands
 * reads Date.now() or Math.random(). Tests pass a ManualClock and a seeded Rng and drive both by hand.
 */

export interface Clock {
  /** Unix time in milliseconds. */
  now(): number;
  /** Microseconds within the current second, for TIME; defaults to the millisecond part × 1000. */
  micros?(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  micros: () => {
    const t = typeof performance !== "undefined" ? performance.timeOrigin + performance.now() : Date.now();
    return Math.floor((t * 1000) % 1_000_000);
  },
};

/** A clock that moves only when told to. `advance(ms)` also lets the engine react (expiry, timeouts). */
export class ManualClock implements Clock {
  private listeners: Array<() => void> = [];
  constructor(private t: number = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.t;
  }
  micros(): number {
    return (this.t % 1000) * 1000;
  }
  /** Move time forward by `ms` and notify the engines that use this clock. */
  advance(ms: number): void {
    this.set(this.t + ms);
  }
  set(t: number): void {
    this.t = t;
    for (const l of this.listeners) l();
  }
  /** Called by an engine so that it runs its time-driven work when the clock moves. */
  onAdvance(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
}

/** Seeded PRNG (mulberry32): reproducible runs for tests and fuzzers. */
export class SeededRng implements Rng {
  private s: number;
  constructor(seed = 0x9e3779b9) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export const mathRng: Rng = { next: () => Math.random() };

/** A random integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

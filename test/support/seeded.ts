/**
 * Seeded randomness for random-sequence tests (DESIGN.md §7 tiers 1 and 3).
 *
 * The run's seed comes from env `SEED` (a decimal or 0x-hex uint32; `SEED=random` picks one and prints
 * it); it defaults to a fixed value so plain `npm test` is reproducible. `seededRng(label)` derives an
 * independent stream per label (usually the test name) from that seed, so adding a test does not change
 * the numbers other tests see. Called inside a running test, it registers an `onTestFailed` hook that
 * prints how to replay: `SEED=<seed> npx vitest run <file> -t "<test>"`.
 *
 * mulberry32: 32-bit state, period 2^32, good enough for generating test operations (not crypto).
 */
import { relative } from "node:path";
import { onTestFailed } from "vitest";

/** A PRNG returning floats in [0, 1), fully determined by `seed` (a uint32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_SEED = 0x5eed_2024;

function parseSeed(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  if (raw === "random") {
    const s = (Math.random() * 2 ** 32) >>> 0;
    console.log(`[seeded] SEED=random picked SEED=${s}`);
    return s;
  }
  const n = Number(raw);
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw new Error(`SEED must be an integer or "random", got ${raw}`);
  return n >>> 0;
}

let runSeed: number | undefined;
/** The seed of this run (env SEED or DEFAULT_SEED), read once per test file. */
export function testSeed(): number {
  runSeed ??= parseSeed(process.env["SEED"]);
  return runSeed;
}

/** FNV-1a of a label, to derive per-label streams from one seed. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small random toolkit over mulberry32. */
export class Rng {
  private readonly next01: () => number;
  constructor(readonly seed: number) {
    this.next01 = mulberry32(seed);
  }
  /** Float in [0, 1). */
  float(): number {
    return this.next01();
  }
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next01() * (max - min + 1));
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next01() < p;
  }
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty array");
    return items[Math.floor(this.next01() * items.length)] as T;
  }
  /** An element chosen with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next01() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error("Rng.weighted with no choices");
    return last[0];
  }
  /** Fisher–Yates shuffle, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next01() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
  /** A string of `len` characters drawn from `alphabet`. */
  string(len: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let s = "";
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.next01() * alphabet.length)];
    return s;
  }
  /** A Buffer of `len` random bytes. */
  bytes(len: number): Buffer {
    const b = Buffer.alloc(len);
    for (let i = 0; i < len; i++) b[i] = Math.floor(this.next01() * 256);
    return b;
  }
}

/**
 * An Rng for `label` derived from the run's seed (`seed` overrides it). Inside a running test it also
 * arranges for the seed to be printed if the test fails.
 */
export function seededRng(label = "", seed: number = testSeed()): Rng {
  const rng = new Rng(label === "" ? seed : (seed ^ hashLabel(label)) >>> 0);
  try {
    onTestFailed(({ task }) => {
      const abs = task.file?.filepath;
      const file = abs ? relative(process.cwd(), abs) : (task.file?.name ?? "<file>");
      console.error(
        `[seeded] "${task.name}" failed with SEED=${seed}` +
          (label ? ` (label ${JSON.stringify(label)}, stream seed ${rng.seed})` : "") +
          `; replay: SEED=${seed} npx vitest run ${file} -t ${JSON.stringify(task.name)}`,
      );
    });
  } catch {
    // Not inside a running test (module scope, beforeAll, a plain script): nothing to hook.
  }
  return rng;
}

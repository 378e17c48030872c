/**
 * Random members of a set: SRANDMEMBER with a count and SPOP with a count, following t_set.c's case
 * analysis so each request costs what Redis's does (never more than O(count + N) work, never an
 * allocation larger than the reply) and so encodings evolve as Redis's do (SPOP's "keep the
 * remainder" strategy rebuilds the set as a listpack or intset).
 *
 * `rand` returns floats in [0, 1) (the engine's injected RNG).
 */
import { type SetLimits, SetValue } from "./set-value.js";

/** SRANDMEMBER_SUB_STRATEGY_MUL: below this ratio, copying the set and removing members is cheaper. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;
/** SPOP_MOVE_STRATEGY_MUL: when fewer than count/5 members stay, build the remainder instead. */
const SPOP_MOVE_STRATEGY_MUL = 5;

/**
 * SRANDMEMBER's CASE 1: `n` members drawn independently (repeats possible), in draw order. O(n).
 * The caller bounds `n`.
 */
export function setRandomWithRepeats(set: SetValue, n: number, rand: () => number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = set.random(rand);
  return out;
}

/**
 * SRANDMEMBER with a positive count ≥ 2: `count` distinct members (all of them when count ≥ size).
 * The whole set comes in iteration order; a listpack sample in listpack order (CASE 2.5); larger
 * encodings by removing random members from a copy (CASE 3) or by drawing until enough distinct ones
 * were seen (CASE 4), in no particular order. O(min(count, N)) except CASE 2.5/3, O(N).
 */
export function setRandomDistinct(set: SetValue, count: number, rand: () => number): string[] {
  const size = set.size;
  if (count >= size) return set.members();
  if (set.encoding() === "listpack") return set.orderedSample(count, rand);
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // A partial Fisher–Yates over a copy: the first `count` slots end up a uniform sample.
    const all = set.members();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rand() * (size - i));
      const t = all[i]!;
      all[i] = all[j]!;
      all[j] = t;
    }
    all.length = count;
    return all;
  }
  const picked = new Set<string>();
  while (picked.size < count) picked.add(set.random(rand));
  return Array.from(picked);
}

/**
 * SPOP with 0 < count < size: removes `count` random members and returns them in Redis's order.
 * CASE 2 (many stay) pops one at a time, or, for a listpack, samples in one ordered pass. CASE 3
 * (few stay) moves the survivors to a new set — a listpack (an intset when the source is one) that
 * converts as members are added — returns what is left of the old one in its iteration order, and
 * the set takes the new representation. O(count) or O(N).
 */
export function setPopMany(set: SetValue, count: number, rand: () => number, limits: SetLimits): string[] {
  const size = set.size;
  const remaining = size - count;
  const listpack = set.encoding() === "listpack";
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    if (listpack) {
      const picked = set.orderedSample(count, rand);
      for (const m of picked) set.remove(m);
      return picked;
    }
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = set.popRandom(rand);
    return out;
  }
  let kept: SetValue;
  if (listpack) {
    kept = SetValue.emptyListpack();
    for (const m of set.orderedSample(remaining, rand)) {
      kept.add(m, limits);
      set.remove(m);
    }
  } else {
    // Redis picks the new set's encoding from the first survivor: an intset's members come as
    // integers (→ intset), a hashtable's as strings (→ listpack, even for numeric strings).
    kept = set.encoding() === "intset" ? SetValue.emptyIntset() : SetValue.emptyListpack();
    for (let i = 0; i < remaining; i++) {
      const m = set.popRandom(rand);
      kept.add(m, limits);
    }
  }
  const popped = set.members();
  set.replaceWith(kept);
  return popped;
}

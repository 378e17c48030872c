/**
 * Random fields of a hash, for HRANDFIELD, with Redis 7.2's choice of method by count (t_hash.c
 * hrandfieldWithCountCommand), so the cost is Redis's: never proportional to a huge requested count
 * beyond what is returned, and never O(n) when count is small against an indexed hash.
 *
 * `rand` returns floats in [0, 1) (the engine's injected RNG). Results are written to `fields` (and
 * `values` when given), so callers shape the reply (RESP2 flat, RESP3 pairs) without copying.
 */
import { CompactHash } from "./compact.js";
import type { HashValue } from "./hash-value.js";

/** How much bigger than count a hash must be for random picking to beat dropping (Redis's constant). */
const SUB_STRATEGY_MUL = 3;

/** One uniformly random field and its value (the hash must not be empty). O(1) indexed, O(1) compact. */
export function hashRandomField(h: HashValue, rand: () => number): [string, string] {
  const rep = h.rep;
  if (rep instanceof CompactHash) {
    const i = 2 * Math.floor(rand() * rep.size);
    return [rep.pairs[i]!, rep.pairs[i + 1]!];
  }
  const field = rep.randomField(rand);
  return [field, rep.get(field)!];
}

/** `count` independent picks (repetitions possible): HRANDFIELD with a negative count. O(count). */
export function hashRandomWithRepeats(
  h: HashValue,
  count: number,
  rand: () => number,
  fields: string[],
  values: string[] | undefined,
): void {
  const rep = h.rep;
  if (rep instanceof CompactHash) {
    const p = rep.pairs;
    const n = rep.size;
    for (let k = 0; k < count; k++) {
      const i = 2 * Math.floor(rand() * n);
      fields.push(p[i]!);
      values?.push(p[i + 1]!);
    }
    return;
  }
  for (let k = 0; k < count; k++) {
    const field = rep.randomField(rand);
    fields.push(field);
    values?.push(rep.get(field)!);
  }
}

/**
 * `count` distinct fields, 0 < count < size (a larger count is the whole hash, which the caller
 * serves). Redis's cases:
 *  - compact (CASE 2.5): selection sampling, in listpack order (lpRandomPairsUnique). O(n).
 *  - indexed, count × 3 > size (CASE 3): take every field, drop random ones down to count. O(n).
 *  - indexed otherwise (CASE 4): random picks, skipping repeats, until count are distinct.
 *    O(count) expected.
 */
export function hashRandomDistinct(
  h: HashValue,
  count: number,
  rand: () => number,
  fields: string[],
  values: string[] | undefined,
): void {
  const rep = h.rep;
  const size = rep.size;
  if (rep instanceof CompactHash) {
    const p = rep.pairs;
    let need = count;
    for (let i = 0; i < size && need > 0; i++) {
      // Knuth's algorithm S: take item i with probability need / remaining.
      if (rand() * (size - i) < need) {
        fields.push(p[2 * i]!);
        values?.push(p[2 * i + 1]!);
        need--;
      }
    }
    return;
  }
  if (count * SUB_STRATEGY_MUL > size) {
    const all = rep.fields();
    let n = all.length;
    while (n > count) {
      const drop = Math.floor(rand() * n);
      all[drop] = all[--n]!;
    }
    for (let i = 0; i < count; i++) {
      fields.push(all[i]!);
      values?.push(rep.get(all[i]!)!);
    }
    return;
  }
  const seen = new Set<string>();
  while (seen.size < count) {
    const field = rep.randomField(rand);
    if (seen.has(field)) continue;
    seen.add(field);
    fields.push(field);
    values?.push(rep.get(field)!);
  }
}

/**
 * Random members of a sorted set: ZRANDMEMBER's cases (t_zset.c zrandmemberWithCountCommand,
 * zsetTypeRandomElement), so each request costs what Redis's does — O(count) or O(N), never an
 * allocation larger than the reply.
 *
 * `rand` returns floats in [0, 1) (the engine's injected RNG).
 */
import { type ZsetEmit, zsetRangeByRank } from "./zset-ranges.js";
import { type ZsetValue, zsetEach, zsetLength } from "./zset-value.js";

/** ZRANDMEMBER_SUB_STRATEGY_MUL: below this ratio, copying the set and removing members is cheaper. */
const ZRANDMEMBER_SUB_STRATEGY_MUL = 3;

/** zsetTypeRandomElement: one uniformly random member and its score (the set is not empty). O(log N). */
export function zsetRandomMember(z: ZsetValue, rand: () => number): [string, number] {
  const len = zsetLength(z);
  const i = Math.floor(rand() * len);
  const pack = z.pack;
  if (pack !== undefined) return [pack.members[i]!, pack.scores[i]!];
  const zsl = z.zsl!;
  const x = zsl.nodeAt(i + 1);
  return [zsl.member(x), zsl.score(x)];
}

/** CASE 1: `n` members drawn independently (repeats possible), in draw order. O(n log N). */
export function zsetRandomWithRepeats(z: ZsetValue, n: number, rand: () => number, emit: ZsetEmit): void {
  for (let k = 0; k < n; k++) {
    const [m, s] = zsetRandomMember(z, rand);
    emit(m, s);
  }
}

/**
 * A positive count: `count` distinct members, or the whole set when count ≥ size (CASE 2), from the
 * highest score down (zuiNext walks a sorted set backwards).
 * A listpack is sampled in one ordered pass (CASE 2.5, lpRandomPairsUnique); a skiplist either drops
 * random members from a copy (CASE 3, when count is more than a third of the set) or draws until it
 * has seen `count` distinct members (CASE 4, in draw order).
 */
export function zsetRandomDistinct(z: ZsetValue, count: number, rand: () => number, emit: ZsetEmit): void {
  const size = zsetLength(z);
  if (count >= size) {
    zsetRangeByRank(z, 0, size - 1, true, emit);
    return;
  }
  const pack = z.pack;
  if (pack !== undefined) {
    // Each entry is picked with probability remaining / available: every subset is equally likely.
    let available = size;
    let remaining = count;
    for (let i = 0; i < size && remaining > 0; i++, available--) {
      if (rand() * available < remaining) {
        emit(pack.members[i]!, pack.scores[i]!);
        remaining--;
      }
    }
    return;
  }
  if (count * ZRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Drop size − count members at random (a partial Fisher–Yates over positions), emit the rest.
    const order = new Int32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    const drop = size - count;
    const dropped = new Uint8Array(size);
    for (let i = 0; i < drop; i++) {
      const j = i + Math.floor(rand() * (size - i));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
      dropped[order[i]!] = 1;
    }
    let k = 0;
    zsetEach(z, (m, s) => {
      if (dropped[k++] === 0) emit(m, s);
    });
    return;
  }
  const seen = new Set<string>();
  while (seen.size < count) {
    const [m, s] = zsetRandomMember(z, rand);
    if (seen.has(m)) continue;
    seen.add(m);
    emit(m, s);
  }
}

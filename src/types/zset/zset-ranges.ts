/**
 * Range reads and range deletions of sorted sets, by rank, score and lex (t_zset.c
 * genericZrangeby*Command, zcountCommand, zlexcountCommand, zzl/zslDeleteRangeBy*).
 *
 * Each encoding runs Redis's own algorithm for it, so even a lex range over members with different
 * scores (where Redis leaves the result unspecified) answers as Redis would for a listpack: the
 * listpack scans linearly (zzlFirstInRange and friends), the skiplist descends its levels.
 *
 * Results are emitted in order through a callback (member, score), so the reply code and the
 * ZRANGESTORE writer share one walk; a callback that returns false ends the walk early (GEOSEARCH
 * stops at its COUNT).
 */
import type { SkipList } from "./skiplist.js";
import type { ZsetPack } from "./pack.js";
import {
  type LexRange,
  type ScoreRange,
  lexGteMin,
  lexLteMax,
  lexRangeEmpty,
  scoreGteMin,
  scoreLteMax,
  scoreRangeEmpty,
} from "./range.js";
import { type ZsetValue, zsetLength } from "./zset-value.js";

/** Receives one member of a range; returning false stops the walk there (the member counts). */
export type ZsetEmit = (member: string, score: number) => boolean | void;

/** A range test on one entry, for either encoding: the predicates of a score or a lex range. */
interface Bounds {
  empty: boolean;
  gteMin(member: string, score: number): boolean;
  lteMax(member: string, score: number): boolean;
}

function scoreBounds(r: ScoreRange): Bounds {
  return {
    empty: scoreRangeEmpty(r),
    gteMin: (_m, s) => scoreGteMin(s, r),
    lteMax: (_m, s) => scoreLteMax(s, r),
  };
}

function lexBounds(r: LexRange): Bounds {
  return {
    empty: lexRangeEmpty(r),
    gteMin: (m) => lexGteMin(m, r),
    lteMax: (m) => lexLteMax(m, r),
  };
}

// ---------------------------------------------------------------- listpack walks (zzl*)

/** zzlIsInRange / zzlIsInLexRange. */
function packInRange(p: ZsetPack, b: Bounds): boolean {
  const n = p.length;
  if (b.empty || n === 0) return false;
  if (!b.gteMin(p.members[n - 1]!, p.scores[n - 1]!)) return false;
  return b.lteMax(p.members[0]!, p.scores[0]!);
}

/** zzlFirstInRange / zzlFirstInLexRange: an index, -1 for none. */
function packFirst(p: ZsetPack, b: Bounds): number {
  if (!packInRange(p, b)) return -1;
  for (let i = 0; i < p.length; i++) {
    if (b.gteMin(p.members[i]!, p.scores[i]!)) return b.lteMax(p.members[i]!, p.scores[i]!) ? i : -1;
  }
  return -1;
}

/** zzlLastInRange / zzlLastInLexRange. */
function packLast(p: ZsetPack, b: Bounds): number {
  if (!packInRange(p, b)) return -1;
  for (let i = p.length - 1; i >= 0; i--) {
    if (b.lteMax(p.members[i]!, p.scores[i]!)) return b.gteMin(p.members[i]!, p.scores[i]!) ? i : -1;
  }
  return -1;
}

// ---------------------------------------------------------------- skiplist walks (zsl*)

function zslGteMin(zsl: SkipList, b: Bounds): (x: number) => boolean {
  return (x) => b.gteMin(zsl.member(x), zsl.score(x));
}

function zslLteMax(zsl: SkipList, b: Bounds): (x: number) => boolean {
  return (x) => b.lteMax(zsl.member(x), zsl.score(x));
}

/** zslIsInRange / zslIsInLexRange. */
function zslInRange(zsl: SkipList, b: Bounds): boolean {
  if (b.empty) return false;
  const last = zsl.tail;
  if (last === 0 || !b.gteMin(zsl.member(last), zsl.score(last))) return false;
  const first = zsl.first();
  return b.lteMax(zsl.member(first), zsl.score(first));
}

/** zslFirstInRange / zslFirstInLexRange: a node, 0 for none. */
function zslFirst(zsl: SkipList, b: Bounds): number {
  if (!zslInRange(zsl, b)) return 0;
  const gte = zslGteMin(zsl, b);
  const x = zsl.seekFirst((n) => !gte(n));
  return x !== 0 && b.lteMax(zsl.member(x), zsl.score(x)) ? x : 0;
}

/** zslLastInRange / zslLastInLexRange. */
function zslLast(zsl: SkipList, b: Bounds): number {
  if (!zslInRange(zsl, b)) return 0;
  const x = zsl.seekLast(zslLteMax(zsl, b));
  return x !== 0 && b.gteMin(zsl.member(x), zsl.score(x)) ? x : 0;
}

// ---------------------------------------------------------------- reads

/**
 * genericZrangebyrankCommand's walk: ranks `start` … `end` (0-based, inclusive, already clamped to
 * the set), from the highest score when `reverse`. O(log N + M).
 */
export function zsetRangeByRank(z: ZsetValue, start: number, end: number, reverse: boolean, emit: ZsetEmit): void {
  const n = end - start + 1;
  const pack = z.pack;
  if (pack !== undefined) {
    const len = pack.length;
    for (let k = 0; k < n; k++) {
      const i = reverse ? len - 1 - start - k : start + k;
      if (emit(pack.members[i]!, pack.scores[i]!) === false) return;
    }
    return;
  }
  const zsl = z.zsl!;
  const len = zsl.length;
  let x = reverse ? (start > 0 ? zsl.nodeAt(len - start) : zsl.tail) : start > 0 ? zsl.nodeAt(start + 1) : zsl.first();
  for (let k = 0; k < n && x !== 0; k++) {
    if (emit(zsl.member(x), zsl.score(x)) === false) return;
    x = reverse ? zsl.prev(x) : zsl.next(x);
  }
}

/**
 * The walk shared by genericZrangebyscoreCommand and genericZrangebylexCommand: from the first (or,
 * reversed, the last) entry in range, skip `offset` entries (a negative offset skips everything, as
 * Redis's `while (offset--)` does), then emit up to `limit` entries (negative: no limit) while they
 * stay in range. Returns the number emitted.
 */
function rangeWalk(z: ZsetValue, b: Bounds, reverse: boolean, offset: number, limit: number, emit: ZsetEmit): number {
  let emitted = 0;
  const pack = z.pack;
  if (pack !== undefined) {
    let i = reverse ? packLast(pack, b) : packFirst(pack, b);
    const step = reverse ? -1 : 1;
    const len = pack.length;
    if (offset < 0) return 0;
    i = i < 0 ? -1 : i + step * offset;
    while (i >= 0 && i < len && limit-- !== 0) {
      const m = pack.members[i]!;
      const s = pack.scores[i]!;
      if (reverse ? !b.gteMin(m, s) : !b.lteMax(m, s)) break;
      emitted++;
      if (emit(m, s) === false) break;
      i += step;
    }
    return emitted;
  }
  const zsl = z.zsl!;
  let x = reverse ? zslLast(zsl, b) : zslFirst(zsl, b);
  if (x !== 0 && offset < 0) return 0;
  while (x !== 0 && offset-- > 0) x = reverse ? zsl.prev(x) : zsl.next(x);
  while (x !== 0 && limit-- !== 0) {
    const m = zsl.member(x);
    const s = zsl.score(x);
    if (reverse ? !b.gteMin(m, s) : !b.lteMax(m, s)) break;
    emitted++;
    if (emit(m, s) === false) break;
    x = reverse ? zsl.prev(x) : zsl.next(x);
  }
  return emitted;
}

/** genericZrangebyscoreCommand (an offset at or past the end answers nothing at once). */
export function zsetRangeByScore(
  z: ZsetValue,
  r: ScoreRange,
  reverse: boolean,
  offset: number,
  limit: number,
  emit: ZsetEmit,
): number {
  if (offset > 0 && offset >= zsetLength(z)) return 0;
  return rangeWalk(z, scoreBounds(r), reverse, offset, limit, emit);
}

/** genericZrangebylexCommand. */
export function zsetRangeByLex(z: ZsetValue, r: LexRange, reverse: boolean, offset: number, limit: number, emit: ZsetEmit): number {
  return rangeWalk(z, lexBounds(r), reverse, offset, limit, emit);
}

/**
 * ZCOUNT / ZLEXCOUNT: a listpack counts from the first entry in range while entries stay at or
 * below the maximum; a skiplist subtracts the ranks of the first and last entries in range.
 */
function countIn(z: ZsetValue, b: Bounds): number {
  const pack = z.pack;
  if (pack !== undefined) {
    const first = packFirst(pack, b);
    if (first < 0) return 0;
    let i = first;
    while (i < pack.length && b.lteMax(pack.members[i]!, pack.scores[i]!)) i++;
    return i - first;
  }
  const zsl = z.zsl!;
  const first = zslFirst(zsl, b);
  if (first === 0) return 0;
  let count = zsl.length - (zsl.rankOf(zsl.score(first), zsl.member(first)) - 1);
  const last = zslLast(zsl, b);
  if (last !== 0) count -= zsl.length - zsl.rankOf(zsl.score(last), zsl.member(last));
  return count;
}

export function zsetCount(z: ZsetValue, r: ScoreRange): number {
  return countIn(z, scoreBounds(r));
}

export function zsetLexCount(z: ZsetValue, r: LexRange): number {
  return countIn(z, lexBounds(r));
}

// ---------------------------------------------------------------- deletions

/** Removes a deleted skiplist node's member from the dict and the slot table. */
function forgetNode(z: ZsetValue): (x: number) => void {
  const zsl = z.zsl!;
  const dict = z.dict!;
  const slots = z.slots!;
  return (x) => {
    slots.remove(zsl.aux(x));
    dict.delete(zsl.member(x));
  };
}

/** ZREMRANGEBYRANK: removes ranks `start` … `end` (0-based, inclusive, clamped). Returns the count. */
export function zsetDeleteRangeByRank(z: ZsetValue, start: number, end: number): number {
  const pack = z.pack;
  if (pack !== undefined) {
    const n = end - start + 1;
    pack.removeRange(start, n);
    return n;
  }
  return z.zsl!.deleteRanks(start + 1, end + 1, forgetNode(z));
}

/**
 * zzlDeleteRangeByScore/Lex (from the first entry in range, while entries stay in range) and
 * zslDeleteRangeByScore/Lex (descend past entries below the minimum, then delete while in range).
 */
function deleteIn(z: ZsetValue, b: Bounds): number {
  const pack = z.pack;
  if (pack !== undefined) {
    const first = packFirst(pack, b);
    if (first < 0) return 0;
    let i = first;
    while (i < pack.length && b.lteMax(pack.members[i]!, pack.scores[i]!)) i++;
    pack.removeRange(first, i - first);
    return i - first;
  }
  const zsl = z.zsl!;
  const gte = zslGteMin(zsl, b);
  return zsl.deleteWhile((x) => !gte(x), zslLteMax(zsl, b), forgetNode(z));
}

export function zsetDeleteRangeByScore(z: ZsetValue, r: ScoreRange): number {
  return deleteIn(z, scoreBounds(r));
}

export function zsetDeleteRangeByLex(z: ZsetValue, r: LexRange): number {
  return deleteIn(z, lexBounds(r));
}

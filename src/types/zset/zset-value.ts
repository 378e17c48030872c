/**
 * The sorted-set type (t_zset.c zset*): one value object with Redis 7.2's two encodings, reported by
 * OBJECT ENCODING and converted at Redis's thresholds and moments:
 *
 *   listpack  a ZsetPack (two sorted arrays): at most zset-max-listpack-entries members of at most
 *             zset-max-listpack-value bytes each;
 *   skiplist  a SkipList plus a member → node Map (the "dict"), and a SlotTable giving every member a
 *             stable ZSCAN slot (kept in the node's `aux`).
 *
 * Conversions: listpack → skiplist when an add would exceed a limit (zsetAdd), when a write announces
 * more members than the entry limit (zsetTypeMaybeConvert), and for SORT (zsetConvert); skiplist →
 * listpack only where Redis rebuilds a result (zsetConvertToListpackIfNeeded, RDB loading).
 *
 * Commands use only the functions exported here and in the sibling modules (ranges, random picks,
 * algebra); they never touch the representation. Members are binary strings; ties in score order by
 * member bytes.
 */
import { SlotTable } from "../../engine/slot-table.js";
import type { ObjectValue } from "../../engine/value.js";
import { ZsetPack } from "./pack.js";
import { SkipList } from "./skiplist.js";

/** The thresholds a sorted set's encoding depends on (EncodingLimits satisfies this). */
export interface ZsetLimits {
  readonly zsetMaxListpackEntries: number;
  readonly zsetMaxListpackValue: number;
}

export type ZsetEncoding = "listpack" | "skiplist";

export class ZsetValue implements ObjectValue {
  readonly type = "zset" as const;
  /** Set when listpack-encoded. */
  pack: ZsetPack | undefined;
  /** Set (with `dict` and `slots`) when skiplist-encoded. */
  zsl: SkipList | undefined;
  dict: Map<string, number> | undefined;
  slots: SlotTable | undefined;

  private constructor() {}

  static listpack(pack = new ZsetPack()): ZsetValue {
    const z = new ZsetValue();
    z.pack = pack;
    return z;
  }

  static skiplist(capacity = 16): ZsetValue {
    const z = new ZsetValue();
    z.zsl = new SkipList(capacity);
    z.dict = new Map();
    z.slots = new SlotTable();
    return z;
  }

  encoding(): ZsetEncoding {
    return this.pack !== undefined ? "listpack" : "skiplist";
  }

  /** zsetDup: an independent copy in the same encoding. O(N log N). */
  clone(): ZsetValue {
    if (this.pack !== undefined) return ZsetValue.listpack(this.pack.clone());
    const c = ZsetValue.skiplist(this.zsl!.length);
    zsetEach(this, (m, s) => skiplistInsert(c, m, s));
    return c;
  }
}

/** zsetTypeCreate: listpack when the hints fit the limits, else skiplist. */
export function zsetCreate(sizeHint: number, valLenHint: number, limits: ZsetLimits): ZsetValue {
  if (sizeHint <= limits.zsetMaxListpackEntries && valLenHint <= limits.zsetMaxListpackValue) return ZsetValue.listpack();
  return ZsetValue.skiplist(sizeHint);
}

/** zsetTypeMaybeConvert: a listpack that is about to receive more than the entry limit converts now. */
export function zsetMaybeConvertForHint(z: ZsetValue, sizeHint: number, limits: ZsetLimits): void {
  if (z.pack !== undefined && sizeHint > limits.zsetMaxListpackEntries) zsetConvertToSkiplist(z, sizeHint);
}

/** zsetConvert(…, OBJ_ENCODING_SKIPLIST); a no-op for a skiplist. O(N log N). */
export function zsetConvertToSkiplist(z: ZsetValue, capacity = 0): void {
  const pack = z.pack;
  if (pack === undefined) return;
  z.pack = undefined;
  z.zsl = new SkipList(Math.max(capacity, pack.length));
  z.dict = new Map();
  z.slots = new SlotTable();
  for (let i = 0; i < pack.length; i++) skiplistInsert(z, pack.members[i]!, pack.scores[i]!);
}

/**
 * zsetConvertToListpackIfNeeded: a skiplist becomes a listpack when it has at most the entry limit
 * and its longest member (`maxLen`, computed by the caller as Redis does) fits the value limit.
 */
export function zsetConvertToListpackIfNeeded(z: ZsetValue, maxLen: number, limits: ZsetLimits): void {
  if (z.pack !== undefined) return;
  if (z.zsl!.length > limits.zsetMaxListpackEntries || maxLen > limits.zsetMaxListpackValue) return;
  const members: string[] = [];
  const scores: number[] = [];
  zsetEach(z, (m, s) => {
    members.push(m);
    scores.push(s === 0 ? 0 : s);
  });
  z.pack = new ZsetPack(members, scores);
  z.zsl = undefined;
  z.dict = undefined;
  z.slots = undefined;
}

/** Number of members. O(1). */
export function zsetLength(z: ZsetValue): number {
  return z.pack !== undefined ? z.pack.length : z.zsl!.length;
}

/** zsetScore: the member's score, undefined when absent. O(1) skiplist, O(N) listpack. */
export function zsetScore(z: ZsetValue, member: string): number | undefined {
  const pack = z.pack;
  if (pack !== undefined) {
    const i = pack.find(member);
    return i < 0 ? undefined : pack.scores[i];
  }
  const node = z.dict!.get(member);
  return node === undefined ? undefined : z.zsl!.score(node);
}

function skiplistInsert(z: ZsetValue, member: string, score: number): void {
  const zsl = z.zsl!;
  const node = zsl.insert(score, member);
  zsl.setAux(node, z.slots!.add(member));
  z.dict!.set(member, node);
}

// ---------------------------------------------------------------- ZADD

export const ZADD_IN_INCR = 1;
export const ZADD_IN_NX = 2;
export const ZADD_IN_XX = 4;
export const ZADD_IN_GT = 8;
export const ZADD_IN_LT = 16;

export const ZADD_OUT_NAN = 1;
export const ZADD_OUT_ADDED = 2;
export const ZADD_OUT_UPDATED = 4;
export const ZADD_OUT_NOP = 8;

/** What zsetAdd did: ZADD_OUT_* flags, and the member's score afterwards when it was written. */
export class ZaddResult {
  flags = 0;
  newScore = 0;
}

/**
 * zsetAdd's update of an existing member (either encoding): the score to store, with `out.newScore`
 * set; or undefined with `out.flags` NAN (INCR made NaN: the caller answers an error) or NOP (GT/LT
 * refused the update).
 */
function updatedScore(cur: number, score: number, inFlags: number, out: ZaddResult): number | undefined {
  if ((inFlags & ZADD_IN_INCR) !== 0) {
    score += cur;
    if (Number.isNaN(score)) {
      out.flags = ZADD_OUT_NAN;
      return undefined;
    }
  }
  if (((inFlags & ZADD_IN_LT) !== 0 && score >= cur) || ((inFlags & ZADD_IN_GT) !== 0 && score <= cur)) {
    out.flags = ZADD_OUT_NOP;
    return undefined;
  }
  out.newScore = score;
  return score;
}

/**
 * zsetAdd: adds `member` or updates its score under the ZADD_IN_* flags (INCR adds to the current
 * score, or to 0). Returns false (flags ZADD_OUT_NAN) when the score is or would become NaN, leaving
 * the set unchanged. May convert a listpack to a skiplist. O(log N) skiplist, O(N) listpack.
 */
export function zsetAdd(z: ZsetValue, score: number, member: string, inFlags: number, limits: ZsetLimits, out: ZaddResult): boolean {
  out.flags = 0;
  if (Number.isNaN(score)) {
    out.flags = ZADD_OUT_NAN;
    return false;
  }
  const nx = (inFlags & ZADD_IN_NX) !== 0;
  const xx = (inFlags & ZADD_IN_XX) !== 0;
  const pack = z.pack;
  if (pack !== undefined) {
    const i = pack.find(member);
    if (i >= 0) {
      if (nx) {
        out.flags = ZADD_OUT_NOP;
        return true;
      }
      const cur = pack.scores[i]!;
      const next = updatedScore(cur, score, inFlags, out);
      if (next === undefined) return out.flags !== ZADD_OUT_NAN;
      if (next !== cur) {
        pack.removeAt(i);
        pack.insert(member, next);
        out.flags = ZADD_OUT_UPDATED;
      }
      return true;
    }
    if (xx) {
      out.flags = ZADD_OUT_NOP;
      return true;
    }
    if (pack.length + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue) {
      zsetConvertToSkiplist(z, pack.length + 1);
    } else {
      pack.insert(member, score);
      out.newScore = score;
      out.flags = ZADD_OUT_ADDED;
      return true;
    }
  }
  const zsl = z.zsl!;
  const node = z.dict!.get(member);
  if (node !== undefined) {
    if (nx) {
      out.flags = ZADD_OUT_NOP;
      return true;
    }
    const cur = zsl.score(node);
    const next = updatedScore(cur, score, inFlags, out);
    if (next === undefined) return out.flags !== ZADD_OUT_NAN;
    if (next !== cur) {
      zsl.updateScore(node, next);
      out.flags = ZADD_OUT_UPDATED;
    }
    return true;
  }
  if (xx) {
    out.flags = ZADD_OUT_NOP;
    return true;
  }
  skiplistInsert(z, member, score);
  out.flags = ZADD_OUT_ADDED;
  out.newScore = score;
  return true;
}

/** zsetDel: removes `member`; true when it was there. O(log N) skiplist, O(N) listpack. */
export function zsetDel(z: ZsetValue, member: string): boolean {
  const pack = z.pack;
  if (pack !== undefined) {
    const i = pack.find(member);
    if (i < 0) return false;
    pack.removeAt(i);
    return true;
  }
  const dict = z.dict!;
  const node = dict.get(member);
  if (node === undefined) return false;
  const zsl = z.zsl!;
  z.slots!.remove(zsl.aux(node));
  dict.delete(member);
  zsl.delete(zsl.score(node), member);
  return true;
}

/**
 * zsetRank: the member's 0-based rank (from the highest score when `reverse`) and its score, or
 * undefined when absent. O(log N) skiplist, O(N) listpack.
 */
export function zsetRank(z: ZsetValue, member: string, reverse: boolean): [number, number] | undefined {
  const len = zsetLength(z);
  const pack = z.pack;
  if (pack !== undefined) {
    const i = pack.find(member);
    if (i < 0) return undefined;
    return [reverse ? len - 1 - i : i, pack.scores[i]!];
  }
  const node = z.dict!.get(member);
  if (node === undefined) return undefined;
  const zsl = z.zsl!;
  const score = zsl.score(node);
  const rank = zsl.rankOf(score, member);
  if (rank === 0) throw new Error("zset: a member of the dict is missing from the skiplist");
  return [reverse ? len - rank : rank - 1, score];
}

/** Visits every member in ascending (score, member) order until `fn` returns false. O(N). */
export function zsetEach(z: ZsetValue, fn: (member: string, score: number) => boolean | void): void {
  const pack = z.pack;
  if (pack !== undefined) {
    const { members, scores } = pack;
    for (let i = 0; i < members.length; i++) if (fn(members[i]!, scores[i]!) === false) return;
    return;
  }
  const zsl = z.zsl!;
  for (let x = zsl.first(); x !== 0; x = zsl.next(x)) if (fn(zsl.member(x), zsl.score(x)) === false) return;
}

/** The lowest (or with `max`, highest) member and its score, undefined when empty. O(1). */
export function zsetEnd(z: ZsetValue, max: boolean): [string, number] | undefined {
  const pack = z.pack;
  if (pack !== undefined) {
    const n = pack.length;
    if (n === 0) return undefined;
    const i = max ? n - 1 : 0;
    return [pack.members[i]!, pack.scores[i]!];
  }
  const zsl = z.zsl!;
  const x = max ? zsl.tail : zsl.first();
  return x === 0 ? undefined : [zsl.member(x), zsl.score(x)];
}

/**
 * One ZSCAN step into `out` as member, score pairs. A skiplist walks its stable slots from `cursor`
 * (about `count` members, those `accept` rejects included) and returns the next cursor; a listpack
 * returns every accepted member at once with cursor 0.
 */
export function zsetScan(
  z: ZsetValue,
  cursor: number,
  count: number,
  out: (member: string, score: number) => void,
  accept?: (member: string) => boolean,
): number {
  if (z.pack !== undefined) {
    zsetEach(z, (m, s) => {
      if (accept === undefined || accept(m)) out(m, s);
    });
    return 0;
  }
  const members: string[] = [];
  const next = z.slots!.scan(cursor, count, members, accept);
  const zsl = z.zsl!;
  const dict = z.dict!;
  for (const m of members) out(m, zsl.score(dict.get(m)!));
  return next;
}

/**
 * Builds a sorted set from members in ascending (score, member) order with distinct members, as a
 * skiplist that then converts to a listpack when it fits (the shape of ZUNIONSTORE's result and of
 * RDB loading). `maxLen` is the longest member's byte length. O(N log N).
 */
export function zsetFromSorted(members: readonly string[], scores: readonly number[], maxLen: number, limits: ZsetLimits): ZsetValue {
  if (members.length <= limits.zsetMaxListpackEntries && maxLen <= limits.zsetMaxListpackValue) {
    const s = new Array<number>(scores.length);
    for (let i = 0; i < scores.length; i++) s[i] = scores[i] === 0 ? 0 : scores[i]!;
    return ZsetValue.listpack(new ZsetPack(members.slice(), s));
  }
  const z = ZsetValue.skiplist(members.length);
  for (let i = 0; i < members.length; i++) skiplistInsert(z, members[i]!, scores[i]!);
  return z;
}

/**
 * Builds a sorted set from members in any order, in the encoding given (RDB loading keeps what the
 * file and Redis's load rules decide, even a listpack with members longer than the value limit).
 * Returns undefined when a member repeats. O(N log N).
 */
export function zsetFromPairs(members: readonly string[], scores: readonly number[], listpack: boolean): ZsetValue | undefined {
  if (listpack) {
    const pack = new ZsetPack();
    const seen = new Set<string>();
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (seen.has(m)) return undefined;
      seen.add(m);
      pack.insert(m, scores[i]!);
    }
    return ZsetValue.listpack(pack);
  }
  const z = ZsetValue.skiplist(members.length);
  for (let i = 0; i < members.length; i++) {
    if (z.dict!.has(members[i]!)) return undefined;
    skiplistInsert(z, members[i]!, scores[i]!);
  }
  return z;
}

/** Verifies the representation's invariants (tests); throws on the first violation. */
export function zsetCheck(z: ZsetValue): void {
  const fail = (msg: string): never => {
    throw new Error(`zset invariant: ${msg}`);
  };
  const pack = z.pack;
  if (pack !== undefined) {
    if (z.zsl !== undefined || z.dict !== undefined) fail("both encodings set");
    if (pack.members.length !== pack.scores.length) fail("pack arrays differ in length");
    const seen = new Set<string>();
    for (let i = 0; i < pack.length; i++) {
      const m = pack.members[i]!;
      const s = pack.scores[i]!;
      if (Number.isNaN(s)) fail("NaN score");
      if (Object.is(s, -0)) fail("-0 in a listpack");
      if (seen.has(m)) fail(`duplicate member ${JSON.stringify(m)}`);
      seen.add(m);
      if (i > 0) {
        const pm = pack.members[i - 1]!;
        const ps = pack.scores[i - 1]!;
        if (!(ps < s || (ps === s && pm < m))) fail(`pack order at ${i}`);
      }
    }
    return;
  }
  const zsl = z.zsl;
  const dict = z.dict;
  const slots = z.slots;
  if (zsl === undefined || dict === undefined || slots === undefined) return fail("no representation");
  zsl.check();
  if (dict.size !== zsl.length) fail(`dict has ${dict.size} members, skiplist ${zsl.length}`);
  if (slots.size !== zsl.length) fail(`slot table has ${slots.size} members, skiplist ${zsl.length}`);
  for (let x = zsl.first(); x !== 0; x = zsl.next(x)) {
    const m = zsl.member(x);
    if (dict.get(m) !== x) fail(`dict does not map ${JSON.stringify(m)} to its node`);
  }
  const scanned: string[] = [];
  slots.scan(0, Number.MAX_SAFE_INTEGER, scanned);
  if (scanned.length !== zsl.length) fail("slot table does not hold every member once");
  for (const m of scanned) if (!dict.has(m)) fail(`slot table holds ${JSON.stringify(m)}, not a member`);
}

/**
 * The set type (t_set.c setType*): one value object whose representation follows Redis 7.2's three
 * encodings, reported by OBJECT ENCODING and converted at exactly Redis's thresholds and moments:
 *
 *   intset     every member is a canonical int64; iterated in ascending numeric order;
 *              at most min(set-max-intset-entries, 2^30) members.
 *   listpack   any members, iterated in insertion order (a removal keeps the others' order);
 *              fewer than set-max-listpack-entries members of at most set-max-listpack-value bytes.
 *   hashtable  anything; order unspecified; SSCAN walks stable slots (SlotTable) with Redis's guarantee.
 *
 * Conversions go intset → listpack → hashtable on adds and never back, except where Redis rebuilds a
 * set (SINTERSTORE's result, SPOP's "keep the remainder" strategy), through the explicit methods here.
 *
 * Whatever the encoding, the representation is the same fast core, so membership, add and remove are
 * O(1) and a random member is O(1):
 *  - `index` maps member → position in `dense`; a Map iterates in insertion order and updating an
 *    existing key's value keeps its place, so `index.keys()` is the listpack order.
 *  - `dense` holds every member once (swap-remove on deletion), for uniform random picks.
 *  - intset only: `sorted` caches the ascending order, rebuilt on demand after a change that breaks it.
 *  - hashtable only: `slots` gives each member a stable SCAN slot; `slotOf[i]` is `dense[i]`'s slot.
 *
 * Members are binary strings (one char per byte), so `member.length` is Redis's byte length.
 */
import { type Int64, parseInt64 } from "../../engine/int64.js";
import { SlotTable } from "../../engine/slot-table.js";
import type { ObjectValue } from "../../engine/value.js";

/** The thresholds a set's encoding depends on (EncodingLimits satisfies this). */
export interface SetLimits {
  readonly setMaxIntsetEntries: number;
  readonly setMaxListpackEntries: number;
  readonly setMaxListpackValue: number;
}

export type SetEncoding = "intset" | "listpack" | "hashtable";

const INTSET = 0;
const LISTPACK = 1;
const HASHTABLE = 2;
type Enc = typeof INTSET | typeof LISTPACK | typeof HASHTABLE;
const ENCODING_NAMES: readonly SetEncoding[] = ["intset", "listpack", "hashtable"];

/** intsetMaxEntries(): Redis caps an intset at 2^30 members whatever the configuration says. */
function intsetMax(l: SetLimits): number {
  return Math.min(l.setMaxIntsetEntries, 1 << 30);
}

/** string2ll: a canonical signed 64-bit integer (what an intset can hold). */
export function isSetInteger(member: string): boolean {
  return member.length <= 20 && parseInt64(member) !== undefined;
}

function compareInt64(a: Int64, b: Int64): number {
  // Mixed number/bigint comparisons are exact in JS.
  return a < b ? -1 : a > b ? 1 : 0;
}

export class SetValue implements ObjectValue {
  readonly type = "set" as const;
  private enc: Enc;
  private index = new Map<string, number>();
  private dense: string[] = [];
  private sorted: string[] | undefined = undefined;
  private slots: SlotTable | undefined = undefined;
  private slotOf: number[] | undefined = undefined;

  private constructor(enc: Enc) {
    this.enc = enc;
    if (enc === HASHTABLE) {
      this.slots = new SlotTable();
      this.slotOf = [];
    }
  }

  /**
   * setTypeCreate: an empty set able to hold `first`, sized for about `sizeHint` members: an intset
   * for an integer when the hint fits one, else a listpack when the hint fits one, else a hashtable.
   */
  static create(first: string, sizeHint: number, limits: SetLimits): SetValue {
    if (isSetInteger(first) && sizeHint <= limits.setMaxIntsetEntries) return new SetValue(INTSET);
    if (sizeHint <= limits.setMaxListpackEntries) return new SetValue(LISTPACK);
    return new SetValue(HASHTABLE);
  }

  /** An empty intset (createIntsetObject): where SUNIONSTORE/SDIFFSTORE start their result. */
  static emptyIntset(): SetValue {
    return new SetValue(INTSET);
  }

  /** An empty listpack (createSetListpackObject). */
  static emptyListpack(): SetValue {
    return new SetValue(LISTPACK);
  }

  encoding(): SetEncoding {
    return ENCODING_NAMES[this.enc]!;
  }

  /** Number of members. O(1). */
  get size(): number {
    return this.dense.length;
  }

  /** Membership. O(1). */
  has(member: string): boolean {
    return this.index.has(member);
  }

  /**
   * setTypeMaybeConvert: SADD's size hint (its argument count) converts a listpack or an intset that
   * could not hold that many members to a hashtable up front, even if every member turns out to be
   * present already.
   */
  maybeConvertForHint(sizeHint: number, limits: SetLimits): void {
    if (
      (this.enc === LISTPACK && sizeHint > limits.setMaxListpackEntries) ||
      (this.enc === INTSET && sizeHint > limits.setMaxIntsetEntries)
    ) {
      this.toHashtable();
    }
  }

  /**
   * setTypeAdd: adds `member`, converting first when this encoding cannot take it (intset → listpack
   * or hashtable for a non-integer, listpack → hashtable when full or for a long member) and after
   * (an intset grown past its limit). True when it was added. O(1) amortized (a conversion is O(N)
   * and happens at most twice in a set's life).
   */
  add(member: string, limits: SetLimits): boolean {
    if (this.index.has(member)) return false;
    const enc = this.enc;
    if (enc === INTSET) {
      const v = member.length <= 20 ? parseInt64(member) : undefined;
      if (v !== undefined) {
        this.insertInt(member, v);
        if (this.dense.length > intsetMax(limits)) this.toHashtable();
        return true;
      }
      if (this.intsetFitsListpack(member, limits)) this.toListpack();
      else this.toHashtable();
    } else if (enc === LISTPACK) {
      if (this.dense.length >= limits.setMaxListpackEntries || member.length > limits.setMaxListpackValue) {
        this.toHashtable();
      }
    }
    this.insert(member);
    return true;
  }

  /** Removes `member`; true when it was there. O(1). */
  remove(member: string): boolean {
    const i = this.index.get(member);
    if (i === undefined) return false;
    this.removeAt(i, member);
    return true;
  }

  /** A uniformly random member (the set must not be empty). O(1). */
  random(rand: () => number): string {
    return this.dense[Math.floor(rand() * this.dense.length)]!;
  }

  /** setTypePopRandom: removes and returns a uniformly random member (the set must not be empty). O(1). */
  popRandom(rand: () => number): string {
    const i = Math.floor(rand() * this.dense.length);
    const m = this.dense[i]!;
    this.removeAt(i, m);
    return m;
  }

  /**
   * The members in this encoding's iteration order (setTypeNext): ascending for an intset, insertion
   * order for a listpack, unspecified for a hashtable. A fresh array. O(N) (O(N log N) for an intset
   * whose order must be rebuilt).
   */
  members(): string[] {
    if (this.enc === INTSET) return this.sortedMembers().slice();
    return Array.from(this.index.keys());
  }

  /**
   * Visits the members in encoding order without copying, until `fn` returns false. The set must not
   * change meanwhile.
   */
  each(fn: (member: string) => boolean | void): void {
    if (this.enc === INTSET) {
      for (const m of this.sortedMembers()) if (fn(m) === false) return;
    } else {
      for (const m of this.index.keys()) if (fn(m) === false) return;
    }
  }

  /**
   * lpNextRandom's single pass: `k` distinct members chosen uniformly, returned in iteration order
   * (what Redis does for listpack sets in SRANDMEMBER and SPOP). O(N).
   */
  orderedSample(k: number, rand: () => number): string[] {
    const out: string[] = [];
    if (k <= 0) return out;
    let available = this.dense.length;
    let remaining = Math.min(k, available);
    const visit = (m: string): boolean => {
      // Pick with probability remaining / available: every k-subset is equally likely.
      if (rand() * available < remaining) {
        out.push(m);
        remaining--;
      }
      available--;
      return remaining > 0;
    };
    if (this.enc === INTSET) {
      for (const m of this.sortedMembers()) if (!visit(m)) break;
    } else {
      for (const m of this.index.keys()) if (!visit(m)) break;
    }
    return out;
  }

  /**
   * One SSCAN step. A hashtable walks its stable slots from `cursor`, sampling about `count` members
   * (those `accept` rejects still count, as in Redis) and returns the next cursor (0 at the end). The
   * compact encodings return every accepted member at once with cursor 0, whatever the cursor.
   */
  scan(cursor: number, count: number, out: string[], accept?: (member: string) => boolean): number {
    if (this.slots !== undefined) return this.slots.scan(cursor, count, out, accept);
    this.each((m) => {
      if (accept === undefined || accept(m)) out.push(m);
    });
    return 0;
  }

  /**
   * maybeConvertToIntset (SINTERSTORE's result when every member is an integer): becomes an intset
   * unless it has more members than an intset may hold. The caller guarantees all members are integers.
   */
  maybeConvertToIntset(limits: SetLimits): void {
    if (this.enc === INTSET || this.dense.length > intsetMax(limits)) return;
    this.enc = INTSET;
    this.slots = undefined;
    this.slotOf = undefined;
    this.sorted = undefined;
  }

  /** Takes over `other`'s members and encoding (dbReplaceValue with a rebuilt set); `other` is spent. */
  replaceWith(other: SetValue): void {
    this.enc = other.enc;
    this.index = other.index;
    this.dense = other.dense;
    this.sorted = other.sorted;
    this.slots = other.slots;
    this.slotOf = other.slotOf;
  }

  /** setTypeDup: an independent copy with the same encoding and iteration order. O(N). */
  clone(): SetValue {
    const c = new SetValue(this.enc);
    c.index = new Map(this.index);
    c.dense = this.dense.slice();
    c.sorted = this.sorted?.slice();
    if (this.enc === HASHTABLE) {
      const slots = c.slots!;
      c.slotOf = c.dense.map((m) => slots.add(m));
    }
    return c;
  }

  /**
   * Checks every internal invariant and throws on the first broken one (data-structure tests; cheap
   * enough for DEBUG-style checks, O(N log N)).
   */
  assertValid(limits?: SetLimits): void {
    const fail = (what: string): never => {
      throw new Error(`SetValue invariant broken (${this.encoding()}, ${this.dense.length} members): ${what}`);
    };
    if (this.index.size !== this.dense.length) fail("index and dense differ in size");
    this.dense.forEach((m, i) => {
      if (this.index.get(m) !== i) fail(`index of ${JSON.stringify(m)} is not ${i}`);
    });
    if (this.enc === INTSET) {
      for (const m of this.dense) if (!isSetInteger(m)) fail(`non-integer ${JSON.stringify(m)} in an intset`);
      if (this.sorted !== undefined) {
        if (this.sorted.length !== this.dense.length) fail("stale sorted cache");
        for (let i = 1; i < this.sorted.length; i++) {
          if (compareInt64(parseInt64(this.sorted[i - 1]!)!, parseInt64(this.sorted[i]!)!) >= 0) fail("sorted cache out of order");
        }
        for (const m of this.sorted) if (!this.index.has(m)) fail("sorted cache holds a non-member");
      }
      if (limits !== undefined && this.dense.length > intsetMax(limits)) fail("intset over its limit");
    } else if (this.enc === LISTPACK) {
      if (limits !== undefined) {
        if (this.dense.length > limits.setMaxListpackEntries) fail("listpack over its entry limit");
        for (const m of this.dense) if (m.length > limits.setMaxListpackValue) fail("listpack member too long");
      }
    }
    if (this.enc === HASHTABLE) {
      const slots = this.slots ?? fail("hashtable without slots");
      const slotOf = this.slotOf ?? fail("hashtable without slotOf");
      if (slotOf.length !== this.dense.length || slots.size !== this.dense.length) fail("slot bookkeeping size");
      if (new Set(slotOf).size !== slotOf.length) fail("two members share a slot");
      const seen: string[] = [];
      let cursor = 0;
      do cursor = slots.scan(cursor, 1000, seen);
      while (cursor !== 0);
      if (seen.length !== this.dense.length || seen.some((m) => !this.index.has(m))) fail("slot table content");
    } else if (this.slots !== undefined || this.slotOf !== undefined) {
      fail("slots kept outside the hashtable encoding");
    }
  }

  // ------------------------------------------------------------------------------------ internals

  private insert(member: string): void {
    const i = this.dense.length;
    this.dense.push(member);
    this.index.set(member, i);
    if (this.slots !== undefined) this.slotOf!.push(this.slots.add(member));
  }

  /** Adds an integer member to an intset, keeping the sorted cache when it stays valid cheaply. */
  private insertInt(member: string, v: Int64): void {
    const sorted = this.sorted;
    if (sorted !== undefined) {
      const last = sorted[sorted.length - 1];
      // Appending the new maximum keeps the cache; anything else rebuilds it on the next read.
      if (last === undefined || compareInt64(parseInt64(last)!, v) < 0) sorted.push(member);
      else this.sorted = undefined;
    }
    this.insert(member);
  }

  private removeAt(i: number, member: string): void {
    const dense = this.dense;
    const lastIndex = dense.length - 1;
    const last = dense.pop()!;
    this.index.delete(member);
    const slotOf = this.slotOf;
    let slot = -1;
    if (slotOf !== undefined) {
      slot = slotOf[i]!;
      const lastSlot = slotOf.pop()!;
      if (i !== lastIndex) slotOf[i] = lastSlot;
    }
    if (i !== lastIndex) {
      dense[i] = last;
      this.index.set(last, i);
    }
    if (slot >= 0) this.slots!.remove(slot);
    if (this.sorted !== undefined) {
      const sorted = this.sorted;
      if (sorted[sorted.length - 1] === member) sorted.pop();
      else if (sorted[0] === member) sorted.shift();
      else this.sorted = undefined;
    }
  }

  private sortedMembers(): string[] {
    let sorted = this.sorted;
    if (sorted === undefined) {
      const keyed = this.dense.map((m): [Int64, string] => [parseInt64(m)!, m]);
      keyed.sort((a, b) => compareInt64(a[0], b[0]));
      sorted = this.sorted = keyed.map((p) => p[1]);
    }
    return sorted;
  }

  /**
   * setTypeAddAux's intset branch for a non-integer: a listpack takes the intset plus `member` when
   * there is room for one more entry, the member is short enough, and so are the intset's widest
   * integers (sdigits10 of its minimum and maximum).
   */
  private intsetFitsListpack(member: string, limits: SetLimits): boolean {
    let maxLen = 0;
    if (this.dense.length > 0) {
      const sorted = this.sortedMembers();
      maxLen = Math.max(sorted[0]!.length, sorted[sorted.length - 1]!.length);
    }
    return (
      this.dense.length < limits.setMaxListpackEntries &&
      member.length <= limits.setMaxListpackValue &&
      maxLen <= limits.setMaxListpackValue
    );
  }

  /** intset → listpack: the listpack holds the integers in ascending order (setTypeConvertAndExpand). */
  private toListpack(): void {
    const sorted = this.sortedMembers();
    this.index = new Map();
    this.dense = [];
    for (const m of sorted) {
      this.index.set(m, this.dense.length);
      this.dense.push(m);
    }
    this.sorted = undefined;
    this.enc = LISTPACK;
  }

  /** Any encoding → hashtable: every member gets a SCAN slot. */
  private toHashtable(): void {
    if (this.enc === HASHTABLE) return;
    const slots = new SlotTable();
    this.slots = slots;
    this.slotOf = this.dense.map((m) => slots.add(m));
    this.sorted = undefined;
    this.enc = HASHTABLE;
  }
}

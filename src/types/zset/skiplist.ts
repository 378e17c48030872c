/**
 * The skip list of a skiplist-encoded sorted set (t_zset.c zsl*): nodes ordered by (score, member
 * bytes), with per-level span counters so a rank is found in O(log N), and a backward pointer per node
 * for reverse walks. Redis's parameters: ZSKIPLIST_MAXLEVEL 32, p = 0.25.
 *
 * Layout (the hot path allocates no objects and touches one small memory block per node visited):
 * every node is a block of 32-bit slots in one ArrayBuffer, seen as an Int32Array (`pool`) and as a
 * Float64Array (`scores`, for the 8-byte-aligned score at the start of the block); a node's id is its
 * block's offset in `pool` (always even):
 *
 *   +0..1 score   +2 member slot   +3 level   +4 backward   +5 aux   +6 + 2i forward[i]   +7 + 2i span[i]
 *
 * so a search step reads the next node's score and its forward link from the same cache line (a
 * level-1 node is 32 bytes; this layout halved ZRANK's cost on 100,000 members against separate
 * arrays per field). Member strings live in `members`, indexed by the member slot. Blocks are
 * recycled through free lists per level; a node keeps its block (and id) for its whole life, a score update included. The header is
 * the block at offset 0 (32 levels, no member); 0 therefore also means "none" in forward and backward
 * links and in `tail`, which is unambiguous because nothing ever links to the header.
 *
 * Invariants (checked by `check()`): at every level the links are strictly ascending by (score,
 * member); span[i] is the number of level-0 steps to the next node at level i (for the last node of a
 * level, the steps to the end); backward is the level-0 predecessor (0 for the first); `tail` is the
 * last node; `level` is the highest level any node has (1 when empty).
 *
 * Members are binary strings (one char per byte), so JS `<` orders them as memcmp does. Levels come
 * from a deterministic xorshift generator shared by every skip list: they only shape performance,
 * never an answer.
 */

export const ZSKIPLIST_MAXLEVEL = 32;

/** Block field offsets (exported for the invariant tests). */
export const F_MEMBER = 2;
export const F_LEVEL = 3;
export const F_BACK = 4;
export const F_AUX = 5;
export const F_LINKS = 6;

const HEADER = 0;
const NIL = 0;

function blockSize(level: number): number {
  return F_LINKS + 2 * level;
}

// ---------------------------------------------------------------- random levels

let rngState = 0x9e3779b9 | 0;

/** zslRandomLevel: 1 + the number of successes at p = 0.25, capped at ZSKIPLIST_MAXLEVEL. */
function randomLevel(): number {
  let level = 1;
  for (;;) {
    let x = rngState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rngState = x | 0;
    // Each pair of bits is 00 with probability 1/4: count the zero pairs from the bottom.
    if (x === 0) {
      level += 16;
      if (level >= ZSKIPLIST_MAXLEVEL) return ZSKIPLIST_MAXLEVEL;
      continue;
    }
    const tz = 31 - Math.clz32(x & -x);
    level += tz >>> 1;
    return level < ZSKIPLIST_MAXLEVEL ? level : ZSKIPLIST_MAXLEVEL;
  }
}

/** Restarts the level generator (tests that want reproducible shapes). */
export function seedSkipListLevels(seed: number): void {
  rngState = seed | 0 || 1;
}

// Scratch for insert/delete: the rightmost node visited per level and its rank. Safe to share because
// every operation runs to completion synchronously.
const update = new Int32Array(ZSKIPLIST_MAXLEVEL);
const rankAt = new Float64Array(ZSKIPLIST_MAXLEVEL);

export class SkipList {
  /** Number of members. */
  length = 0;
  /** Highest level in use (zsl->level). */
  level = 1;
  /** Last node, NIL when empty. */
  tail = NIL;
  /** The node blocks as 32-bit slots (see the header). */
  pool: Int32Array;
  /** The same memory as doubles: node x's score is scores[x >> 1]. */
  scores: Float64Array;
  /** Member strings by member slot. */
  private members: string[] = [];
  private freeSlots: number[] = [];
  /** Free blocks, by level (index 1 … 32). */
  private freeBlocks: number[][] = [];
  /** End of the used part of `pool`. */
  private top = blockSize(ZSKIPLIST_MAXLEVEL);

  constructor(capacity = 16) {
    // An even number of 32-bit slots, so the Float64Array view covers it all.
    const buf = new ArrayBuffer(8 * ((blockSize(ZSKIPLIST_MAXLEVEL) + Math.max(1, capacity) * 9 + 1) >> 1));
    this.pool = new Int32Array(buf);
    this.scores = new Float64Array(buf);
    this.pool[HEADER + F_LEVEL] = ZSKIPLIST_MAXLEVEL;
    for (let i = 0; i <= ZSKIPLIST_MAXLEVEL; i++) this.freeBlocks.push([]);
  }

  // ---------------------------------------------------------------- node fields

  score(x: number): number {
    return this.scores[x >> 1]!;
  }

  member(x: number): string {
    return this.members[this.pool[x + F_MEMBER]!]!;
  }

  /** The caller's per-node integer (the sorted set keeps the member's SCAN slot here). */
  aux(x: number): number {
    return this.pool[x + F_AUX]!;
  }

  setAux(x: number, v: number): void {
    this.pool[x + F_AUX] = v;
  }

  /** The first node, NIL when empty. O(1). */
  first(): number {
    return this.pool[HEADER + F_LINKS]!;
  }

  /** The node after `x` at level 0, NIL at the end. O(1). */
  next(x: number): number {
    return this.pool[x + F_LINKS]!;
  }

  /** The node before `x`, NIL at the start. O(1). */
  prev(x: number): number {
    return this.pool[x + F_BACK]!;
  }

  // ---------------------------------------------------------------- storage

  private allocNode(level: number, score: number, member: string): number {
    let x = this.freeBlocks[level]!.pop();
    if (x === undefined) {
      x = this.top;
      this.top += blockSize(level);
      if (this.top > this.pool.length) {
        const grown = new Int32Array(Math.max(this.top, this.pool.length * 2));
        grown.set(this.pool);
        this.pool = grown;
        this.scores = new Float64Array(grown.buffer);
      }
    }
    let slot = this.freeSlots.pop();
    if (slot === undefined) slot = this.members.push(member) - 1;
    else this.members[slot] = member;
    const p = this.pool;
    this.scores[x >> 1] = score;
    p[x + F_MEMBER] = slot;
    p[x + F_LEVEL] = level;
    p[x + F_AUX] = 0;
    return x;
  }

  private freeNode(x: number): void {
    const slot = this.pool[x + F_MEMBER]!;
    this.members[slot] = "";
    this.freeSlots.push(slot);
    this.freeBlocks[this.pool[x + F_LEVEL]!]!.push(x);
  }

  // ---------------------------------------------------------------- updates

  /**
   * Finds the insertion point of (score, member) — `update` and `rankAt` per level — as zslInsert
   * does. Returns nothing; O(log N) expected.
   */
  private findInsert(score: number, member: string): void {
    const p = this.pool;
    const sc = this.scores;
    const members = this.members;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL) break;
        const fs = sc[f >> 1]!;
        if (fs < score || (fs === score && members[p[f + F_MEMBER]!]! < member)) {
          rank += p[x + link + 1]!;
          x = f;
        } else break;
      }
      rankAt[i] = rank;
      update[i] = x;
    }
  }

  /** Links block `n` (whose score, member and level are set) at the point found by findInsert. */
  private link(n: number): void {
    const p = this.pool;
    const level = p[n + F_LEVEL]!;
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = HEADER;
        p[HEADER + F_LINKS + 2 * i + 1] = this.length;
      }
      this.level = level;
    }
    const r0 = rankAt[0]!;
    for (let i = 0; i < level; i++) {
      const u = update[i]! + F_LINKS + 2 * i;
      const nl = n + F_LINKS + 2 * i;
      p[nl] = p[u]!;
      p[u] = n;
      p[nl + 1] = p[u + 1]! - (r0 - rankAt[i]!);
      p[u + 1] = r0 - rankAt[i]! + 1;
    }
    for (let i = level; i < this.level; i++) p[update[i]! + F_LINKS + 2 * i + 1]!++;
    p[n + F_BACK] = update[0] === HEADER ? NIL : update[0]!;
    const next = p[n + F_LINKS]!;
    if (next !== NIL) p[next + F_BACK] = n;
    else this.tail = n;
    this.length++;
  }

  /** zslInsert: adds a member that is not present yet. Returns its node. O(log N) expected. */
  insert(score: number, member: string): number {
    this.findInsert(score, member);
    const n = this.allocNode(randomLevel(), score, member);
    this.link(n);
    return n;
  }

  /** Fills `update` with the rightmost node before (score, member) at every level; returns the next node. */
  private findUpdate(score: number, member: string): number {
    const p = this.pool;
    const sc = this.scores;
    const members = this.members;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL) break;
        const fs = sc[f >> 1]!;
        if (fs < score || (fs === score && members[p[f + F_MEMBER]!]! < member)) x = f;
        else break;
      }
      update[i] = x;
    }
    return p[x + F_LINKS]!;
  }

  /** zslDeleteNode: unlinks `x`, whose predecessors are in `update`. */
  private unlink(x: number): void {
    const p = this.pool;
    for (let i = 0; i < this.level; i++) {
      const u = update[i]! + F_LINKS + 2 * i;
      if (p[u] === x) {
        const xl = x + F_LINKS + 2 * i;
        p[u + 1]! += p[xl + 1]! - 1;
        p[u] = p[xl]!;
      } else {
        p[u + 1]!--;
      }
    }
    const next = p[x + F_LINKS]!;
    if (next !== NIL) p[next + F_BACK] = p[x + F_BACK]!;
    else this.tail = p[x + F_BACK]!;
    while (this.level > 1 && p[HEADER + F_LINKS + 2 * (this.level - 1)] === NIL) this.level--;
    this.length--;
  }

  /** zslDelete: removes (score, member) if present; true when it was. O(log N). */
  delete(score: number, member: string): boolean {
    const x = this.findUpdate(score, member);
    if (x === NIL || this.scores[x >> 1] !== score || this.member(x) !== member) return false;
    this.unlink(x);
    this.freeNode(x);
    return true;
  }

  /**
   * zslUpdateScore: moves `node` to `newScore`. In place when the order cannot change (Redis's
   * test), else unlinked and linked again at its new place; the node keeps its id and its level
   * (levels are independent of positions, so the list's shape stays as random as Redis's).
   */
  updateScore(node: number, newScore: number): void {
    const p = this.pool;
    const member = this.member(node);
    const sc = this.scores;
    const x = this.findUpdate(sc[node >> 1]!, member);
    if (x !== node) throw new Error("skiplist: updateScore of a node that is not linked");
    const prev = p[node + F_BACK]!;
    const next = p[node + F_LINKS]!;
    if ((prev === NIL || sc[prev >> 1]! < newScore) && (next === NIL || sc[next >> 1]! > newScore)) {
      sc[node >> 1] = newScore;
      return;
    }
    this.unlink(node);
    this.scores[node >> 1] = newScore;
    this.findInsert(newScore, member);
    this.link(node);
  }

  /** Removes every node; keeps the allocated capacity. */
  clear(): void {
    this.pool.fill(0);
    this.pool[HEADER + F_LEVEL] = ZSKIPLIST_MAXLEVEL;
    this.members = [];
    this.freeSlots = [];
    for (const f of this.freeBlocks) f.length = 0;
    this.top = blockSize(ZSKIPLIST_MAXLEVEL);
    this.length = 0;
    this.level = 1;
    this.tail = NIL;
  }

  // ---------------------------------------------------------------- ranks

  /** zslGetRank: the 1-based rank of (score, member), 0 when absent. O(log N). */
  rankOf(score: number, member: string): number {
    const p = this.pool;
    const sc = this.scores;
    const members = this.members;
    let rank = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL) break;
        const fs = sc[f >> 1]!;
        if (fs < score || (fs === score && members[p[f + F_MEMBER]!]! <= member)) {
          rank += p[x + link + 1]!;
          x = f;
        } else break;
      }
      if (x !== HEADER && sc[x >> 1] === score && members[p[x + F_MEMBER]!] === member) return rank;
    }
    return 0;
  }

  /** zslGetElementByRank: the node at 1-based `rank`, NIL when out of range. O(log N). */
  nodeAt(rank: number): number {
    const p = this.pool;
    let traversed = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL || traversed + p[x + link + 1]! > rank) break;
        traversed += p[x + link + 1]!;
        x = f;
      }
      if (traversed === rank) return x;
    }
    return NIL;
  }

  // ---------------------------------------------------------------- searches by predicate

  /**
   * The descent of zslFirstInRange / zslFirstInLexRange: at every level, go forward while `before`
   * holds for the next node; fills `update` and returns the node after the last one passed (NIL at
   * the end). With a monotone predicate that is the first node for which it fails. O(log N).
   */
  seekFirst(before: (node: number) => boolean): number {
    const p = this.pool;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL || !before(f)) break;
        x = f;
      }
      update[i] = x;
    }
    return p[x + F_LINKS]!;
  }

  /**
   * The descent of zslLastInRange: at every level, go forward while `within` holds for the next
   * node; returns the last node passed (NIL when none was). O(log N).
   */
  seekLast(within: (node: number) => boolean): number {
    const p = this.pool;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL || !within(f)) break;
        x = f;
      }
    }
    return x;
  }

  /**
   * zslDeleteRangeByScore / ByLex: finds the first node for which `before` fails (as seekFirst),
   * then deletes nodes while `within` holds, calling `onDelete` with each node just before it goes.
   * Returns the count.
   */
  deleteWhile(before: (node: number) => boolean, within: (node: number) => boolean, onDelete: (node: number) => void): number {
    return this.deleteRun(this.seekFirst(before), within, Infinity, onDelete);
  }

  /** zslDeleteRangeByRank: deletes 1-based ranks start … end. Returns the count. */
  deleteRanks(start: number, end: number, onDelete: (node: number) => void): number {
    const p = this.pool;
    let traversed = 0;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      const link = F_LINKS + 2 * i;
      for (;;) {
        const f = p[x + link]!;
        if (f === NIL || traversed + p[x + link + 1]! >= start) break;
        traversed += p[x + link + 1]!;
        x = f;
      }
      update[i] = x;
    }
    return this.deleteRun(p[x + F_LINKS]!, () => true, end - start + 1, onDelete);
  }

  /** Deletes up to `max` consecutive nodes from `x` while `within` holds (`update` is set up). */
  private deleteRun(x: number, within: (node: number) => boolean, max: number, onDelete: (node: number) => void): number {
    let removed = 0;
    while (x !== NIL && removed < max && within(x)) {
      const next = this.pool[x + F_LINKS]!;
      onDelete(x);
      this.unlink(x);
      this.freeNode(x);
      removed++;
      x = next;
    }
    return removed;
  }

  // ---------------------------------------------------------------- checking

  /** Verifies every invariant in the header comment; throws with a description on the first failure. O(N · levels). */
  check(): void {
    const fail = (msg: string): never => {
      throw new Error(`skiplist invariant: ${msg}`);
    };
    const p = this.pool;
    const lvl = (x: number): number => p[x + F_LEVEL]!;
    const fwd = (x: number, i: number): number => p[x + F_LINKS + 2 * i]!;
    const span = (x: number, i: number): number => p[x + F_LINKS + 2 * i + 1]!;
    // Level 0: order, back pointers, tail, length; positions for the span checks.
    const pos = new Map<number, number>();
    let prev = NIL;
    let count = 0;
    let maxLevel = 1;
    for (let x = fwd(HEADER, 0); x !== NIL; x = fwd(x, 0)) {
      count++;
      if (count > this.length + 1) fail("level 0 is longer than length (a cycle?)");
      pos.set(x, count);
      if (p[x + F_BACK] !== prev) fail(`backward link of ${JSON.stringify(this.member(x))} is wrong`);
      if (prev !== NIL) {
        const ps = this.score(prev);
        const xs = this.score(x);
        if (!(ps < xs || (ps === xs && this.member(prev) < this.member(x)))) {
          fail(`order: ${JSON.stringify(this.member(prev))}@${ps} before ${JSON.stringify(this.member(x))}@${xs}`);
        }
      }
      if (Number.isNaN(this.score(x))) fail("NaN score");
      const l = lvl(x);
      if (l < 1 || l > ZSKIPLIST_MAXLEVEL) fail(`level ${l} out of range`);
      if (l > maxLevel) maxLevel = l;
      prev = x;
    }
    if (count !== this.length) fail(`length ${this.length} but ${count} nodes`);
    if (this.tail !== prev) fail("tail is not the last node");
    if (this.level !== maxLevel) fail(`level ${this.level} but the highest node level is ${maxLevel}`);
    // Every level: links reach exactly the nodes of that level or higher, spans count level-0 steps.
    for (let i = 0; i < ZSKIPLIST_MAXLEVEL; i++) {
      if (i >= this.level) {
        if (fwd(HEADER, i) !== NIL) fail(`header links at level ${i}, above level ${this.level}`);
        continue;
      }
      let x = HEADER;
      let at = 0;
      let linked = 0;
      for (;;) {
        const f = fwd(x, i);
        const s = span(x, i);
        if (f === NIL) {
          if (s !== this.length - at) fail(`span at level ${i} after the last node is ${s}, expected ${this.length - at}`);
          break;
        }
        const q = pos.get(f);
        if (q === undefined) return fail(`level ${i} links to a node that is not on level 0`);
        if (lvl(f) <= i) fail(`level ${i} links to a node of level ${lvl(f)}`);
        if (s !== q - at) fail(`span at level ${i} is ${s}, expected ${q - at}`);
        linked++;
        x = f;
        at = q;
      }
      let expected = 0;
      for (const x of pos.keys()) if (lvl(x) > i) expected++;
      if (linked !== expected) fail(`level ${i} links ${linked} nodes, ${expected} have that level`);
    }
  }
}

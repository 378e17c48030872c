/**
 * The shape of a Redis quicklist (quicklist.c, 7.2): how many elements each node holds and how many
 * bytes its listpack takes. The elements themselves live in the list's ring buffer; this model only
 * reproduces Redis's node boundaries, because they decide when a quicklist turns back into a single
 * listpack (t_list.c listTypeTryConvertQuicklist needs exactly one node, small enough).
 *
 * Every rule here is Redis's: pushes go into the end node while _quicklistNodeAllowInsert says so
 * (node bytes + value length + 8 within the fill limit), else into a new node; pops and range deletes
 * shrink nodes and drop empty ones without merging; LSET only changes a node's bytes; LINSERT follows
 * _quicklistInsert (insert in place, spill to a neighbour, new node, or split and merge around).
 *
 * Invariants: no node is empty; node k covers the absolute positions [start, start + count), where the
 * list's element i is at absolute position `base + i`; nodes are contiguous and in order. End
 * operations keep `start` right in O(1); middle operations recompute it in O(nodes) (they are O(n)
 * anyway).
 */
import { Deque } from "./deque.js";
import { LISTPACK_EMPTY_BYTES } from "./listpack-size.js";

export interface QuicklistNode {
  /** Absolute position of the node's first element. */
  start: number;
  count: number;
  /** lpBytes of the node's listpack. */
  bytes: number;
}

/** optimization_level: the node size limits of fills -1 … -5. */
const SIZE_LEVELS = [4096, 8192, 16384, 32768, 65536] as const;
/** SIZE_SAFETY_LIMIT: a count-limited node never grows beyond this many bytes. */
const SIZE_SAFETY_LIMIT = 8192;
/** SIZE_ESTIMATE_OVERHEAD: what an insert adds beyond the value's length, in the estimate. */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** FILL_MAX for QL_FILL_BITS = 16 (64-bit builds). */
const FILL_MAX = 32767;

/** quicklistNodeLimit: the byte and count limits of a fill (Infinity for "none"). */
export function nodeLimits(fill: number): { bytes: number; count: number } {
  if (fill >= 0) return { bytes: Infinity, count: fill === 0 ? 1 : fill };
  const level = Math.min(-fill - 1, SIZE_LEVELS.length - 1);
  return { bytes: SIZE_LEVELS[level]!, count: Infinity };
}

/** quicklistNodeExceedsLimit. */
export function exceedsNodeLimit(fill: number, bytes: number, count: number): boolean {
  if (fill < 0) return bytes > SIZE_LEVELS[Math.min(-fill - 1, SIZE_LEVELS.length - 1)]!;
  if (bytes > SIZE_SAFETY_LIMIT) return true;
  return count > (fill === 0 ? 1 : fill);
}

/** quicklistSetFill: the fill a new quicklist keeps for its whole life. */
export function clampFill(fill: number): number {
  return fill > FILL_MAX ? FILL_MAX : fill < -5 ? -5 : fill;
}

export class QuicklistShape {
  readonly nodes = new Deque<QuicklistNode>();
  /** Absolute position of element 0. */
  private base = 0;

  constructor(
    /** The quicklist's own (clamped) fill, fixed when it was created. */
    readonly fill: number,
  ) {}

  /** quicklistAppendListpack: a quicklist holding one listpack as its only node. */
  static fromListpack(fill: number, count: number, bytes: number): QuicklistShape {
    const q = new QuicklistShape(clampFill(fill));
    if (count > 0) q.nodes.pushBack({ start: 0, count, bytes });
    return q;
  }

  clone(): QuicklistShape {
    const q = new QuicklistShape(this.fill);
    q.base = this.base;
    for (let k = 0; k < this.nodes.length; k++) q.nodes.pushBack({ ...this.nodes.at(k) });
    return q;
  }

  /** _quicklistNodeAllowInsert for a value of `sz` bytes (its string length). */
  private allowInsert(node: QuicklistNode | undefined, sz: number): boolean {
    if (node === undefined) return false;
    return !exceedsNodeLimit(this.fill, node.bytes + sz + SIZE_ESTIMATE_OVERHEAD, node.count + 1);
  }

  /** _quicklistNodeAllowMerge (7.2: the merged size estimate drops one header, 7 bytes). */
  private allowMerge(a: QuicklistNode | undefined, b: QuicklistNode | undefined): boolean {
    if (a === undefined || b === undefined) return false;
    return !exceedsNodeLimit(this.fill, a.bytes + b.bytes - LISTPACK_EMPTY_BYTES, a.count + b.count);
  }

  /** quicklistPushHead of a value with string length `sz` and listpack entry size `es`. O(1). */
  pushHead(sz: number, es: number): void {
    this.base--;
    const n = this.nodes.length === 0 ? undefined : this.nodes.at(0);
    if (this.allowInsert(n, sz)) {
      n!.start--;
      n!.count++;
      n!.bytes += es;
    } else {
      this.nodes.pushFront({ start: this.base, count: 1, bytes: LISTPACK_EMPTY_BYTES + es });
    }
  }

  /** quicklistPushTail. O(1). */
  pushTail(sz: number, es: number): void {
    const len = this.nodes.length;
    const n = len === 0 ? undefined : this.nodes.at(len - 1);
    if (this.allowInsert(n, sz)) {
      n!.count++;
      n!.bytes += es;
    } else {
      const start = n === undefined ? this.base : n.start + n.count;
      this.nodes.pushBack({ start, count: 1, bytes: LISTPACK_EMPTY_BYTES + es });
    }
  }

  /** Pops the first element (entry size `es`); an emptied node is deleted. O(1). */
  popHead(es: number): void {
    const n = this.nodes.at(0);
    this.base++;
    n.start++;
    n.count--;
    n.bytes -= es;
    if (n.count === 0) this.nodes.popFront();
  }

  /** Pops the last element. O(1). */
  popTail(es: number): void {
    const n = this.nodes.at(this.nodes.length - 1);
    n.count--;
    n.bytes -= es;
    if (n.count === 0) this.nodes.popBack();
  }

  /** Index in `nodes` of the node holding element `i`. O(log nodes). */
  nodeIndexOf(i: number): number {
    const pos = this.base + i;
    let lo = 0;
    let hi = this.nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.nodes.at(mid).start <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** quicklistReplaceEntry of element `i`: its node's listpack changes by `delta` bytes. O(log nodes). */
  replace(i: number, delta: number): void {
    this.nodes.at(this.nodeIndexOf(i)).bytes += delta;
  }

  /**
   * quicklistDelRange of `count` elements from element `start`: nodes wholly inside go, others shrink.
   * `sizeOf(i)` is the entry size of element i before the deletion. O(count + log nodes).
   */
  deleteRange(start: number, count: number, sizeOf: (i: number) => number): void {
    if (count <= 0) return;
    const end = start + count;
    let k = this.nodeIndexOf(start);
    while (k < this.nodes.length) {
      const n = this.nodes.at(k);
      const nFrom = n.start - this.base;
      if (nFrom >= end) break;
      const from = Math.max(nFrom, start);
      const to = Math.min(nFrom + n.count, end);
      if (from === nFrom && to === nFrom + n.count) {
        this.nodes.removeAt(k);
        continue;
      }
      for (let i = from; i < to; i++) n.bytes -= sizeOf(i);
      n.count -= to - from;
      k++;
    }
    this.reindexAfterDelete(start, count);
  }

  /**
   * Deletes single elements (LREM's quicklistDelEntry, one at a time, no merging). `indexes` are
   * ascending element indexes before any deletion. O(d log nodes + nodes).
   */
  deleteIndexes(indexes: readonly number[], sizeOf: (i: number) => number): void {
    if (indexes.length === 0) return;
    for (const i of indexes) {
      const n = this.nodes.at(this.nodeIndexOf(i));
      n.count--;
      n.bytes -= sizeOf(i);
    }
    // Positions were looked up against the old starts: drop the emptied nodes and renumber now.
    const kept: QuicklistNode[] = [];
    for (let k = 0; k < this.nodes.length; k++) if (this.nodes.at(k).count > 0) kept.push(this.nodes.at(k));
    this.nodes.dropBack(this.nodes.length);
    for (const n of kept) this.nodes.pushBack(n);
    this.renumber();
  }

  /**
   * _quicklistInsert of a value (string length `sz`, entry size `es`) before or after element
   * `pivot`. `sizeOf(i)` gives entry sizes before the insert (to size the halves of a split).
   */
  insert(pivot: number, after: boolean, sz: number, es: number, sizeOf: (i: number) => number): void {
    const k = this.nodeIndexOf(pivot);
    const node = this.nodes.at(k);
    const offset = this.base + pivot - node.start;
    const prev = k > 0 ? this.nodes.at(k - 1) : undefined;
    const next = k + 1 < this.nodes.length ? this.nodes.at(k + 1) : undefined;
    const full = !this.allowInsert(node, sz);
    const atTail = after && offset === node.count - 1;
    const atHead = !after && offset === 0;
    const availNext = atTail && this.allowInsert(next, sz);
    const availPrev = atHead && this.allowInsert(prev, sz);
    if (!full) {
      node.count++;
      node.bytes += es;
    } else if (atTail && availNext) {
      next!.count++;
      next!.bytes += es;
    } else if (atHead && availPrev) {
      prev!.count++;
      prev!.bytes += es;
    } else if (atTail || atHead) {
      this.nodes.insertAt(after ? k + 1 : k, { start: 0, count: 1, bytes: LISTPACK_EMPTY_BYTES + es });
    } else {
      // _quicklistSplitNode: after → the node keeps [0, offset], the new one takes the rest (value
      // prepended); before → the new one takes [0, offset) (value appended), the node keeps the rest.
      const nodeFrom = node.start - this.base;
      const from = after ? nodeFrom + offset + 1 : nodeFrom;
      const to = after ? nodeFrom + node.count : nodeFrom + offset;
      let moved = 0;
      for (let i = from; i < to; i++) moved += sizeOf(i);
      node.count -= to - from;
      node.bytes -= moved;
      const split: QuicklistNode = { start: 0, count: to - from + 1, bytes: LISTPACK_EMPTY_BYTES + moved + es };
      this.nodes.insertAt(after ? k + 1 : k, split);
      this.mergeAround(after ? k : k + 1);
    }
    this.renumber();
  }

  /** _quicklistMergeNodes around the node at index `c`. */
  private mergeAround(c: number): void {
    const at = (i: number): QuicklistNode | undefined => (i >= 0 && i < this.nodes.length ? this.nodes.at(i) : undefined);
    if (this.allowMerge(at(c - 1), at(c - 2))) {
      this.mergeWithNext(c - 2);
      c--;
    }
    if (this.allowMerge(at(c + 1), at(c + 2))) this.mergeWithNext(c + 1);
    let target = c;
    if (this.allowMerge(at(c), at(c - 1))) {
      this.mergeWithNext(c - 1);
      target = c - 1;
    }
    if (this.allowMerge(at(target), at(target + 1))) this.mergeWithNext(target);
  }

  /** lpMerge of node `k` and node `k + 1`: one listpack header fewer. */
  private mergeWithNext(k: number): void {
    const a = this.nodes.at(k);
    const b = this.nodes.removeAt(k + 1);
    a.count += b.count;
    a.bytes += b.bytes - LISTPACK_EMPTY_BYTES;
  }

  private reindexAfterDelete(start: number, count: number): void {
    if (start === 0) {
      // Deleting from the head: the first remaining element keeps its absolute position.
      this.base += count;
      if (this.nodes.length > 0) this.nodes.at(0).start = this.base;
    } else if (this.nodes.length > 0) {
      const last = this.nodes.at(this.nodes.length - 1);
      if (last.start - this.base + last.count > start) this.renumber();
    }
  }

  /** Recomputes every node's start from the counts. O(nodes). */
  private renumber(): void {
    let pos = this.base;
    for (let k = 0; k < this.nodes.length; k++) {
      const n = this.nodes.at(k);
      n.start = pos;
      pos += n.count;
    }
  }
}

/**
 * An ordered map from stream IDs to values: the pending entries lists (a group's PEL and each
 * consumer's), which Redis keeps in rax trees and walks in ID order (XPENDING, XAUTOCLAIM, XINFO,
 * RDB/AOF). Chunked sorted arrays: a search is two binary searches, an insert or delete moves at
 * most one chunk's elements, and the common append (deliveries in ID order) is a push.
 *
 * Invariants: chunks are non-empty and each is ≤ CHUNK keys, keys strictly ascending within and
 * across chunks; `size` is the number of keys.
 */
import type { StreamId } from "./stream-id.js";

const CHUNK = 64;

interface Chunk<V> {
  keys: StreamId[];
  vals: V[];
}

export class IdMap<V> {
  private chunks: Chunk<V>[] = [];
  size = 0;

  /** Index of the chunk that holds, or would hold, `id`: the first whose last key ≥ id (clamped). */
  private chunkFor(id: StreamId): number {
    const cs = this.chunks;
    let lo = 0;
    let hi = cs.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const keys = cs[mid]!.keys;
      if (keys[keys.length - 1]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerBound(keys: readonly StreamId[], id: StreamId): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get(id: StreamId): V | undefined {
    if (this.size === 0) return undefined;
    const c = this.chunks[this.chunkFor(id)]!;
    const i = IdMap.lowerBound(c.keys, id);
    return i < c.keys.length && c.keys[i] === id ? c.vals[i] : undefined;
  }

  has(id: StreamId): boolean {
    return this.get(id) !== undefined;
  }

  /** raxTryInsert: adds `id` → `v` unless `id` is present; true when added. O(log n + CHUNK). */
  tryInsert(id: StreamId, v: V): boolean {
    const cs = this.chunks;
    if (cs.length === 0) {
      cs.push({ keys: [id], vals: [v] });
      this.size = 1;
      return true;
    }
    const last = cs[cs.length - 1]!;
    if (id > last.keys[last.keys.length - 1]!) {
      // The common case: deliveries arrive in ID order.
      if (last.keys.length < CHUNK) {
        last.keys.push(id);
        last.vals.push(v);
      } else cs.push({ keys: [id], vals: [v] });
      this.size++;
      return true;
    }
    const ci = this.chunkFor(id);
    const c = cs[ci]!;
    const i = IdMap.lowerBound(c.keys, id);
    if (i < c.keys.length && c.keys[i] === id) return false;
    c.keys.splice(i, 0, id);
    c.vals.splice(i, 0, v);
    if (c.keys.length > CHUNK) {
      const half = c.keys.length >> 1;
      cs.splice(ci + 1, 0, { keys: c.keys.splice(half), vals: c.vals.splice(half) });
    }
    this.size++;
    return true;
  }

  /** Sets `id` → `v`, replacing any value. */
  set(id: StreamId, v: V): void {
    if (this.tryInsert(id, v)) return;
    const c = this.chunks[this.chunkFor(id)]!;
    c.vals[IdMap.lowerBound(c.keys, id)] = v;
  }

  /** Removes `id`; returns its value, undefined when absent. */
  delete(id: StreamId): V | undefined {
    if (this.size === 0) return undefined;
    const ci = this.chunkFor(id);
    const c = this.chunks[ci]!;
    const i = IdMap.lowerBound(c.keys, id);
    if (i >= c.keys.length || c.keys[i] !== id) return undefined;
    const v = c.vals[i]!;
    if (c.keys.length === 1) this.chunks.splice(ci, 1);
    else {
      c.keys.splice(i, 1);
      c.vals.splice(i, 1);
    }
    this.size--;
    return v;
  }

  first(): StreamId | undefined {
    return this.chunks[0]?.keys[0];
  }

  last(): StreamId | undefined {
    const c = this.chunks[this.chunks.length - 1];
    return c === undefined ? undefined : c.keys[c.keys.length - 1];
  }

  /** The smallest key ≥ `id` (raxSeek ">="), undefined when none. */
  ceil(id: StreamId): StreamId | undefined {
    if (this.size === 0) return undefined;
    const c = this.chunks[this.chunkFor(id)]!;
    const i = IdMap.lowerBound(c.keys, id);
    return i < c.keys.length ? c.keys[i] : undefined;
  }

  /** Keys and values in ascending order, from the first key ≥ `from`. */
  *entries(from: StreamId = 0n): Generator<[StreamId, V]> {
    const cs = this.chunks;
    let ci = this.size === 0 ? 0 : this.chunkFor(from);
    let i = ci < cs.length ? IdMap.lowerBound(cs[ci]!.keys, from) : 0;
    for (; ci < cs.length; ci++, i = 0) {
      const c = cs[ci]!;
      for (; i < c.keys.length; i++) yield [c.keys[i]!, c.vals[i]!];
    }
  }

  /** All keys, ascending. */
  keys(): StreamId[] {
    const out: StreamId[] = [];
    for (const c of this.chunks) for (const k of c.keys) out.push(k);
    return out;
  }

  /** Checks the invariants (tests). */
  check(): void {
    let n = 0;
    let prev: StreamId | undefined;
    for (const c of this.chunks) {
      if (c.keys.length === 0 || c.keys.length > CHUNK || c.keys.length !== c.vals.length) throw new Error("IdMap: bad chunk");
      for (const k of c.keys) {
        if (prev !== undefined && k <= prev) throw new Error("IdMap: keys out of order");
        prev = k;
        n++;
      }
    }
    if (n !== this.size) throw new Error("IdMap: size mismatch");
  }
}

/**
 * One node of a stream: what Redis keeps as one listpack under one rax key (t_stream.c
 * streamAppendItem). The node holds entries in ID order, tombstones included: Redis never removes an
 * entry from a listpack, it flags it deleted, so the node's entry count (live + deleted) and its
 * byte size — which decide when XADD opens a new node and what an approximate trim removes — must
 * keep counting them.
 *
 * The bytes are not stored; `bytes()` is lpBytes of the listpack Redis would hold, computed from the
 * same layout:
 *   master entry:  count, deleted, num-fields, field…, 0
 *   each entry:    flags, ms-diff, seq-diff, [num-fields, field…], value…, lp-count
 * (fields are omitted when they equal the master entry's: SAMEFIELDS). Differences from the master
 * ID are signed 64-bit integers of the unsigned differences, as lpAppendInteger stores them.
 *
 * Invariants: `ids` strictly ascending, all ≥ `master` (the first entry ever put in the node, whose
 * ID is the rax key); `live + deleted === ids.length`; `live === count of flags without DELETED`.
 */
import { listpackEntrySize } from "../list/listpack-size.js";
import { type StreamId, U64_MAX } from "./stream-id.js";

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** lpHdr + terminator of an empty listpack. */
const LP_EMPTY = 7;

/** Bytes of an integer entry (encoding + backlen) in a listpack; `v` a safe integer. */
export function lpIntSize(v: number): number {
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

/** Bytes of an int64 entry holding the unsigned 64-bit difference `d` (two's complement). */
function lpDeltaSize(d: bigint): number {
  const v = BigInt.asIntN(64, d & U64_MAX);
  return v >= -2147483648n && v <= 2147483647n ? lpIntSize(Number(v)) : 10;
}

export class StreamNode {
  ids: StreamId[] = [];
  /** Each entry's field, value, field, value … (the full list even for SAMEFIELDS entries). */
  fvs: string[][] = [];
  /** Each entry's listpack flags (FLAG_DELETED, FLAG_SAMEFIELDS). */
  flags: number[] = [];
  live = 0;
  deleted = 0;
  /** lpBytes minus the two master counters (whose sizes move with their values). */
  bodyBytes: number;

  constructor(
    /** The master ID: the rax key of this node. */
    readonly master: StreamId,
    /** The master entry's field names (those of the entry that created the node). */
    readonly masterFields: readonly string[],
  ) {
    let b = LP_EMPTY + lpIntSize(masterFields.length) + 2; // num-fields … and the 0 terminator
    for (const f of masterFields) b += listpackEntrySize(f);
    this.bodyBytes = b;
  }

  /** A node whose master entry is made from the fields of `fv` (the entry about to be added). */
  static forEntry(id: StreamId, fv: readonly string[]): StreamNode {
    const fields: string[] = [];
    for (let i = 0; i < fv.length; i += 2) fields.push(fv[i]!);
    return new StreamNode(id, fields);
  }

  /** lpBytes of the listpack Redis would hold. O(1). */
  bytes(): number {
    return this.bodyBytes + lpIntSize(this.live) + lpIntSize(this.deleted);
  }

  /** live + deleted: what stream-node-max-entries is compared with. */
  get count(): number {
    return this.ids.length;
  }

  /** True when `fv` has exactly the master entry's field names, in order. */
  sameFields(fv: readonly string[]): boolean {
    const mf = this.masterFields;
    if (fv.length !== mf.length * 2) return false;
    for (let i = 0; i < mf.length; i++) if (fv[2 * i] !== mf[i]) return false;
    return true;
  }

  /**
   * Appends an entry (its ID above every ID in the node) with flags as Redis would set them, and
   * accounts its bytes. `deleted` is for loading tombstones. O(fields).
   */
  push(id: StreamId, fv: string[], deleted = false): void {
    const same = this.sameFields(fv);
    const nf = fv.length >> 1;
    const master = this.master;
    let b = 2; // flags (0…3: one byte + backlen)
    b += lpDeltaSize((id >> 64n) - (master >> 64n));
    b += lpDeltaSize((id & U64_MAX) - (master & U64_MAX));
    let parts = 3 + nf;
    if (!same) {
      b += lpIntSize(nf);
      for (let i = 0; i < fv.length; i += 2) b += listpackEntrySize(fv[i]!);
      parts += nf + 1;
    }
    for (let i = 1; i < fv.length; i += 2) b += listpackEntrySize(fv[i]!);
    b += lpIntSize(parts);
    this.bodyBytes += b;
    this.ids.push(id);
    this.fvs.push(fv);
    this.flags.push((same ? FLAG_SAMEFIELDS : 0) | (deleted ? FLAG_DELETED : 0));
    if (deleted) this.deleted++;
    else this.live++;
  }

  /** Flags entry `i` deleted (a tombstone: the bytes stay). */
  markDeleted(i: number): void {
    this.flags[i]! |= FLAG_DELETED;
    this.live--;
    this.deleted++;
  }

  isDeleted(i: number): boolean {
    return (this.flags[i]! & FLAG_DELETED) !== 0;
  }

  /** Index of the first entry with ID ≥ `id` (ids.length when none). O(log n). */
  lowerBound(id: StreamId): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The last entry's ID, tombstone or not (lpGetEdgeStreamID for the last entry). */
  get lastId(): StreamId {
    return this.ids[this.ids.length - 1]!;
  }

  /** A copy with its own arrays (field/value lists are immutable and shared). */
  clone(): StreamNode {
    const n = new StreamNode(this.master, this.masterFields);
    n.ids = this.ids.slice();
    n.fvs = this.fvs.slice();
    n.flags = this.flags.slice();
    n.live = this.live;
    n.deleted = this.deleted;
    n.bodyBytes = this.bodyBytes;
    return n;
  }
}

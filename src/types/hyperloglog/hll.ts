/**
 * The HyperLogLog API the commands use (DESIGN.md convention 4): an HLL is an engine string in
 * Redis's exact byte layout (layout.ts), and every operation takes the current string and returns
 * the new one, hiding which of the two encodings (dense.ts, sparse.ts) is in play and when a sparse
 * HLL is promoted to dense.
 *
 * Invariants: callers check hllIsValid first (isHLLObjectOrReply); nothing here throws on a corrupt
 * sparse body — it is reported (`corrupt`, undefined) the way Redis reports INVALIDOBJ, and, as in
 * Redis, edits made before the corruption was met are kept in the returned string.
 */
import {
  denseFromRegisters,
  denseHisto,
  denseMergeInto,
  denseRegisters,
  denseSetIfGreater,
} from "./dense.js";
import { hllEstimate, rawHisto } from "./estimate.js";
import { HLL_DENSE, HLL_P, HLL_P_MASK, HLL_REGISTERS, hllEncoding, hllHeaderAs, hllInvalidateCache } from "./layout.js";
import { hllPatLen } from "./murmur.js";
import {
  HLL_EMPTY,
  SPARSE_INVALID,
  SPARSE_PROMOTE,
  sparseAfter,
  sparseDecode,
  sparseHisto,
  sparseMergeInto,
  sparseSet,
} from "./sparse.js";

export { hllCacheValid, hllCachedCard, hllEncoding, hllIsValid, hllWithCachedCard, HLL_DENSE, HLL_SPARSE } from "./layout.js";
export { estimateCard, estimateReply } from "./estimate.js";

export interface HllAddResult {
  /** The HLL after the adds (also when `corrupt`: the edits before the corrupt spot stay, as in Redis). */
  value: string;
  /** Registers changed, plus one when the HLL was created (what PFADD adds to server.dirty). */
  updated: number;
  /** A corrupt sparse body was met (INVALIDOBJ); the remaining elements were not added. */
  corrupt: boolean;
}

/** A new, empty HLL (createHLLObject): sparse, one XZERO covering every register. */
export function hllCreate(): string {
  return HLL_EMPTY;
}

/**
 * hllSparseToDense: the same HLL, dense (header copied, cached cardinality included), or undefined
 * for a corrupt sparse body. With `index` ≥ 0, register `index` is then raised to `count` (the
 * promotion path of hllSparseSet; `after` as in sparseSet). A dense HLL is returned as is. O(16384).
 */
export function hllToDense(v: string, index = -1, count = 0, after = 0): string | undefined {
  if (hllEncoding(v) === HLL_DENSE) return v;
  const regs = new Uint8Array(HLL_REGISTERS);
  if (!sparseMergeInto(v, regs, after)) return undefined;
  if (index >= 0 && count > regs[index]!) regs[index] = count;
  return denseFromRegisters(hllHeaderAs(v, HLL_DENSE), regs);
}

/**
 * PFADD's work: adds elements[from…] to the HLL `v` (undefined: a new, empty HLL). The cached
 * cardinality is invalidated when anything changed. O(elements) on a dense HLL; each add on a sparse
 * one walks its opcodes, like Redis.
 */
export function hllAdd(
  v: string | undefined,
  elements: readonly string[],
  from: number,
  maxSparseBytes: number,
): HllAddResult {
  let updated = 0;
  if (v === undefined) {
    v = HLL_EMPTY;
    updated = 1;
  }
  let dense = hllEncoding(v) === HLL_DENSE;
  // The byte past the end of a sparse body carries over from one set to the next within a command
  // (sparseSet); between commands it is the sds terminator, 0.
  let after = 0;
  for (let j = from; j < elements.length; j++) {
    const packed = hllPatLen(elements[j]!);
    const index = packed & HLL_P_MASK;
    const count = packed >>> HLL_P;
    if (dense) {
      const next = denseSetIfGreater(v, index, count, true);
      if (next !== undefined) {
        v = next;
        updated++;
      }
      continue;
    }
    const r = sparseSet(v, index, count, maxSparseBytes, after);
    if (typeof r === "string") {
      v = r;
      after = sparseAfter;
      updated++;
    } else if (r === SPARSE_PROMOTE) {
      const d = hllToDense(v, index, count, after);
      if (d === undefined) return { value: v, updated, corrupt: true };
      v = d;
      dense = true;
      updated++;
    } else if (r === SPARSE_INVALID) {
      return { value: v, updated, corrupt: true };
    }
  }
  if (updated > 0) v = hllInvalidateCache(v);
  return { value: v, updated, corrupt: false };
}

/**
 * hllCount of one HLL string, ignoring the cache: the estimate (estimate.ts: an integer, or -2^63),
 * or undefined for a corrupt sparse body. O(16384) dense, O(length) sparse.
 */
export function hllCount(v: string): number | undefined {
  const histo = new Int32Array(64);
  if (hllEncoding(v) === HLL_DENSE) denseHisto(v, histo);
  else if (!sparseHisto(v, histo)) return undefined;
  return hllEstimate(histo);
}

/** A register array for unions (PFCOUNT of several keys, PFMERGE): one byte per register, all 0. */
export function hllNewRegisters(): Uint8Array {
  return new Uint8Array(HLL_REGISTERS);
}

/** hllMerge: raises `max` to the registers of `v`; false for a corrupt sparse body. O(16384). */
export function hllMergeInto(max: Uint8Array, v: string): boolean {
  if (hllEncoding(v) === HLL_DENSE) {
    denseMergeInto(v, max);
    return true;
  }
  return sparseMergeInto(v, max);
}

/** hllCount of a register array (HLL_RAW). O(16384). */
export function hllCountRegisters(max: Uint8Array): number {
  const histo = new Int32Array(64);
  rawHisto(max, histo);
  return hllEstimate(histo);
}

/**
 * PFMERGE's write: `dest` (a valid HLL whose registers are already part of `max`, or a new empty
 * one) with every register raised to `max`, dense when `useDense` or when the sparse form overflows,
 * with its cached cardinality invalidated. A sparse destination takes the registers one by one in
 * index order through hllSparseSet, as Redis does, so its bytes are Redis's. O(16384) dense;
 * O(registers set × length) sparse.
 */
export function hllStoreMerged(dest: string, max: Uint8Array, useDense: boolean, maxSparseBytes: number): string {
  // Every dense byte is a function of the registers alone, and dest ≤ max register-wise.
  const toDense = (v: string): string => hllInvalidateCache(denseFromRegisters(hllHeaderAs(v, HLL_DENSE), max));
  let v = dest;
  if (useDense || hllEncoding(v) === HLL_DENSE) return toDense(v);
  let after = 0;
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const val = max[j]!;
    if (val === 0) continue;
    const r = sparseSet(v, j, val, maxSparseBytes, after);
    if (typeof r === "string") {
      v = r;
      after = sparseAfter;
    } else if (r === SPARSE_PROMOTE) return toDense(v);
    // SPARSE_INVALID cannot happen on a body hllMergeInto accepted; Redis ignores it here too.
  }
  return hllInvalidateCache(v);
}

/** Every register of the HLL (PFDEBUG GETREG, after hllToDense). O(16384). */
export function hllRegisters(dense: string): Uint8Array {
  return denseRegisters(dense);
}

/** PFDEBUG DECODE of a sparse HLL. */
export function hllDecodeSparse(v: string): string {
  return sparseDecode(v);
}

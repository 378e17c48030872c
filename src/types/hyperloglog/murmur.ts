/**
 * The element hash of Redis's HyperLogLog (hyperloglog.c): MurmurHash64A in Redis's endian-neutral
 * form (8-byte blocks read little-endian) with seed 0xadc83b19, and hllPatLen, which turns an element
 * into its register index and the length of its "000…1" pattern.
 *
 * The 64-bit arithmetic runs on two unsigned 32-bit halves (Math.imul for the low product words, a
 * 16-bit split for the high word of the 32×32 product), so hashing allocates nothing and never needs
 * BigInt: PFADD's per-element cost is a few dozen integer operations. Elements are binary strings
 * (one char per byte).
 */
import { HLL_P_MASK, HLL_Q } from "./layout.js";

const M_LO = 0x5bd1e995;
const M_HI = 0xc6a4a793;
/** The seed hllPatLen passes to MurmurHash64A. */
export const HLL_HASH_SEED = 0xadc83b19;

/** High 32 bits of the unsigned 64-bit product of two uint32 values (every partial product < 2^32). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  const carry = (((a0 * b0) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

// The last hash, as two halves: module state instead of a returned pair keeps the hot path allocation-free.
let outLo = 0;
let outHi = 0;

/**
 * MurmurHash64A of the bytes of `s` with a 32-bit `seed`; the result is left in (hashLo(), hashHi()).
 * O(len).
 */
export function murmurHash64A(s: string, seed: number): void {
  const len = s.length;
  // h = seed ^ (len * m), len < 2^32 so its high word is 0.
  let hLo = (Math.imul(len, M_LO) ^ seed) >>> 0;
  let hHi = (mulHi32(len, M_LO) + Math.imul(len, M_HI)) >>> 0;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let kLo =
      (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    let kHi =
      (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    // k *= m
    let lo = Math.imul(kLo, M_LO) >>> 0;
    let hi = (mulHi32(kLo, M_LO) + Math.imul(kHi, M_LO) + Math.imul(kLo, M_HI)) >>> 0;
    // k ^= k >> 47
    lo = (lo ^ (hi >>> 15)) >>> 0;
    // k *= m
    kLo = Math.imul(lo, M_LO) >>> 0;
    kHi = (mulHi32(lo, M_LO) + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
    // h ^= k; h *= m
    lo = (hLo ^ kLo) >>> 0;
    hi = (hHi ^ kHi) >>> 0;
    hLo = Math.imul(lo, M_LO) >>> 0;
    hHi = (mulHi32(lo, M_LO) + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
  }
  const rest = len & 7;
  if (rest !== 0) {
    // The tail bytes are XORed in at their little-endian positions (the C switch falls through).
    for (let j = rest - 1; j >= 0; j--) {
      const b = s.charCodeAt(blocks + j);
      if (j >= 4) hHi = (hHi ^ (b << (8 * (j - 4)))) >>> 0;
      else hLo = (hLo ^ (b << (8 * j))) >>> 0;
    }
    const lo = hLo;
    hLo = Math.imul(lo, M_LO) >>> 0;
    hHi = (mulHi32(lo, M_LO) + Math.imul(hHi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
  }
  // h ^= h >> r; h *= m; h ^= h >> r
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  const lo = hLo;
  hLo = Math.imul(lo, M_LO) >>> 0;
  hHi = (mulHi32(lo, M_LO) + Math.imul(hHi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  outLo = hLo;
  outHi = hHi;
}

/** Low 32 bits of the last murmurHash64A result. */
export function hashLo(): number {
  return outLo;
}

/** High 32 bits of the last murmurHash64A result. */
export function hashHi(): number {
  return outHi;
}

/** Count of trailing zero bits of a non-zero uint32. */
function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * hllPatLen: the register index (the hash's low 14 bits) and the run length of the rest: 1 + the
 * number of trailing zeros of the remaining 50 bits, with a sentinel bit so it is at most Q + 1 = 51.
 * Packed as `count << 14 | index` so the caller gets both without an allocation. O(len).
 */
export function hllPatLen(element: string): number {
  murmurHash64A(element, HLL_HASH_SEED);
  const index = outLo & HLL_P_MASK;
  // After `hash >>= 14`: bits 0–17 come from the low word's bits 14–31, bits 18–49 from the high word.
  const low = outLo >>> 14;
  let count: number;
  if (low !== 0) count = ctz32(low) + 1;
  else if (outHi !== 0) count = 18 + ctz32(outHi) + 1;
  else count = HLL_Q + 1;
  return (count << 14) | index;
}

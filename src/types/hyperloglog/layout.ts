/**
 * The byte layout of a Redis HyperLogLog string (hyperloglog.c), shared by the codecs:
 *
 *   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | cached cardinality (uint64, little endian)
 *
 * followed by the registers: dense = 16384 6-bit registers packed LSB first (12288 bytes, so a dense
 * HLL is exactly 12304 bytes); sparse = the ZERO / XZERO / VAL opcodes (sparse.ts). The cached
 * cardinality is valid while the top bit of its last byte is clear.
 *
 * An HLL is an ordinary engine string (binary string, one char per byte): GET returns these bytes and
 * SET can store any of them, so every function here reads a string that may not be an HLL at all
 * until hllIsValid said otherwise, and never assumes more than that check proved.
 */

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_P_MASK = HLL_REGISTERS - 1;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * HLL_BITS + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
/** Offset of the cached cardinality's last byte, whose top bit marks the cache invalid. */
export const CARD_MSB = 15;

/**
 * isHLLObjectOrReply's test of a string value: long enough for the header, the "HYLL" magic, a known
 * encoding, and exactly the dense size when dense. The sparse opcodes are not checked here (Redis finds
 * a corrupt sparse body only when it walks it). O(1).
 */
export function hllIsValid(v: string): boolean {
  return (
    v.length >= HLL_HDR_SIZE &&
    v.charCodeAt(0) === 0x48 && // H
    v.charCodeAt(1) === 0x59 && // Y
    v.charCodeAt(2) === 0x4c && // L
    v.charCodeAt(3) === 0x4c && // L
    v.charCodeAt(4) <= HLL_SPARSE &&
    (v.charCodeAt(4) !== HLL_DENSE || v.length === HLL_DENSE_SIZE)
  );
}

/** The encoding byte of a valid HLL: HLL_DENSE or HLL_SPARSE. */
export function hllEncoding(v: string): number {
  return v.charCodeAt(4);
}

/** True when the cached cardinality can be returned as is. */
export function hllCacheValid(v: string): boolean {
  return (v.charCodeAt(CARD_MSB) & 0x80) === 0;
}

/** The same HLL with its cached cardinality marked invalid (HLL_INVALIDATE_CACHE). O(1) (a rope). */
export function hllInvalidateCache(v: string): string {
  const b = v.charCodeAt(CARD_MSB);
  if ((b & 0x80) !== 0) return v;
  return v.slice(0, CARD_MSB) + String.fromCharCode(b | 0x80) + v.slice(CARD_MSB + 1);
}

/** The cached cardinality as Redis replies it (a long long; the valid bit keeps it below 2^63). */
export function hllCachedCard(v: string): number | bigint {
  let lo = 0;
  let hi = 0;
  for (let i = 3; i >= 0; i--) {
    lo = lo * 256 + v.charCodeAt(8 + i);
    hi = hi * 256 + v.charCodeAt(12 + i);
  }
  if (hi < 0x200000) return hi * 0x100000000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * The same HLL with `card` stored as its (valid or not: 2^63 sets the top bit) cached cardinality.
 * `card` is an integer in [0, 2^64), held exactly by a double (hllCount's results are). O(1) (a rope).
 */
export function hllWithCachedCard(v: string, card: number): string {
  let lo = card % 0x100000000;
  let hi = Math.floor(card / 0x100000000);
  let bytes = "";
  for (let i = 0; i < 4; i++) {
    bytes += String.fromCharCode(lo & 0xff);
    lo = Math.floor(lo / 256);
  }
  for (let i = 0; i < 4; i++) {
    bytes += String.fromCharCode(hi & 0xff);
    hi = Math.floor(hi / 256);
  }
  return v.slice(0, 8) + bytes + v.slice(HLL_HDR_SIZE);
}

/** The header of `v` with its encoding byte replaced (the conversions copy everything else). */
export function hllHeaderAs(v: string, encoding: number): string {
  return v.slice(0, 4) + String.fromCharCode(encoding) + v.slice(5, HLL_HDR_SIZE);
}

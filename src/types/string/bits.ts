/**
 * Bit-level access to string values (bitops.c): bit 0 is the most significant bit of byte 0, and a
 * string reads as if followed by infinitely many zero bytes. Values are binary strings (one char per
 * byte), so a write builds a new string: O(length) per write, where Redis edits its buffer in place.
 */

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/** The number of set bits in bytes `from` … `to` (inclusive) of `s`. O(to − from). */
export function popcount(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i <= to; i++) n += POPCOUNT[s.charCodeAt(i)]!;
  return n;
}

/** The set bits of one byte value. */
export function popcountByte(b: number): number {
  return POPCOUNT[b & 0xff]!;
}

/**
 * redisBitpos over the `count` bytes of `bytes(i)` for i in 0 … count − 1: the position of the first
 * bit equal to `bit`, -1 when looking for a 1 and there is none, or count·8 when looking for a 0 and
 * there is none (the string is zero-padded on the right).
 */
export function bitpos(byteAt: (i: number) => number, count: number, bit: 0 | 1): number {
  const skip = bit === 1 ? 0 : 0xff;
  for (let i = 0; i < count; i++) {
    const b = byteAt(i);
    if (b === skip) continue;
    for (let j = 0; j < 8; j++) if (((b >> (7 - j)) & 1) === bit) return i * 8 + j;
  }
  return bit === 1 ? -1 : count * 8;
}

/** The value of bit `offset` (0 beyond the end). */
export function getBit(s: string, offset: number): 0 | 1 {
  const byte = Math.floor(offset / 8);
  if (byte >= s.length) return 0;
  return ((s.charCodeAt(byte) >> (7 - (offset % 8))) & 1) as 0 | 1;
}

/** `s` padded with zero bytes to at least `len` bytes (sdsgrowzero). */
export function growZero(s: string, len: number): string {
  return s.length >= len ? s : s + "\0".repeat(len - s.length);
}

/** `s` with byte `i` (< s.length) replaced by `b`. */
export function setByte(s: string, i: number, b: number): string {
  return s.slice(0, i) + String.fromCharCode(b) + s.slice(i + 1);
}

/** getUnsignedBitfield: `bits` (1–64) bits at bit `offset`, big-endian, zero beyond the end. */
export function getBitfield(s: string, offset: number, bits: number): bigint {
  let v = 0n;
  for (let j = 0; j < bits; j++) v = (v << 1n) | BigInt(getBit(s, offset + j));
  return v;
}

/** setUnsignedBitfield: the low `bits` bits of `value` written at bit `offset`; `s` must be long enough. */
export function setBitfield(s: string, offset: number, bits: number, value: bigint): string {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  const bytes: number[] = [];
  for (let i = first; i <= last; i++) bytes.push(s.charCodeAt(i));
  for (let j = 0; j < bits; j++) {
    const bitval = Number((value >> BigInt(bits - 1 - j)) & 1n);
    const at = offset + j;
    const k = Math.floor(at / 8) - first;
    const shift = 7 - (at % 8);
    bytes[k] = (bytes[k]! & ~(1 << shift)) | (bitval << shift);
  }
  return s.slice(0, first) + String.fromCharCode(...bytes) + s.slice(last + 1);
}

export const OVERFLOW_WRAP = 0;
export const OVERFLOW_SAT = 1;
export const OVERFLOW_FAIL = 2;

const U64 = (1n << 64n) - 1n;

/**
 * checkUnsignedBitfieldOverflow: [overflowed, the value to store instead] for value + incr in an
 * unsigned field of `bits` bits (the replacement only for WRAP and SAT).
 */
export function unsignedOverflow(value: bigint, incr: bigint, bits: number, owtype: number): [boolean, bigint] {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  const wrap = (): bigint => BigInt.asUintN(64, value + incr) & max;
  if (value > max || (incr > 0n && incr > maxincr)) {
    return [true, owtype === OVERFLOW_WRAP ? wrap() : max];
  }
  if (incr < 0n && incr < minincr) {
    return [true, owtype === OVERFLOW_WRAP ? wrap() : 0n];
  }
  return [false, 0n];
}

/** checkSignedBitfieldOverflow, as unsignedOverflow for a signed field (bits 1–64). */
export function signedOverflow(value: bigint, incr: bigint, bits: number, owtype: number): [boolean, bigint] {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  // C computes these in 64-bit two's complement; they are only used where they cannot overflow.
  const maxincr = BigInt.asIntN(64, (BigInt.asUintN(64, max) - BigInt.asUintN(64, value)) & U64);
  const minincr = BigInt.asIntN(64, min - value);
  const wrap = (): bigint => {
    let c = BigInt.asUintN(64, value + incr);
    if (bits < 64) {
      const mask = (U64 << BigInt(bits)) & U64;
      c = (c & (1n << BigInt(bits - 1))) !== 0n ? c | mask : c & ~mask & U64;
    }
    return BigInt.asIntN(64, c);
  };
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return [true, owtype === OVERFLOW_WRAP ? wrap() : max];
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return [true, owtype === OVERFLOW_WRAP ? wrap() : min];
  }
  return [false, 0n];
}

/** getSignedBitfield: the field read as two's complement. */
export function toSigned(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}

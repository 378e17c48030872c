/**
 * CRC-64 as Redis computes it (crc64.c): the "Jones" polynomial 0xad93d23594c935a9, reflected input
 * and output (so the shift register uses the bit-reversed constant 0x95ac9329ac4bc9b5), initial
 * value 0, no final xor. Check value: crc64("123456789") = 0xe9c6d914c4b8d9ca.
 *
 * Our own table-driven implementation: the 64-bit register is kept as two uint32 halves (BigInt per
 * byte would be two orders of magnitude slower), and bytes are consumed eight at a time with
 * "slicing-by-8" tables (T[k][b] is the CRC of byte b followed by k zero bytes), so a snapshot of
 * hundreds of megabytes is checksummed at memory speed rather than byte by byte.
 */

const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

/** 8 tables × 256 entries, high and low halves. */
const T_HI = new Uint32Array(8 * 256);
const T_LO = new Uint32Array(8 * 256);

(function buildTables(): void {
  for (let b = 0; b < 256; b++) {
    let hi = 0;
    let lo = b;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    T_HI[b] = hi;
    T_LO[b] = lo;
  }
  for (let k = 1; k < 8; k++) {
    for (let b = 0; b < 256; b++) {
      const prevHi = T_HI[(k - 1) * 256 + b]!;
      const prevLo = T_LO[(k - 1) * 256 + b]!;
      // One more zero byte: shift right by 8 and fold the byte that fell out through table 0.
      const idx = prevLo & 0xff;
      T_HI[k * 256 + b] = ((prevHi >>> 8) ^ T_HI[idx]!) >>> 0;
      T_LO[k * 256 + b] = (((prevLo >>> 8) | (prevHi << 24)) ^ T_LO[idx]!) >>> 0;
    }
  }
})();

/** An incremental CRC-64: feed byte ranges in order, read the value at any point. */
export class Crc64 {
  private hi = 0;
  private lo = 0;

  constructor(init: bigint = 0n) {
    this.hi = Number((init >> 32n) & 0xffffffffn);
    this.lo = Number(init & 0xffffffffn);
  }

  /** Adds bytes[start, end) to the checksum. O(end - start). */
  update(bytes: Uint8Array, start = 0, end = bytes.length): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = start;
    const end8 = end - ((end - start) & 7);
    while (i < end8) {
      lo ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
      hi ^= bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
      const nHi =
        T_HI[7 * 256 + (lo & 0xff)]! ^
        T_HI[6 * 256 + ((lo >>> 8) & 0xff)]! ^
        T_HI[5 * 256 + ((lo >>> 16) & 0xff)]! ^
        T_HI[4 * 256 + (lo >>> 24)]! ^
        T_HI[3 * 256 + (hi & 0xff)]! ^
        T_HI[2 * 256 + ((hi >>> 8) & 0xff)]! ^
        T_HI[256 + ((hi >>> 16) & 0xff)]! ^
        T_HI[hi >>> 24]!;
      const nLo =
        T_LO[7 * 256 + (lo & 0xff)]! ^
        T_LO[6 * 256 + ((lo >>> 8) & 0xff)]! ^
        T_LO[5 * 256 + ((lo >>> 16) & 0xff)]! ^
        T_LO[4 * 256 + (lo >>> 24)]! ^
        T_LO[3 * 256 + (hi & 0xff)]! ^
        T_LO[2 * 256 + ((hi >>> 8) & 0xff)]! ^
        T_LO[256 + ((hi >>> 16) & 0xff)]! ^
        T_LO[hi >>> 24]!;
      hi = nHi;
      lo = nLo;
      i += 8;
    }
    for (; i < end; i++) {
      const idx = (lo ^ bytes[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
      hi = (hi >>> 8) ^ T_HI[idx]!;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The current value as an unsigned 64-bit bigint. */
  value(): bigint {
    return (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0);
  }

  /** Writes the current value little-endian (Redis's on-disk order) into out[at, at + 8). */
  writeLE(out: Uint8Array, at: number): void {
    const lo = this.lo >>> 0;
    const hi = this.hi >>> 0;
    out[at] = lo & 0xff;
    out[at + 1] = (lo >>> 8) & 0xff;
    out[at + 2] = (lo >>> 16) & 0xff;
    out[at + 3] = lo >>> 24;
    out[at + 4] = hi & 0xff;
    out[at + 5] = (hi >>> 8) & 0xff;
    out[at + 6] = (hi >>> 16) & 0xff;
    out[at + 7] = hi >>> 24;
  }
}

/** crc64(0, bytes[start, end)) as Redis calls it. */
export function crc64(bytes: Uint8Array, start = 0, end = bytes.length): bigint {
  return new Crc64().update(bytes, start, end).value();
}

/** Reads an unsigned 64-bit little-endian value (a stored checksum). */
export function readU64LE(bytes: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]!);
  return v;
}

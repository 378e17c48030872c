/**
 * Byte sizes of Redis's listpack format (listpack.c), exactly: a list's encoding flips on the byte
 * size of its listpack (lpBytes), so the engine keeps that number as Redis would compute it without
 * storing any bytes.
 *
 * A listpack is a 6-byte header, its entries and a 1-byte terminator. An entry is an encoding
 * (integers in 1–9 bytes, strings as a 1-, 2- or 5-byte length header plus the bytes) followed by a
 * "backlen" (1–5 bytes) giving the size of the encoding. A string is stored as an integer exactly when
 * lpStringToInt64 accepts it: the canonical decimal form of a signed 64-bit value ("-0", "+1", "01"
 * and " 1" stay strings).
 */
import { parseInt64 } from "../../engine/int64.js";

/** lpNew(0): header (total bytes + element count) and the end marker. */
export const LISTPACK_EMPTY_BYTES = 7;

/** Bytes of an integer entry's encoding (without backlen), or 0 when `s` is not stored as an integer. */
function intEncodingSize(s: string): number {
  const n = s.length;
  // lpStringToInt64: empty strings and anything of LONG_STR_SIZE (21) bytes or more are strings.
  if (n === 0 || n >= 21) return 0;
  const c0 = s.charCodeAt(0);
  if (c0 !== 45 && (c0 < 48 || c0 > 57)) return 0;
  const v = parseInt64(s);
  if (v === undefined) return 0;
  if (typeof v === "bigint") return 9;
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** lpEncodeBacklen's size for an encoding of `l` bytes. */
function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** The bytes one element takes in a listpack (encoding + backlen). O(1) (O(len) for ≤ 20-byte numbers). */
export function listpackEntrySize(s: string): number {
  let enc = intEncodingSize(s);
  if (enc === 0) {
    const n = s.length;
    enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  }
  return enc + backlenSize(enc);
}

/** True when a listpack stores `s` as an integer (a popped quicklist integer is an int-encoded object). */
export function listpackIsInt(s: string): boolean {
  return intEncodingSize(s) !== 0;
}

/**
 * Signed 64-bit integers as Redis parses and prints them (util.c string2ll / ll2string).
 *
 * Values inside the safe range travel as JS numbers (the hot path: no allocation); values beyond it
 * as bigint, so nothing near 2^63 loses precision. Every function here accepts and returns that pair.
 */
import { NOT_INTEGER, OVERFLOW } from "./errors.js";

export type Int64 = number | bigint;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

const SHORT_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;
const LONG_INT = /^-?[1-9][0-9]{15,18}$/;

/**
 * Redis's string2ll: optional '-', no '+', no spaces, no leading zeros (except "0" itself), and the
 * value must fit in a signed 64-bit integer. Returns undefined when `s` is not such a number. O(len).
 */
export function parseInt64(s: string): Int64 | undefined {
  if (s.length <= 16 && SHORT_INT.test(s)) return Number(s);
  if (!LONG_INT.test(s)) return undefined;
  const b = BigInt(s);
  if (b < INT64_MIN || b > INT64_MAX) return undefined;
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** parseInt64 or throw `ERR value is not an integer or out of range`. */
export function int64Arg(s: string): Int64 {
  const n = parseInt64(s);
  if (n === undefined) throw NOT_INTEGER;
  return n;
}

/** An argument as a JS number; values beyond 2^53 are clamped (for counts, indexes and offsets). */
export function intArg(s: string): number {
  const n = int64Arg(s);
  return typeof n === "number" ? n : Number(n);
}

/** a + b, throwing Redis's overflow error outside int64. */
export function addInt64(a: Int64, b: Int64): Int64 {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(a) + BigInt(b);
  if (r < INT64_MIN || r > INT64_MAX) throw OVERFLOW;
  return r >= -9007199254740991n && r <= 9007199254740991n ? Number(r) : r;
}

/** The canonical decimal form (ll2string). */
export function formatInt64(n: Int64): string {
  return typeof n === "number" ? String(n) : n.toString();
}

/** True when the string is the canonical form of an int64 (what Redis's int encoding accepts). */
export function isInt64String(s: string): boolean {
  return s.length <= 20 && parseInt64(s) !== undefined;
}

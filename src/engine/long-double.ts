/**
 * INCRBYFLOAT / HINCRBYFLOAT arithmetic as Redis does it on x86-64, where C `long double` is the
 * x87 80-bit extended format: a 64-bit significand, exponents down to 2^-16382 (denormals to
 * 2^-16445), magnitudes below 2^16384.
 *
 * - parsing is util.c `string2ld`: strtold over the whole string, refused when empty, 5120 bytes or
 *   longer (MAX_LONG_DOUBLE_CHARS), starting with whitespace, followed by anything, NaN, or out of
 *   range (ERANGE with a result of ±inf or zero); "inf" itself is accepted, as are hex floats;
 * - the sum is exact then rounded once to the format (ties to even), so 1e308 + 1e308 is finite here;
 * - a NaN or infinite sum is refused (`ERR increment would produce NaN or Infinity`);
 * - printing is `ld2string(LD_STR_HUMAN)`: printf("%.17Lf") — exact decimal expansion rounded to 17
 *   places, ties to even — then trailing zeros and a bare "." are cut and "-0" becomes "0". There is
 *   never an exponent: INCRBYFLOAT by 1e308 stores the 309-digit expansion of the nearest long double
 *   ("9999999999999999999668587965584564566056…"), 1e4932 a 4933-digit one (still inside
 *   ld2string's 5120-byte buffer, so nothing is ever cut), and magnitudes up to about 5e-18 store "0".
 *
 * Everything is exact bigint arithmetic, so results are byte-identical to Redis on x86-64 (Redis on
 * aarch64, where long double is IEEE quad, would print other digits).
 */
import {
  HASH_VALUE_NOT_FLOAT,
  NAN_OR_INF,
  NOT_FLOAT,
  VALUE_NAN_OR_INF,
  type RedisError,
} from "./errors.js";
import { literalToBinary, roundToBinary, scanFloatLiteral } from "./float.js";

/** An x87 extended value: ±mant · 2^exp (0 ≤ mant < 2^64; mant 0n is zero), or ±infinity. */
export interface LongDouble {
  readonly neg: boolean;
  readonly mant: bigint;
  readonly exp: number;
  readonly inf: boolean;
}

const BITS = 64;
const QMIN = -16445; // quantum of the smallest denormal
const EMAX = 16384; // every finite value is below 2^16384
const MAX_CHARS = 5 * 1024; // util.h MAX_LONG_DOUBLE_CHARS

export const LD_ZERO: LongDouble = { neg: false, mant: 0n, exp: 0, inf: false };

/** Redis's string2ld: the whole string as a long double, or undefined. O(len) plus bigint work. */
export function parseLongDouble(s: string): LongDouble | undefined {
  if (s.length === 0 || s.length >= MAX_CHARS) return undefined;
  const lit = scanFloatLiteral(s);
  if (lit === undefined || lit.kind === "nan") return undefined;
  if (lit.kind === "inf") return { neg: lit.neg, mant: 0n, exp: 0, inf: true };
  const b = literalToBinary(lit, BITS, QMIN, EMAX);
  if (b === undefined) return undefined; // ERANGE, ±HUGE_VALL
  if (b.mant === 0n && lit.mant !== 0n) return undefined; // ERANGE, zero
  return { neg: lit.neg, mant: b.mant, exp: b.mant === 0n ? 0 : b.exp, inf: false };
}

/**
 * a + b in long double (round to nearest even). Returns undefined when the sum is NaN (inf − inf);
 * an overflowing sum is an infinity.
 */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | undefined {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return undefined;
    return a.inf ? a : b;
  }
  if (a.mant === 0n) return b.mant === 0n ? { ...LD_ZERO, neg: a.neg && b.neg } : b;
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const av = a.mant << BigInt(a.exp - e);
  const bv = b.mant << BigInt(b.exp - e);
  const sum = (a.neg ? -av : av) + (b.neg ? -bv : bv);
  if (sum === 0n) return LD_ZERO; // x − x is +0 in round-to-nearest
  const neg = sum < 0n;
  const r = roundToBinary(neg ? -sum : sum, 1n, e, BITS, QMIN, EMAX);
  if (r === undefined) return { neg, mant: 0n, exp: 0, inf: true };
  return { neg, mant: r.mant, exp: r.exp, inf: false };
}

/** The value as glibc printf("%.17Lf") prints it (without the special cases for inf/NaN). */
function fixed17(x: LongDouble): string {
  return fixedDigits(x, 17);
}

/** glibc printf("%.<places>Lf"): the exact expansion rounded to `places` decimals, ties to even. */
function fixedDigits(x: LongDouble, places: number): string {
  const scale = 10n ** BigInt(places);
  let q: bigint;
  if (x.exp >= 0) {
    q = (x.mant << BigInt(x.exp)) * scale;
  } else {
    const num = x.mant * scale;
    const sh = BigInt(-x.exp);
    q = num >> sh;
    const rem = num - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  }
  const digits = q.toString().padStart(places + 1, "0");
  const cut = digits.length - places;
  return (x.neg ? "-" : "") + digits.slice(0, cut) + (places > 0 ? "." + digits.slice(cut) : "");
}

/** A finite double, exactly, as a long double (every double is one). */
export function longDoubleFromDouble(d: number): LongDouble {
  if (!Number.isFinite(d)) return { neg: d < 0, mant: 0n, exp: 0, inf: true };
  const neg = d < 0 || Object.is(d, -0);
  let m = Math.abs(d);
  if (m === 0) return { neg, mant: 0n, exp: 0, inf: false };
  // Scale into [2^52, 2^53) by powers of two (exact), then the significand is an integer.
  let exp = 0;
  while (m >= 2 ** 53) {
    m /= 2;
    exp++;
  }
  while (m < 2 ** 52 && exp > -1074) {
    m *= 2;
    exp--;
  }
  return { neg, mant: BigInt(m), exp, inf: false };
}

/** C printf("%.<places>f") of a double: exact, ties to even; "inf"/"-inf"/"nan" as glibc prints them. */
export function formatFixed(d: number, places: number): string {
  if (Number.isNaN(d)) return "nan";
  return Number.isFinite(d) ? fixedDigits(longDoubleFromDouble(d), places) : d < 0 ? "-inf" : "inf";
}

/** addReplyHumanLongDouble of a double: "%.17Lf" with trailing zeros cut (GEOPOS, GEOSEARCH WITHCOORD). */
export function formatDoubleHuman(d: number): string {
  return formatLongDoubleHuman(longDoubleFromDouble(d));
}

/** util.c ld2string(…, LD_STR_HUMAN): "%.17Lf", trailing zeros and "." cut, "-0" → "0". */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.inf) return x.neg ? "-inf" : "inf";
  let s = fixed17(x).replace(/0+$/, "");
  if (s.endsWith(".")) s = s.slice(0, -1);
  return s === "-0" ? "0" : s;
}

/** The stored value: absent is 0; otherwise it must parse, or `notFloat` is thrown. */
function currentValue(current: string | undefined, notFloat: RedisError): LongDouble {
  if (current === undefined) return LD_ZERO;
  const v = parseLongDouble(current);
  if (v === undefined) throw notFloat;
  return v;
}

/** An increment argument: `ERR value is not a valid float` when it does not parse. */
export function parseIncrement(increment: string): LongDouble {
  const v = parseLongDouble(increment);
  if (v === undefined) throw NOT_FLOAT;
  return v;
}

/**
 * current + incr, printed the way Redis stores and replies with it. Throws `notFloat` when the
 * current value does not parse and `ERR increment would produce NaN or Infinity` for a NaN or
 * infinite sum.
 */
export function applyIncrement(current: string | undefined, incr: LongDouble, notFloat: RedisError = NOT_FLOAT): string {
  const sum = addLongDouble(currentValue(current, notFloat), incr);
  if (sum === undefined || sum.inf) throw NAN_OR_INF;
  return formatLongDoubleHuman(sum);
}

/**
 * INCRBYFLOAT (t_string.c) after the caller's WRONGTYPE check: the new value to store and reply.
 * Both a bad stored value and a bad increment are `ERR value is not a valid float`.
 */
export function incrByFloat(current: string | undefined, increment: string): string {
  const value = currentValue(current, NOT_FLOAT);
  const sum = addLongDouble(value, parseIncrement(increment));
  if (sum === undefined || sum.inf) throw NAN_OR_INF;
  return formatLongDoubleHuman(sum);
}

/**
 * HINCRBYFLOAT's first step (t_hash.c), which runs before the key's type is checked: the increment
 * must parse (`ERR value is not a valid float`) and be finite (`ERR value is NaN or Infinity`).
 */
export function hashIncrement(increment: string): LongDouble {
  const v = parseIncrement(increment);
  if (v.inf) throw VALUE_NAN_OR_INF;
  return v;
}

/**
 * HINCRBYFLOAT after the type check: `current` is the field's value (undefined when absent).
 * Throws `ERR hash value is not a float` for a stored value that does not parse.
 */
export function hincrByFloat(current: string | undefined, incr: LongDouble): string {
  return applyIncrement(current, incr, HASH_VALUE_NOT_FLOAT);
}

const LLONG_MAX = (1n << 63n) - 1n;

/**
 * Blocking timeouts in seconds (timeout.c getTimeoutFromObjectOrReply, UNIT_SECONDS): the value is
 * a long double, multiplied by 1000 in long double, refused when above LLONG_MAX, then rounded up
 * (ceill). Returns the milliseconds, or undefined for Redis's `timeout is out of range`. A negative
 * result is the caller's `timeout is negative`; note that -0.0001 rounds up to 0 (block forever).
 * -inf gives LLONG_MIN, as the C cast does on x86-64.
 */
export function secondsToMillisCeil(x: LongDouble): bigint | undefined {
  if (x.inf) return x.neg ? -(1n << 63n) : undefined;
  if (x.mant === 0n) return 0n;
  const p = roundToBinary(x.mant * 1000n, 1n, x.exp, BITS, QMIN, EMAX);
  if (p === undefined) return x.neg ? -(1n << 63n) : undefined; // ±inf after the multiplication
  let ms: bigint;
  if (p.exp >= 0) {
    ms = x.neg ? -(p.mant << BigInt(p.exp)) : p.mant << BigInt(p.exp);
  } else {
    const sh = BigInt(-p.exp);
    const floor = p.mant >> sh;
    const exact = floor << sh === p.mant;
    // ceil(+v) rounds the magnitude up; ceil(-v) = -floor(v).
    ms = x.neg ? -floor : exact ? floor : floor + 1n;
  }
  if (!x.neg && ms > LLONG_MAX) return undefined;
  if (x.neg && ms < -(1n << 63n)) return -(1n << 63n);
  return ms;
}

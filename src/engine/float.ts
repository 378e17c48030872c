/**
 * Doubles as Redis parses and prints them.
 *
 * Parsing (`parseDouble`) is util.c `string2d`, used by object.c getDoubleFromObject (ZADD, ZINCRBY,
 * score bounds, GEO*, …): glibc `strtod` syntax over the whole argument — optional sign, decimal
 * with optional exponent (".5", "5.", "1E5"), hex floats ("0x10", "0x1.8p3"), "inf"/"infinity" in
 * any case — with no leading whitespace, no trailing bytes (an embedded NUL ends strtod early, so it
 * counts as trailing), and no NaN ("nan", "nan(…)"). strtod's ERANGE is fatal only when the result
 * is ±HUGE_VAL or zero: "1e400", "1e-400", "2e-324", "0x1p-1075" are rejected, a denormal such as
 * "1e-310" or "3e-324" is accepted, and an explicit "inf" or a zero literal ("0e-400") is fine.
 *
 * Printing (`formatDouble`) is Redis 7.2's util.c `d2string`, which 7.2 networking.c addReplyDouble
 * uses for both RESP2 bulk and RESP3 "," replies:
 *   NaN → "nan"; ±inf → "inf"/"-inf"; ±0 → "0"/"-0";
 *   integral |d| ≤ 2^62 (double2ll) → the exact integer ("100000000000000000", "4611686018427387904");
 *   anything else → deps/fpconv `fpconv_dtoa`: Grisu2 digits — shortest round-trip almost always, but
 *   not always (-107180869924488.62 prints "-107180869924488.63") — laid out by emit_digits:
 *     K ≥ 0 and decimal exponent < ndigits + 7 → plain integer ("123456789012345680000",
 *       1e23 → "99999999999999990000000");
 *     K < 0 and (K > -7 or |decimal exponent| < 4) → plain decimal ("0.1", "0.00001", "1234.5678901");
 *     otherwise d[.ddd]e±X with an unpadded exponent ("1e+19", "1e-7", "1.5e+300", "5e-324", and
 *       also 0.0001234 → "1.234e-4", 12345678.901234567 → "1.2345678901234567e+7").
 * Grisu2 is reproduced step for step (same boundaries, same cached powers of ten, same 64-bit
 * wrap-around), checked against fpconv_dtoa itself on hundreds of thousands of random doubles.
 *
 * Redis 7.0 (our differential-test oracle) printed "%.17g" instead (7.0 networking.c addReplyDouble,
 * with inf special-cased; 7.0 util.c d2string likewise). `formatDouble17g` reproduces glibc's
 * "%.17g" exactly (ties to even). What differs between 7.0 and 7.2 replies:
 *   - digits: 17 significant vs Grisu2 shortest: 0.1 → "0.10000000000000001" vs "0.1",
 *     3.14 → "3.1400000000000001" vs "3.14", 5e-324 → "4.9406564584124654e-324" vs "5e-324";
 *   - layout: %g uses exponent form when exp < -4 or ≥ 17, fpconv by the rules above:
 *     1e17 → "1e+17" vs "100000000000000000", 1e-5 → "1.0000000000000001e-05" vs "0.00001",
 *     1.2345678901234568e20 → "1.2345678901234568e+20" vs "123456789012345680000";
 *   - exponent padding: "e-08" vs "e-7" (%g pads to two digits; fpconv never pads);
 *   - NaN: glibc "nan" or "-nan" vs always "nan" (both print "nan" here).
 * The same: integers below 1e17, ±0, ±inf, dyadic values with few digits (1.5, 100.25, 0.0001 …).
 */
import { NOT_FLOAT } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Parsing

/** A strtod/strtold literal, syntax only (rounding to a format is the caller's business). */
export type FloatLiteral =
  | { readonly kind: "inf"; readonly neg: boolean }
  | { readonly kind: "nan" }
  /** ±mant · radix^exp, radix 10 for decimal, 2 for hex literals; mant may be 0n. */
  | { readonly kind: "finite"; readonly neg: boolean; readonly mant: bigint; readonly exp: number; readonly radix: 10 | 2 };

const DEC = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const INF = /^[+-]?inf(?:inity)?$/i;
// glibc accepts "nan" and "nan(n-char-sequence)"; Redis rejects every NaN, so only the kind matters.
const NAN = /^[+-]?nan(?:\([0-9A-Za-z_]*\))?$/i;
const ISSPACE = /^[ \t\n\v\f\r]/;

/** Exponents are clamped here: far past any format's range, small enough for JS arithmetic. */
const EXP_CLAMP = 1e9;

function clampedExponent(digits: string | undefined): number {
  if (digits === undefined || digits === "") return 0;
  const n = Number(digits); // "+12" / "-0012" are fine for Number
  return Math.max(-EXP_CLAMP, Math.min(EXP_CLAMP, n));
}

/**
 * Scans `s` as glibc strtod/strtold would (C locale) and returns the literal only when the whole
 * string is consumed and does not start with whitespace; otherwise undefined. O(len).
 */
export function scanFloatLiteral(s: string): FloatLiteral | undefined {
  if (s.length === 0 || ISSPACE.test(s)) return undefined;
  if (DEC.test(s)) {
    const neg = s.charCodeAt(0) === 45;
    const body = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? s.slice(1) : s;
    const e = body.search(/[eE]/);
    const mantPart = e < 0 ? body : body.slice(0, e);
    const dot = mantPart.indexOf(".");
    const intDigits = dot < 0 ? mantPart : mantPart.slice(0, dot);
    const fracDigits = dot < 0 ? "" : mantPart.slice(dot + 1);
    // Trailing zeros go into the exponent, so the bigint stays as small as the significant digits.
    const all = (intDigits + fracDigits).replace(/^0+/, "");
    const sig = all.replace(/0+$/, "");
    const exp = clampedExponent(e < 0 ? undefined : body.slice(e + 1)) - fracDigits.length + (all.length - sig.length);
    return { kind: "finite", neg, mant: BigInt(sig || "0"), exp, radix: 10 };
  }
  const hex = HEX.exec(s);
  if (hex !== null) {
    const intDigits = hex[2] ?? "";
    const fracDigits = hex[3] ?? "";
    if (intDigits === "" && fracDigits === "") return undefined; // "0x" parses as "0", then garbage
    const mant = BigInt("0x" + (intDigits + fracDigits || "0"));
    const exp = clampedExponent(hex[4]) - 4 * fracDigits.length;
    return { kind: "finite", neg: hex[1] === "-", mant, exp, radix: 2 };
  }
  if (INF.test(s)) return { kind: "inf", neg: s.charCodeAt(0) === 45 };
  if (NAN.test(s)) return { kind: "nan" };
  return undefined;
}

/** Number of bits of a non-negative bigint (0 for 0). */
export function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const h = n.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h.charAt(0), 16)));
}

/** A finite binary float: mant · 2^exp with 0 ≤ mant < 2^bits (0n is zero). */
export interface BinaryFloat {
  readonly mant: bigint;
  readonly exp: number;
}

/**
 * Rounds the positive rational num/den · 2^e2 to the nearest binary float (ties to even) with a
 * `bits`-bit significand, a quantum exponent no lower than `qmin` (gradual underflow), and
 * magnitude below 2^emax. Returns undefined on overflow; a result of mant 0n means it underflowed.
 */
export function roundToBinary(
  num: bigint,
  den: bigint,
  e2: number,
  bits: number,
  qmin: number,
  emax: number,
): BinaryFloat | undefined {
  // Pick q so that num/den·2^(e2-q) lies in [2^(bits-1), 2^bits), then clamp q for denormals.
  let q = Math.max(qmin, bitLength(num) - bitLength(den) + e2 - bits);
  let quot = 0n;
  let rem = 0n;
  let d = den;
  for (;;) {
    const shift = e2 - q;
    const n = shift >= 0 ? num << BigInt(shift) : num;
    d = shift >= 0 ? den : den << BigInt(-shift);
    quot = n / d;
    rem = n - quot * d;
    const bl = bitLength(quot);
    if (bl > bits) {
      q++;
      continue;
    }
    if (bl < bits && q > qmin) {
      q--;
      continue;
    }
    break;
  }
  const twice = rem * 2n;
  if (twice > d || (twice === d && (quot & 1n) === 1n)) quot++;
  if (bitLength(quot) > bits) {
    quot >>= 1n;
    q++;
  }
  if (quot !== 0n && q + bitLength(quot) > emax) return undefined;
  return { mant: quot, exp: q };
}

const DEC_EXP_OVERFLOW = 4940; // ≥ 1e4941 overflows every format here (long double max ≈ 1.19e4932)
const DEC_EXP_UNDERFLOW = -4970; // < 1e-4970 is zero in every format (long double min ≈ 3.6e-4951)

/**
 * Rounds a finite literal to a binary format. Returns undefined on overflow; mant 0n for zero
 * (check `lit.mant !== 0n` to tell an underflow from a literal zero).
 */
export function literalToBinary(
  lit: { readonly mant: bigint; readonly exp: number; readonly radix: 10 | 2 },
  bits: number,
  qmin: number,
  emax: number,
): BinaryFloat | undefined {
  if (lit.mant === 0n) return { mant: 0n, exp: 0 };
  if (lit.radix === 2) {
    const top = lit.exp + bitLength(lit.mant);
    if (top > emax + 2) return undefined;
    if (top < qmin - 2) return { mant: 0n, exp: 0 };
    return roundToBinary(lit.mant, 1n, lit.exp, bits, qmin, emax);
  }
  const { mant, exp } = lit;
  const digits = mant.toString().length;
  if (exp + digits - 1 > DEC_EXP_OVERFLOW) return undefined;
  if (exp + digits < DEC_EXP_UNDERFLOW) return { mant: 0n, exp: 0 };
  return exp >= 0
    ? roundToBinary(mant * 10n ** BigInt(exp), 1n, 0, bits, qmin, emax)
    : roundToBinary(mant, 10n ** BigInt(-exp), 0, bits, qmin, emax);
}

/**
 * Redis's string2d: the whole string as a double, or undefined (see the header for the rules).
 * O(len). Decimal literals go through JS Number(), which rounds correctly like glibc; hex ones through bigints.
 */
export function parseDouble(s: string): number | undefined {
  if (s.length === 0) return undefined;
  if (DEC.test(s)) {
    // Plain decimal: JS Number() has strtod's grammar for these and rounds correctly too.
    const d = Number(s);
    if (d === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ""))) return undefined; // ERANGE, zero
    if (!Number.isFinite(d)) return undefined; // ERANGE, ±HUGE_VAL
    return d;
  }
  const lit = scanFloatLiteral(s);
  if (lit === undefined || lit.kind === "nan") return undefined;
  if (lit.kind === "inf") return lit.neg ? -Infinity : Infinity;
  const b = literalToBinary(lit, 53, -1074, 1024);
  if (b === undefined) return undefined;
  if (b.mant === 0n) return lit.mant === 0n ? (lit.neg ? -0 : 0) : undefined;
  const v = Number(b.mant) * 2 ** b.exp; // both factors and the product are exact
  return lit.neg ? -v : v;
}

/** parseDouble or throw `ERR value is not a valid float`. */
export function doubleArg(s: string): number {
  const d = parseDouble(s);
  if (d === undefined) throw NOT_FLOAT;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Redis 7.2 printing: d2string + fpconv_dtoa (Grisu2)

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The IEEE-754 bits of d as [high 32, low 32]. */
function doubleBits(d: number): [number, number] {
  F64[0] = d;
  return LITTLE ? [U32[1]!, U32[0]!] : [U32[0]!, U32[1]!];
}

const M64 = (1n << 64n) - 1n;
const HIDDEN = 1n << 52n;

/** fpconv's cached powers of ten: 10^(-348 + 8i) as a 64-bit significand and binary exponent. */
let cachedPowers: { frac: bigint; exp: number }[] | undefined;

function powersOfTen(): { frac: bigint; exp: number }[] {
  if (cachedPowers !== undefined) return cachedPowers;
  const out: { frac: bigint; exp: number }[] = [];
  for (let i = 0; i < 87; i++) {
    const k = -348 + 8 * i;
    // Nearest 64-bit significand with the top bit set.
    const r =
      k >= 0
        ? roundToBinary(10n ** BigInt(k), 1n, 0, 64, -100000, 100000)
        : roundToBinary(1n, 10n ** BigInt(-k), 0, 64, -100000, 100000);
    if (r === undefined) throw new Error("unreachable");
    out.push({ frac: r.mant, exp: r.exp });
  }
  cachedPowers = out;
  return out;
}

function findCachedPow10(exp: number): { frac: bigint; exp: number; k: number } {
  const powers = powersOfTen();
  // C: int approx = -(exp + 87) * 0.30102999566398114; int idx = (approx - (-348)) / 8;
  const approx = Math.trunc(-(exp + 87) * 0.30102999566398114);
  let idx = Math.trunc((approx + 348) / 8);
  for (;;) {
    const p = powers[idx];
    if (p === undefined) throw new Error("fpconv: cached power out of range");
    const current = exp + p.exp + 64;
    if (current < -60) {
      idx++;
      continue;
    }
    if (current > -32) {
      idx--;
      continue;
    }
    return { frac: p.frac, exp: p.exp, k: -348 + idx * 8 };
  }
}

/** fpconv's multiply: the high 64 bits of the 128-bit product, rounded half up. */
function mulHi(a: bigint, b: bigint): bigint {
  return (a * b + (1n << 63n)) >> 64n;
}

const TENS: readonly bigint[] = Array.from({ length: 20 }, (_, i) => 10n ** BigInt(19 - i));

/**
 * Grisu2 as fpconv_dtoa runs it. `hi`/`lo` are the bits of a positive, finite, non-zero double.
 * Returns the digit string and K (value ≈ digits · 10^K).
 */
function grisu2(hi: number, lo: number): { digits: string; K: number } {
  const bexp = (hi >>> 20) & 0x7ff;
  let frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (bexp !== 0) {
    frac += HIDDEN;
    exp = bexp - 1075;
  } else {
    exp = -1074;
  }

  // get_normalized_boundaries (on the unnormalized value)
  let upFrac = (frac << 1n) + 1n;
  let upExp = exp - 1;
  while ((upFrac & (HIDDEN << 1n)) === 0n) {
    upFrac <<= 1n;
    upExp--;
  }
  upFrac = (upFrac << 10n) & M64;
  upExp -= 10;
  const lShift = frac === HIDDEN ? 2 : 1;
  let loFrac = (frac << BigInt(lShift)) - 1n;
  const loExp = exp - lShift;
  loFrac = (loFrac << BigInt(loExp - upExp)) & M64;

  // normalize
  let wFrac = frac;
  while ((wFrac & HIDDEN) === 0n) wFrac <<= 1n;
  wFrac = (wFrac << 11n) & M64;

  const cp = findCachedPow10(upExp);
  wFrac = mulHi(wFrac, cp.frac);
  upFrac = mulHi(upFrac, cp.frac);
  loFrac = mulHi(loFrac, cp.frac);
  const oneExp = upExp + cp.exp + 64;
  loFrac = (loFrac + 1n) & M64;
  upFrac = (upFrac - 1n) & M64;
  let K = -cp.k;

  // generate_digits
  const wfrac = (upFrac - wFrac) & M64;
  let delta = (upFrac - loFrac) & M64;
  const shift = BigInt(-oneExp);
  const one = 1n << shift;
  let part1 = upFrac >> shift;
  let part2 = upFrac & (one - 1n);
  const digits: number[] = [];
  let kappa = 10;
  for (let i = 10; kappa > 0; i++) {
    const div = TENS[i]!;
    const digit = part1 / div;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part1 -= digit * div;
    kappa--;
    const tmp = (part1 << shift) + part2;
    if (tmp <= delta) {
      K += kappa;
      roundDigit(digits, delta, tmp, (div << shift) & M64, wfrac);
      return { digits: digits.join(""), K };
    }
  }
  let unit = 18;
  for (;;) {
    part2 = (part2 * 10n) & M64;
    delta = (delta * 10n) & M64;
    kappa--;
    const digit = part2 >> shift;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part2 &= one - 1n;
    if (part2 < delta) {
      K += kappa;
      roundDigit(digits, delta, part2, one, (wfrac * TENS[unit]!) & M64);
      return { digits: digits.join(""), K };
    }
    unit--;
  }
}

function roundDigit(digits: number[], delta: bigint, rem: bigint, kappa: bigint, frac: bigint): void {
  const last = digits.length - 1;
  while (rem < frac && delta - rem >= kappa && (rem + kappa < frac || frac - rem > rem + kappa - frac)) {
    digits[last] = digits[last]! - 1;
    rem += kappa;
  }
}

/** fpconv's emit_digits: lays out digits·10^K (no sign). */
function emitDigits(digits: string, K: number, neg: boolean): string {
  let nd = digits.length;
  let exp = Math.abs(K + nd - 1);
  if (K >= 0 && exp < nd + 7) return digits + "0".repeat(K);
  if (K < 0 && (K > -7 || exp < 4)) {
    const offset = nd + K;
    if (offset <= 0) return "0." + "0".repeat(-offset) + digits;
    return digits.slice(0, offset) + "." + digits.slice(offset);
  }
  nd = Math.min(nd, 18 - (neg ? 1 : 0));
  let out = digits.charAt(0);
  if (nd > 1) out += "." + digits.slice(1, nd);
  out += K + nd - 1 < 0 ? "e-" : "e+";
  // Hundreds, then tens (a zero only when there were hundreds), then units: no padding.
  let cent = 0;
  if (exp > 99) {
    cent = Math.trunc(exp / 100);
    out += String(cent);
    exp -= cent * 100;
  }
  if (exp > 9) {
    const dec = Math.trunc(exp / 10);
    out += String(dec);
    exp -= dec * 10;
  } else if (cent !== 0) {
    out += "0";
  }
  return out + String(exp % 10);
}

const TWO_62 = 2 ** 62;

/**
 * A double as Redis 7.2 replies with it (util.c d2string, used by addReplyDouble): see the header.
 * Integers and the special values are O(1); other values run Grisu2 on bigints (a few µs).
 */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  if (Number.isInteger(d) && d >= -TWO_62 && d <= TWO_62) {
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString();
  }
  const [hi, lo] = doubleBits(d);
  const neg = hi >>> 31 === 1;
  const { digits, K } = grisu2(hi & 0x7fffffff, lo);
  return (neg ? "-" : "") + emitDigits(digits, K, neg);
}

// ---------------------------------------------------------------------------------------------
// Redis 7.0 printing: "%.17g"

/** The exact decimal expansion of a positive finite double: digits (no trailing zeros) and the exponent of the first one. */
function exactDecimal(d: number): { digits: string; exp: number } {
  const [hi, lo] = doubleBits(d);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp !== 0) {
    mant += HIDDEN;
    e2 = bexp - 1075;
  } else {
    e2 = -1074;
  }
  let digits: string;
  let exp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    exp = digits.length - 1;
  } else {
    // mant / 2^k = mant·5^k / 10^k
    digits = (mant * 5n ** BigInt(-e2)).toString();
    exp = digits.length - 1 + e2;
  }
  return { digits: digits.replace(/0+$/, ""), exp };
}

/** Rounds a digit string to n significant digits, ties to even (glibc's printf in round-to-nearest). */
function roundDigitsHalfEven(digits: string, exp: number, n: number): { digits: string; exp: number } {
  if (digits.length <= n) return { digits: digits.padEnd(n, "0"), exp };
  const head = digits.slice(0, n);
  const next = digits.charCodeAt(n) - 48;
  const restNonZero = /[1-9]/.test(digits.slice(n + 1));
  const lastOdd = (head.charCodeAt(n - 1) - 48) % 2 === 1;
  if (next < 5 || (next === 5 && !restNonZero && !lastOdd)) return { digits: head, exp };
  const up = (BigInt(head) + 1n).toString();
  return up.length > n ? { digits: up.slice(0, n), exp: exp + 1 } : { digits: up, exp };
}

/** 17 significant digits of a positive finite double, correctly rounded (ties to even). */
function digits17(a: number): { digits: string; exp: number } {
  const s = a.toExponential(17); // 18 significant digits
  if (s.charCodeAt(18) !== 53 /* '5' */) {
    // No tie is possible: toExponential(16) rounds like glibc here.
    const t = a.toExponential(16);
    const e = t.indexOf("e");
    return { digits: t.charAt(0) + t.slice(2, e), exp: Number(t.slice(e + 1)) };
  }
  // A possible tie at the 17th digit (JS rounds ties up, glibc to even): decide exactly.
  const x = exactDecimal(a);
  return roundDigitsHalfEven(x.digits, x.exp, 17);
}

/**
 * A double as C's printf("%.17g") prints it with glibc: Redis 7.0's reply format (see the header).
 * O(1) except for rare possible ties, settled with bigints.
 */
export function formatDouble17g(d: number): string {
  if (Number.isNaN(d)) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const neg = d < 0;
  const { digits, exp } = digits17(neg ? -d : d);
  let body: string;
  if (exp < -4 || exp >= 17) {
    const frac = digits.slice(1).replace(/0+$/, "");
    const ae = Math.abs(exp);
    body = digits.charAt(0) + (frac === "" ? "" : "." + frac) + (exp < 0 ? "e-" : "e+") + (ae < 10 ? "0" : "") + String(ae);
  } else if (exp >= 0) {
    const frac = digits.slice(exp + 1).replace(/0+$/, "");
    body = digits.slice(0, exp + 1) + (frac === "" ? "" : "." + frac);
  } else {
    body = "0." + "0".repeat(-exp - 1) + digits.replace(/0+$/, "");
  }
  return (neg ? "-" : "") + body;
}

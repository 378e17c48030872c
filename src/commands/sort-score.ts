/**
 * SORT's numeric weights (sort.c): a weight is read with `strtod(ptr, &eptr)` and refused when
 * `eptr[0] != '\0' || errno == ERANGE || isnan(score)`. That is not string2d (float.ts parseDouble),
 * so the rules are spelled out here, as glibc's strtod applies them in the C locale:
 *  - the value is a C string: an embedded NUL ends it, and what follows is never looked at;
 *  - leading isspace() bytes are skipped; trailing bytes of any kind are refused;
 *  - an empty C string converts nothing, leaves eptr on the terminating NUL and scores 0 (accepted),
 *    while blanks alone convert nothing and leave eptr on the first blank (refused);
 *  - decimal, hex-float ("0x1.8p3"), "inf"/"infinity" literals as strtod reads them; NaN is refused;
 *  - ERANGE on overflow, and on underflow: glibc sets it when the result is tiny (x86 detects
 *    tininess after rounding: the value rounded to 53 bits with an unbounded exponent is below
 *    DBL_MIN) and inexact. So "1e-310" and "2.2250738585072011e-308" are refused, the exact
 *    denormal "0x1p-1074" and "2.2250738585072013e-308" (which rounds up to DBL_MIN) are accepted.
 * Integers stored as integers (Redis's OBJ_ENCODING_INT) are cast instead of parsed; the cast gives
 * the same double as strtod of their canonical text, so one parser serves both.
 */
import { bitLength, literalToBinary, scanFloatLiteral } from "../engine/float.js";

const DBL_MIN = 2 ** -1022;
const PLAIN_DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
/** A quantum exponent low enough that no double-sized literal reaches it: "unbounded" rounding. */
const NO_UNDERFLOW = -1_000_000;

/** The weight `text` scores, or undefined when SORT must answer its conversion error. O(len). */
export function sortScore(text: string): number | undefined {
  const nul = text.indexOf("\0");
  const c = nul < 0 ? text : text.slice(0, nul);
  if (c.length === 0) return 0;
  let i = 0;
  while (i < c.length && isSpace(c.charCodeAt(i))) i++;
  if (i === c.length) return undefined;
  const body = i === 0 ? c : c.slice(i);
  if (PLAIN_DECIMAL.test(body)) {
    // The common case: JS Number() reads plain decimals with strtod's grammar and rounding; only
    // results near or past the ends of the range need the exact ERANGE rules below.
    const d = Number(body);
    if (Number.isFinite(d) && Math.abs(d) > DBL_MIN) return d;
  }
  const lit = scanFloatLiteral(body);
  if (lit === undefined || lit.kind === "nan") return undefined;
  if (lit.kind === "inf") return lit.neg ? -Infinity : Infinity;
  if (lit.mant === 0n) return lit.neg ? -0 : 0;
  const b = literalToBinary(lit, 53, -1074, 1024);
  if (b === undefined) return undefined; // overflow: ±HUGE_VAL with ERANGE
  const magnitude = Number(b.mant) * 2 ** b.exp; // both factors and the product are exact
  if (magnitude <= DBL_MIN && underflowSetsErange(lit, b)) return undefined;
  return lit.neg ? -magnitude : magnitude;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** glibc's underflow ERANGE: tiny after rounding, and the denormal result inexact. */
function underflowSetsErange(
  lit: { readonly mant: bigint; readonly exp: number; readonly radix: 10 | 2 },
  rounded: { readonly mant: bigint; readonly exp: number },
): boolean {
  const unbounded = literalToBinary(lit, 53, NO_UNDERFLOW, 1024);
  const tiny =
    unbounded === undefined || unbounded.mant === 0n || unbounded.exp + bitLength(unbounded.mant) - 1 < -1022;
  if (!tiny) return false;
  return rounded.mant === 0n || !sameValue(lit, rounded);
}

/** lit.mant · radix^lit.exp === r.mant · 2^r.exp, exactly. */
function sameValue(
  lit: { readonly mant: bigint; readonly exp: number; readonly radix: 10 | 2 },
  r: { readonly mant: bigint; readonly exp: number },
): boolean {
  // Bring both sides to integers: multiply by 2^-min(exp) and, for decimals, by 10^-lit.exp.
  let left = lit.mant;
  let right = r.mant;
  if (lit.radix === 2) {
    const e = Math.min(lit.exp, r.exp);
    left <<= BigInt(lit.exp - e);
    right <<= BigInt(r.exp - e);
    return left === right;
  }
  // Decimal: mant · 10^exp = m · 2^e2
  //   ⇔ mant · 10^max(exp,0) · 2^max(-e2,0) = m · 10^max(-exp,0) · 2^max(e2,0)
  if (lit.exp >= 0) left *= 10n ** BigInt(lit.exp);
  else right *= 10n ** BigInt(-lit.exp);
  if (r.exp >= 0) right <<= BigInt(r.exp);
  else left <<= BigInt(-r.exp);
  return left === right;
}

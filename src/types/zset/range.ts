/**
 * Score and lexicographic ranges of sorted-set commands (t_zset.c zslParseRange, zslParseLexRange,
 * zslValueGteMin/LteMax, sdscmplex).
 *
 * Score bounds are read as Redis reads them — with C `strtod` on the argument as a C string, not with
 * the stricter string2d of ZADD: leading whitespace is skipped, the text ends at a NUL byte, an empty
 * text is 0, an out-of-range literal becomes ±inf (or ±0) instead of an error, and only NaN and
 * trailing bytes are refused. "(" makes a bound exclusive.
 *
 * Lex bounds: "[x" inclusive, "(x" exclusive (x is the rest, binary-safe), "-" and "+" the smallest
 * and largest string (a C-string test: "+" followed by a NUL byte still counts); anything else is an
 * error.
 */
import { literalToBinary, scanFloatLiteral } from "../../engine/float.js";

export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A lex bound: a string, or the -/+ sentinels (shared.minstring / shared.maxstring). */
export const LEX_MIN = -1;
export const LEX_MAX = 1;
export const LEX_STRING = 0;
export type LexKind = typeof LEX_MIN | typeof LEX_MAX | typeof LEX_STRING;

export interface LexRange {
  min: string;
  minKind: LexKind;
  minex: boolean;
  max: string;
  maxKind: LexKind;
  maxex: boolean;
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** `strtod(text, &end)` with `*end == '\0'` required, NaN refused. undefined when invalid. */
function strtodWhole(arg: string, from: number): number | undefined {
  const nul = arg.indexOf("\0", from);
  const text = nul < 0 ? arg.slice(from) : arg.slice(from, nul);
  if (text.length === 0) return 0;
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  // No conversion (only spaces): strtod leaves `end` at the start, on a space.
  if (i === text.length) return undefined;
  const body = i === 0 ? text : text.slice(i);
  const lit = scanFloatLiteral(body);
  if (lit === undefined || lit.kind === "nan") return undefined;
  if (lit.kind === "inf") return lit.neg ? -Infinity : Infinity;
  // Decimal: Number() rounds like strtod, overflowing to ±Infinity and underflowing to ±0 as strtod does.
  if (lit.radix === 10) return Number(body);
  const b = literalToBinary(lit, 53, -1074, 1024);
  if (b === undefined) return lit.neg ? -Infinity : Infinity;
  const v = b.mant === 0n ? 0 : Number(b.mant) * 2 ** b.exp;
  return lit.neg ? -v : v;
}

function scoreBound(arg: string): { v: number; ex: boolean } | undefined {
  const ex = arg.charCodeAt(0) === 40; /* ( */
  const v = strtodWhole(arg, ex ? 1 : 0);
  return v === undefined ? undefined : { v, ex };
}

/** zslParseRange: undefined when either bound is invalid ("min or max is not a float"). */
export function parseScoreRange(min: string, max: string): ScoreRange | undefined {
  const a = scoreBound(min);
  if (a === undefined) return undefined;
  const b = scoreBound(max);
  if (b === undefined) return undefined;
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex };
}

function lexBound(arg: string): { s: string; kind: LexKind; ex: boolean } | undefined {
  const c0 = arg.charCodeAt(0);
  const c1 = arg.length > 1 ? arg.charCodeAt(1) : 0;
  switch (c0) {
    case 43: /* + */
      return c1 === 0 ? { s: "", kind: LEX_MAX, ex: true } : undefined;
    case 45: /* - */
      return c1 === 0 ? { s: "", kind: LEX_MIN, ex: true } : undefined;
    case 40: /* ( */
      return { s: arg.slice(1), kind: LEX_STRING, ex: true };
    case 91: /* [ */
      return { s: arg.slice(1), kind: LEX_STRING, ex: false };
    default:
      return undefined;
  }
}

/** zslParseLexRange: undefined when either bound is invalid ("min or max not valid string range item"). */
export function parseLexRange(min: string, max: string): LexRange | undefined {
  const a = lexBound(min);
  const b = lexBound(max);
  if (a === undefined || b === undefined) return undefined;
  return { min: a.s, minKind: a.kind, minex: a.ex, max: b.s, maxKind: b.kind, maxex: b.ex };
}

// ---------------------------------------------------------------- predicates

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}

export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** zslIsInRange's first test: true when no score can be inside. */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

/** sdscmplex of a member against a bound. */
function cmpBound(value: string, s: string, kind: LexKind): number {
  if (kind === LEX_MIN) return 1;
  if (kind === LEX_MAX) return -1;
  return value < s ? -1 : value > s ? 1 : 0;
}

export function lexGteMin(value: string, r: LexRange): boolean {
  const c = cmpBound(value, r.min, r.minKind);
  return r.minex ? c > 0 : c >= 0;
}

export function lexLteMax(value: string, r: LexRange): boolean {
  const c = cmpBound(value, r.max, r.maxKind);
  return r.maxex ? c < 0 : c <= 0;
}

/**
 * zslIsInLexRange's first test: sdscmplex(min, max) > 0, or equal with an exclusive end. Two
 * sentinels of the same kind are the same object (equal); a string against a sentinel never is.
 */
export function lexRangeEmpty(r: LexRange): boolean {
  let c: number;
  if (r.minKind !== LEX_STRING && r.minKind === r.maxKind) c = 0;
  else if (r.minKind === LEX_MIN || r.maxKind === LEX_MAX) c = -1;
  else if (r.minKind === LEX_MAX || r.maxKind === LEX_MIN) c = 1;
  else c = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}

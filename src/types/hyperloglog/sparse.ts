/**
 * The sparse HLL codec (hyperloglog.c): after the 16-byte header, a run-length sequence of opcodes
 * covering the 16384 registers in order:
 *
 *   ZERO  00xxxxxx           1…64 registers at 0
 *   XZERO 01xxxxxx yyyyyyyy  1…16384 registers at 0 (14-bit length − 1, high bits first)
 *   VAL   1vvvvvxx           1…4 registers at value 1…32
 *
 * The bytes must come out exactly as Redis writes them (GET returns them), and they depend on the
 * history of updates, not only on the registers: sparseSet is hllSparseSet step for step — the
 * same opcode split, the same growth limit (hll-sparse-max-bytes) and the same bounded merge of
 * adjacent VALs. It edits the string around the opcode it changes (a rope, no full copy).
 *
 * Corrupt bodies (any string SET can store) are walked as Redis walks them and reported, never thrown
 * on: a body must cover exactly 16384 registers, and the missing second byte of an XZERO cut short at
 * the end is read past the end of the string, as Redis reads it (0, the sds terminator, at the start
 * of a command; see sparseSet for what one set can leave there for the next).
 */
import { CARD_MSB, HLL_HDR_SIZE, HLL_REGISTERS } from "./layout.js";

const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const ZERO_MAX_LEN = 64;

/** sparseSet outcomes other than an updated string. */
export const SPARSE_UNCHANGED = 0;
/** The body is corrupt (hllSparseSet's -1). */
export const SPARSE_INVALID = -1;
/** The value or the growth does not fit the sparse form: convert to dense, then set. */
export const SPARSE_PROMOTE = -2;

/** An empty HLL as createHLLObject makes it: sparse, cached cardinality 0 (valid), one XZERO:16384. */
export const HLL_EMPTY = "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff";

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXzero = (op: number): boolean => (op & 0xc0) === 0x40;
const valOp = (value: number, len: number): number => ((value - 1) << 2) | (len - 1) | 0x80;
const valValue = (op: number): number => ((op >>> 2) & 0x1f) + 1;
const valLen = (op: number): number => (op & 3) + 1;

/** Appends the opcode(s) for a run of `len` zero registers: ZERO up to 64, XZERO beyond. */
function pushZeros(seq: number[], len: number): void {
  if (len > ZERO_MAX_LEN) {
    seq.push(((len - 1) >>> 8) | 0x40, (len - 1) & 0xff);
  } else {
    seq.push(len - 1);
  }
}

/**
 * The byte just past the end of the body after the last sparseSet that returned a string (see
 * sparseSet). A live binding: callers that chain sparseSet calls pass it back in as `after`.
 */
export let sparseAfter = 0;

/**
 * hllSparseSet: register `index` raised to `count` in the sparse HLL `v`. Returns the updated string
 * (its cached cardinality invalidated), SPARSE_UNCHANGED when the register already holds at least
 * `count`, SPARSE_PROMOTE when `count` exceeds 32 or the string would grow beyond `maxBytes` (the
 * caller converts to dense and sets the register there), or SPARSE_INVALID for a corrupt body.
 * O(length of v) (the opcode walk), like Redis.
 *
 * `after` is the byte just past the end of the string: Redis reads it as the second byte of an XZERO
 * cut short at the end of a corrupt body. It is the sds terminator (0) unless a previous set in the
 * same command replaced such a cut-short XZERO, which writes the last byte of the new sequence there
 * (Redis's memcpy after sdsIncrLen); the value this call leaves there is in `sparseAfter`.
 */
export function sparseSet(v: string, index: number, count: number, maxBytes: number, after = 0): string | number {
  if (count > VAL_MAX_VALUE) return SPARSE_PROMOTE;

  // Step 1: find the opcode covering `index`, its first register and the opcode before it.
  const end = v.length;
  let p = HLL_HDR_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = v.charCodeAt(p);
    let oplen = 1;
    if (isZero(op)) span = (op & 0x3f) + 1;
    else if ((op & 0x80) !== 0) span = valLen(op);
    else {
      span = (((op & 0x3f) << 8) | (p + 1 < end ? v.charCodeAt(p + 1) : after)) + 1;
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return SPARSE_INVALID;

  // Step 2: the sequence that replaces the opcode at p (cases A–D of hllSparseSet).
  const op = v.charCodeAt(p);
  const xzero = isXzero(op);
  const seq: number[] = [];
  let oldLen = 1;
  let shadow = after;
  if ((op & 0x80) !== 0 && valValue(op) >= count) return SPARSE_UNCHANGED; // A
  if (span === 1 && !xzero) {
    // B (a VAL of one register) and C (a ZERO of one register): rewritten in place.
    seq.push(valOp(count, 1));
  } else {
    // D: split the run around `index`.
    const last = first + span - 1;
    if ((op & 0x80) === 0) {
      if (index !== first) pushZeros(seq, index - first);
      seq.push(valOp(count, 1));
      if (index !== last) pushZeros(seq, last - index);
    } else {
      const cur = valValue(op);
      if (index !== first) seq.push(valOp(cur, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(cur, last - index));
    }
    // Step 3: the growth limit.
    oldLen = xzero ? 2 : 1;
    const delta = seq.length - oldLen;
    if (delta > 0 && end + delta > maxBytes) return SPARSE_PROMOTE;
    // sdsIncrLen writes a terminator at the new end, but the sequence is copied afterwards: for an
    // XZERO cut short at the end (2 bytes replaced where 1 existed) its last byte lands there.
    shadow = xzero && p + 1 === end ? seq[seq.length - 1]! : 0;
  }
  const newEnd = end + seq.length - oldLen;

  // Step 4: merge adjacent VALs, scanning at most 5 opcodes from the one before the change. The scan
  // reads at most 11 bytes from its start, so it runs on a small window of the updated body: the
  // bytes from `prev` through the new sequence and up to 16 bytes of what follows (when that reaches
  // the end, `wEnd` is the body's end inside the window).
  const ws = prev >= 0 ? prev : HLL_HDR_SIZE;
  const tailFrom = p + oldLen;
  const tailTake = Math.max(0, Math.min(16, end - tailFrom));
  const w: number[] = [];
  for (let i = ws; i < p; i++) w.push(v.charCodeAt(i));
  for (const b of seq) w.push(b);
  for (let i = 0; i < tailTake; i++) w.push(v.charCodeAt(tailFrom + i));
  let wEnd = tailFrom + tailTake >= end ? newEnd - ws : w.length;
  let q = 0;
  let scanLen = 5;
  while (q < wEnd && scanLen-- > 0) {
    const o = w[q]!;
    if (isXzero(o)) {
      q += 2;
      continue;
    }
    if (isZero(o)) {
      q++;
      continue;
    }
    if (q + 1 < wEnd && (w[q + 1]! & 0x80) !== 0 && valValue(o) === valValue(w[q + 1]!)) {
      const len = valLen(o) + valLen(w[q + 1]!);
      if (len <= VAL_MAX_LEN) {
        // memmove(p, p+1, end-p) then sdsIncrLen(-1): the byte goes, the terminator is rewritten.
        w[q + 1] = valOp(valValue(o), len);
        w.splice(q, 1);
        wEnd--;
        shadow = 0;
        continue; // try the merged VAL with the next one
      }
    }
    q++;
  }
  sparseAfter = shadow;

  const b15 = v.charCodeAt(CARD_MSB);
  const head =
    (b15 & 0x80) !== 0
      ? v.slice(0, ws)
      : v.slice(0, CARD_MSB) + String.fromCharCode(b15 | 0x80) + v.slice(HLL_HDR_SIZE, ws);
  if (w.length > wEnd) w.length = wEnd;
  return head + String.fromCharCode(...w) + v.slice(tailFrom + tailTake);
}

/**
 * hllMerge's sparse branch: raises every `max[i]` to register i of `v`. False when the body does not
 * cover exactly 16384 registers (then `max` may be partly updated). Into a zeroed array this is also
 * hllSparseToDense's decoding (`after`: see sparseSet). Any opcode that would run past the last register makes the body
 * corrupt (the CVE-2025-32023 fix in Redis 7.2.10, which the oracle's build carries too; before it a
 * VAL just past the end was silently ignored). O(length of v + 16384).
 */
export function sparseMergeInto(v: string, max: Uint8Array, after = 0): boolean {
  const end = v.length;
  let i = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = v.charCodeAt(p);
    if (isZero(op)) {
      i += (op & 0x3f) + 1;
      p++;
    } else if (isXzero(op)) {
      i += (((op & 0x3f) << 8) | (p + 1 < end ? v.charCodeAt(p + 1) : after)) + 1;
      p += 2;
    } else {
      let run = valLen(op);
      if (run + i > HLL_REGISTERS) return false;
      const val = valValue(op);
      while (run-- > 0) {
        if (val > max[i]!) max[i] = val;
        i++;
      }
      p++;
    }
    if (i > HLL_REGISTERS) return false;
  }
  return i === HLL_REGISTERS;
}

/**
 * hllSparseRegHisto: adds every register's value to `histo` (64 counters). False when the body does
 * not cover exactly 16384 registers. O(length of v).
 */
export function sparseHisto(v: string, histo: Int32Array): boolean {
  const end = v.length;
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = v.charCodeAt(p);
    if (isZero(op)) {
      const run = (op & 0x3f) + 1;
      idx += run;
      histo[0]! += run;
      p++;
    } else if (isXzero(op)) {
      const run = (((op & 0x3f) << 8) | (v.charCodeAt(p + 1) | 0)) + 1;
      idx += run;
      histo[0]! += run;
      p += 2;
    } else {
      const run = valLen(op);
      idx += run;
      histo[valValue(op)]! += run;
      p++;
    }
  }
  return idx === HLL_REGISTERS;
}

/** PFDEBUG DECODE's text: "z:<len>", "Z:<len>" and "v:<value>,<len>" separated by spaces. O(length of v). */
export function sparseDecode(v: string): string {
  const end = v.length;
  const parts: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = v.charCodeAt(p);
    if (isZero(op)) {
      parts.push(`z:${(op & 0x3f) + 1}`);
      p++;
    } else if (isXzero(op)) {
      parts.push(`Z:${(((op & 0x3f) << 8) | (v.charCodeAt(p + 1) | 0)) + 1}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(" ");
}

/**
 * The cardinality estimator of Redis ≥ 5 (hyperloglog.c hllCount): Otmar Ertl's improved raw
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", arXiv:1702.01284)
 * over the histogram of register values, computed in the same double operations and order as the C
 * code so every result is the same integer.
 *
 * The C code ends with `(uint64_t) llroundl(x)` through a double; on x86-64 an x that is not below
 * 2^63 (or infinite, when every register is above 50) makes llroundl return LLONG_MIN, which is then
 * stored as the cardinality 2^63 and replied as -9223372036854775808. hllEstimate returns that
 * value as -2^63 so callers reply it as Redis does and store it as 2^63.
 */
import { HLL_Q, HLL_REGISTERS } from "./layout.js";

/** 0.5 / ln(2). */
const HLL_ALPHA_INF = 0.72134752044448170368;
const TWO_63 = 2 ** 63;

/** hllSigma. */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** hllTau. GCC folds the C code's pow(1 - x, 2) into a product, which is what is written here. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** llroundl of a double on x86-64: half away from zero, LLONG_MIN when out of range or not finite. */
function llround(x: number): number {
  if (!(x < TWO_63 && x >= -TWO_63)) return -TWO_63;
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/**
 * The estimate from `histo` (histo[v] = number of registers holding v; 64 counters). Returns an
 * integer-valued double: the cardinality, or -2^63 (see the module note). Values in 52…63 (only
 * hand-made dense strings hold them) count nowhere, as in Redis. O(Q).
 */
export function hllEstimate(histo: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histo[j]!;
    z *= 0.5;
  }
  z += m * sigma(histo[0]! / m);
  return llround((HLL_ALPHA_INF * m * m) / z);
}

/** hllRawRegHisto: the histogram of an array of 16384 register values (one byte each). O(16384). */
export function rawHisto(regs: Uint8Array, histo: Int32Array): void {
  for (let i = 0; i < regs.length; i++) histo[regs[i]!]!++;
}

/** An estimate as Redis replies it (addReplyLongLong): a safe number, or a bigint beyond 2^53. */
export function estimateReply(e: number): number | bigint {
  return Number.isSafeInteger(e) ? e : BigInt(e);
}

/** An estimate as hllCount stores it in the header: the uint64 the C cast makes of it. */
export function estimateCard(e: number): number {
  return e < 0 ? TWO_63 : e;
}

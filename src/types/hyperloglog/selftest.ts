/**
 * PFSELFTEST (hyperloglog.c pfselftestCommand): checks this implementation from the inside, in the
 * same spirit as Redis's and with its failure texts, scaled so it finishes in a fraction of a second
 * (Redis runs 1000 register cycles and 10^7 adds, which takes it seconds):
 *
 *  1. register access: random values written to every dense register (packed in bulk, and one by one
 *     through the in-place edit PFADD uses) read back exactly, neighbours untouched;
 *  2. the 64-bit hash on 32-bit halves against a straightforward BigInt MurmurHash64A;
 *  3. approximation error: the same unique elements added to a dense and a sparse HLL; at every
 *     power of ten both must agree, the sparse one must still be sparse while small, and the
 *     estimate must be within 6 standard errors (cardinality 10: within 1).
 *
 * Returns undefined on success, else the error text Redis would reply.
 */
import { denseFromRegisters, denseGet, denseRegisters, denseSetIfGreater, HLL_EMPTY_DENSE } from "./dense.js";
import { hllAdd, hllCount } from "./hll.js";
import { HLL_DENSE_SIZE, HLL_P, HLL_P_MASK, HLL_REGISTERS, HLL_SPARSE, hllEncoding } from "./layout.js";
import { hashHi, hashLo, hllPatLen, murmurHash64A } from "./murmur.js";
import { HLL_EMPTY } from "./sparse.js";

const BULK_CYCLES = 16;
const EDIT_CYCLES = 2;
const HASH_SAMPLES = 256;
const MAX_CARDINALITY = 100_000;

const MASK64 = (1n << 64n) - 1n;

/** MurmurHash64A written the plain way on BigInt (the reference the fast one is checked against). */
export function murmurHash64AReference(s: string, seed: number): bigint {
  const m = 0xc6a4a7935bd1e995n;
  const len = s.length;
  let h = (BigInt(seed) ^ ((BigInt(len) * m) & MASK64)) & MASK64;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let b = 7; b >= 0; b--) k = (k << 8n) | BigInt(s.charCodeAt(i + b));
    k = (k * m) & MASK64;
    k ^= k >> 47n;
    k = (k * m) & MASK64;
    h ^= k;
    h = (h * m) & MASK64;
  }
  const rest = len & 7;
  if (rest !== 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(s.charCodeAt(blocks + j)) << BigInt(8 * j);
    h = (h * m) & MASK64;
  }
  h ^= h >> 47n;
  h = (h * m) & MASK64;
  h ^= h >> 47n;
  return h;
}

function randomBytes(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * 256));
  return s;
}

/** The 8 little-endian bytes of the uint64 hi·2^32 + lo (the selftest's `ele`). */
function uint64Bytes(lo: number, hi: number): string {
  return String.fromCharCode(lo & 0xff, (lo >>> 8) & 0xff, (lo >>> 16) & 0xff, lo >>> 24, hi & 0xff, (hi >>> 8) & 0xff, (hi >>> 16) & 0xff, hi >>> 24);
}

function registerMismatch(i: number, want: number, got: number): string {
  return `TESTFAILED Register ${i} should be ${want} but is ${got}`;
}

function testRegisters(rand: () => number): string | undefined {
  const want = new Uint8Array(HLL_REGISTERS);
  const header = HLL_EMPTY_DENSE.slice(0, 16);
  for (let cycle = 0; cycle < BULK_CYCLES + EDIT_CYCLES; cycle++) {
    for (let i = 0; i < HLL_REGISTERS; i++) want[i] = Math.floor(rand() * 64);
    let v: string;
    if (cycle < BULK_CYCLES) {
      v = denseFromRegisters(header, want);
    } else {
      v = HLL_EMPTY_DENSE;
      for (let i = 0; i < HLL_REGISTERS; i++) v = denseSetIfGreater(v, i, want[i]!, false) ?? v;
    }
    if (v.length !== HLL_DENSE_SIZE) return `TESTFAILED dense size ${v.length}`;
    const all = denseRegisters(v);
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const got = denseGet(v, i);
      if (got !== want[i]) return registerMismatch(i, want[i]!, got);
      if (all[i] !== want[i]) return registerMismatch(i, want[i]!, all[i]!);
    }
  }
  return undefined;
}

function testHash(rand: () => number): string | undefined {
  for (let n = 0; n < HASH_SAMPLES; n++) {
    const s = randomBytes(rand, n % 33);
    const seed = Math.floor(rand() * 2 ** 32);
    murmurHash64A(s, seed);
    const got = (BigInt(hashHi()) << 32n) | BigInt(hashLo());
    const want = murmurHash64AReference(s, seed);
    if (got !== want) return `TESTFAILED MurmurHash64A of ${s.length} bytes is ${got} instead of ${want}`;
  }
  return undefined;
}

function testError(rand: () => number, maxSparseBytes: number): string | undefined {
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  const seedLo = Math.floor(rand() * 2 ** 31);
  const seedHi = Math.floor(rand() * 2 ** 31);
  let dense = HLL_EMPTY_DENSE;
  let sparse = HLL_EMPTY;
  let batch: string[] = [];
  for (let j = 1, checkpoint = 1; j <= MAX_CARDINALITY; j++) {
    const ele = uint64Bytes((j ^ seedLo) >>> 0, seedHi);
    // hllDenseAdd on the dense one, hllAdd (sparse, promoted when it must be) on the other.
    const packed = hllPatLen(ele);
    dense = denseSetIfGreater(dense, packed & HLL_P_MASK, packed >>> HLL_P, false) ?? dense;
    batch.push(ele);
    if (j !== checkpoint) continue;
    const added = hllAdd(sparse, batch, 0, maxSparseBytes);
    if (added.corrupt) return "TESTFAILED sparse HLL reported corrupt";
    sparse = added.value;
    batch = [];
    if (j < maxSparseBytes / 2 && hllEncoding(sparse) !== HLL_SPARSE) return "TESTFAILED sparse encoding not used";
    const est = hllCount(dense)!;
    if (est !== hllCount(sparse)) return "TESTFAILED dense/sparse disagree";
    const abserr = Math.abs(checkpoint - est);
    const maxerr = j === 10 ? 1 : Math.ceil(relerr * 6 * checkpoint);
    if (abserr > maxerr) return `TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`;
    checkpoint *= 10;
  }
  return undefined;
}

/** Runs the checks with `rand` (floats in [0, 1)); undefined when all pass, else the error text. */
export function hllSelfTest(rand: () => number, maxSparseBytes: number): string | undefined {
  return testRegisters(rand) ?? testHash(rand) ?? testError(rand, maxSparseBytes);
}

/**
 * Data-structure tests of the HyperLogLog codecs (src/types/hyperloglog): the 32-bit-halves
 * MurmurHash64A against a BigInt one; seeded random adds and merges against a naive model (one byte
 * per register, the element's index and run length computed on BigInt), with an invariant checker on
 * the bytes after every step, at several hll-sparse-max-bytes limits so the sparse → dense promotion
 * happens at different points; sparse ↔ dense equivalence (same registers, same estimate); golden
 * vectors: exact bytes and counts produced by redis-server 7.0.15 for the same commands; the
 * estimator's answers for hand-made register sets; and PFSELFTEST. Seed: env SEED
 * (test/support/seeded.ts).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../../../test/support/seeded.js";
import { denseFromRegisters, HLL_EMPTY_DENSE } from "./dense.js";
import {
  estimateReply,
  hllAdd,
  hllCachedCard,
  hllCacheValid,
  hllCount,
  hllCountRegisters,
  hllCreate,
  hllDecodeSparse,
  hllEncoding,
  hllIsValid,
  hllMergeInto,
  hllNewRegisters,
  hllRegisters,
  hllStoreMerged,
  hllToDense,
  hllWithCachedCard,
  HLL_DENSE,
  HLL_SPARSE,
} from "./hll.js";
import { estimateCard } from "./estimate.js";
import { hashHi, hashLo, hllPatLen, murmurHash64A } from "./murmur.js";
import { hllSelfTest, murmurHash64AReference } from "./selftest.js";

const hex = (s: string): string => Buffer.from(s, "latin1").toString("hex");
const unhex = (h: string): string => Buffer.from(h, "hex").toString("latin1");
const sha256 = (s: string): string => createHash("sha256").update(Buffer.from(s, "latin1")).digest("hex");

/** The register index and run length of an element, computed from the BigInt hash. */
function modelPatLen(element: string): [number, number] {
  const h = murmurHash64AReference(element, 0xadc83b19);
  const index = Number(h & 0x3fffn);
  let rest = (h >> 14n) | (1n << 50n);
  let count = 1;
  while ((rest & 1n) === 0n) {
    count++;
    rest >>= 1n;
  }
  return [index, count];
}

/** The first register where `a` and `b` differ, or -1 (expect(...).toEqual on 16384 entries is slow). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 16384; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Every register of an HLL string (a sparse one is decoded through its dense conversion). */
function registersOf(v: string): Uint8Array {
  const dense = hllToDense(v);
  if (dense === undefined) throw new Error("corrupt HLL");
  return hllRegisters(dense);
}

/**
 * The invariants of an HLL built by the commands: a valid header; a sparse body of whole opcodes
 * covering exactly 16384 registers, no longer than the limit it grew under; a dense one of 12304
 * bytes; the cache bit as expected.
 */
function checkInvariants(v: string, maxBytes: number, expectValidCache: boolean): void {
  expect(hllIsValid(v)).toBe(true);
  expect(v.slice(5, 8)).toBe("\x00\x00\x00");
  expect(hllCacheValid(v)).toBe(expectValidCache);
  if (hllEncoding(v) === HLL_DENSE) {
    expect(v.length).toBe(12304);
    return;
  }
  expect(hllEncoding(v)).toBe(HLL_SPARSE);
  expect(v.length).toBeLessThanOrEqual(Math.max(maxBytes, 18));
  let p = 16;
  let covered = 0;
  while (p < v.length) {
    const op = v.charCodeAt(p);
    if ((op & 0xc0) === 0) {
      covered += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      expect(p + 1).toBeLessThan(v.length);
      covered += (((op & 0x3f) << 8) | v.charCodeAt(p + 1)) + 1;
      p += 2;
    } else {
      covered += (op & 3) + 1;
      p++;
    }
  }
  expect(covered).toBe(16384);
}

function randomElement(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => `m${rng.int(0, 5000)}`, 6],
    [() => rng.string(rng.int(0, 20), "\x00\x7f\x80\xffxyz"), 2],
    [() => rng.bytes(rng.int(0, 40)).toString("latin1"), 1],
  ])();
}

describe("MurmurHash64A on 32-bit halves", () => {
  it("matches the BigInt reference for every tail length, random bytes and seeds", () => {
    const rng = seededRng("hll murmur");
    for (let n = 0; n < 3000; n++) {
      const s = rng.bytes(n % 70).toString("latin1");
      const seed = rng.chance(0.5) ? 0xadc83b19 : rng.int(0, 0xffffffff);
      murmurHash64A(s, seed);
      const got = (BigInt(hashHi()) << 32n) | BigInt(hashLo());
      expect(got, JSON.stringify([s, seed])).toBe(murmurHash64AReference(s, seed));
    }
  });

  it("hllPatLen gives the index and run length of the model", () => {
    const rng = seededRng("hll patlen");
    for (let n = 0; n < 3000; n++) {
      const s = randomElement(rng);
      const packed = hllPatLen(s);
      expect([packed & 0x3fff, packed >>> 14]).toEqual(modelPatLen(s));
    }
  });
});

describe("HLL adds and merges against a register model", () => {
  for (const maxBytes of [0, 24, 300, 3000, 20000]) {
    it(`random adds, hll-sparse-max-bytes ${maxBytes}`, () => {
      const rng = seededRng(`hll adds ${maxBytes}`);
      const model = new Uint8Array(16384);
      let v: string | undefined;
      let sawSparse = false;
      let sawDense = false;
      for (let step = 0; step < 300; step++) {
        // The run starts small so the sparse side of the limit is always visited.
        const n = step > 0 && rng.chance(0.1) ? rng.int(50, 400) : rng.int(step === 0 ? 1 : 0, 4);
        const elements = Array.from({ length: n }, () => randomElement(rng));
        let changed = v === undefined ? 1 : 0;
        for (const e of elements) {
          const [index, count] = modelPatLen(e);
          if (count > model[index]!) {
            model[index] = count;
            changed++;
          }
        }
        const before = v;
        const r = hllAdd(v, ["PFADD", "k", ...elements], 2, maxBytes);
        expect(r.corrupt).toBe(false);
        // Promotion counts the register that forced it, so `updated` is exactly the number of raises.
        expect(r.updated).toBe(changed);
        v = r.value;
        if (r.updated === 0) expect(v).toBe(before);
        checkInvariants(v, maxBytes, before !== undefined && r.updated === 0 && hllCacheValid(before));
        expect(firstDifference(registersOf(v), model)).toBe(-1);
        // With no room at all, the first change promotes the empty sparse HLL.
        if (maxBytes === 0 && model.some((x) => x > 0)) expect(hllEncoding(v)).toBe(HLL_DENSE);
        if (hllEncoding(v) === HLL_SPARSE) sawSparse = true;
        else sawDense = true;
        // The estimate is the model's, in either encoding, and the cache round-trips.
        const est = hllCount(v)!;
        expect(est).toBe(hllCountRegisters(model));
        expect(hllCount(hllToDense(v)!)).toBe(est);
        if (rng.chance(0.3)) {
          v = hllWithCachedCard(v, estimateCard(est));
          expect(hllCacheValid(v)).toBe(true);
          expect(hllCachedCard(v)).toBe(estimateReply(est));
        }
      }
      // Both sides of the limit were visited (20000 bytes hold every add of this run sparse).
      expect(sawDense).toBe(maxBytes <= 3000);
      if (maxBytes >= 300) expect(sawSparse).toBe(true);
    });
  }

  it("merges: sparse and dense destinations, the union of the registers, Redis's encoding choice", () => {
    const rng = seededRng("hll merges");
    for (let round = 0; round < 40; round++) {
      const maxBytes = rng.pick([0, 40, 300, 3000]);
      const sources: string[] = [];
      const model = new Uint8Array(16384);
      for (let k = 0; k < rng.int(1, 4); k++) {
        const elements = Array.from({ length: rng.pick([0, 3, 30, 300, 3000]) }, () => randomElement(rng));
        const v = hllAdd(undefined, elements, 0, 3000).value;
        sources.push(v);
        for (const e of elements) {
          const [index, count] = modelPatLen(e);
          if (count > model[index]!) model[index] = count;
        }
      }
      // The destination is the first source (PFMERGE reads it like the others).
      const max = hllNewRegisters();
      let useDense = false;
      for (const v of sources) {
        expect(hllMergeInto(max, v)).toBe(true);
        if (hllEncoding(v) === HLL_DENSE) useDense = true;
      }
      expect(firstDifference(max, model)).toBe(-1);
      const merged = hllStoreMerged(sources[0]!, max, useDense, maxBytes);
      expect(firstDifference(registersOf(merged), model)).toBe(-1);
      expect(hllCacheValid(merged)).toBe(false);
      if (useDense) expect(hllEncoding(merged)).toBe(HLL_DENSE);
      else checkInvariants(merged, Math.max(maxBytes, sources[0]!.length), false);
      expect(hllCount(merged)).toBe(hllCountRegisters(model));
    }
  });

  it("sparse and dense forms of the same registers agree on every estimate", () => {
    const rng = seededRng("hll equivalence");
    for (let round = 0; round < 25; round++) {
      const elements = Array.from({ length: rng.int(0, 2500) }, () => randomElement(rng));
      const sparse = hllAdd(undefined, elements, 0, 1_000_000).value;
      expect(hllEncoding(sparse)).toBe(HLL_SPARSE);
      const dense = hllAdd(HLL_EMPTY_DENSE, elements, 0, 1_000_000).value;
      expect(hllEncoding(dense)).toBe(HLL_DENSE);
      expect(firstDifference(registersOf(sparse), registersOf(dense))).toBe(-1);
      expect(hllCount(sparse)).toBe(hllCount(dense));
      expect(hllToDense(sparse)!.slice(16)).toBe(dense.slice(16));
    }
  });
});

describe("golden vectors from redis-server 7.0.15", () => {
  const el = (prefix: string, n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);
  const G2 =
    "48594c4c010000000000000000000080368421801980409f8408a40e88409084406c9c0190018812883884409480411c8817884055800080407a80411d8812804075800d842a8040638440768c404684414880098040d5800980409480407e9040738040628440a280408384405d84148040cb8407840d8040f080405e80068427844081803c844047840780404e80408f84039404844043840c842684406e80407380404084409d84198019802a8441028c088441298010801c884060801080404b8c4052881b8040b080406e8040bc802b8c40f58040618c1a840380407e80408080404580088440fd80405a80406684409f8040468c108c018401841e8811802384407d8440de84406280308812844065840784198040de84404684408b8814802988008402800a8840578041a79011842e844070801f840180189440f98440848c168421813c881d801380368410804089844044804147800380228040b88440bb88404684168040c684404980048440e680404380388c405c80405584409980268005800380405480409e88404c882e8840448040b080198408841f880380405b841b803f804044804055800d88128440d380405988408b800290407e800784407b801d841d8040af8418840f844045803384404f80288440a78440768040578419844048800e9022840a80406a840d8039801380409a8828804046844044";
  const G6 =
    "48594c4c010000000000000000000080368421801980409f8408a40e88409084406c9c01900188128838840884408a80411c8817884055800080407a80411d8812804075800d842a80406384348840408c404684414880098040d5800980409480407e9040738040628440a280408384405d84148040cb8407840d8040f080405e80068427844081803c844047840780404e80408f84039404844043840c842684406e80407380404084409d84198019802a8441028c088441298010801c884060801080404b8c4052881b8040b080406e8040bc802b8c40f58040618c1a840380407e80408080404580088440fd80405a80406684409f8040468c108c018401841e8811802384407d8440de84406280308801840f844065840784198040de84404684408b8814802988008402800a8840578041a79011842e844070801f840180189440f9843588404d8c168421813c881d801380368410804089844044804147800380228040b88440bb88404684168040c684404980048440e680404380388c405c80405584409980268005800380405480409e88404c882e8840448040b080198408841f880380405b841b803f804044804055800d88128440d380405988408b800290407e800784407b801d841d8040af8418840f844045803384404f80288440a78440768040578419844048800e9022840a80406a840d8039801380368040628828804046844044";

  it("PFADD a b c, then PFCOUNT (cache written)", () => {
    const v = hllAdd(undefined, ["a", "b", "c"], 0, 3000).value;
    expect(hex(v)).toBe("48594c4c01000000000000000000008060f38050b1844bfb80425a");
    const est = hllCount(v)!;
    expect(est).toBe(3);
    expect(hex(hllWithCachedCard(v, est))).toBe("48594c4c01000000030000000000000060f38050b1844bfb80425a");
  });

  it("200 elements (sparse), 5000 (dense), binary elements, a PFMERGE, a union count", () => {
    const g2 = hllAdd(undefined, el("e", 200), 0, 3000).value;
    expect(hex(g2)).toBe(G2);
    expect(hllCount(g2)).toBe(200);
    let g3: string | undefined;
    for (let i = 0; i < 5000; i += 500) g3 = hllAdd(g3, el("e", 500, i), 0, 3000).value;
    expect(g3!.length).toBe(12304);
    expect(sha256(g3!)).toBe("0a4b61a05c269540574e1293e6e18e69a4e9cb96ade9ecb5b7ff490debf31722");
    expect(hllCount(g3!)).toBe(4968);
    const g4 = hllAdd(undefined, ["\x00", "\xff\xfe", "h\xe9llo", "12345678", "123456789abcdefgh"], 0, 3000).value;
    expect(hex(g4)).toBe("48594c4c010000000000000000000080428d844516885ae08446c988558f80411a");
    const max = hllNewRegisters();
    hllMergeInto(max, g2);
    hllMergeInto(max, g4);
    expect(hex(hllStoreMerged(hllCreate(), max, false, 3000))).toBe(G6);
    hllMergeInto(max, g3!);
    expect(hllCountRegisters(max)).toBe(4974);
  });

  it("40 single-element adds under hll-sparse-max-bytes 60 end dense", () => {
    let v: string | undefined;
    for (const x of el("s", 40)) v = hllAdd(v, [x], 0, 60).value;
    expect(hllEncoding(v!)).toBe(HLL_DENSE);
    expect(sha256(v!)).toBe("fd5f74d4d593cc7389432bf10e3b05adf33910dda75c239eb2705ec8e92fecb8");
  });

  it("the estimator on hand-made dense registers, overflowing to -2^63 as Redis does", () => {
    const header = HLL_EMPTY_DENSE.slice(0, 16);
    const all = (x: number): string => denseFromRegisters(header, new Uint8Array(16384).fill(x));
    const cases: [number, number | bigint][] = [
      [1, 23637],
      [10, 12102203],
      [20, 12392656037],
      [30, 12690079782337],
      [40, 12994641697113596n],
      [50, -9223372036854775808n],
      [51, -9223372036854775808n],
      [52, -9223372036854775808n],
      [63, -9223372036854775808n],
    ];
    for (const [reg, want] of cases) expect(estimateReply(hllCount(all(reg))!), `all ${reg}`).toBe(want);
    const mixed = new Uint8Array(16384).map((_, i) => (i % 2 ? 49 : 51));
    expect(estimateReply(hllCount(denseFromRegisters(header, mixed))!)).toBe(-9223372036854775808n);
    // 2^63 stored as the cache sets the invalid bit, so it is never read back as valid.
    expect(hllCacheValid(hllWithCachedCard(all(63), estimateCard(hllCount(all(63))!)))).toBe(false);
  });

  it("PFDEBUG DECODE text", () => {
    expect(hllDecodeSparse(hllAdd(undefined, ["a", "b", "c"], 0, 3000).value)).toBe("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603");
    expect(hllDecodeSparse(hllCreate())).toBe("Z:16384");
    expect(hllDecodeSparse(unhex("48594c4c010000000000000000000080"))).toBe("");
  });
});

describe("corrupt sparse bodies", () => {
  const header = "48594c4c010000000000000000000080";
  it("are reported, never thrown on", () => {
    for (const body of ["", "7f", "5f3f", "7fff00", "7fff80", "7ffe87", "7fff7f", "3f3f3f"]) {
      const v = unhex(header + body);
      expect(hllIsValid(v)).toBe(true);
      expect(hllCount(v), body).toBeUndefined();
      expect(hllMergeInto(hllNewRegisters(), v), body).toBe(false);
      expect(hllToDense(v), body).toBeUndefined();
    }
  });
});

describe("PFSELFTEST", () => {
  it("passes at the default and a small hll-sparse-max-bytes; fails as Redis's when nothing fits sparse", () => {
    const rng = seededRng("hll selftest");
    expect(hllSelfTest(() => rng.float(), 3000)).toBeUndefined();
    expect(hllSelfTest(() => rng.float(), 100)).toBeUndefined();
    // Redis's check: below hll-sparse-max-bytes / 2 elements the HLL must still be sparse.
    expect(hllSelfTest(() => rng.float(), 10)).toBe("TESTFAILED sparse encoding not used");
  });
});

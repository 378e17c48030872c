/**
 * Data-structure tests of the sorted-set type: the skip list on its own (seeded random inserts,
 * deletes, score updates and range deletions against a sorted-array model, with the invariant checker
 * — levels, spans, order, back pointers, tail — after every step), then ZsetValue through its API
 * against a naive model that spells out Redis 7.2's encoding rules, under several threshold
 * configurations so every conversion happens on both sides of each limit; then the range parsers,
 * the algebra and the random picks. Seed: env SEED (test/support/seeded.ts).
 */
import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../../../test/support/seeded.js";
import { SetValue } from "../set/set-value.js";
import { F_BACK, F_LINKS, SkipList } from "./skiplist.js";
import { type LexRange, type ScoreRange, lexGteMin, lexLteMax, parseLexRange, parseScoreRange } from "./range.js";
import { AGGREGATE_MAX, AGGREGATE_MIN, AGGREGATE_SUM, type Aggregate, zsetDiff, zsetInter, zsetInterCard, zsetUnion } from "./zset-algebra.js";
import { zsetRandomDistinct, zsetRandomMember, zsetRandomWithRepeats } from "./zset-random.js";
import {
  zsetCount,
  zsetDeleteRangeByLex,
  zsetDeleteRangeByRank,
  zsetDeleteRangeByScore,
  zsetLexCount,
  zsetRangeByLex,
  zsetRangeByRank,
  zsetRangeByScore,
} from "./zset-ranges.js";
import {
  ZADD_IN_GT,
  ZADD_IN_INCR,
  ZADD_IN_LT,
  ZADD_IN_NX,
  ZADD_IN_XX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NAN,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
  ZaddResult,
  type ZsetEncoding,
  type ZsetLimits,
  ZsetValue,
  zsetAdd,
  zsetCheck,
  zsetConvertToListpackIfNeeded,
  zsetConvertToSkiplist,
  zsetCreate,
  zsetDel,
  zsetEach,
  zsetEnd,
  zsetFromSorted,
  zsetLength,
  zsetMaybeConvertForHint,
  zsetRank,
  zsetScan,
  zsetScore,
} from "./zset-value.js";

type Pair = [string, number];

function cmpPair(a: Pair, b: Pair): number {
  if (a[1] < b[1]) return -1;
  if (a[1] > b[1]) return 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function contents(z: ZsetValue): Pair[] {
  const out: Pair[] = [];
  zsetEach(z, (m, s) => void out.push([m, s]));
  return out;
}

/** A few hundred members drawn from a small alphabet (collisions), with binary bytes. */
function randomMember(rng: Rng, maxLen = 6): string {
  const n = rng.int(0, maxLen);
  let s = "";
  for (let i = 0; i < n; i++) s += rng.chance(0.1) ? String.fromCharCode(rng.int(0, 255)) : "abcdef"[rng.int(0, 5)]!;
  return s;
}

function randomScore(rng: Rng): number {
  const r = rng.float();
  if (r < 0.05) return rng.chance(0.5) ? Infinity : -Infinity;
  if (r < 0.1) return rng.chance(0.5) ? 0 : -0;
  if (r < 0.6) return rng.int(-5, 5);
  return Math.round((rng.float() - 0.5) * 2000) / 8;
}

// ---------------------------------------------------------------- the skip list

describe("SkipList", () => {
  it("keeps its invariants under random inserts, deletes, score updates and range deletions", () => {
    const rng = seededRng("skiplist random ops");
    for (let round = 0; round < 6; round++) {
      const zsl = new SkipList(round === 0 ? 1 : 16);
      const model = new Map<string, number>();
      const nodes = new Map<string, number>();
      const sorted = (): Pair[] => [...model].sort(cmpPair);
      const ops = 700;
      for (let step = 0; step < ops; step++) {
        const r = rng.float();
        const m = randomMember(rng, 3);
        if (r < 0.45) {
          if (model.has(m)) continue;
          const s = randomScore(rng);
          nodes.set(m, zsl.insert(s, m));
          model.set(m, s);
        } else if (r < 0.6) {
          const cur = model.get(m);
          expect(zsl.delete(cur ?? 0, m)).toBe(cur !== undefined);
          model.delete(m);
          nodes.delete(m);
        } else if (r < 0.75) {
          const node = nodes.get(m);
          if (node === undefined) continue;
          const s = randomScore(rng);
          zsl.updateScore(node, s);
          model.set(m, s);
          expect(zsl.member(node)).toBe(m);
          expect(zsl.score(node)).toBe(s);
        } else if (r < 0.8) {
          const len = model.size;
          if (len === 0) continue;
          const a = rng.int(1, len);
          const b = rng.int(a, Math.min(len, a + 5));
          const gone: string[] = [];
          expect(zsl.deleteRanks(a, b, (x) => void gone.push(zsl.member(x)))).toBe(b - a + 1);
          expect(gone).toEqual(sorted().slice(a - 1, b).map((p) => p[0]));
          for (const g of gone) {
            model.delete(g);
            nodes.delete(g);
          }
        } else if (r < 0.85) {
          const lo = rng.int(-6, 6);
          const hi = lo + rng.int(0, 3);
          const expected = sorted().filter((p) => p[1] >= lo && p[1] <= hi).map((p) => p[0]);
          const gone: string[] = [];
          const n = zsl.deleteWhile(
            (x) => zsl.score(x) < lo,
            (x) => zsl.score(x) <= hi,
            (x) => void gone.push(zsl.member(x)),
          );
          expect(n).toBe(expected.length);
          expect(gone).toEqual(expected);
          for (const g of gone) {
            model.delete(g);
            nodes.delete(g);
          }
        } else if (r < 0.87) {
          zsl.clear();
          model.clear();
          nodes.clear();
        } else {
          // Ranks both ways.
          const all = sorted();
          if (all.length === 0) continue;
          const k = rng.int(0, all.length - 1);
          const [pm, ps] = all[k]!;
          expect(zsl.rankOf(ps, pm)).toBe(k + 1);
          const x = zsl.nodeAt(k + 1);
          expect(zsl.member(x)).toBe(pm);
          expect(zsl.rankOf(ps, pm + "\x00zz")).toBe(0);
          expect(zsl.nodeAt(all.length + 1)).toBe(0);
        }
        zsl.check();
        expect(zsl.length).toBe(model.size);
      }
      const walked: Pair[] = [];
      for (let x = zsl.first(); x !== 0; x = zsl.next(x)) walked.push([zsl.member(x), zsl.score(x)]);
      expect(walked).toEqual(sorted());
      const back: string[] = [];
      for (let x = zsl.tail; x !== 0; x = zsl.prev(x)) back.push(zsl.member(x));
      expect(back).toEqual(sorted().map((p) => p[0]).reverse());
    }
  });

  it("orders ties by member bytes (memcmp, shorter prefix first)", () => {
    const zsl = new SkipList();
    for (const m of ["b", "a\x00", "a", "\xff", "ab", ""]) zsl.insert(1, m);
    const order: string[] = [];
    for (let x = zsl.first(); x !== 0; x = zsl.next(x)) order.push(zsl.member(x));
    expect(order).toEqual(["", "a", "a\x00", "ab", "b", "\xff"]);
    zsl.check();
  });

  it("detects broken invariants", () => {
    const zsl = new SkipList();
    for (let i = 0; i < 50; i++) zsl.insert(i, `m${i}`);
    zsl.check();
    const x = zsl.nodeAt(10);
    zsl.scores[x >> 1] = 1000;
    expect(() => zsl.check()).toThrow(/order/);
    zsl.scores[x >> 1] = 9;
    zsl.check();
    zsl.pool[x + F_LINKS + 1]!++;
    expect(() => zsl.check()).toThrow(/span/);
    zsl.pool[x + F_LINKS + 1]!--;
    zsl.pool[x + F_BACK] = 0;
    expect(() => zsl.check()).toThrow(/backward/);
  });

  it("grows past its initial capacity and reuses freed nodes", () => {
    const zsl = new SkipList(2);
    for (let i = 0; i < 5000; i++) zsl.insert(i % 97, `k${i}`);
    zsl.check();
    for (let i = 0; i < 5000; i += 2) expect(zsl.delete(i % 97, `k${i}`)).toBe(true);
    zsl.check();
    const cap = zsl.pool.length;
    for (let i = 0; i < 5000; i += 2) zsl.insert(-i, `k${i}`);
    expect(zsl.pool.length).toBe(cap);
    zsl.check();
    expect(zsl.length).toBe(5000);
  });
});

// ---------------------------------------------------------------- the range parsers

describe("range parsing", () => {
  it("reads score bounds with strtod's rules", () => {
    const ok = (min: string, max: string): ScoreRange => parseScoreRange(min, max)!;
    expect(ok("1", "(2")).toEqual({ min: 1, max: 2, minex: false, maxex: true });
    expect(ok("-inf", "+inf")).toEqual({ min: -Infinity, max: Infinity, minex: false, maxex: false });
    expect(ok("", "(")).toEqual({ min: 0, max: 0, minex: false, maxex: true });
    expect(ok(" 1", "\t\n2")).toMatchObject({ min: 1, max: 2 });
    expect(ok("1e400", "-1e400")).toMatchObject({ min: Infinity, max: -Infinity });
    expect(Object.is(ok("-1e-400", "0").min, -0)).toBe(true);
    expect(ok("0x10", "0x1p-2")).toMatchObject({ min: 16, max: 0.25 });
    expect(ok("3\x00junk", "Infinity")).toMatchObject({ min: 3, max: Infinity });
    expect(ok(".5", "5.")).toMatchObject({ min: 0.5, max: 5 });
    for (const bad of ["nan", "(nan", "1 ", " ", "abc", "1e", "+", "(1x", "0x", "inf1", "-nan"]) {
      expect(parseScoreRange(bad, "1"), bad).toBeUndefined();
      expect(parseScoreRange("1", bad), bad).toBeUndefined();
    }
  });

  it("reads lex bounds", () => {
    const r = parseLexRange("[a", "(b\x00c")!;
    expect(r).toMatchObject({ min: "a", minex: false, max: "b\x00c", maxex: true });
    expect(parseLexRange("-", "+")).toMatchObject({ minKind: -1, maxKind: 1 });
    expect(parseLexRange("+\x00x", "-\x00")).toMatchObject({ minKind: 1, maxKind: -1 });
    for (const bad of ["", "a", "+a", "-a", "{x"]) {
      expect(parseLexRange(bad, "+"), JSON.stringify(bad)).toBeUndefined();
      expect(parseLexRange("-", bad), JSON.stringify(bad)).toBeUndefined();
    }
    const all = parseLexRange("-", "+")!;
    expect(lexGteMin("", all) && lexLteMax("\xff\xff", all)).toBe(true);
    const open = parseLexRange("(a", "[c")!;
    expect(["a", "a\x00", "c", "c\x00"].map((m) => lexGteMin(m, open) && lexLteMax(m, open))).toEqual([false, true, true, false]);
  });
});

// ---------------------------------------------------------------- ZsetValue against a model

/** Redis 7.2's rules for a sorted set's contents and encoding, spelled out on a sorted array. */
class ModelZset {
  constructor(
    public enc: ZsetEncoding,
    public items: Pair[] = [],
  ) {}

  static create(sizeHint: number, valLen: number, l: ZsetLimits): ModelZset {
    return new ModelZset(sizeHint <= l.zsetMaxListpackEntries && valLen <= l.zsetMaxListpackValue ? "listpack" : "skiplist");
  }

  hint(n: number, l: ZsetLimits): void {
    if (this.enc === "listpack" && n > l.zsetMaxListpackEntries) this.enc = "skiplist";
  }

  find(m: string): number {
    return this.items.findIndex((p) => p[0] === m);
  }

  /** Returns [flags, newScore]. */
  add(score: number, m: string, flags: number, l: ZsetLimits): [number, number] {
    const i = this.find(m);
    if (i >= 0) {
      if (flags & ZADD_IN_NX) return [ZADD_OUT_NOP, 0];
      const cur = this.items[i]![1];
      if (flags & ZADD_IN_INCR) score += cur;
      if (Number.isNaN(score)) return [ZADD_OUT_NAN, 0];
      if ((flags & ZADD_IN_LT && score >= cur) || (flags & ZADD_IN_GT && score <= cur)) return [ZADD_OUT_NOP, 0];
      if (score === cur) return [0, score];
      this.items[i] = [m, this.norm(score)];
      this.items.sort(cmpPair);
      return [ZADD_OUT_UPDATED, score];
    }
    if (flags & ZADD_IN_XX) return [ZADD_OUT_NOP, 0];
    if (this.enc === "listpack" && (this.items.length + 1 > l.zsetMaxListpackEntries || m.length > l.zsetMaxListpackValue)) {
      this.enc = "skiplist";
    }
    this.items.push([m, this.norm(score)]);
    this.items.sort(cmpPair);
    return [ZADD_OUT_ADDED, score];
  }

  /** A listpack stores integral scores as integers: -0 comes back as 0. */
  norm(s: number): number {
    return this.enc === "listpack" && s === 0 ? 0 : s;
  }
}

const LIMITS: ZsetLimits[] = [
  { zsetMaxListpackEntries: 128, zsetMaxListpackValue: 64 },
  { zsetMaxListpackEntries: 4, zsetMaxListpackValue: 3 },
  { zsetMaxListpackEntries: 1, zsetMaxListpackValue: 64 },
  { zsetMaxListpackEntries: 0, zsetMaxListpackValue: 0 },
  { zsetMaxListpackEntries: 16, zsetMaxListpackValue: 5 },
];

function expectSame(z: ZsetValue, model: ModelZset, what: string): void {
  zsetCheck(z);
  expect(z.encoding(), what).toBe(model.enc);
  expect(zsetLength(z), what).toBe(model.items.length);
  const got = contents(z);
  expect(got.length, what).toBe(model.items.length);
  for (let i = 0; i < got.length; i++) {
    expect(got[i]![0], what).toBe(model.items[i]![0]);
    expect(Object.is(got[i]![1], model.items[i]![1]), `${what}: score of ${JSON.stringify(got[i]![0])}`).toBe(true);
  }
}

function randomScoreRange(rng: Rng): ScoreRange {
  const a = rng.int(-6, 6);
  const b = rng.chance(0.8) ? a + rng.int(0, 5) : a - 1;
  return {
    min: rng.chance(0.1) ? -Infinity : a,
    max: rng.chance(0.1) ? Infinity : b,
    minex: rng.chance(0.3),
    maxex: rng.chance(0.3),
  };
}

function randomLexRange(rng: Rng): LexRange {
  const bound = (): [string, -1 | 0 | 1, boolean] => {
    const r = rng.float();
    if (r < 0.1) return ["", -1, true];
    if (r < 0.2) return ["", 1, true];
    return [randomMember(rng, 2), 0, rng.chance(0.5)];
  };
  const [min, minKind, minex] = bound();
  const [max, maxKind, maxex] = bound();
  return { min, minKind, minex, max, maxKind, maxex };
}

function inScore(s: number, r: ScoreRange): boolean {
  return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
}

describe("ZsetValue", () => {
  for (const [li, limits] of LIMITS.entries()) {
    it(`follows Redis's rules under random operations (limits #${li}: ${limits.zsetMaxListpackEntries}/${limits.zsetMaxListpackValue})`, () => {
      const rng = seededRng(`zset random ops ${li}`);
      const res = new ZaddResult();
      for (let round = 0; round < 8; round++) {
        const first = randomMember(rng);
        const hint = rng.int(1, 6);
        const z = zsetCreate(hint, first.length, limits);
        const model = ModelZset.create(hint, first.length, limits);
        for (let step = 0; step < 160; step++) {
          const r = rng.float();
          const m = randomMember(rng);
          const what = `round ${round} step ${step}`;
          if (r < 0.45) {
            const flagsPool = [0, 0, 0, ZADD_IN_NX, ZADD_IN_XX, ZADD_IN_GT, ZADD_IN_LT, ZADD_IN_INCR, ZADD_IN_XX | ZADD_IN_GT, ZADD_IN_INCR | ZADD_IN_XX];
            const flags = rng.pick(flagsPool);
            const s = randomScore(rng);
            const [ef, es] = model.add(s, m, flags, limits);
            const ok = zsetAdd(z, s, m, flags, limits, res);
            expect(ok, what).toBe(ef !== ZADD_OUT_NAN);
            expect(res.flags, what).toBe(ef);
            if (ef === ZADD_OUT_ADDED || ef === ZADD_OUT_UPDATED) expect(Object.is(res.newScore, es) || res.newScore === es, what).toBe(true);
          } else if (r < 0.55) {
            const i = model.find(m);
            expect(zsetDel(z, m), what).toBe(i >= 0);
            if (i >= 0) model.items.splice(i, 1);
          } else if (r < 0.6) {
            const n = rng.int(0, 300);
            zsetMaybeConvertForHint(z, n, limits);
            model.hint(n, limits);
          } else if (r < 0.65) {
            // Ranks and scores of present and absent members.
            const i = model.find(m);
            const rank = zsetRank(z, m, rng.chance(0.5));
            if (i < 0) {
              expect(rank, what).toBeUndefined();
              expect(zsetScore(z, m), what).toBeUndefined();
            } else {
              expect(zsetScore(z, m), what).toBe(model.items[i]![1]);
              const rv = zsetRank(z, m, true)!;
              expect(zsetRank(z, m, false)![0], what).toBe(i);
              expect(rv[0], what).toBe(model.items.length - 1 - i);
              void rank;
            }
          } else if (r < 0.72) {
            // Ranges by rank, score and lex (lex on an all-equal-score model only, where it is defined).
            const len = model.items.length;
            if (len > 0) {
              const a = rng.int(0, len - 1);
              const b = rng.int(a, len - 1);
              const rev = rng.chance(0.5);
              const got: Pair[] = [];
              zsetRangeByRank(z, a, b, rev, (mm, ss) => void got.push([mm, ss]));
              const src = rev ? model.items.slice().reverse() : model.items;
              expect(got, what).toEqual(src.slice(a, b + 1));
            }
            const sr = randomScoreRange(rng);
            const rev = rng.chance(0.5);
            const offset = rng.chance(0.7) ? 0 : rng.int(-1, 4);
            const limit = rng.chance(0.6) ? -1 : rng.int(0, 4);
            const got: Pair[] = [];
            const n = zsetRangeByScore(z, sr, rev, offset, limit, (mm, ss) => void got.push([mm, ss]));
            let want = model.items.filter((p) => inScore(p[1], sr));
            if (rev) want.reverse();
            if (offset < 0 || (offset > 0 && offset >= len)) want = [];
            else want = want.slice(offset, limit < 0 ? undefined : offset + limit);
            expect(got, `${what} ${JSON.stringify(sr)} rev ${rev} offset ${offset} limit ${limit}`).toEqual(want);
            expect(n).toBe(want.length);
            expect(zsetCount(z, sr), what).toBe(model.items.filter((p) => inScore(p[1], sr)).length);
          } else if (r < 0.76) {
            const sr = randomScoreRange(rng);
            const gone = model.items.filter((p) => inScore(p[1], sr));
            expect(zsetDeleteRangeByScore(z, sr), what).toBe(gone.length);
            model.items = model.items.filter((p) => !inScore(p[1], sr));
          } else if (r < 0.8) {
            const len = model.items.length;
            if (len > 0) {
              const a = rng.int(0, len - 1);
              const b = rng.int(a, Math.min(len - 1, a + 3));
              expect(zsetDeleteRangeByRank(z, a, b), what).toBe(b - a + 1);
              model.items.splice(a, b - a + 1);
            }
          } else if (r < 0.83) {
            const max = rng.chance(0.5);
            const end = zsetEnd(z, max);
            const want = max ? model.items[model.items.length - 1] : model.items[0];
            expect(end, what).toEqual(want);
          } else if (r < 0.86) {
            // ZSCAN: a listpack answers at once; a skiplist by cursor, each member once overall.
            const seen: Pair[] = [];
            let cursor = 0;
            let calls = 0;
            do {
              cursor = zsetScan(z, cursor, rng.int(1, 5), (mm, ss) => void seen.push([mm, ss]));
              calls++;
              if (z.encoding() === "listpack") expect(cursor).toBe(0);
            } while (cursor !== 0 && calls < 10_000);
            expect(seen.sort(cmpPair), what).toEqual(model.items);
          } else if (r < 0.88) {
            const c = z.clone();
            expectSame(c, model, `${what} (clone)`);
            zsetAdd(c, 1, "clone-only", 0, limits, res);
            expect(zsetScore(z, "clone-only")).toBeUndefined();
          } else if (r < 0.9) {
            zsetConvertToSkiplist(z);
            model.enc = "skiplist";
          } else if (r < 0.92) {
            const maxLen = Math.max(0, ...model.items.map((p) => p[0].length));
            zsetConvertToListpackIfNeeded(z, maxLen, limits);
            if (model.enc === "skiplist" && model.items.length <= limits.zsetMaxListpackEntries && maxLen <= limits.zsetMaxListpackValue) {
              model.enc = "listpack";
              model.items = model.items.map(([mm, ss]) => [mm, ss === 0 ? 0 : ss]);
            }
          } else {
            // Same-score sets make lex ranges meaningful: test them on a separate equal-score set.
            continue;
          }
          expectSame(z, model, what);
        }
      }
    });
  }

  it("answers lex ranges, counts and deletions on equal scores in both encodings", () => {
    const rng = seededRng("zset lex");
    const res = new ZaddResult();
    for (const limits of [LIMITS[0]!, LIMITS[3]!]) {
      for (let round = 0; round < 40; round++) {
        const z = zsetCreate(1, 0, limits);
        const members = new Set<string>();
        for (let i = rng.int(0, 30); i > 0; i--) members.add(randomMember(rng, 3));
        for (const m of members) zsetAdd(z, 7, m, 0, limits, res);
        const sorted = [...members].sort();
        for (let q = 0; q < 10; q++) {
          const lr = randomLexRange(rng);
          const inR = (m: string) => lexGteMin(m, lr) && lexLteMax(m, lr);
          const want = sorted.filter(inR);
          const rev = rng.chance(0.5);
          const offset = rng.chance(0.7) ? 0 : rng.int(0, 3);
          const limit = rng.chance(0.6) ? -1 : rng.int(0, 4);
          const got: string[] = [];
          zsetRangeByLex(z, lr, rev, offset, limit, (m) => void got.push(m));
          const w = rev ? want.slice().reverse() : want;
          expect(got, JSON.stringify(lr)).toEqual(w.slice(offset, limit < 0 ? undefined : offset + limit));
          expect(zsetLexCount(z, lr)).toBe(want.length);
        }
        const lr = randomLexRange(rng);
        const inR = (m: string) => lexGteMin(m, lr) && lexLteMax(m, lr);
        expect(zsetDeleteRangeByLex(z, lr)).toBe(sorted.filter(inR).length);
        zsetCheck(z);
        expect(contents(z).map((p) => p[0])).toEqual(sorted.filter((m) => !inR(m)));
      }
    }
  });

  it("runs Redis's listpack scans for lex ranges over mixed scores", () => {
    // zzlFirstInLexRange scans from the head for the first member ≥ min and stops there.
    const limits = LIMITS[0]!;
    const res = new ZaddResult();
    const z = zsetCreate(1, 0, limits);
    for (const [s, m] of [[1, "c"], [2, "a"], [3, "d"], [4, "b"]] as const) zsetAdd(z, s, m, 0, limits, res);
    const got: string[] = [];
    zsetRangeByLex(z, parseLexRange("[b", "+")!, false, 0, -1, (m) => void got.push(m));
    expect(got).toEqual(["c", "a", "d", "b"]);
    expect(zsetLexCount(z, parseLexRange("[b", "+")!)).toBe(4);
    expect(zsetLexCount(z, parseLexRange("-", "[b")!)).toBe(0);
  });

  it("creates and converts at the thresholds", () => {
    const l = { zsetMaxListpackEntries: 3, zsetMaxListpackValue: 4 };
    const res = new ZaddResult();
    expect(zsetCreate(3, 4, l).encoding()).toBe("listpack");
    expect(zsetCreate(4, 4, l).encoding()).toBe("skiplist");
    expect(zsetCreate(3, 5, l).encoding()).toBe("skiplist");
    const z = zsetCreate(1, 1, l);
    for (const m of ["a", "b", "c"]) zsetAdd(z, 1, m, 0, l, res);
    expect(z.encoding()).toBe("listpack");
    zsetAdd(z, 1, "c", ZADD_IN_INCR, l, res);
    expect(z.encoding()).toBe("listpack");
    zsetAdd(z, 1, "d", 0, l, res);
    expect(z.encoding()).toBe("skiplist");
    const y = zsetCreate(1, 1, l);
    zsetAdd(y, 1, "12345", ZADD_IN_XX, l, res);
    expect(y.encoding()).toBe("listpack");
    zsetAdd(y, 1, "12345", 0, l, res);
    expect(y.encoding()).toBe("skiplist");
    const w = zsetCreate(1, 1, l);
    zsetMaybeConvertForHint(w, 3, l);
    expect(w.encoding()).toBe("listpack");
    zsetMaybeConvertForHint(w, 4, l);
    expect(w.encoding()).toBe("skiplist");
    expect(zsetFromSorted(["a", "b", "c"], [1, 2, 3], 1, l).encoding()).toBe("listpack");
    expect(zsetFromSorted(["a", "b", "c", "d"], [1, 2, 3, 4], 1, l).encoding()).toBe("skiplist");
    expect(zsetFromSorted(["abcde"], [-0], 5, l).encoding()).toBe("skiplist");
    expect(Object.is(contents(zsetFromSorted(["x"], [-0], 1, l))[0]![1], 0)).toBe(true);
  });

  it("keeps -0 in a skiplist and stores 0 in a listpack", () => {
    const res = new ZaddResult();
    const lp = zsetCreate(1, 1, LIMITS[0]!);
    zsetAdd(lp, -0, "a", 0, LIMITS[0]!, res);
    expect(Object.is(zsetScore(lp, "a"), 0)).toBe(true);
    const sl = zsetCreate(1, 1, LIMITS[3]!);
    zsetAdd(sl, -0, "a", 0, LIMITS[3]!, res);
    expect(Object.is(zsetScore(sl, "a"), -0)).toBe(true);
  });
});

// ---------------------------------------------------------------- algebra and random picks

describe("zset algebra", () => {
  const limits = LIMITS[0]!;
  const res = new ZaddResult();
  function zsetOf(pairs: Pair[], l: ZsetLimits = limits): ZsetValue {
    const z = zsetCreate(pairs.length, 0, l);
    for (const [m, s] of pairs) zsetAdd(z, s, m, 0, l, res);
    return z;
  }

  it("matches a model over random inputs, weights and aggregates", () => {
    const rng = seededRng("zset algebra");
    const setLimits = { setMaxIntsetEntries: 512, setMaxListpackEntries: 128, setMaxListpackValue: 64 };
    for (let round = 0; round < 200; round++) {
      const n = rng.int(1, 4);
      const inputs: { value: ZsetValue | SetValue | undefined; weight: number; pairs: Pair[] }[] = [];
      for (let i = 0; i < n; i++) {
        const kind = rng.float();
        const members = new Map<string, number>();
        for (let k = rng.int(0, 8); k > 0; k--) members.set("abcdefgh"[rng.int(0, 7)]!, randomScore(rng));
        const weight = rng.chance(0.5) ? 1 : rng.pick([0, -1, 2, 0.5, Infinity]);
        if (kind < 0.15) inputs.push({ value: undefined, weight, pairs: [] });
        else if (kind < 0.35 && members.size > 0) {
          const ms = [...members.keys()];
          const set = SetValue.create(ms[0]!, ms.length, setLimits);
          for (const m of ms) set.add(m, setLimits);
          inputs.push({ value: set, weight, pairs: ms.map((m) => [m, 1]) });
        } else {
          const z = zsetOf([...members], rng.chance(0.5) ? limits : LIMITS[3]!);
          // The stored scores (a listpack turns -0 into 0).
          const pairs = contents(z).sort((a, b) => (a[0] < b[0] ? -1 : 1));
          inputs.push({ value: z, weight, pairs });
        }
      }
      const aggregate = rng.pick([AGGREGATE_SUM, AGGREGATE_MIN, AGGREGATE_MAX]) as Aggregate;
      const agg = (a: number, b: number): number => {
        if (aggregate === AGGREGATE_SUM) return Number.isNaN(a + b) ? 0 : a + b;
        return aggregate === AGGREGATE_MIN ? (b < a ? b : a) : b > a ? b : a;
      };
      const weighted = (w: number, s: number) => (Number.isNaN(w * s) ? 0 : w * s);
      const srcs = inputs.map((x) => ({ value: x.value, weight: x.weight }));
      // Union: sizes ascending (stable), aggregate in that order.
      const order = inputs.map((x, i) => ({ x, i })).sort((a, b) => a.x.pairs.length - b.x.pairs.length || a.i - b.i);
      const u = new Map<string, number>();
      for (const { x } of order) for (const [m, s] of x.pairs) u.set(m, u.has(m) ? agg(u.get(m)!, weighted(x.weight, s)) : weighted(x.weight, s));
      const union = zsetUnion(srcs, aggregate);
      expect(union.members.map((m, i) => [m, union.scores[i]])).toEqual([...u].sort(cmpPair));
      // Inter.
      const first = order[0]!.x;
      const inter: Pair[] = [];
      for (const [m, s] of first.pairs) {
        let score = weighted(first.weight, s);
        let all = true;
        for (const { x } of order.slice(1)) {
          const found = x.pairs.find((p) => p[0] === m);
          if (found === undefined) {
            all = false;
            break;
          }
          score = agg(score, found[1] * x.weight);
        }
        if (all) inter.push([m, score]);
      }
      const got = zsetInter(srcs, aggregate);
      expect(got.members.map((m, i) => [m, got.scores[i]])).toEqual(inter.sort(cmpPair));
      expect(zsetInterCard(srcs, 0)).toBe(inter.length);
      expect(zsetInterCard(srcs, 1)).toBe(Math.min(1, inter.length));
      // Diff.
      const diff = inputs[0]!.pairs.filter(([m]) => !inputs.slice(1).some((x) => x.pairs.some((p) => p[0] === m)));
      const d = zsetDiff(srcs);
      expect(d.members.map((m, i) => [m, d.scores[i]])).toEqual(diff.sort(cmpPair));
      expect(d.maxLen).toBe(Math.max(0, ...diff.map((p) => p[0].length)));
    }
  });

  it("empties a diff whose first input appears again", () => {
    const z = zsetOf([["a", 1]]);
    expect(zsetDiff([{ value: z, weight: 1 }, { value: z, weight: 1 }]).members).toEqual([]);
  });
});

describe("zset random picks", () => {
  const res = new ZaddResult();
  for (const limits of [LIMITS[0]!, LIMITS[3]!]) {
    it(`stay within the set and honour distinctness (${limits.zsetMaxListpackEntries === 0 ? "skiplist" : "listpack"})`, () => {
      const rng = seededRng(`zset random ${limits.zsetMaxListpackEntries}`);
      const rand = () => rng.float();
      const z = zsetCreate(1, 0, limits);
      const pairs: Pair[] = [];
      for (let i = 0; i < 40; i++) {
        pairs.push([`m${i}`, i * 1.5]);
        zsetAdd(z, i * 1.5, `m${i}`, 0, limits, res);
      }
      const score = new Map(pairs);
      const seen = new Set<string>();
      for (let i = 0; i < 400; i++) {
        const [m, s] = zsetRandomMember(z, rand);
        expect(score.get(m)).toBe(s);
        seen.add(m);
      }
      expect(seen.size).toBe(40);
      const rep: Pair[] = [];
      zsetRandomWithRepeats(z, 100, rand, (m, s) => void rep.push([m, s]));
      expect(rep.length).toBe(100);
      for (const [m, s] of rep) expect(score.get(m)).toBe(s);
      for (const count of [1, 2, 5, 13, 14, 30, 39, 40, 100]) {
        const got: Pair[] = [];
        zsetRandomDistinct(z, count, rand, (m, s) => void got.push([m, s]));
        expect(got.length).toBe(Math.min(count, 40));
        expect(new Set(got.map((p) => p[0])).size).toBe(got.length);
        for (const [m, s] of got) expect(score.get(m)).toBe(s);
        if (count >= 40) expect(got).toEqual(pairs.slice().reverse());
      }
    });
  }
});

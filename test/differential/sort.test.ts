/**
 * SORT and SORT_RO against a real redis-server, reply for reply: every option and their combinations
 * (BY with string and hash-field weights, missing weights, `nosort` and other constant patterns, GET
 * with `#`, hash fields and missing keys, LIMIT's clamping, ASC/DESC, ALPHA over binary values, STORE
 * over keys of every type), the numeric parser's edges (strtod's ERANGE, blanks, hex, NUL bytes), the
 * order of ties (the element tie-break of numeric sorts; ALPHA BY ties in qsort's and pqsort's order),
 * errors (syntax, LIMIT, WRONGTYPE, SORT_RO STORE), RESP3, keyspace events, hit/miss statistics and
 * COMMAND GETKEYS. Replies whose order Redis leaves unspecified (a hashtable set with nothing to sort)
 * are compared as multisets. Random sequences live in sort-random.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bin, oracleAvailable, type Pair } from "../support/differential.js";
import { parseResp, sameUnordered } from "./set-support.js";
import { bothSort, sameSort as same, sortScenario as scenario } from "./sort-support.js";
import { oracleSuite, sameEvents } from "./string-support.js";

const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";
const UTF8 = bin("héllo wörld ✓");

describe.skipIf(!oracleAvailable())("SORT / SORT_RO vs redis-server", () => {
  const suite = oracleSuite();

  async function pairWith(setup: readonly (readonly string[])[]): Promise<Pair> {
    const pair = await suite.fresh();
    await scenario(pair, setup);
    return pair;
  }

  it("numeric and ALPHA sorts of lists, ASC/DESC, repeated flags", async () => {
    const pair = await pairWith([["RPUSH", "l", "3", "1", "2", "10", "-5", "2.5", "1e1", "-0", "0", "+7", " 4"]]);
    await scenario(pair, [
      ["SORT", "l"],
      ["SORT", "l", "ASC"],
      ["SORT", "l", "DESC"],
      ["SORT", "l", "desc", "asc"],
      ["SORT", "l", "asc", "DESC"],
      ["SORT", "l", "ALPHA"],
      ["SORT", "l", "alpha", "desc"],
      ["SORT", "l", "alpha", "alpha", "DESC", "DESC"],
      ["SORT_RO", "l"],
      ["SORT_RO", "l", "DESC", "ALPHA"],
      ["SORT", "missing"],
      ["SORT", "missing", "ALPHA", "DESC", "LIMIT", "0", "5"],
      ["SORT_RO", "missing"],
    ]);
  });

  it("LIMIT: offsets and counts clamped as Redis does, huge and negative values, parse errors", async () => {
    const pair = await pairWith([["RPUSH", "l", "5", "3", "9", "1", "7", "2"]]);
    const limits = [
      ["0", "0"], ["0", "1"], ["0", "-1"], ["0", "-2"], ["0", "6"], ["0", "7"], ["2", "3"], ["5", "1"],
      ["5", "5"], ["6", "1"], ["7", "1"], ["-1", "2"], ["-5", "-1"], ["3", "0"], ["6", "0"], ["6", "-1"],
      [MAX, MAX], [MIN, MIN], [MIN, MAX], [MAX, "1"], ["0", MAX], ["0", MIN], ["1", MIN], ["5", MAX],
    ];
    for (const [a, b] of limits) {
      const extras = [
        [], ["DESC"], ["ALPHA"], ["BY", "nosort"], ["BY", "nosort", "DESC"], ["BY", "w_*"], ["BY", "w_*", "ALPHA"],
      ];
      for (const extra of extras) {
        await same(pair, ["SORT", "l", "LIMIT", a!, b!, ...extra]);
      }
      await same(pair, ["SORT", "missing", "LIMIT", a!, b!]);
    }
    await scenario(pair, [
      ["SORT", "l", "LIMIT", "0", "2", "LIMIT", "3", "2"],
      ["SORT", "l", "LIMIT", "x", "1"],
      ["SORT", "l", "LIMIT", "1", "x"],
      ["SORT", "l", "LIMIT", "1.5", "1"],
      ["SORT", "l", "LIMIT", "1", ""],
      ["SORT", "l", "LIMIT", "9223372036854775808", "1"],
      ["SORT", "l", "LIMIT", "0", "-9223372036854775809"],
      ["SORT", "l", "LIMIT", " 1", "1"],
      ["SORT", "l", "LIMIT", "01", "1"],
      ["SORT", "l", "LIMIT", "1"],
      ["SORT", "l", "LIMIT"],
      ["SORT", "l", "LIMIT", "0", "1", "DESC", "LIMIT"],
      ["SORT", "l", "LIMIT", "x", "1", "STORE"],
      ["SORT", "l", "bogus", "LIMIT", "x", "1"],
      ["SORT", "l", "LIMIT", "x", "1", "bogus"],
      ["SORT", "str", "LIMIT", "x", "1"],
    ]);
  });

  it("syntax errors, arity, WRONGTYPE, and SORT_RO refusing STORE", async () => {
    const pair = await pairWith([
      ["SET", "str", "1"],
      ["HSET", "h", "f", "1"],
      ["RPUSH", "l", "2", "1"],
      ["SADD", "s", "2", "1"],
    ]);
    await scenario(pair, [
      ["SORT"],
      ["SORT_RO"],
      ["sort"],
      ["SORT", "str"],
      ["SORT", "h"],
      ["SORT_RO", "str"],
      ["SORT_RO", "h", "ALPHA"],
      ["SORT", "str", "BY", "nosort"],
      ["SORT", "str", "STORE", "dst"],
      ["EXISTS", "dst"],
      ["SORT", "h", "bogus"],
      ["SORT", "l", "bogus"],
      ["SORT", "l", "ASC", "bogus"],
      ["SORT", "l", "STORE"],
      ["SORT", "l", "BY"],
      ["SORT", "l", "GET"],
      ["SORT", "l", "ALPHA", "GET", "#", "BY"],
      ["SORT", "l", "STORE", "dst", "bogus"],
      ["EXISTS", "dst"],
      ["SORT_RO", "l", "STORE", "dst"],
      ["SORT_RO", "l", "STORE"],
      ["SORT_RO", "l", "store", "dst", "ALPHA"],
      ["SORT_RO", "missing", "STORE", "dst"],
      ["SORT_RO", "str", "STORE", "dst"],
      ["EXISTS", "dst"],
      ["SORT_RO", "l", "BY", "nosort", "GET", "#", "LIMIT", "0", "1", "DESC", "ALPHA"],
      ["SORT", "l", "asc\0junk"],
      ["SORT", "l", "LIMIT\0", "0", "1"],
      ["SORT", "l", "DESCX"],
      ["SORT", "s"],
      ["SORT_RO", "s", "DESC"],
    ]);
  });

  it("the numeric parser: strtod's grammar, blanks, NUL bytes, ERANGE on overflow and inexact underflow", async () => {
    const pair = await suite.fresh();
    const values = [
      "1e-310", "0x1p-1074", "4.9406564584124654e-324", "1e-400", "0e-400", "-0e-999", "1e400", "-1e400", "", " 5",
      "\t\n\v\f\r6", "5 ", "0x10", "0X1.8P1", "-0x.8", "0x", "0x1p", "0xg", "inf", "-infinity", "INF", "+Infinity",
      "infinit", "nan", "-nan", "nan(123)", "1e", "1e+", ".", "-", "+", "  ", "1.", ".5", "-.5e-3", "0x1p-1022",
      "2.2250738585072011e-308", "2.2250738585072013e-308", "0x1.fffffffffffffp-1023", "0x1.fffffffffffff8p-1023",
      "0x1.fffffffffffff7p-1023", "-0x1p-1080", "1e-4000", "1.7976931348623157e308", "1.7976931348623159e308",
      "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023", "5\0abc", "\0", "\x005", " \0", "12abc", "1_000",
      "1,5", "٣", "00012", "-0", "1e0001", "123456789012345678901234567890", "0.1e-320", "1e-320",
      "2.4703282292062328e-324", "2.4703282292062327e-324",
    ];
    for (const v of values) {
      await same(pair, ["DEL", "l"]);
      await same(pair, ["RPUSH", "l", v, "1", "-1"]);
      await same(pair, ["SORT", "l"]);
      await same(pair, ["SORT", "l", "DESC", "LIMIT", "0", "2"]);
      // As a weight (looked up through BY) instead of an element.
      await same(pair, ["DEL", "k"]);
      await same(pair, ["RPUSH", "k", "a", "b"]);
      await same(pair, ["SET", "w_a", v]);
      await same(pair, ["SORT", "k", "BY", "w_*"]);
      await same(pair, ["SORT", "k", "BY", "w_*", "STORE", "d"]);
      await same(pair, ["LRANGE", "d", "0", "-1"]);
    }
  });

  it("BY: string weights, hash fields, missing weights, constant patterns, C-string patterns", async () => {
    const pair = await pairWith([
      ["RPUSH", "l", "a", "b", "c", "d", "e", "f"],
      ["MSET", "w_a", "3", "w_b", "1", "w_c", "2", "w_e", "1", "w_f", "-1"],
      ["HSET", "h_a", "f", "30", "g", "z"],
      ["HSET", "h_b", "f", "10", "g", "y"],
      ["HSET", "h_c", "f", "20"],
      ["HSET", "h_d", "other", "5"],
      ["SET", "h_e", "9"],
      ["MSET", "a_w", "5", "b_w", "4", "c_w", "3", "d_w", "2", "e_w", "1", "f_w", "0"],
      ["HSET", "x->y_a", "f", "1"],
      ["SET", "w_a->", "8"],
      ["SET", "wa->f", "7"],
      ["SADD", "w_d", "1"],
    ]);
    const bys = [
      "w_*", "h_*->f", "h_*->g", "*_w", "*", "nosort", "constant", "#", "w_*->", "w_*->f", "h_*->", "h_*->f->g",
      "x->y_*", "x->y_*->f", "*->f", "w_**", "w_\0*", "w_*\0junk", "h_*->\0f", "h_*-\0>f", "w_*->\0",
      "", "**", "h_*->missing",
    ];
    for (const by of bys) {
      const extras = [[], ["DESC"], ["ALPHA"], ["ALPHA", "DESC"], ["LIMIT", "1", "3"], ["ALPHA", "LIMIT", "0", "2"]];
      for (const extra of extras) {
        await same(pair, ["SORT", "l", "BY", by, ...extra]);
      }
    }
    await scenario(pair, [
      // A constant BY is sticky: a later BY with a '*' does not bring sorting back.
      ["SORT", "l", "BY", "nosort", "BY", "w_*"],
      ["SORT", "l", "BY", "w_*", "BY", "nosort"],
      ["SORT", "l", "BY", "w_*", "BY", "*_w"],
      ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
      ["SORT", "l", "BY", "nosort", "LIMIT", "4", "10"],
      ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "4", "10"],
      ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "-3", "2"],
      // Weights that are not numbers.
      ["SET", "bad_a", "abc"],
      ["SORT", "l", "BY", "bad_*"],
      ["SORT", "l", "BY", "bad_*", "ALPHA"],
      ["SORT", "l", "BY", "bad_*", "LIMIT", "0", "0"],
      ["SORT", "l", "BY", "bad_*", "STORE", "dst"],
      ["EXISTS", "dst"],
      ["SORT", "l", "BY", "nosort", "GET", "bad_*"],
    ]);
  });

  it("GET: #, string keys, hash fields, missing keys, constant patterns, repeated, with STORE", async () => {
    const pair = await pairWith([
      ["RPUSH", "l", "3", "1", "2", "4"],
      ["MSET", "o_1", "one", "o_2", "two", "o_3", bin("três")],
      ["HSET", "h_1", "n", "uno"],
      ["HSET", "h_2", "n", "dos", "m", ""],
      ["HSET", "h_4", "other", "x"],
      ["SET", "h_3", "notahash"],
      ["RPUSH", "o_4", "alist"],
      ["SET", "plain", "constant"],
    ]);
    const gets = [["GET", "#"], ["GET", "o_*"], ["GET", "h_*->n"], ["GET", "h_*->m"], ["GET", "plain"], ["GET", "#x"],
      ["GET", "*"], ["GET", "o_*->"], ["GET", "h_*->"], ["GET", "#\0junk"], ["GET", "o_*\0x"]];
    for (const g of gets) {
      await same(pair, ["SORT", "l", ...g]);
      await same(pair, ["SORT", "l", ...g, "DESC", "LIMIT", "1", "2"]);
    }
    await scenario(pair, [
      ["SORT", "l", "GET", "#", "GET", "o_*", "GET", "h_*->n", "GET", "#"],
      ["SORT", "l", "GET", "o_*", "ALPHA", "GET", "#", "LIMIT", "0", "3", "DESC"],
      ["SORT", "l", "BY", "nosort", "GET", "o_*"],
      ["SORT", "l", "BY", "o_*", "ALPHA", "GET", "#", "GET", "o_*"],
      ["SORT", "l", "LIMIT", "0", "0", "GET", "#"],
      ["SORT", "missing", "GET", "#", "GET", "o_*"],
      ["SORT", "l", "GET", "#", "GET", "o_*", "GET", "h_*->n", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "l", "GET", "plain", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "l", "GET", "nokey", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "l", "LIMIT", "0", "0", "GET", "#", "STORE", "dst"],
      ["EXISTS", "dst"],
    ]);
  });

  it("ALPHA over binary and non-ASCII values: bytes compared, strcoll stopping at NUL without STORE", async () => {
    const pair = await pairWith([
      ["RPUSH", "l", "b", "a\0c", "a\0b", "a", "\xff", "\x80", UTF8, "", "A", "a\0", "\0", "\0\0", "ab", "a\x01", "Z"],
      ["RPUSH", "w", "1", "2", "3", "4", "5", "6"],
      ["MSET", "k_1", "x\0b", "k_2", "x\0a", "k_3", "x", "k_4", "x\0a", "k_5", "\xfe", "k_6", ""],
    ]);
    await scenario(pair, [
      ["SORT", "l", "ALPHA"],
      ["SORT", "l", "ALPHA", "DESC"],
      ["SORT", "l", "ALPHA", "LIMIT", "2", "5"],
      ["SORT", "l", "ALPHA", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "l", "ALPHA", "DESC", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "w", "BY", "k_*", "ALPHA"],
      ["SORT", "w", "BY", "k_*", "ALPHA", "DESC"],
      ["SORT", "w", "BY", "k_*", "ALPHA", "LIMIT", "1", "3"],
      ["SORT", "w", "BY", "k_*", "ALPHA", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "w", "BY", "k_*", "ALPHA", "DESC", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "l", "BY", "nosort", "GET", "#"],
      ["SORT", "l"],
    ]);
  });

  it("ties: numeric ties broken by the element, ALPHA BY ties in qsort's and pqsort's order", async () => {
    const n = 120;
    const pair = await suite.fresh();
    const elems = Array.from({ length: n }, (_, i) => `e${(i * 37) % n}`);
    await same(pair, ["RPUSH", "l", ...elems]);
    for (let i = 0; i < n; i++) if (i % 3 !== 0) await same(pair, ["SET", `w_e${i}`, String(i % 4)]);
    for (let i = 0; i < n; i++) if (i % 5 !== 0) await same(pair, ["HSET", `h_e${i}`, "f", i % 2 === 0 ? "x" : "y"]);
    const limits = [[], ["LIMIT", "0", "1"], ["LIMIT", "0", "10"], ["LIMIT", "5", "7"], ["LIMIT", "50", "30"],
      ["LIMIT", "110", "50"], ["LIMIT", "1", "-1"], ["LIMIT", "0", String(n - 1)], ["LIMIT", "0", String(n)]];
    for (const lim of limits) {
      for (const by of ["w_*", "h_*->f", "nothing_*"]) {
        await same(pair, ["SORT", "l", "BY", by, ...lim]);
        await same(pair, ["SORT", "l", "BY", by, "DESC", ...lim]);
        await same(pair, ["SORT", "l", "BY", by, "ALPHA", ...lim]);
        await same(pair, ["SORT", "l", "BY", by, "ALPHA", "DESC", ...lim]);
        await same(pair, ["SORT", "l", "BY", by, "ALPHA", "DESC", ...lim, "STORE", "d"]);
        await same(pair, ["LRANGE", "d", "0", "-1"]);
      }
    }
    // Small vectors take pqsort's insertion sort (n < 7) and median-of-three (n ≤ 40) paths.
    for (const size of [2, 5, 6, 7, 8, 12, 40, 41]) {
      await same(pair, ["DEL", "m"]);
      await same(pair, ["RPUSH", "m", ...elems.slice(0, size)]);
      for (const lim of [["LIMIT", "0", "1"], ["LIMIT", "1", "3"], ["LIMIT", String(size - 2), "5"]]) {
        await same(pair, ["SORT", "m", "BY", "h_*->f", "ALPHA", ...lim]);
        await same(pair, ["SORT", "m", "BY", "w_*", "ALPHA", "DESC", ...lim]);
        await same(pair, ["SORT", "m", "BY", "w_*", ...lim]);
      }
    }
  });

  it("STORE: over keys of every type, TTLs dropped, empty results delete, the source as destination", async () => {
    const pair = await pairWith([
      ["RPUSH", "l", "3", "1", "2"],
      ["SET", "str", "x"],
      ["HSET", "h", "f", "v"],
      ["SADD", "s", "9", "8"],
      ["RPUSH", "dl", "old"],
      ["SET", "ttl", "x", "EX", "1000"],
    ]);
    await scenario(pair, [
      ["SORT", "l", "STORE", "str"],
      ["TYPE", "str"],
      ["LRANGE", "str", "0", "-1"],
      ["SORT", "l", "DESC", "STORE", "h"],
      ["LRANGE", "h", "0", "-1"],
      ["SORT", "l", "STORE", "s"],
      ["LRANGE", "s", "0", "-1"],
      ["SORT", "l", "ALPHA", "STORE", "dl"],
      ["LRANGE", "dl", "0", "-1"],
      ["SORT", "l", "STORE", "ttl"],
      ["TTL", "ttl"],
      ["SORT", "l", "STORE", "new"],
      ["LRANGE", "new", "0", "-1"],
      ["SORT", "l", "STORE", "a", "STORE", "b"],
      ["EXISTS", "a"],
      ["LRANGE", "b", "0", "-1"],
      ["SORT", "missing", "STORE", "b"],
      ["EXISTS", "b"],
      ["SORT", "missing", "STORE", "b"],
      ["SORT", "l", "LIMIT", "5", "5", "STORE", "new"],
      ["EXISTS", "new"],
      ["SORT", "l", "DESC", "STORE", "l"],
      ["LRANGE", "l", "0", "-1"],
      ["SORT", "l", "LIMIT", "1", "1", "STORE", "l"],
      ["LRANGE", "l", "0", "-1"],
      ["SORT", "l", "LIMIT", "3", "1", "STORE", "l"],
      ["EXISTS", "l"],
      ["SORT", "str", "STORE", "str"],
      ["RPUSH", "big", ...Array.from({ length: 300 }, (_, i) => String((i * 7919) % 1000))],
      ["SORT", "big", "STORE", "bigd"],
      ["LLEN", "bigd"],
      ["LRANGE", "bigd", "0", "-1"],
      ["SORT", "big", "GET", "#", "GET", "#", "LIMIT", "10", "70", "STORE", "bigd"],
      ["LRANGE", "bigd", "0", "-1"],
      ["SORT", "big", "BY", "nosort", "DESC", "LIMIT", "0", "200", "STORE", "bigd"],
      ["LRANGE", "bigd", "0", "-1"],
      ["SORT", "big", "BY", "nosort", "LIMIT", "290", "200", "GET", "#"],
      ["SORT", "l", "STORE", UTF8],
      ["LRANGE", UTF8, "0", "-1"],
      ["SORT", "l", "STORE", ""],
      ["LRANGE", "", "0", "-1"],
    ]);
  });

  it("sets: intsets in order, other sets with nothing to sort as multisets, STORE forcing ALPHA", async () => {
    const pair = await pairWith([
      ["SADD", "i", "5", "-3", "12", "0", "100", "7"],
      ["SADD", "t", "pear", "apple", "fig", "kiwi", "banana", "10", "9"],
      ["SADD", "big", ...Array.from({ length: 200 }, (_, i) => `m${(i * 13) % 200}`)],
      ["MSET", "w_pear", "1", "w_apple", "2", "w_fig", "2", "w_kiwi", "0"],
    ]);
    await scenario(pair, [
      ["SORT", "i"],
      ["SORT", "i", "DESC"],
      ["SORT", "i", "ALPHA"],
      ["SORT", "i", "BY", "nosort"],
      ["SORT", "i", "BY", "nosort", "DESC"],
      ["SORT", "i", "BY", "nosort", "LIMIT", "2", "3"],
      ["SORT", "i", "BY", "nosort", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "i", "BY", "nosort", "DESC", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "t", "ALPHA"],
      ["SORT", "t", "ALPHA", "DESC", "LIMIT", "1", "4"],
      ["SORT", "t"],
      ["SORT", "t", "BY", "w_*"],
      ["SORT", "t", "BY", "w_*", "DESC", "LIMIT", "0", "3"],
      ["SORT", "t", "BY", "nosort", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "t", "BY", "nosort", "DESC", "LIMIT", "1", "3", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "t", "BY", "w_*", "BY", "nosort", "GET", "#", "GET", "w_*", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SORT", "big", "ALPHA", "LIMIT", "10", "20"],
      ["SORT", "big", "BY", "nosort", "STORE", "d"],
      ["LRANGE", "d", "0", "-1"],
      ["SCARD", "t"],
    ]);
    for (const argv of [
      ["SORT", "t", "BY", "nosort"],
      ["SORT", "t", "BY", "nosort", "DESC"],
      ["SORT", "big", "BY", "nosort"],
      ["SORT_RO", "big", "BY", "nosort", "LIMIT", "0", "1000"],
    ]) {
      await sameUnordered(pair, argv);
    }
    // GET pairs: the same (element, weight) groups in any order.
    const r2 = await bothSort(pair, ["SORT", "t", "BY", "nosort", "GET", "#", "GET", "w_*"]);
    const groups = (frame: string) => {
      const flat = parseResp(frame) as unknown[];
      const out: string[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push(JSON.stringify(flat.slice(i, i + 2)));
      return out.sort();
    };
    expect(groups(r2.ours)).toEqual(groups(r2.theirs));
    // With a LIMIT, which members come back depends on the iteration order: count them only.
    const r = await bothSort(pair, ["SORT", "big", "BY", "nosort", "LIMIT", "10", "5"]);
    expect((parseResp(r.ours) as unknown[]).length).toBe((parseResp(r.theirs) as unknown[]).length);
  });

  it("RESP3: the same arrays, nulls for missing GET keys", async () => {
    const pair = await pairWith([
      ["RPUSH", "l", "2", "1"],
      ["SET", "o_1", "x"],
    ]);
    try {
      await scenario(pair, [
        ["HELLO", "3"],
        ["SORT", "l", "GET", "o_*", "GET", "#"],
        ["SORT", "missing"],
        ["SORT", "l", "STORE", "d"],
        ["SORT", "l", "LIMIT", "x", "1"],
        ["SORT_RO", "l", "BY", "nosort"],
      ]);
    } finally {
      await same(pair, ["HELLO", "2"]);
    }
  });

  it("keyspace events: sortstore, new, del of an emptied destination, keymiss of pattern lookups", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["RPUSH", "l", "2", "1", "3"],
        ["SET", "w_1", "5"],
        ["SORT", "l", "STORE", "d"],
        ["SORT", "l", "DESC", "STORE", "d"],
        ["SORT", "l", "BY", "w_*", "GET", "o_*", "GET", "#"],
        ["SORT", "l", "BY", "w_*", "STORE", "d2"],
        ["SORT", "missing", "STORE", "d"],
        ["SORT", "missing", "STORE", "d"],
        ["SORT", "l", "LIMIT", "9", "1", "STORE", "d2"],
        ["SET", "str", "x"],
        ["SORT", "l", "STORE", "str"],
        ["SORT", "missing"],
        ["SORT_RO", "l", "BY", "nosort", "GET", "nokey_*"],
        ["SORT", "str"],
        ["SORT", "l", "BY", "bad"],
      ]);
    });
  });

  it("keyspace hits and misses: one read per pattern lookup, as lookupKeyRead counts them", async () => {
    const pair = await pairWith([
      ["RPUSH", "l", "2", "1", "3"],
      ["MSET", "w_1", "5", "o_2", "x"],
      ["HSET", "h_3", "f", "1"],
    ]);
    const stats = async (): Promise<void> => {
      const r = await pair.both(["INFO", "stats"]);
      const pick = (frame: string) => frame.split("\r\n").filter((l) => /^keyspace_(hits|misses):/.test(l));
      expect(pick(r.ours)).toEqual(pick(r.theirs));
    };
    await same(pair, ["CONFIG", "RESETSTAT"]);
    for (const argv of [
      ["SORT", "l"],
      ["SORT", "missing"],
      ["SORT", "l", "BY", "w_*"],
      ["SORT", "l", "BY", "h_*->f", "GET", "#", "GET", "o_*", "GET", "h_*->f", "GET", "const"],
      ["SORT", "l", "BY", "nosort", "GET", "o_*", "LIMIT", "1", "1"],
      ["SORT", "l", "BY", "w_*", "STORE", "d"],
      ["SORT", "l", "BY", "bad", "LIMIT", "0", "1", "GET", "o_*", "DESC"],
    ]) {
      await same(pair, argv);
      await stats();
    }
  });

  it("COMMAND GETKEYS / GETKEYSANDFLAGS: the source, and the last STORE destination", async () => {
    const pair = await suite.fresh();
    for (const argv of [
      ["SORT", "k"],
      ["SORT", "k", "STORE", "d"],
      ["SORT", "k", "STORE", "d", "STORE", "e"],
      ["SORT", "k", "BY", "w_*", "GET", "#", "LIMIT", "0", "1", "STORE", "d"],
      ["SORT", "k", "GET", "store", "STORE", "d"],
      ["SORT", "k", "LIMIT", "store", "x", "ALPHA"],
      ["SORT", "k", "STORE"],
      ["SORT_RO", "k", "STORE", "d"],
      ["SORT_RO", "k", "BY", "x"],
    ]) {
      await same(pair, ["COMMAND", "GETKEYS", ...argv]);
      await same(pair, ["COMMAND", "GETKEYSANDFLAGS", ...argv]);
    }
    await scenario(pair, [
      ["COMMAND", "INFO", "sort", "sort_ro"],
    ]);
  });

  it("expired keys: the source, weights and GET keys expire lazily; an expired destination is deleted", async () => {
    const pair = await pairWith([
      ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
      ["RPUSH", "l", "2", "1"],
      ["MSET", "w_1", "9", "o_2", "x"],
      ["PEXPIRE", "w_1", "1"],
      ["PEXPIRE", "o_2", "1"],
      ["SET", "dst", "v", "PX", "1"],
      ["RPUSH", "gone", "1"],
      ["PEXPIRE", "gone", "1"],
    ]);
    await new Promise((r) => setTimeout(r, 20));
    try {
      await scenario(pair, [
        ["SORT", "l", "BY", "w_*", "GET", "o_*", "GET", "#"],
        ["SORT", "gone"],
        ["SORT", "l", "LIMIT", "5", "1", "STORE", "dst"],
        ["EXISTS", "dst"],
        ["DBSIZE"],
      ]);
    } finally {
      await same(pair, ["DEBUG", "SET-ACTIVE-EXPIRE", "1"]);
    }
  });
});

/**
 * The set group against a real redis-server, reply for reply: hand-written edge cases for every
 * command — wrong types, arity, zero/negative/huge counts, missing keys, non-ASCII and binary members,
 * canonical vs non-canonical integers, the intset threshold, STORE destinations, SINTERCARD's grammar,
 * SSCAN over compact and hashtable sets, RESP3 shapes and keyspace events. Replies whose order Redis
 * leaves unspecified are compared as multisets; intset replies (ascending) exactly. Random sequences
 * live in set-random.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bin, oracleAvailable } from "../support/differential.js";
import { oracleSuite, sameEvents } from "./string-support.js";
import { parseResp, same, sameScan, sameSetEncoding, sameUnordered, scenario, sortedMembers } from "./set-support.js";

const BIN = "\x00\xff\x00a\r\n\xfe";
const UTF8 = bin("héllo wörld ✓");
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";
const NON_CANONICAL = ["+1", "-0", " 1", "1 ", "01", "1.0", "0x10", "9223372036854775808", "-9223372036854775809", "1e3", ""];

const range = (n: number, f: (i: number) => string = String): string[] => Array.from({ length: n }, (_, i) => f(i));

describe.skipIf(!oracleAvailable())("set commands vs redis-server", () => {
  const suite = oracleSuite();


  it("SADD, SCARD, SISMEMBER, SMISMEMBER: basics, missing keys, wrong types, arity", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "s", "a", "b", "c", "a"],
      ["SADD", "s", "a"],
      ["SADD", "s", "d", "d", "e"],
      ["SCARD", "s"],
      ["SISMEMBER", "s", "a"],
      ["SISMEMBER", "s", "z"],
      ["SISMEMBER", "s", ""],
      ["SISMEMBER", "missing", "a"],
      ["SMISMEMBER", "s", "a", "z", "b", "a"],
      ["SMISMEMBER", "missing", "a", "b"],
      ["SCARD", "missing"],
      ["SADD", "str", "x"],
      ["SISMEMBER", "str", "a"],
      ["SMISMEMBER", "str", "a"],
      ["SCARD", "str"],
      ["SADD", "s"],
      ["SADD"],
      ["sadd", "s"],
      ["SISMEMBER", "s"],
      ["SISMEMBER", "s", "a", "b"],
      ["SMISMEMBER", "s"],
      ["SCARD"],
      ["SCARD", "a", "b"],
      ["sCaRd", "s"],
      ["TYPE", "s"],
    ]);
    await sameSetEncoding(pair, "s");
    await sameUnordered(pair, ["SMEMBERS", "s"]);
  });

  it("binary, empty and UTF-8 members", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "b", BIN, "", UTF8, "\x00", "\xff", "a\x00b"],
      ["SADD", "b", "a\x00c", "a\x00b"],
      ["SCARD", "b"],
      ["SISMEMBER", "b", ""],
      ["SISMEMBER", "b", "a"],
      ["SISMEMBER", "b", "a\x00b"],
      ["SMISMEMBER", "b", BIN, UTF8, "\x00\x00"],
      ["SREM", "b", "", "\x00"],
      ["SCARD", "b"],
      ["SADD", bin("ключ"), bin("значение")],
      ["SISMEMBER", bin("ключ"), bin("значение")],
    ]);
    await sameUnordered(pair, ["SMEMBERS", "b"]);
    await sameScan(pair, "b");
    await sameScan(pair, "b", ["MATCH", "a*"]);
  });

  it("integers: intset order, int64 edges, non-canonical spellings are strings", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "i", "3", "1", "2", "-5", MAX, MIN, "0", "-1", "9007199254740993", "9007199254740992"],
      ["SMEMBERS", "i"],
      ["OBJECT", "ENCODING", "i"],
      ["SISMEMBER", "i", MAX],
      ["SISMEMBER", "i", "03"],
      ["SISMEMBER", "i", "+3"],
      ["SISMEMBER", "i", "3.0"],
      ["SMISMEMBER", "i", ...NON_CANONICAL],
      ["SREM", "i", "01", "+1", "1"],
      ["SMEMBERS", "i"],
      ["SRANDMEMBER", "i", MAX],
      ["SSCAN", "i", "0"],
      ["SSCAN", "i", "123"],
      ["SSCAN", "i", "0", "MATCH", "*9*"],
      ["SUNION", "i", "missing"],
      ["SINTER", "i", "i"],
      ["SDIFF", "i", "missing"],
    ]);
    for (const x of NON_CANONICAL) {
      await same(pair, ["SADD", "n", x]);
      await sameSetEncoding(pair, "n");
      await same(pair, ["SISMEMBER", "n", x]);
    }
    await sameUnordered(pair, ["SMEMBERS", "n"]);
  });

  it("the intset threshold (set-max-intset-entries) and conversions to other encodings", async () => {
    const pair = await suite.withString();
    for (const n of [511, 512, 513]) {
      await same(pair, ["SADD", `k${n}`, ...range(n)]);
      await sameSetEncoding(pair, `k${n}`);
    }
    await same(pair, ["SADD", "k512", "1000"]);
    await sameSetEncoding(pair, "k512");
    await same(pair, ["SREM", "k512", "1000", "0", "1"]);
    await sameSetEncoding(pair, "k512"); // never converted back
    // One by one across the boundary.
    for (let i = 0; i < 515; i++) {
      await same(pair, ["SADD", "grow", String(i * 7 - 1000)]);
      if (i >= 510) await sameSetEncoding(pair, "grow");
    }
    // A non-integer turns an intset into another encoding (listpack in 7.2, hashtable in 7.0).
    await same(pair, ["SADD", "mix", "1", "2", "3"]);
    await same(pair, ["SADD", "mix", "x"]);
    await sameSetEncoding(pair, "mix");
    await same(pair, ["SREM", "mix", "x"]);
    await sameSetEncoding(pair, "mix");
    await sameUnordered(pair, ["SMEMBERS", "mix"]);
    // A small configured threshold, on both sides.
    await same(pair, ["CONFIG", "SET", "set-max-intset-entries", "4"]);
    try {
      await same(pair, ["SADD", "t", "1", "2", "3", "4"]);
      await sameSetEncoding(pair, "t");
      await same(pair, ["SADD", "t", "5"]);
      await sameSetEncoding(pair, "t");
      await same(pair, ["SADD", "t2", "1", "2", "3", "4", "5"]);
      await sameSetEncoding(pair, "t2");
    } finally {
      await same(pair, ["CONFIG", "SET", "set-max-intset-entries", "512"]);
    }
  });

  it("SREM: counts, deleting the emptied key, missing keys, wrong types, arity", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "s", "a", "b", "c"],
      ["SREM", "s", "a", "z", "a"],
      ["SCARD", "s"],
      ["SREM", "s", "b", "c", "d"],
      ["EXISTS", "s"],
      ["SREM", "s", "b"],
      ["SREM", "missing", "a"],
      ["SREM", "str", "a"],
      ["SREM", "s"],
      ["SADD", "i", "1", "2", "3"],
      ["SREM", "i", "1", "x", "2"],
      ["SMEMBERS", "i"],
      ["SREM", "i", "3"],
      ["TYPE", "i"],
    ]);
  });

  it("SMOVE: every branch", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SMOVE", "missing", "str", "a"],
      ["SMOVE", "missing", "d", "a"],
      ["SADD", "src", "a", "b", "1"],
      ["SMOVE", "str", "src", "a"],
      ["SMOVE", "src", "str", "a"],
      ["SMOVE", "src", "str", "zz"],
      ["SMOVE", "src", "src", "a"],
      ["SMOVE", "src", "src", "zz"],
      ["SMOVE", "src", "dst", "zz"],
      ["EXISTS", "dst"],
      ["SMOVE", "src", "dst", "1"],
      ["OBJECT", "ENCODING", "dst"],
      ["SMOVE", "src", "dst2", "a"],
      ["SADD", "dst", "b"],
      ["SMOVE", "src", "dst", "b"],
      ["EXISTS", "src"],
      ["SCARD", "dst"],
      ["SMOVE", "dst", "src", "b"],
      ["SMOVE", "a"],
      ["SMOVE", "a", "b", "c", "d"],
    ]);
    await sameSetEncoding(pair, "dst2");
    await sameUnordered(pair, ["SMEMBERS", "dst2"]);
    await sameUnordered(pair, ["SMEMBERS", "src"]);
  });

  it("SPOP: counts (zero, negative, huge, not integers), missing keys, wrong types, syntax", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SPOP", "missing"],
      ["SPOP", "missing", "0"],
      ["SPOP", "missing", "5"],
      ["SPOP", "missing", "-1"],
      ["SPOP", "str"],
      ["SPOP", "str", "1"],
      ["SPOP", "str", "-1"],
      ["SPOP", "str", "abc"],
      ["SADD", "s", "3", "1", "2"],
      ["SPOP", "s", "0"],
      ["SPOP", "s", "-1"],
      ["SPOP", "s", MIN],
      ["SPOP", "s", "abc"],
      ["SPOP", "s", "1.5"],
      ["SPOP", "s", ""],
      ["SPOP", "s", "9223372036854775808"],
      ["SPOP", "s", "1", "2"],
      ["SPOP", "s", "1", "2", "3"],
      ["SPOP"],
      ["SCARD", "s"],
      ["SPOP", "s", MAX], // the whole intset, ascending
      ["EXISTS", "s"],
      ["SADD", "one", "x"],
      ["SPOP", "one"],
      ["EXISTS", "one"],
      ["SADD", "one", "y"],
      ["SPOP", "one", "1"],
      ["EXISTS", "one"],
      ["SADD", "two", "1", "2"],
      ["SPOP", "two", "2"],
    ]);
    await same(pair, ["SADD", "i", ...range(600)]);
    await sameUnordered(pair, ["SPOP", "i", "600"]);
    await same(pair, ["EXISTS", "i"]);
    // Random pops: the popped members are distinct members and the rest stays.
    for (const [label, members] of [
      ["ints", range(40)],
      ["strings", range(40, (i) => `m${i}`)],
      ["big", range(300, (i) => `m${i}`)],
      ["bigints", range(500)],
    ] as const) {
      for (const count of ["1", "3", "10", "25", "39"]) {
        const key = `${label}:${count}`;
        await same(pair, ["SADD", key, ...members]);
        const ours = parseResp(await pair.ours.send(["SPOP", key, count]));
        const all = new Set(members);
        expect(Array.isArray(ours)).toBe(true);
        const popped = ours as string[];
        expect(popped.length).toBe(Number(count));
        expect(new Set(popped).size).toBe(popped.length);
        for (const m of popped) expect(all.has(m)).toBe(true);
        const left = sortedMembers(parseResp(await pair.ours.send(["SMEMBERS", key])))!;
        expect(left).toEqual(members.filter((m) => !popped.includes(m)).sort());
      }
    }
  });

  it("SRANDMEMBER: counts (zero, ±1, negative, huge, not integers), missing keys, wrong types", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SRANDMEMBER", "missing"],
      ["SRANDMEMBER", "missing", "0"],
      ["SRANDMEMBER", "missing", "5"],
      ["SRANDMEMBER", "missing", "-5"],
      ["SRANDMEMBER", "missing", "-9223372036854775807"],
      ["SRANDMEMBER", "missing", MIN],
      ["SRANDMEMBER", "missing", "abc"],
      ["SRANDMEMBER", "str"],
      ["SRANDMEMBER", "str", "1"],
      ["SRANDMEMBER", "str", MIN],
      ["SRANDMEMBER", "str", "x"],
      ["SADD", "one", "only"],
      ["SRANDMEMBER", "one"],
      ["SRANDMEMBER", "one", "1"],
      ["SRANDMEMBER", "one", "-1"],
      ["SRANDMEMBER", "one", "-7"],
      ["SRANDMEMBER", "one", "7"],
      ["SRANDMEMBER", "one", "0"],
      ["SRANDMEMBER", "one", MIN],
      ["SRANDMEMBER", "one", "1.5"],
      ["SRANDMEMBER", "one", "9223372036854775808"],
      ["SRANDMEMBER", "one", "1", "2"],
      ["SRANDMEMBER"],
      ["SADD", "i", "5", "-3", "10", "0"],
      ["SRANDMEMBER", "i", "4"],
      ["SRANDMEMBER", "i", "100"],
      ["SRANDMEMBER", "i", MAX],
    ]);
    for (const [key, members] of [
      ["ints", range(30)],
      ["strings", range(30, (i) => `m${i}`)],
      ["big", range(400, (i) => `m${i}`)],
      ["bigints", range(500, (i) => String(i * 3))],
    ] as const) {
      await same(pair, ["SADD", key, ...members]);
      const all = new Set(members);
      for (const count of [1, 2, 5, 9, 10, 11, 29, 30, 31, 150, 399, -1, -3, -40, -1000]) {
        const r = await pair.both(["SRANDMEMBER", key, String(count)]);
        const ours = parseResp(r.ours) as string[];
        const theirs = parseResp(r.theirs) as string[];
        const want = count < 0 ? -count : Math.min(count, members.length);
        expect(ours.length).toBe(want);
        expect(theirs.length).toBe(want);
        for (const m of ours) expect(all.has(m)).toBe(true);
        if (count > 0) expect(new Set(ours).size).toBe(ours.length);
      }
      await sameUnordered(pair, ["SRANDMEMBER", key, "100000"]);
    }
  });

  it("SMEMBERS, SINTER, SUNION, SDIFF: order of intsets, missing keys, repeated keys, wrong types", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "a", "5", "1", "3", "7", "9"],
      ["SADD", "b", "3", "9", "11", "1"],
      ["SADD", "c", "9", "100"],
      ["SMEMBERS", "a"],
      ["SMEMBERS", "missing"],
      ["SMEMBERS", "str"],
      ["SMEMBERS"],
      ["SMEMBERS", "a", "b"],
      ["SINTER", "a", "b"],
      ["SINTER", "b", "a"],
      ["SINTER", "a", "b", "c"],
      ["SINTER", "a", "missing"],
      ["SINTER", "missing", "str"],
      ["SINTER", "a", "str"],
      ["SINTER", "a", "a"],
      ["SINTER"],
      ["SUNION", "a", "b", "c"],
      ["SUNION", "missing"],
      ["SUNION", "missing", "a"],
      ["SUNION", "a", "str"],
      ["SUNION", "str", "missing"],
      ["SDIFF", "a", "b"],
      ["SDIFF", "a", "b", "c"],
      ["SDIFF", "a", "missing"],
      ["SDIFF", "missing", "a"],
      ["SDIFF", "a", "a"],
      ["SDIFF", "a", "b", "a"],
      ["SDIFF", "a", "str"],
      ["SDIFF", "str", "a"],
      ["SDIFF", "a"],
    ]);
    // Mixed encodings: orders unspecified on the 7.0 side, so compared as multisets.
    await same(pair, ["SADD", "s1", "x", "y", "z", "1", "2"]);
    await same(pair, ["SADD", "s2", "y", "2", "w"]);
    await same(pair, ["SADD", "big", ...range(300, (i) => `e${i}`), "x", "2"]);
    for (const argv of [
      ["SINTER", "s1", "s2"], ["SINTER", "s1", "a", "b"], ["SINTER", "big", "s1"], ["SINTER", "s1", "big", "s2"],
      ["SUNION", "s1", "s2"], ["SUNION", "a", "s1"], ["SUNION", "big", "s1", "a"],
      ["SDIFF", "s1", "s2"], ["SDIFF", "big", "s1"], ["SDIFF", "s1", "big"], ["SDIFF", "big", "s1", "s2", "a"],
      ["SMEMBERS", "big"],
    ]) {
      await sameUnordered(pair, argv);
    }
  });

  it("SINTERSTORE, SUNIONSTORE, SDIFFSTORE: results, encodings, empty results delete, overwrites", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "a", "5", "1", "3", "7", "9"],
      ["SADD", "b", "3", "9", "11", "1"],
      ["SADD", "s", "x", "y", "1"],
      ["SINTERSTORE", "d", "a", "b"],
      ["SMEMBERS", "d"],
      ["OBJECT", "ENCODING", "d"],
      ["SUNIONSTORE", "d", "a", "b"],
      ["SMEMBERS", "d"],
      ["SDIFFSTORE", "d", "a", "b"],
      ["SMEMBERS", "d"],
      ["SINTERSTORE", "d", "a", "missing"],
      ["EXISTS", "d"],
      ["SINTERSTORE", "d", "a", "missing"],
      ["SUNIONSTORE", "d", "missing"],
      ["SDIFFSTORE", "d", "a", "a"],
      ["SDIFFSTORE", "d", "missing", "a"],
      ["SET", "d", "string"],
      ["SINTERSTORE", "d", "a", "b"],
      ["TYPE", "d"],
      ["SET", "d", "string"],
      ["SDIFFSTORE", "d", "a", "a"],
      ["EXISTS", "d"],
      ["SET", "d", "string", "EX", "1000"],
      ["SUNIONSTORE", "d", "a"],
      ["TTL", "d"],
      ["EXPIRE", "d", "1000"],
      ["SINTERSTORE", "d", "d", "b"],
      ["TTL", "d"],
      ["SMEMBERS", "d"],
      ["SINTERSTORE", "d", "str", "a"],
      ["SINTERSTORE", "d", "a", "str"],
      ["SINTERSTORE", "str", "a", "b"],
      ["TYPE", "str"],
      ["SUNIONSTORE", "x", "a", "str"],
      ["SDIFFSTORE", "x", "str", "a"],
      ["SINTERSTORE", "d"],
      ["SUNIONSTORE", "d"],
      ["SDIFFSTORE", "d"],
      ["SINTERSTORE", "a", "a", "b"],
      ["SMEMBERS", "a"],
      ["SUNIONSTORE", "a", "a", "s"],
      ["SCARD", "a"],
    ]);
    await sameSetEncoding(pair, "a");
    await same(pair, ["SADD", "h1", ...range(300, (i) => `e${i}`), ...range(300)]);
    await same(pair, ["SADD", "h2", ...range(200, (i) => `e${i * 2}`), ...range(250)]);
    await same(pair, ["SADD", "h3", ...range(600, (i) => String(i + 100))]);
    for (const argv of [
      ["SINTERSTORE", "r", "h1", "h2"], ["SINTERSTORE", "r", "h2", "h1", "h3"], ["SINTERSTORE", "r", "h1", "s"],
      ["SUNIONSTORE", "r", "a", "b"], ["SUNIONSTORE", "r", "h3", "a"], ["SUNIONSTORE", "r", "h1", "h2"],
      ["SDIFFSTORE", "r", "h1", "h2"], ["SDIFFSTORE", "r", "h3", "h1"], ["SDIFFSTORE", "r", "h2", "s", "h1"],
      ["SDIFFSTORE", "r", "h1", "h1"],
    ]) {
      await same(pair, argv);
      await sameSetEncoding(pair, "r");
      await sameUnordered(pair, ["SMEMBERS", "r"]);
    }
  });

  it("SINTERCARD: numkeys, LIMIT grammar and values, missing keys, wrong types", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SADD", "a", "1", "2", "3", "4", "x"],
      ["SADD", "b", "2", "3", "4", "x", "y"],
      ["SINTERCARD", "2", "a", "b"],
      ["SINTERCARD", "1", "a"],
      ["SINTERCARD", "2", "a", "a"],
      ["SINTERCARD", "2", "a", "missing"],
      ["SINTERCARD", "2", "missing", "str"],
      ["SINTERCARD", "2", "a", "str"],
      ["SINTERCARD", "1", "str"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "0"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "1"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "3"],
      ["SINTERCARD", "2", "a", "b", "limit", "4"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "5"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", MAX],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "2"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "-1"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", "abc"],
      ["SINTERCARD", "2", "a", "b", "LIMIT", MIN],
      ["SINTERCARD", "2", "a", "b", "LIMIT"],
      ["SINTERCARD", "2", "a", "b", "FOO"],
      ["SINTERCARD", "2", "a", "b", "LIMIT\x00x", "1"],
      ["SINTERCARD", "2", "a", "b", "LIMITS", "1"],
      ["SINTERCARD", "1", "a", "b"],
      ["SINTERCARD", "0", "a"],
      ["SINTERCARD", "-1", "a"],
      ["SINTERCARD", "abc", "a"],
      ["SINTERCARD", "", "a"],
      ["SINTERCARD", "3", "a", "b"],
      ["SINTERCARD", MAX, "a"],
      ["SINTERCARD", MIN, "a"],
      ["SINTERCARD", "1"],
      ["SINTERCARD"],
      ["SINTERCARD", "2", "str", "a", "LIMIT", "-1"],
      ["SINTERCARD", "1", "missing", "LIMIT", "x"],
    ]);
  });

  it("SSCAN: compact sets in one call, hashtable sets by cursor, options and their errors", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["SSCAN", "missing", "0"],
      ["SSCAN", "missing", "0", "COUNT", "0"],
      ["SSCAN", "missing", "0", "FOO"],
      ["SSCAN", "missing", "abc"],
      ["SSCAN", "str", "0"],
      ["SSCAN", "str", "x"],
      ["SSCAN", "str", "0", "COUNT", "0"],
      ["SADD", "i", "3", "1", "2", "10", "-4"],
      ["SSCAN", "i", "0"],
      ["SSCAN", "i", "7"],
      ["SSCAN", "i", "-1"],
      ["SSCAN", "i", "18446744073709551615"],
      ["SSCAN", "i", "18446744073709551616"],
      ["SSCAN", "i", " 0"],
      ["SSCAN", "i", "0 "],
      ["SSCAN", "i", "+0"],
      ["SSCAN", "i", ""],
      ["SSCAN", "i", "0", "MATCH", "1*"],
      ["SSCAN", "i", "0", "match", "*", "count", "1"],
      ["SSCAN", "i", "0", "COUNT", "0"],
      ["SSCAN", "i", "0", "COUNT", "-1"],
      ["SSCAN", "i", "0", "COUNT", "abc"],
      ["SSCAN", "i", "0", "COUNT"],
      ["SSCAN", "i", "0", "MATCH"],
      ["SSCAN", "i", "0", "TYPE", "set"],
      ["SSCAN", "i", "0", "NOVALUES"],
      ["SSCAN", "i", "0", "COUNT", "1", "MATCH", "x", "COUNT", "5"],
      ["SSCAN", "i"],
    ]);
    await same(pair, ["SADD", "s", "b", "a", "c", "ab"]);
    await sameScan(pair, "s");
    await sameScan(pair, "s", ["MATCH", "a*"]);
    await same(pair, ["SADD", "h", ...range(1000, (i) => `m:${i}`)]);
    await sameScan(pair, "h");
    await sameScan(pair, "h", ["COUNT", "1"]);
    await sameScan(pair, "h", ["COUNT", "100", "MATCH", "m:1*"]);
    await sameScan(pair, "h", ["MATCH", "nothing*"]);
    await same(pair, ["SADD", "hi", ...range(1000)]);
    await sameScan(pair, "hi", ["COUNT", "37"]);
  });

  it("RESP3 shapes: sets, arrays, nulls", async () => {
    const pair = await suite.withString();
    await same(pair, ["HELLO", "3"]);
    try {
      await scenario(pair, [
        ["SADD", "i", "3", "1", "2"],
        ["SMEMBERS", "i"],
        ["SMEMBERS", "missing"],
        ["SINTER", "i", "missing"],
        ["SUNION", "i", "missing"],
        ["SDIFF", "missing", "i"],
        ["SRANDMEMBER", "missing"],
        ["SRANDMEMBER", "missing", "3"],
        ["SRANDMEMBER", "i", "3"],
        ["SRANDMEMBER", "i", "0"],
        ["SPOP", "missing"],
        ["SPOP", "missing", "3"],
        ["SPOP", "i", "0"],
        ["SMISMEMBER", "i", "1", "9"],
        ["SISMEMBER", "i", "1"],
        ["SSCAN", "i", "0"],
        ["SSCAN", "missing", "0"],
        ["SINTERCARD", "1", "i"],
        ["SPOP", "i", "3"],
      ]);
    } finally {
      // The suite.oracle connection outlives this test: back to RESP2 for the next one.
      await same(pair, ["HELLO", "2"]);
    }
  });

  it("keyspace events: the same channels and messages in the same order", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["SADD", "s", "a", "b", "c"], ["SADD", "s", "a"], ["SREM", "s", "zz"], ["SREM", "s", "a"],
        ["SISMEMBER", "missing", "a"], ["SMISMEMBER", "missing", "a"], ["SCARD", "missing"], ["SMEMBERS", "missing"],
        ["SMOVE", "s", "t", "b"], ["SMOVE", "s", "t", "c"], ["SMOVE", "t", "t", "b"], ["SMOVE", "missing", "t", "b"],
        ["SADD", "p", "1"], ["SPOP", "p"], ["SADD", "p", "1", "2"], ["SPOP", "p", "5"], ["SPOP", "missing", "1"],
        ["SADD", "one", "x"], ["SPOP", "one", "1"], ["SRANDMEMBER", "missing"],
        ["SADD", "a", "1", "2"], ["SADD", "b", "2", "3"],
        ["SINTERSTORE", "d", "a", "b"], ["SUNIONSTORE", "d", "a", "b"], ["SDIFFSTORE", "d", "a", "a"],
        ["SDIFFSTORE", "d", "a", "a"], ["SINTERSTORE", "d", "a", "missing"], ["SUNIONSTORE", "e", "a"],
        ["SINTERSTORE", "e", "missing", "a"], ["SINTER", "a", "missing"], ["SUNION", "missing", "a"],
        ["SINTERCARD", "2", "a", "missing"], ["SSCAN", "missing", "0"], ["SREM", "t", "b", "c"],
      ]);
    });
  });
});

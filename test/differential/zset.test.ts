/**
 * The sorted_set group's single-key commands against a real redis-server, reply for reply: ZADD (every
 * option, their conflicts and error order, NaN results), ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE,
 * ZRANK/ZREVRANK, ZCOUNT, ZLEXCOUNT and ZSCAN — arity, WRONGTYPE, missing keys, binary and empty
 * members, ±inf and odd score spellings, the listpack thresholds (OBJECT ENCODING), RESP3 shapes and
 * keyspace events. Scores are compared up to 7.0's "%.17g" digits (zset-support.ts). Ranges live in
 * zset-range.test.ts, pops/random/algebra in zset-ops.test.ts, random sequences in
 * zset-random.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bin, oracleAvailable } from "../support/differential.js";
import { same, sameEvents, sameZ, sameZscan, scenarioZ } from "./zset-support.js";
import { oracleSuite } from "./string-support.js";

const BIN = "\x00\xff\x00a\r\n\xfe";
const UTF8 = bin("héllo wörld ✓");

describe.skipIf(!oracleAvailable())("sorted set commands vs redis-server", () => {
  const suite = oracleSuite();


  it("ZADD: basics, CH, returns, wrong types, arity, syntax", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
      ["ZADD", "z", "1", "a"],
      ["ZADD", "z", "5", "a"],
      ["ZADD", "z", "CH", "5", "a", "6", "b", "0", "new"],
      ["ZADD", "z", "ch", "6", "b"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZADD", "z", "1", "dup", "2", "dup", "3", "dup"],
      ["ZSCORE", "z", "dup"],
      ["ZADD", "str", "1", "a"],
      ["ZADD", "z", "1"],
      ["ZADD", "z", "1", "a", "2"],
      ["ZADD", "z"],
      ["ZADD", "z", "NX"],
      ["ZADD", "z", "nx", "xx"],
      ["ZADD", "z", "CH"],
      ["ZADD", "z", "a", "1"],
      ["ZADD", "z", "1", "a", "b", "2"],
      ["ZADD", "z", "nan", "a"],
      ["ZADD", "z", "-nan", "a"],
      ["ZADD", "z", "1e400", "a"],
      ["ZADD", "z", " 1", "a"],
      ["ZADD", "z", "1 ", "a"],
      ["ZADD", "z", "", "a"],
      ["ZADD", "z", "0x10", "hex"],
      ["ZADD", "z", "1e-400", "tiny"],
      ["ZADD", "z", "3e-324", "denormal"],
      ["ZADD", "z", "inf", "i1", "+inf", "i2", "-inf", "i3", "Infinity", "i4", "-INFINITY", "i5"],
      ["ZADD", "z", "1.5", "f", ".5", "g", "5.", "h", "1E3", "k"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZCARD", "z"],
      ["ZADD", "str", "nan", "a"],
      ["ZADD", "str", "XX", "NX", "1", "a"],
      ["zadd", "z", "nX", "Ch", "1", "q"],
      ["TYPE", "z"],
    ]);
  });

  it("ZADD: option conflicts and their order, NX/XX/GT/LT/INCR behaviour", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZADD", "z", "NX", "XX", "1", "a"],
      ["ZADD", "z", "NX", "XX", "1"],
      ["ZADD", "z", "GT", "LT", "1", "a"],
      ["ZADD", "z", "GT", "NX", "1", "a"],
      ["ZADD", "z", "LT", "NX", "1", "a"],
      ["ZADD", "z", "NX", "XX", "GT", "1", "a"],
      ["ZADD", "z", "INCR", "1", "a", "2", "b"],
      ["ZADD", "z", "NX", "XX", "INCR", "1", "a", "2", "b"],
      ["ZADD", "z", "GT", "LT", "INCR", "1", "a", "2", "b"],
      ["ZADD", "z", "INCR", "nan", "a"],
      ["ZADD", "z", "INCR", "1", "a", "x", "b"],
      ["ZADD", "str", "INCR", "x", "a"],
      ["ZADD", "z", "XX", "1", "a"],
      ["EXISTS", "z"],
      ["ZADD", "z", "XX", "INCR", "1", "a"],
      ["ZADD", "z", "NX", "1", "a", "2", "b"],
      ["ZADD", "z", "NX", "5", "a", "5", "c"],
      ["ZADD", "z", "XX", "10", "a", "10", "zz"],
      ["ZADD", "z", "XX", "CH", "11", "a", "10", "zz"],
      ["ZADD", "z", "GT", "CH", "5", "a", "20", "b", "1", "new"],
      ["ZADD", "z", "LT", "CH", "100", "a", "-1", "b", "1", "new2"],
      ["ZADD", "z", "XX", "GT", "CH", "0", "a", "50", "b"],
      ["ZADD", "z", "XX", "LT", "CH", "0", "a", "50", "b"],
      ["ZADD", "z", "INCR", "5", "a"],
      ["ZADD", "z", "INCR", "-5.5", "a"],
      ["ZADD", "z", "NX", "INCR", "5", "a"],
      ["ZADD", "z", "NX", "INCR", "5", "fresh"],
      ["ZADD", "z", "XX", "INCR", "5", "missing"],
      ["ZADD", "z", "GT", "INCR", "-1", "a"],
      ["ZADD", "z", "GT", "INCR", "1", "a"],
      ["ZADD", "z", "LT", "INCR", "1", "a"],
      ["ZADD", "z", "LT", "INCR", "-1", "a"],
      ["ZADD", "z", "INCR", "0", "a"],
      ["ZADD", "z", "CH", "INCR", "1", "a"],
      ["ZADD", "z", "GT", "CH", "inf", "a"],
      ["ZADD", "z", "INCR", "-inf", "a"],
      ["ZADD", "z", "INCR", "+inf", "a"],
      ["ZSCORE", "z", "a"],
      ["ZADD", "z", "INCR", "inf", "b"],
      ["ZADD", "z", "INCR", "-inf", "b"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ]);
  });

  it("ZINCRBY: increments, new members, inf, NaN, errors", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZINCRBY", "z", "1", "a"],
      ["ZINCRBY", "z", "2.5", "a"],
      ["ZINCRBY", "z", "-0.1", "a"],
      ["ZINCRBY", "z", "0.1", "b"],
      ["ZINCRBY", "z", "0.2", "b"],
      ["ZINCRBY", "z", "1e308", "big"],
      ["ZINCRBY", "z", "1e308", "big"],
      ["ZINCRBY", "z", "-inf", "big"],
      ["ZINCRBY", "z", "inf", "big"],
      ["ZINCRBY", "z", "nan", "a"],
      ["ZINCRBY", "z", "abc", "a"],
      ["ZINCRBY", "z", "", "a"],
      ["ZINCRBY", "z", "NX", "a"],
      ["ZINCRBY", "z", "xx", "a"],
      ["ZINCRBY", "str", "1", "a"],
      ["ZINCRBY", "z", "1"],
      ["ZINCRBY", "z", "1", "a", "b"],
      ["ZINCRBY", "new", "-0", "m"],
      ["ZSCORE", "new", "m"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ]);
  });

  it("ZREM: counts, deleting the emptied key, missing keys, wrong types, arity", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
      ["ZREM", "z", "a", "x", "a"],
      ["ZREM", "z", "nope"],
      ["ZREM", "missing", "a"],
      ["ZREM", "str", "a"],
      ["ZREM", "z"],
      ["ZREM", "z", "b", "c", "d"],
      ["EXISTS", "z"],
      ["ZCARD", "z"],
    ]);
  });

  it("ZCARD, ZSCORE, ZMSCORE: missing keys and members, wrong types, arity", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZADD", "z", "1.5", "a", "-2", "b", "inf", "c", "0.1", "d", "1e17", "e", "-1e-5", "f", "123456789.125", "g"],
      ["ZSCORE", "z", "a"],
      ["ZSCORE", "z", "c"],
      ["ZSCORE", "z", "d"],
      ["ZSCORE", "z", "e"],
      ["ZSCORE", "z", "f"],
      ["ZSCORE", "z", "g"],
      ["ZSCORE", "z", "x"],
      ["ZSCORE", "missing", "a"],
      ["ZSCORE", "str", "a"],
      ["ZSCORE", "z"],
      ["ZSCORE", "z", "a", "b"],
      ["ZMSCORE", "z", "a", "x", "b", "c"],
      ["ZMSCORE", "missing", "a", "b"],
      ["ZMSCORE", "str", "a"],
      ["ZMSCORE", "z"],
      ["ZCARD", "z"],
      ["ZCARD", "missing"],
      ["ZCARD", "str"],
      ["ZCARD"],
      ["ZCARD", "z", "x"],
    ]);
  });

  it("ZRANK, ZREVRANK: ranks, ties by member, missing, WITHSCORE errors", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZADD", "z", "1", "b", "1", "a", "1", "c", "0", "z", "2", "0"],
      ["ZRANK", "z", "a"],
      ["ZRANK", "z", "b"],
      ["ZRANK", "z", "z"],
      ["ZRANK", "z", "0"],
      ["ZREVRANK", "z", "a"],
      ["ZREVRANK", "z", "0"],
      ["ZRANK", "z", "x"],
      ["ZREVRANK", "z", "x"],
      ["ZRANK", "missing", "a"],
      ["ZRANK", "str", "a"],
      ["ZREVRANK", "str", "a"],
      ["ZRANK", "z"],
      ["ZRANK", "z", "a", "WITHSCORE", "x"],
      ["ZREVRANK", "z", "a", "WITHSCORE", "x"],
    ]);
  });

  it("ZRANK / ZREVRANK … WITHSCORE (7.2; our side, the suite.oracle is 7.0)", async () => {
    const pair = await suite.fresh();
    const ours = (argv: string[]) => pair.ours.send(argv);
    await ours(["ZADD", "z", "1.5", "a", "2", "b", "inf", "c"]);
    await ours(["SET", "str", "v"]);
    expect(await ours(["ZRANK", "z", "b", "WITHSCORE"])).toBe("*2\r\n:1\r\n$1\r\n2\r\n");
    expect(await ours(["ZREVRANK", "z", "a", "withscore"])).toBe("*2\r\n:2\r\n$3\r\n1.5\r\n");
    expect(await ours(["ZRANK", "z", "c", "WITHSCORE"])).toBe("*2\r\n:2\r\n$3\r\ninf\r\n");
    expect(await ours(["ZRANK", "z", "x", "WITHSCORE"])).toBe("*-1\r\n");
    expect(await ours(["ZRANK", "missing", "x", "WITHSCORE"])).toBe("*-1\r\n");
    expect(await ours(["ZRANK", "z", "a", "WITHSCORES"])).toBe("-ERR syntax error\r\n");
    expect(await ours(["ZRANK", "missing", "a", "FOO"])).toBe("-ERR syntax error\r\n");
    expect(await ours(["ZRANK", "str", "a", "WITHSCORE"])).toMatch(/^-WRONGTYPE/);
    expect(await ours(["ZRANK", "z", "a", "WITHSCORE", "x"])).toBe("-ERR wrong number of arguments for 'zrank' command\r\n");
    await ours(["HELLO", "3"]);
    expect(await ours(["ZRANK", "z", "a", "WITHSCORE"])).toBe("*2\r\n:0\r\n,1.5\r\n");
    expect(await ours(["ZRANK", "z", "x", "WITHSCORE"])).toBe("_\r\n");
    expect(await ours(["ZRANK", "z", "x"])).toBe("_\r\n");
  });

  it("ZCOUNT, ZLEXCOUNT: bounds, exclusive ends, inf, strtod's spellings, errors", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["ZADD", "z", "-inf", "ninf", "1", "a", "2", "b", "2", "bb", "3", "c", "inf", "pinf"],
      ["ZCOUNT", "z", "-inf", "+inf"],
      ["ZCOUNT", "z", "1", "2"],
      ["ZCOUNT", "z", "(1", "2"],
      ["ZCOUNT", "z", "1", "(2"],
      ["ZCOUNT", "z", "(1", "(2"],
      ["ZCOUNT", "z", "2", "2"],
      ["ZCOUNT", "z", "(2", "2"],
      ["ZCOUNT", "z", "3", "1"],
      ["ZCOUNT", "z", "(-inf", "(inf"],
      ["ZCOUNT", "z", "-inf", "-inf"],
      ["ZCOUNT", "z", "1e400", "1e400"],
      ["ZCOUNT", "z", "-1e400", "0"],
      ["ZCOUNT", "z", " 1", "\t2"],
      ["ZCOUNT", "z", "", "5"],
      ["ZCOUNT", "z", "(", "5"],
      ["ZCOUNT", "z", "0x1", "0x2"],
      ["ZCOUNT", "z", "1\x00junk", "2"],
      ["ZCOUNT", "z", "nan", "1"],
      ["ZCOUNT", "z", "1", "(nan"],
      ["ZCOUNT", "z", "1 ", "2"],
      ["ZCOUNT", "z", "a", "2"],
      ["ZCOUNT", "z", "[1", "2"],
      ["ZCOUNT", "missing", "0", "1"],
      ["ZCOUNT", "missing", "x", "1"],
      ["ZCOUNT", "str", "0", "1"],
      ["ZCOUNT", "str", "x", "1"],
      ["ZCOUNT", "z", "1"],
      ["ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", ""],
      ["ZLEXCOUNT", "l", "-", "+"],
      ["ZLEXCOUNT", "l", "[b", "[d"],
      ["ZLEXCOUNT", "l", "(b", "[d"],
      ["ZLEXCOUNT", "l", "(b", "(d"],
      ["ZLEXCOUNT", "l", "[", "(b"],
      ["ZLEXCOUNT", "l", "(", "+"],
      ["ZLEXCOUNT", "l", "+", "-"],
      ["ZLEXCOUNT", "l", "-", "-"],
      ["ZLEXCOUNT", "l", "+", "+"],
      ["ZLEXCOUNT", "l", "[d", "[b"],
      ["ZLEXCOUNT", "l", "[b", "[b"],
      ["ZLEXCOUNT", "l", "(b", "[b"],
      ["ZLEXCOUNT", "l", "+\x00x", "-"],
      ["ZLEXCOUNT", "l", "b", "[d"],
      ["ZLEXCOUNT", "l", "[b", "d"],
      ["ZLEXCOUNT", "l", "", "+"],
      ["ZLEXCOUNT", "l", "-x", "+"],
      ["ZLEXCOUNT", "missing", "-", "+"],
      ["ZLEXCOUNT", "missing", "x", "+"],
      ["ZLEXCOUNT", "str", "-", "+"],
      ["ZLEXCOUNT", "l", "-"],
    ]);
  });

  it("binary, empty and UTF-8 members; ties ordered by bytes", async () => {
    const pair = await suite.fresh();
    await scenarioZ(pair, [
      ["ZADD", "z", "1", BIN, "1", "", "1", UTF8, "1", "\xff", "1", "a\x00", "1", "a", "1", "A"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZSCORE", "z", BIN],
      ["ZSCORE", "z", ""],
      ["ZRANK", "z", "a\x00"],
      ["ZREVRANK", "z", UTF8],
      ["ZLEXCOUNT", "z", "[a", "[a\x00"],
      ["ZREM", "z", BIN, ""],
      ["ZRANGE", "z", "0", "-1"],
      ["ZADD", BIN, "2", BIN],
      ["ZRANGE", BIN, "0", "-1", "WITHSCORES"],
    ]);
  });

  it("score formats: fractions, large and tiny values, -0, integers near 2^53 and 2^62", async () => {
    const pair = await suite.fresh();
    const scores = [
      "0.1", "0.3", "3.14", "-2.5", "1e17", "1e18", "4611686018427387904", "4611686018427387905", "9007199254740993",
      "123456789012345678901234567890", "1e-5", "1.5e-7", "0.0001234", "12345678.901234567", "1.7976931348623157e308",
      "5e-324", "-0", "0", "100", "-100.25", "2.5e-300",
    ];
    for (const enc of ["listpack", "skiplist"]) {
      if (enc === "skiplist") await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "0"]);
      const key = `z-${enc}`;
      const args: string[] = [];
      scores.forEach((s, i) => args.push(s, `m${i}`));
      await sameZ(pair, ["ZADD", key, ...args]);
      await sameZ(pair, ["OBJECT", "ENCODING", key]);
      await sameZ(pair, ["ZRANGE", key, "0", "-1", "WITHSCORES"]);
      for (let i = 0; i < scores.length; i++) await sameZ(pair, ["ZSCORE", key, `m${i}`]);
      await sameZscan(pair, key);
      await sameZ(pair, ["ZINCRBY", key, "0.1", "m0"]);
      await sameZ(pair, ["ZINCRBY", key, "0.2", "m0"]);
    }
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
  });

  it("encodings at the thresholds (entries and value length), and conversions", async () => {
    const pair = await suite.fresh();
    const enc = (k: string) => sameZ(pair, ["OBJECT", "ENCODING", k]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "4"]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-value", "8"]);
    await scenarioZ(pair, [
      ["ZADD", "a", "1", "m1", "2", "m2", "3", "m3", "4", "m4"],
      ["OBJECT", "ENCODING", "a"],
      ["ZADD", "a", "5", "m5"],
      ["OBJECT", "ENCODING", "a"],
      ["ZREM", "a", "m1", "m2", "m3"],
      ["OBJECT", "ENCODING", "a"],
      ["ZADD", "b", "1", "12345678"],
      ["OBJECT", "ENCODING", "b"],
      ["ZADD", "b", "1", "123456789"],
      ["OBJECT", "ENCODING", "b"],
      ["ZADD", "c", "1", "123456789"],
      ["OBJECT", "ENCODING", "c"],
      ["ZADD", "d", "1", "x", "2", "123456789"],
      ["OBJECT", "ENCODING", "d"],
      ["ZADD", "e", "1", "x"],
      ["ZADD", "e", "XX", "1", "123456789"],
      ["OBJECT", "ENCODING", "e"],
      ["ZINCRBY", "e", "1", "x"],
      ["OBJECT", "ENCODING", "e"],
      ["ZADD", "f", "1", "a", "2", "b", "3", "c"],
      ["ZADD", "f", "4", "d", "5", "a"],
      ["OBJECT", "ENCODING", "f"],
      ["ZRANGE", "f", "0", "-1", "WITHSCORES"],
    ]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "0"]);
    await scenarioZ(pair, [["ZADD", "g", "1", "a"], ["OBJECT", "ENCODING", "g"], ["ZRANGE", "g", "0", "-1", "WITHSCORES"]]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-value", "64"]);
    // 128 members stay a listpack, the 129th converts; a 64-byte member fits, 65 does not.
    const args: string[] = [];
    for (let i = 0; i < 128; i++) args.push(String(i), `m${i}`);
    await sameZ(pair, ["ZADD", "big", ...args]);
    await enc("big");
    await sameZ(pair, ["ZADD", "big", "200", "m200"]);
    await enc("big");
    await sameZ(pair, ["ZADD", "v", "1", "x".repeat(64)]);
    await enc("v");
    await sameZ(pair, ["ZADD", "v", "1", "y".repeat(65)]);
    await enc("v");
    await sameZ(pair, ["ZRANGE", "big", "120", "-1", "WITHSCORES"]);
  });

  it("ZSCAN: listpacks in one call, skiplists by cursor, MATCH, COUNT, errors", async () => {
    const pair = await suite.withString();
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(String(i % 7 === 0 ? i + 0.5 : i), `k${i}`);
    await sameZ(pair, ["ZADD", "big", ...args]);
    await sameZ(pair, ["ZADD", "small", "1", "a", "2", "b", "1.5", "ab", "-inf", "c"]);
    await sameZ(pair, ["ZSCAN", "small", "0"]);
    await sameZ(pair, ["ZSCAN", "small", "0", "MATCH", "a*"]);
    await sameZ(pair, ["ZSCAN", "small", "0", "COUNT", "1"]);
    await sameZ(pair, ["ZSCAN", "small", "123"]);
    await sameZscan(pair, "big");
    await sameZscan(pair, "big", ["COUNT", "7"]);
    await sameZscan(pair, "big", ["MATCH", "k1*", "COUNT", "50"]);
    await sameZscan(pair, "small", ["MATCH", "*b"]);
    await scenarioZ(pair, [
      ["ZSCAN", "missing", "0"],
      ["ZSCAN", "missing", "x"],
      ["ZSCAN", "missing", "0", "COUNT", "0"],
      ["ZSCAN", "str", "0"],
      ["ZSCAN", "small", "x"],
      ["ZSCAN", "small", "-1"],
      ["ZSCAN", "small", "0", "COUNT", "0"],
      ["ZSCAN", "small", "0", "COUNT", "x"],
      ["ZSCAN", "small", "0", "COUNT"],
      ["ZSCAN", "small", "0", "MATCH"],
      ["ZSCAN", "small", "0", "NOSCORES"],
      ["ZSCAN", "small", "0", "FOO", "bar"],
      ["ZSCAN", "small"],
    ]);
  });

  it("RESP3 shapes: doubles, nulls, null arrays, pairs", async () => {
    const pair = await suite.withString();
    await scenarioZ(pair, [
      ["HELLO", "3"],
      ["ZADD", "z", "1.5", "a", "2", "b", "inf", "c"],
      ["ZSCORE", "z", "a"],
      ["ZSCORE", "z", "c"],
      ["ZSCORE", "z", "x"],
      ["ZSCORE", "missing", "x"],
      ["ZMSCORE", "z", "a", "x"],
      ["ZINCRBY", "z", "0.25", "a"],
      ["ZADD", "z", "INCR", "1", "b"],
      ["ZADD", "z", "XX", "INCR", "1", "nope"],
      ["ZRANK", "z", "b"],
      ["ZRANK", "z", "x"],
      ["ZRANK", "missing", "x"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "z", "0", "-1"],
      ["ZSCAN", "z", "0"],
      ["HELLO", "2"],
    ]);
  });

  it("keyspace events: the same channels and messages in the same order", async () => {
    const pair = await suite.withString();
    await sameEvents(pair, async () => {
      await scenarioZ(pair, [
        ["ZADD", "z", "1", "a", "2", "b"],
        ["ZADD", "z", "1", "a"],
        ["ZADD", "z", "3", "a"],
        ["ZADD", "z", "NX", "5", "a"],
        ["ZADD", "z", "INCR", "1", "a"],
        ["ZINCRBY", "z", "1", "c"],
        ["ZADD", "z", "XX", "1", "nope"],
        ["ZADD", "nokey", "XX", "1", "a"],
        ["ZREM", "z", "nope"],
        ["ZREM", "z", "a"],
        ["ZREM", "z", "b", "c"],
        ["ZSCORE", "missing", "a"],
        ["ZCARD", "missing"],
        ["ZRANK", "missing", "a"],
        ["ZMSCORE", "missing", "a"],
        ["ZCOUNT", "missing", "0", "1"],
        ["ZLEXCOUNT", "missing", "-", "+"],
        ["ZSCAN", "missing", "0"],
        ["ZADD", "z", "INCR", "inf", "a"],
        ["ZADD", "z", "INCR", "-inf", "a"],
      ]);
    });
  });

  it("arity of every command in the group", async () => {
    const pair = await suite.fresh();
    const cmds = [
      "ZADD", "ZINCRBY", "ZREM", "ZCARD", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCOUNT", "ZLEXCOUNT", "ZRANGE",
      "ZRANGESTORE", "ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZREMRANGEBYRANK",
      "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX", "ZPOPMIN", "ZPOPMAX", "BZPOPMIN", "BZPOPMAX", "ZMPOP", "BZMPOP", "ZRANDMEMBER",
      "ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD", "ZSCAN",
    ];
    for (const c of cmds) {
      await sameZ(pair, [c]);
      await sameZ(pair, [c, "k"]);
    }
    await sameZ(pair, ["ZCOUNT", "k", "1"]);
    await sameZ(pair, ["ZCOUNT", "k", "1", "2", "3"]);
    await sameZ(pair, ["ZRANK", "k", "a", "b", "c"]);
    expect(pair.log.length).toBeGreaterThan(70);
  });
});

/**
 * The string group against a real redis-server, reply for reply (raw RESP bytes): hand-written edge
 * cases for every command — option grammar, wrong types, arity, int64 and expire overflow, float
 * formatting, binary values (0x00, 0xff, UTF-8), size limits, RESP3 shapes — plus OBJECT ENCODING and
 * keyspace events. Random sequences live in string-random.test.ts.
 */
import { describe, it } from "vitest";
import { bin, oracleAvailable, type Pair, startOracle } from "../support/differential.js";
import { freshPair, makeList, oracleSuite, same, sameEncoding, sameEvents, scenario } from "./string-support.js";

const WRONGTYPE_KEY = "list";
const BIN = "\x00\xff\x00a\r\n\xfe";
const UTF8 = bin("héllo wörld ✓");
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";

describe.skipIf(!oracleAvailable())("string commands vs redis-server", () => {
  const suite = oracleSuite();

  /** A fresh pair with a list at WRONGTYPE_KEY. */
  async function pairWithList(): Promise<Pair> {
    const pair = await suite.fresh();
    await makeList(pair, WRONGTYPE_KEY);
    return pair;
  }

  it("SET options: grammar, conflicts, repeats, case and C-string matching", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SET", "k", "v"],
      ["SET", "k", "v", "NX"],
      ["set", "k", "v2", "xx"],
      ["GET", "k"],
      ["SET", "k", "v", "NX", "XX"],
      ["SET", "k", "v", "XX", "NX"],
      ["SET", "k", "v", "NX", "NX"],
      ["SET", "k", "v", "EX"],
      ["SET", "k", "v", "PX"],
      ["SET", "k", "v", "EX", "10", "PX", "10"],
      ["SET", "k", "v", "EX", "10", "EXAT", "10"],
      ["SET", "k", "v", "PXAT", "10", "PX", "10"],
      ["SET", "k", "v", "EX", "10", "KEEPTTL"],
      ["SET", "k", "v", "KEEPTTL", "EX", "10"],
      ["SET", "k", "v", "KEEPTTL", "KEEPTTL"],
      ["SET", "k", "v", "EX", "10", "EX", "20"],
      ["SET", "k", "v", "PERSIST"],
      ["SET", "k", "v", "FOO"],
      ["SET", "k", "v", "GET", "GET"],
      ["SET", "k", "v", "gEt", "Nx"],
      ["SET", "k", "v", "NX\x00junk"],
      ["SET", "k", "v", "KEEPTTL\x00"],
      ["SET", "k", "v", "get\x00"],
      ["SET", "k", "v", "EX", "10", "FOO"],
      ["SET", "k", "v", "\xdfX"],
      ["SET", "k", "v", ""],
      ["GET", "k"],
    ]);
  });

  it("SET expire values: zero, negative, non-integers, overflow at every step", async () => {
    const pair = await pairWithList();
    const steps: string[][] = [];
    for (const opt of ["EX", "PX", "EXAT", "PXAT"]) {
      for (const v of [
        "0", "-1", "1.5", " 10", "10 ", "+10", "010", "1e3", "abc", "", MAX, MIN,
        "9223372036854775", "9223372036854776", "9223372036854775808", "9223372036854000000",
        "9223370000000000",
      ]) {
        steps.push(["SET", "k", "v", opt, v], ["GET", "k"]);
      }
    }
    steps.push(["SETEX", "k", "0", "v"], ["SETEX", "k", "-5", "v"], ["SETEX", "k", "abc", "v"]);
    steps.push(["SETEX", "k", "9223372036854776", "v"], ["SETEX", "k", "9223372036854775", "v"]);
    steps.push(["PSETEX", "k", "0", "v"], ["PSETEX", "k", MAX, "v"], ["PSETEX", "k", "1.5", "v"]);
    steps.push(["SETEX", "k", "100", "v"], ["PSETEX", "k", "100000", "w"], ["GET", "k"]);
    // Validation order: expire value before GET's WRONGTYPE, syntax before both.
    steps.push(["SET", WRONGTYPE_KEY, "v", "GET", "EX", "0"], ["SET", WRONGTYPE_KEY, "v", "GET", "EX", "x"]);
    steps.push(["SET", WRONGTYPE_KEY, "v", "GET", "EX"], ["SET", WRONGTYPE_KEY, "v", "GET"]);
    steps.push(["SET", WRONGTYPE_KEY, "v", "GET", "NX", "XX"]);
    await scenario(pair, steps);
  });

  it("SET GET / NX / XX combinations and past absolute times", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SET", "k", "v1", "GET"],
      ["SET", "k", "v2", "GET"],
      ["SET", "k", "v3", "NX", "GET"],
      ["GET", "k"],
      ["SET", "m", "v3", "XX", "GET"],
      ["GET", "m"],
      ["SET", "m", "v4", "NX", "GET"],
      ["SET", "m", "v5", "XX", "GET", "EX", "100"],
      ["GET", "m"],
      ["SET", "p", "v", "EXAT", "1"],
      ["GET", "p"],
      ["SET", "p", "v", "PXAT", "1000", "GET"],
      ["GET", "p"],
      ["SET", "p", "v", "PXAT", "1", "NX"],
      ["SET", "p", "v2", "NX"],
      ["GET", "p"],
      ["SET", "q", "v", "EX", "1000", "KEEPTTL"],
      ["SET", "q", "v", "PX", "100000"],
      ["SET", "q", "w", "KEEPTTL", "GET"],
      ["SET", WRONGTYPE_KEY, "v", "NX"],
      ["SET", WRONGTYPE_KEY, "v", "XX"],
      ["GET", WRONGTYPE_KEY],
      ["MGET", "k", "m", "p", "q", WRONGTYPE_KEY, "none"],
    ]);
  });

  it("GET/SET/MGET/STRLEN/APPEND with binary, UTF-8, empty and big values", async () => {
    const pair = await pairWithList();
    const big = "x".repeat(70_000) + "\xff";
    await scenario(pair, [
      ["SET", BIN, BIN],
      ["GET", BIN],
      ["STRLEN", BIN],
      ["SET", "u", UTF8],
      ["STRLEN", "u"],
      ["APPEND", "u", "\x00"],
      ["GET", "u"],
      ["SET", "e", ""],
      ["GET", "e"],
      ["STRLEN", "e"],
      ["APPEND", "e", ""],
      ["GET", "e"],
      ["SET", "big", big],
      ["STRLEN", "big"],
      ["APPEND", "big", big],
      ["STRLEN", "big"],
      ["SET", "n", "12345"],
      ["STRLEN", "n"],
      ["APPEND", "n", "6"],
      ["GET", "n"],
      ["APPEND", "new", "abc"],
      ["STRLEN", "none"],
      ["STRLEN", WRONGTYPE_KEY],
      ["APPEND", WRONGTYPE_KEY, "x"],
      ["GET", WRONGTYPE_KEY],
      ["MGET", BIN, "u", "e", "n", "new", "none", WRONGTYPE_KEY, "n"],
    ]);
  });

  it("arity errors and the MSET/MSETNX pair check", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["GET"], ["GET", "a", "b"], ["SET"], ["SET", "k"], ["SETNX", "k"], ["SETEX", "k", "1"],
      ["PSETEX", "k", "1"], ["GETEX"], ["GETDEL"], ["GETDEL", "a", "b"], ["GETSET", "k"], ["MGET"],
      ["MSET"], ["MSET", "a"], ["MSET", "a", "1", "b"], ["MSETNX", "a"], ["MSETNX", "a", "1", "b"],
      ["APPEND", "k"], ["STRLEN"], ["INCR"], ["INCR", "a", "b"], ["DECR"], ["INCRBY", "k"],
      ["DECRBY", "k"], ["INCRBYFLOAT", "k"], ["GETRANGE", "k", "0"], ["SUBSTR", "k", "0"],
      ["SETRANGE", "k", "0"], ["LCS", "a"], ["get", "a", "b", "c"],
      ["MSET", "a", "1", "b", "2", "a", "3"], ["MGET", "a", "b"],
      ["MSETNX", "a", "1", "c", "2"], ["MSETNX", "c", "1", "d", "2", "c", "3"], ["MGET", "a", "b", "c", "d"],
      ["MSETNX", WRONGTYPE_KEY, "1", "z", "1"], ["MSET", WRONGTYPE_KEY, "1"], ["GET", WRONGTYPE_KEY],
    ]);
  });

  it("SETNX / SETEX / PSETEX / GETSET / GETDEL", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SETNX", "k", "a"], ["SETNX", "k", "b"], ["GET", "k"], ["SETNX", WRONGTYPE_KEY, "x"],
      ["GETSET", "k", "c"], ["GETSET", "new", "d"], ["GETSET", WRONGTYPE_KEY, "x"], ["GET", "new"],
      ["GETDEL", "k"], ["GETDEL", "k"], ["GET", "k"], ["GETDEL", WRONGTYPE_KEY],
      ["SETEX", "s", "100", BIN], ["GET", "s"], ["PSETEX", "s", "100000", UTF8], ["GET", "s"],
      ["SETEX", WRONGTYPE_KEY, "100", "now a string"], ["GET", WRONGTYPE_KEY],
    ]);
  });

  it("GETEX: grammar, validation order, past EXAT/PXAT deletes", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SET", "k", "v"],
      ["GETEX", "k"], ["GETEX", "k", "EX"], ["GETEX", "k", "NX"], ["GETEX", "k", "GET"], ["GETEX", "k", "KEEPTTL"],
      ["GETEX", "k", "PERSIST", "EX", "10"], ["GETEX", "k", "EX", "10", "PERSIST"], ["GETEX", "k", "EX", "10", "PX", "10"],
      ["GETEX", "k", "EX", "0"], ["GETEX", "k", "PX", "-1"], ["GETEX", "k", "EXAT", "abc"], ["GETEX", "k", "EX", MAX],
      ["GETEX", "k", "EX", "10", "EX", "20"], ["GETEX", "k", "persist"], ["GETEX", "k", "PERSIST", "PERSIST"],
      ["GETEX", "k", "pXaT", "9999999999999"], ["GETEX", "k", "persist\x00x"],
      ["GETEX", "missing", "EX", "0"], ["GETEX", "missing", "EX", "abc"], ["GETEX", "missing", "FOO"],
      ["GETEX", WRONGTYPE_KEY, "EX", "0"], ["GETEX", WRONGTYPE_KEY], ["GETEX", WRONGTYPE_KEY, "FOO"],
      ["GETEX", "k", "EXAT", "1"], ["GET", "k"],
      ["SET", "k", "v"], ["GETEX", "k", "PXAT", "1"], ["GETEX", "k"],
      ["SET", "k", BIN], ["GETEX", "k", "PX", "100000"], ["GET", "k"],
    ]);
  });

  it("INCR / DECR / INCRBY / DECRBY: parsing, int64 edges, overflow, wrong types", async () => {
    const pair = await pairWithList();
    const steps: string[][] = [];
    for (const v of ["abc", "", " 1", "1 ", "+1", "01", "-0", "1.5", "1e3", "0x10", MAX, MIN, "9223372036854775808", "\x001", "12345678901234567890123"]) {
      steps.push(["SET", "v", v], ["INCR", "v"], ["DECR", "v"], ["GET", "v"]);
    }
    steps.push(
      ["SET", "n", MAX], ["INCR", "n"], ["INCRBY", "n", "0"], ["DECRBY", "n", "-1"], ["DECRBY", "n", MAX],
      ["DECRBY", "n", MAX], ["DECR", "n"], ["DECR", "n"], ["INCRBY", "n", "-1"], ["GET", "n"],
      ["DECRBY", "n", MIN], ["DECRBY", "z", MIN], ["INCRBY", "z", MIN], ["INCRBY", "z", MIN], ["GET", "z"],
      ["INCRBY", "y", "9223372036854775808"], ["INCRBY", "y", "abc"], ["INCRBY", "y", " 1"], ["DECRBY", "y", "1.0"],
      ["INCRBY", "y", "9007199254740993"], ["INCRBY", "y", "2"], ["DECRBY", "y", "9007199254740997"], ["GET", "y"],
      ["INCR", WRONGTYPE_KEY], ["INCRBY", WRONGTYPE_KEY, "abc"], ["DECRBY", WRONGTYPE_KEY, MIN], ["DECR", WRONGTYPE_KEY],
      ["INCRBY", "fresh", "-5"], ["DECR", "fresh2"],
    );
    await scenario(pair, steps);
  });

  it("INCRBYFLOAT: parsing, formatting, long double precision, NaN/Infinity", async () => {
    const pair = await pairWithList();
    const steps: string[][] = [
      ["INCRBYFLOAT", "f", "10.5"], ["INCRBYFLOAT", "f", "0.1"], ["INCRBYFLOAT", "f", "-5.0e3"],
      ["SET", "f", "5.0e3"], ["INCRBYFLOAT", "f", "2.0e2"],
      ["SET", "f", "0"], ["INCRBYFLOAT", "f", "0.1"], ["INCRBYFLOAT", "f", "0.1"], ["INCRBYFLOAT", "f", "0.1"],
      ["INCRBYFLOAT", "g", "-0"], ["INCRBYFLOAT", "g", "-0.0"], ["INCRBYFLOAT", "h", "1e-5"],
      ["INCRBYFLOAT", "h", "3"], ["INCRBYFLOAT", "i", "1e300"], ["INCRBYFLOAT", "i", "1e300"],
      ["INCRBYFLOAT", "j", "1.7976931348623157e308"], ["INCRBYFLOAT", "j", "1.7976931348623157e308"],
      ["INCRBYFLOAT", "k", "1e400"], ["INCRBYFLOAT", "k", "1e5000"], ["INCRBYFLOAT", "k", "1e-400"],
      ["INCRBYFLOAT", "k", "inf"], ["INCRBYFLOAT", "k", "-inf"], ["INCRBYFLOAT", "k", "nan"], ["INCRBYFLOAT", "k", "abc"],
      ["INCRBYFLOAT", "k", ""], ["INCRBYFLOAT", "k", " 1"], ["INCRBYFLOAT", "k", "1 "], ["INCRBYFLOAT", "k", "0x10"],
      ["INCRBYFLOAT", "k", "1\x00"], ["INCRBYFLOAT", "k", "+.5"], ["INCRBYFLOAT", "k", "5."], ["INCRBYFLOAT", "k", "1E2"],
      ["GET", "k"],
      ["SET", "m", "abc"], ["INCRBYFLOAT", "m", "1"], ["SET", "m", "1.5 "], ["INCRBYFLOAT", "m", "1"],
      ["SET", "m", MAX], ["INCRBYFLOAT", "m", "1"], ["SET", "m", MIN], ["INCRBYFLOAT", "m", "-1.5"],
      ["SET", "m", "3.0000000000000000001"], ["INCRBYFLOAT", "m", "0"],
      ["SET", "m", "0.1"], ["INCRBYFLOAT", "m", "0.2"], ["INCRBYFLOAT", "m", "1e17"], ["INCRBYFLOAT", "m", "-1e17"],
      ["SET", "m", "1\x00abc"], ["INCRBYFLOAT", "m", "1"],
      ["INCRBYFLOAT", WRONGTYPE_KEY, "abc"], ["INCRBYFLOAT", WRONGTYPE_KEY, "1"],
      ["INCRBYFLOAT", "n", "123456789.123456789"], ["INCRBYFLOAT", "n", "-123456789"],
      ["INCRBYFLOAT", "o", "1.5e-10"], ["INCRBYFLOAT", "o", "-1e-20"],
    ];
    await scenario(pair, steps);
  });

  it("GETRANGE / SUBSTR: negative, reversed, out of range and huge indexes", async () => {
    const pair = await pairWithList();
    const steps: string[][] = [["SET", "s", "This is a string"], ["SET", "n", "12345"], ["SET", "e", ""], ["SET", "b", BIN]];
    const idx = ["0", "3", "-3", "-1", "5", "10", "100", "-100", "-17", "-16", "15", "16", MAX, MIN];
    for (const key of ["s", "n", "e", "b", "missing"]) {
      for (const a of idx) for (const b of ["0", "-1", "3", "-5", "100", MAX, MIN]) steps.push(["GETRANGE", key, a, b]);
    }
    steps.push(
      ["SUBSTR", "s", "0", "3"], ["SUBSTR", "s", "-3", "-1"], ["GETRANGE", "s", "a", "1"], ["GETRANGE", "s", "0", "b"],
      ["GETRANGE", "missing", "x", "1"], ["GETRANGE", "s", "9223372036854775808", "1"], ["GETRANGE", "s", "1.5", "2"],
      ["GETRANGE", WRONGTYPE_KEY, "0", "1"], ["GETRANGE", WRONGTYPE_KEY, "x", "1"], ["SUBSTR", WRONGTYPE_KEY, "0", "1"],
    );
    await scenario(pair, steps);
  });

  it("SETRANGE: padding, empty values, offsets, size limit, wrong types", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SETRANGE", "s", "0", "Hello World"], ["SETRANGE", "s", "6", "Redis"], ["GET", "s"],
      ["SETRANGE", "p", "5", "x"], ["GET", "p"], ["STRLEN", "p"],
      ["SETRANGE", "e", "10", ""], ["GET", "e"], ["SETRANGE", "s", "100", ""], ["GET", "s"],
      ["SETRANGE", "s", "-1", "x"], ["SETRANGE", "s", "-1", ""], ["SETRANGE", "s", "x", "y"], ["SETRANGE", "s", "1.5", "y"],
      ["SETRANGE", "s", "536870912", "x"], ["SETRANGE", "s", "536870911", "xy"], ["SETRANGE", "s", MAX, "x"],
      ["SETRANGE", "s", "9223372036854775808", "x"], ["SETRANGE", "s", "536870912", ""],
      ["SETRANGE", "new", "536870912", ""], ["SETRANGE", "new", "536870912", "x"], ["GET", "new"],
      ["SET", "n", "12345"], ["SETRANGE", "n", "2", "\xff\x00"], ["GET", "n"], ["SETRANGE", "n", "4", "678"], ["GET", "n"],
      ["SETRANGE", "b", "3", BIN], ["GET", "b"],
      ["SETRANGE", WRONGTYPE_KEY, "0", "x"], ["SETRANGE", WRONGTYPE_KEY, "0", ""], ["SETRANGE", WRONGTYPE_KEY, "-1", "x"],
    ]);
  });

  it("LCS: forms, options, wrong types, binary strings", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["MSET", "key1", "ohmytext", "key2", "mynewtext", "b1", BIN + "abc", "b2", "\xffab\x00c", "e", ""],
      ["LCS", "key1", "key2"], ["LCS", "key1", "key2", "LEN"], ["LCS", "key1", "key2", "IDX"],
      ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"], ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"],
      ["LCS", "key1", "key2", "idx", "withmatchlen"], ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "-5", "WITHMATCHLEN"],
      ["LCS", "key1", "key2", "LEN", "IDX"], ["LCS", "key1", "key2", "IDX", "LEN"], ["LCS", "key1", "key2", "MINMATCHLEN"],
      ["LCS", "key1", "key2", "MINMATCHLEN", "abc"], ["LCS", "key1", "key2", "FOO"], ["LCS", "key1", "key2", "LEN", "LEN"],
      ["LCS", "key1", "key2", "WITHMATCHLEN"], ["LCS", "key1", "key2", "MINMATCHLEN", "2"], ["LCS", "key1", "key2", "len\x00"],
      ["LCS", "key1", "missing"], ["LCS", "missing", "missing", "IDX"], ["LCS", "e", "key1", "IDX", "WITHMATCHLEN"],
      ["LCS", "key1", "key1", "IDX", "WITHMATCHLEN"], ["LCS", "b1", "b2"], ["LCS", "b1", "b2", "IDX", "WITHMATCHLEN"],
      ["LCS", "key1", WRONGTYPE_KEY], ["LCS", WRONGTYPE_KEY, "key1", "FOO"], ["LCS", WRONGTYPE_KEY, "missing", "LEN", "IDX"],
    ]);
  });

  it("RESP3: null replies and LCS IDX as a map", async () => {
    const pair = await suite.fresh();
    await suite.oracle.send(["HELLO", "3"]);
    pair.ours.session.resp = 3;
    try {
      await scenario(pair, [
        ["GET", "missing"], ["SET", "k", "v", "NX"], ["SET", "k", "v", "NX"], ["SET", "k", "v", "XX", "GET"],
        ["MGET", "k", "missing"], ["GETDEL", "missing"], ["GETEX", "missing"], ["GETSET", "m", "1"],
        ["MSET", "key1", "ohmytext", "key2", "mynewtext"],
        ["LCS", "key1", "key2", "IDX", "WITHMATCHLEN"], ["LCS", "key1", "key2", "LEN"], ["LCS", "key1", "missing", "IDX"],
        ["INCRBYFLOAT", "f", "1.5"], ["SETEX", "s", "100", "x"], ["SETNX", "s", "y"],
      ]);
    } finally {
      await suite.oracle.send(["HELLO", "2"]);
    }
  });

  it("OBJECT ENCODING after every kind of write", async () => {
    const pair = await suite.fresh();
    const steps: [string[], string][] = [
      [["SET", "a", "123"], "a"], [["SET", "a", "-0"], "a"], [["SET", "a", MAX], "a"], [["SET", "a", MIN], "a"],
      [["SET", "a", "9223372036854775808"], "a"], [["SET", "a", "x".repeat(44)], "a"], [["SET", "a", "x".repeat(45)], "a"],
      [["SET", "a", "12"], "a"], [["SETRANGE", "a", "0", ""], "a"], [["APPEND", "a", ""], "a"], [["INCR", "a"], "a"],
      [["INCRBYFLOAT", "a", "1"], "a"], [["INCRBYFLOAT", "a", "0.5"], "a"], [["INCR", "a"], "a"],
      [["GETSET", "a", "7"], "a"], [["SETRANGE", "b", "2", "1"], "b"], [["APPEND", "c", "5"], "c"],
      [["APPEND", "c", "5"], "c"], [["MSET", "d", "1", "e", "xy"], "d"], [["MSET", "d", "1", "e", "xy"], "e"],
      [["INCRBYFLOAT", "g", "1e300"], "g"], [["SETEX", "h", "100", "5"], "h"], [["PSETEX", "h", "100000", "x"], "h"],
      [["SETNX", "i", "55"], "i"], [["SET", "j", "1", "GET"], "j"], [["GETEX", "j", "EX", "100"], "j"],
      [["SET", "k", "12345678901234567890"], "k"], [["INCRBY", "l", "10000"], "l"], [["DECRBY", "l", "20000"], "l"],
      [["SET", "m", "1.5"], "m"], [["SET", "m", " 1"], "m"], [["SET", "m", "10000"], "m"], [["SET", "m", "9999"], "m"],
      [["SETRANGE", "n", "0", "x".repeat(50)], "n"], [["SET", "o", "x".repeat(50)], "o"], [["APPEND", "o", "y"], "o"],
      [["SET", "p", "5", "EXAT", "1"], "p"], [["GETDEL", "j"], "j"],
    ];
    for (const [argv, key] of steps) {
      await same(pair, argv);
      await sameEncoding(pair, key);
    }
  });

  it("size limits at a small proto-max-bulk-len (APPEND, SETRANGE, LCS's table)", async () => {
    const small = (await startOracle(["--proto-max-bulk-len", "1mb"]))!;
    try {
      const pair = await freshPair(small, { config: { "proto-max-bulk-len": "1mb" } });
      await scenario(pair, [
        ["SETRANGE", "k", "1048576", "x"], ["SETRANGE", "k", "1048575", "x"], ["STRLEN", "k"], ["APPEND", "k", "y"],
        ["APPEND", "k", ""], ["SETRANGE", "k", "1048575", "xy"], ["SETRANGE", "k", "0", "xy"], ["STRLEN", "k"],
        ["SET", "a", "x".repeat(511)], ["SET", "b", "y".repeat(511)], ["LCS", "a", "b", "LEN"], ["LCS", "a", "b", "IDX"],
        ["APPEND", "a", "x"], ["LCS", "a", "b"], ["LCS", "a", "b", "LEN"], ["LCS", "a", "missing"],
      ]);
    } finally {
      await small.close();
    }
  });

  it("keyspace events: the same channels and messages in the same order", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      const steps: string[][] = [
        ["SET", "k", "1"], ["SET", "k", "2", "EX", "100"], ["SET", "k", "3", "KEEPTTL", "GET"], ["SET", "k", "4", "NX"],
        ["SET", "x", "1", "XX"], ["GET", "missing"], ["MGET", "k", "m1", "m2"], ["SETNX", "n", "1"], ["SETEX", "s", "10", "v"],
        ["PSETEX", "s", "10000", "v"], ["GETEX", "s", "PERSIST"], ["GETEX", "s", "PERSIST"], ["GETEX", "s", "EX", "100"],
        ["GETEX", "s", "EXAT", "1"], ["GETEX", "gone"], ["GETDEL", "k"], ["GETDEL", "k"], ["GETSET", "g", "1"],
        ["MSET", "a", "1", "b", "2"], ["MSETNX", "a", "1", "c", "2"], ["MSETNX", "c", "1", "d", "2"], ["APPEND", "a", "x"],
        ["APPEND", "new", "x"], ["STRLEN", "missing"], ["INCR", "i"], ["DECRBY", "i", "5"], ["INCRBYFLOAT", "f", "1.5"],
        ["INCR", "a"], ["SETRANGE", "r", "3", "x"], ["SETRANGE", "r", "0", ""], ["SETRANGE", "r2", "0", ""],
        ["GETRANGE", "missing", "0", "1"], ["LCS", "a", "missing"], ["SET", "p", "v", "PXAT", "1"], ["GET", "p"],
      ];
      await scenario(pair, steps);
    });
  });
});

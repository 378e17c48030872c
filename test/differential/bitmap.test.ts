/**
 * The bitmap group against a real redis-server, reply for reply: SETBIT/GETBIT (offsets, padding,
 * values, errors), BITCOUNT and BITPOS with BYTE and BIT ranges (negative, reversed, beyond the end),
 * BITOP (every operation, missing and short sources, emptied destination), BITFIELD/BITFIELD_RO
 * (every type width, `#` offsets, GET/SET/INCRBY with WRAP/SAT/FAIL at both ends), encodings after
 * writes, keyspace events; then a seeded random sequence over a few keys.
 */
import { describe, it } from "vitest";
import { bin, oracleAvailable, type Pair } from "../support/differential.js";
import { seededRng } from "../support/seeded.js";
import { makeList, oracleSuite, same, sameEncoding, sameEvents, scenario } from "./string-support.js";

describe.skipIf(!oracleAvailable())("bitmap commands vs redis-server", () => {
  const suite = oracleSuite();

  async function pairWithList(): Promise<Pair> {
    const pair = await suite.fresh();
    await makeList(pair, "list");
    return pair;
  }

  it("SETBIT / GETBIT: offsets, values, padding, wrong types, encodings", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SETBIT", "b", "7", "1"], ["GET", "b"], ["SETBIT", "b", "7", "1"], ["SETBIT", "b", "7", "0"], ["SETBIT", "b", "100", "1"], ["GET", "b"], ["STRLEN", "b"],
      ["GETBIT", "b", "100"], ["GETBIT", "b", "101"], ["GETBIT", "b", "100000"], ["GETBIT", "missing", "3"], ["GETBIT", "b", "-1"], ["GETBIT", "b", "x"],
      ["SETBIT", "b", "-1", "1"], ["SETBIT", "b", "1", "2"], ["SETBIT", "b", "1", "-1"], ["SETBIT", "b", "1", "x"], ["SETBIT", "b", "x", "1"], ["SETBIT", "b", "1", ""],
      ["SETBIT", "b", "4294967296", "1"], ["SETBIT", "b", "9223372036854775807", "1"], ["SETBIT", "b", "9223372036854775808", "1"], ["GETBIT", "b", "4294967295"],
      ["SETBIT", "list", "1", "1"], ["GETBIT", "list", "1"], ["SETBIT", "list", "x", "1"], ["GETBIT", "list", "x"],
      ["SET", "n", "1234"], ["GETBIT", "n", "2"], ["GETBIT", "n", "3"], ["SETBIT", "n", "2", "1"], ["GET", "n"], ["OBJECT", "ENCODING", "n"],
      ["SET", "e", "abc"], ["SETBIT", "e", "1", "1"], ["OBJECT", "ENCODING", "e"], ["SET", "e2", "abc"], ["SETBIT", "e2", "1", "0"], ["GET", "e2"],
      ["SET", "t", "x", "EX", "100"], ["SETBIT", "t", "1", "1"], ["TTL", "t"], ["SETBIT", "new", "0", "0"], ["EXISTS", "new"], ["GET", "new"],
    ]);
    await sameEncoding(pair, "b");
    await sameEncoding(pair, "e2");
  });

  it("BITCOUNT: BYTE and BIT ranges, negative and reversed indexes, errors in order", async () => {
    const pair = await pairWithList();
    await same(pair, ["SET", "s", bin("foobar\xff\x00\x81")]);
    const ranges: string[][] = [];
    for (const [a, b] of [["0", "0"], ["1", "1"], ["0", "-1"], ["-3", "-1"], ["-1", "-3"], ["5", "2"], ["0", "100"], ["-100", "-50"], ["-100", "100"], ["2", "-2"]]) {
      ranges.push([a!, b!], [a!, b!, "BYTE"], [a!, b!, "BIT"], [a!, b!, "bit"]);
    }
    for (const [a, b] of [["3", "13"], ["7", "8"], ["1", "6"], ["9", "9"], ["-9", "-2"], ["0", "71"], ["70", "200"], ["5", "5"]]) ranges.push([a!, b!, "BIT"]);
    await scenario(pair, [
      ["BITCOUNT", "s"], ...ranges.map((r) => ["BITCOUNT", "s", ...r]), ["BITCOUNT", "s", "0"], ["BITCOUNT", "s", "0", "1", "BIT", "x"],
      ["BITCOUNT", "s", "0", "1", "WORD"], ["BITCOUNT", "s", "x", "1"], ["BITCOUNT", "s", "0", "x"], ["BITCOUNT", "s", "-1", "-2", "WORD"],
      ["BITCOUNT", "missing"], ["BITCOUNT", "missing", "0", "x"], ["BITCOUNT", "list"], ["BITCOUNT", "list", "x", "y"],
      ["SET", "empty", ""], ["BITCOUNT", "empty"], ["BITCOUNT", "empty", "0", "-1", "BIT"], ["SET", "num", "-12345"], ["BITCOUNT", "num", "1", "3"],
      ["BITCOUNT", "s", "-9223372036854775808", "9223372036854775807", "BIT"], ["BITCOUNT", "s", "0", "9223372036854775808"],
    ]);
  });

  it("BITPOS: both bits, ranges with and without an end, BIT units, padding rules, errors", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SET", "ones", bin("\xff\xff\xff")], ["SET", "zeros", bin("\x00\x00\x00")], ["SET", "mix", bin("\x00\xff\xf0\x0f\x80")], ["SET", "empty", ""],
    ]);
    const steps: string[][] = [];
    for (const key of ["ones", "zeros", "mix", "empty", "missing"]) {
      for (const bit of ["0", "1"]) {
        steps.push(["BITPOS", key, bit]);
        for (const r of [["0"], ["1"], ["-1"], ["2", "2"], ["0", "-1"], ["3", "1"], ["-2", "-1"], ["1", "100"], ["0", "0", "BIT"], ["3", "12", "BIT"],
          ["7", "9", "BIT"], ["-5", "-1", "BIT"], ["0", "-1", "BIT"], ["9", "9", "BIT"], ["20", "39", "bit"], ["1", "2", "BYTE"], ["36", "100", "BIT"]]) {
          steps.push(["BITPOS", key, bit, ...r]);
        }
      }
    }
    await scenario(pair, [
      ...steps, ["BITPOS", "mix", "2"], ["BITPOS", "mix", "-1"], ["BITPOS", "mix", "x"], ["BITPOS", "missing", "x"], ["BITPOS", "missing", "1", "x"],
      ["BITPOS", "mix", "1", "x"], ["BITPOS", "mix", "1", "0", "x"], ["BITPOS", "mix", "1", "0", "1", "WORD"], ["BITPOS", "mix", "1", "0", "x", "WORD"],
      ["BITPOS", "list", "1"], ["BITPOS", "list", "2"], ["SET", "n", "100"], ["BITPOS", "n", "1"], ["BITPOS", "n", "0", "1"],
    ]);
  });

  it("BITOP: AND/OR/XOR/NOT with missing and shorter sources, emptied destination, errors", async () => {
    const pair = await pairWithList();
    await scenario(pair, [
      ["SET", "a", bin("\xff\x0f\xaa")], ["SET", "b", bin("\x0f\xff")], ["SET", "c", bin("\x01")], ["SET", "long", "x".repeat(100)],
      ["BITOP", "AND", "d", "a", "b"], ["GET", "d"], ["BITOP", "or", "d", "a", "b", "c"], ["GET", "d"], ["BITOP", "XOR", "d", "a", "b", "c", "long"], ["GET", "d"],
      ["BITOP", "NOT", "d", "a"], ["GET", "d"], ["BITOP", "NOT", "d", "a", "b"], ["BITOP", "NOT", "d"], ["BITOP", "NAND", "d", "a"], ["BITOP", "AND", "d", "a", "missing"],
      ["GET", "d"], ["BITOP", "OR", "d", "missing", "missing2"], ["EXISTS", "d"], ["BITOP", "OR", "d", "missing"], ["BITOP", "AND", "d", "a", "list"],
      ["BITOP", "AND", "list", "a"], ["TYPE", "list"], ["OBJECT", "ENCODING", "list"], ["SET", "t", "1", "EX", "100"], ["BITOP", "OR", "t", "c"], ["TTL", "t"],
      ["BITOP", "AND", "long2", "long", "long"], ["GET", "long2"], ["SET", "e", ""], ["BITOP", "NOT", "d", "e"], ["EXISTS", "d"], ["BITOP", "NOT", "a", "a"], ["GET", "a"],
    ]);
  });

  it("BITFIELD / BITFIELD_RO: types, # offsets, SET/INCRBY/GET, WRAP/SAT/FAIL at both ends, errors", async () => {
    const pair = await pairWithList();
    const steps: string[][] = [];
    for (const type of ["i1", "u1", "i5", "u5", "i8", "u8", "i16", "u16", "i32", "u32", "i63", "u63", "i64"]) {
      const bits = Number(type.slice(1));
      const signed = type[0] === "i";
      const max = signed ? 2n ** BigInt(bits - 1) - 1n : 2n ** BigInt(bits) - 1n;
      const min = signed ? -(2n ** BigInt(bits - 1)) : 0n;
      for (const ow of ["WRAP", "SAT", "FAIL"]) {
        steps.push(
          ["BITFIELD", "f", "OVERFLOW", ow, "SET", type, "#3", String(max), "INCRBY", type, "#3", "1", "GET", type, "#3"],
          ["BITFIELD", "f", "OVERFLOW", ow, "SET", type, "7", String(min), "INCRBY", type, "7", "-1", "GET", type, "7"],
          ["BITFIELD", "f", "OVERFLOW", ow, "SET", type, "13", String(max + 1n), "SET", type, "13", String(min - 1n), "GET", type, "13"],
          ["BITFIELD", "f", "OVERFLOW", ow, "INCRBY", type, "2", "9223372036854775807", "INCRBY", type, "2", "-9223372036854775808"],
        );
      }
    }
    await scenario(pair, [
      ...steps, ["GET", "f"], ["BITFIELD", "f"], ["BITFIELD", "missing", "GET", "u8", "0"], ["EXISTS", "missing"], ["BITFIELD", "f", "GET", "u64", "0"],
      ["BITFIELD", "f", "GET", "i65", "0"], ["BITFIELD", "f", "GET", "i0", "0"], ["BITFIELD", "f", "GET", "x8", "0"], ["BITFIELD", "f", "GET", "u8", "-1"],
      ["BITFIELD", "f", "GET", "u8", "#-1"], ["BITFIELD", "f", "GET", "u8", "##1"], ["BITFIELD", "f", "GET", "u8"], ["BITFIELD", "f", "SET", "u8", "0"],
      ["BITFIELD", "f", "SET", "u8", "0", "x"], ["BITFIELD", "f", "OVERFLOW", "NOPE", "GET", "u8", "0"], ["BITFIELD", "f", "OVERFLOW"], ["BITFIELD", "f", "BOGUS", "1"],
      ["BITFIELD", "f", "INCRBY", "u8", "0", "1", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"],
      ["BITFIELD", "f", "GET", "u8", "4294967288"], ["BITFIELD", "f", "SET", "u8", "#536870912", "1"], ["BITFIELD", "list", "GET", "u8", "0"],
      ["BITFIELD", "list", "SET", "u8", "0", "1"], ["BITFIELD_RO", "f", "GET", "u8", "0", "GET", "i4", "#2"], ["BITFIELD_RO", "f", "SET", "u8", "0", "1"],
      ["BITFIELD_RO", "f", "INCRBY", "u8", "0", "x"], ["BITFIELD_RO", "missing", "GET", "i8", "0"], ["BITFIELD_RO", "f", "OVERFLOW", "SAT", "GET", "u2", "0"],
      ["BITFIELD", "g", "SET", "u8", "100", "0"], ["GET", "g"], ["BITFIELD", "g", "SET", "u8", "100", "0"], ["SET", "n", "9"], ["BITFIELD", "n", "GET", "u8", "0"],
      ["BITFIELD", "n", "INCRBY", "u8", "0", "1"], ["GET", "n"], ["OBJECT", "ENCODING", "n"],
    ]);
  });

  it("keyspace events: setbit (only on change), set and del from BITOP", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["SETBIT", "b", "3", "1"], ["SETBIT", "b", "3", "1"], ["SETBIT", "b", "3", "0"], ["SETBIT", "b", "100", "0"], ["GETBIT", "missing", "1"],
        ["BITFIELD", "f", "SET", "u8", "0", "1"], ["BITFIELD", "f", "SET", "u8", "0", "1"], ["BITFIELD", "f", "INCRBY", "u8", "0", "1", "INCRBY", "u8", "8", "0"],
        ["BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"], ["BITOP", "OR", "d", "b", "f"], ["BITOP", "AND", "d", "missing"], ["BITCOUNT", "missing"],
      ]);
    });
  });

  it("a seeded random sequence of bitmap commands gives the same replies", async () => {
    const pair = await suite.fresh();
    const rng = seededRng("bitmap random sequence");
    const keys = ["k1", "k2", "k3"];
    const types = ["u1", "u3", "i4", "u8", "i8", "i13", "u16", "i32", "u63", "i64"];
    const num = (): string => String(rng.int(-40, 300));
    for (let i = 0; i < 600; i++) {
      const k = rng.pick(keys);
      const r = rng.float();
      let argv: string[];
      if (r < 0.25) argv = ["SETBIT", k, String(rng.int(0, 200)), String(rng.int(0, 1))];
      else if (r < 0.35) argv = ["GETBIT", k, String(rng.int(0, 220))];
      else if (r < 0.5) argv = ["BITCOUNT", k, num(), num(), rng.pick(["BIT", "BYTE"])];
      else if (r < 0.65) argv = ["BITPOS", k, String(rng.int(0, 1)), num(), ...(rng.chance(0.6) ? [num(), rng.pick(["BIT", "BYTE"])] : [])];
      else if (r < 0.75) argv = ["BITOP", rng.pick(["AND", "OR", "XOR"]), rng.pick(keys), k, rng.pick(keys)];
      else {
        const t = rng.pick(types);
        argv = ["BITFIELD", k, "OVERFLOW", rng.pick(["WRAP", "SAT", "FAIL"]), rng.pick(["GET", "SET", "INCRBY"]), t, String(rng.int(0, 150))];
        if (argv[4] !== "GET") argv.push(String(rng.int(-70000, 70000)));
      }
      await same(pair, argv);
    }
    for (const k of keys) await same(pair, ["GET", k]);
  });
});

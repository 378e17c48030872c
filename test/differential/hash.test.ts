/**
 * The hash group against a real redis-server, reply for reply (raw RESP bytes): hand-written edge
 * cases for every hash command the 7.0 suite.oracle knows — arity, wrong types, empty and missing keys,
 * int64 and long-double edges, binary and non-ASCII fields and values, huge and negative counts,
 * RESP3 shapes — plus OBJECT ENCODING at the thresholds and keyspace events. Replies whose order Redis
 * leaves unspecified (a hashtable's HGETALL, random picks) are compared as multisets or by invariant.
 * The 7.4 field-expiration commands have no suite.oracle: test/commands/hash-expire.test.ts covers them.
 * Random sequences live in hash-random.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bin, oracleAvailable, type Pair } from "../support/differential.js";
import { oracleSuite, same, sameEvents, scenario } from "./string-support.js";

const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";
const BIN = "\x00\xff\x00a\r\n\xfe";
const UTF8 = bin("héllo wörld ✓");

/** A parsed RESP frame: strings for bulk/simple, numbers for integers, null, arrays, {error}. */
type Parsed = string | number | null | Parsed[] | { error: string } | { map: Parsed[] };

/** Parses one complete RESP2/RESP3 frame (binary string). */
export function parseFrame(frame: string): Parsed {
  let pos = 0;
  const line = (): string => {
    const nl = frame.indexOf("\r\n", pos);
    const s = frame.slice(pos, nl);
    pos = nl + 2;
    return s;
  };
  const one = (): Parsed => {
    const type = frame[pos++];
    const head = line();
    switch (type) {
      case "+":
        return head;
      case "-":
        return { error: head };
      case ":":
        return Number(head);
      case "_":
        return null;
      case "$": {
        const n = Number(head);
        if (n < 0) return null;
        const s = frame.slice(pos, pos + n);
        pos += n + 2;
        return s;
      }
      case "*":
      case "~": {
        const n = Number(head);
        if (n < 0) return null;
        return Array.from({ length: n }, one);
      }
      case "%": {
        const n = Number(head);
        return { map: Array.from({ length: 2 * n }, one) };
      }
      default:
        throw new Error(`unexpected RESP type ${type}`);
    }
  };
  return one();
}

/** The suite.oracle's view of a hash (HGETALL), as a Map. */
async function oracleHash(pair: Pair, key: string): Promise<Map<string, string>> {
  const parsed = parseFrame(await pair.oracle.send(["HGETALL", key]));
  const p = (Array.isArray(parsed) ? parsed : (parsed as { map: string[] }).map) as string[];
  const m = new Map<string, string>();
  for (let i = 0; i < p.length; i += 2) m.set(p[i]!, p[i + 1]!);
  return m;
}

/** Sends argv to both; expects the same multiset of top-level elements (unspecified order). */
async function sameUnordered(pair: Pair, argv: readonly string[]): Promise<void> {
  const r = await pair.both(argv);
  const norm = (f: string) => {
    const p = parseFrame(f);
    return Array.isArray(p) ? p.map((x) => JSON.stringify(x)).sort() : p;
  };
  expect(norm(r.ours), `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-20))}`).toEqual(norm(r.theirs));
}

/** HGETALL of a hashtable: the same field → value pairs in any order. */
async function sameHash(pair: Pair, key: string): Promise<void> {
  const r = await pair.both(["HGETALL", key]);
  const pairs = (f: string) => {
    const p = parseFrame(f) as string[];
    const out: string[] = [];
    for (let i = 0; i < p.length; i += 2) out.push(JSON.stringify([p[i], p[i + 1]]));
    return out.sort();
  };
  expect(pairs(r.ours)).toEqual(pairs(r.theirs));
}

/**
 * HRANDFIELD with a count, checked by invariant against the suite.oracle's contents: same errors and empty
 * replies exactly; otherwise the right number of picks, every pick a real field with its real value,
 * distinct for positive counts, and the RESP3 pair shape when `resp3`.
 */
async function checkRandom(pair: Pair, argv: readonly string[], resp3 = false): Promise<void> {
  const r = await pair.both(argv);
  const msg = `${JSON.stringify(argv)}\nours ${JSON.stringify(r.ours.slice(0, 200))}\ntheirs ${JSON.stringify(r.theirs.slice(0, 200))}`;
  const theirs = parseFrame(r.theirs);
  const ours = parseFrame(r.ours);
  if (!Array.isArray(theirs) || theirs.length === 0) {
    expect(r.ours, msg).toBe(r.theirs);
    return;
  }
  expect(Array.isArray(ours), msg).toBe(true);
  const list = ours as Parsed[];
  expect(list.length, msg).toBe(theirs.length);
  const hash = await oracleHash(pair, argv[1]!);
  const withValues = argv.length === 4;
  const picks: [string, string | undefined][] = [];
  if (withValues && resp3) {
    for (const item of list) {
      expect(Array.isArray(item) && item.length === 2, msg).toBe(true);
      const [f, v] = item as [string, string];
      picks.push([f, v]);
    }
  } else if (withValues) {
    for (let i = 0; i < list.length; i += 2) picks.push([list[i] as string, list[i + 1] as string]);
  } else {
    for (const f of list) picks.push([f as string, undefined]);
  }
  for (const [f, v] of picks) {
    expect(hash.has(f), msg).toBe(true);
    if (v !== undefined) expect(v, msg).toBe(hash.get(f));
  }
  if (Number(argv[2]) > 0) expect(new Set(picks.map(([f]) => f)).size, msg).toBe(picks.length);
}

describe.skipIf(!oracleAvailable())("hash commands vs redis-server", () => {
  const suite = oracleSuite();

  /** A fresh pair with a string at "str" (the WRONGTYPE key). */
  async function pairWithString(): Promise<Pair> {
    const pair = await suite.fresh();
    await same(pair, ["SET", "str", "x"]);
    return pair;
  }

  it("HSET / HMSET / HSETNX: arity, pairs, duplicates, overwrites, wrong type", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["HSET", "h"], ["HSET", "h", "f"], ["HSET", "h", "f", "v", "g"], ["HMSET", "h", "f", "v", "g"], ["HMSET", "h", "f"],
      ["HSET", "h", "f", "v"], ["HSET", "h", "f", "v"], ["HSET", "h", "f", "w", "g", "1", "f", "x"], ["HGETALL", "h"],
      ["HMSET", "h", "a", "1", "b", "2"], ["hset", "h", "", ""], ["HGETALL", "h"], ["HLEN", "h"],
      ["HSET", "str", "f", "v"], ["HMSET", "str", "f", "v"], ["HSET", "str", "f", "v", "g"],
      ["HSETNX", "h", "f", "new"], ["HSETNX", "h", "nf", "new"], ["HSETNX", "n", "f", "v"], ["HSETNX", "str", "f", "v"],
      ["HSETNX", "h"], ["HSETNX", "h", "f", "v", "x"], ["HGETALL", "h"], ["HGETALL", "n"], ["EXISTS", "n"],
      ["HSET", "b", BIN, UTF8, UTF8, BIN], ["HGET", "b", BIN], ["HGET", "b", UTF8], ["HGETALL", "b"],
      ["HSET", "nums", "1", "10", "-5", "0", "9223372036854775807", "x", "01", "y"], ["HGETALL", "nums"],
    ]);
  });

  it("HGET / HMGET / HEXISTS / HSTRLEN / HLEN: missing keys and fields, wrong type, arity", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["HSET", "h", "a", "1", "b", "", "c", "12345", "d", UTF8, "-7", MIN],
      ["HGET", "h", "a"], ["HGET", "h", "zz"], ["HGET", "missing", "a"], ["HGET", "str", "a"], ["HGET", "h"],
      ["HMGET", "h", "a", "zz", "b", "a"], ["HMGET", "missing", "a", "b"], ["HMGET", "str", "a"], ["HMGET", "h"],
      ["HEXISTS", "h", "a"], ["HEXISTS", "h", "zz"], ["HEXISTS", "missing", "a"], ["HEXISTS", "str", "a"], ["HEXISTS", "h"],
      ["HSTRLEN", "h", "a"], ["HSTRLEN", "h", "b"], ["HSTRLEN", "h", "c"], ["HSTRLEN", "h", "d"], ["HSTRLEN", "h", "-7"],
      ["HSTRLEN", "h", "zz"], ["HSTRLEN", "missing", "a"], ["HSTRLEN", "str", "a"], ["HSTRLEN", "h", "a", "b"],
      ["HLEN", "h"], ["HLEN", "missing"], ["HLEN", "str"], ["HLEN"], ["HLEN", "h", "x"],
      ["HKEYS", "h"], ["HVALS", "h"], ["HKEYS", "missing"], ["HVALS", "missing"], ["HGETALL", "missing"],
      ["HKEYS", "str"], ["HVALS", "str"], ["HGETALL", "str"], ["HGETALL", "h", "x"],
    ]);
  });

  it("HDEL: several fields, repeats, emptying deletes the key, wrong type", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["HSET", "h", "a", "1", "b", "2", "c", "3"], ["HDEL", "h", "a", "a", "zz"], ["HDEL", "h", "zz"], ["HGETALL", "h"],
      ["HDEL", "h", "b", "c", "b"], ["EXISTS", "h"], ["HDEL", "h", "a"], ["HDEL", "missing", "a"], ["HDEL", "str", "a"],
      ["HDEL", "h"], ["TYPE", "h"],
    ]);
  });

  it("HINCRBY: int64 bounds, overflow both ways, non-integer fields and arguments", async () => {
    const pair = await pairWithString();
    const steps: string[][] = [
      ["HINCRBY", "h", "n", "5"], ["HINCRBY", "h", "n", "-10"], ["HINCRBY", "h", "n", "0"], ["HINCRBY", "h", "big", MAX],
      ["HINCRBY", "h", "big", "1"], ["HINCRBY", "h", "big", "-1"], ["HINCRBY", "h", "small", MIN], ["HINCRBY", "h", "small", "-1"],
      ["HINCRBY", "h", "small", "1"], ["HINCRBY", "h", "small", MAX], ["HGETALL", "h"],
      ["HSET", "h", "s", "abc", "sp", " 1", "plus", "+1", "lead", "01", "neg0", "-0", "f", "1.5", "e", "", "over", "9223372036854775808"],
    ];
    for (const f of ["s", "sp", "plus", "lead", "neg0", "f", "e", "over"]) steps.push(["HINCRBY", "h", f, "1"]);
    for (const a of ["abc", "1.5", "", " 1", "+1", "9223372036854775808", "-9223372036854775809", "0x10"]) {
      steps.push(["HINCRBY", "h", "n", a], ["HINCRBY", "missing", "n", a], ["HINCRBY", "str", "n", a]);
    }
    steps.push(["HINCRBY", "str", "n", "1"], ["HINCRBY", "h", "n"], ["EXISTS", "missing"], ["HGETALL", "h"]);
    await scenario(pair, steps);
  });

  it("HINCRBYFLOAT: long double sums and formatting, NaN/inf, bad stored values, errors before the type check", async () => {
    const pair = await pairWithString();
    const steps: string[][] = [];
    for (const a of ["1.5", "0.1", "-0.1", "1e10", "3.0000000000000000001", "5.0e3", "-1e-3", "1e300", "100", "-100.25", "0x10", "1e-20"]) {
      steps.push(["HINCRBYFLOAT", "h", "x", a]);
    }
    for (const a of ["abc", "", "inf", "-inf", "nan", "1e5000", " 1", "1 ", "+inf", "infinity"]) {
      steps.push(["HINCRBYFLOAT", "h", "x", a], ["HINCRBYFLOAT", "str", "x", a], ["HINCRBYFLOAT", "missing", "x", a]);
    }
    steps.push(
      ["HSET", "h", "s", "abc", "i", MAX, "sp", " 1", "e", "", "f", "1.5e3", "inf", "inf"],
      ["HINCRBYFLOAT", "h", "s", "1"], ["HINCRBYFLOAT", "h", "i", "1"], ["HINCRBYFLOAT", "h", "sp", "1"],
      ["HINCRBYFLOAT", "h", "e", "1"], ["HINCRBYFLOAT", "h", "f", "1"], ["HINCRBYFLOAT", "h", "inf", "1"],
      ["HINCRBYFLOAT", "h", "big", "1.7976931348623157e308"], ["HINCRBYFLOAT", "h", "big", "1.7976931348623157e308"],
      ["HINCRBYFLOAT", "h", "big", "1e4932"], ["HINCRBYFLOAT", "str", "x", "1"], ["HINCRBYFLOAT", "h", "x"],
      ["EXISTS", "missing"], ["OBJECT", "ENCODING", "h"],
    );
    await scenario(pair, steps);
    await sameHash(pair, "h");
  });

  it("HRANDFIELD: counts from LLONG_MIN to LLONG_MAX, WITHVALUES bounds, syntax, missing keys (RESP2)", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"],
      ["HRANDFIELD", "missing"], ["HRANDFIELD", "missing", "5"], ["HRANDFIELD", "missing", "-5", "WITHVALUES"],
      ["HRANDFIELD", "missing", "0"], ["HRANDFIELD", "str"], ["HRANDFIELD", "str", "1"], ["HRANDFIELD", "h", "0"],
      ["HRANDFIELD", "h", "0", "WITHVALUES"], ["HRANDFIELD", "h", MIN], ["HRANDFIELD", "h", MIN, "WITHVALUES"],
      ["HRANDFIELD", "missing", MIN], ["HRANDFIELD", "str", MIN], ["HRANDFIELD", "h", "9223372036854775808"],
      ["HRANDFIELD", "h", "abc"], ["HRANDFIELD", "h", "1.5"], ["HRANDFIELD", "h", "1", "FOO"],
      ["HRANDFIELD", "h", "abc", "FOO"], ["HRANDFIELD", "h", "1", "WITHVALUES", "x"], ["HRANDFIELD", "missing", "1", "FOO"],
      ["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"], ["HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"],
      ["HRANDFIELD", "h", "-9223372036854770000", "WITHVALUES"], ["HRANDFIELD", "str", "-9223372036854770000", "WITHVALUES"],
      ["HRANDFIELD", "missing", "4611686018427387904", "WITHVALUES"],
      // The whole hash, in listpack order: exact.
      ["HRANDFIELD", "h", "5"], ["HRANDFIELD", "h", MAX], ["HRANDFIELD", "h", "100", "withvalues"],
      ["HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"], ["HRANDFIELD", "h", "6", "WiThVaLuEs\x00junk"],
    ]);
    for (const argv of [
      ["HRANDFIELD", "h", "1"], ["HRANDFIELD", "h", "3"], ["HRANDFIELD", "h", "4", "WITHVALUES"], ["HRANDFIELD", "h", "-1"],
      ["HRANDFIELD", "h", "-20"], ["HRANDFIELD", "h", "-20", "WITHVALUES"], ["HRANDFIELD", "h", "-3", "withvalues"],
    ]) {
      for (let i = 0; i < 5; i++) await checkRandom(pair, argv);
    }
    const one = parseFrame((await pair.both(["HRANDFIELD", "h"])).ours);
    expect(["a", "b", "c", "d", "e"]).toContain(one);
  });

  it("HRANDFIELD on a hashtable: every sampling strategy, by invariant", async () => {
    const pair = await suite.fresh();
    const args = ["HSET", "big"];
    for (let i = 0; i < 600; i++) args.push(`f${i}`, `v${i}`);
    await same(pair, args);
    await same(pair, ["OBJECT", "ENCODING", "big"]);
    for (const count of ["1", "2", "10", "150", "199", "201", "450", "599", "600", "601", "-1", "-700", "-5"]) {
      await checkRandom(pair, ["HRANDFIELD", "big", count]);
      await checkRandom(pair, ["HRANDFIELD", "big", count, "WITHVALUES"]);
    }
    await sameUnordered(pair, ["HRANDFIELD", "big", MAX]);
    await sameUnordered(pair, ["HRANDFIELD", "big", "600"]);
  });

  it("RESP3: HGETALL as a map, HRANDFIELD WITHVALUES as pairs, empty replies", async () => {
    const pair = await suite.fresh();
    await suite.oracle.send(["HELLO", "3"]);
    pair.ours.session.resp = 3;
    try {
      await scenario(pair, [
        ["HSET", "h", "a", "1", "b", "2", "c", "3"], ["HGETALL", "h"], ["HGETALL", "missing"], ["HKEYS", "missing"],
        ["HGET", "missing", "a"], ["HGET", "h", "zz"], ["HMGET", "h", "a", "zz"], ["HRANDFIELD", "missing"],
        ["HRANDFIELD", "missing", "3", "WITHVALUES"], ["HRANDFIELD", "h", "3", "WITHVALUES"], ["HRANDFIELD", "h", "10", "WITHVALUES"],
        ["HRANDFIELD", "h", "0", "WITHVALUES"], ["HSCAN", "h", "0"], ["HSCAN", "missing", "0"], ["HINCRBYFLOAT", "h", "f", "2.5"],
      ]);
      for (const argv of [["HRANDFIELD", "h", "-5", "WITHVALUES"], ["HRANDFIELD", "h", "2", "WITHVALUES"], ["HRANDFIELD", "h", "1", "WITHVALUES"]]) {
        await checkRandom(pair, argv, true);
      }
    } finally {
      await suite.oracle.send(["HELLO", "2"]);
    }
  });

  it("HSCAN: cursor and option grammar, a listpack whole in one call, MATCH, missing and wrong keys", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["HSET", "h", "a1", "1", "b1", "2", "a2", "3", BIN, "4", UTF8, "5"],
      ["HSCAN", "h", "0"], ["HSCAN", "h", "123"], ["HSCAN", "h", "0", "MATCH", "a*"], ["HSCAN", "h", "0", "match", "*"],
      ["HSCAN", "h", "0", "MATCH", "\x00*"], ["HSCAN", "h", "0", "COUNT", "1"], ["HSCAN", "h", "0", "COUNT", "0"],
      ["HSCAN", "h", "0", "COUNT", "-1"], ["HSCAN", "h", "0", "COUNT", "abc"], ["HSCAN", "h", "0", "COUNT"],
      ["HSCAN", "h", "0", "MATCH"], ["HSCAN", "h", "0", "FOO"], ["HSCAN", "h", "0", "TYPE", "string"],
      ["HSCAN", "h", "abc"], ["HSCAN", "h", "-1"], ["HSCAN", "h", ""], ["HSCAN", "h", "18446744073709551615"],
      ["HSCAN", "h", "18446744073709551616"], ["HSCAN", "h", " 1"], ["HSCAN", "h", "1\x00x"],
      ["HSCAN", "missing", "0"], ["HSCAN", "missing", "0", "COUNT", "0"], ["HSCAN", "missing", "abc"],
      ["HSCAN", "str", "0"], ["HSCAN", "str", "0", "COUNT", "0"], ["HSCAN", "str", "abc"], ["HSCAN", "h"],
      ["HSCAN", "h", "0", "MATCH", "a*", "COUNT", "100", "MATCH", "b*"],
    ]);
  });

  it("HSCAN over a hashtable: a full iteration returns every field with its value", async () => {
    const pair = await suite.fresh();
    const args = ["HSET", "big"];
    for (let i = 0; i < 700; i++) args.push(`f${i}`, `v${i}`);
    await same(pair, args);
    // Drive each side with its own cursors.
    const walk = async (send: (argv: string[]) => Promise<string>, match: string[]) => {
      const seen = new Map<string, string>();
      let cursor = "0";
      let calls = 0;
      do {
        const [next, items] = parseFrame(await send(["HSCAN", "big", cursor, "COUNT", "37", ...match])) as [string, string[]];
        for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
        cursor = next;
        calls++;
      } while (cursor !== "0" && calls < 10_000);
      return seen;
    };
    for (const match of [[], ["MATCH", "f1*"], ["MATCH", "nothing*"]]) {
      const ours = await walk((argv) => pair.ours.send(argv), match);
      const theirs = await walk((argv) => pair.oracle.send(argv), match);
      expect(ours).toEqual(theirs);
    }
  });

  it("OBJECT ENCODING at hash-max-listpack-entries / -value, by every kind of write", async () => {
    const pair = await suite.fresh();
    const enc = (key: string) => same(pair, ["OBJECT", "ENCODING", key]);
    const fill = (key: string, n: number) => {
      const argv = ["HSET", key];
      for (let i = 0; i < n; i++) argv.push(`f${i}`, "v");
      return argv;
    };
    await same(pair, fill("a", 512));
    await enc("a");
    await same(pair, ["HSET", "a", "f0", "w"]);
    await enc("a");
    await same(pair, ["HSETNX", "a", "new", "v"]);
    await enc("a");
    await same(pair, ["HDEL", "a", "new", "f1"]);
    await enc("a");
    await same(pair, fill("b", 513));
    await enc("b");
    for (const [argv, key] of [
      [["HSET", "c", "f", "x".repeat(64)], "c"], [["HSET", "c", "g", "x".repeat(65)], "c"],
      [["HSET", "d", "x".repeat(65), "v"], "d"], [["HSETNX", "e", "f", "x".repeat(65)], "e"],
      [["HSET", "f", "a", "1"], "f"], [["HSETNX", "f", "a", "x".repeat(65)], "f"],
      [["HINCRBY", "g", "x".repeat(64), "1"], "g"], [["HINCRBY", "g", "x".repeat(65), "1"], "g"],
      [["HINCRBYFLOAT", "i", "f", "1e60"], "i"], [["HINCRBYFLOAT", "j", "f", "1e70"], "j"],
      [["HMSET", "k", "a", "1", "b", "x".repeat(100)], "k"], [["HDEL", "k", "b"], "k"],
    ] as [string[], string][]) {
      await same(pair, argv);
      await enc(key);
    }
    // The thresholds are read on every write; existing hashes are not converted back.
    await scenario(pair, [
      ["CONFIG", "SET", "hash-max-listpack-entries", "2"], ["HSET", "l", "a", "1", "b", "2"], ["OBJECT", "ENCODING", "l"],
      ["HSET", "l", "c", "3"], ["OBJECT", "ENCODING", "l"], ["CONFIG", "SET", "hash-max-listpack-entries", "512"],
      ["HDEL", "l", "c"], ["OBJECT", "ENCODING", "l"], ["CONFIG", "SET", "hash-max-listpack-value", "3"],
      ["HSET", "m", "abc", "def"], ["OBJECT", "ENCODING", "m"], ["HSET", "m", "abcd", "1"], ["OBJECT", "ENCODING", "m"],
      ["CONFIG", "SET", "hash-max-ziplist-value", "64"], ["CONFIG", "SET", "hash-max-listpack-entries", "0"],
      ["HSET", "n", "a", "1"], ["OBJECT", "ENCODING", "n"], ["CONFIG", "SET", "hash-max-listpack-entries", "512"],
      ["COPY", "a", "a2"], ["OBJECT", "ENCODING", "a2"], ["COPY", "b", "b2"], ["OBJECT", "ENCODING", "b2"],
      ["COPY", "k", "k2"], ["OBJECT", "ENCODING", "k2"], ["COPY", "l", "l2"], ["OBJECT", "ENCODING", "l2"],
    ]);
    // Hashtables: Redis's order depends on its per-process hash seed.
    await sameHash(pair, "l2");
    await sameHash(pair, "a2");
    await sameHash(pair, "b2");
  });

  it("keyspace events: the same channels and messages in the same order", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["HSET", "h", "a", "1"], ["HSET", "h", "a", "1", "b", "2"], ["HMSET", "h", "c", "3"], ["HSETNX", "h", "a", "x"],
        ["HSETNX", "h", "d", "4"], ["HINCRBY", "h", "n", "1"], ["HINCRBYFLOAT", "h", "n", "1.5"], ["HINCRBY", "h", "a", "x"],
        ["HDEL", "h", "zz"], ["HDEL", "h", "a", "b"], ["HGET", "missing", "a"], ["HGET", "h", "zz"], ["HMGET", "missing", "a"],
        ["HLEN", "missing"], ["HGETALL", "missing"], ["HRANDFIELD", "missing"], ["HSCAN", "missing", "0"],
        ["HEXISTS", "missing", "a"], ["HSTRLEN", "missing", "a"], ["HKEYS", "missing"], ["HDEL", "h", "c", "d", "n"],
        ["HINCRBYFLOAT", "f", "x", "1"], ["HSETNX", "g", "a", "1"], ["HDEL", "missing", "a"],
      ]);
    });
  });

  it("hashes with a key TTL, RENAME, MOVE and TYPE", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["HSET", "h", "a", "1"], ["EXPIRE", "h", "1000"], ["HSET", "h", "b", "2"], ["TTL", "h"], ["HINCRBY", "h", "a", "1"],
      ["TTL", "h"], ["HDEL", "h", "a", "b"], ["TTL", "h"], ["HSET", "h", "a", "1"], ["PEXPIREAT", "h", "1"], ["HGET", "h", "a"],
      ["HLEN", "h"], ["HSET", "h", "x", "1"], ["RENAME", "h", "h2"], ["HGETALL", "h2"], ["TYPE", "h2"], ["MOVE", "h2", "1"],
      ["EXISTS", "h2"], ["SELECT", "1"], ["HGETALL", "h2"], ["SELECT", "0"],
    ]);
  });
});

/**
 * Engine-level tests of the string group with a manual clock: expiry of SET/GETEX/SETEX TTLs, the
 * logged effects (Redis 7.2's propagation), keyspace events, the dirty counter, OBJECT ENCODING
 * bookkeeping, size limits, and the range/LCS helpers against naive models (seeded). Exact replies
 * against a real server live in test/differential/string*.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { MapReply, type Reply, SimpleString } from "../../src/engine/reply.js";
import type { ObjectValue } from "../../src/engine/value.js";
import { stringEntryEncoding } from "../../src/types/string/encoding.js";
import { longestCommonSubsequence, lcsTableBytes } from "../../src/types/string/lcs.js";
import { overwriteRange, stringRange } from "../../src/types/string/range.js";
import { parseExtendedArgs, OPT_EX, OPT_GET, OPT_NX, OPT_PXAT } from "../../src/types/string/extended-args.js";
import { seededRng } from "../support/seeded.js";
import { engineFixture, errText, T0 } from "../support/engine-fixture.js";

const setup = (config: Record<string, string> = {}) => engineFixture({ config, seed: 1 });

const ok = (reply: Reply): boolean => reply instanceof SimpleString && reply.value === "OK";

/** A stand-in aggregate, so WRONGTYPE paths are testable before the list type exists. */
class FakeList implements ObjectValue {
  readonly type = "list" as const;
  encoding(): string {
    return "listpack";
  }
  clone(): FakeList {
    return new FakeList();
  }
}

function encodingOf(engine: Engine, key: string): string {
  const e = engine.db(0).peek(key);
  if (e === undefined) throw new Error(`no key ${key}`);
  return stringEntryEncoding(e);
}

describe("SET expiry and propagation", () => {
  it("turns EX/PX/EXAT into SET … PXAT, logs PXAT as sent, and expires strictly after the time", () => {
    const { r, effects, clock } = setup();
    expect(ok(r("SET", "a", "1", "EX", "10"))).toBe(true);
    expect(ok(r("set", "b", "2", "px", "1500", "nx"))).toBe(true);
    expect(ok(r("SET", "c", "3", "EXAT", String(T0 / 1000 + 5)))).toBe(true);
    expect(ok(r("SET", "d", "4", "PXAT", String(T0 + 7), "XX"))).toBe(false); // XX on a missing key
    expect(ok(r("SET", "d", "4", "PXAT", String(T0 + 7)))).toBe(true);
    expect(effects).toEqual([
      ["SET", "a", "1", "PXAT", String(T0 + 10_000)],
      ["SET", "b", "2", "PXAT", String(T0 + 1500)],
      ["SET", "c", "3", "PXAT", String(T0 + 5000)],
      ["SET", "d", "4", "PXAT", String(T0 + 7)],
    ]);
    clock.advance(7);
    expect(r("GET", "d")).toBe("4"); // now == when: not expired yet (Redis expires when now > when)
    clock.advance(1);
    expect(r("GET", "d")).toBe(null);
    expect(effects.at(-1)).toEqual(["DEL", "d"]);
    clock.advance(10_000);
    expect(r("GET", "a")).toBe(null);
    expect(r("GET", "b")).toBe(null);
    expect(r("GET", "c")).toBe(null);
  });

  it("logs SET … GET without GET, and PXAT with GET unchanged (7.2)", () => {
    const { r, effects } = setup();
    r("SET", "k", "v1");
    expect(r("SET", "k", "v2", "GET", "get", "GeT")).toBe("v1");
    expect(r("SET", "k", "v3", "GET", "PXAT", String(T0 + 100_000))).toBe("v2");
    expect(r("SET", "k", "v4", "EX", "3", "GET")).toBe("v3");
    expect(effects).toEqual([
      ["SET", "k", "v1"],
      ["SET", "k", "v2"],
      ["SET", "k", "v3", "GET", "PXAT", String(T0 + 100_000)],
      ["SET", "k", "v4", "PXAT", String(T0 + 3000)],
    ]);
  });

  it("keeps or drops the TTL as Redis does (KEEPTTL, plain SET, GETSET, INCR, INCRBYFLOAT, APPEND, SETRANGE)", () => {
    const { r, engine } = setup();
    const ttl = (k: string) => engine.db(0).peek(k)?.expireAt;
    r("SET", "k", "1", "PX", "1000");
    r("SET", "k", "2", "KEEPTTL");
    expect(ttl("k")).toBe(T0 + 1000);
    r("INCR", "k");
    r("INCRBYFLOAT", "k", "1.5");
    r("APPEND", "k", "0");
    r("SETRANGE", "k", "0", "9");
    expect(ttl("k")).toBe(T0 + 1000);
    expect(r("GET", "k")).toBe("9.50");
    r("GETSET", "k", "x");
    expect(ttl("k")).toBe(0);
    r("SET", "k", "1", "PX", "1000");
    r("SET", "k", "2");
    expect(ttl("k")).toBe(0);
    r("SET", "k", "1", "PX", "1000");
    r("MSET", "k", "2");
    expect(ttl("k")).toBe(0);
    expect(engine.db(0).volatile.size).toBe(0);
  });

  it("stores an EXAT in the past and lets the next access expire it", () => {
    const { r, effects, engine } = setup();
    expect(ok(r("SET", "k", "v", "EXAT", "1"))).toBe(true);
    expect(engine.db(0).peek("k")).toBeDefined();
    expect(r("GET", "k")).toBe(null);
    expect(effects).toEqual([["SET", "k", "v", "PXAT", "1000"], ["DEL", "k"]]);
  });

  it("rejects bad expire values before anything else, GET's WRONGTYPE included", () => {
    const { r, engine, effects } = setup();
    engine.db(0).add("l", new FakeList());
    expect(errText(r("SET", "l", "v", "GET", "EX", "0"))).toBe("ERR invalid expire time in 'set' command");
    expect(errText(r("SET", "l", "v", "GET", "EX", "x"))).toBe("ERR value is not an integer or out of range");
    expect(errText(r("SET", "l", "v", "GET"))).toBe("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(errText(r("SET", "k", "v", "EX", "9223372036854776"))).toBe("ERR invalid expire time in 'set' command");
    expect(errText(r("SET", "k", "v", "PX", "9223372036854775807"))).toBe("ERR invalid expire time in 'set' command");
    expect(errText(r("SETEX", "k", "-1", "v"))).toBe("ERR invalid expire time in 'setex' command");
    expect(errText(r("PSETEX", "k", "0", "v"))).toBe("ERR invalid expire time in 'psetex' command");
    expect(errText(r("GETEX", "l", "EX", "0"))).toBe("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(engine.db(0).peek("l")?.value).toBeInstanceOf(FakeList);
    expect(engine.db(0).size).toBe(1);
    expect(effects).toEqual([]);
    expect(engine.dirty).toBe(0);
    // The largest absolute time is accepted and logged exactly.
    expect(ok(r("SET", "k", "v", "PXAT", "9223372036854775807"))).toBe(true);
    expect(ok(r("SET", "k", "v", "EXAT", "9223372036854775"))).toBe(true);
    expect(effects).toEqual([
      ["SET", "k", "v", "PXAT", "9223372036854775807"],
      ["SET", "k", "v", "PXAT", "9223372036854775000"],
    ]);
  });

  it("SETEX/PSETEX become SET … PXAT; SETNX is logged as sent", () => {
    const { r, effects } = setup();
    r("SETEX", "a", "5", "x");
    r("PSETEX", "b", "5", "y");
    expect(r("SETNX", "c", "z")).toBe(1);
    expect(r("SETNX", "c", "w")).toBe(0);
    expect(effects).toEqual([
      ["SET", "a", "x", "PXAT", String(T0 + 5000)],
      ["SET", "b", "y", "PXAT", String(T0 + 5)],
      ["SETNX", "c", "z"],
    ]);
  });

  it("NX with GET returns the old value and writes nothing when the key exists", () => {
    const { r, effects, engine } = setup();
    r("SET", "k", "old");
    const dirty = engine.dirty;
    expect(r("SET", "k", "new", "NX", "GET")).toBe("old");
    expect(r("GET", "k")).toBe("old");
    expect(r("SET", "m", "new", "NX", "GET")).toBe(null);
    expect(r("GET", "m")).toBe("new");
    expect(r("SET", "x", "new", "XX", "GET")).toBe(null);
    expect(r("GET", "x")).toBe(null);
    expect(engine.dirty).toBe(dirty + 1);
    expect(effects).toEqual([["SET", "k", "old"], ["SET", "m", "new", "NX"]]);
  });
});

describe("GETEX, GETDEL, GETSET", () => {
  it("GETEX logs PEXPIREAT / PERSIST / DEL, and nothing without a change", () => {
    const { r, effects, events, engine } = setup({ "notify-keyspace-events": "Eg" });
    r("SET", "k", "v");
    effects.length = 0;
    expect(r("GETEX", "k")).toBe("v");
    expect(r("GETEX", "k", "PERSIST")).toBe("v"); // no TTL to remove
    expect(r("GETEX", "k", "EX", "10")).toBe("v");
    expect(engine.db(0).peek("k")?.expireAt).toBe(T0 + 10_000);
    expect(r("GETEX", "k", "PX", "10", "PX", "20")).toBe("v"); // the last value wins
    expect(engine.db(0).peek("k")?.expireAt).toBe(T0 + 20);
    expect(r("GETEX", "k", "PERSIST")).toBe("v");
    expect(engine.db(0).peek("k")?.expireAt).toBe(0);
    expect(r("GETEX", "k", "PXAT", String(T0 + 1))).toBe("v");
    expect(r("GETEX", "k", "EXAT", String(T0 / 1000))).toBe("v"); // now: already expired → deleted
    expect(engine.db(0).peek("k")).toBeUndefined();
    expect(r("GETEX", "k", "PERSIST")).toBe(null);
    expect(effects).toEqual([
      ["PEXPIREAT", "k", String(T0 + 10_000)],
      ["PEXPIREAT", "k", String(T0 + 20)],
      ["PERSIST", "k"],
      ["PEXPIREAT", "k", String(T0 + 1)],
      ["DEL", "k"],
    ]);
    expect(events.map(([c, m]) => `${c} ${m}`)).toEqual([
      "__keyevent@0__:expire k",
      "__keyevent@0__:expire k",
      "__keyevent@0__:persist k",
      "__keyevent@0__:expire k",
      "__keyevent@0__:del k",
    ]);
  });

  it("GETEX deletes with UNLINK when lazyfree-lazy-expire is on", () => {
    const { r, effects } = setup({ "lazyfree-lazy-expire": "yes" });
    r("SET", "k", "v");
    r("GETEX", "k", "PXAT", "1");
    expect(effects.at(-1)).toEqual(["UNLINK", "k"]);
  });

  it("GETDEL logs DEL; GETSET logs SET and drops the TTL", () => {
    const { r, effects, engine } = setup();
    r("SET", "k", "v", "EX", "100");
    effects.length = 0;
    expect(r("GETSET", "k", "w")).toBe("v");
    expect(engine.db(0).peek("k")?.expireAt).toBe(0);
    expect(r("getdel", "k")).toBe("w");
    expect(r("GETDEL", "k")).toBe(null);
    expect(r("GETSET", "n", "1")).toBe(null);
    expect(effects).toEqual([["SET", "k", "w"], ["DEL", "k"], ["SET", "n", "1"]]);
  });
});

describe("counters", () => {
  it("INCR family is exact near 2^63 and leaves the value untouched on overflow", () => {
    const { r, effects } = setup();
    expect(r("INCRBY", "k", "9223372036854775806")).toBe(9223372036854775806n);
    expect(r("INCR", "k")).toBe(9223372036854775807n);
    expect(errText(r("INCR", "k"))).toBe("ERR increment or decrement would overflow");
    expect(r("GET", "k")).toBe("9223372036854775807");
    expect(r("DECRBY", "k", "9223372036854775807")).toBe(0);
    expect(r("DECRBY", "k", "9223372036854775807")).toBe(-9223372036854775807n);
    expect(r("DECR", "k")).toBe(-9223372036854775808n);
    expect(errText(r("DECR", "k"))).toBe("ERR increment or decrement would overflow");
    expect(errText(r("DECRBY", "k", "-9223372036854775808"))).toBe("ERR decrement would overflow");
    expect(r("INCRBY", "k", "9223372036854775807")).toBe(-1);
    expect(r("INCRBY", "j", "9007199254740993")).toBe(9007199254740993n);
    expect(r("INCRBY", "j", "-2")).toBe(9007199254740991);
    expect(effects.length).toBe(8); // the three failed calls log nothing
  });

  it("INCRBYFLOAT logs SET … KEEPTTL with the formatted result and keeps the TTL", () => {
    const { r, effects, engine } = setup();
    r("SET", "f", "10.50", "PX", "5000");
    effects.length = 0;
    expect(r("INCRBYFLOAT", "f", "0.1")).toBe("10.6");
    expect(r("incrbyfloat", "g", "-0")).toBe("0");
    expect(errText(r("INCRBYFLOAT", "f", "abc"))).toBe("ERR value is not a valid float");
    expect(errText(r("INCRBYFLOAT", "f", "inf"))).toBe("ERR increment would produce NaN or Infinity");
    expect(engine.db(0).peek("f")?.expireAt).toBe(T0 + 5000);
    expect(effects).toEqual([["SET", "f", "10.6", "KEEPTTL"], ["SET", "g", "0", "KEEPTTL"]]);
  });
});

describe("OBJECT ENCODING bookkeeping", () => {
  it("follows Redis: int/embstr/raw by content, raw after in-place edits, no int after INCRBYFLOAT", () => {
    const { r, engine } = setup();
    const cases: [string[], string, string][] = [
      [["SET", "a", "123"], "a", "int"],
      [["SET", "a", "-0"], "a", "embstr"],
      [["SET", "a", "9223372036854775807"], "a", "int"],
      [["SET", "a", "9223372036854775808"], "a", "embstr"],
      [["SET", "a", "x".repeat(44)], "a", "embstr"],
      [["SET", "a", "x".repeat(45)], "a", "raw"],
      [["SET", "a", "12"], "a", "int"],
      [["SETRANGE", "a", "0", ""], "a", "int"], // writing nothing changes nothing
      [["APPEND", "a", ""], "a", "raw"], // but appending nothing unshares
      [["INCR", "a"], "a", "int"],
      [["INCRBYFLOAT", "a", "1"], "a", "embstr"],
      [["GETSET", "a", "7"], "a", "int"],
      [["SETRANGE", "b", "2", "1"], "b", "raw"],
      [["APPEND", "c", "5"], "c", "int"],
      [["MSET", "d", "1", "e", "xy"], "d", "int"],
      [["MSET", "d", "1", "e", "xy"], "e", "embstr"],
      [["INCRBYFLOAT", "g", "1e300"], "g", "raw"],
      [["SETEX", "h", "100", "5"], "h", "int"],
    ];
    for (const [argv, key, enc] of cases) {
      r(...argv);
      expect(encodingOf(engine, key), argv.join(" ")).toBe(enc);
    }
  });
});

describe("size limits", () => {
  it("SETRANGE and APPEND refuse to grow past proto-max-bulk-len; an empty SETRANGE creates nothing", () => {
    const { r, engine, effects } = setup({ "proto-max-bulk-len": "1mb" });
    const max = 1024 * 1024;
    const tooBig = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    expect(errText(r("SETRANGE", "k", String(max), "x"))).toBe(tooBig);
    expect(errText(r("SETRANGE", "k", "9223372036854775807", "x"))).toBe(tooBig);
    expect(r("SETRANGE", "k", "9223372036854775807", "")).toBe(0);
    expect(errText(r("SETRANGE", "k", "-1", ""))).toBe("ERR offset is out of range");
    expect(engine.db(0).size).toBe(0);
    expect(effects).toEqual([]);
    expect(r("SETRANGE", "k", String(max - 1), "x")).toBe(max);
    expect(errText(r("APPEND", "k", "y"))).toBe(tooBig);
    expect(r("STRLEN", "k")).toBe(max);
    const v = r("GETRANGE", "k", "0", "3");
    expect(v).toBe("\0\0\0\0");
  });

  it("LCS refuses a table beyond proto-max-bulk-len (4 bytes a cell, as Redis counts)", () => {
    const { r } = setup({ "proto-max-bulk-len": "1mb" });
    r("SET", "a", "x".repeat(511));
    r("SET", "b", "x".repeat(511));
    expect(lcsTableBytes(511, 511)).toBe(1024 * 1024);
    expect(r("LCS", "a", "b", "LEN")).toBe(511);
    r("APPEND", "a", "x");
    expect(errText(r("LCS", "a", "b"))).toBe(
      "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
    );
  });
});

describe("dirty counter and keyspace events", () => {
  it("counts one change per write and none for no-ops", () => {
    const { r, engine } = setup();
    const d = () => engine.dirty;
    r("MSET", "a", "1", "b", "2", "a", "3");
    expect(d()).toBe(3);
    expect(r("MSETNX", "a", "1", "z", "2")).toBe(0);
    expect(r("MSETNX", "y", "1", "z", "2", "y", "3")).toBe(1);
    expect(d()).toBe(6);
    expect(r("GET", "y")).toBe("3");
    r("SETRANGE", "a", "0", "");
    r("GETEX", "a", "PERSIST");
    r("SET", "a", "x", "NX");
    r("GETDEL", "missing");
    expect(d()).toBe(6);
    expect(errText(r("MSET", "a", "1", "b"))).toBe("ERR wrong number of arguments for 'mset' command");
    expect(errText(r("MSETNX", "a", "1", "b"))).toBe("ERR wrong number of arguments for 'msetnx' command");
    expect(d()).toBe(6);
  });

  it("emits Redis's events in Redis's order", () => {
    const { r, events } = setup({ "notify-keyspace-events": "KEA" });
    r("SET", "k", "1", "EX", "100");
    r("INCRBY", "k", "2");
    r("INCRBYFLOAT", "k", "2");
    r("APPEND", "k", "x");
    r("SETRANGE", "k", "0", "y");
    r("GETDEL", "k");
    r("MSET", "a", "1", "b", "2");
    expect(events.filter(([c]) => c.startsWith("__keyevent")).map(([c, m]) => `${c.slice(15)} ${m}`)).toEqual([
      "set k",
      "expire k",
      "incrby k",
      "incrbyfloat k",
      "append k",
      "setrange k",
      "del k",
      "set a",
      "set b",
    ]);
    expect(events[0]).toEqual(["__keyspace@0__:k", "set"]);
  });
});

describe("LCS", () => {
  it("answers the documented example in every form", () => {
    const { r, s } = setup();
    r("MSET", "key1", "ohmytext", "key2", "mynewtext");
    expect(r("LCS", "key1", "key2")).toBe("mytext");
    expect(r("LCS", "key1", "key2", "LEN")).toBe(6);
    const idx = r("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
    expect(idx).toBeInstanceOf(MapReply);
    expect((idx as MapReply).entries).toEqual(["matches", [[[4, 7], [5, 8], 4]], "len", 6]);
    expect((r("LCS", "key1", "key2", "IDX") as MapReply).entries).toEqual([
      "matches",
      [
        [[4, 7], [5, 8]],
        [[2, 3], [0, 1]],
      ],
      "len",
      6,
    ]);
    expect(errText(r("LCS", "key1", "key2", "LEN", "IDX"))).toBe(
      "ERR If you want both the length and indexes, please just use IDX.",
    );
    s.db.add("l", new FakeList());
    expect(errText(r("LCS", "key1", "l", "BAD"))).toBe("ERR The specified keys must contain string values");
    expect(errText(r("LCS", "key1", "key2", "MINMATCHLEN"))).toBe("ERR syntax error");
  });

  it("matches a naive model on random strings (seeded)", () => {
    const rng = seededRng("lcs model");
    for (let round = 0; round < 300; round++) {
      const alpha = rng.pick(["ab", "abc", "abcdefgh", "\0\xff"]);
      const a = rng.string(rng.int(0, 24), alpha);
      const b = rng.string(rng.int(0, 24), alpha);
      const minLen = rng.int(0, 3);
      const res = longestCommonSubsequence(a, b, true, minLen);
      // Naive LCS length.
      const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
        }
      }
      const want = dp[a.length]![b.length]!;
      const ctx = JSON.stringify({ a, b, minLen });
      expect(res.len, ctx).toBe(want);
      expect(res.lcs.length, ctx).toBe(want);
      expect(longestCommonSubsequence(a, b, false, 0).len, ctx).toBe(want);
      const isSubseq = (x: string, y: string) => {
        let p = 0;
        for (const c of y) if (p < x.length && x[p] === c) p++;
        return p === x.length;
      };
      expect(isSubseq(res.lcs, a) && isSubseq(res.lcs, b), ctx).toBe(true);
      // Every reported range is a real common substring, ranges run backwards and do not overlap.
      let lastA = a.length;
      let lastB = b.length;
      for (const m of res.matches) {
        expect(a.slice(m.a[0], m.a[1] + 1), ctx).toBe(b.slice(m.b[0], m.b[1] + 1));
        expect(m.len, ctx).toBe(m.a[1] - m.a[0] + 1);
        expect(m.len >= minLen, ctx).toBe(true);
        expect(m.a[1] < lastA && m.b[1] < lastB, ctx).toBe(true);
        lastA = m.a[0];
        lastB = m.b[0];
      }
      if (minLen <= 1) expect(res.matches.reduce((n, m) => n + m.len, 0), ctx).toBe(want);
    }
  });
});

describe("range helpers", () => {
  it("stringRange and overwriteRange match naive models (seeded)", () => {
    const rng = seededRng("range model");
    for (let round = 0; round < 2000; round++) {
      const s = rng.string(rng.int(0, 8), "ab\0\xff");
      const start = rng.int(-12, 12);
      const end = rng.int(-12, 12);
      // Model: Redis's rules spelled out on an array of bytes.
      let want: string;
      if (start < 0 && end < 0 && start > end) want = "";
      else {
        const len = s.length;
        const a = start < 0 ? Math.max(0, len + start) : start;
        const b = Math.min(end < 0 ? Math.max(0, len + end) : end, len - 1);
        want = a > b || len === 0 ? "" : [...s].slice(a, b + 1).join("");
      }
      expect(stringRange(s, start, end), JSON.stringify({ s, start, end })).toBe(want);
      const offset = rng.int(0, 10);
      const v = rng.string(rng.int(0, 4), "xy");
      const bytes = [...s];
      while (bytes.length < offset) bytes.push("\0");
      for (let i = 0; i < v.length; i++) bytes[offset + i] = v[i]!;
      expect(overwriteRange(s, offset, v), JSON.stringify({ s, offset, v })).toBe(bytes.join(""));
    }
    expect(stringRange("hello", -9223372036854775808n, 9223372036854775807n)).toBe("hello");
    expect(stringRange("hello", 9223372036854775807n, 9223372036854775807n)).toBe("");
  });

  it("parses SET/GETEX options like Redis (C strings, repeats, conflicts)", () => {
    expect(parseExtendedArgs(["SET", "k", "v", "nx\0junk", "get", "EX", "1", "ex", "2"], true)).toEqual({
      flags: OPT_NX | OPT_GET | OPT_EX,
      expire: "2",
    });
    expect(parseExtendedArgs(["SET", "k", "v", "PXAT", "5"], true).flags).toBe(OPT_PXAT);
    for (const bad of [
      ["NX", "XX"],
      ["EX", "1", "PX", "1"],
      ["KEEPTTL", "EX", "1"],
      ["EX", "1", "KEEPTTL"],
      ["EX"],
      ["PERSIST"],
      ["\xdfX"],
    ]) {
      expect(() => parseExtendedArgs(["SET", "k", "v", ...bad], true), bad.join(" ")).toThrow("ERR syntax error");
    }
    for (const bad of [["NX"], ["GET"], ["KEEPTTL"], ["PERSIST", "EX", "1"], ["EX", "1", "PERSIST"]]) {
      expect(() => parseExtendedArgs(["GETEX", "k", ...bad], false), bad.join(" ")).toThrow("ERR syntax error");
    }
  });
});

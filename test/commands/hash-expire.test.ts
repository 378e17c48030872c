/**
 * Redis 7.4 hash-field expiration, which the 7.0 oracle does not have, checked at engine level with a
 * manual clock: HEXPIRE/HPEXPIRE/HEXPIREAT/HPEXPIREAT (conditions, reply codes, every error text and
 * its precedence), HTTL/HPTTL/HEXPIRETIME/HPEXPIRETIME, HPERSIST, the listpackex encoding, lazy and
 * active expiry (effects, events, key deletion), propagation (HPEXPIREAT rewrite, HDEL), and field
 * TTLs travelling with RENAME, COPY, MOVE and SWAPDB. Expected values follow 7.4.1's t_hash.c.
 */
import { describe, expect, it } from "vitest";
import { MapReply, NullArray, type Reply } from "../../src/engine/reply.js";
import { engineFixture, errText as err, T0 } from "../support/engine-fixture.js";

const setup = (config: Record<string, string> = {}, active = false) =>
  engineFixture({
    config: { "notify-keyspace-events": "KEA", ...config },
    activeExpire: active,
    event: (channel, message) => (channel.startsWith("__keyevent") ? [channel.slice(channel.indexOf(":") + 1), message] : undefined),
  });

const pairs = (reply: Reply): Reply[] => (reply as MapReply).entries;

describe("HEXPIRE family: arguments and errors (7.4 order)", () => {
  it("checks the type first, then the time, then the condition, FIELDS and numfields", () => {
    const { r } = setup();
    r("SET", "str", "x");
    r("HSET", "h", "a", "1");
    expect(err(r("HEXPIRE", "str", "abc", "FIELDS", "1", "a"))).toMatch(/^WRONGTYPE/);
    expect(err(r("HEXPIRE", "h", "abc", "FIELDS", "1", "a"))).toBe("ERR value is not an integer or out of range");
    expect(err(r("HEXPIRE", "missing", "1.5", "FIELDS", "1", "a"))).toBe("ERR value is not an integer or out of range");
    expect(err(r("HEXPIRE", "h", "-1", "FIELDS", "1", "a"))).toBe("ERR invalid expire time, must be >= 0");
    expect(err(r("HPEXPIREAT", "h", "-9223372036854775808", "FIELDS", "1", "a"))).toBe("ERR invalid expire time, must be >= 0");
    expect(err(r("HEXPIRE", "h", "70368744178", "FIELDS", "1", "a"))).toBe("ERR invalid expire time in 'hexpire' command");
    expect(err(r("HEXPIREAT", "h", "70368744178", "FIELDS", "1", "a"))).toBe("ERR invalid expire time in 'hexpireat' command");
    expect(r("HEXPIREAT", "h", "70368744177", "FIELDS", "1", "a")).toEqual([1]);
    expect(err(r("HPEXPIREAT", "h", "70368744177664", "FIELDS", "1", "a"))).toBe("ERR invalid expire time in 'hpexpireat' command");
    expect(r("HPEXPIREAT", "h", "70368744177663", "FIELDS", "1", "a")).toEqual([1]);
    expect(err(r("HPEXPIRE", "h", String(2 ** 46 - 1 - T0 + 1), "FIELDS", "1", "a"))).toBe("ERR invalid expire time in 'hpexpire' command");
    expect(err(r("HPEXPIRE", "h", "9223372036854775807", "FIELDS", "1", "a"))).toBe("ERR invalid expire time in 'hpexpire' command");
    expect(err(r("HEXPIRE", "h", "10", "FOO", "1", "a"))).toBe("ERR Mandatory argument FIELDS is missing or not at the right position");
    expect(err(r("HEXPIRE", "h", "10", "NX", "NX", "FIELDS", "1", "a"))).toBe(
      "ERR Mandatory argument FIELDS is missing or not at the right position",
    );
    expect(err(r("HEXPIRE", "h", "10", "FIELDS", "0", "a"))).toBe("ERR Parameter `numFields` should be greater than 0");
    expect(err(r("HEXPIRE", "h", "10", "FIELDS", "x", "a"))).toBe("ERR Parameter `numFields` should be greater than 0");
    expect(err(r("HEXPIRE", "h", "10", "FIELDS", "-1", "a"))).toBe("ERR Parameter `numFields` should be greater than 0");
    expect(err(r("HEXPIRE", "h", "10", "FIELDS", "2", "a"))).toBe("ERR The `numfields` parameter must match the number of arguments");
    expect(err(r("HEXPIRE", "h", "10", "NX", "FIELDS", "1"))).toBe("ERR The `numfields` parameter must match the number of arguments");
    expect(err(r("HEXPIRE", "h", "10", "FIELDS", "1"))).toBe("ERR wrong number of arguments for 'hexpire' command");
    expect(err(r("HEXPIRE", "h", "10", "fields", "9223372036854775808", "a"))).toBe(
      "ERR Parameter `numFields` should be greater than 0",
    );
    // Keywords are C strings compared case-insensitively.
    expect(r("HEXPIRE", "h", "10", "nX\x00junk", "fieLDS\x00", "1", "zz")).toEqual([-2]);
  });

  it("HTTL family and HPERSIST: type first, then FIELDS and numfields with their own text", () => {
    const { r } = setup();
    r("SET", "str", "x");
    for (const cmd of ["HTTL", "HPTTL", "HEXPIRETIME", "HPEXPIRETIME", "HPERSIST"]) {
      expect(err(r(cmd, "str", "FIELDS", "1", "a"))).toMatch(/^WRONGTYPE/);
      expect(err(r(cmd, "str", "FIELDS", "x", "a"))).toMatch(/^WRONGTYPE/);
      expect(err(r(cmd, "h", "FIELD", "1", "a"))).toBe("ERR Mandatory argument FIELDS is missing or not at the right position");
      expect(err(r(cmd, "h", "FIELDS", "0", "a"))).toBe("ERR Number of fields must be a positive integer");
      expect(err(r(cmd, "h", "FIELDS", "2", "a"))).toBe("ERR The `numfields` parameter must match the number of arguments");
      expect(err(r(cmd, "h", "FIELDS", "1"))).toBe(`ERR wrong number of arguments for '${cmd.toLowerCase()}' command`);
      expect(r(cmd, "missing", "FIELDS", "2", "a", "b")).toEqual([-2, -2]);
    }
  });
});

describe("HEXPIRE family: semantics", () => {
  it("reply codes per field, conditions, and listpackex from the first call", () => {
    const { r } = setup();
    r("HSET", "h", "a", "1", "b", "2", "c", "3");
    expect(r("OBJECT", "ENCODING", "h")).toBe("listpack");
    expect(r("HEXPIRE", "h", "100", "XX", "FIELDS", "1", "a")).toEqual([0]);
    // Nothing changed, yet the hash is now a listpackex (7.4 hashTypeSetExInit).
    expect(r("OBJECT", "ENCODING", "h")).toBe("listpackex");
    expect(r("HEXPIRE", "h", "100", "FIELDS", "3", "a", "zz", "b")).toEqual([1, -2, 1]);
    expect(r("HEXPIRE", "h", "100", "NX", "FIELDS", "2", "a", "c")).toEqual([0, 1]);
    expect(r("HEXPIRE", "h", "50", "GT", "FIELDS", "1", "a")).toEqual([0]);
    expect(r("HEXPIRE", "h", "100", "GT", "FIELDS", "1", "a")).toEqual([0]);
    expect(r("HEXPIRE", "h", "200", "GT", "FIELDS", "1", "a")).toEqual([1]);
    expect(r("HEXPIRE", "h", "300", "LT", "FIELDS", "1", "a")).toEqual([0]);
    expect(r("HEXPIRE", "h", "150", "LT", "FIELDS", "1", "a")).toEqual([1]);
    expect(r("HEXPIRE", "h", "150", "XX", "FIELDS", "1", "a")).toEqual([1]);
    r("HSET", "h", "d", "4");
    // A field without TTL: GT and XX fail, LT and NX pass.
    expect(r("HEXPIRE", "h", "10", "GT", "FIELDS", "1", "d")).toEqual([0]);
    expect(r("HEXPIRE", "h", "10", "LT", "FIELDS", "1", "d")).toEqual([1]);
    expect(r("HTTL", "h", "FIELDS", "5", "a", "b", "c", "d", "zz")).toEqual([150, 100, 100, 10, -2]);
    // Listpackex order: by TTL, fields without TTL last.
    r("HSET", "h", "e", "5");
    expect(r("HKEYS", "h")).toEqual(["d", "c", "b", "a", "e"]);
  });

  it("a time not in the future deletes the fields (2), the key with the last one", () => {
    const { r, effects, events } = setup();
    r("HSET", "h", "a", "1", "b", "2", "c", "3");
    effects.length = 0;
    events.length = 0;
    expect(r("HEXPIRE", "h", "0", "FIELDS", "2", "a", "zz")).toEqual([2, -2]);
    expect(effects).toEqual([["HDEL", "h", "a"]]);
    expect(events).toEqual([["hdel", "h"]]);
    expect(r("HPEXPIREAT", "h", String(T0), "FIELDS", "3", "b", "c", "b")).toEqual([2, 2, -2]);
    expect(r("EXISTS", "h")).toBe(0);
    expect(effects.slice(1)).toEqual([
      ["HDEL", "h", "b"],
      ["HDEL", "h", "c"],
    ]);
    expect(events.slice(1)).toEqual([
      ["hdel", "h"],
      ["del", "h"],
    ]);
    // NX on a field with a TTL is checked before the time.
    r("HSET", "k", "a", "1");
    r("HEXPIRE", "k", "100", "FIELDS", "1", "a");
    expect(r("HEXPIRE", "k", "0", "NX", "FIELDS", "1", "a")).toEqual([0]);
    expect(r("HLEN", "k")).toBe(1);
  });

  it("propagates HPEXPIREAT with the absolute time and only the fields it set", () => {
    const { r, effects, events, engine } = setup();
    r("HSET", "h", "a", "1", "b", "2");
    r("HSET", "t", "a", "1");
    r("HEXPIRE", "t", "50", "FIELDS", "1", "a");
    effects.length = 0;
    events.length = 0;
    const dirty = engine.dirty;
    r("HEXPIRE", "h", "100", "FIELDS", "2", "a", "b");
    r("hpexpire", "h", "5000", "nx", "fields", "3", "a", "zz", "b");
    r("HEXPIREAT", "h", "2000000000", "GT", "FIELDS", "3", "a", "zz", "b");
    r("hpexpireat", "h", "1999999999999", "LT", "FIELDS", "2", "a", "b");
    r("HPEXPIREAT", "h", "1", "FIELDS", "1", "zz");
    r("HEXPIRE", "t", "0", "FIELDS", "1", "a");
    expect(effects).toEqual([
      ["HPEXPIREAT", "h", String(T0 + 100_000), "FIELDS", "2", "a", "b"],
      ["HPEXPIREAT", "h", "2000000000000", "GT", "FIELDS", "2", "a", "b"],
      ["hpexpireat", "h", "1999999999999", "LT", "FIELDS", "2", "a", "b"],
      ["HDEL", "t", "a"],
    ]);
    expect(engine.dirty - dirty).toBe(7);
    expect(events).toEqual([
      ["hexpire", "h"],
      ["hexpire", "h"],
      ["hexpire", "h"],
      ["hdel", "t"],
      ["del", "t"],
    ]);
  });

  it("keeps TTLs in a hashtable, across conversion and beyond the thresholds", () => {
    const { r } = setup({ "hash-max-listpack-entries": "4" });
    r("HSET", "h", "a", "1", "b", "2");
    r("HPEXPIRE", "h", "1500", "FIELDS", "1", "a");
    r("HSET", "h", "c", "3", "d", "4", "e", "5");
    expect(r("OBJECT", "ENCODING", "h")).toBe("hashtable");
    expect(r("HPTTL", "h", "FIELDS", "2", "a", "b")).toEqual([1500, -1]);
    expect(r("HEXPIRE", "h", "10", "FIELDS", "2", "c", "zz")).toEqual([1, -2]);
    expect(r("HTTL", "h", "FIELDS", "2", "a", "c")).toEqual([2, 10]);
  });
});

describe("HTTL, HPTTL, HEXPIRETIME, HPEXPIRETIME, HPERSIST", () => {
  it("report remaining or absolute times, seconds rounded up", () => {
    const { r, clock } = setup();
    r("HSET", "h", "a", "1", "b", "2", "c", "3");
    r("HPEXPIRE", "h", "1001", "FIELDS", "1", "a");
    r("HPEXPIREAT", "h", String(T0 + 5000), "FIELDS", "1", "b");
    expect(r("HTTL", "h", "FIELDS", "4", "a", "b", "c", "zz")).toEqual([2, 5, -1, -2]);
    expect(r("HPTTL", "h", "FIELDS", "4", "a", "b", "c", "zz")).toEqual([1001, 5000, -1, -2]);
    expect(r("HEXPIRETIME", "h", "FIELDS", "2", "a", "b")).toEqual([Math.ceil((T0 + 1001) / 1000), (T0 + 5000) / 1000]);
    expect(r("HPEXPIRETIME", "h", "FIELDS", "2", "a", "b")).toEqual([T0 + 1001, T0 + 5000]);
    clock.advance(1);
    expect(r("HTTL", "h", "FIELDS", "1", "a")).toEqual([1]);
    clock.advance(1000);
    // A listpackex field due this very millisecond already answers -2 (7.4's `expire <= now`).
    expect(r("HPTTL", "h", "FIELDS", "1", "a")).toEqual([-2]);
    expect(r("HGET", "h", "a")).toBe("1");
    clock.advance(1);
    expect(r("HGET", "h", "a")).toBeNull();
  });

  it("HPERSIST removes TTLs, moves fields to the end, and counts one change", () => {
    const { r, engine, events, effects } = setup();
    r("HSET", "h", "a", "1", "b", "2", "c", "3");
    expect(r("HPERSIST", "h", "FIELDS", "2", "a", "zz")).toEqual([-1, -2]);
    expect(r("OBJECT", "ENCODING", "h")).toBe("listpack");
    r("HEXPIRE", "h", "100", "FIELDS", "2", "a", "b");
    events.length = 0;
    effects.length = 0;
    const dirty = engine.dirty;
    expect(r("HPERSIST", "h", "FIELDS", "3", "a", "c", "a")).toEqual([1, -1, -1]);
    expect(engine.dirty - dirty).toBe(1);
    expect(events).toEqual([["hpersist", "h"]]);
    expect(effects).toEqual([["HPERSIST", "h", "FIELDS", "3", "a", "c", "a"]]);
    expect(r("HKEYS", "h")).toEqual(["b", "c", "a"]);
    expect(r("HPERSIST", "h", "FIELDS", "1", "c")).toEqual([-1]);
    expect(effects.length).toBe(1);
  });
});

describe("field expiry: lazy and active", () => {
  it("reads reclaim due fields: HDEL propagated, hexpired fired, the emptied key deleted", () => {
    const { r, clock, effects, events } = setup();
    r("HSET", "h", "a", "1", "b", "2", "c", "3");
    r("HPEXPIRE", "h", "100", "FIELDS", "2", "a", "b");
    effects.length = 0;
    events.length = 0;
    clock.advance(100);
    expect(r("HLEN", "h")).toBe(3);
    clock.advance(1);
    expect(r("HLEN", "h")).toBe(1);
    // Equal TTLs: b went in front of a (listpackex), so it is reclaimed first.
    expect(effects).toEqual([
      ["HDEL", "h", "b"],
      ["HDEL", "h", "a"],
    ]);
    expect(events).toEqual([["hexpired", "h"]]);
    expect(r("HGETALL", "h")).toBeInstanceOf(MapReply);
    expect(pairs(r("HGETALL", "h"))).toEqual(["c", "3"]);
    r("HPEXPIRE", "h", "10", "FIELDS", "1", "c");
    clock.advance(11);
    events.length = 0;
    expect(r("HGET", "h", "c")).toBeNull();
    expect(events).toEqual([
      ["hexpired", "h"],
      ["del", "h"],
    ]);
    expect(r("EXISTS", "h")).toBe(0);
  });

  it("every hash command sees the hash without its due fields", () => {
    const { r, clock } = setup();
    const cases: [string[], Reply][] = [
      [["HGET", "h", "a"], null],
      [["HMGET", "h", "a", "b"], [null, "2"]],
      [["HEXISTS", "h", "a"], 0],
      [["HSTRLEN", "h", "a"], 0],
      [["HKEYS", "h"], ["b"]],
      [["HVALS", "h"], ["2"]],
      [["HRANDFIELD", "h", "5"], ["b"]],
      [["HSCAN", "h", "0"], ["0", ["b", "2"]]],
      [["HSETNX", "h", "a", "new"], 1],
      [["HSET", "h", "a", "new"], 1],
      [["HINCRBY", "h", "a", "5"], 5],
      [["HINCRBYFLOAT", "h", "a", "1.5"], "1.5"],
      [["HDEL", "h", "a"], 0],
      [["HTTL", "h", "FIELDS", "1", "a"], [-2]],
      [["HPERSIST", "h", "FIELDS", "1", "a"], [-2]],
      [["HEXPIRE", "h", "100", "FIELDS", "1", "a"], [-2]],
    ];
    for (const [argv, expected] of cases) {
      r("DEL", "h");
      r("HSET", "h", "a", "1", "b", "2");
      r("HPEXPIRE", "h", "5", "FIELDS", "1", "a");
      clock.advance(6);
      expect(r(...argv), JSON.stringify(argv)).toEqual(expected);
    }
  });

  it("a hash emptied by expiry is recreated by a write", () => {
    const { r, clock, events } = setup();
    r("HSET", "h", "a", "1");
    r("HPEXPIRE", "h", "5", "FIELDS", "1", "a");
    clock.advance(6);
    events.length = 0;
    expect(r("HINCRBY", "h", "a", "2")).toBe(2);
    expect(events).toEqual([
      ["hexpired", "h"],
      ["del", "h"],
      ["hincrby", "h"],
    ]);
    expect(r("HTTL", "h", "FIELDS", "1", "a")).toEqual([-1]);
    expect(r("OBJECT", "ENCODING", "h")).toBe("listpack");
  });

  it("HSET drops a field's TTL; HINCRBY and HINCRBYFLOAT keep it", () => {
    const { r } = setup();
    r("HSET", "h", "a", "1", "b", "2", "c", "x");
    r("HEXPIRE", "h", "100", "FIELDS", "3", "a", "b", "c");
    r("HINCRBY", "h", "a", "1");
    r("HINCRBYFLOAT", "h", "b", "1");
    r("HSET", "h", "c", "y");
    expect(r("HTTL", "h", "FIELDS", "3", "a", "b", "c")).toEqual([100, 100, -1]);
    expect(r("HSETNX", "h", "a", "z")).toBe(0);
    expect(r("HTTL", "h", "FIELDS", "1", "a")).toEqual([100]);
  });

  it("the active cycle expires fields without any access, within its quota", () => {
    const { r, clock, effects, events, engine } = setup({ hz: "10" }, true);
    r("HSET", "h", "a", "1", "b", "2");
    r("HPEXPIRE", "h", "1000", "FIELDS", "1", "a");
    const big = ["HSET", "big"];
    for (let i = 0; i < 1500; i++) big.push(`f${i}`, "v");
    r(...big);
    const fields = Array.from({ length: 1500 }, (_, i) => `f${i}`);
    r("HPEXPIRE", "big", "500", "FIELDS", "1500", ...fields);
    expect(r("OBJECT", "ENCODING", "big")).toBe("hashtable");
    effects.length = 0;
    events.length = 0;
    clock.advance(600);
    // 10000 fields a second at hz 10: 1000 per cycle.
    expect(effects.length).toBe(1000);
    expect(effects.every(([cmd, key]) => cmd === "HDEL" && key === "big")).toBe(true);
    expect(engine.db(0).peek("big")).toBeDefined();
    clock.advance(100);
    expect(effects.length).toBe(1500);
    expect(engine.db(0).peek("big")).toBeUndefined();
    expect(events.slice(-2)).toEqual([
      ["hexpired", "big"],
      ["del", "big"],
    ]);
    clock.advance(400);
    expect(effects.slice(1500)).toEqual([["HDEL", "h", "a"]]);
    expect(engine.db(0).peek("h")).toBeDefined();
    expect(engine.db(0).memberExpiry.size).toBe(0);
  });

  it("field TTLs travel with RENAME, MOVE, COPY and SWAPDB, and stay actively expired", () => {
    const { r, clock, engine, effects } = setup({}, true);
    r("HSET", "h", "a", "1", "b", "2");
    r("HPEXPIRE", "h", "100", "FIELDS", "1", "a");
    r("RENAME", "h", "h2");
    r("COPY", "h2", "h3");
    r("COPY", "h2", "h4", "DB", "1");
    r("HSET", "m", "a", "1", "b", "2");
    r("HPEXPIRE", "m", "100", "FIELDS", "1", "a");
    r("MOVE", "m", "2");
    r("HSET", "s", "a", "1", "b", "2");
    r("HPEXPIRE", "s", "100", "FIELDS", "1", "b");
    r("SWAPDB", "0", "3");
    expect(r("HPTTL", "h3", "FIELDS", "1", "a")).toEqual([-2]);
    r("SELECT", "3");
    expect(r("HPTTL", "h3", "FIELDS", "1", "a")).toEqual([100]);
    r("SELECT", "0");
    effects.length = 0;
    clock.advance(101);
    const deleted = effects.map((e) => e.join(" ")).sort();
    expect(deleted).toEqual(["HDEL h2 a", "HDEL h3 a", "HDEL h4 a", "HDEL m a", "HDEL s b"]);
    expect(engine.db(3).peek("h2")).toBeDefined();
  });

  it("FLUSHALL and overwriting a hash leave nothing for the active cycle to trip on", () => {
    const { r, clock, effects } = setup({}, true);
    r("HSET", "h", "a", "1");
    r("HPEXPIRE", "h", "100", "FIELDS", "1", "a");
    r("SET", "h", "string now");
    r("HSET", "g", "a", "1");
    r("HPEXPIRE", "g", "100", "FIELDS", "1", "a");
    r("FLUSHALL");
    effects.length = 0;
    clock.advance(200);
    expect(effects).toEqual([]);
    expect(r("GET", "h")).toBeNull();
  });

  it("WATCH sees a field expiring lazily as a change of the key", () => {
    const { r, clock, engine } = setup();
    r("HSET", "h", "a", "1", "b", "2");
    r("HPEXPIRE", "h", "10", "FIELDS", "1", "a");
    const other = engine.createSession();
    r("WATCH", "h");
    clock.advance(11);
    other.exec(["HLEN", "h"]);
    r("MULTI");
    r("HLEN", "h");
    expect(r("EXEC")).toBe(NullArray.instance);
  });

  it("nothing expires while loading, and loading can set times in the past", () => {
    const { r, engine } = setup();
    r("HSET", "h", "a", "1");
    engine.setLoading(true);
    expect(r("HPEXPIREAT", "h", "1", "FIELDS", "1", "a")).toEqual([1]);
    expect(r("HGET", "h", "a")).toBe("1");
    engine.setLoading(false);
    expect(r("HGET", "h", "a")).toBeNull();
  });
});

/**
 * Engine-level tests of the generic (keyspace) group with a manual clock and a seeded RNG: SCAN's
 * guarantee under concurrent changes (seeded model), expiry (lazy and active), propagation of
 * effects, keyspace notifications, the dirty counter, LRU/LFU bookkeeping behind OBJECT, and COPY's
 * deep copy. Exact reply texts against a real server live in test/differential/generic*.test.ts.
 */
import { describe, expect, it } from "vitest";
import { SimpleString } from "../../src/engine/reply.js";
import type { ObjectValue } from "../../src/engine/value.js";
import { copyValue } from "../../src/engine/value-copy.js";
import { parseExpireArg, parseExpireCommandTime } from "../../src/engine/expire-args.js";
import { seededRng } from "../support/seeded.js";
import { engineFixture, errText, T0 } from "../support/engine-fixture.js";

const setup = (config: Record<string, string> = {}) => engineFixture({ config, seed: 1, activeExpire: true, effectsWithDb: true });

/** A minimal aggregate value, standing in for the list/hash/... types in these tests. */
class FakeList implements ObjectValue {
  readonly type = "list" as const;
  constructor(readonly items: string[]) {}
  encoding(): string {
    return this.items.length > 2 ? "quicklist" : "listpack";
  }
  clone(): FakeList {
    return new FakeList([...this.items]);
  }
}

describe("SCAN", () => {
  it("returns every key present for the whole iteration, under random inserts/deletes/expiries (seeded)", () => {
    const rng = seededRng("scan guarantee");
    const { r, clock, engine } = setup();
    engine.activeExpireEnabled = false;
    const live = new Set<string>();
    let serial = 0;
    const newKey = () => `k:${rng.int(0, 3)}:${serial++}`;
    for (let i = 0; i < 300; i++) {
      const k = newKey();
      r("SET", k, "v");
      live.add(k);
    }
    for (let round = 0; round < 25; round++) {
      const stable = new Set(live);
      const seen = new Set<string>();
      const match = rng.chance(0.3) ? `k:${rng.int(0, 3)}:*` : undefined;
      let cursor = "0";
      let calls = 0;
      do {
        const count = rng.int(1, 30);
        const argv = ["SCAN", cursor, "COUNT", String(count)];
        if (match !== undefined) argv.push("MATCH", match);
        const reply = r(...argv) as [string, string[]];
        cursor = reply[0];
        for (const k of reply[1]) {
          expect(live.has(k), `SCAN returned ${k}, which does not exist`).toBe(true);
          if (match !== undefined) expect(k.startsWith(match.slice(0, -1))).toBe(true);
          seen.add(k);
        }
        // Concurrent changes between calls: deletes, inserts, TTLs that fire, renames.
        for (let j = 0; j < rng.int(0, 12); j++) {
          const op = rng.int(0, 9);
          const victims = [...live];
          const victim = victims.length > 0 ? rng.pick(victims) : undefined;
          if (op <= 2 && victim !== undefined) {
            r("DEL", victim);
            live.delete(victim);
            stable.delete(victim);
          } else if (op === 3 && victim !== undefined) {
            r("PEXPIRE", victim, "5");
            clock.advance(10);
            live.delete(victim); // logically gone; SCAN may reclaim it lazily
            stable.delete(victim);
          } else if (op === 4 && victim !== undefined) {
            const to = newKey();
            r("RENAME", victim, to);
            live.delete(victim);
            stable.delete(victim);
            live.add(to);
          } else {
            const k = newKey();
            r("SET", k, "v");
            live.add(k);
          }
        }
        calls++;
        expect(calls).toBeLessThan(10_000);
      } while (cursor !== "0");
      for (const k of stable) {
        if (match === undefined || k.startsWith(match.slice(0, -1))) {
          expect(seen.has(k), `round ${round}: ${k} present throughout but never returned`).toBe(true);
        }
      }
    }
  });

  it("returns a small keyspace in one call with cursor 0, and a bigger one in steps of about COUNT", () => {
    const { r } = setup();
    for (let i = 0; i < 5; i++) r("SET", `a${i}`, "v");
    const one = r("SCAN", "0") as [string, string[]];
    expect(one[0]).toBe("0");
    expect(one[1].sort()).toEqual(["a0", "a1", "a2", "a3", "a4"]);
    for (let i = 0; i < 100; i++) r("SET", `b${i}`, "v");
    const step = r("SCAN", "0", "COUNT", "20") as [string, string[]];
    expect(step[0]).not.toBe("0");
    expect(step[1].length).toBe(20);
  });

  it("reclaims expired keys it meets (propagating DEL) and filters by TYPE", () => {
    const { r, clock, engine, effects } = setup();
    engine.activeExpireEnabled = false;
    r("SET", "s1", "v");
    r("SET", "gone", "v");
    r("PEXPIRE", "gone", "1");
    engine.db(0).add("l1", new FakeList(["x"]));
    clock.advance(5);
    effects.length = 0;
    const all = r("SCAN", "0", "COUNT", "100") as [string, string[]];
    expect(all[1].sort()).toEqual(["l1", "s1"]);
    expect(effects).toEqual([["db0", "DEL", "gone"]]);
    expect(engine.db(0).peek("gone")).toBeUndefined();
    expect((r("SCAN", "0", "TYPE", "LIST") as [string, string[]])[1]).toEqual(["l1"]);
    expect((r("SCAN", "0", "TYPE", "string") as [string, string[]])[1]).toEqual(["s1"]);
    expect((r("SCAN", "0", "TYPE", "nosuchtype") as [string, string[]])[1]).toEqual([]);
  });

  it("parses cursors as strtoul does", () => {
    const { r } = setup();
    r("SET", "a", "1");
    expect((r("SCAN", "") as [string, string[]])[1]).toEqual(["a"]);
    expect((r("SCAN", "+0") as [string, string[]])[1]).toEqual(["a"]);
    expect((r("SCAN", "0\0junk") as [string, string[]])[1]).toEqual(["a"]);
    expect(r("SCAN", "-1")).toEqual(["0", []]);
    expect(errText(r("SCAN", " 0"))).toBe("ERR invalid cursor");
    expect(errText(r("SCAN", "18446744073709551616"))).toBe("ERR invalid cursor");
    expect(r("SCAN", "18446744073709551615")).toEqual(["0", []]);
    expect(errText(r("SCAN", "0x1"))).toBe("ERR invalid cursor");
  });
});

describe("expiry", () => {
  it("EXPIRE family sets exact absolute times; TTL rounds to the nearest second", () => {
    const { r, clock } = setup();
    r("SET", "k", "v");
    expect(r("EXPIRE", "k", "100")).toBe(1);
    expect(r("PEXPIRETIME", "k")).toBe(T0 + 100_000);
    expect(r("EXPIRETIME", "k")).toBe(Math.floor((T0 + 100_000) / 1000));
    clock.advance(1499);
    expect(r("PTTL", "k")).toBe(98_501);
    expect(r("TTL", "k")).toBe(99); // 98.501 s rounds to 99
    clock.advance(2);
    expect(r("TTL", "k")).toBe(98); // 98.499 s
    expect(r("PEXPIRE", "k", "250")).toBe(1);
    expect(r("PTTL", "k")).toBe(250);
    expect(r("EXPIREAT", "k", String(Math.floor(T0 / 1000) + 5000))).toBe(1);
    expect(r("PEXPIRETIME", "k")).toBe(T0 + 5_000_000);
    expect(r("PEXPIREAT", "k", String(T0 + 7777))).toBe(1);
    expect(r("PEXPIRETIME", "k")).toBe(T0 + 7777);
    expect(r("TTL", "missing")).toBe(-2);
    r("SET", "p", "v");
    expect(r("TTL", "p")).toBe(-1);
    expect(r("PEXPIRETIME", "p")).toBe(-1);
  });

  it("keys expire lazily at now > when, exactly", () => {
    const { r, clock, engine } = setup();
    engine.activeExpireEnabled = false;
    r("SET", "k", "v");
    r("PEXPIRE", "k", "100");
    clock.advance(100);
    expect(r("GET", "k")).toBe("v");
    expect(r("PTTL", "k")).toBe(0);
    clock.advance(1);
    expect(r("KEYS", "*")).toEqual([]);
    expect(engine.db(0).size).toBe(1); // KEYS skips without deleting
    expect(r("EXISTS", "k")).toBe(0);
    expect(engine.db(0).size).toBe(0);
    expect(engine.stats.expiredKeys).toBe(1);
  });

  it("the active cycle reclaims keys when the manual clock advances", () => {
    const { r, clock, engine, effects } = setup();
    for (let i = 0; i < 200; i++) {
      r("SET", `k${i}`, "v");
      if (i % 4 !== 0) r("PEXPIRE", `k${i}`, String(10 + i));
    }
    effects.length = 0;
    for (let i = 0; i < 20 && engine.db(0).size > 50; i++) clock.advance(100);
    expect(engine.db(0).size).toBe(50);
    expect(r("DBSIZE")).toBe(50);
    expect(effects.length).toBe(150);
    expect(effects.every((e) => e[1] === "DEL")).toBe(true);
  });

  it("NX/XX/GT/LT decide against the current TTL (none counts as infinite for GT/LT)", () => {
    const { r } = setup();
    r("SET", "k", "v");
    expect(r("EXPIRE", "k", "100", "XX")).toBe(0);
    expect(r("EXPIRE", "k", "100", "GT")).toBe(0);
    expect(r("EXPIRE", "k", "100", "LT")).toBe(1);
    expect(r("EXPIRE", "k", "50", "NX")).toBe(0);
    expect(r("EXPIRE", "k", "200", "LT")).toBe(0);
    expect(r("EXPIRE", "k", "200", "gt")).toBe(1);
    expect(r("TTL", "k")).toBe(200);
    expect(r("EXPIRE", "k", "300", "XX", "GT")).toBe(1);
    expect(r("PERSIST", "k")).toBe(1);
    expect(r("PERSIST", "k")).toBe(0);
    expect(r("EXPIRE", "k", "50", "NX")).toBe(1);
    expect(errText(r("EXPIRE", "k", "50", "NX", "XX"))).toBe(
      "ERR NX and XX, GT or LT options at the same time are not compatible",
    );
    expect(errText(r("EXPIRE", "k", "50", "GT", "LT"))).toBe("ERR GT and LT options at the same time are not compatible");
    expect(errText(r("EXPIRE", "k", "x", "foo"))).toBe("ERR Unsupported option foo");
    expect(r("TTL", "k")).toBe(50);
  });

  it("validates huge times exactly (int64 overflow rules)", () => {
    const { r } = setup();
    r("SET", "foo", "bar");
    for (const t of ["9223370399119966", "9223372036854776", "10000000000000000", "18446744073709561", "-9223372036854776"]) {
      expect(errText(r("EXPIRE", "foo", t))).toBe("ERR invalid expire time in 'expire' command");
    }
    expect(errText(r("PEXPIRE", "foo", "9223372036854770000"))).toBe("ERR invalid expire time in 'pexpire' command");
    expect(errText(r("EXPIRE", "foo", "9223372036854775808"))).toBe("ERR value is not an integer or out of range");
    expect(r("TTL", "foo")).toBe(-1);
    expect(r("PEXPIREAT", "foo", "9223372036854770000")).toBe(1);
    expect(typeof r("PEXPIRETIME", "foo")).toBe("bigint");
    expect(r("PEXPIREAT", "foo", "-9223372036854770000")).toBe(1);
    expect(r("TTL", "foo")).toBe(-2);
  });

  it("expire-args helpers follow SET's and EXPIRE's rules", () => {
    const { s } = setup();
    expect(parseExpireArg(s, "10", 1000, false, "set")).toBe(T0 + 10_000);
    expect(parseExpireArg(s, "10", 1, true, "set")).toBe(10);
    expect(() => parseExpireArg(s, "0", 1, false, "set")).toThrow("ERR invalid expire time in 'set' command");
    expect(() => parseExpireArg(s, "-5", 1000, true, "getex")).toThrow("ERR invalid expire time in 'getex' command");
    expect(() => parseExpireArg(s, "10000000000000000", 1000, false, "set")).toThrow("invalid expire time");
    expect(() => parseExpireArg(s, "9223372036854775807", 1, false, "set")).toThrow("invalid expire time");
    expect(parseExpireArg(s, "9223372036854775807", 1, true, "set")).toBe(9223372036854775807n);
    expect(() => parseExpireArg(s, "1.5", 1, true, "set")).toThrow("ERR value is not an integer or out of range");
    expect(parseExpireCommandTime("-5", 1000, 1000, "expire")).toBe(-4000);
    expect(parseExpireCommandTime("-9223372036854775", 1000, 0, "expireat")).toBe(-9223372036854775000n);
  });
});

describe("propagation and the dirty counter", () => {
  it("logs the EXPIRE family as PEXPIREAT with the absolute time, options kept", () => {
    const { r, effects } = setup();
    r("SET", "k", "v");
    effects.length = 0;
    r("EXPIRE", "k", "10", "NX");
    r("pexpire", "k", "500");
    r("EXPIREAT", "k", "2000000000");
    r("PEXPIREAT", "k", "2000000000123");
    r("pexpireat", "k", "2000000000124", "gt");
    expect(effects).toEqual([
      ["db0", "PEXPIREAT", "k", String(T0 + 10_000), "NX"],
      ["db0", "PEXPIREAT", "k", String(T0 + 500)],
      ["db0", "PEXPIREAT", "k", "2000000000000"],
      ["db0", "PEXPIREAT", "k", "2000000000123"],
      ["db0", "pexpireat", "k", "2000000000124", "gt"],
    ]);
  });

  it("a time in the past deletes the key, logs DEL (UNLINK with lazyfree-lazy-expire) and notifies del", () => {
    const { r, effects, events, engine } = setup({ "notify-keyspace-events": "KEA" });
    r("SET", "k", "v");
    r("SET", "j", "v");
    effects.length = 0;
    events.length = 0;
    expect(r("EXPIRE", "k", "0")).toBe(1);
    expect(r("EXISTS", "k")).toBe(0);
    expect(effects).toEqual([["db0", "DEL", "k"]]);
    expect(events).toEqual([
      ["__keyspace@0__:k", "del"],
      ["__keyevent@0__:del", "k"],
    ]);
    engine.config.setMany([["lazyfree-lazy-expire", "yes"]]);
    r("PEXPIREAT", "j", "1");
    expect(effects[1]).toEqual(["db0", "UNLINK", "j"]);
    expect(engine.stats.expiredKeys).toBe(0);
  });

  it("logs nothing for commands that changed nothing, and counts dirty changes like Redis", () => {
    const { r, effects, engine } = setup();
    r("SET", "a", "1");
    r("SET", "b", "1");
    effects.length = 0;
    const d0 = engine.dirty;
    r("DEL", "x", "y");
    r("EXPIRE", "missing", "10");
    r("EXPIRE", "a", "10", "XX");
    r("PERSIST", "a");
    r("RENAME", "a", "a");
    r("RENAMENX", "a", "b");
    r("MOVE", "missing", "1");
    r("COPY", "missing", "z");
    r("TOUCH", "a", "b");
    r("OBJECT", "ENCODING", "a");
    expect(effects).toEqual([]);
    expect(engine.dirty).toBe(d0);
    r("DEL", "a", "b", "c");
    expect(engine.dirty).toBe(d0 + 2);
    expect(effects).toEqual([["db0", "DEL", "a", "b", "c"]]);
  });

  it("logs an expired key found by a command as DEL before the command's own effect", () => {
    const { r, effects, clock, engine } = setup();
    engine.activeExpireEnabled = false;
    r("SET", "a", "1");
    r("PEXPIRE", "a", "10");
    r("SET", "b", "1");
    clock.advance(20);
    effects.length = 0;
    expect(r("RENAME", "b", "a")).toEqual(new SimpleString("OK"));
    expect(effects).toEqual([
      ["db0", "DEL", "a"],
      ["db0", "RENAME", "b", "a"],
    ]);
  });
});

describe("RENAME, MOVE, COPY", () => {
  it("carry the TTL, fire Redis's events, and keep string representations", () => {
    const { r, s, events, engine } = setup({ "notify-keyspace-events": "Eg" });
    r("SET", "a", "hello");
    r("PEXPIRE", "a", "5000");
    engine.db(0).peek("a")!.raw = true; // as after an APPEND
    events.length = 0;
    expect(r("RENAME", "a", "b")).toEqual(new SimpleString("OK"));
    expect(r("PTTL", "b")).toBe(5000);
    expect(r("OBJECT", "ENCODING", "b")).toBe("raw");
    expect(r("MOVE", "b", "3")).toBe(1);
    expect(r("COPY", "b", "c", "DB", "3")).toBe(0);
    s.select(3);
    expect(r("COPY", "b", "c")).toBe(1);
    expect(r("PTTL", "c")).toBe(5000);
    expect(r("OBJECT", "ENCODING", "c")).toBe("raw");
    expect(events).toEqual([
      ["__keyevent@0__:rename_from", "a"],
      ["__keyevent@0__:rename_to", "b"],
      ["__keyevent@0__:move_from", "b"],
      ["__keyevent@3__:move_to", "b"],
      ["__keyevent@3__:copy_to", "c"],
    ]);
  });

  it("COPY deep-copies aggregates through clone()", () => {
    const { r, engine } = setup();
    const list = new FakeList(["x", "y", "z"]);
    engine.db(0).add("l", list);
    expect(r("COPY", "l", "l2")).toBe(1);
    const copy = engine.db(0).peek("l2")!.value as FakeList;
    expect(copy).not.toBe(list);
    copy.items.push("w");
    expect(list.items).toEqual(["x", "y", "z"]);
    expect(r("TYPE", "l2")).toEqual(new SimpleString("list"));
    expect(r("OBJECT", "ENCODING", "l2")).toBe("quicklist");
    expect(copyValue("abc")).toBe("abc");
  });
});

describe("OBJECT and access bookkeeping", () => {
  it("IDLETIME grows with time; reads refresh it, EXISTS/TYPE/TTL/OBJECT do not", () => {
    const { r, clock } = setup();
    r("SET", "k", "v");
    clock.advance(10_000);
    expect(r("OBJECT", "IDLETIME", "k")).toBe(10);
    r("EXISTS", "k");
    r("TYPE", "k");
    r("TTL", "k");
    r("OBJECT", "ENCODING", "k");
    expect(r("OBJECT", "IDLETIME", "k")).toBe(10);
    r("GET", "k");
    expect(r("OBJECT", "IDLETIME", "k")).toBe(0);
    clock.advance(3000);
    r("TOUCH", "k", "nope");
    expect(r("OBJECT", "IDLETIME", "k")).toBe(0);
    expect(r("OBJECT", "IDLETIME", "nope")).toBe(null);
    expect(errText(r("OBJECT", "FREQ", "k"))).toMatch(/^ERR An LFU maxmemory policy is not selected/);
  });

  it("FREQ counts accesses logarithmically under an LFU policy, and decays with time", () => {
    const { r, clock, engine } = setup({ "maxmemory-policy": "allkeys-lfu" });
    r("SET", "k", "v");
    expect(r("OBJECT", "FREQ", "k")).toBe(5);
    for (let i = 0; i < 100; i++) r("GET", "k");
    const f = r("OBJECT", "FREQ", "k") as number;
    expect(f).toBeGreaterThan(5);
    expect(f).toBeLessThan(30);
    clock.advance(3 * 60_000);
    expect(r("OBJECT", "FREQ", "k")).toBe(f - 3);
    expect(errText(r("OBJECT", "IDLETIME", "k"))).toMatch(/^ERR An LFU maxmemory policy is selected/);
    engine.config.setMany([["maxmemory-policy", "allkeys-lru"]]);
    expect(typeof r("OBJECT", "IDLETIME", "k")).toBe("number");
  });

  it("REFCOUNT reports shared small integers as Redis does", () => {
    const { r, engine } = setup();
    r("SET", "small", "9999");
    r("SET", "big", "10000");
    r("SET", "neg", "-1");
    r("SET", "str", "abc");
    expect(r("OBJECT", "REFCOUNT", "small")).toBe(2147483647);
    expect(r("OBJECT", "REFCOUNT", "big")).toBe(1);
    expect(r("OBJECT", "REFCOUNT", "neg")).toBe(1);
    expect(r("OBJECT", "REFCOUNT", "str")).toBe(1);
    engine.config.setMany([
      ["maxmemory", "100mb"],
      ["maxmemory-policy", "allkeys-lru"],
    ]);
    expect(r("OBJECT", "REFCOUNT", "small")).toBe(1);
  });
});

describe("RANDOMKEY", () => {
  it("never returns an expired key and reclaims the ones it draws", () => {
    const { r, clock, engine } = setup();
    engine.activeExpireEnabled = false;
    for (let i = 0; i < 50; i++) {
      r("SET", `k${i}`, "v");
      if (i !== 17) r("PEXPIRE", `k${i}`, "10");
    }
    clock.advance(20);
    for (let i = 0; i < 20; i++) expect(r("RANDOMKEY")).toBe("k17");
    r("DEL", "k17");
    expect(r("RANDOMKEY")).toBe(null);
    expect(engine.db(0).size).toBe(0);
  });
});

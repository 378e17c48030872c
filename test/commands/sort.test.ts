/**
 * Engine-level tests of SORT / SORT_RO for what the 7.0 oracle cannot check, and of SORT's two
 * helpers: the STORE destination's Redis 7.2 encoding (a listpack when it fits, where 7.0 always
 * stored a quicklist), the logged effects and the dirty counter, WATCH on the destination (not the
 * source), hash-field TTLs (7.4) on BY/GET lookups, huge LIMITs answered at once, and — seeded —
 * pqsort's partial order against a full sort and the weight parser against its rules. Exact replies
 * against a real server live in test/differential/sort*.test.ts.
 */
import { describe, expect, it } from "vitest";
import { RedisError } from "../../src/index.js";
import { partialQuicksort } from "../../src/commands/sort-partial-qsort.js";
import { sortScore } from "../../src/commands/sort-score.js";
import { seededRng } from "../support/seeded.js";
import { engineFixture } from "../support/engine-fixture.js";

const setup = (config: Record<string, string> = {}) =>
  engineFixture({ config: { "notify-keyspace-events": "KEA", ...config }, seed: 7 });

describe("SORT … STORE: the stored list", () => {
  it("is a listpack when it fits list-max-listpack-size, a quicklist otherwise (7.2 listTypeTryConversion)", () => {
    const { r } = setup();
    r("RPUSH", "l", "3", "1", "2");
    expect(r("SORT", "l", "STORE", "d")).toBe(3);
    expect(r("OBJECT", "ENCODING", "d")).toBe("listpack");
    r("RPUSH", "big", ...Array.from({ length: 300 }, (_, i) => "x".repeat(40) + String(i)));
    expect(r("SORT", "big", "ALPHA", "STORE", "d")).toBe(300);
    expect(r("OBJECT", "ENCODING", "d")).toBe("quicklist");
    expect(r("LINDEX", "d", "0")).toBe("x".repeat(40) + "0");
    // A count-based fill: 5 entries fit, 6 do not.
    const c = setup({ "list-max-listpack-size": "5" });
    c.r("RPUSH", "l", "5", "4", "3", "2", "1", "0");
    c.r("SORT", "l", "LIMIT", "0", "5", "STORE", "a");
    c.r("SORT", "l", "STORE", "b");
    expect([c.r("OBJECT", "ENCODING", "a"), c.r("OBJECT", "ENCODING", "b")]).toEqual(["listpack", "quicklist"]);
  });

  it("replaces a key of any type and drops its TTL; an empty result deletes the destination", () => {
    const { r, events } = setup();
    r("RPUSH", "l", "2", "1");
    r("HSET", "d", "f", "v");
    r("EXPIRE", "d", "100");
    events.length = 0;
    expect(r("SORT", "l", "STORE", "d")).toBe(2);
    expect(r("TYPE", "d")).toEqual({ value: "list" });
    expect(r("TTL", "d")).toBe(-1);
    expect(events).toEqual([
      ["__keyspace@0__:d", "sortstore"],
      ["__keyevent@0__:sortstore", "d"],
    ]);
    events.length = 0;
    expect(r("SORT", "missing", "STORE", "d")).toBe(0);
    expect(r("EXISTS", "d")).toBe(0);
    expect(events).toEqual([
      ["__keyspace@0__:d", "del"],
      ["__keyevent@0__:del", "d"],
    ]);
  });
});

describe("SORT: effects and the dirty counter", () => {
  it("logs SORT … STORE as sent when it changed something, and nothing otherwise", () => {
    const { r, effects, engine } = setup();
    r("RPUSH", "l", "2", "1");
    effects.length = 0;
    const dirty0 = engine.dirty;
    r("SORT", "l");
    r("SORT_RO", "l", "BY", "nosort");
    r("SORT", "missing", "STORE", "nothing-there");
    r("SORT", "l", "LIMIT", "x", "1", "STORE", "d");
    r("SORT", "l", "BY", "w_*", "STORE", "d", "ALPHA");
    expect(engine.dirty - dirty0).toBe(2);
    r("SORT", "l", "GET", "#", "GET", "o_*", "STORE", "d");
    expect(engine.dirty - dirty0).toBe(6);
    r("SORT", "l", "LIMIT", "5", "1", "STORE", "d");
    expect(engine.dirty - dirty0).toBe(7);
    expect(effects).toEqual([
      ["SORT", "l", "BY", "w_*", "STORE", "d", "ALPHA"],
      ["SORT", "l", "GET", "#", "GET", "o_*", "STORE", "d"],
      ["SORT", "l", "LIMIT", "5", "1", "STORE", "d"],
    ]);
  });

  it("WATCH: storing invalidates watchers of the destination, not of the source", () => {
    const { engine, r } = setup();
    r("RPUSH", "l", "2", "1");
    const a = engine.createSession();
    const b = engine.createSession();
    a.exec(["WATCH", "l"]);
    b.exec(["WATCH", "d"]);
    r("SORT", "l", "STORE", "d");
    a.exec(["MULTI"]);
    a.exec(["PING"]);
    b.exec(["MULTI"]);
    b.exec(["PING"]);
    expect(a.exec(["EXEC"])).toEqual([{ value: "PONG" }]);
    expect(b.exec(["EXEC"])).not.toEqual([{ value: "PONG" }]);
  });
});

describe("SORT: hash weights with field TTLs (7.4), huge arguments", () => {
  it("an expired field is missing for BY and GET, and is reclaimed as HDEL", () => {
    const { r, clock, effects } = setup();
    r("RPUSH", "l", "a", "b", "c");
    r("HSET", "h_a", "f", "3", "g", "x");
    r("HSET", "h_b", "f", "1");
    r("HSET", "h_c", "f", "2");
    r("HPEXPIRE", "h_a", "100", "FIELDS", "1", "f");
    r("HPEXPIRE", "h_b", "100", "FIELDS", "1", "f");
    expect(r("SORT", "l", "BY", "h_*->f", "GET", "#", "GET", "h_*->f")).toEqual(["b", "1", "c", "2", "a", "3"]);
    clock.advance(200);
    effects.length = 0;
    expect(r("SORT", "l", "BY", "h_*->f", "GET", "#", "GET", "h_*->f")).toEqual(["a", null, "b", null, "c", "2"]);
    // Propagated as HDEL per field; the emptied hash goes with it (the replica's HDEL deletes it too).
    expect(effects).toEqual([
      ["HDEL", "h_a", "f"],
      ["HDEL", "h_b", "f"],
    ]);
    expect(r("EXISTS", "h_b")).toBe(0);
    expect([r("HLEN", "h_a"), r("HGET", "h_a", "g")]).toEqual([1, "x"]);
  });

  it("answers huge LIMITs at once, and reads only the requested range with nothing to sort", () => {
    const { r } = setup();
    const n = 200_000;
    for (let i = 0; i < n; i += 10_000) r("RPUSH", "l", ...Array.from({ length: 10_000 }, (_, k) => String(i + k)));
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      const tail = r("SORT", "l", "BY", "nosort", "LIMIT", String(n - 3), "9223372036854775807");
      expect(tail).toEqual(["199997", "199998", "199999"]);
      const head = r("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "-9223372036854775808", "2");
      expect(head).toEqual(["199999", "199998"]);
      expect(r("SORT", "l", "BY", "nosort", "LIMIT", "9223372036854775807", "9223372036854775807")).toEqual([]);
    }
    // 600 full scans of 200,000 elements would take far longer than this.
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r("SORT", "missing", "LIMIT", "-9223372036854775808", "-9223372036854775808")).toEqual([]);
    expect(r("SORT", "l", "LIMIT", "x", "1")).toBeInstanceOf(RedisError);
  });
});

describe("partialQuicksort (pqsort.c)", () => {
  it("puts at every requested position what a full sort puts there, whatever the range", () => {
    const rng = seededRng("pqsort");
    for (let round = 0; round < 400; round++) {
      const n = rng.weighted<() => number>([
        [() => rng.int(0, 8), 3],
        [() => rng.int(9, 45), 3],
        [() => rng.int(46, 400), 2],
      ])();
      const distinct = rng.chance(0.5) ? n * 4 : rng.int(1, 5);
      const items = Array.from({ length: n }, () => rng.int(0, distinct));
      // A total order on (value, index): the positions are then fully determined.
      const keyed = items.map((v, i) => ({ v, i }));
      const cmp = (a: { v: number; i: number }, b: { v: number; i: number }) => a.v - b.v || a.i - b.i;
      const expected = keyed.slice().sort(cmp);
      let lo = rng.int(-2, n + 1);
      let hi = rng.int(lo - 2, n + 2);
      if (rng.chance(0.2)) [lo, hi] = [0, n - 1];
      const got = keyed.slice();
      partialQuicksort(got, cmp, lo, hi);
      for (let p = Math.max(0, lo); p <= Math.min(hi, n - 1); p++) {
        expect(got[p], `seed round ${round}, n ${n}, range ${lo}…${hi}, position ${p}`).toEqual(expected[p]);
      }
      // Nothing is lost or duplicated.
      expect(got.slice().sort(cmp)).toEqual(expected);
      // With ties the range is still sorted by value.
      const byValue = keyed.slice();
      partialQuicksort(byValue, (a, b) => a.v - b.v, lo, hi);
      const sortedValues = items.slice().sort((a, b) => a - b);
      for (let p = Math.max(0, lo); p <= Math.min(hi, n - 1); p++) expect(byValue[p]!.v).toBe(sortedValues[p]);
    }
  });
});

describe("sortScore (strtod as SORT reads weights)", () => {
  it("accepts what strtod reads whole, scores the empty C string 0, refuses ERANGE and NaN", () => {
    const ok: [string, number][] = [
      ["", 0], ["\0", 0], ["\0junk", 0], ["5\0abc", 5], [" 5", 5], ["\t\n\v\f\r6", 6], ["0x10", 16], ["0X1.8P1", 3],
      ["-0x.8", -0.5], ["inf", Infinity], ["-Infinity", -Infinity], ["1.", 1], [".5", 0.5], ["-0", -0], ["0e-400", 0],
      ["0x1p-1074", 5e-324], ["0x1p-1022", 2 ** -1022], ["2.2250738585072013e-308", 2 ** -1022],
      ["0x1.fffffffffffff8p-1023", 2 ** -1022], ["1.7976931348623157e308", Number.MAX_VALUE], ["007", 7],
      ["123456789012345678901234567890", 1.2345678901234568e29],
    ];
    for (const [s, v] of ok) expect(sortScore(s), JSON.stringify(s)).toBe(v);
    const bad = [
      "1e-310", "4.9406564584124654e-324", "1e-400", "1e400", "-1e400", "5 ", "  ", " ", " \0", "0x", "0x1p",
      "nan", "-nan",
      "nan(1)", "1e", "1e+", ".", "-", "abc", "12abc", "infinit", "2.2250738585072011e-308", "0x1.fffffffffffffp-1023",
      "0x1.fffffffffffff7p-1023", "-0x1p-1080", "1.7976931348623159e308", "0x1.fffffffffffff8p1023", "1_0",
    ];
    for (const s of bad) expect(sortScore(s), JSON.stringify(s)).toBeUndefined();
  });

  it("agrees with Number() on random plain decimals in the normal range", () => {
    const rng = seededRng("sort-score");
    for (let i = 0; i < 3000; i++) {
      const d = (rng.float() - 0.5) * 10 ** rng.int(-300, 300);
      const text = rng.chance(0.5) ? String(d) : d.toExponential(rng.int(0, 20));
      expect(sortScore(text), text).toBe(Number(text));
    }
  });
});

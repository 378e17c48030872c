/**
 * List behaviour the 7.0 oracle cannot check: Redis 7.2's listpack ⇄ quicklist encodings at
 * list-max-listpack-size (count and size fills, the half-limit hysteresis, LSET's and LINSERT's early
 * conversion, LMOVE's integer quirk), 7.2's timeout and LPOS errors, propagation (what each command
 * logs), COPY's deep copy, and huge counts answering at once.
 */
import { describe, expect, it } from "vitest";
import { createEngine, type Effect, ManualClock, SeededRng } from "../../src/index.js";
import { RedisError } from "../../src/engine/errors.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";

function setup(config: Record<string, string> = {}) {
  const clock = new ManualClock();
  const engine = createEngine({ clock, rng: new SeededRng(1), config });
  const s = engine.createSession();
  const effects: Effect[] = [];
  engine.onEffects((batch) => effects.push(...batch));
  const run = (...argv: string[]): Reply => s.exec(argv) as Reply;
  const enc = (key: string) => run("OBJECT", "ENCODING", key);
  return { engine, s, effects, run, enc, clock };
}

const errText = (r: Reply) => (r instanceof RedisError ? r.message : `not an error: ${JSON.stringify(r)}`);

describe("list encodings (Redis 7.2 rules)", () => {
  it("size fill -2: listpack up to 8 KB of listpack, quicklist beyond, back at ≤ 4 KB in one node", () => {
    const { run, enc } = setup();
    // 97-byte strings take 2 + 97 + 1 = 100 bytes: a listpack of n is 7 + 100n bytes, and a push
    // converts when 7 + 100n + 97 > 8192, i.e. on the 82nd push.
    const v = "x".repeat(97);
    for (let i = 0; i < 81; i++) run("RPUSH", "l", v);
    expect(enc("l")).toEqual("listpack");
    run("RPUSH", "l", v);
    expect(enc("l")).toEqual("quicklist");
    // Back to a listpack once one node of ≤ 4096 bytes is left: 7 + 100·40 = 4007.
    run("RPOP", "l", "41"); // the 82nd element's node goes, 41 left in one node (4107 bytes)
    expect(enc("l")).toEqual("quicklist");
    run("LPOP", "l");
    expect(enc("l")).toEqual("listpack");
    run("CONFIG", "SET", "list-max-listpack-size", "-1");
    run("RPUSH", "l", v);
    // The fill is read at each push: under -1 (4 KB), 4007 + 97 > 4096 converts.
    expect(enc("l")).toEqual("quicklist");
  });

  it("count fills: exactly `fill` entries in a listpack; back only at half", () => {
    const { run, enc } = setup({ "list-max-listpack-size": "4" });
    run("RPUSH", "l", "1", "2", "3", "4");
    expect(enc("l")).toEqual("listpack");
    run("RPUSH", "l", "5");
    expect(enc("l")).toEqual("quicklist");
    run("RPOP", "l");
    run("RPOP", "l");
    // One node? The 5th element went to its own node; popping it left one node of 3 > 4/2.
    expect(enc("l")).toEqual("quicklist");
    run("RPOP", "l");
    expect(enc("l")).toEqual("listpack");
    // A batch push is checked once, for the whole batch.
    run("DEL", "l");
    run("RPUSH", "l", "1", "2", "3", "4", "5");
    expect(enc("l")).toEqual("quicklist");
  });

  it("fill 0 keeps one element per node; a count-fill listpack is also capped at 8 KB", () => {
    const { run, enc } = setup({ "list-max-listpack-size": "0" });
    run("RPUSH", "l", "a");
    expect(enc("l")).toEqual("listpack");
    run("RPUSH", "l", "b");
    expect(enc("l")).toEqual("quicklist");
    run("RPOP", "l");
    expect(enc("l")).toEqual("quicklist"); // count limit 1 halves to 0: never back
    run("CONFIG", "SET", "list-max-listpack-size", "1000");
    run("RPUSH", "m", "x".repeat(8200));
    expect(enc("m")).toEqual("quicklist");
  });

  it("LSET on a full listpack and LINSERT with a missing pivot convert first, as Redis does", () => {
    const { run, enc } = setup({ "list-max-listpack-size": "3" });
    run("RPUSH", "l", "a", "b", "c");
    expect(enc("l")).toEqual("listpack");
    expect(errText(run("LSET", "l", "9", "z"))).toBe("ERR index out of range");
    expect(enc("l")).toEqual("quicklist");
    run("RPUSH", "m", "a", "b", "c");
    expect(run("LINSERT", "m", "BEFORE", "nope", "z")).toBe(-1);
    expect(enc("m")).toEqual("quicklist");
    expect(run("LRANGE", "m", "0", "-1")).toEqual(["a", "b", "c"]);
  });

  it("LMOVE: an integer popped from a quicklist counts 0 bytes in the destination's growth check", () => {
    for (const srcIsQuicklist of [true, false]) {
      const { run, enc } = setup({ "list-max-listpack-size": "-1" });
      // dst: 7 + (2 + 4082 + 2) = 4093 bytes; + 8 would pass 4096, + 0 does not.
      run("RPUSH", "dst", "d".repeat(4082));
      run("RPUSH", "src", "12345678", ...(srcIsQuicklist ? ["s".repeat(5000)] : []));
      expect(enc("src")).toEqual(srcIsQuicklist ? "quicklist" : "listpack");
      run("LMOVE", "src", "dst", "LEFT", "RIGHT");
      expect(enc("dst")).toEqual(srcIsQuicklist ? "listpack" : "quicklist");
    }
  });

  it("COPY duplicates a list deeply, keeping its encoding", () => {
    const { run, enc } = setup();
    run("RPUSH", "a", "1", "2", "3");
    run("RPUSH", "big", ...Array.from({ length: 2000 }, (_, i) => `element-${i}`));
    expect(run("COPY", "a", "b")).toBe(1);
    expect(run("COPY", "big", "big2")).toBe(1);
    run("RPUSH", "a", "4");
    run("LPOP", "big", "100");
    expect(run("LRANGE", "b", "0", "-1")).toEqual(["1", "2", "3"]);
    expect(run("LLEN", "big2")).toBe(2000);
    expect(enc("big2")).toEqual("quicklist");
    expect(enc("b")).toEqual("listpack");
  });
});

describe("list errors new in 7.2", () => {
  it("blocking timeouts: out of range (×1000 above LLONG_MAX, or an overflowing deadline), negative, not floats", () => {
    const { run } = setup();
    for (const t of ["1e30", "inf", "+inf", "9223372036854775.808", "9223372036854775"]) {
      expect(errText(run("BLPOP", "q", t)), t).toBe("ERR timeout is out of range");
      expect(errText(run("BLMOVE", "q", "d", "LEFT", "LEFT", t)), t).toBe("ERR timeout is out of range");
    }
    for (const t of ["-1", "-inf", "-0.002"]) expect(errText(run("BRPOP", "q", t)), t).toBe("ERR timeout is negative");
    // -0.001 s is -1 ms times a long double slightly below 1: ceill makes it 0, "forever" (so does Redis).
    expect(run("BRPOP", "q", "-0.001")).toBeInstanceOf(PendingReply);
    for (const t of ["nan", "abc", "", " 1"]) expect(errText(run("BLPOP", "q", t)), t).toBe("ERR timeout is not a float or out of range");
  });

  it("LPOS RANK LONG_MIN is out of range; ±LONG_MAX are fine", () => {
    const { run } = setup();
    run("RPUSH", "l", "a");
    expect(errText(run("LPOS", "l", "a", "RANK", "-9223372036854775808"))).toBe(
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
    );
    expect(run("LPOS", "l", "a", "RANK", "-9223372036854775807")).toBe(null);
    expect(run("LPOS", "l", "a", "RANK", "9223372036854775807")).toBe(null);
  });
});

describe("list propagation", () => {
  it("logs the effect, not the request, where Redis does; no-ops log nothing", () => {
    const { run, effects } = setup();
    run("RPUSH", "l", "a", "b", "c", "d");
    run("LMPOP", "2", "missing", "l", "RIGHT", "COUNT", "3");
    run("BLPOP", "l", "0");
    run("LTRIM", "missing", "0", "1");
    run("RPUSH", "l", "x", "y");
    run("LTRIM", "l", "0", "-1");
    run("LREM", "l", "0", "nope");
    run("LINSERT", "l", "BEFORE", "nope", "z");
    run("LPOP", "l", "0");
    run("BLMOVE", "l", "m", "LEFT", "right", "0");
    run("BRPOPLPUSH", "l", "m", "0");
    run("BLMPOP", "0", "1", "m", "LEFT", "COUNT", "9");
    expect(effects.map((e) => e.argv)).toEqual([
      ["RPUSH", "l", "a", "b", "c", "d"],
      ["RPOP", "l", "3"],
      ["LPOP", "l"],
      ["RPUSH", "l", "x", "y"],
      ["LMOVE", "l", "m", "LEFT", "right"],
      ["RPOPLPUSH", "l", "m"],
      ["LPOP", "m", "2"],
    ]);
  });
});

describe("huge counts answer at once", () => {
  it("LPOP/RPOP/LMPOP/LRANGE/LREM/LPOS with ±2^63 counts and indexes on a large list", () => {
    const { run } = setup();
    run("RPUSH", "l", ...Array.from({ length: 10_000 }, (_, i) => String(i % 7)));
    const t0 = performance.now();
    expect(run("LRANGE", "l", "-9223372036854775808", "-9223372036854775807")).toEqual([]);
    expect(run("LRANGE", "l", "9223372036854775807", "-1")).toEqual([]);
    expect((run("LPOS", "l", "3", "COUNT", "0", "MAXLEN", "9223372036854775807") as unknown[]).length).toBe(1429);
    expect(run("LREM", "l", "-9223372036854775808", "6")).toBe(1428);
    expect((run("LPOP", "l", "9223372036854775807") as unknown[]).length).toBe(8572);
    run("RPUSH", "l", "a");
    expect(run("LMPOP", "1", "l", "LEFT", "COUNT", "9223372036854775807")).toEqual(["l", ["a"]]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

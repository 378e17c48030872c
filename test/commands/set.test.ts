/**
 * Engine-level tests of the set group for what the 7.0 oracle cannot check: Redis 7.2's listpack
 * encoding and its thresholds (set-max-listpack-entries/value), the orders that follow from it, the
 * size-hint conversions of SADD, SPOP's rebuilt remainder; the logged effects (SPOP as SREM batches,
 * DEL/UNLINK), the dirty counter, huge counts answered at once, lazy expiry under a manual clock, COPY,
 * and SSCAN's guarantee while the set changes. Exact replies against a real server live in
 * test/differential/set*.test.ts.
 */
import { describe, expect, it } from "vitest";
import { type Reply, SetReply } from "../../src/engine/reply.js";
import { RANDOM_REPLY_MAX } from "../../src/commands/set-random.js";
import { engineFixture, errText } from "../support/engine-fixture.js";

const setup = (config: Record<string, string> = {}) => engineFixture({ config, seed: 7 });

/** The items of a SetReply or an array reply. */
function items(reply: Reply): string[] {
  if (reply instanceof SetReply) return reply.items as string[];
  if (Array.isArray(reply)) return reply as string[];
  throw new Error(`expected an array or set reply, got ${String(reply)}`);
}

const range = (n: number, f: (i: number) => string = String): string[] => Array.from({ length: n }, (_, i) => f(i));

describe("set encodings (Redis 7.2)", () => {
  it("listpack up to set-max-listpack-entries members and set-max-listpack-value bytes, then hashtable", () => {
    const { r } = setup();
    r("SADD", "s", ...range(128, (i) => `m${i}`));
    expect(r("OBJECT", "ENCODING", "s")).toBe("listpack");
    r("SADD", "s", "m0");
    expect(r("OBJECT", "ENCODING", "s")).toBe("listpack");
    r("SADD", "s", "one more");
    expect(r("OBJECT", "ENCODING", "s")).toBe("hashtable");
    r("SREM", "s", ...range(120, (i) => `m${i}`));
    expect(r("OBJECT", "ENCODING", "s")).toBe("hashtable"); // never back

    r("SADD", "v", "a", "x".repeat(64));
    expect(r("OBJECT", "ENCODING", "v")).toBe("listpack");
    r("SADD", "v", "y".repeat(65));
    expect(r("OBJECT", "ENCODING", "v")).toBe("hashtable");
    // Created as a listpack (one argument), converted by its own first member.
    r("SADD", "w", "z".repeat(65));
    expect(r("OBJECT", "ENCODING", "w")).toBe("hashtable");
  });

  it("intset → listpack for a non-integer while small, → hashtable when the intset is too big for a listpack", () => {
    const { r } = setup();
    r("SADD", "i", "3", "1", "2");
    expect(r("OBJECT", "ENCODING", "i")).toBe("intset");
    r("SADD", "i", "b", "a");
    expect(r("OBJECT", "ENCODING", "i")).toBe("listpack");
    expect(items(r("SMEMBERS", "i"))).toEqual(["1", "2", "3", "b", "a"]);
    r("SADD", "big", ...range(200));
    expect(r("OBJECT", "ENCODING", "big")).toBe("intset");
    r("SADD", "big", "x");
    expect(r("OBJECT", "ENCODING", "big")).toBe("hashtable");
  });

  it("follows CONFIG SET of the thresholds at once", () => {
    const { r } = setup();
    expect(r("CONFIG", "SET", "set-max-listpack-entries", "3", "set-max-intset-entries", "2")).toBeTruthy();
    r("SADD", "a", "x", "y", "z");
    expect(r("OBJECT", "ENCODING", "a")).toBe("listpack");
    r("SADD", "a", "w");
    expect(r("OBJECT", "ENCODING", "a")).toBe("hashtable");
    r("SADD", "n", "1", "2");
    expect(r("OBJECT", "ENCODING", "n")).toBe("intset");
    r("SADD", "n", "3");
    expect(r("OBJECT", "ENCODING", "n")).toBe("hashtable");
  });

  it("SADD's argument count decides the encoding up front, even when nothing is added", () => {
    const { r, effects } = setup();
    r("SADD", "i", "1");
    expect(r("SADD", "i", ...Array<string>(513).fill("1"))).toBe(0);
    expect(r("OBJECT", "ENCODING", "i")).toBe("hashtable");
    r("SADD", "l", "a");
    expect(r("SADD", "l", ...Array<string>(129).fill("a"))).toBe(0);
    expect(r("OBJECT", "ENCODING", "l")).toBe("hashtable");
    r("SADD", "n", ...Array<string>(513).fill("7"));
    expect(r("OBJECT", "ENCODING", "n")).toBe("hashtable");
    r("SADD", "m", ...Array<string>(200).fill("7"));
    expect(r("OBJECT", "ENCODING", "m")).toBe("intset");
    r("SADD", "p", ...Array<string>(129).fill("x"));
    expect(r("OBJECT", "ENCODING", "p")).toBe("hashtable");
    // The no-op SADDs changed nothing observable but the encoding, and logged nothing.
    expect(effects.filter((e) => e.length > 100 && (e[1] === "i" || e[1] === "l"))).toEqual([]);
  });

  it("listpack order: SMEMBERS, SUNION, SINTER, SDIFF, SSCAN reply in insertion order", () => {
    const { r } = setup();
    r("SADD", "a", "c", "a", "b", "9", "1");
    r("SREM", "a", "a");
    r("SADD", "a", "a");
    expect(items(r("SMEMBERS", "a"))).toEqual(["c", "b", "9", "1", "a"]);
    expect(items(r("SSCAN", "a", "0") as Reply[]).length).toBe(2);
    expect((r("SSCAN", "a", "0") as Reply[])[1]).toEqual(["c", "b", "9", "1", "a"]);
    r("SADD", "b", "1", "z", "c");
    expect(items(r("SINTER", "a", "b"))).toEqual(["1", "c"]); // b is smaller: its order
    expect(items(r("SDIFF", "a", "b"))).toEqual(["b", "9", "a"]);
    // The union is rebuilt from an empty intset: c is not an integer, so the order is kept.
    expect(items(r("SUNION", "a", "b"))).toEqual(["c", "b", "9", "1", "a", "z"]);
    r("SADD", "ints", "5", "3");
    // Integers first feed an intset (ascending), then the first string turns it into a listpack.
    expect(items(r("SUNION", "ints", "a"))).toEqual(["3", "5", "c", "b", "9", "1", "a"]);
  });

  it("STORE results: SINTERSTORE of all integers is an intset; unions and differences grow from an intset", () => {
    const { r } = setup();
    r("SADD", "a", "x", "3", "1", "2");
    r("SADD", "b", "2", "1", "y", "3");
    expect(r("SINTERSTORE", "d", "a", "b")).toBe(3);
    expect(r("OBJECT", "ENCODING", "d")).toBe("intset");
    expect(items(r("SMEMBERS", "d"))).toEqual(["1", "2", "3"]);
    expect(r("SUNIONSTORE", "u", "a", "b")).toBe(5);
    expect(r("OBJECT", "ENCODING", "u")).toBe("listpack");
    expect(items(r("SMEMBERS", "u"))).toEqual(["x", "3", "1", "2", "y"]);
    expect(r("SDIFFSTORE", "f", "a", "b")).toBe(1);
    expect(r("OBJECT", "ENCODING", "f")).toBe("listpack");
    r("SADD", "h", ...range(300, (i) => `e${i}`), "1", "2");
    expect(r("SINTERSTORE", "g", "h", "a")).toBe(2);
    expect(r("OBJECT", "ENCODING", "g")).toBe("intset");
  });

  it("SPOP's rebuilt remainder: a hashtable left with few members becomes a listpack", () => {
    const { r } = setup();
    r("SADD", "h", ...range(300, (i) => `m${i}`));
    expect(r("OBJECT", "ENCODING", "h")).toBe("hashtable");
    expect(items(r("SPOP", "h", "290")).length).toBe(290);
    expect(r("OBJECT", "ENCODING", "h")).toBe("listpack");
    expect(r("SCARD", "h")).toBe(10);
    r("SADD", "hi", ...range(600));
    expect(r("OBJECT", "ENCODING", "hi")).toBe("hashtable");
    r("SPOP", "hi", "590");
    expect(r("OBJECT", "ENCODING", "hi")).toBe("listpack"); // numeric strings from a hashtable
    r("SADD", "ii", ...range(400));
    const popped = items(r("SPOP", "ii", "390"));
    expect(r("OBJECT", "ENCODING", "ii")).toBe("intset");
    expect(popped).toEqual(popped.slice().sort((x, y) => Number(x) - Number(y)));
    r("SADD", "few", ...range(300, (i) => `m${i}`));
    r("SPOP", "few", "100");
    expect(r("OBJECT", "ENCODING", "few")).toBe("hashtable"); // many stay: popped one by one
  });

  it("SPOP of the whole set replies in the order of the union Redis rebuilds from it", () => {
    const { r } = setup();
    r("SADD", "s", "a", "3", "1", "2");
    r("SREM", "s", "a");
    expect(items(r("SMEMBERS", "s"))).toEqual(["3", "1", "2"]); // a listpack of integers
    expect(items(r("SPOP", "s", "10"))).toEqual(["1", "2", "3"]); // rebuilt as an intset
    expect(r("EXISTS", "s")).toBe(0);
    r("SADD", "t", "b", "3", "a", "1");
    expect(items(r("SPOP", "t", "4"))).toEqual(["b", "3", "a", "1"]);
  });
});

describe("set effects, dirty counter and events", () => {
  it("SPOP is logged as SREM of what it popped; a whole set as DEL (UNLINK with lazyfree-lazy-server-del)", () => {
    const { r, effects } = setup();
    r("SADD", "s", "a", "b", "c");
    effects.length = 0;
    const one = r("SPOP", "s") as string;
    expect(effects).toEqual([["SREM", "s", one]]);
    effects.length = 0;
    const two = items(r("SPOP", "s", "1"));
    expect(effects).toEqual([["SREM", "s", ...two]]);
    effects.length = 0;
    r("SPOP", "s", "5");
    expect(effects).toEqual([["DEL", "s"]]);
    r("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
    r("SADD", "t", "x");
    effects.length = 0;
    r("SPOP", "t", "1");
    expect(effects).toEqual([["UNLINK", "t"]]);
    effects.length = 0;
    r("SADD", "u", "x");
    effects.length = 0;
    r("SPOP", "u");
    expect(effects).toEqual([["SREM", "u", "x"]]);
  });

  it("SPOP with a large count logs SREM batches of at most 1024 members, as one atomic unit", () => {
    const { engine, s, effects } = setup();
    const batches: number[] = [];
    engine.onEffects((b) => batches.push(b.length));
    s.exec(["SADD", "s", ...range(3000, (i) => `m${i}`)]);
    effects.length = 0;
    batches.length = 0;
    const popped = items(s.exec(["SPOP", "s", "2500"]) as Reply);
    expect(popped.length).toBe(2500);
    expect(effects.map((e) => e.length - 2)).toEqual([1024, 1024, 452]);
    expect(batches).toEqual([3]);
    expect(effects.flatMap((e) => e.slice(2)).sort()).toEqual(popped.slice().sort());
    for (const e of effects) expect(e.slice(0, 2)).toEqual(["SREM", "s"]);
  });

  it("a command that changed nothing logs nothing; others log themselves; dirty counts Redis's way", () => {
    const { r, effects, engine } = setup();
    const dirty = () => engine.dirty;
    let d = dirty();
    r("SADD", "s", "a", "b", "a");
    expect(dirty() - d).toBe(2);
    d = dirty();
    r("SADD", "s", "a");
    r("SREM", "s", "zz");
    r("SPOP", "s", "0");
    r("SPOP", "missing");
    r("SMOVE", "s", "s", "a");
    r("SMOVE", "s", "t", "zz");
    r("SINTERSTORE", "none", "missing", "s");
    r("SRANDMEMBER", "s", "5");
    r("SMEMBERS", "s");
    expect(dirty()).toBe(d);
    expect(effects).toEqual([["SADD", "s", "a", "b", "a"]]);
    r("SADD", "t", "a");
    d = dirty();
    r("SMOVE", "s", "t", "a"); // already in t: one change
    expect(dirty() - d).toBe(1);
    d = dirty();
    r("SMOVE", "s", "t", "b"); // s emptied, t gains b
    expect(dirty() - d).toBe(2);
    d = dirty();
    r("SADD", "x", "1", "2", "3");
    d = dirty();
    r("SPOP", "x", "2");
    expect(dirty() - d).toBe(2);
    d = dirty();
    r("SPOP", "x", "100");
    expect(dirty() - d).toBe(1);
    d = dirty();
    r("SUNIONSTORE", "y", "t");
    r("SDIFFSTORE", "y", "t", "t");
    expect(dirty() - d).toBe(2);
    expect(effects.slice(-2)).toEqual([["SUNIONSTORE", "y", "t"], ["SDIFFSTORE", "y", "t", "t"]]);
  });

  it("inside MULTI the SREM batches join the transaction's unit", () => {
    const { r, effects, engine } = setup();
    r("SADD", "s", "a", "b", "c", "d");
    effects.length = 0;
    const batches: number[] = [];
    engine.onEffects((b) => batches.push(b.length));
    r("MULTI");
    r("SPOP", "s", "2");
    r("SADD", "s", "z");
    const replies = r("EXEC") as Reply[];
    expect(items(replies[0]!).length).toBe(2);
    expect(effects.map((e) => e[0])).toEqual(["SREM", "SADD"]);
    expect(batches).toEqual([2]);
  });

  it("keyspace events of the 7.2-only paths (listpack sets, rebuilt remainders)", () => {
    const { r, events } = setup({ "notify-keyspace-events": "KEA" });
    r("SADD", "s", "a", "b", "c");
    r("SPOP", "s", "2");
    r("SINTERSTORE", "d", "s", "s");
    r("SDIFFSTORE", "d", "s", "s");
    expect(events.filter(([ch]) => ch.startsWith("__keyevent")).map(([ch, msg]) => `${ch.slice(15)} ${msg}`)).toEqual([
      "sadd s", "spop s", "sinterstore d", "del d",
    ]);
  });
});

describe("huge and edge counts", () => {
  it("answer at once, allocating nothing proportional to the count", () => {
    const { r } = setup();
    r("SADD", "s", "a", "b", "c");
    expect(items(r("SPOP", "s", "9223372036854775807")).sort()).toEqual(["a", "b", "c"]);
    r("SADD", "s", "a", "b", "c");
    expect(items(r("SRANDMEMBER", "s", "9223372036854775807")).sort()).toEqual(["a", "b", "c"]);
    expect(errText(r("SRANDMEMBER", "s", "-9223372036854775807"))).toBe("ERR count is too large: the reply cannot be built");
    expect(errText(r("SRANDMEMBER", "s", String(-RANDOM_REPLY_MAX - 1)))).toMatch(/too large/);
    expect(errText(r("SRANDMEMBER", "s", "-9223372036854775808"))).toBe(
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
    );
    expect(r("SRANDMEMBER", "missing", "-9223372036854775807")).toEqual([]);
    expect(items(r("SRANDMEMBER", "s", "-100000")).length).toBe(100000);
    expect(r("SINTERCARD", "1", "s", "LIMIT", "9223372036854775807")).toBe(3);
  });
});

describe("expiry, COPY, SSCAN under change", () => {
  it("expired sets vanish for every command; STORE overwrites lose the TTL", () => {
    const { r, clock } = setup();
    r("SADD", "s", "a", "b");
    r("PEXPIRE", "s", "100");
    r("SADD", "d", "x");
    r("PEXPIRE", "d", "100");
    clock.advance(101);
    expect(r("SCARD", "s")).toBe(0);
    expect(r("SMOVE", "s", "t", "a")).toBe(0);
    r("SADD", "s2", "q");
    expect(r("SMOVE", "s2", "d", "q")).toBe(1);
    expect(items(r("SMEMBERS", "d"))).toEqual(["q"]);
    expect(r("TTL", "d")).toBe(-1);
    r("SADD", "e", "1");
    r("EXPIRE", "e", "1000");
    r("SADD", "f", "1", "2");
    expect(r("SINTERSTORE", "e", "f", "f")).toBe(2);
    expect(r("TTL", "e")).toBe(-1);
    r("SADD", "g", "1");
    r("EXPIRE", "g", "1000");
    r("SPOP", "g", "0");
    r("SADD", "g", "2", "3", "4", "5", "6", "7");
    r("SPOP", "g", "5");
    expect(r("TTL", "g")).toBe(1000); // the rebuilt remainder keeps the key's TTL
  });

  it("COPY duplicates a set with its encoding; the copies are independent", () => {
    const { r } = setup();
    for (const [key, members] of [
      ["i", ["1", "2", "3"]],
      ["l", ["a", "b"]],
      ["h", range(200, (i) => `m${i}`)],
    ] as const) {
      r("SADD", key, ...members);
      expect(r("COPY", key, `${key}2`)).toBe(1);
      expect(r("OBJECT", "ENCODING", `${key}2`)).toBe(r("OBJECT", "ENCODING", key));
      r("SADD", `${key}2`, "extra");
      r("SREM", key, members[0]!);
      expect(r("SISMEMBER", key, "extra")).toBe(0);
      expect(r("SISMEMBER", `${key}2`, members[0]!)).toBe(1);
      expect(r("SCARD", `${key}2`)).toBe(members.length + 1);
    }
  });

  it("SSCAN of a hashtable returns every member present for the whole scan while others come and go", () => {
    const { r } = setup();
    r("SADD", "h", ...range(1000, (i) => `k${i}`));
    const seen = new Set<string>();
    let cursor = "0";
    let n = 0;
    do {
      const [next, batch] = r("SSCAN", "h", cursor, "COUNT", "25") as [string, string[]];
      cursor = next;
      for (const m of batch) seen.add(m);
      r("SREM", "h", `k${(n * 7) % 500}`);
      r("SADD", "h", `new${n++}`);
    } while (cursor !== "0");
    for (let i = 500; i < 1000; i++) expect(seen.has(`k${i}`)).toBe(true);
  });

  it("SSCAN MATCH on a hashtable filters after sampling (COUNT still counts the non-matching)", () => {
    const { r } = setup();
    r("SADD", "h", ...range(300, (i) => `k${i}`));
    const [cursor, batch] = r("SSCAN", "h", "0", "MATCH", "k1*", "COUNT", "10") as [string, string[]];
    expect(cursor).not.toBe("0");
    expect(batch.length).toBeLessThanOrEqual(10);
    for (const m of batch) expect(m.startsWith("k1")).toBe(true);
  });
});

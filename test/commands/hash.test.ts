/**
 * Engine-level tests of the hash group for what the 7.0 oracle cannot check: the logged effects
 * (HINCRBYFLOAT as HSET, nothing for no-ops), dirty counts, 7.2's conversion of an HSET with more
 * pairs than hash-max-listpack-entries, 7.4's HSCAN NOVALUES, huge HRANDFIELD counts answered at once,
 * reproducible randomness with a seeded RNG, and the RESP3 shapes. Exact replies against a real server
 * live in test/differential/hash*.test.ts; field expiration in hash-expire.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createEngine, ManualClock, RedisError, SeededRng, type Engine, type Session } from "../../src/index.js";
import { MapReply, PendingReply, type Reply } from "../../src/engine/reply.js";

interface Ctx {
  engine: Engine;
  s: Session;
  r: (...argv: string[]) => Reply;
  effects: string[][];
}

function setup(config: Record<string, string> = {}, seed = 1): Ctx {
  const engine = createEngine({ clock: new ManualClock(), rng: new SeededRng(seed), config });
  const s = engine.createSession();
  const effects: string[][] = [];
  engine.onEffects((batch) => {
    for (const e of batch) effects.push(e.argv);
  });
  const r = (...argv: string[]): Reply => {
    const reply = s.exec(argv);
    if (reply instanceof PendingReply) throw new Error("unexpected pending reply");
    return reply;
  };
  return { engine, s, r, effects };
}

function err(reply: Reply): string {
  if (!(reply instanceof RedisError)) throw new Error(`expected an error, got ${JSON.stringify(reply)}`);
  return reply.message;
}

function fill(r: Ctx["r"], key: string, n: number): void {
  for (let i = 0; i < n; i += 1000) {
    const argv = ["HSET", key];
    for (let j = i; j < Math.min(n, i + 1000); j++) argv.push(`f${j}`, `v${j}`);
    r(...argv);
  }
}

describe("hash effects and dirty counts", () => {
  it("logs writes as sent, HINCRBYFLOAT as HSET with the result, and no-ops not at all", () => {
    const { r, effects, engine } = setup();
    let dirty = engine.dirty;
    const changed = () => {
      const d = engine.dirty - dirty;
      dirty = engine.dirty;
      return d;
    };
    r("HSET", "h", "a", "1", "a", "1", "b", "2");
    expect(changed()).toBe(3);
    r("HMSET", "h", "a", "1");
    expect(changed()).toBe(1);
    r("HSETNX", "h", "a", "x");
    expect(changed()).toBe(0);
    r("HSETNX", "h", "c", "3");
    r("HINCRBY", "h", "n", "5");
    r("HINCRBYFLOAT", "h", "f", "0.1");
    r("HINCRBYFLOAT", "h", "f", "0.2");
    expect(changed()).toBe(4);
    r("HDEL", "h", "zz");
    r("HDEL", "missing", "a");
    r("HINCRBY", "h", "a", "x");
    r("HINCRBYFLOAT", "h", "f", "inf");
    expect(changed()).toBe(0);
    r("HDEL", "h", "a", "b", "zz");
    expect(changed()).toBe(2);
    r("HGET", "h", "a");
    r("HGETALL", "h");
    expect(effects).toEqual([
      ["HSET", "h", "a", "1", "a", "1", "b", "2"],
      ["HMSET", "h", "a", "1"],
      ["HSETNX", "h", "c", "3"],
      ["HINCRBY", "h", "n", "5"],
      ["HSET", "h", "f", "0.1"],
      ["HSET", "h", "f", "0.3"],
      ["HDEL", "h", "a", "b", "zz"],
    ]);
  });

  it("an error leaves nothing behind: no key is created by a failing write", () => {
    const { r } = setup();
    expect(err(r("HINCRBY", "h", "f", "abc"))).toBe("ERR value is not an integer or out of range");
    expect(err(r("HINCRBYFLOAT", "h", "f", "nan"))).toBe("ERR value is not a valid float");
    expect(err(r("HSET", "h", "a", "1", "b"))).toBe("ERR wrong number of arguments for 'hset' command");
    expect(err(r("HMSET", "h", "a", "1", "b"))).toBe("ERR wrong number of arguments for 'hmset' command");
    expect(r("EXISTS", "h")).toBe(0);
    r("HSET", "h", "big", "9223372036854775807");
    expect(err(r("HINCRBY", "h", "big", "1"))).toBe("ERR increment or decrement would overflow");
    expect(r("HGET", "h", "big")).toBe("9223372036854775807");
  });
});

describe("hash encodings (Redis 7.2 rules)", () => {
  it("an HSET with more pairs than hash-max-listpack-entries converts even if the pairs repeat", () => {
    const { r } = setup({ "hash-max-listpack-entries": "3" });
    r("HSET", "h", "a", "1", "a", "2", "a", "3", "a", "4");
    expect(r("HLEN", "h")).toBe(1);
    expect(r("OBJECT", "ENCODING", "h")).toBe("hashtable");
    r("HSET", "g", "a", "1", "a", "2", "a", "3");
    expect(r("OBJECT", "ENCODING", "g")).toBe("listpack");
  });

  it("a hashtable stays a hashtable when it shrinks, and COPY keeps the encoding", () => {
    const { r } = setup({ "hash-max-listpack-entries": "2" });
    r("HSET", "h", "a", "1", "b", "2", "c", "3");
    r("HDEL", "h", "a", "b");
    expect(r("OBJECT", "ENCODING", "h")).toBe("hashtable");
    r("COPY", "h", "h2");
    expect(r("OBJECT", "ENCODING", "h2")).toBe("hashtable");
    r("HSET", "h2", "x", "1");
    expect(r("HLEN", "h")).toBe(1);
  });
});

describe("HSCAN", () => {
  it("NOVALUES (7.4) returns fields only, for listpacks and hashtables", () => {
    const { r } = setup();
    r("HSET", "h", "a", "1", "b", "2");
    expect(r("HSCAN", "h", "0", "NOVALUES")).toEqual(["0", ["a", "b"]]);
    expect(r("HSCAN", "h", "0", "novalues", "MATCH", "b")).toEqual(["0", ["b"]]);
    fill(r, "big", 1000);
    const seen = new Set<string>();
    let cursor = "0";
    do {
      const [next, items] = r("HSCAN", "big", cursor, "COUNT", "50", "NOVALUES") as [string, string[]];
      for (const f of items) {
        expect(f.startsWith("f")).toBe(true);
        seen.add(f);
      }
      cursor = next;
    } while (cursor !== "0");
    expect(seen.size).toBe(1000);
  });

  it("walks a hashtable in about COUNT steps and returns a field present throughout exactly once per pass", () => {
    const { r } = setup();
    fill(r, "big", 5000);
    let calls = 0;
    let cursor = "0";
    const counts = new Map<string, number>();
    do {
      const [next, items] = r("HSCAN", "big", cursor, "COUNT", "100") as [string, string[]];
      for (let i = 0; i < items.length; i += 2) counts.set(items[i]!, (counts.get(items[i]!) ?? 0) + 1);
      cursor = next;
      calls++;
    } while (cursor !== "0");
    expect(calls).toBe(50);
    expect(counts.size).toBe(5000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});

describe("HRANDFIELD", () => {
  it("answers huge counts at once: whole hash for LLONG_MAX, an error for unbuildable repeats", () => {
    const { r } = setup();
    fill(r, "big", 10_000);
    const t0 = performance.now();
    expect((r("HRANDFIELD", "big", "9223372036854775807") as string[]).length).toBe(10_000);
    expect((r("HRANDFIELD", "big", "4611686018427387903", "WITHVALUES") as string[]).length).toBe(20_000);
    expect(err(r("HRANDFIELD", "big", "-9223372036854775807"))).toBe("ERR count is too large: the reply cannot be built");
    expect(err(r("HRANDFIELD", "big", "-4611686018427387903", "WITHVALUES"))).toBe(
      "ERR count is too large: the reply cannot be built",
    );
    expect(err(r("HRANDFIELD", "big", "-9223372036854775808"))).toBe(
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
    );
    expect(err(r("HRANDFIELD", "big", "-4611686018427387904", "WITHVALUES"))).toBe("ERR value is out of range");
    expect(r("HRANDFIELD", "missing", "-9223372036854775807")).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("samples distinct fields with every strategy, and repeats with negative counts", () => {
    const { r } = setup();
    fill(r, "big", 3000);
    r("HSET", "small", "a", "1", "b", "2", "c", "3", "d", "4");
    for (const [key, size] of [
      ["big", 3000],
      ["small", 4],
    ] as const) {
      for (const count of [1, 2, 3, 999, 1001, 2999]) {
        if (count >= size) continue;
        const got = r("HRANDFIELD", key, String(count)) as string[];
        expect(got.length).toBe(count);
        expect(new Set(got).size).toBe(count);
      }
      const rep = r("HRANDFIELD", key, "-50", "WITHVALUES") as string[];
      expect(rep.length).toBe(100);
      for (let i = 0; i < rep.length; i += 2) expect(r("HGET", key, rep[i]!)).toBe(rep[i + 1]);
    }
    // A listpack's distinct sample keeps listpack order.
    const order = ["a", "b", "c", "d"];
    for (let i = 0; i < 20; i++) {
      const got = r("HRANDFIELD", "small", "2") as string[];
      expect(order.indexOf(got[0]!)).toBeLessThan(order.indexOf(got[1]!));
    }
  });

  it("is reproducible with a seeded RNG and roughly uniform", () => {
    const a = setup({}, 42);
    const b = setup({}, 42);
    for (const c of [a, b]) fill(c.r, "big", 1000);
    expect(a.r("HRANDFIELD", "big", "-20")).toEqual(b.r("HRANDFIELD", "big", "-20"));
    const hits = new Map<string, number>();
    for (const f of a.r("HRANDFIELD", "big", "-100000") as string[]) hits.set(f, (hits.get(f) ?? 0) + 1);
    expect(hits.size).toBeGreaterThan(990);
    expect(Math.max(...hits.values())).toBeLessThan(250);
  });

  it("RESP3: WITHVALUES answers [field, value] pairs; HGETALL a map", () => {
    const { r, s } = setup();
    r("HSET", "h", "a", "1", "b", "2");
    s.resp = 3;
    expect(r("HRANDFIELD", "h", "2", "WITHVALUES")).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
    const rep = r("HRANDFIELD", "h", "-3", "WITHVALUES") as string[][];
    expect(rep.length).toBe(3);
    for (const [f, v] of rep) expect(r("HGET", "h", f!)).toBe(v);
    expect(r("HGETALL", "h")).toEqual(new MapReply(["a", "1", "b", "2"]));
  });
});

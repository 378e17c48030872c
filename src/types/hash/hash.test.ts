/**
 * Data-structure tests of the hash type (DESIGN.md §7 tier 1): seeded random operations against a
 * naive model (a Map plus, while the hash is compact, the exact listpack / listpackex order Redis
 * keeps), with an invariant check of the representation after every step. Runs on both sides of the
 * encoding thresholds and across conversions, with field TTLs, expiry, random sampling, scans and
 * clones. Seed: env SEED (test/support/seeded.ts); a failure prints the seed and the last operations.
 */
import { describe, expect, it } from "vitest";
import { Rng, seededRng } from "../../../test/support/seeded.js";
import { CompactHash } from "./compact.js";
import {
  type HashLimits,
  HashValue,
  hashCreate,
  hashDelete,
  hashEnableFieldTtls,
  hashExpireFields,
  hashFieldTtl,
  hashFieldTtlCount,
  hashFields,
  hashGet,
  hashLength,
  hashNextFieldExpiry,
  hashPairs,
  hashPersistField,
  hashScan,
  hashSet,
  hashSetFieldTtl,
  hashTryConversion,
  hashValues,
} from "./hash-value.js";
import { hashRandomDistinct, hashRandomField, hashRandomWithRepeats } from "./random.js";
import { HashTable } from "./table.js";
import { TtlHeap } from "../../engine/ttl-heap.js";

/** The naive model: values, TTLs, the expected order while compact, and the expected encoding. */
class Model {
  values = new Map<string, string>();
  ttl = new Map<string, number>();
  order: string[] = [];
  encoding: "listpack" | "listpackex" | "hashtable" = "listpack";

  get compact(): boolean {
    return this.encoding !== "hashtable";
  }

  private ttlOf(f: string): number {
    return this.ttl.get(f) ?? 0;
  }

  private moveToEnd(f: string): void {
    this.order.splice(this.order.indexOf(f), 1);
    this.order.push(f);
  }

  set(f: string, v: string, keepTtl: boolean): boolean {
    const created = !this.values.has(f);
    this.values.set(f, v);
    if (created) this.order.push(f);
    else if (!keepTtl && this.ttl.has(f)) {
      this.ttl.delete(f);
      this.moveToEnd(f);
    }
    return created;
  }

  delete(f: string): boolean {
    if (!this.values.delete(f)) return false;
    this.ttl.delete(f);
    this.order.splice(this.order.indexOf(f), 1);
    return true;
  }

  setTtl(f: string, at: number): void {
    this.order.splice(this.order.indexOf(f), 1);
    let q = 0;
    while (q < this.order.length && this.ttlOf(this.order[q]!) !== 0 && this.ttlOf(this.order[q]!) < at) q++;
    this.order.splice(q, 0, f);
    this.ttl.set(f, at);
  }

  persist(f: string): boolean {
    if (!this.ttl.delete(f)) return false;
    this.moveToEnd(f);
    return true;
  }

  expire(now: number, inclusive: boolean): string[] {
    const due = [...this.ttl].filter(([, at]) => at < now || (inclusive && at === now)).map(([f]) => f);
    for (const f of due) this.delete(f);
    return due;
  }
}

/** Structural invariants of whichever representation the hash is in. */
function checkInvariants(h: HashValue): void {
  const rep = h.rep;
  if (rep instanceof CompactHash) {
    expect(rep.pairs.length % 2).toBe(0);
    const fields = rep.fields();
    expect(new Set(fields).size).toBe(fields.length);
    if (rep.ttls !== undefined) {
      expect(rep.ttls.length).toBe(fields.length);
      let seenZero = false;
      for (let i = 0; i < rep.ttls.length; i++) {
        const t = rep.ttls[i]!;
        if (t === 0) seenZero = true;
        else {
          expect(seenZero, "TTL fields must precede fields without TTL").toBe(false);
          if (i > 0) expect(t).toBeGreaterThanOrEqual(rep.ttls[i - 1]!);
        }
      }
    }
    return;
  }
  expect(rep).toBeInstanceOf(HashTable);
  const t = rep as HashTable;
  expect(t.slots.size).toBe(t.index.size);
  const scanned: string[] = [];
  let cursor = 0;
  do cursor = t.scan(cursor, 1000, scanned);
  while (cursor !== 0);
  expect(scanned.sort()).toEqual([...t.index.keys()].sort());
  for (const slot of t.index.values()) expect(t.vals[slot]).toBeTypeOf("string");
  const live = t.vals.filter((v) => v !== undefined).length;
  expect(live).toBe(t.index.size);
  if (t.ttl !== undefined) {
    for (const [f, at] of t.ttl) {
      expect(t.index.has(f)).toBe(true);
      expect(at).toBeGreaterThan(0);
    }
    expect(t.heap!.length).toBeGreaterThanOrEqual(t.ttl.size);
    expect(t.heap!.length).toBeLessThanOrEqual(2 * t.ttl.size + 33);
  }
}

/** The hash agrees with the model, field by field, in order while compact. */
function checkAgainst(h: HashValue, m: Model): void {
  expect(h.encoding()).toBe(m.encoding);
  expect(hashLength(h)).toBe(m.values.size);
  // One comparison for all fields (cheaper than an expect per field).
  const got = [...m.values.keys()].map((f) => [f, hashGet(h, f), hashFieldTtl(h, f)]);
  expect(got).toEqual([...m.values].map(([f, v]) => [f, v, m.ttl.get(f) ?? 0]));
  const fields = hashFields(h);
  if (m.compact) {
    expect(fields).toEqual(m.order);
    expect(hashValues(h)).toEqual(m.order.map((f) => m.values.get(f)));
    expect(hashPairs(h)).toEqual(m.order.flatMap((f) => [f, m.values.get(f)]));
  } else {
    expect([...fields].sort()).toEqual([...m.values.keys()].sort());
  }
  const ttls = [...m.ttl.values()];
  expect(hashNextFieldExpiry(h)).toBe(ttls.length === 0 ? 0 : Math.min(...ttls));
  expect(hashFieldTtlCount(h)).toBe(ttls.length);
  checkInvariants(h);
}

/** How a sequence picks names and values: how many distinct field names, how often near the value limit. */
interface Shape {
  fieldSpan: number;
  longWeight: number;
  bigWrite: number;
}

function fieldName(rng: Rng, limits: HashLimits, shape: Shape): string {
  return rng.weighted<() => string>([
    [() => `f${rng.int(0, shape.fieldSpan - 1)}`, 8],
    [() => rng.string(rng.int(0, 1), "\x00\xff"), 0.5],
    [() => "L" + rng.string(limits.hashMaxListpackValue + rng.int(-2, 0), "xy"), shape.longWeight],
  ])();
}

function valueOf(rng: Rng, limits: HashLimits, shape: Shape): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-100, 100)), 6],
    [() => rng.string(rng.int(0, 4), "ab\x00"), 3],
    [() => rng.string(limits.hashMaxListpackValue + rng.int(-1, 1), "v"), shape.longWeight],
  ])();
}

/**
 * Runs `steps` random operations on one hash with `limits`, checking after each. The model mirrors
 * the conversion rules: a multi-pair write converts when its pairs exceed the entry limit or an
 * argument exceeds the value limit, any set converts on a long argument or on growing past the limit.
 */
function runSequence(parent: Rng, limits: HashLimits, steps: number, shape: Shape): Set<string> {
  // Each run has its own stream, derived from the test's seeded stream (printed on failure).
  const rng = new Rng(parent.int(0, 2 ** 32 - 1));
  const label = `stream ${rng.seed}`;
  const h = hashCreate();
  const m = new Model();
  const log: string[] = [];
  let now = 1_000_000;
  const encodings = new Set<string>();
  const rand = () => rng.float();
  const someField = (): string => {
    const fields = [...m.values.keys()];
    return fields.length > 0 && rng.chance(0.8) ? rng.pick(fields) : fieldName(rng, limits, shape);
  };
  try {
    for (let step = 0; step < steps; step++) {
      now += rng.int(0, 3);
      const op = rng.weighted<string>([
        ["hset", 10],
        ["single", 3],
        ["del", 4],
        ["ttl", 4],
        ["persist", 2],
        ["expire", 2],
        ["random", 2],
        ["scan", 1],
        ["clone", 1],
      ]);
      log.push(op);
      switch (op) {
        case "hset": {
          const n = rng.chance(shape.bigWrite) ? limits.hashMaxListpackEntries + rng.int(0, 2) : rng.int(1, 3);
          const argv = ["HSET", "k"];
          for (let i = 0; i < n; i++) argv.push(someField(), valueOf(rng, limits, shape));
          log.push(JSON.stringify(argv));
          if (m.compact) {
            const tooMany = (argv.length - 2) / 2 > limits.hashMaxListpackEntries;
            const tooLong = argv.slice(2).some((a) => a.length > limits.hashMaxListpackValue);
            if (tooMany || tooLong) m.encoding = "hashtable";
          }
          hashTryConversion(h, argv, 2, argv.length - 1, limits);
          for (let i = 2; i < argv.length; i += 2) {
            const created = m.set(argv[i]!, argv[i + 1]!, false);
            if (m.compact && m.values.size > limits.hashMaxListpackEntries) m.encoding = "hashtable";
            expect(hashSet(h, argv[i]!, argv[i + 1]!, limits)).toBe(created);
          }
          break;
        }
        case "single": {
          // HINCRBY-style: no pre-conversion, the TTL is kept.
          const f = someField();
          const v = valueOf(rng, limits, shape);
          log.push(JSON.stringify([f, v]));
          if (m.compact && (f.length > limits.hashMaxListpackValue || v.length > limits.hashMaxListpackValue)) {
            m.encoding = "hashtable";
          }
          const created = m.set(f, v, true);
          if (m.compact && m.values.size > limits.hashMaxListpackEntries) m.encoding = "hashtable";
          expect(hashSet(h, f, v, limits, true)).toBe(created);
          break;
        }
        case "del": {
          const f = someField();
          log.push(JSON.stringify(f));
          expect(hashDelete(h, f)).toBe(m.delete(f));
          break;
        }
        case "ttl": {
          hashEnableFieldTtls(h);
          if (m.encoding === "listpack") m.encoding = "listpackex";
          const f = someField();
          if (!m.values.has(f)) {
            expect(hashFieldTtl(h, f)).toBeUndefined();
            break;
          }
          const at = now + rng.int(1, 20);
          log.push(JSON.stringify([f, at]));
          m.setTtl(f, at);
          hashSetFieldTtl(h, f, at);
          break;
        }
        case "persist": {
          const f = someField();
          log.push(JSON.stringify(f));
          expect(hashPersistField(h, f)).toBe(m.persist(f));
          break;
        }
        case "expire": {
          const inclusive = rng.chance(0.5);
          const expected = m.expire(now, inclusive);
          const out: string[] = [];
          expect(hashExpireFields(h, now, inclusive, Infinity, out)).toBe(expected.length);
          expect(out.sort()).toEqual(expected.sort());
          break;
        }
        case "random": {
          const size = m.values.size;
          if (size === 0) break;
          const [f, v] = hashRandomField(h, rand);
          expect(m.values.get(f)).toBe(v);
          const fields: string[] = [];
          const values: string[] = [];
          const count = rng.int(1, 12);
          hashRandomWithRepeats(h, count, rand, fields, values);
          expect(fields.length).toBe(count);
          fields.forEach((x, i) => expect(m.values.get(x)).toBe(values[i]));
          if (size > 1) {
            const want = rng.int(1, size - 1);
            const distinct: string[] = [];
            const dv: string[] = [];
            hashRandomDistinct(h, want, rand, distinct, dv);
            expect(distinct.length).toBe(want);
            expect(new Set(distinct).size).toBe(want);
            distinct.forEach((x, i) => expect(m.values.get(x)).toBe(dv[i]));
            if (m.compact) {
              // Listpack order is kept (lpRandomPairsUnique).
              const pos = distinct.map((x) => m.order.indexOf(x));
              expect([...pos].sort((a, b) => a - b)).toEqual(pos);
            }
          }
          break;
        }
        case "scan": {
          const seen: string[] = [];
          let cursor = 0;
          let rounds = 0;
          do {
            cursor = hashScan(h, cursor, rng.int(1, 5), undefined, true, seen);
            rounds++;
          } while (cursor !== 0 && rounds < 10_000);
          const got = new Map<string, string>();
          for (let i = 0; i < seen.length; i += 2) got.set(seen[i]!, seen[i + 1]!);
          expect(got).toEqual(m.values);
          break;
        }
        case "clone": {
          const c = h.clone();
          checkAgainst(c, m);
          hashSet(c, "clone-only", "x", limits);
          expect(hashGet(h, "clone-only")).toBe(m.values.get("clone-only"));
          break;
        }
      }
      checkAgainst(h, m);
      encodings.add(m.encoding);
    }
  } catch (e) {
    console.error(`hash sequence ${label}: last operations ${log.slice(-12).join(" | ")}`);
    throw e;
  }
  return encodings;
}

describe("hash type: random operations against a model", () => {
  it("small thresholds (entries 4, value 8): many conversions", () => {
    const seen = new Set<string>();
    const shape: Shape = { fieldSpan: 7, longWeight: 0.3, bigWrite: 0.03 };
    const rng = seededRng("hash small");
    for (let run = 0; run < 60; run++) {
      for (const e of runSequence(rng, { hashMaxListpackEntries: 4, hashMaxListpackValue: 8 }, 80, shape)) seen.add(e);
    }
    expect([...seen].sort()).toEqual(["hashtable", "listpack", "listpackex"]);
  });

  it("compact forms kept for long runs: listpack / listpackex order with many TTL ties", () => {
    // Never more distinct names than the entry limit and no long strings: the hash stays compact.
    const shape: Shape = { fieldSpan: 8, longWeight: 0, bigWrite: 0 };
    const rng = seededRng("hash compact");
    for (let run = 0; run < 6; run++) {
      const seen = runSequence(rng, { hashMaxListpackEntries: 10, hashMaxListpackValue: 64 }, 400, shape);
      expect(seen.has("hashtable")).toBe(false);
    }
  });

  it("default thresholds (512 / 64), on both sides of 512 fields", () => {
    // Few oversized writes, so the compact form lives long enough to grow to the limit.
    const seen = new Set<string>();
    const rng = seededRng("hash default");
    // A long compact life first, then a run whose oversized writes make a conversion all but certain.
    const shapes: Shape[] = [
      { fieldSpan: 700, longWeight: 0.01, bigWrite: 0.001 },
      { fieldSpan: 700, longWeight: 0.3, bigWrite: 0.02 },
    ];
    shapes.forEach((shape, i) => {
      for (const e of runSequence(rng, { hashMaxListpackEntries: 512, hashMaxListpackValue: 64 }, i === 0 ? 1200 : 500, shape)) seen.add(e);
    });
    expect(seen.has("hashtable")).toBe(true);
    expect(seen.has("listpack") || seen.has("listpackex")).toBe(true);
  });

  it("zero thresholds: the first write converts", () => {
    const seen = runSequence(seededRng("hash zero"), { hashMaxListpackEntries: 0, hashMaxListpackValue: 0 }, 300, { fieldSpan: 6, longWeight: 1, bigWrite: 0 });
    expect(seen.has("hashtable")).toBe(true);
  });
});

describe("hash type: edges", () => {
  const limits: HashLimits = { hashMaxListpackEntries: 2, hashMaxListpackValue: 4 };

  it("HSET pairs beyond the entry limit convert even when they repeat one field (7.2)", () => {
    const h = hashCreate();
    const argv = ["HSET", "k", "a", "1", "a", "2", "a", "3"];
    hashTryConversion(h, argv, 2, 7, limits);
    for (let i = 2; i < argv.length; i += 2) hashSet(h, argv[i]!, argv[i + 1]!, limits);
    expect(h.encoding()).toBe("hashtable");
    expect(hashLength(h)).toBe(1);
  });

  it("converts exactly past 512 fields or 64-byte strings at the default limits", () => {
    const lim: HashLimits = { hashMaxListpackEntries: 512, hashMaxListpackValue: 64 };
    const h = hashCreate();
    for (let i = 0; i < 512; i++) hashSet(h, `f${i}`, "v", lim);
    expect(h.encoding()).toBe("listpack");
    hashEnableFieldTtls(h);
    hashSetFieldTtl(h, "f7", 1234);
    hashSet(h, "f0", "x".repeat(64), lim);
    expect(h.encoding()).toBe("listpackex");
    hashSet(h, "f512", "v", lim);
    expect(h.encoding()).toBe("hashtable");
    expect(hashFieldTtl(h, "f7")).toBe(1234);
    expect(hashNextFieldExpiry(h)).toBe(1234);
    const g = hashCreate();
    const argv = ["HSET", "k", ...Array.from({ length: 512 }, (_, i) => [`f${i}`, "v"]).flat()];
    hashTryConversion(g, argv, 2, argv.length - 1, lim);
    expect(g.encoding()).toBe("listpack");
    hashTryConversion(g, [...argv, "f512", "v"], 2, argv.length + 1, lim);
    expect(g.encoding()).toBe("hashtable");
    const k = hashCreate();
    hashSet(k, "a".repeat(65), "v", lim);
    expect(k.encoding()).toBe("hashtable");
  });

  it("listpackex orders by TTL, puts ties before older ones, and moves persisted fields last", () => {
    const h = hashCreate();
    for (const f of ["a", "b", "c", "d"]) hashSet(h, f, f, { hashMaxListpackEntries: 10, hashMaxListpackValue: 10 });
    hashEnableFieldTtls(h);
    expect(h.encoding()).toBe("listpackex");
    hashSetFieldTtl(h, "c", 50);
    hashSetFieldTtl(h, "a", 50);
    hashSetFieldTtl(h, "d", 10);
    expect(hashFields(h)).toEqual(["d", "a", "c", "b"]);
    hashPersistField(h, "d");
    expect(hashFields(h)).toEqual(["a", "c", "b", "d"]);
    hashSet(h, "a", "x", { hashMaxListpackEntries: 10, hashMaxListpackValue: 10 }, true);
    expect(hashFields(h)).toEqual(["a", "c", "b", "d"]);
    hashSet(h, "a", "y", { hashMaxListpackEntries: 10, hashMaxListpackValue: 10 });
    expect(hashFields(h)).toEqual(["c", "b", "d", "a"]);
    expect(hashFieldTtl(h, "a")).toBe(0);
  });

  it("expiry takes a prefix up to a limit, inclusive only when asked", () => {
    const h = hashCreate();
    const big: HashLimits = { hashMaxListpackEntries: 10, hashMaxListpackValue: 10 };
    for (const f of ["a", "b", "c"]) hashSet(h, f, f, big);
    hashSetFieldTtl(h, "a", 5);
    hashSetFieldTtl(h, "b", 6);
    const out: string[] = [];
    expect(hashExpireFields(h, 6, false, 10, out)).toBe(1);
    expect(hashExpireFields(h, 6, true, 10, out)).toBe(1);
    expect(out).toEqual(["a", "b"]);
    expect(hashFields(h)).toEqual(["c"]);
  });

  it("the TTL heap pops in time order and survives many stale entries", () => {
    const heap = new TtlHeap();
    const rng = seededRng("ttl heap");
    const times = Array.from({ length: 500 }, () => rng.int(1, 10_000));
    times.forEach((t, i) => heap.push(t, `f${i}`));
    const popped: number[] = [];
    while (heap.length > 0) {
      popped.push(heap.topAt());
      heap.pop();
    }
    expect(popped).toEqual([...times].sort((a, b) => a - b));
    const t = new HashTable();
    t.set("f", "v", true);
    for (let i = 0; i < 1000; i++) t.setTtl("f", 1000 - i);
    expect(t.heap!.length).toBeLessThan(40);
    expect(t.nextExpiry()).toBe(1);
  });

  it("scans a sparse hashtable completely, and a field present throughout is always returned", () => {
    const h = hashCreate();
    const lim: HashLimits = { hashMaxListpackEntries: 1, hashMaxListpackValue: 64 };
    for (let i = 0; i < 2000; i++) hashSet(h, `f${i}`, "v", lim);
    for (let i = 0; i < 2000; i += 3) hashDelete(h, `f${i}`);
    const seen = new Set<string>();
    let cursor = 0;
    let step = 0;
    do {
      const out: string[] = [];
      cursor = hashScan(h, cursor, 7, undefined, false, out);
      for (const f of out) seen.add(f);
      // Churn during the scan: new fields may or may not be seen, the others must be.
      hashSet(h, `new${step++}`, "v", lim);
    } while (cursor !== 0);
    for (let i = 0; i < 2000; i++) if (i % 3 !== 0) expect(seen.has(`f${i}`)).toBe(true);
  });

  it("clone keeps the representation and TTLs, and is independent", () => {
    const lim: HashLimits = { hashMaxListpackEntries: 1, hashMaxListpackValue: 64 };
    const h = new HashValue();
    hashSet(h, "a", "1", lim);
    hashSet(h, "b", "2", lim);
    hashSetFieldTtl(h, "a", 99);
    const c = h.clone();
    expect(c.encoding()).toBe("hashtable");
    expect(hashFieldTtl(c, "a")).toBe(99);
    hashDelete(c, "a");
    expect(hashGet(h, "a")).toBe("1");
    expect(c.nextMemberExpiry()).toBe(0);
    expect(h.nextMemberExpiry()).toBe(99);
  });
});

/**
 * Data-structure tests of the set type (set-value.ts, set-algebra.ts, set-random.ts): seeded random
 * operations against a naive model (plain arrays that spell out Redis 7.2's encoding rules one by
 * one), with SetValue's invariant check and a full comparison — encoding, size, membership, iteration
 * order, SSCAN — after every step, under several threshold configurations so every conversion
 * (intset → listpack → hashtable, intset → hashtable, back to intset) happens on both sides of each
 * limit; then the algebra and the random strategies against the same model. Seed: env SEED
 * (test/support/seeded.ts).
 */
import { describe, expect, it } from "vitest";
import { parseInt64 } from "../../engine/int64.js";
import { type Rng, seededRng } from "../../../test/support/seeded.js";
import { setDiff, setInterCard, setInterMembers, setInterStore, setUnion } from "./set-algebra.js";
import { setPopMany, setRandomDistinct, setRandomWithRepeats } from "./set-random.js";
import { isSetInteger, type SetEncoding, type SetLimits, SetValue } from "./set-value.js";

/** A naive set following Redis 7.2's t_set.c rules literally: an ordered array and an encoding name. */
class ModelSet {
  constructor(
    public enc: SetEncoding,
    public items: string[] = [],
  ) {}

  static create(first: string, hint: number, l: SetLimits): ModelSet {
    if (isSetInteger(first) && hint <= l.setMaxIntsetEntries) return new ModelSet("intset");
    if (hint <= l.setMaxListpackEntries) return new ModelSet("listpack");
    return new ModelSet("hashtable");
  }

  has(m: string): boolean {
    return this.items.includes(m);
  }

  /** Iteration order: ascending for an intset, the array order otherwise. */
  ordered(): string[] {
    if (this.enc !== "intset") return this.items.slice();
    return this.items.slice().sort((a, b) => {
      const x = parseInt64(a)!;
      const y = parseInt64(b)!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  add(m: string, l: SetLimits): boolean {
    if (this.has(m)) return false;
    const intsetMax = Math.min(l.setMaxIntsetEntries, 2 ** 30);
    if (this.enc === "intset") {
      if (isSetInteger(m)) {
        this.items.push(m);
        if (this.items.length > intsetMax) this.enc = "hashtable";
        return true;
      }
      const sorted = this.ordered();
      const widest = sorted.length === 0 ? 0 : Math.max(sorted[0]!.length, sorted[sorted.length - 1]!.length);
      if (this.items.length < l.setMaxListpackEntries && m.length <= l.setMaxListpackValue && widest <= l.setMaxListpackValue) {
        this.enc = "listpack";
        this.items = sorted;
      } else {
        this.enc = "hashtable";
      }
    } else if (this.enc === "listpack") {
      if (this.items.length >= l.setMaxListpackEntries || m.length > l.setMaxListpackValue) this.enc = "hashtable";
    }
    this.items.push(m);
    return true;
  }

  remove(m: string): boolean {
    const i = this.items.indexOf(m);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  convertForHint(hint: number, l: SetLimits): void {
    if ((this.enc === "listpack" && hint > l.setMaxListpackEntries) || (this.enc === "intset" && hint > l.setMaxIntsetEntries)) {
      this.enc = "hashtable";
    }
  }
}

const LIMIT_SETS: Record<string, SetLimits> = {
  default: { setMaxIntsetEntries: 512, setMaxListpackEntries: 128, setMaxListpackValue: 64 },
  small: { setMaxIntsetEntries: 6, setMaxListpackEntries: 4, setMaxListpackValue: 5 },
  "listpack larger than intset": { setMaxIntsetEntries: 3, setMaxListpackEntries: 9, setMaxListpackValue: 20 },
  "narrow values": { setMaxIntsetEntries: 8, setMaxListpackEntries: 8, setMaxListpackValue: 2 },
  zero: { setMaxIntsetEntries: 0, setMaxListpackEntries: 0, setMaxListpackValue: 0 },
};

/** A member drawn from pools that straddle every rule: small/huge integers, spellings, lengths. */
function randomMember(rng: Rng, width: number, stringWeight = 1): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-width, width)), 6],
    [() => rng.pick(["9223372036854775807", "-9223372036854775808", "9007199254740993", "-100000", "123456"]), 1],
    [() => rng.pick(["01", "-0", "+1", " 1", "1.0", "9223372036854775808", ""]), stringWeight],
    [() => rng.string(rng.int(1, 3), "abc"), 4 * stringWeight],
    [() => rng.string(rng.int(4, 8), "xyz\x00\xff"), stringWeight],
    [() => "L".repeat(rng.int(60, 70)), stringWeight],
  ])();
}

/** Everything observable about `set` must match `model`. */
function expectSame(set: SetValue, model: ModelSet, l: SetLimits, rng: Rng, where: string): void {
  set.assertValid(l);
  expect(set.encoding(), where).toBe(model.enc);
  expect(set.size, where).toBe(model.items.length);
  const members = set.members();
  if (model.enc === "hashtable") expect(members.slice().sort(), where).toEqual(model.items.slice().sort());
  else expect(members, where).toEqual(model.ordered());
  const scanned: string[] = [];
  let cursor = 0;
  let calls = 0;
  do {
    cursor = set.scan(cursor, rng.int(1, 20), scanned);
    calls++;
  } while (cursor !== 0 && calls < 100_000);
  expect(cursor, where).toBe(0);
  expect(scanned.slice().sort(), where).toEqual(model.items.slice().sort());
  for (let i = 0; i < 3; i++) {
    const probe = randomMember(rng, 30);
    expect(set.has(probe), `${where} has(${JSON.stringify(probe)})`).toBe(model.has(probe));
  }
}

/**
 * Random episodes: each starts from setTypeCreate with a random first member and size hint, picks a
 * target size near one of the thresholds (or tiny) and a share of non-integer members, then adds and
 * removes around that target, with the other operations sprinkled in, and ends by popping everything.
 * Returns the encoding transitions seen (`intset>listpack` …), so a test can insist on each.
 */
function runRandom(label: string, l: SetLimits, episodes: number, wanted: readonly string[] = []): Set<string> {
  const transitions = new Set<string>();
  const rng = seededRng(`set-value ${label}`);
  const rand = () => rng.float();
  const log: string[] = [];
  const targets = [2, 5, l.setMaxIntsetEntries - 1, l.setMaxIntsetEntries + 2, l.setMaxListpackEntries - 1, l.setMaxListpackEntries + 2];
  try {
    // At least `episodes`, and more (up to 5×) until every wanted transition was seen.
    for (let episode = 0; episode < episodes || (episode < 5 * episodes && wanted.some((t) => !transitions.has(t))); episode++) {
      const target = Math.max(1, rng.pick(targets));
      const stringWeight = rng.pick([0, 0, 0.02, 0.3, 1]);
      const width = Math.max(10, target * 2);
      const first = randomMember(rng, width, stringWeight);
      const hint = rng.pick([1, 1, 2, 5, l.setMaxIntsetEntries, l.setMaxIntsetEntries + 1, l.setMaxListpackEntries + 1]);
      log.length = 0;
      log.push(`create ${JSON.stringify(first)} hint ${hint} target ${target} strings ${stringWeight}`);
      const set = SetValue.create(first, hint, l);
      const model = ModelSet.create(first, hint, l);
      expect(set.encoding()).toBe(model.enc);
      expect(set.add(first, l)).toBe(model.add(first, l));
      const steps = rng.int(target, target + 40);
      for (let step = 0; step < steps; step++) {
        const before = model.enc;
        const growing = model.items.length < target;
        const op = rng.weighted<string>([
          ["add", growing ? 12 : 4], ["remove", growing ? 2 : 6], ["pop", 1], ["random", 1], ["hint", 0.3],
          ["clone", 0.3], ["sample", 0.5], ["toIntset", 0.5],
        ]);
        if (op === "add") {
          const m = randomMember(rng, width, stringWeight);
          log.push(`add ${JSON.stringify(m)}`);
          expect(set.add(m, l)).toBe(model.add(m, l));
        } else if (op === "remove") {
          const m = rng.chance(0.8) && model.items.length > 0 ? rng.pick(model.items) : randomMember(rng, width);
          log.push(`remove ${JSON.stringify(m)}`);
          expect(set.remove(m)).toBe(model.remove(m));
        } else if (op === "pop" && model.items.length > 0) {
          const m = set.popRandom(rand);
          log.push(`pop → ${JSON.stringify(m)}`);
          expect(model.remove(m)).toBe(true);
        } else if (op === "random" && model.items.length > 0) {
          expect(model.has(set.random(rand))).toBe(true);
        } else if (op === "hint") {
          const h = rng.int(1, Math.max(l.setMaxIntsetEntries, l.setMaxListpackEntries) + 3);
          log.push(`hint ${h}`);
          set.maybeConvertForHint(h, l);
          model.convertForHint(h, l);
        } else if (op === "clone") {
          log.push("clone");
          const copy = set.clone();
          expectSame(copy, model, l, rng, "clone");
          // The copy is independent: changing it leaves the original alone (checked below).
          copy.add("clone-only", l);
          if (model.items.length > 0) copy.remove(model.items[0]!);
          copy.assertValid(l);
        } else if (op === "sample") {
          const k = rng.int(0, model.items.length + 1);
          const sample = set.orderedSample(k, rand);
          expect(sample.length).toBe(Math.min(k, model.items.length));
          expect(new Set(sample).size).toBe(sample.length);
          const order = set.members();
          const positions = sample.map((m) => order.indexOf(m));
          expect(positions.every((p) => p >= 0)).toBe(true);
          expect(positions).toEqual(positions.slice().sort((a, b) => a - b));
        } else if (op === "toIntset" && model.items.length > 0 && model.items.every(isSetInteger)) {
          log.push("maybeConvertToIntset");
          set.maybeConvertToIntset(l);
          if (model.items.length <= Math.min(l.setMaxIntsetEntries, 2 ** 30)) model.enc = "intset";
        }
        expectSame(set, model, l, rng, `episode ${episode} step ${step}`);
        if (before !== model.enc) transitions.add(`${before}>${model.enc}`);
      }
      while (set.size > 0) expect(model.remove(set.popRandom(rand))).toBe(true);
      expect(model.items).toEqual([]);
    }
  } catch (e) {
    console.error(`[set-value ${label}] episode log (last 40): ${log.slice(-40).join(" | ")}`);
    throw e;
  }
  return transitions;
}

describe("SetValue against a naive model", () => {
  for (const [label, limits] of Object.entries(LIMIT_SETS)) {
    it(`random operations, limits ${label}`, () => {
      const expected = label === "zero" ? [] : ["intset>listpack", "listpack>hashtable", "intset>hashtable", "hashtable>intset"];
      const seen = runRandom(label, limits, label === "default" ? 40 : 150, expected);
      for (const t of expected) expect(seen, t).toContain(t);
    });
  }

  it("crosses the default thresholds one member at a time and never converts back", () => {
    const l = LIMIT_SETS["default"]!;
    const rng = seededRng("set-value thresholds");
    const ints = SetValue.create("0", 1, l);
    const model = ModelSet.create("0", 1, l);
    for (let i = 0; i < 520; i++) {
      const m = String((i * 7919) % 1000 - 500);
      ints.add(m, l);
      model.add(m, l);
      if (i >= 505) expectSame(ints, model, l, rng, `int ${i}`);
    }
    expect(ints.encoding()).toBe("hashtable");
    while (ints.size > 1) ints.popRandom(() => rng.float());
    expect(ints.encoding()).toBe("hashtable");

    const strs = SetValue.create("a", 1, l);
    for (let i = 0; i < 128; i++) strs.add(`m${i}`, l);
    expect(strs.encoding()).toBe("listpack");
    expect(strs.size).toBe(128);
    strs.add("one more", l);
    expect(strs.encoding()).toBe("hashtable");

    const long = SetValue.create("a", 1, l);
    long.add("x".repeat(64), l);
    expect(long.encoding()).toBe("listpack");
    long.add("x".repeat(65), l);
    expect(long.encoding()).toBe("hashtable");
  });

  it("intset → listpack keeps the integers in ascending order before the new member", () => {
    const l = LIMIT_SETS["default"]!;
    const set = SetValue.create("5", 1, l);
    for (const m of ["5", "-2", "9223372036854775807", "3", "-9223372036854775808"]) set.add(m, l);
    expect(set.members()).toEqual(["-9223372036854775808", "-2", "3", "5", "9223372036854775807"]);
    set.add("b", l);
    set.add("a", l);
    set.add("1", l);
    expect(set.encoding()).toBe("listpack");
    expect(set.members()).toEqual(["-9223372036854775808", "-2", "3", "5", "9223372036854775807", "b", "a", "1"]);
    set.remove("3");
    set.add("3", l);
    expect(set.members()).toEqual(["-9223372036854775808", "-2", "5", "9223372036854775807", "b", "a", "1", "3"]);
  });

  it("an intset whose integers are wider than set-max-listpack-value becomes a hashtable", () => {
    const l: SetLimits = { setMaxIntsetEntries: 512, setMaxListpackEntries: 128, setMaxListpackValue: 3 };
    const set = SetValue.create("1000", 1, l);
    set.add("1000", l);
    set.add("x", l);
    expect(set.encoding()).toBe("hashtable");
    const ok = SetValue.create("-99", 1, l);
    ok.add("-99", l);
    ok.add("x", l);
    expect(ok.encoding()).toBe("listpack");
  });

  it("SSCAN over a hashtable returns every member present for the whole scan, despite changes", () => {
    const l = LIMIT_SETS["small"]!;
    const rng = seededRng("set-value scan guarantee");
    for (let round = 0; round < 30; round++) {
      const set = SetValue.create("a", 100, l);
      const stable: string[] = [];
      for (let i = 0; i < 200; i++) {
        const m = `s${i}`;
        set.add(m, l);
        if (rng.chance(0.5)) stable.push(m);
      }
      const volatile = Array.from({ length: 200 }, (_, i) => `s${i}`).filter((m) => !stable.includes(m));
      const seen = new Set<string>();
      let cursor = 0;
      let extra = 0;
      do {
        const out: string[] = [];
        cursor = set.scan(cursor, rng.int(1, 15), out);
        for (const m of out) seen.add(m);
        // Between calls: remove volatile members, add new ones.
        for (let k = 0; k < 3; k++) {
          if (volatile.length > 0 && rng.chance(0.7)) set.remove(volatile.splice(rng.int(0, volatile.length - 1), 1)[0]!);
          else set.add(`n${extra++}`, l);
        }
      } while (cursor !== 0);
      for (const m of stable) expect(seen.has(m), m).toBe(true);
    }
  });

  it("random picks are uniform enough (every member drawn, none foreign)", () => {
    const l = LIMIT_SETS["default"]!;
    const rng = seededRng("set-value uniform");
    for (const members of [["1", "2", "3"], ["a", "b", "c", "d"], Array.from({ length: 300 }, (_, i) => `m${i}`)]) {
      const set = SetValue.create(members[0]!, members.length, l);
      for (const m of members) set.add(m, l);
      const counts = new Map<string, number>();
      const draws = members.length * 200;
      for (let i = 0; i < draws; i++) {
        const m = set.random(() => rng.float());
        counts.set(m, (counts.get(m) ?? 0) + 1);
      }
      expect(counts.size).toBe(members.length);
      for (const n of counts.values()) expect(n).toBeGreaterThan(100);
    }
  });
});

// ------------------------------------------------------------------------------- algebra and random

/** Builds a SetValue and its model from the same adds (SADD of `members` one at a time). */
function build(members: readonly string[], l: SetLimits): [SetValue, ModelSet] {
  const set = SetValue.create(members[0]!, 1, l);
  const model = ModelSet.create(members[0]!, 1, l);
  for (const m of members) {
    set.add(m, l);
    model.add(m, l);
  }
  return [set, model];
}

function randomMembers(rng: Rng, n: number, width: number, stringWeight: number): string[] {
  return Array.from({ length: n }, () => randomMember(rng, width, stringWeight));
}

/** The model of sunionDiffGenericCommand's temporary set: an empty intset fed in order. */
function modelFrom(sequence: Iterable<string>, l: SetLimits): ModelSet {
  const m = new ModelSet("intset");
  for (const x of sequence) m.add(x, l);
  return m;
}

describe("set algebra against naive models", () => {
  for (const [label, l] of Object.entries(LIMIT_SETS)) {
    it(`union, difference, intersection (and its STORE form), limits ${label}`, () => {
      const rng = seededRng(`set-algebra ${label}`);
      for (let round = 0; round < 150; round++) {
        const n = rng.int(1, 4);
        const width = rng.pick([5, 20, 600]);
        const stringWeight = rng.pick([0, 0, 0.05, 0.5]);
        const sets: (SetValue | undefined)[] = [];
        for (let j = 0; j < n; j++) {
          if (j > 0 && rng.chance(0.1)) sets.push(sets[rng.int(0, j - 1)]); // the same key twice
          else if (rng.chance(0.1)) sets.push(undefined); // a missing key
          else sets.push(build(randomMembers(rng, rng.pick([1, 3, 10, 130, 520]), width, stringWeight), l)[0]);
        }
        const where = `round ${round}: sizes ${sets.map((s) => s?.size ?? "missing").join(",")}`;

        // Union: every member of every set, fed in iteration order.
        const union = setUnion(sets, l);
        expectSame(union, modelFrom(sets.flatMap((s) => s?.members() ?? []), l), l, rng, `union ${where}`);

        // Difference: the first set's members missing from all others, through Redis's chosen algorithm.
        const diff = setDiff(sets, l);
        const first = sets[0];
        let diffModel: ModelSet;
        if (first === undefined || sets.slice(1).includes(first)) {
          diffModel = new ModelSet("intset");
        } else {
          const present = sets.filter((s): s is SetValue => s !== undefined);
          const algoOne = Math.floor((present.length * first.size) / 2);
          const algoTwo = present.reduce((a, s) => a + s.size, 0);
          const keep = first.members().filter((m) => !sets.slice(1).some((s) => s?.has(m)));
          if (algoOne <= algoTwo) {
            diffModel = modelFrom(keep, l);
          } else {
            diffModel = modelFrom(first.members(), l);
            for (const m of first.members()) if (!keep.includes(m)) diffModel.remove(m);
          }
        }
        expectSame(diff, diffModel, l, rng, `diff ${where}`);

        if (!sets.every((s): s is SetValue => s !== undefined)) continue;
        const all = sets as SetValue[];
        const smallest = all.slice().sort((a, b) => a.size - b.size)[0]!;
        const common = smallest.members().filter((m) => all.every((s) => s.has(m)));
        expect(setInterMembers(all), `inter ${where}`).toEqual(common);
        for (const limit of [0, 1, 2, common.length, common.length + 1]) {
          const want = limit === 0 ? common.length : Math.min(limit, common.length);
          expect(setInterCard(all, limit), `intercard ${limit} ${where}`).toBe(want);
        }
        const stored = setInterStore(all, l);
        const storeModel = new ModelSet(smallest.encoding() === "intset" ? "intset" : "listpack");
        for (const m of common) storeModel.add(m, l);
        if (common.length > 0 && common.every(isSetInteger) && common.length <= Math.min(l.setMaxIntsetEntries, 2 ** 30)) {
          storeModel.enc = "intset";
        }
        expectSame(stored, storeModel, l, rng, `interstore ${where}`);
      }
    });
  }

  it("SDIFF's algorithm choice decides the stored encoding (Redis's work estimate)", () => {
    const l = LIMIT_SETS["default"]!;
    const first = build(Array.from({ length: 150 }, (_, i) => `e${i}`), l)[0];
    expect(first.encoding()).toBe("hashtable");
    // Estimates: algorithm 1 150·4/2 = 300, algorithm 2 150+3·10 = 180, so algorithm 2 copies all 150
    // members into the temporary set, which becomes a hashtable before the removals.
    const others = [0, 1, 2].map((k) => build(Array.from({ length: 10 }, (_, i) => `e${k * 10 + i}`), l)[0]);
    const viaTwo = setDiff([first, ...others], l);
    expect(viaTwo.size).toBe(120);
    expect(viaTwo.encoding()).toBe("hashtable");
    // One large subtrahend (150·2/2 = 150 ≤ 150+430): algorithm 1 adds only the 120 survivors, which
    // fit a listpack.
    const big = build(Array.from({ length: 30 }, (_, i) => `e${i}`).concat(Array.from({ length: 400 }, (_, i) => `x${i}`)), l)[0];
    const viaOne = setDiff([first, big], l);
    expect(viaOne.size).toBe(120);
    expect(viaOne.encoding()).toBe("listpack");
  });

  it("SINTERSTORE of hashtables of integers stores an intset; of strings, a listpack", () => {
    const l = LIMIT_SETS["default"]!;
    const ints = Array.from({ length: 300 }, (_, i) => String(i));
    const a = build([...ints, "s"], l)[0];
    const b = build([...ints, "t"], l)[0];
    expect(a.encoding()).toBe("hashtable");
    const r = setInterStore([a, b], l);
    expect(r.encoding()).toBe("intset");
    expect(r.members()).toEqual(ints.slice().sort((x, y) => Number(x) - Number(y)));
    const c = build(["p", "q", "r", ...ints.slice(0, 140)], l)[0];
    const d = build(["q", "p", "z", ...ints.slice(0, 140)], l)[0];
    const small = build(["q", "p"], l)[0];
    expect(setInterStore([c, d, small], l).encoding()).toBe("listpack");
    expect(setInterStore([c, d], l).encoding()).toBe("hashtable");
  });
});

describe("random members and pops", () => {
  const l = LIMIT_SETS["default"]!;
  const kinds: Record<string, string[]> = {
    intset: Array.from({ length: 60 }, (_, i) => String(i * 3 - 50)),
    listpack: Array.from({ length: 60 }, (_, i) => `m${i}`),
    hashtable: Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? `m${i}` : String(i))),
    "hashtable of integers": Array.from({ length: 700 }, (_, i) => String(i)),
  };

  it("SRANDMEMBER with repeats and distinct, every strategy", () => {
    const rng = seededRng("set-random srandmember");
    const rand = () => rng.float();
    for (const [kind, members] of Object.entries(kinds)) {
      const [set] = build(members, l);
      expect(set.encoding()).toBe(kind.startsWith("hashtable") ? "hashtable" : kind);
      const all = new Set(members);
      for (const n of [1, 2, 7, 100, 1000]) {
        const r = setRandomWithRepeats(set, n, rand);
        expect(r.length).toBe(n);
        for (const m of r) expect(all.has(m)).toBe(true);
      }
      for (const count of [2, 3, 10, members.length / 3, members.length / 2, members.length - 1, members.length, members.length + 5]) {
        const c = Math.floor(count);
        const r = setRandomDistinct(set, c, rand);
        expect(r.length, `${kind} ${c}`).toBe(Math.min(c, members.length));
        expect(new Set(r).size).toBe(r.length);
        for (const m of r) expect(all.has(m)).toBe(true);
        if (c >= members.length) expect(r).toEqual(set.members());
        if (kind === "listpack") {
          const order = set.members();
          const pos = r.map((m) => order.indexOf(m));
          expect(pos).toEqual(pos.slice().sort((a, b) => a - b));
        }
      }
      expect(set.size).toBe(members.length);
    }
  });

  it("SPOP with a count: both strategies, the order and the new encoding", () => {
    const rng = seededRng("set-random spop");
    const rand = () => rng.float();
    for (const [kind, members] of Object.entries(kinds)) {
      for (const count of [1, 5, Math.floor(members.length / 2), Math.floor((members.length * 5) / 6), members.length - 3, members.length - 1]) {
        const [set] = build(members, l);
        const before = set.members();
        const encodingBefore = set.encoding();
        const popped = setPopMany(set, count, rand, l);
        const where = `${kind} count ${count}`;
        set.assertValid(l);
        expect(popped.length, where).toBe(count);
        expect(new Set(popped).size, where).toBe(count);
        expect(set.size, where).toBe(members.length - count);
        expect([...set.members(), ...popped].sort(), where).toEqual(members.slice().sort());
        const remaining = members.length - count;
        const keepStrategy = remaining * 5 <= count;
        if (!keepStrategy) {
          expect(set.encoding(), where).toBe(encodingBefore);
        } else if (encodingBefore === "intset") {
          expect(set.encoding(), where).toBe("intset");
        } else {
          // A listpack rebuilt from the survivors (a hashtable's too, even when all are integers).
          expect(set.encoding(), where).toBe("listpack");
        }
        // Listpacks and the rebuilt strategy reply in the source's iteration order.
        if (encodingBefore === "listpack" || (keepStrategy && encodingBefore === "intset")) {
          const pos = popped.map((m) => before.indexOf(m));
          expect(pos, where).toEqual(pos.slice().sort((a, b) => a - b));
        }
      }
    }
  });
});

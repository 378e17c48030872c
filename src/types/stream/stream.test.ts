/**
 * Data-structure tests of the stream type: seeded random operations against a naive model (a sorted
 * array of live entries), with the invariant checker after every step, under several node limits so
 * nodes close by entry count, by byte size, or both; node byte sizes checked against the listpack
 * our RDB encoder builds; the PEL map against a sorted array; consumer-group bookkeeping; the rax
 * node count against a literal trie. Seed: env SEED (test/support/seeded.ts).
 */
import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../../../test/support/seeded.js";
import { streamNodeListpack } from "../../persistence/rdb/stream-encode.js";
import { ConsumerGroup } from "./consumer-group.js";
import { IdMap } from "./id-map.js";
import { ID_MAX, type StreamId, formatId, idKeyBytes, makeId, parseStreamId } from "./stream-id.js";
import { FLAG_DELETED, FLAG_SAMEFIELDS } from "./stream-node.js";
import {
  type StreamNodeLimits,
  StreamValue,
  streamAppend,
  streamCreateGroup,
  streamDeleteIds,
  streamEdgeId,
  streamEntry,
  streamRaxNodes,
  streamScan,
  streamTrim,
} from "./stream-value.js";

/** Every invariant a stream keeps (see stream-value.ts / stream-node.ts / consumer-group.ts). */
export function checkStream(s: StreamValue, limits?: StreamNodeLimits): void {
  let live = 0;
  let prev: StreamId | undefined;
  let firstLive: StreamId | undefined;
  for (let ni = 0; ni < s.nodes.length; ni++) {
    const n = s.nodes[ni]!;
    if (n.ids.length === 0) throw new Error(`node ${ni} is empty`);
    if (n.ids[0] !== n.master) throw new Error(`node ${ni}: first entry ${formatId(n.ids[0]!)} is not the master`);
    if (n.ids.length !== n.fvs.length || n.ids.length !== n.flags.length) throw new Error(`node ${ni}: parallel arrays differ`);
    let l = 0;
    for (let i = 0; i < n.ids.length; i++) {
      const id = n.ids[i]!;
      if (prev !== undefined && id <= prev) throw new Error(`IDs not ascending at ${formatId(id)}`);
      prev = id;
      const deleted = (n.flags[i]! & FLAG_DELETED) !== 0;
      if (!deleted) {
        l++;
        firstLive ??= id;
      }
      if (((n.flags[i]! & FLAG_SAMEFIELDS) !== 0) !== n.sameFields(n.fvs[i]!)) throw new Error(`SAMEFIELDS flag wrong at ${formatId(id)}`);
    }
    if (l !== n.live || n.ids.length - l !== n.deleted) throw new Error(`node ${ni}: counters ${n.live}/${n.deleted}, has ${l} live`);
    if (n.bytes() !== streamNodeListpack(n).length) throw new Error(`node ${ni}: bytes ${n.bytes()} but the listpack has ${streamNodeListpack(n).length}`);
    if (limits !== undefined && limits.maxEntries !== 0n && BigInt(n.count) > limits.maxEntries) throw new Error(`node ${ni} over max entries`);
    live += l;
  }
  if (live !== s.length) throw new Error(`length ${s.length}, live entries ${live}`);
  if ((firstLive ?? 0n) !== s.firstId) throw new Error(`firstId ${formatId(s.firstId)}, first live ${formatId(firstLive ?? 0n)}`);
  if (prev !== undefined && prev > s.lastId) throw new Error("an entry above lastId");
  for (const g of s.groups?.values() ?? []) {
    g.pel.check();
    for (const [id, nack] of g.pel.entries()) {
      if (nack.consumer === undefined) throw new Error(`${formatId(id)} pending without a consumer`);
      if (nack.consumer.pel.get(id) !== nack) throw new Error(`${formatId(id)} missing from its consumer's PEL`);
      if (g.consumers.get(nack.consumer.name) !== nack.consumer) throw new Error("NACK owned by a consumer not in the group");
    }
    for (const c of g.consumers.values()) {
      c.pel.check();
      for (const [id, nack] of c.pel.entries()) if (g.pel.get(id) !== nack || nack.consumer !== c) throw new Error(`${c.name}: ${formatId(id)} not in the group PEL`);
    }
  }
}

interface ModelEntry {
  id: StreamId;
  fv: string[];
}

function randomFields(rng: Rng): string[] {
  const shape = rng.int(0, 3);
  if (shape === 0) return ["a", String(rng.int(-200, 200))];
  if (shape === 1) return ["a", String(rng.int(0, 9)), "b", "x".repeat(rng.int(0, 90))];
  if (shape === 2) return ["k" + rng.int(0, 3), rng.pick(["", "v", "12345678901", "-0", "9223372036854775807"])];
  return ["a", "1", "b", "2", "c", rng.string(rng.int(1, 300))];
}

const LIMITS: [string, StreamNodeLimits][] = [
  ["defaults 100 / 4096", { maxEntries: 100n, maxBytes: 4096 }],
  ["3 entries, no byte limit", { maxEntries: 3n, maxBytes: 0 }],
  ["no entry limit, 200 bytes", { maxEntries: 0n, maxBytes: 200 }],
  ["1 entry per node", { maxEntries: 1n, maxBytes: 4096 }],
  ["7 entries / 300 bytes", { maxEntries: 7n, maxBytes: 300 }],
];

describe("StreamValue against a naive model", () => {
  for (const [label, limits] of LIMITS) {
    it(`random appends, deletions, trims and scans (${label})`, () => {
      const rng = seededRng(`stream model ${label}`);
      const s = new StreamValue();
      let model: ModelEntry[] = [];
      let lastId = 0n;
      let now = 1000;
      const ids = () => model.map((e) => e.id);
      for (let step = 0; step < 1500; step++) {
        const op = rng.int(0, 99);
        if (op < 45) {
          // XADD: time-based, explicit, or <ms>-*.
          const fv = randomFields(rng);
          now += rng.int(0, 2);
          const kind = rng.int(0, 2);
          let useId: StreamId | undefined;
          let seqGiven = true;
          if (kind === 1) useId = lastId + BigInt(rng.int(-2, 3)) * (rng.chance(0.5) ? 1n : 1n << 64n);
          if (kind === 2) {
            useId = makeId(BigInt(rng.int(0, now + 2)), 0n);
            seqGiven = false;
          }
          const r = streamAppend(s, fv, useId, seqGiven, now, limits);
          let id: StreamId;
          if (useId === undefined) id = BigInt(now) > lastId >> 64n ? makeId(BigInt(now), 0n) : lastId + 1n;
          else if (!seqGiven && useId >> 64n === lastId >> 64n) id = lastId + 1n;
          else id = useId;
          expect(r).toBe(id <= lastId ? "EDOM" : id);
          if (r !== "EDOM" && r !== "ERANGE") {
            model.push({ id: r, fv });
            lastId = r;
          }
        } else if (op < 65) {
          // XDEL of existing and missing IDs.
          const del: StreamId[] = [];
          for (let k = rng.int(1, 4); k > 0; k--) {
            if (model.length > 0 && rng.chance(0.7)) del.push(rng.pick(model).id);
            else del.push(BigInt(rng.int(0, 3)) + lastId - 2n);
          }
          const wanted = new Set(del.filter((d) => model.some((e) => e.id === d)));
          const maxDeletedBefore = s.maxDeletedId;
          expect(streamDeleteIds(s, del)).toBe(wanted.size);
          model = model.filter((e) => !wanted.has(e.id));
          const maxDel = [...wanted].reduce((a, b) => (b > a ? b : a), maxDeletedBefore);
          expect(s.maxDeletedId).toBe(maxDel);
        } else if (op < 75) {
          // Exact trims.
          if (rng.chance(0.5)) {
            const maxlen = rng.int(0, model.length + 2);
            const removed = streamTrim(s, { strategy: "maxlen", maxlen: BigInt(maxlen), minid: 0n, approx: false, limit: 0n });
            const keep = Math.min(model.length, maxlen);
            expect(removed).toBe(model.length - keep);
            model = model.slice(model.length - keep);
          } else {
            const minid = model.length > 0 && rng.chance(0.8) ? rng.pick(model).id + BigInt(rng.int(-1, 1)) : BigInt(rng.int(0, 5));
            const before = model.length;
            model = model.filter((e) => e.id >= minid);
            expect(streamTrim(s, { strategy: "minid", maxlen: 0n, minid, approx: false, limit: 0n })).toBe(before - model.length);
          }
        } else if (op < 82) {
          // Approximate trims: whole nodes from the head only, never below the target, within LIMIT.
          const byLen = rng.chance(0.5);
          const target = rng.int(0, model.length);
          const minid = model.length > 0 ? rng.pick(model).id : 0n;
          const limit = rng.chance(0.3) ? BigInt(rng.int(0, 50)) : 0n;
          const nodesBefore = s.nodes.length;
          const removed = streamTrim(s, { strategy: byLen ? "maxlen" : "minid", maxlen: BigInt(target), minid, approx: true, limit });
          if (byLen) expect(model.length - removed).toBeGreaterThanOrEqual(target);
          else expect(model.slice(0, removed).every((e) => e.id < minid)).toBe(true);
          if (limit !== 0n) expect(removed).toBeLessThanOrEqual(Number(limit));
          expect(s.nodes.length).toBeLessThanOrEqual(nodesBefore);
          model = model.slice(removed);
        } else {
          // Scans and point lookups.
          const pick = () => (model.length > 0 && rng.chance(0.7) ? rng.pick(model).id + BigInt(rng.int(-1, 1)) : BigInt(rng.int(0, 3)));
          let a = pick();
          let b = rng.chance(0.1) ? ID_MAX : pick();
          if (a > b) [a, b] = [b, a];
          const rev = rng.chance(0.5);
          const count = rng.int(0, 5);
          const got: StreamId[] = [];
          streamScan(s, a, b, rev, (id) => {
            got.push(id);
            return count === 0 || got.length < count;
          });
          let want = ids().filter((x) => x >= a && x <= b);
          if (rev) want.reverse();
          if (count !== 0) want = want.slice(0, count);
          expect(got).toEqual(want);
          const probe = pick();
          expect(streamEntry(s, probe)).toEqual(model.find((e) => e.id === probe)?.fv);
          expect(streamEdgeId(s, false)).toBe(model[0]?.id);
          expect(streamEdgeId(s, true)).toBe(model[model.length - 1]?.id);
        }
        expect(s.length).toBe(model.length);
        checkStream(s, limits);
      }
      // The copy is independent.
      const copy = s.clone();
      checkStream(copy, limits);
      streamTrim(copy, { strategy: "maxlen", maxlen: 0n, minid: 0n, approx: false, limit: 0n });
      expect(s.length).toBe(model.length);
      checkStream(s, limits);
    });
  }

  it("nodes close exactly at stream-node-max-bytes, counting the entry's raw field and value bytes", () => {
    const s = new StreamValue();
    const limits = { maxEntries: 0n, maxBytes: 100 };
    streamAppend(s, ["f", "x".repeat(40)], 1n, true, 0, limits);
    const bytes = s.nodes[0]!.bytes();
    // A second entry opens a node when lpBytes + its raw bytes reach the limit.
    const room = 100 - bytes - 1;
    streamAppend(s, ["f", "y".repeat(room - 1)], 2n, true, 0, limits);
    expect(s.nodes.length).toBe(1);
    streamAppend(s, ["f", "z"], 3n, true, 0, limits);
    expect(s.nodes.length).toBe(2);
    checkStream(s);
  });

  it("IDs: parsing edge cases and formatting of both 64-bit parts", () => {
    const p = (t: string, strict = true, star = false) => {
      const r = parseStreamId(t, 7n, strict, star);
      return r === undefined ? undefined : [formatId(r.id), r.seqGiven];
    };
    expect(p("18446744073709551615-18446744073709551615")).toEqual(["18446744073709551615-18446744073709551615", true]);
    expect(p("18446744073709551616-0")).toBeUndefined();
    expect(p("5")).toEqual(["5-7", true]);
    expect(p("5-*", true, true)).toEqual(["5-0", false]);
    expect(p("5-*")).toBeUndefined();
    expect(p("-", false)).toEqual(["0-0", true]);
    expect(p("+", false)).toEqual(["18446744073709551615-18446744073709551615", true]);
    expect(p("-")).toBeUndefined();
    expect(p("01-02")).toEqual(["1-2", true]);
    expect(p(" 3-+4")).toEqual(["3-4", true]);
    expect(p("-0-1")).toBeUndefined();
    expect(p("1--0")).toEqual(["1-0", true]);
    expect(p("1--1")).toBeUndefined();
    expect(p("2- 18446744073709551615")).toEqual(["2-18446744073709551615", true]);
    expect(p("1-  -18446744073709551615")).toEqual(["1-1", true]);
    expect(p("9\u0000junk")).toEqual(["9-7", true]);
    expect(p("")).toBeUndefined();
    expect(p("1-")).toBeUndefined();
    expect(p("x".repeat(128))).toBeUndefined();
    expect(formatId(makeId(9007199254740993n, 1n))).toBe("9007199254740993-1");
  });
});

describe("IdMap against a sorted array", () => {
  it("random inserts, deletes, seeks and walks", () => {
    const rng = seededRng("idmap");
    const m = new IdMap<number>();
    const model = new Map<StreamId, number>();
    for (let step = 0; step < 4000; step++) {
      const id = BigInt(rng.int(0, 600)) * (rng.chance(0.1) ? 1n << 64n : 1n);
      const op = rng.int(0, 9);
      if (op < 5) {
        expect(m.tryInsert(id, step)).toBe(!model.has(id));
        if (!model.has(id)) model.set(id, step);
      } else if (op < 8) {
        expect(m.delete(id)).toBe(model.get(id));
        model.delete(id);
      } else {
        m.set(id, -step);
        model.set(id, -step);
      }
      const keys = [...model.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(m.size).toBe(keys.length);
      expect(m.get(id)).toBe(model.get(id));
      expect(m.first()).toBe(keys[0]);
      expect(m.last()).toBe(keys[keys.length - 1]);
      expect(m.ceil(id)).toBe(keys.find((k) => k >= id));
      if (step % 50 === 0) {
        m.check();
        expect([...m.entries(id)].map(([k]) => k)).toEqual(keys.filter((k) => k >= id));
        expect(m.keys()).toEqual(keys);
      }
    }
  });
});

describe("consumer groups", () => {
  it("deliveries, re-deliveries to another consumer, acks, claims and consumer deletion keep both PELs in step", () => {
    const rng = seededRng("groups");
    const s = new StreamValue();
    const limits = { maxEntries: 100n, maxBytes: 4096 };
    for (let i = 1; i <= 200; i++) streamAppend(s, ["f", String(i)], BigInt(i), true, 0, limits);
    const g = streamCreateGroup(s, "g", 0n, -1n)!;
    expect(streamCreateGroup(s, "g", 0n, -1n)).toBeUndefined();
    const names = ["a", "b", "c", "d"];
    for (let step = 0; step < 3000; step++) {
      const id = BigInt(rng.int(1, 210));
      const name = rng.pick(names);
      const c = g.consumers.get(name) ?? g.createConsumer(name, step)!;
      const op = rng.int(0, 9);
      if (op < 5) {
        const nack = g.deliver(id, c, step);
        expect(nack.consumer).toBe(c);
        expect(nack.deliveryCount).toBe(1);
      } else if (op < 8) {
        const had = g.pel.has(id);
        expect(g.ack(id)).toBe(had);
      } else if (op < 9) {
        const nack = g.pel.get(id);
        if (nack !== undefined) g.transfer(id, nack, c);
      } else if (rng.chance(0.2)) {
        const pending = c.pel.size;
        const before = g.pel.size;
        g.deleteConsumer(c);
        expect(g.pel.size).toBe(before - pending);
      }
      if (step % 25 === 0) checkStream(s);
    }
    checkStream(s);
    const copy = s.clone();
    checkStream(copy);
    const cg = copy.groups!.get("g")!;
    expect(cg).toBeInstanceOf(ConsumerGroup);
    expect(cg.pel.keys()).toEqual(g.pel.keys());
    for (const [id] of cg.pel.entries()) cg.ack(id);
    expect(g.pel.size).toBeGreaterThan(0);
    checkStream(s);
  });
});

describe("rax node count", () => {
  /** A literal trie over the 16-byte keys, counting nodes as rax lays them out. */
  function trieCount(keys: string[]): number {
    interface T {
      kids: Map<number, T>;
      key: boolean;
    }
    const root: T = { kids: new Map(), key: false };
    for (const k of keys) {
      let t = root;
      for (let i = 0; i < k.length; i++) {
        let next = t.kids.get(k.charCodeAt(i));
        if (next === undefined) t.kids.set(k.charCodeAt(i), (next = { kids: new Map(), key: false }));
        t = next;
      }
      t.key = true;
    }
    // A rax node starts at the head, at every key, at every branch and at every child of a branch.
    let n = 0;
    const walk = (t: T, starts: boolean): void => {
      const branch = t.kids.size > 1;
      if (starts || branch || t.key) n++;
      for (const child of t.kids.values()) walk(child, branch);
    };
    walk(root, true);
    return n;
  }

  it("matches a literal trie for random master IDs", () => {
    const rng = seededRng("rax");
    for (let round = 0; round < 60; round++) {
      const s = new StreamValue();
      const limits = { maxEntries: BigInt(rng.int(1, 4)), maxBytes: 0 };
      let id = BigInt(rng.int(0, 1000)) << 64n;
      for (let i = rng.int(0, 80); i > 0; i--) {
        id += rng.chance(0.5) ? BigInt(rng.int(1, 300)) : BigInt(rng.int(1, 70000)) << 64n;
        streamAppend(s, ["f", "v"], id, true, 0, limits);
      }
      if (s.nodes.length > 2) streamDeleteIds(s, [s.nodes[1]!.ids[0]!]);
      const keys = s.nodes.map((n) => idKeyBytes(n.master));
      expect(streamRaxNodes(s)).toBe(trieCount(keys));
    }
  });
});

/**
 * Every encoding our encoder never writes, in hand-built files: the pre-7.0 forms (linked list,
 * ziplists, quicklist of ziplists, zipmap, text-score zsets, v1/v2 streams, EXPIRETIME in seconds,
 * old headers) are loaded by redis-server 7.0 and by us and compared key by key; the 7.2/7.4 forms
 * 7.0 cannot load (set listpack, v3 streams, hashes with field TTLs and their pre-GA variants) are
 * checked against the data they were built from, and round-tripped through our engine.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyDataset, decodeRdb, encodeRdbToBytes, type RdbHash, type RdbStream, takeSnapshot } from "../../src/persistence/rdb/index.js";
import { intsetOf } from "../../src/persistence/rdb/intset.js";
import { listpackOf, ListpackWriter } from "../../src/persistence/rdb/listpack.js";
import {
  call,
  checkRdb,
  dumpKeyspace,
  encodings,
  haveRedis,
  Ours,
  RdbBuilder,
  serverOn,
  type StreamSpec,
  tempDir,
  writeDump,
  writeStream,
  ziplistOf,
  zipmapOf,
} from "./rdb-support.js";

const FAR_MS = Date.now() + 86_400_000 * 100;
const FAR_S = Math.floor(FAR_MS / 1000);

const STREAM: StreamSpec = {
  nodes: [
    {
      ms: 1000,
      seq: 5,
      entries: [
        { ms: 1000, seq: 5, fields: ["a", "1", "b", "x"] },
        { ms: 1000, seq: 6, fields: ["a", "2", "b", "y"], deleted: true },
        { ms: 1001, seq: 0, fields: ["c", "3"] },
      ],
    },
    { ms: 2000, seq: 9, entries: [{ ms: 2000, seq: 9, fields: ["a", "4", "b", "z"] }, { ms: 2005, seq: 1, fields: ["a", "5", "b", "w"] }] },
  ],
  length: 4,
  lastId: [2005, 1],
  firstId: [1000, 5],
  maxDeleted: [1000, 6],
  entriesAdded: 5,
  groups: [
    {
      name: "g",
      lastId: [2000, 9],
      entriesRead: 4,
      pel: [
        { ms: 1000, seq: 5, time: 1_700_000_000_000, count: 2 },
        { ms: 2000, seq: 9, time: 1_700_000_000_500, count: 1 },
      ],
      consumers: [
        { name: "alice", seen: 1_700_000_000_000, active: 1_700_000_000_100, pending: [[1000, 5]] },
        { name: "bob", seen: 1_700_000_000_500, pending: [[2000, 9]] },
      ],
    },
  ],
};

function legacyFile(version: number): Uint8Array {
  const b = new RdbBuilder(version);
  if (version >= 7) b.aux("redis-ver", "3.2.0");
  b.select(0);
  b.key(0, "str", (w) => w.string("plain", false), version >= 3 ? { ms: FAR_MS } : { seconds: FAR_S });
  b.key(0, "old-expire", (w) => w.string("v", false), { seconds: FAR_S });
  b.key(1, "linked", (w) => {
    w.len(4);
    for (const s of ["a", "12", "-5", "x".repeat(100)]) w.string(s, false);
  });
  b.key(2, "plainset", (w) => {
    w.len(3);
    for (const s of ["1", "b", "300"]) w.string(s, false);
  });
  b.key(3, "textzset", (w) => {
    w.len(4);
    const scores: [string, number | string][] = [["a", "1.5"], ["b", 254], ["c", 255], ["d", "-3"]];
    for (const [m, sc] of scores) {
      w.string(m, false);
      if (typeof sc === "number") w.u8(sc);
      else {
        w.u8(sc.length);
        w.binary(sc);
      }
    }
  });
  b.key(4, "plainhash", (w) => {
    w.len(2);
    for (const s of ["f", "1", "g", "two"]) w.string(s, false);
  });
  b.key(9, "zipmap", (w) => w.blob(zipmapOf(["f1", "v1", "long", "L".repeat(300)]), false));
  b.key(10, "ziplist", (w) => w.blob(ziplistOf(["a", "0", "12", "-100", "1000", "-100000", "3000000000", "b".repeat(300)]), false));
  b.key(11, "intset", (w) => w.blob(intsetOf(["-5", "7", "100000"]), false));
  b.key(12, "zsetzl", (w) => w.blob(ziplistOf(["m3", "-7", "m1", "1", "m2", "2.5"]), false));
  b.key(13, "hashzl", (w) => w.blob(ziplistOf(["f1", "v1", "f2", "222", "f3", "c".repeat(100)]), false));
  b.key(14, "quicklist1", (w) => {
    w.len(3);
    w.blob(ziplistOf(["q1", "q2", "3"]), true);
    w.blob(ziplistOf([]), false);
    w.blob(ziplistOf(["q4", "5".repeat(30)]), false);
  });
  if (version >= 9) {
    b.key(15, "stream1", (w) => writeStream(w, 15, STREAM));
  }
  if (version >= 10) {
    b.key(16, "hashlp", (w) => w.blob(listpackOf(["f", "1", "g", "x"]), false));
    b.key(17, "zsetlp", (w) => w.blob(listpackOf(["m", "1", "n", "2.5", "o", "inf"]), false));
    b.key(19, "stream2", (w) => writeStream(w, 19, STREAM));
    b.key(18, "quicklist2", (w) => {
      w.len(2);
      w.len(2);
      w.blob(listpackOf(["p", "1"]), false);
      w.len(1);
      w.string("plain element", false);
    });
  }
  b.select(3);
  b.key(0, "in-db3", (w) => w.string("three", false));
  return b.finish();
}

describe.skipIf(!haveRedis())("pre-7.0 encodings: redis-server 7.0 and we load the same data", () => {
  for (const version of [1, 2, 3, 5, 6, 7, 8, 9, 10]) {
    it(`RDB version ${version}`, async () => {
      const file = legacyFile(version);
      const tmp = tempDir();
      try {
        writeDump(tmp.dir, file);
        const check = checkRdb(join(tmp.dir, "dump.rdb"));
        expect(check.ok, check.output).toBe(true);
        const ds = decodeRdb(file);
        expect(ds.version).toBe(version);
        expect(ds.emptyKeysSkipped).toBe(0);
        const o = await serverOn(tmp.dir);
        try {
          const theirs = await dumpKeyspace(o);
          // Our engine has no sorted sets or streams yet: compare those from the decoded data.
          const zsets = Object.keys(theirs).filter((k) => theirs[k]!.type === "zset" || theirs[k]!.type === "stream");
          for (const k of zsets) {
            const key = ds.dbs[0]!.keys.find((x) => `0/${x.key}` === k)!;
            if (key.value.type === "zset") {
              const z = key.value;
              const order = z.members.map((_, i) => i).sort((a, b) => z.scores[a]! - z.scores[b]!);
              const reply = theirs[k]!.content as string[];
              expect(order.map((i) => z.members[i])).toEqual(reply.filter((_, i) => i % 2 === 0));
              expect(order.map((i) => z.scores[i])).toEqual(reply.filter((_, i) => i % 2 === 1).map((x) => (x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x))));
            } else if (key.value.type === "stream") {
              expect(key.value.entries.map((e) => [e.id, e.fields])).toEqual(theirs[k]!.content);
            }
          }
          const supported = {
            ...ds,
            dbs: ds.dbs.map((d) => ({ ...d, keys: d.keys.filter((k) => k.value.type !== "zset" && k.value.type !== "stream") })),
          };
          const ours = new Ours();
          applyDataset(ours.engine, supported);
          const expected = Object.fromEntries(Object.entries(theirs).filter(([k]) => !zsets.includes(k)));
          expect(await dumpKeyspace(ours)).toEqual(expected);
          // Hashes and sets end in the same encodings (7.0 and 7.2 agree on those).
          const enc = await encodings(o);
          const mine = await encodings(ours);
          for (const k of ["0/plainhash", "0/zipmap", "0/hashzl", "0/intset", "0/hashlp"]) if (enc[k] !== undefined) expect(mine[k], k).toBe(enc[k]);
          ours.close();
        } finally {
          await o.close();
        }
      } finally {
        tmp.remove();
      }
    });
  }
});

describe("7.2 and 7.4 encodings", () => {
  it("a set listpack (type 20) loads as a set, kept compact within the thresholds", async () => {
    const file = new RdbBuilder(11).key(20, "s", (w) => w.blob(listpackOf(["a", "1", "bb"]), false)).finish();
    const ds = decodeRdb(file);
    expect(ds.dbs[0]!.keys[0]!.value).toEqual({ type: "set", rdbType: 20, members: ["a", "1", "bb"] });
    const ours = new Ours();
    applyDataset(ours.engine, ds);
    expect(((await call(ours, "SMEMBERS", "s")) as string[]).sort()).toEqual(["1", "a", "bb"]);
    expect(await call(ours, "OBJECT", "ENCODING", "s")).toBe("listpack");
    ours.close();
    const dup = new RdbBuilder(11).key(20, "s", (w) => w.blob(listpackOf(["a", "a"]), false)).finish();
    expect(() => decodeRdb(dup)).toThrow(/duplicate set member "a"/);
  });

  it("streams v1, v2 and v3 decode to the same data", () => {
    for (const type of [15, 19, 21]) {
      const ds = decodeRdb(new RdbBuilder(11).key(type, "st", (w) => writeStream(w, type, STREAM)).finish());
      const s = ds.dbs[0]!.keys[0]!.value as RdbStream;
      expect(s.entries).toEqual([
        { id: "1000-5", fields: ["a", "1", "b", "x"] },
        { id: "1001-0", fields: ["c", "3"] },
        { id: "2000-9", fields: ["a", "4", "b", "z"] },
        { id: "2005-1", fields: ["a", "5", "b", "w"] },
      ]);
      expect(s.lastId).toBe("2005-1");
      expect(s.firstId).toBe("1000-5");
      expect(s.maxDeletedId).toBe(type === 15 ? "0-0" : "1000-6");
      expect(s.entriesAdded).toBe(type === 15 ? 4n : 5n);
      const g = s.groups[0]!;
      expect(g.entriesRead).toBe(type === 15 ? -1n : 4n);
      expect(g.pel).toEqual([
        { id: "1000-5", deliveryTime: 1_700_000_000_000, deliveryCount: 2, consumer: "alice" },
        { id: "2000-9", deliveryTime: 1_700_000_000_500, deliveryCount: 1, consumer: "bob" },
      ]);
      expect(g.consumers[0]).toEqual({ name: "alice", seenTime: 1_700_000_000_000, activeTime: type === 21 ? 1_700_000_000_100 : 1_700_000_000_000, pending: ["1000-5"] });
    }
  });

  it("inconsistent streams are refused", () => {
    const bad = (mutate: (s: StreamSpec) => void) => {
      const s: StreamSpec = JSON.parse(JSON.stringify(STREAM));
      mutate(s);
      return () => decodeRdb(new RdbBuilder(11).key(21, "st", (w) => writeStream(w, 21, s)).finish());
    };
    expect(bad((s) => (s.length = 5))).toThrow(/stream length 5 differs/);
    expect(bad((s) => (s.lastId = [1, 0]))).toThrow(/last ID/);
    expect(bad((s) => s.groups[0]!.consumers[0]!.pending.push([9, 9]))).toThrow(/group's PEL lacks/);
    expect(bad((s) => (s.groups[0]!.consumers[1]!.pending = []))).toThrow(/has no consumer/);
    expect(bad((s) => s.groups.push({ ...s.groups[0]!, pel: [], consumers: [] }))).toThrow(/duplicated consumer group/);
    expect(bad((s) => s.nodes[1]!.entries.unshift({ ms: 1500, seq: 0, fields: ["a", "0", "b", "0"] }))).toThrow(/before its node's master ID/);
  });

  it("hashes with field TTLs: written as types 25/24 under RDB 12 and loaded back with every TTL", async () => {
    const at = Date.now() + 3_600_000;
    for (const entries of ["512", "0"]) {
      const ours = new Ours({ config: { "hash-max-listpack-entries": entries } });
      await call(ours, "HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4");
      await call(ours, "HPEXPIREAT", "h", String(at + 500), "FIELDS", "1", "c");
      await call(ours, "HPEXPIREAT", "h", String(at), "FIELDS", "2", "a", "d");
      await call(ours, "HSET", "plain", "x", "y");
      const file = encodeRdbToBytes(takeSnapshot(ours.engine));
      const ds = decodeRdb(file);
      expect(ds.version).toBe(12);
      const h = ds.dbs[0]!.keys.find((k) => k.key === "h")!.value as RdbHash;
      expect(h.rdbType).toBe(entries === "512" ? 25 : 24);
      const ttlOf = (f: string) => h.ttls![h.pairs.indexOf(f) / 2];
      expect([ttlOf("a"), ttlOf("b"), ttlOf("c"), ttlOf("d")]).toEqual([at, 0, at + 500, at]);
      const again = new Ours({ config: { "hash-max-listpack-entries": entries } });
      applyDataset(again.engine, ds);
      for (const t of [ours, again]) {
        expect(await call(t, "HPEXPIRETIME", "h", "FIELDS", "4", "a", "b", "c", "d")).toEqual([at, -1, at + 500, at]);
      }
      expect(await call(again, "OBJECT", "ENCODING", "h")).toBe(await call(ours, "OBJECT", "ENCODING", "h"));
      expect(await call(again, "HGETALL", "h")).toEqual(await call(ours, "HGETALL", "h"));
      ours.close();
      again.close();
    }
  });

  it("pre-GA field-TTL types 22/23 (absolute TTLs, no minimum) load too; bad TTL order is refused", () => {
    const at = 1_900_000_000_000;
    const lp = new ListpackWriter();
    for (const [f, v, t] of [["a", "1", at], ["b", "2", 0]] as const) {
      lp.addString(f);
      lp.addString(v);
      lp.addInt(t);
    }
    const file = new RdbBuilder(12)
      .key(23, "lpex", (w) => w.blob(lp.finish(), false))
      .key(22, "meta", (w) => {
        w.len(2);
        w.len(at);
        w.string("a", false);
        w.string("1", false);
        w.len(0);
        w.string("b", false);
        w.string("2", false);
      })
      .finish();
    const keys = decodeRdb(file).dbs[0]!.keys;
    for (const k of keys) expect(k.value).toMatchObject({ type: "hash", pairs: ["a", "1", "b", "2"], ttls: [at, 0] });
    const disorder = new ListpackWriter();
    for (const [f, t] of [["a", 0], ["b", at]] as const) {
      disorder.addString(f);
      disorder.addString("v");
      disorder.addInt(t);
    }
    const bad = new RdbBuilder(12).key(25, "x", (w) => {
      w.i64le(at);
      w.blob(disorder.finish(), false);
    }).finish();
    expect(() => decodeRdb(bad)).toThrow(/field TTLs are out of order/);
  });

  it.skipIf(!haveRedis())("an RDB 12 file is refused cleanly by 7.0 (at the header)", () => {
    const tmp = tempDir();
    try {
      writeDump(tmp.dir, new RdbBuilder(12).key(0, "k", (w) => w.string("v", false)).finish());
      const r = checkRdb(join(tmp.dir, "dump.rdb"));
      expect(r.ok).toBe(false);
      expect(r.output).toMatch(/version/i);
    } finally {
      tmp.remove();
    }
  });
});

/**
 * Interop, Redis → us: data sets built on a real redis-server 7.0 with each encoding forced by its
 * CONFIG thresholds are SAVEd there; the dump.rdb is decoded here (checking which type codes Redis
 * used), applied to our engine with the same thresholds, and every key's type, absolute TTL and
 * contents are compared with what the server reports, plus OBJECT ENCODING where 7.0 and 7.2 agree.
 * Sorted sets and streams, which the engine cannot hold yet, are compared at the decoded-data level.
 * Random contents come from a seeded generator (env SEED).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyDataset, decodeRdb, type RdbDataset, type RdbStream, type RdbZset } from "../../src/persistence/rdb/index.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { call, dumpKeyspace, encodings, haveRedis, type Oracle, Ours, readDump, serverOn, tempDir } from "./rdb-support.js";

const FAR = String(Date.now() + 86_400_000 * 365);

function randomString(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-200, 200)), 3],
    [() => String(rng.int(-2_000_000_000, 2_000_000_000)), 1],
    [() => rng.pick(["9223372036854775807", "-9223372036854775808", "-0", "01", "+1", " 1", "", "1.5"]), 1],
    [() => rng.string(rng.int(1, 12)), 4],
    [() => rng.string(rng.int(20, 90), "ab"), 1],
    [() => Buffer.from(rng.bytes(rng.int(1, 40))).toString("latin1"), 1],
  ])();
}

interface Scenario {
  name: string;
  /** CONFIG SET pairs for both sides. */
  config: Record<string, string>;
  /** Extra config for our side only (7.2-only parameters). */
  ours?: Record<string, string>;
  build(o: Oracle, rng: Rng): Promise<void>;
  /** Type codes the saved file must contain. */
  expectTypes: number[];
  /** Compare OBJECT ENCODING of these types. */
  compareEncodings?: string[];
}

async function fill(o: Oracle, rng: Rng, kinds: string[], count: number, sizes: [number, number]): Promise<void> {
  for (let k = 0; k < count; k++) {
    const kind = rng.pick(kinds);
    const key = `${kind}:${k}`;
    const n = rng.int(sizes[0], sizes[1]);
    const ints = rng.chance(0.4);
    const member = () => (ints ? String(rng.int(-100000, 100000)) : randomString(rng));
    if (kind === "string") await call(o, "SET", key, randomString(rng));
    else if (kind === "list") await call(o, rng.chance(0.5) ? "RPUSH" : "LPUSH", key, ...Array.from({ length: n }, member));
    else if (kind === "set") await call(o, "SADD", key, ...Array.from({ length: n }, member));
    else if (kind === "hash") {
      const args: string[] = [];
      for (let i = 0; i < n; i++) args.push(`f${i}:${randomString(rng)}`, member());
      await call(o, "HSET", key, ...args);
    }
    if (rng.chance(0.3)) await call(o, "PEXPIREAT", key, String(Number(FAR) + rng.int(0, 1e9)));
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: "strings: int, raw, LZF, binary, empty, TTLs, several dbs",
    config: { rdbcompression: "yes" },
    async build(o, rng) {
      const fixed = ["0", "-1", "127", "128", "-128", "-129", "32767", "32768", "-32769", "2147483647", "2147483648", "-2147483648",
        "-2147483649", "9223372036854775807", "-0", "007", "", "a".repeat(20), "a".repeat(21), "x".repeat(5000), "hello world"];
      for (const [i, v] of fixed.entries()) await call(o, "SET", `fixed:${i}`, v);
      await call(o, "SET", "\x00\xff\r\nbinary key", Buffer.from(rng.bytes(300)).toString("latin1"));
      for (let db = 0; db < 3; db++) {
        await call(o, "SELECT", String(db));
        await fill(o, rng, ["string"], 40, [1, 1]);
      }
      await call(o, "SELECT", "0");
      await call(o, "SET", "ttl:past-soon", "v", "PXAT", FAR);
    },
    expectTypes: [0],
  },
  {
    name: "strings without compression",
    config: { rdbcompression: "no" },
    async build(o, rng) {
      await call(o, "SET", "long", "z".repeat(10000));
      await fill(o, rng, ["string"], 30, [1, 1]);
    },
    expectTypes: [0],
  },
  {
    name: "small hashes and sets as listpack / intset",
    config: { "hash-max-listpack-entries": "512", "hash-max-listpack-value": "64", "set-max-intset-entries": "512" },
    ours: { "set-max-listpack-entries": "0" },
    async build(o, rng) {
      await fill(o, rng, ["hash", "set"], 40, [1, 30]);
      await call(o, "SADD", "intset16", "1", "2", "-3");
      await call(o, "SADD", "intset32", "1", "100000");
      await call(o, "SADD", "intset64", "1", "10000000000", "-9223372036854775808");
    },
    expectTypes: [16, 11],
    compareEncodings: ["hash", "set"],
  },
  {
    name: "hashtable hashes and sets",
    config: { "hash-max-listpack-entries": "0", "set-max-intset-entries": "0" },
    ours: { "set-max-listpack-entries": "0" },
    async build(o, rng) {
      await fill(o, rng, ["hash", "set"], 30, [1, 40]);
    },
    expectTypes: [4, 2],
    compareEncodings: ["hash", "set"],
  },
  {
    name: "hashes converted by value length, big hashes and sets",
    config: { "hash-max-listpack-entries": "16", "hash-max-listpack-value": "8", "set-max-intset-entries": "16" },
    ours: { "set-max-listpack-entries": "0" },
    async build(o, rng) {
      await fill(o, rng, ["hash", "set"], 30, [1, 40]);
      await call(o, "HSET", "longval", "f", "v".repeat(100));
      await call(o, "HSET", "short", "a", "1", "b", "2", "c", "-300");
      await call(o, "HSET", "many", ...Array.from({ length: 40 }, (_, i) => String(i)));
    },
    expectTypes: [4, 16, 2, 11],
    compareEncodings: ["hash", "set"],
  },
  {
    name: "lists: one node, many nodes by count and by size, plain nodes",
    config: { "list-max-listpack-size": "4" },
    async build(o, rng) {
      await fill(o, rng, ["list"], 30, [1, 40]);
      await call(o, "CONFIG", "SET", "list-max-listpack-size", "-1");
      await call(o, "RPUSH", "bysize", ...Array.from({ length: 300 }, (_, i) => `element-${i}-${"p".repeat(i % 50)}`));
      await call(o, "LPUSH", "lpushed", ...Array.from({ length: 200 }, (_, i) => String(i * 1000)));
      await call(o, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100");
      await call(o, "RPUSH", "plain", "small", "b".repeat(150), "small2", "c".repeat(1000));
      await call(o, "CONFIG", "SET", "list-max-listpack-size", "4");
    },
    expectTypes: [18],
  },
];

describe.skipIf(!haveRedis())("RDB written by redis-server 7.0, loaded here", () => {
  for (const sc of SCENARIOS) {
    it(sc.name, async () => {
      const rng = seededRng(sc.name);
      const tmp = tempDir();
      const o = await serverOn(tmp.dir, ["--enable-debug-command", "yes"]);
      try {
        for (const [k, v] of Object.entries(sc.config)) await call(o, "CONFIG", "SET", k, v);
        await sc.build(o, rng);
        await call(o, "SAVE");
        const file = readDump(tmp.dir);
        const ds = decodeRdb(file);
        expect(ds.version).toBe(10);
        expect(ds.aux.get("redis-ver")).toMatch(/^7\.0\./);
        const types = new Set(ds.dbs.flatMap((d) => d.keys.map((k) => k.value.rdbType)));
        for (const t of sc.expectTypes) expect(types, `type ${t} in the file`).toContain(t);

        const ours = new Ours({ config: { ...sc.config, ...sc.ours } });
        try {
          applyDataset(ours.engine, ds);
          expect(await dumpKeyspace(ours)).toEqual(await dumpKeyspace(o));
          if (sc.compareEncodings !== undefined) {
            const theirs = await encodings(o);
            const mine = await encodings(ours);
            for (const [key, enc] of Object.entries(theirs)) {
              if (sc.compareEncodings.includes(key.split("/")[1]!.split(":")[0]!)) expect(mine[key], key).toBe(enc);
            }
          }
        } finally {
          ours.close();
        }
      } finally {
        await o.close();
        tmp.remove();
      }
    });
  }
});

/** ZRANGE … WITHSCORES order from decoded data, scores as numbers. */
function zsetReply(z: RdbZset): (string | number)[] {
  const idx = z.members.map((_, i) => i);
  idx.sort((a, b) => z.scores[a]! - z.scores[b]! || (z.members[a]! < z.members[b]! ? -1 : z.members[a]! > z.members[b]! ? 1 : 0));
  return idx.flatMap((i) => [z.members[i]!, z.scores[i]!]);
}

/** A ZRANGE … WITHSCORES reply with its scores parsed (7.0 prints %.17g). */
function parsedScores(reply: string[]): (string | number)[] {
  return reply.map((x, i) => (i % 2 === 0 ? x : x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x)));
}

describe.skipIf(!haveRedis())("sorted sets and streams written by 7.0 decode to what the server reports", () => {
  let o: Oracle;
  let tmp: { dir: string; remove: () => void };
  let ds: RdbDataset;
  beforeAll(async () => {
    tmp = tempDir();
    o = await serverOn(tmp.dir);
    const rng = seededRng("zsets and streams");
    await call(o, "CONFIG", "SET", "zset-max-listpack-entries", "16");
    for (let k = 0; k < 20; k++) {
      const args: string[] = [];
      const n = rng.int(1, 40);
      for (let i = 0; i < n; i++) args.push(rng.pick(["1", "-2.5", "inf", "-inf", "0.1", "1e300", String(rng.int(-1e6, 1e6))]), `m${i}:${randomString(rng)}`);
      await call(o, "ZADD", `z:${k}`, ...args);
    }
    await call(o, "CONFIG", "SET", "stream-node-max-entries", "5");
    for (let s = 0; s < 4; s++) {
      const key = `s:${s}`;
      for (let i = 0; i < 30; i++) {
        const fields = rng.chance(0.5) ? ["a", String(i), "b", randomString(rng)] : ["c", randomString(rng)];
        await call(o, "XADD", key, `${1000 + i * 7}-${i % 3}`, ...fields);
      }
      await call(o, "XDEL", key, `${1000 + 7 * 3}-0`, `${1000 + 7 * 4}-1`);
      if (s % 2 === 0) {
        await call(o, "XGROUP", "CREATE", key, "g1", "0");
        await call(o, "XGROUP", "CREATE", key, "g2", "$");
        await call(o, "XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", key, ">");
        await call(o, "XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", key, ">");
        await call(o, "XGROUP", "CREATECONSUMER", key, "g2", "carol");
      }
    }
    await call(o, "SAVE");
    ds = decodeRdb(readDump(tmp.dir));
  });
  afterAll(async () => {
    await o?.close();
    tmp?.remove();
  });

  it("zsets (listpack and skiplist)", async () => {
    const zsets = ds.dbs[0]!.keys.filter((k) => k.value.type === "zset");
    expect(zsets.length).toBe(20);
    expect(new Set(zsets.map((k) => k.value.rdbType))).toEqual(new Set([17, 5]));
    for (const k of zsets) expect(zsetReply(k.value as RdbZset), k.key).toEqual(parsedScores((await call(o, "ZRANGE", k.key, "0", "-1", "WITHSCORES")) as string[]));
  });

  it("streams: entries, metadata, groups, PELs and consumers", async () => {
    const streams = ds.dbs[0]!.keys.filter((k) => k.value.type === "stream");
    expect(streams.length).toBe(4);
    for (const k of streams) {
      const s = k.value as RdbStream;
      expect(s.rdbType).toBe(19);
      const range = (await call(o, "XRANGE", k.key, "-", "+")) as [string, string[]][];
      expect(s.entries.map((e) => [e.id, e.fields])).toEqual(range);
      const info = (await call(o, "XINFO", "STREAM", k.key)) as unknown[];
      const field = (name: string) => info[info.indexOf(name) + 1];
      expect(s.length).toBe(field("length"));
      expect(s.lastId).toBe(field("last-generated-id"));
      expect(s.maxDeletedId).toBe(field("max-deleted-entry-id"));
      expect(String(s.entriesAdded)).toBe(String(field("entries-added")));
      const groups = (await call(o, "XINFO", "GROUPS", k.key)) as unknown[][];
      expect(s.groups.map((g) => g.name)).toEqual(groups.map((g) => g[1]));
      for (const g of s.groups) {
        const pending = (await call(o, "XPENDING", k.key, g.name, "-", "+", "100")) as [string, string, number, number][];
        expect(g.pel.map((n) => [n.id, n.consumer, n.deliveryCount])).toEqual(pending.map((p) => [p[0], p[1], p[3]]));
        const consumers = (await call(o, "XINFO", "CONSUMERS", k.key, g.name)) as unknown[][];
        expect(g.consumers.map((c) => c.name).sort()).toEqual(consumers.map((c) => c[1]).sort());
        const info = groups.find((x) => x[1] === g.name)!;
        expect(g.lastId).toBe(info[info.indexOf("last-delivered-id") + 1]);
      }
    }
  });
});

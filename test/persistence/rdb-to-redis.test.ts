/**
 * Interop, us → Redis: data sets built in our engine (every type it holds, each encoding forced by
 * thresholds, TTLs, several databases, binary keys and values) are snapshotted and encoded here in
 * every option combination (compression, checksum, tiny chunks); the file must pass redis-check-rdb,
 * and a redis-server 7.0 started on it must serve exactly the same keys, TTLs and contents. Our own
 * decoder must read it back to the same data too. Random contents: seeded (env SEED).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { applyDataset, decodeRdb, encodeRdb, encodeRdbToBytes, takeSnapshot } from "../../src/persistence/rdb/index.js";
import { ListValue, listNodeShape } from "../../src/types/list/list-value.js";
import { SetValue } from "../../src/types/set/set-value.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { call, checkRdb, dumpKeyspace, encodings, haveRedis, Ours, serverOn, tempDir, writeDump } from "./rdb-support.js";

const FAR = Date.now() + 86_400_000 * 365;

function value(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-300, 300)), 3],
    [() => String(rng.int(-3_000_000_000, 3_000_000_000)), 1],
    [() => rng.pick(["9223372036854775807", "-9223372036854775808", "-0", "01", "", "3.14"]), 1],
    [() => rng.string(rng.int(1, 10)), 4],
    [() => rng.string(rng.int(21, 200), "abc"), 1],
    [() => Buffer.from(rng.bytes(rng.int(1, 30))).toString("latin1"), 1],
  ])();
}

async function build(ours: Ours, rng: Rng, keys: number): Promise<void> {
  for (let db = 0; db < 3; db++) {
    await call(ours, "SELECT", String(db));
    for (let k = 0; k < keys; k++) {
      const kind = rng.pick(["string", "list", "set", "hash", "intset"]);
      const key = rng.chance(0.1) ? `\x00bin\xff${k}` : `${kind}:${k}`;
      const n = rng.weighted<number>([[rng.int(1, 5), 3], [rng.int(6, 60), 2], [rng.int(100, 700), 1]]);
      if (kind === "string") await call(ours, "SET", key, value(rng));
      else if (kind === "list") await call(ours, rng.chance(0.5) ? "RPUSH" : "LPUSH", key, ...Array.from({ length: n }, () => value(rng)));
      else if (kind === "set") await call(ours, "SADD", key, ...Array.from({ length: n }, () => value(rng)));
      else if (kind === "intset") await call(ours, "SADD", key, ...Array.from({ length: n }, () => String(rng.int(-1e12, 1e12))));
      else {
        const args: string[] = [];
        for (let i = 0; i < n; i++) args.push(`f${i}`, value(rng));
        await call(ours, "HSET", key, ...args);
      }
      if (rng.chance(0.3)) await call(ours, "PEXPIREAT", key, String(FAR + rng.int(0, 1e9)));
    }
  }
  await call(ours, "SELECT", "0");
  await call(ours, "SET", "big", "q".repeat(100_000));
  await call(ours, "RPUSH", "biglist", ...Array.from({ length: 3000 }, (_, i) => `item-${i}`));
}

const VARIANTS = [
  { name: "default thresholds, compression and checksum", config: {}, options: {} },
  { name: "no compression, no checksum", config: {}, options: { compression: false, checksum: false } },
  {
    name: "compact encodings everywhere, 100-byte chunks",
    config: { "hash-max-listpack-entries": "1000", "hash-max-listpack-value": "300", "set-max-listpack-entries": "1000", "set-max-listpack-value": "300", "list-max-listpack-size": "-5" },
    options: { chunkSize: 100 },
  },
  {
    name: "indexed encodings everywhere",
    config: { "hash-max-listpack-entries": "0", "set-max-listpack-entries": "0", "set-max-intset-entries": "0", "list-max-listpack-size": "1" },
    options: { aofBase: true },
  },
];

describe.skipIf(!haveRedis())("RDB written here, loaded by redis-server 7.0", () => {
  for (const v of VARIANTS) {
    it(v.name, async () => {
      const rng = seededRng(v.name);
      const ours = new Ours({ config: v.config });
      const tmp = tempDir();
      try {
        await build(ours, rng, 60);
        const snapshot = takeSnapshot(ours.engine);
        const chunks = [...encodeRdb(snapshot, v.options)];
        if (v.options.chunkSize !== undefined) expect(chunks.length).toBeGreaterThan(10);
        const bytes = encodeRdbToBytes(snapshot, v.options);
        expect(Buffer.concat(chunks)).toEqual(Buffer.from(bytes));
        writeDump(tmp.dir, bytes);
        const check = checkRdb(join(tmp.dir, "dump.rdb"));
        expect(check.ok, check.output).toBe(true);

        const expected = await dumpKeyspace(ours);
        const o = await serverOn(tmp.dir);
        try {
          expect(await dumpKeyspace(o)).toEqual(expected);
        } finally {
          await o.close();
        }
        // And back through our own decoder into a fresh engine.
        const ds = decodeRdb(bytes);
        expect(ds.aux.get("aof-base")).toBe(v.options.aofBase === true ? "1" : "0");
        const again = new Ours({ config: v.config });
        applyDataset(again.engine, ds);
        expect(await dumpKeyspace(again)).toEqual(expected);
        // Reloaded here, every value comes back in the encoding it had, quicklist node layouts
        // included, but for two cases where Redis itself changes it: a listpack list the size
        // estimate let grow past its node limit reloads as a quicklist (listTypeTryConversion), and
        // a listpack set, written as a plain set for 7.0, reloads as Redis loads a plain set: a
        // hashtable past set-max-intset-entries members, an intset when all members are integers.
        const before = await encodings(ours);
        const after = await encodings(again);
        for (const [k, enc] of Object.entries(before)) {
          const [db, key] = [Number(k.split("/")[0]), k.slice(k.indexOf("/") + 1)];
          const v = ours.engine.db(db).peek(key)!.value;
          if (v instanceof ListValue && v.ql === undefined && v.lpBytes > 8192) continue;
          const intsetMax = Number(ours.engine.config.get("set-max-intset-entries"));
          if (v instanceof SetValue && enc === "listpack" && (v.size > intsetMax || v.members().every((m) => /^-?[0-9]+$/.test(m)))) continue;
          expect(after[k], k).toBe(enc);
          if (v instanceof ListValue) {
            const w = again.engine.db(db).peek(key)!.value as ListValue;
            expect(listNodeShape(w).counts, k).toEqual(listNodeShape(v).counts);
          }
        }
        again.close();
      } finally {
        ours.close();
        tmp.remove();
      }
    });
  }

  it("LRU idle times and LFU counters travel with the keys", async () => {
    for (const policy of ["allkeys-lru", "allkeys-lfu"]) {
      const ours = new Ours({ config: { "maxmemory-policy": policy } });
      const tmp = tempDir();
      try {
        for (let i = 0; i < 20; i++) await call(ours, "SET", `k${i}`, "v");
        const field = policy === "allkeys-lru" ? "IDLETIME" : "FREQ";
        const payloads: Record<string, string> = {};
        for (let i = 0; i < 20; i++) {
          // Give each key a distinct access record through RESTORE's IDLETIME/FREQ.
          payloads[`k${i}`] = (await call(ours, "DUMP", `k${i}`)) as string;
          await call(ours, "RESTORE", `k${i}`, "0", payloads[`k${i}`]!, "REPLACE", field, String(i * 10));
        }
        const bytes = encodeRdbToBytes(takeSnapshot(ours.engine));
        writeDump(tmp.dir, bytes);
        const o = await serverOn(tmp.dir, ["--maxmemory-policy", policy]);
        try {
          for (let i = 0; i < 20; i++) {
            const theirs = (await call(o, "OBJECT", field, `k${i}`)) as number;
            const mine = (await call(ours, "OBJECT", field, `k${i}`)) as number;
            expect(Math.abs(theirs - i * 10), `${policy} k${i}`).toBeLessThanOrEqual(2);
            expect(Math.abs(mine - i * 10), `${policy} k${i} here`).toBeLessThanOrEqual(2);
          }
        } finally {
          await o.close();
        }
      } finally {
        ours.close();
        tmp.remove();
      }
    }
  });
});

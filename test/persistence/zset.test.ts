/**
 * Sorted sets through persistence, against a real redis-server 7.0 where one is installed:
 *  - DUMP payloads cross both ways (7.0's DUMP RESTOREd here, ours RESTOREd there) for listpack and
 *    skiplist sets with integer, fractional, ±inf and -0 scores and binary members, keeping contents
 *    and encodings; where both sides store the same bytes (integer scores), the payloads are equal;
 *  - an RDB file saved by 7.0 loads here, ours passes redis-check-rdb and loads there;
 *  - Redis's load-time encoding rules (a listpack blob stays one up to the entry limit, whatever its
 *    member lengths; a plain set converts when it fits both limits; -0 survives only in a skiplist);
 *  - the command-form AOF base rebuilds every sorted set as ZADD batches of 64 pairs.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRespBase } from "../../src/persistence/aof/resp-base.js";
import { parseAofFile } from "../../src/persistence/aof/records.js";
import { RDB_TYPE_ZSET, RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK } from "../../src/persistence/rdb/constants.js";
import { applyDataset, createDumpPayload, decodeRdb, encodeRdbToBytes, parseDumpPayload, takeSnapshot } from "../../src/persistence/rdb/index.js";
import { listpackOf } from "../../src/persistence/rdb/listpack.js";
import { bothWithData, call, checkRdb, dumpKeyspace, encodings, haveRedis, type Oracle, Ours, RdbBuilder, readDump, serverOn, tempDir, writeDump } from "./rdb-support.js";

const BIN = "\x00\xff\r\n\x01";

/** Commands that build the same sorted sets on both sides (default thresholds 128 / 64). */
function setup(): string[][] {
  const big: string[] = [];
  for (let i = 0; i < 300; i++) big.push(String(i % 3 === 0 ? i / 8 : i), `member:${i}`);
  return [
    ["ZADD", "z:int", "1", "a", "2", "b", "-3", "c", "70000", "d", "4611686018427387904", "e", "-9007199254740993", "f"],
    ["ZADD", "z:frac", "0.1", "a", "1.5", "b", "-2.25", "c", "1e-7", "d", "3.14159", "e", "1e20", "f"],
    ["ZADD", "z:inf", "inf", "a", "-inf", "b", "0", "c", "-0", "d"],
    ["ZADD", "z:bin", "1", BIN, "2", "", "3", "12345", "4", "-1"],
    ["ZADD", "z:long", "1", "x".repeat(65), "2", "y"],
    ["ZADD", "z:big", ...big],
    ["ZADD", "z:ttl", "1", "a"],
    ["PEXPIREAT", "z:ttl", String(Date.now() + 86_400_000)],
    ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
    ["ZADD", "z:slint", "1", "a", "2", "b", "3", "c"],
    ["ZADD", "z:slneg0", "-0", "a", "0.5", "b", "inf", "c"],
    ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
  ];
}
const KEYS = ["z:int", "z:frac", "z:inf", "z:bin", "z:long", "z:big", "z:ttl", "z:slint", "z:slneg0"];
/** Same representation on both sides, short members (no LZF): DUMP must give the same bytes. */
const SAME_BYTES = ["z:int", "z:slint", "z:bin"];

/** ZRANGE … WITHSCORES with scores as numbers (7.0 prints "%.17g", 7.2 the shortest digits). */
async function zrange(t: Oracle | Ours, key: string): Promise<(string | number)[]> {
  const r = (await call(t, "ZRANGE", key, "0", "-1", "WITHSCORES")) as string[];
  return r.map((x, i) => (i % 2 === 0 ? x : x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x)));
}

describe.skipIf(!haveRedis())("sorted sets through DUMP/RESTORE and RDB files vs redis-server 7.0", () => {
  let o: Oracle;
  let ours: Ours;
  let oracleDir: string;
  bothWithData(setup, (both) => ({ o, ours, dir: oracleDir } = both));

  it("both sides hold the same sets in the same encodings", async () => {
    for (const k of KEYS) {
      expect(await zrange(ours, k), k).toEqual(await zrange(o, k));
      expect(await call(ours, "OBJECT", "ENCODING", k), k).toBe(await call(o, "OBJECT", "ENCODING", k));
    }
    expect(await call(ours, "ZSCORE", "z:slneg0", "a")).toBe("-0");
    expect(await call(ours, "ZSCORE", "z:inf", "d")).toBe("0");
  });

  it("payloads are byte-identical where the representation is", async () => {
    for (const k of SAME_BYTES) expect(await call(ours, "DUMP", k), k).toBe(await call(o, "DUMP", k));
  });

  it("our payloads RESTORE on Redis and Redis's here, with contents and encodings kept", async () => {
    for (const k of KEYS) {
      const mine = (await call(ours, "DUMP", k)) as string;
      const theirs = (await call(o, "DUMP", k)) as string;
      expect(await call(o, "RESTORE", `from-ours:${k}`, "0", mine), k).toBe("OK");
      expect(await call(ours, "RESTORE", `from-redis:${k}`, "0", theirs), k).toBe("OK");
      // Reloaded small sets are listpacks, which store a -0 score as 0.
      const expected = (await zrange(o, k)).map((x) => (x === 0 ? 0 : x));
      expect(await zrange(o, `from-ours:${k}`), k).toEqual(expected);
      expect(await zrange(ours, `from-redis:${k}`), k).toEqual(expected);
      // Loading re-encodes by the loader's limits: a small skiplist comes back as a listpack.
      const enc = await call(o, "OBJECT", "ENCODING", `from-ours:${k}`);
      expect(await call(ours, "OBJECT", "ENCODING", `from-redis:${k}`), k).toBe(enc);
    }
    // -0 crosses as a binary double, then the small set becomes a listpack, which stores 0.
    expect(await call(o, "ZSCORE", "from-ours:z:slneg0", "a")).toBe("0");
    expect(await call(ours, "ZSCORE", "from-redis:z:slneg0", "a")).toBe("0");
  });

  it("an RDB saved by Redis loads here; ours passes redis-check-rdb and loads there", async () => {
    await call(o, "SAVE");
    const theirBytes = readDump(oracleDir);
    const ds = decodeRdb(theirBytes);
    const types = new Set(ds.dbs[0]!.keys.filter((k) => k.value.type === "zset").map((k) => k.value.rdbType));
    expect(types).toEqual(new Set([RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_2]));
    const loaded = new Ours();
    applyDataset(loaded.engine, ds);
    // Redis reloading its own file applies the same load rules (a small skiplist becomes a listpack).
    expect(await call(o, "DEBUG", "RELOAD")).toBe("OK");
    const theirs = await dumpKeyspace(o);
    // Scores as numbers: 7.0 prints "%.17g", 7.2 the shortest digits of the same double.
    const norm = (d: Record<string, { type: string; content: unknown }>) => {
      for (const v of Object.values(d)) {
        if (v.type === "zset") v.content = (v.content as string[]).map((x, i) => (i % 2 === 0 ? x : Number(x.replace("inf", "Infinity"))));
      }
      return d;
    };
    expect(norm(await dumpKeyspace(loaded))).toEqual(norm(theirs));
    expect(await encodings(loaded)).toEqual(await encodings(o));
    loaded.close();

    const mine = encodeRdbToBytes(takeSnapshot(ours.engine));
    const dir = tempDir();
    try {
      writeDump(dir.dir, mine);
      const check = checkRdb(join(dir.dir, "dump.rdb"));
      expect(check.ok, check.output).toBe(true);
      // Redis and our own decoder load the file alike (the same load-time encodings).
      const back = new Ours();
      applyDataset(back.engine, decodeRdb(mine));
      const other = await serverOn(dir.dir);
      try {
        expect(norm(await dumpKeyspace(other))).toEqual(norm(await dumpKeyspace(back)));
        expect(await encodings(other)).toEqual(await encodings(back));
      } finally {
        await other.close();
        back.close();
      }
    } finally {
      dir.remove();
    }
  });
});

describe("sorted sets in RDB and AOF forms (no server)", () => {
  it("load-time encodings follow rdbLoadObject", async () => {
    const file = new RdbBuilder(10)
      // A listpack blob with a 70-byte member: stays a listpack (only the entry count is checked).
      .key(RDB_TYPE_ZSET_LISTPACK, "lp-long", (w) => w.blob(listpackOf(["a", "1", "x".repeat(70), "2"]), false))
      // A listpack blob with more entries than the limit (4 here): a skiplist.
      .key(RDB_TYPE_ZSET_LISTPACK, "lp-many", (w) => w.blob(listpackOf(["a", "1", "b", "2", "c", "3", "d", "4", "e", "5"]), false))
      // Plain sets: converted to a listpack when both limits allow.
      .key(RDB_TYPE_ZSET_2, "plain-small", (w) => {
        w.len(2);
        w.string("b", false);
        w.f64le(2);
        w.string("a", false);
        w.f64le(-0);
      })
      .key(RDB_TYPE_ZSET_2, "plain-long", (w) => {
        w.len(1);
        w.string("y".repeat(70), false);
        w.f64le(-0);
      })
      .key(RDB_TYPE_ZSET, "text-scores", (w) => {
        w.len(2);
        // rdbSaveDoubleValue: a length byte and the text, or 254 for +inf.
        w.string("m", false);
        w.u8(3);
        w.binary("1.5");
        w.string("n", false);
        w.u8(254);
      })
      .finish();
    const ours = new Ours({ config: { "zset-max-listpack-entries": "4" } });
    applyDataset(ours.engine, decodeRdb(file));
    expect(await call(ours, "OBJECT", "ENCODING", "lp-long")).toBe("listpack");
    expect(await call(ours, "OBJECT", "ENCODING", "lp-many")).toBe("skiplist");
    expect(await call(ours, "OBJECT", "ENCODING", "plain-small")).toBe("listpack");
    expect(await call(ours, "OBJECT", "ENCODING", "plain-long")).toBe("skiplist");
    expect(await call(ours, "ZRANGE", "plain-small", "0", "-1", "WITHSCORES")).toEqual(["a", "0", "b", "2"]);
    expect(await call(ours, "ZSCORE", "plain-long", "y".repeat(70))).toBe("-0");
    expect(await call(ours, "ZRANGE", "text-scores", "0", "-1", "WITHSCORES")).toEqual(["m", "1.5", "n", "inf"]);
    expect(await call(ours, "ZRANGE", "lp-many", "0", "-1")).toEqual(["a", "b", "c", "d", "e"]);
    ours.close();
  });

  it("DUMP / RESTORE round-trips every encoding, and the payload is the one Redis writes", async () => {
    const ours = new Ours();
    for (const c of setup()) await call(ours, ...c);
    // What each key reloads as under the default limits: small skiplists become listpacks.
    const reloaded: Record<string, string> = { "z:long": "skiplist", "z:big": "skiplist" };
    for (const k of KEYS) {
      // A listpack stores a -0 score as 0.
      const before = (await zrange(ours, k)).map((x) => (x === 0 ? 0 : x));
      const payload = (await call(ours, "DUMP", k)) as string;
      const parsed = parseDumpPayload(Buffer.from(payload, "latin1"));
      const enc = await call(ours, "OBJECT", "ENCODING", k);
      expect(parsed.rdbType, k).toBe(enc === "listpack" ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2);
      expect(await call(ours, "RESTORE", `copy:${k}`, "0", payload)).toBe("OK");
      expect(await zrange(ours, `copy:${k}`), k).toEqual(before);
      expect(await call(ours, "OBJECT", "ENCODING", `copy:${k}`), k).toBe(reloaded[k] ?? "listpack");
    }
    // The listpack stores integral scores as integers and others as d2string text.
    const v = ours.engine.db(0).peek("z:frac")!.value;
    const p = createDumpPayload(v, false);
    const text = Buffer.from(p).toString("latin1");
    for (const s of ["0.1", "1.5", "-2.25", "1e-7", "3.14159", "1e+20"]) expect(text, s).toContain(s);
    ours.close();
  });

  it("the command-form AOF base rebuilds sorted sets with ZADD batches of 64 pairs", async () => {
    const ours = new Ours();
    for (const c of setup()) await call(ours, ...c);
    const chunks = [...encodeRespBase(takeSnapshot(ours.engine))];
    const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c)));
    const { commands } = parseAofFile("base", new Uint8Array(bytes));
    const zadds = commands.filter((c) => c[0] === "ZADD");
    const bigs = zadds.filter((c) => c[1] === "z:big");
    expect(bigs.map((c) => (c.length - 2) / 2)).toEqual([64, 64, 64, 64, 44]);
    const frac = zadds.find((c) => c[1] === "z:frac")!;
    expect(frac).toContain("0.10000000000000001");
    // Replayed where every sorted set is a skiplist, so a -0 score is kept as written.
    const again = new Ours({ config: { "zset-max-listpack-entries": "0" } });
    for (const c of commands) await call(again, ...c);
    for (const k of KEYS) expect(await zrange(again, k), k).toEqual(await zrange(ours, k));
    expect(await call(again, "ZSCORE", "z:slneg0", "a")).toBe("-0");
    again.close();
    ours.close();
  });
});

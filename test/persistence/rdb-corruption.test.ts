/**
 * Corruption and truncation: an RDB file (and a DUMP payload) with a bit flipped at each offset, or
 * cut at each offset, must be refused with an RdbError (never another exception, never loaded
 * silently). With the checksum on, every flip is caught (by the parser or by the CRC); with it off,
 * whatever redis-check-rdb refuses we refuse too, and nothing crashes the decoder. A refused dataset
 * never changes the engine.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  applyDataset,
  createDumpPayload,
  decodeRdb,
  DumpPayloadError,
  encodeRdbToBytes,
  parseDumpPayload,
  RdbError,
  takeSnapshot,
} from "../../src/persistence/rdb/index.js";
import { listpackOf } from "../../src/persistence/rdb/listpack.js";
import { seededRng } from "../support/seeded.js";
import { call, checkRdb, dumpKeyspace, haveRedis, Ours, RdbBuilder, tempDir, writeDump, writeStream, ziplistOf } from "./rdb-support.js";

async function richEngine(): Promise<Ours> {
  const ours = new Ours({ config: { "list-max-listpack-size": "4" } });
  await call(ours, "SET", "int", "123456");
  await call(ours, "SET", "lzf", "abcdefgh".repeat(30));
  await call(ours, "SET", "raw", "hello");
  await call(ours, "RPUSH", "list", ...Array.from({ length: 10 }, (_, i) => `e${i}`), "1", "-70000");
  await call(ours, "SADD", "intset", "1", "2", "30000", "-5");
  await call(ours, "SADD", "set", "a", "b", "c");
  await call(ours, "HSET", "hash", "f1", "v1", "f2", "22");
  await call(ours, "HSET", "ttlhash", "a", "1", "b", "2");
  await call(ours, "HPEXPIREAT", "ttlhash", String(Date.now() + 1e9), "FIELDS", "1", "a");
  await call(ours, "SET", "ttl", "v", "PXAT", String(Date.now() + 1e9));
  await call(ours, "SELECT", "2");
  await call(ours, "SET", "db2", "x");
  await call(ours, "SELECT", "0");
  return ours;
}

function legacyFile(checksum: boolean): Uint8Array {
  return new RdbBuilder(10)
    .aux("redis-ver", "7.0.15")
    .key(10, "zl", (w) => w.blob(ziplistOf(["a", "1", "300", "b".repeat(70)]), false))
    .key(13, "hzl", (w) => w.blob(ziplistOf(["f", "v", "g", "12"]), false))
    .key(17, "zlp", (w) => w.blob(listpackOf(["m", "1", "n", "2"]), false))
    .key(5, "z2", (w) => {
      w.len(1);
      w.string("m", false);
      w.f64le(1.5);
    })
    .key(19, "st", (w) =>
      writeStream(w, 19, {
        nodes: [{ ms: 5, seq: 0, entries: [{ ms: 5, seq: 0, fields: ["f", "v"] }, { ms: 6, seq: 1, fields: ["f", "w"] }] }],
        length: 2,
        lastId: [6, 1],
        firstId: [5, 0],
        maxDeleted: [0, 0],
        entriesAdded: 2,
        groups: [{ name: "g", lastId: [6, 1], entriesRead: 2, pel: [{ ms: 5, seq: 0, time: 7, count: 1 }], consumers: [{ name: "c", seen: 7, pending: [[5, 0]] }] }],
      }),
    )
    .finish(checksum);
}

/** Decodes, and asserts that any failure is an RdbError. Returns true when the bytes were refused. */
function refused(bytes: Uint8Array): boolean {
  try {
    decodeRdb(bytes);
    return false;
  } catch (e) {
    if (!(e instanceof RdbError)) throw new Error(`non-RdbError: ${(e as Error).stack}`);
    expect(e.message.length).toBeGreaterThan(10);
    return true;
  }
}

describe("corrupted RDB files are refused", () => {
  it("every single-bit flip is detected when the checksum is on", async () => {
    const ours = await richEngine();
    const files = [encodeRdbToBytes(takeSnapshot(ours.engine)), legacyFile(true)];
    ours.close();
    const rng = seededRng("flips");
    for (const file of files) {
      expect(refused(file)).toBe(false);
      for (let at = 0; at < file.length; at++) {
        const bad = file.slice();
        bad[at] = bad[at]! ^ (1 << rng.int(0, 7));
        expect(refused(bad), `flip at ${at}`).toBe(true);
      }
    }
  });

  it("every truncation is detected, as truncation past the header", async () => {
    const ours = await richEngine();
    const files = [encodeRdbToBytes(takeSnapshot(ours.engine)), legacyFile(true), legacyFile(false)];
    ours.close();
    for (const file of files) {
      for (let len = 0; len < file.length; len++) {
        let err: unknown;
        try {
          decodeRdb(file.subarray(0, len));
        } catch (e) {
          err = e;
        }
        expect(err, `cut at ${len}`).toBeInstanceOf(RdbError);
        if (len >= 9) expect((err as RdbError).kind, `cut at ${len}: ${(err as Error).message}`).toBe("truncated");
      }
    }
  });

  it("bytes after the checksum are refused unless allowed (AOF preamble)", () => {
    const file = legacyFile(true);
    const withTail = new Uint8Array([...file, 0x2a, 0x31]);
    expect(() => decodeRdb(withTail)).toThrow(/2 unexpected bytes after the end/);
    expect(decodeRdb(withTail, { allowTrailingBytes: true }).byteLength).toBe(file.length);
  });

  it("garbage never crashes the decoder", () => {
    const rng = seededRng("garbage");
    const file = legacyFile(false);
    for (let t = 0; t < 3000; t++) {
      const bad = file.slice();
      const flips = rng.int(1, 6);
      for (let k = 0; k < flips; k++) bad[rng.int(9, bad.length - 1)] = rng.int(0, 255);
      refused(bad);
      const junk = new Uint8Array([...Buffer.from("REDIS0010"), ...rng.bytes(rng.int(0, 80))]);
      refused(junk);
    }
  });

  it.skipIf(!haveRedis())("without a checksum, what redis-check-rdb refuses we refuse too", async () => {
    const rng = seededRng("check-rdb");
    const file = legacyFile(false);
    const tmp = tempDir();
    let redisRefused = 0;
    try {
      for (let t = 0; t < 60; t++) {
        const bad = file.slice();
        bad[rng.int(9, bad.length - 10)] = rng.int(0, 255);
        writeDump(tmp.dir, bad);
        if (!checkRdb(join(tmp.dir, "dump.rdb")).ok) {
          redisRefused++;
          expect(refused(bad), `case ${t}`).toBe(true);
        }
      }
    } finally {
      tmp.remove();
    }
    expect(redisRefused).toBeGreaterThan(5);
  });

  it("DUMP payloads with any byte flipped are refused", () => {
    for (const v of ["hello", "x".repeat(100), "12"]) {
      const p = createDumpPayload(v);
      for (let at = 0; at < p.length; at++) {
        const bad = p.slice();
        bad[at] = bad[at]! ^ 0x10;
        expect(() => parseDumpPayload(bad), `flip at ${at}`).toThrow(DumpPayloadError);
      }
      for (let len = 0; len < p.length; len++) expect(() => parseDumpPayload(p.subarray(0, len))).toThrow(DumpPayloadError);
    }
  });
});

describe("a refused dataset leaves the engine untouched", () => {
  it("unsupported types, databases beyond the configuration, functions", async () => {
    const ours = await richEngine();
    const before = await dumpKeyspace(ours);
    // A module value (type 7: module id, then the EOF opcode) after a supported key.
    const withModule = decodeRdb(
      new RdbBuilder(10)
        .key(0, "plain", (w) => w.string("v", false))
        .key(7, "mod", (w) => {
          w.len(12345n << 10n);
          w.len(0);
        })
        .finish(),
    );
    expect(() => applyDataset(ours.engine, withModule)).toThrow(/module values \(module type '.*'\) are not supported/);
    const farDb = decodeRdb(new RdbBuilder(10).select(40).key(0, "k", (w) => w.string("v", false)).finish());
    expect(() => applyDataset(ours.engine, farDb)).toThrow(/db 40, but the engine has 16 databases/);
    const fn = decodeRdb(new RdbBuilder(10).finish());
    fn.functions.push("#!lua name=lib\nredis.register_function('f', function() return 1 end)");
    expect(() => applyDataset(ours.engine, fn)).toThrow(/functions are not supported yet/);
    expect(await dumpKeyspace(ours)).toEqual(before);
    ours.close();
  });

  it("MODULE_AUX is refused at decoding, a duplicate key at decoding (on request) or applying", () => {
    const aux = new RdbBuilder(10);
    aux.w.u8(247);
    aux.w.len(12345n << 10n);
    expect(() => decodeRdb(aux.finish())).toThrow(/auxiliary data of module/);
    const dup = new RdbBuilder(10).key(0, "k", (w) => w.string("a", false)).key(0, "k", (w) => w.string("b", false)).finish();
    expect(() => decodeRdb(dup, { checkDuplicates: true })).toThrow(/duplicated key "k" in db 0/);
    const ours = new Ours();
    expect(() => applyDataset(ours.engine, decodeRdb(dup))).toThrow(/holds key "k" twice in db 0/);
    ours.close();
  });
});

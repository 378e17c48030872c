/**
 * encodeRdb: serializes a snapshot into a complete RDB file, yielded in chunks so that BGSAVE can
 * interleave serialization with other work (the snapshot is already a consistent copy).
 *
 * Layout (rdbSaveRio): "REDIS0010", AUX redis-ver / redis-bits / ctime / used-mem / aof-base,
 * FUNCTION2 per library, then per non-empty db SELECTDB, RESIZEDB and the keys (EXPIRETIME_MS,
 * IDLE or FREQ when the policy wants them, type, key, value), EOF, and the CRC-64 of everything
 * before it (or 0 with checksums off, which loaders treat as "not checked").
 *
 * The header says 10 (Redis 7.0's version, loadable by every Redis since) unless some hash has
 * fields with TTLs, which need 7.4's types: then it says 12 (11 when only a stream needs 7.2's type).
 */
import { REDIS_VERSION } from "../../engine/version.js";
import {
  RDB_OPCODE_AUX,
  RDB_OPCODE_EOF,
  RDB_OPCODE_EXPIRETIME_MS,
  RDB_OPCODE_FREQ,
  RDB_OPCODE_FUNCTION2,
  RDB_OPCODE_IDLE,
  RDB_OPCODE_RESIZEDB,
  RDB_OPCODE_SELECTDB,
  RDB_VERSION_FIELD_TTL,
  RDB_VERSION_WRITE,
} from "./constants.js";
import { Crc64 } from "./crc64.js";
import type { RdbSnapshot } from "./snapshot.js";
import { freeze } from "./frozen.js";
import { rdbTypeOf, writeValue } from "./value-encode.js";
import { RDB_VERSION_STREAM_3, snapshotNeedsStream3 } from "./stream-encode.js";
import { ByteWriter } from "./writer.js";

export interface EncodeOptions {
  /** Write `aof-base 1` (the file is the base of a multi-part AOF). Default false. */
  aofBase?: boolean;
  /** LZF-compress strings over 20 bytes when it pays (rdbcompression). Default true. */
  compression?: boolean;
  /** Write the CRC-64 trailer (rdbchecksum); 0 otherwise. Default true. */
  checksum?: boolean;
  /** Yield a chunk once this many bytes are buffered. Default 64 KiB. */
  chunkSize?: number;
}

/**
 * The RDB file of `snapshot`, as a sequence of chunks whose concatenation is the file. Each chunk
 * is a fresh buffer the caller may keep. O(size of the data).
 */
export function* encodeRdb(snapshot: RdbSnapshot, options: EncodeOptions = {}): Generator<Uint8Array> {
  const compress = options.compression ?? true;
  const checksum = options.checksum ?? true;
  const chunkSize = options.chunkSize ?? 1 << 16;
  const crc = new Crc64();
  const w = new ByteWriter(chunkSize + (chunkSize >> 1));
  // Streams whose consumers' active times must be kept need RDB 11 (stream-encode.ts).
  const version = snapshot.hasFieldTtls ? RDB_VERSION_FIELD_TTL : snapshotNeedsStream3(snapshot) ? RDB_VERSION_STREAM_3 : RDB_VERSION_WRITE;
  w.binary(`REDIS${String(version).padStart(4, "0")}`);
  const aux = (k: string, v: string) => {
    w.u8(RDB_OPCODE_AUX);
    w.string(k, compress);
    w.string(v, compress);
  };
  aux("redis-ver", REDIS_VERSION);
  aux("redis-bits", "64");
  aux("ctime", String(Math.floor(snapshot.time / 1000)));
  aux("used-mem", String(snapshot.usedMemory));
  aux("aof-base", options.aofBase === true ? "1" : "0");
  for (const code of snapshot.functions) {
    w.u8(RDB_OPCODE_FUNCTION2);
    w.string(code, compress);
  }
  for (const db of snapshot.dbs) {
    w.u8(RDB_OPCODE_SELECTDB);
    w.len(db.id);
    w.u8(RDB_OPCODE_RESIZEDB);
    w.len(db.keys.length);
    w.len(db.volatileCount);
    const n = db.keys.length;
    for (let i = 0; i < n; i++) {
      const expireAt = db.expires[i]!;
      if (expireAt !== 0) {
        w.u8(RDB_OPCODE_EXPIRETIME_MS);
        w.i64le(expireAt);
      }
      if (snapshot.access === "idle") {
        w.u8(RDB_OPCODE_IDLE);
        w.len(db.access[i]!);
      } else if (snapshot.access === "freq") {
        w.u8(RDB_OPCODE_FREQ);
        w.u8(db.access[i]!);
      }
      const v = freeze(db.values[i]!);
      const type = rdbTypeOf(v);
      w.u8(type);
      w.string(db.keys[i]!, compress);
      writeValue(w, v, type, compress);
      if (w.pos >= chunkSize) {
        const chunk = w.take(chunkSize + (chunkSize >> 1));
        if (checksum) crc.update(chunk);
        yield chunk;
      }
    }
  }
  w.u8(RDB_OPCODE_EOF);
  const tail = w.take(0);
  if (checksum) crc.update(tail);
  const out = new Uint8Array(tail.length + 8);
  out.set(tail);
  if (checksum) crc.writeLE(out, tail.length);
  yield out;
}

/** The whole file in one buffer (SAVE, tests). */
export function encodeRdbToBytes(snapshot: RdbSnapshot, options: EncodeOptions = {}): Uint8Array {
  const chunks = [...encodeRdb(snapshot, options)];
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * DUMP / RESTORE payloads (createDumpPayload / verifyDumpPayload in Redis's cluster.c):
 *
 *   <type byte> <value as in an RDB file> <RDB version, u16 LE> <CRC-64 of all before, u64 LE>
 *
 * We stamp version 10, so Redis 7.0 and later RESTORE our payloads (12 for a hash with field TTLs,
 * which only 7.4 knows; 11 for a stream needing 7.2's RDB_TYPE_STREAM_LISTPACKS_3). We accept
 * payloads up to version 12, from any Redis 7.x.
 */
import type { Value } from "../../engine/value.js";
import { RDB_VERSION_FIELD_TTL, RDB_VERSION_MAX, RDB_VERSION_WRITE, RDB_TYPE_HASH_LISTPACK_EX, RDB_TYPE_HASH_METADATA, RDB_TYPE_STREAM_LISTPACKS_3, isObjectType } from "./constants.js";
import { Crc64, crc64, readU64LE } from "./crc64.js";
import type { RdbValue } from "./dataset.js";
import { RdbError } from "./errors.js";
import { ByteReader } from "./reader.js";
import { freeze } from "./frozen.js";
import { readValue } from "./value-decode.js";
import { rdbTypeOf, writeValue } from "./value-encode.js";
import { RDB_VERSION_STREAM_3 } from "./stream-encode.js";
import { ByteWriter } from "./writer.js";

/** The DUMP payload of a value. O(size). */
export function createDumpPayload(v: Value, compress = true): Uint8Array {
  const w = new ByteWriter(64);
  const frozen = freeze(v);
  const type = rdbTypeOf(frozen);
  w.u8(type);
  writeValue(w, frozen, type, compress);
  let version = type === RDB_TYPE_HASH_LISTPACK_EX || type === RDB_TYPE_HASH_METADATA ? RDB_VERSION_FIELD_TTL : RDB_VERSION_WRITE;
  // Streams whose consumers' active times must be kept need 7.2's type (stream-encode.ts).
  if (type === RDB_TYPE_STREAM_LISTPACKS_3) version = RDB_VERSION_STREAM_3;
  w.u16le(version);
  const crc = new Crc64().update(w.buf, 0, w.pos);
  w.ensure(8);
  crc.writeLE(w.buf, w.pos);
  w.pos += 8;
  return w.view();
}

/** Why a payload was refused, in RESTORE's terms. */
export type DumpPayloadProblem = "version-or-checksum" | "bad-format";

export class DumpPayloadError extends Error {
  constructor(
    readonly problem: DumpPayloadProblem,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** verifyDumpPayload: footer version ≤ 12 and a matching CRC-64. */
export function verifyDumpPayload(p: Uint8Array): boolean {
  if (p.length < 10) return false;
  const footer = p.length - 10;
  const version = p[footer]! | (p[footer + 1]! << 8);
  if (version > RDB_VERSION_MAX) return false;
  return crc64(p, 0, p.length - 8) === readU64LE(p, p.length - 8);
}

/**
 * Parses a payload into decoded data. Throws DumpPayloadError: "version-or-checksum" for a bad
 * footer, "bad-format" for anything wrong in the body (including an empty collection, which Redis
 * refuses in RESTORE).
 */
export function parseDumpPayload(p: Uint8Array): RdbValue {
  if (!verifyDumpPayload(p)) throw new DumpPayloadError("version-or-checksum", "DUMP payload version or checksum are wrong");
  const r = new ByteReader(p, 0, p.length - 10);
  r.context = "DUMP payload";
  try {
    const type = r.u8("the value type");
    if (!isObjectType(type)) throw r.corrupt(`invalid object type ${type}`, 0);
    const v = readValue(r, type);
    if (v === undefined) throw r.corrupt("empty collection", 1);
    return v;
  } catch (e) {
    if (e instanceof RdbError) throw new DumpPayloadError("bad-format", e.message);
    throw e;
  }
}

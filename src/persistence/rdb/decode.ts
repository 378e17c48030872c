/**
 * decodeRdb: parses and validates a whole RDB file (versions 1–12, everything Redis 7.0–7.4 writes)
 * into an RdbDataset, Redis's rdbLoadRio loop without the side effects.
 *
 * Nothing is trusted: every opcode, length and blob is checked (value-decode.ts), and the CRC-64
 * trailer is verified when non-zero. A key repeated within a database (Redis panics on it) is refused
 * here with `checkDuplicates`, and always by applyDataset. The first problem throws an RdbError
 * naming its offset; no partial result ever escapes, so a caller can decode first and apply only
 * what decoded completely.
 *
 * Module auxiliary data (MODULE_AUX) is refused: it belongs to a module that is not here, and Redis
 * itself refuses to start on it. Module *values* are parsed generically (as redis-check-rdb does) and
 * returned, so the error can name them when the dataset is applied.
 */
import { crc64, readU64LE } from "./crc64.js";
import {
  RDB_OPCODE_AUX,
  RDB_OPCODE_EOF,
  RDB_OPCODE_EXPIRETIME,
  RDB_OPCODE_EXPIRETIME_MS,
  RDB_OPCODE_FREQ,
  RDB_OPCODE_FUNCTION2,
  RDB_OPCODE_FUNCTION_PRE_GA,
  RDB_OPCODE_IDLE,
  RDB_OPCODE_MODULE_AUX,
  RDB_OPCODE_RESIZEDB,
  RDB_OPCODE_SELECTDB,
  RDB_OPCODE_SLOT_INFO,
  RDB_VERSION_MAX,
  isObjectType,
} from "./constants.js";
import type { RdbDataset, RdbDb, RdbKey } from "./dataset.js";
import { RdbError } from "./errors.js";
import { ByteReader, hex } from "./reader.js";
import { moduleTypeName, readValue } from "./value-decode.js";

export interface DecodeOptions {
  /**
   * Accept bytes after the checksum (an old single-file AOF continues with commands after its RDB
   * preamble; `byteLength` says where). Off by default: a dump.rdb with a tail is suspect.
   */
  allowTrailingBytes?: boolean;
  /**
   * Refuse here a key repeated within a database, and a member repeated in a plain set or hash
   * (types 2, 4, 22, 24). Off by default because it doubles the cost of decoding millions of keys
   * or members (a JS Set of every name), and applyDataset detects both anyway while it builds the
   * databases, before anything is swapped in. Compact blobs and sorted sets are always checked.
   */
  checkDuplicates?: boolean;
}

/** Parses and validates an RDB file. Throws RdbError. O(size). */
export function decodeRdb(bytes: Uint8Array, options: DecodeOptions = {}): RdbDataset {
  const r = new ByteReader(bytes);
  if (bytes.length < 9) {
    if (!startsWithMagic(bytes)) throw new RdbError("not an RDB file: it does not start with \"REDIS\"", "corrupt", 0);
    r.need(9, "the RDB header");
  }
  if (!startsWithMagic(bytes)) throw new RdbError("not an RDB file: it does not start with \"REDIS\"", "corrupt", 0);
  let version = 0;
  for (let i = 5; i < 9; i++) {
    const c = bytes[i]!;
    if (c < 48 || c > 57) throw r.corrupt(`RDB version "${String.fromCharCode(...bytes.subarray(5, 9))}" is not 4 digits`, 5);
    version = version * 10 + (c - 48);
  }
  if (version < 1 || version > RDB_VERSION_MAX) {
    throw new RdbError(`can't handle RDB format version ${version} (this reader knows 1–${RDB_VERSION_MAX})`, "unsupported", 5);
  }
  r.pos = 9;
  const ds: RdbDataset = {
    version,
    aux: new Map(),
    functions: [],
    dbs: [],
    checksum: 0n,
    emptyKeysSkipped: 0,
    byteLength: 0,
  };
  const dbsById = new Map<number, { db: RdbDb; names: Set<string> | undefined }>();
  let current: { db: RdbDb; names: Set<string> | undefined } | undefined;
  const checkDups = options.checkDuplicates === true;
  const selectDb = (id: number) => {
    current = dbsById.get(id);
    if (current === undefined) {
      current = { db: { id, keys: [] }, names: checkDups ? new Set() : undefined };
      dbsById.set(id, current);
      ds.dbs.push(current.db);
    }
    return current;
  };
  let expireAt: number | undefined;
  let idle: number | undefined;
  let freq: number | undefined;
  let eofAt = -1;
  for (;;) {
    r.keyType = -1;
    const opAt = r.pos;
    const type = r.u8("an opcode or type byte (the file ends without its EOF marker)");
    if (type === RDB_OPCODE_EOF) {
      eofAt = opAt;
      break;
    }
    switch (type) {
      case RDB_OPCODE_EXPIRETIME:
        expireAt = r.i32le("EXPIRETIME seconds") * 1000;
        continue;
      case RDB_OPCODE_EXPIRETIME_MS:
        expireAt = r.i64le("EXPIRETIME_MS");
        continue;
      case RDB_OPCODE_FREQ:
        freq = r.u8("FREQ counter");
        continue;
      case RDB_OPCODE_IDLE:
        idle = r.len("IDLE seconds");
        continue;
      case RDB_OPCODE_SELECTDB:
        selectDb(r.len("SELECTDB index"));
        continue;
      case RDB_OPCODE_RESIZEDB:
        r.len("RESIZEDB size hint");
        r.len("RESIZEDB expires hint");
        continue;
      case RDB_OPCODE_SLOT_INFO:
        r.len("SLOT_INFO slot");
        r.len("SLOT_INFO slot size");
        r.len("SLOT_INFO expires size");
        continue;
      case RDB_OPCODE_AUX: {
        const k = r.string("AUX field name");
        const v = r.string("AUX field value");
        ds.aux.set(k, v);
        continue;
      }
      case RDB_OPCODE_MODULE_AUX: {
        const id = r.lenBig("MODULE_AUX module id");
        throw new RdbError(
          `RDB contains auxiliary data of module '${moduleTypeName(id)}' (MODULE_AUX at offset ${opAt}): modules are not supported`,
          "unsupported",
          opAt,
        );
      }
      case RDB_OPCODE_FUNCTION_PRE_GA:
        throw new RdbError(`pre-release function format (opcode 246 at offset ${opAt}) is not supported`, "unsupported", opAt);
      case RDB_OPCODE_FUNCTION2:
        ds.functions.push(r.string("FUNCTION2 library code"));
        continue;
    }
    if (!isObjectType(type)) throw r.corrupt(`unknown opcode or object type 0x${hex(type)}`, opAt);
    const db = current ?? selectDb(0);
    r.keyType = type;
    r.keyDb = db.db.id;
    r.keyName = undefined;
    const key = r.string("key name");
    r.keyName = key;
    const value = readValue(r, type, checkDups);
    if (value === undefined) {
      ds.emptyKeysSkipped++;
    } else {
      const names = db.names;
      if (names !== undefined) {
        if (names.has(key)) throw r.corrupt(`duplicated key ${JSON.stringify(key)} in db ${db.db.id}`, opAt);
        names.add(key);
      }
      const k: RdbKey = { key, value };
      if (expireAt !== undefined) k.expireAt = expireAt;
      if (idle !== undefined) k.idle = idle;
      if (freq !== undefined) k.freq = freq;
      db.db.keys.push(k);
    }
    expireAt = idle = freq = undefined;
  }
  r.keyType = -1;
  if (version >= 5) {
    const at = r.pos;
    r.need(8, "the CRC-64 checksum after the EOF marker");
    const stored = readU64LE(bytes, at);
    r.pos += 8;
    ds.checksum = stored;
    if (stored !== 0n) {
      const actual = crc64(bytes, 0, eofAt + 1);
      if (actual !== stored) {
        throw new RdbError(
          `RDB checksum mismatch: the file says 0x${stored.toString(16).padStart(16, "0")}, its contents give 0x${actual.toString(16).padStart(16, "0")}`,
          "checksum",
          at,
        );
      }
    }
  }
  ds.byteLength = r.pos;
  if (r.pos !== bytes.length && options.allowTrailingBytes !== true) {
    throw r.corrupt(`${bytes.length - r.pos} unexpected bytes after the end of the RDB`);
  }
  return ds;
}

function startsWithMagic(b: Uint8Array): boolean {
  return b.length >= 5 && b[0] === 0x52 && b[1] === 0x45 && b[2] === 0x44 && b[3] === 0x49 && b[4] === 0x53;
}

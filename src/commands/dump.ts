/**
 * DUMP and RESTORE (cluster.c in Redis 7.2): a key's value serialized as Redis does (RDB value
 * encoding + RDB version + CRC-64 footer, src/persistence/rdb/dump-payload.ts), so payloads move
 * between this engine and any Redis ≥ 7.0 in both directions.
 *
 * RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] keeps
 * Redis's order of checks (options, BUSYKEY, TTL, payload) and its propagation: a relative TTL is
 * logged with the absolute time and ABSTTL; a payload already expired on arrival deletes the old
 * key under REPLACE (logged as DEL/UNLINK) and otherwise changes nothing.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { BUSYKEY, SYNTAX, errorText } from "../engine/errors.js";
import { int64Arg } from "../engine/int64.js";
import { lookupRead } from "../engine/lookup.js";
import { NOTIFY_GENERIC } from "../engine/notify.js";
import { OK } from "../engine/reply.js";
import { toBytes } from "../engine/bytes.js";
import { restoredLru, toEngineValue, unsupportedReason } from "../persistence/rdb/apply.js";
import { DumpPayloadError, createDumpPayload, parseDumpPayload } from "../persistence/rdb/dump-payload.js";
import { latin1 } from "../persistence/rdb/reader.js";
import type { RdbValue } from "../persistence/rdb/dataset.js";
import { RdbError } from "../persistence/rdb/errors.js";
import type { Value } from "../engine/value.js";

const DUMP_VERSION_OR_CHECKSUM = errorText("ERR DUMP payload version or checksum are wrong");
const BAD_DATA_FORMAT = errorText("ERR Bad data format");
const INVALID_TTL = errorText("ERR Invalid TTL value, must be >= 0");
const INVALID_IDLETIME = errorText("ERR Invalid IDLETIME value, must be >= 0");
const INVALID_FREQ = errorText("ERR Invalid FREQ value, must be >= 0 and <= 255");

/** DUMP key: the payload, or a null bulk when the key is missing. */
const dump: Handler = (s, argv) => {
  const e = lookupRead(s, argv[1]!);
  if (e === undefined) return null;
  const payload = createDumpPayload(e.value, s.engine.config.get("rdbcompression") === "yes");
  return latin1(payload, 0, payload.length);
};

const restore: Handler = (s, argv) => {
  const engine = s.engine;
  let replace = false;
  let absttl = false;
  let idle: number | undefined;
  let freq: number | undefined;
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = argv.length - j - 1;
    if (opt === "replace") {
      replace = true;
    } else if (opt === "absttl") {
      absttl = true;
    } else if (opt === "idletime" && more >= 1 && freq === undefined) {
      const v = int64Arg(argv[++j]!);
      if (v < 0) throw INVALID_IDLETIME;
      idle = Number(v);
    } else if (opt === "freq" && more >= 1 && idle === undefined) {
      const v = int64Arg(argv[++j]!);
      if (v < 0 || v > 255) throw INVALID_FREQ;
      freq = Number(v);
    } else {
      throw SYNTAX;
    }
  }
  const key = argv[1]!;
  const db = s.db;
  if (!replace && db.lookup(key) !== undefined) throw BUSYKEY;
  const ttl = int64Arg(argv[2]!);
  if (ttl < 0) throw INVALID_TTL;
  let decoded: RdbValue;
  try {
    decoded = parseDumpPayload(toBytes(argv[3]!));
  } catch (e) {
    if (e instanceof DumpPayloadError) throw e.problem === "version-or-checksum" ? DUMP_VERSION_OR_CHECKSUM : BAD_DATA_FORMAT;
    throw e;
  }
  const unsupported = unsupportedReason(decoded);
  if (unsupported !== undefined) throw errorText(`ERR DUMP payload holds a value this engine cannot restore: ${unsupported}`);
  let value: Value;
  try {
    value = toEngineValue(engine, decoded);
  } catch (e) {
    if (e instanceof RdbError) throw BAD_DATA_FORMAT;
    throw e;
  }

  const deleted = replace && db.delete(key);
  let when = Number(ttl);
  if (when !== 0 && !absttl) when += engine.now;
  if (when !== 0 && when <= engine.now && engine.expireAllowed()) {
    if (deleted) {
      s.rewrittenArgv = [engine.config.get("lazyfree-lazy-server-del") === "yes" ? "UNLINK" : "DEL", key];
      engine.notify(NOTIFY_GENERIC, "del", key, db.id);
      engine.touch();
    }
    return OK;
  }
  const e = db.add(key, value);
  if (when !== 0) {
    db.setExpire(key, e, when);
    if (!absttl) {
      const rewritten = argv.slice();
      rewritten[2] = String(when);
      rewritten.push("ABSTTL");
      s.rewrittenArgv = rewritten;
    }
  }
  const lru = restoredLru(engine, idle, freq);
  if (lru !== undefined) e.lru = lru;
  engine.notify(NOTIFY_GENERIC, "restore", key, db.id);
  engine.touch();
  return OK;
};

export const COMMANDS: CommandDef[] = [
  { name: "dump", handler: dump },
  { name: "restore", handler: restore },
];

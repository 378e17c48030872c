/**
 * From decoded RDB data to engine values, and applyDataset: replacing the engine's whole dataset.
 *
 * Values are rebuilt through each type's API with the engine's current thresholds, choosing the
 * representation Redis 7.2 ends up with after loading the same data (rdbLoadObject's conversions):
 *  - lists: the stored quicklist nodes become our quicklist model node for node, and a single small
 *    node turns into a listpack (listTypeTryConversion); the older forms are pushed element by element;
 *  - sets: a plain set starts as an intset (a hashtable when larger than set-max-intset-entries) and
 *    converts as members arrive; an intset or listpack stays so unless larger than its limit;
 *  - hashes: a listpack stays a listpack unless it has more fields than hash-max-listpack-entries; a
 *    plain hash becomes a listpack while fields and values are short enough; field TTLs are kept.
 *  - sorted sets: see zset-rdb.ts (a listpack stays one up to the entry limit; a plain one converts
 *    when it fits both limits).
 *
 * applyDataset validates everything first (unsupported types, database numbers) and builds every
 * database aside (refusing a key stored twice); only then are they swapped in, so a failure leaves
 * the engine untouched.
 */
import type { Engine } from "../../engine/engine.js";
import { encodingLimits, type EncodingLimits } from "../../engine/encoding-limits.js";
import { Db } from "../../engine/keyspace.js";
import { LRU_CLOCK_MAX } from "../../engine/lru.js";
import type { Value } from "../../engine/value.js";
import { CompactHash } from "../../types/hash/compact.js";
import { HashValue, hashCreate, hashEnableFieldTtls, hashSet, hashSetFieldTtl } from "../../types/hash/hash-value.js";
import { HashTable } from "../../types/hash/table.js";
import { ListValue, listFromArray, listTryShrink } from "../../types/list/list-value.js";
import { LISTPACK_EMPTY_BYTES, listpackEntrySize } from "../../types/list/listpack-size.js";
import { QuicklistShape, clampFill } from "../../types/list/quicklist-shape.js";
import { SetValue } from "../../types/set/set-value.js";
import type { RdbDataset, RdbHash, RdbList, RdbSet, RdbValue } from "./dataset.js";
import { RdbError } from "./errors.js";
import { buildZset } from "./zset-rdb.js";
import { buildStream } from "./stream-apply.js";
import { streamNodeLimits } from "../../types/stream/node-limits.js";

const UNSUPPORTED: Record<string, string> = {
  module: "module values are not supported",
};

/** Why `v` cannot become an engine value, or undefined when it can. */
export function unsupportedReason(v: RdbValue): string | undefined {
  if (v.type === "module") return `module values (module type '${v.moduleName}') are not supported`;
  return UNSUPPORTED[v.type];
}

/**
 * Builds the engine value for decoded data. Throws RdbError for types the engine cannot hold, and
 * for a member repeated in a set or hash (decodeRdb leaves that check to this step by default). O(n).
 */
export function toEngineValue(engine: Engine, v: RdbValue): Value {
  const limits = encodingLimits(engine);
  switch (v.type) {
    case "string":
      return v.value;
    case "list":
      return buildList(v, limits);
    case "set":
      return buildSet(v, limits);
    case "hash":
      return buildHash(v, limits);
    case "zset":
      return buildZset(v, limits);
    case "stream":
      return buildStream(v, streamNodeLimits(engine));
    default:
      throw new RdbError(unsupportedReason(v) ?? `unsupported value type ${v.type}`, "unsupported");
  }
}

/** The data was decoded without checkDuplicates and repeats a member. */
function duplicate(what: string, name: string): RdbError {
  return new RdbError(`duplicate ${what} ${JSON.stringify(name)}`, "corrupt");
}

function buildList(v: RdbList, limits: EncodingLimits): ListValue {
  const fill = limits.listMaxListpackSize;
  const nodes = v.nodes;
  if (nodes === undefined) {
    if (v.rdbType === 10) {
      // A ziplist is pushed into a quicklist and left so (no conversion on this path in Redis).
      const l = listFromArray(v.items, fill);
      if (l.ql === undefined) {
        l.ql = QuicklistShape.fromListpack(fill, l.items.length, l.lpBytes);
        l.lpBytes = LISTPACK_EMPTY_BYTES;
      }
      return l;
    }
    return listFromArray(v.items, fill);
  }
  // Quicklist forms: Redis appends each stored node as it is, then tries the listpack conversion.
  const l = new ListValue();
  const ql = new QuicklistShape(clampFill(fill));
  let start = 0;
  for (let k = 0; k < nodes.counts.length; k++) {
    const count = nodes.counts[k]!;
    let bytes = nodes.bytes[k]!;
    if (bytes === 0) {
      // A converted ziplist (or a plain node): the listpack Redis builds from its elements.
      bytes = LISTPACK_EMPTY_BYTES;
      for (let i = start; i < start + count; i++) bytes += listpackEntrySize(v.items[i]!);
    }
    ql.nodes.pushBack({ start, count, bytes });
    start += count;
  }
  for (const it of v.items) l.items.pushBack(it);
  l.ql = ql;
  if (!nodes.plain.some((p) => p)) listTryShrink(l, fill, false);
  return l;
}

function buildSet(v: RdbSet, limits: EncodingLimits): SetValue {
  const members = v.members;
  let s: SetValue;
  if (v.rdbType === 20) {
    s = SetValue.emptyListpack();
    s.maybeConvertForHint(members.length, limits);
  } else {
    // Plain sets (2) and intsets (11) start as an intset; a large plain set as a hashtable.
    s = SetValue.emptyIntset();
    s.maybeConvertForHint(members.length, limits);
  }
  for (const m of members) if (!s.add(m, limits)) throw duplicate("set member", m);
  return s;
}

function buildHash(v: RdbHash, limits: EncodingLimits): HashValue {
  const pairs = v.pairs;
  const n = pairs.length >> 1;
  const ttls = v.ttls;
  const hasTtl = ttls !== undefined;
  const listpackType = v.rdbType === 16 || v.rdbType === 13 || v.rdbType === 25 || v.rdbType === 23;
  if (listpackType && n <= limits.hashMaxListpackEntries) {
    // Stored compact and within the entry limit: kept as stored (Redis checks no value lengths here).
    return new HashValue(new CompactHash(pairs.slice(), hasTtl ? ttls.slice() : undefined));
  }
  if (n > limits.hashMaxListpackEntries) {
    const t = new HashTable();
    for (let i = 0; i < n; i++) {
      if (!t.set(pairs[2 * i]!, pairs[2 * i + 1]!, true)) throw duplicate("hash field", pairs[2 * i]!);
      const at = hasTtl ? ttls[i]! : 0;
      if (at !== 0) t.setTtl(pairs[2 * i]!, at);
    }
    return new HashValue(t);
  }
  // Plain or zipmap forms within the entry limit: built pair by pair, converting on long strings.
  const h = hashCreate();
  if (hasTtl) hashEnableFieldTtls(h);
  for (let i = 0; i < n; i++) {
    if (!hashSet(h, pairs[2 * i]!, pairs[2 * i + 1]!, limits)) throw duplicate("hash field", pairs[2 * i]!);
    const at = hasTtl ? ttls[i]! : 0;
    if (at !== 0) hashSetFieldTtl(h, pairs[2 * i]!, at);
  }
  return h;
}

export interface ApplyOptions {
  /**
   * Load keys whose TTL has passed too (Redis does so for an AOF base/preamble, whose incremental
   * log assumes the exact keyspace). Default: skip them, as a master loading a file does.
   */
  keepExpired?: boolean;
}

export interface ApplyResult {
  keysLoaded: number;
  keysExpired: number;
}

/**
 * objectSetLRUOrLFU: the Entry.lru field for a key restored with IDLE seconds or an LFU counter,
 * or undefined to keep the fresh key's default.
 */
export function restoredLru(engine: Engine, idle: number | undefined, freq: number | undefined): number | undefined {
  if (engine.lfuPolicy) {
    if (freq === undefined) return undefined;
    return ((Math.floor(engine.cachedTime / 60000) & 65535) << 8) | Math.min(255, freq);
  }
  if (idle === undefined) return undefined;
  let abs = engine.lruClockNow - idle;
  if (abs < 0) abs += LRU_CLOCK_MAX;
  return abs;
}

/**
 * Replaces the engine's dataset with `ds`, atomically: everything is validated and built first,
 * then each database is swapped in. Throws RdbError (engine unchanged) for a type the engine cannot
 * hold, a database number beyond `databases`, a key stored twice in a database, or FUNCTION
 * libraries (functions do not exist yet).
 */
export function applyDataset(engine: Engine, ds: RdbDataset, options: ApplyOptions = {}): ApplyResult {
  if (ds.functions.length > 0) {
    throw new RdbError(`the RDB holds ${ds.functions.length} FUNCTION libraries: functions are not supported yet`, "unsupported");
  }
  for (const db of ds.dbs) {
    if (db.id >= engine.databaseCount) {
      throw new RdbError(
        `the RDB has keys in db ${db.id}, but the engine has ${engine.databaseCount} databases (raise "databases")`,
        "unsupported",
      );
    }
    for (const k of db.keys) {
      const why = unsupportedReason(k.value);
      if (why !== undefined) throw new RdbError(`cannot load key ${JSON.stringify(k.key)} in db ${db.id}: ${why}`, "unsupported");
    }
  }
  const now = engine.clock.now();
  const keep = options.keepExpired === true;
  const result: ApplyResult = { keysLoaded: 0, keysExpired: 0 };
  const built = new Map<number, Db>();
  // Building uses Db.add, which announces new keys; a load is not a stream of client writes.
  const mask = engine.notifyMask;
  engine.notifyMask = 0;
  try {
    for (const d of ds.dbs) {
      const db = new Db(engine, d.id);
      for (const k of d.keys) {
        const at = k.expireAt;
        if (at !== undefined && at < now && !keep) {
          result.keysExpired++;
          continue;
        }
        if (db.peek(k.key) !== undefined) {
          throw new RdbError(`the RDB holds key ${JSON.stringify(k.key)} twice in db ${d.id}`, "corrupt");
        }
        let value: Value;
        try {
          value = toEngineValue(engine, k.value);
        } catch (err) {
          if (err instanceof RdbError) throw new RdbError(`key ${JSON.stringify(k.key)} in db ${d.id}: ${err.message}`, err.kind);
          throw err;
        }
        const e = db.add(k.key, value);
        // 0 means "no TTL" in the engine: an expiry exactly at the epoch becomes 1 ms after it.
        if (at !== undefined) db.setExpire(k.key, e, at === 0 ? 1 : at);
        const lru = restoredLru(engine, k.idle, k.freq);
        if (lru !== undefined) e.lru = lru;
        result.keysLoaded++;
      }
      built.set(d.id, db);
    }
  } finally {
    engine.notifyMask = mask;
  }
  for (const live of engine.allDbs()) {
    const fresh = built.get(live.id) ?? new Db(engine, live.id);
    if (live.size === 0 && fresh.size === 0) continue;
    engine.swapDbs(live, fresh);
  }
  return result;
}


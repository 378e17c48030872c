/**
 * The hyperloglog group (hyperloglog.c, Redis 7.2): PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 * An HLL is a plain string value in Redis's byte layout (src/types/hyperloglog), so GET, SET, DUMP
 * and persistence see exactly Redis's bytes.
 *
 * What each handler keeps from Redis:
 *  - Lookups: PFADD and PFDEBUG look up for writing (no hit/miss statistics); PFCOUNT and PFMERGE's
 *    sources read (statistics, keymiss events) one key at a time, stopping at the first error.
 *  - isHLLObjectOrReply: another type answers the usual WRONGTYPE; a string without the HLL header
 *    answers "WRONGTYPE Key is not a valid HyperLogLog string value.".
 *  - A key that passed that check becomes a raw string (dbUnshareStringValue), as do the keys
 *    PFADD and PFMERGE create (createObject), which OBJECT ENCODING shows.
 *  - Dirty counts: PFADD adds one per changed register (+1 for a new key); PFCOUNT one when it
 *    refreshes the cached cardinality; PFMERGE always one; PFDEBUG GETREG/TODENSE one when they
 *    convert. Events: "pfadd" for PFADD (only when something changed) and for PFMERGE (always).
 *  - A corrupt sparse body found half-way through PFADD answers INVALIDOBJ but keeps the registers
 *    already set, exactly as Redis's in-place edits do (without dirtying the dataset).
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import type { Engine } from "../engine/engine.js";
import {
  HLL_CORRUPTED,
  HLL_NOT_VALID,
  PFDEBUG_NOT_SPARSE,
  PFDEBUG_NO_KEY,
  pfdebugUnknownSubcommand,
  pfselftestFailed,
  WRONGTYPE,
} from "../engine/errors.js";
import type { Entry } from "../engine/keyspace.js";
import { lookupRead } from "../engine/lookup.js";
import { NOTIFY_STRING } from "../engine/notify.js";
import { OK, SimpleString } from "../engine/reply.js";
import {
  estimateCard,
  estimateReply,
  HLL_DENSE,
  hllAdd,
  hllCacheValid,
  hllCachedCard,
  hllCount,
  hllCountRegisters,
  hllCreate,
  hllDecodeSparse,
  hllEncoding,
  hllIsValid,
  hllMergeInto,
  hllNewRegisters,
  hllRegisters,
  hllStoreMerged,
  hllToDense,
  hllWithCachedCard,
} from "../types/hyperloglog/hll.js";
import { hllSelfTest } from "../types/hyperloglog/selftest.js";

const maxBytesCache = new WeakMap<Engine, { version: number; value: number }>();

/** hll-sparse-max-bytes, re-read only when the configuration changed. */
function sparseMaxBytes(engine: Engine): number {
  const c = maxBytesCache.get(engine);
  if (c !== undefined && c.version === engine.config.version) return c.value;
  const value = Number(engine.config.get("hll-sparse-max-bytes"));
  maxBytesCache.set(engine, { version: engine.config.version, value });
  return value;
}

/** isHLLObjectOrReply: the entry's HLL string, or the error Redis answers for it. */
function hllOf(e: Entry): string {
  const v = e.value;
  if (typeof v !== "string") throw WRONGTYPE;
  if (!hllIsValid(v)) throw HLL_NOT_VALID;
  return v;
}

/** PFADD key [element …]: 1 when a register changed or the key was created, else 0. */
const pfadd: Handler = (s, argv) => {
  const key = argv[1]!;
  const e = s.db.lookup(key);
  const r = hllAdd(e === undefined ? undefined : hllOf(e), argv, 2, sparseMaxBytes(s.engine));
  if (e === undefined) {
    s.db.add(key, r.value).raw = true;
  } else {
    e.value = r.value;
    e.raw = true;
  }
  if (r.corrupt) throw HLL_CORRUPTED;
  if (r.updated === 0) return 0;
  s.engine.notify(NOTIFY_STRING, "pfadd", key, s.db.id);
  s.engine.touch(r.updated);
  return 1;
};

/**
 * PFCOUNT key [key …]. One key: the cached cardinality, or a fresh estimate that is written back to
 * the header. Several keys: the estimate of their union, nothing written.
 */
const pfcount: Handler = (s, argv) => {
  if (argv.length > 2) {
    const max = hllNewRegisters();
    for (let j = 1; j < argv.length; j++) {
      const e = lookupRead(s, argv[j]!);
      if (e === undefined) continue;
      if (!hllMergeInto(max, hllOf(e))) throw HLL_CORRUPTED;
    }
    return estimateReply(hllCountRegisters(max));
  }
  const key = argv[1]!;
  const e = lookupRead(s, key);
  if (e === undefined) return 0;
  const v = hllOf(e);
  e.raw = true;
  if (hllCacheValid(v)) return hllCachedCard(v);
  const est = hllCount(v);
  if (est === undefined) throw HLL_CORRUPTED;
  e.value = hllWithCachedCard(v, estimateCard(est));
  // Redis: signalModifiedKey + server.dirty++, so the command is propagated although it is flagged
  // read-only (may_replicate). call() logs and invalidates WATCHes only for write commands, so both
  // are done here.
  s.engine.touch();
  if (s.engine.transactions.watching) s.engine.transactions.touchKey(s.db.id, key);
  s.engine.propagate(s.db.id, argv.slice());
  return estimateReply(est);
};

/**
 * PFMERGE destkey [sourcekey …]: the destination is itself one of the sources (it is read first), so
 * its registers are kept; it is created when missing. Always dirties and notifies "pfadd".
 */
const pfmerge: Handler = (s, argv) => {
  const max = hllNewRegisters();
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const e = lookupRead(s, argv[j]!);
    if (e === undefined) continue;
    const v = hllOf(e);
    if (hllEncoding(v) === HLL_DENSE) useDense = true;
    if (!hllMergeInto(max, v)) throw HLL_CORRUPTED;
  }
  const key = argv[1]!;
  const e = s.db.lookup(key);
  const stored = hllStoreMerged(e === undefined ? hllCreate() : hllOf(e), max, useDense, sparseMaxBytes(s.engine));
  if (e === undefined) {
    s.db.add(key, stored).raw = true;
  } else {
    e.value = stored;
    e.raw = true;
  }
  s.engine.notify(NOTIFY_STRING, "pfadd", key, s.db.id);
  s.engine.touch();
  return OK;
};

/**
 * PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. The key is checked before the subcommand; the
 * subcommand is compared and printed as a C string (up to its first NUL), case-insensitively.
 */
const pfdebug: Handler = (s, argv) => {
  const raw = argv[1]!;
  const nul = raw.indexOf("\0");
  const sub = nul < 0 ? raw : raw.slice(0, nul);
  const e = s.db.lookup(argv[2]!);
  if (e === undefined) throw PFDEBUG_NO_KEY;
  let v = hllOf(e);
  e.raw = true;
  const dense = hllEncoding(v) === HLL_DENSE;
  switch (sub.toLowerCase()) {
    case "getreg":
    case "todense": {
      if (!dense) {
        const d = hllToDense(v);
        if (d === undefined) throw HLL_CORRUPTED;
        e.value = v = d;
        s.engine.touch(); // the conversion is propagated
      }
      if (sub.toLowerCase() === "todense") return dense ? 0 : 1;
      return Array.from(hllRegisters(v));
    }
    case "decode":
      if (dense) throw PFDEBUG_NOT_SPARSE;
      return hllDecodeSparse(v);
    case "encoding":
      return new SimpleString(dense ? "dense" : "sparse");
    default:
      throw pfdebugUnknownSubcommand(sub);
  }
};

/** PFSELFTEST: checks the implementation from the inside (types/hyperloglog/selftest.ts). */
const pfselftest: Handler = (s) => {
  const rng = s.engine.rng;
  const failed = hllSelfTest(() => rng.next(), sparseMaxBytes(s.engine));
  if (failed !== undefined) throw pfselftestFailed(failed);
  return OK;
};

export const COMMANDS: CommandDef[] = [
  { name: "pfadd", handler: pfadd },
  { name: "pfcount", handler: pfcount },
  { name: "pfmerge", handler: pfmerge },
  { name: "pfdebug", handler: pfdebug },
  { name: "pfselftest", handler: pfselftest },
];

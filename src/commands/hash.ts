/**
 * The hash group (t_hash.c), Redis 7.2 semantics plus 7.4's field expiration: HSET, HMSET, HSETNX,
 * HGET, HMGET, HDEL, HLEN, HSTRLEN, HEXISTS, HINCRBY, HINCRBYFLOAT, HKEYS, HVALS, HGETALL,
 * HRANDFIELD, HSCAN here; HEXPIRE … HPERSIST in hash-expire.ts (their rows are part of this table).
 *
 * Invariants kept by every handler:
 *  - Arguments and the key's type are checked in Redis's order before anything changes; a key is
 *    created only once the command is known to succeed, and a hash left empty is deleted in the same
 *    command.
 *  - Hashes are found through readHash/writeHash (hash-lookup.ts), so fields whose TTL has passed are
 *    reclaimed before a command sees the hash.
 *  - Changes mark the dataset dirty by Redis's counts (HSET counts every pair, even unchanged ones)
 *    and fire Redis's events; HINCRBYFLOAT is logged as HSET with the result (convention 5).
 *  - Commands use only the type API of src/types/hash; representation changes happen inside it.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import {
  HASH_VALUE_NOT_INTEGER,
  OUT_OF_RANGE,
  RANDOM_REPLY_TOO_LARGE,
  SYNTAX,
  valueMustBetween,
  wrongArity,
} from "../engine/errors.js";
import { compileGlob } from "../engine/glob.js";
import { type Int64, INT64_MAX, INT64_MIN, addInt64, formatInt64, int64Arg, parseInt64 } from "../engine/int64.js";
import { hashIncrement, hincrByFloat } from "../engine/long-double.js";
import { NOTIFY_GENERIC, NOTIFY_HASH } from "../engine/notify.js";
import { MapReply, OK, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import {
  type HashValue,
  hashCreate,
  hashDelete,
  hashExists,
  hashFields,
  hashGet,
  hashLength,
  hashPairs,
  hashScan,
  hashSet,
  hashTryConversion,
  hashValues,
} from "../types/hash/hash-value.js";
import { hashRandomDistinct, hashRandomField, hashRandomWithRepeats } from "../types/hash/random.js";
import { cArgIs } from "./hash-args.js";
import { HASH_EXPIRE_COMMANDS } from "./hash-expire.js";
import { readHash, writeHash } from "./hash-lookup.js";
import { parseCursor, parseScanArgs } from "./scan-args.js";

/** C's LONG_MAX / 2: HRANDFIELD … WITHVALUES refuses larger counts (the reply would double them). */
const HALF_LONG = INT64_MAX / 2n;
/**
 * The most elements a reply of random picks may have (16,777,216). Redis streams larger ones until
 * memory runs out; a reply here is built whole (and a RESP frame of it must fit a JS string), so a
 * larger request is refused at once instead.
 */
const MAX_RANDOM_REPLY = 2 ** 24;

/** `existing`, or a new empty hash added to the keyspace at `key` (which is then known to be missing). */
function orCreate(s: Session, key: string, existing: HashValue | undefined): HashValue {
  if (existing !== undefined) return existing;
  const h = hashCreate();
  s.db.add(key, h);
  return h;
}

// ---------------------------------------------------------------- writes

/** HSET and HMSET (hsetCommand): all pairs or, for an odd count, Redis's arity error. */
function hsetGeneric(s: Session, argv: readonly string[], hmset: boolean): Reply {
  if (argv.length % 2 === 1) throw wrongArity(hmset ? "hmset" : "hset");
  const key = argv[1]!;
  const limits = encodingLimits(s.engine);
  const h = orCreate(s, key, writeHash(s, key));
  hashTryConversion(h, argv, 2, argv.length - 1, limits);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (hashSet(h, argv[i]!, argv[i + 1]!, limits)) created++;
  s.engine.notify(NOTIFY_HASH, "hset", key, s.db.id);
  s.engine.touch((argv.length - 2) / 2);
  return hmset ? OK : created;
}

const hsetnx: Handler = (s, argv) => {
  const key = argv[1]!;
  const existing = writeHash(s, key);
  if (existing !== undefined && hashExists(existing, argv[2]!)) return 0;
  const limits = encodingLimits(s.engine);
  const h = orCreate(s, key, existing);
  hashTryConversion(h, argv, 2, 3, limits);
  hashSet(h, argv[2]!, argv[3]!, limits);
  s.engine.notify(NOTIFY_HASH, "hset", key, s.db.id);
  s.engine.touch();
  return 1;
};

const hdel: Handler = (s, argv) => {
  const key = argv[1]!;
  const h = writeHash(s, key);
  if (h === undefined) return 0;
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (!hashDelete(h, argv[j]!)) continue;
    deleted++;
    if (hashLength(h) === 0) {
      s.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    s.engine.notify(NOTIFY_HASH, "hdel", key, s.db.id);
    if (keyRemoved) s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
    s.engine.touch(deleted);
  }
  return deleted;
};

/** HINCRBY: the increment is parsed first; a field keeps its TTL (7.4 HASH_SET_KEEP_TTL). */
const hincrby: Handler = (s, argv) => {
  const incr = int64Arg(argv[3]!);
  const key = argv[1]!;
  const field = argv[2]!;
  const existing = writeHash(s, key);
  const current = existing === undefined ? undefined : hashGet(existing, field);
  let value: Int64 = 0;
  if (current !== undefined) {
    const v = parseInt64(current);
    if (v === undefined) throw HASH_VALUE_NOT_INTEGER;
    value = v;
  }
  const next = addInt64(value, incr);
  const h = orCreate(s, key, existing);
  hashSet(h, field, formatInt64(next), encodingLimits(s.engine), true);
  s.engine.notify(NOTIFY_HASH, "hincrby", key, s.db.id);
  s.engine.touch();
  return next;
};

/**
 * HINCRBYFLOAT: the increment is checked before the key's type (hashIncrement); the sum uses x87 long
 * double arithmetic and is logged as HSET key field <result>.
 */
const hincrbyfloat: Handler = (s, argv) => {
  const incr = hashIncrement(argv[3]!);
  const key = argv[1]!;
  const field = argv[2]!;
  const existing = writeHash(s, key);
  const value = hincrByFloat(existing === undefined ? undefined : hashGet(existing, field), incr);
  const h = orCreate(s, key, existing);
  hashSet(h, field, value, encodingLimits(s.engine), true);
  s.engine.notify(NOTIFY_HASH, "hincrbyfloat", key, s.db.id);
  s.engine.touch();
  s.rewrittenArgv = ["HSET", key, field, value];
  return value;
};

// ---------------------------------------------------------------- reads

const hget: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return h === undefined ? null : (hashGet(h, argv[2]!) ?? null);
};

const hmget: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  const out: Reply[] = new Array<Reply>(argv.length - 2);
  for (let j = 2; j < argv.length; j++) out[j - 2] = h === undefined ? null : (hashGet(h, argv[j]!) ?? null);
  return out;
};

const hlen: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return h === undefined ? 0 : hashLength(h);
};

const hstrlen: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return h === undefined ? 0 : (hashGet(h, argv[2]!)?.length ?? 0);
};

const hexists: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return h !== undefined && hashExists(h, argv[2]!) ? 1 : 0;
};

const hkeys: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return h === undefined ? [] : hashFields(h);
};

const hvals: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return h === undefined ? [] : hashValues(h);
};

/** HGETALL: a map (RESP3 `%`, RESP2 a flat array); a missing key is the empty map. */
const hgetall: Handler = (s, argv) => {
  const h = readHash(s, argv[1]!);
  return new MapReply(h === undefined ? [] : hashPairs(h));
};

// ---------------------------------------------------------------- HRANDFIELD

/** Fields (and values) as HRANDFIELD replies: RESP2 flat, RESP3 one [field, value] array per pick. */
function randomReply(s: Session, fields: string[], values: string[] | undefined): Reply {
  if (values === undefined) return fields;
  const n = fields.length;
  if (s.resp === 3) {
    const out: Reply[] = new Array<Reply>(n);
    for (let i = 0; i < n; i++) out[i] = [fields[i]!, values[i]!];
    return out;
  }
  const out: string[] = new Array<string>(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = fields[i]!;
    out[2 * i + 1] = values[i]!;
  }
  return out;
}

/**
 * hrandfieldWithCountCommand. A negative count allows repetitions and returns exactly |count| picks;
 * a positive one returns distinct fields, at most the whole hash (never allocating for more).
 */
function hrandfieldWithCount(s: Session, key: string, l: Int64, withValues: boolean): Reply {
  const h = readHash(s, key);
  if (h === undefined) return [];
  const unique = l >= 0;
  // |l| ≤ LONG_MAX; beyond 2^53 only its size matters (it is far above any hash size or the cap).
  const count = unique ? Number(l) : -Number(l);
  if (count === 0) return [];
  const rand = () => s.engine.rng.next();
  const fields: string[] = [];
  const values: string[] | undefined = withValues ? [] : undefined;
  if (!unique || count === 1) {
    if (count * (withValues && s.resp === 2 ? 2 : 1) > MAX_RANDOM_REPLY) throw RANDOM_REPLY_TOO_LARGE;
    hashRandomWithRepeats(h, count, rand, fields, values);
    return randomReply(s, fields, values);
  }
  if (count >= hashLength(h)) {
    if (values === undefined) return hashFields(h);
    const pairs = hashPairs(h);
    for (let i = 0; i < pairs.length; i += 2) {
      fields.push(pairs[i]!);
      values.push(pairs[i + 1]!);
    }
    return randomReply(s, fields, values);
  }
  hashRandomDistinct(h, count, rand, fields, values);
  return randomReply(s, fields, values);
}

/** HRANDFIELD key [count [WITHVALUES]]: the count is validated before the key is looked up. */
const hrandfield: Handler = (s, argv) => {
  const key = argv[1]!;
  if (argv.length >= 3) {
    const l = int64Arg(argv[2]!);
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): only LLONG_MIN itself is outside.
    if (l === INT64_MIN) throw valueMustBetween(-INT64_MAX, INT64_MAX);
    if (argv.length > 4 || (argv.length === 4 && !cArgIs(argv[3]!, "withvalues"))) throw SYNTAX;
    const withValues = argv.length === 4;
    if (withValues && typeof l === "bigint" && (l < -HALF_LONG || l > HALF_LONG)) throw OUT_OF_RANGE;
    return hrandfieldWithCount(s, key, l, withValues);
  }
  const h = readHash(s, key);
  if (h === undefined) return null;
  return hashRandomField(h, () => s.engine.rng.next())[0];
};

// ---------------------------------------------------------------- HSCAN

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]. As in Redis, the cursor is checked
 * first, then the key (a missing key answers an empty page before any option is looked at), then the
 * options. A compact hash comes back whole with cursor 0; a hashtable is walked by stable slots.
 */
const hscan: Handler = (s, argv) => {
  parseCursor(argv[2]!);
  const h = readHash(s, argv[1]!);
  if (h === undefined) return ["0", []];
  const { cursor, count, pattern, noValues } = parseScanArgs(argv, 2, ["novalues"]);
  const out: string[] = [];
  const next = hashScan(h, cursor, count, pattern === undefined ? undefined : compileGlob(pattern), !noValues, out);
  return [String(next), out];
};

// ---------------------------------------------------------------- the table

export const COMMANDS: CommandDef[] = [
  { name: "hset", handler: (s, argv) => hsetGeneric(s, argv, false) },
  { name: "hmset", handler: (s, argv) => hsetGeneric(s, argv, true) },
  { name: "hsetnx", handler: hsetnx },
  { name: "hget", handler: hget },
  { name: "hmget", handler: hmget },
  { name: "hdel", handler: hdel },
  { name: "hlen", handler: hlen },
  { name: "hstrlen", handler: hstrlen },
  { name: "hexists", handler: hexists },
  { name: "hincrby", handler: hincrby },
  { name: "hincrbyfloat", handler: hincrbyfloat },
  { name: "hkeys", handler: hkeys },
  { name: "hvals", handler: hvals },
  { name: "hgetall", handler: hgetall },
  { name: "hrandfield", handler: hrandfield },
  { name: "hscan", handler: hscan },
  ...HASH_EXPIRE_COMMANDS,
];

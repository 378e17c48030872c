/**
 * The generic (keyspace) group (db.c, expire.c, object.c in Redis 7.2): DEL, UNLINK, EXISTS, TYPE,
 * KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX, COPY, MOVE, the EXPIRE family, TTL/PTTL/EXPIRETIME/
 * PEXPIRETIME, PERSIST, TOUCH and OBJECT.
 *
 * Redis's lookup flavours matter here and are kept: reads count keyspace hits/misses and fire
 * `keymiss`; EXISTS/TYPE/TTL/OBJECT do not refresh the key's LRU/LFU data (LOOKUP_NOTOUCH); write
 * lookups count nothing. Every argument is validated before anything changes. Effects: the EXPIRE
 * family is logged as PEXPIREAT with the absolute time (or DEL/UNLINK when the time is already past);
 * everything else is logged as sent.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import type { Engine } from "../engine/engine.js";
import {
  DB_INDEX_OUT_OF_RANGE,
  EXPIRE_GT_LT_INCOMPATIBLE,
  EXPIRE_NX_INCOMPATIBLE,
  LFU_FREQ_NOT_TRACKED,
  LFU_IDLETIME_NOT_TRACKED,
  NO_SUCH_KEY,
  SAME_OBJECT,
  SYNTAX,
  unsupportedOption,
  valueMustBetween,
} from "../engine/errors.js";
import { parseExpireCommandTime } from "../engine/expire-args.js";
import { globMatch } from "../engine/glob.js";
import { parseScanArgs } from "./scan-args.js";
import { formatInt64, int64Arg } from "../engine/int64.js";
import type { Db, Entry } from "../engine/keyspace.js";
import { LOOKUP_NONOTIFY, LOOKUP_NOTOUCH, lookupRead } from "../engine/lookup.js";
import { estimateIdleMs, lfuDecrAndReturn } from "../engine/lru.js";
import { NOTIFY_GENERIC } from "../engine/notify.js";
import { OK, type Reply, SimpleString } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { copyValue } from "../engine/value-copy.js";
import { type TypeName, typeOf } from "../engine/value.js";
import { objectEncoding, objectRefcount } from "../engine/object-info.js";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const TYPE_NAMES: readonly TypeName[] = ["string", "list", "set", "zset", "hash", "stream"];
const TYPE_REPLIES = new Map<string, SimpleString>(
  [...TYPE_NAMES, "none"].map((t): [string, SimpleString] => [t, new SimpleString(t)]),
);

// ---------------------------------------------------------------- argument helpers

/** getIntFromObjectOrReply: an int64 that must also fit a C int. */
function int32Arg(arg: string): number {
  const n = int64Arg(arg);
  if (n < INT_MIN || n > INT_MAX) throw valueMustBetween(INT_MIN, INT_MAX);
  return Number(n);
}

/** A database index for MOVE/COPY (selectDb's range check). */
function dbArg(engine: Engine, arg: string): Db {
  const id = int32Arg(arg);
  if (id < 0 || id >= engine.databaseCount) throw DB_INDEX_OUT_OF_RANGE;
  return engine.db(id);
}

// ---------------------------------------------------------------- DEL, EXISTS, TYPE, KEYS

/** DEL and UNLINK: freeing is synchronous here either way. */
const del: Handler = (s, argv) => {
  const db = s.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]!;
    // A logically expired key is reclaimed as expired (DEL propagated, `expired` fired), not counted.
    if (db.lookup(key, false) === undefined) continue;
    db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, db.id);
    n++;
  }
  if (n > 0) s.engine.touch(n);
  return n;
};

const exists: Handler = (s, argv) => {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (lookupRead(s, argv[i]!, LOOKUP_NOTOUCH) !== undefined) n++;
  return n;
};

const type: Handler = (s, argv) => {
  const e = lookupRead(s, argv[1]!, LOOKUP_NOTOUCH);
  return TYPE_REPLIES.get(e === undefined ? "none" : typeOf(e.value))!;
};

/** KEYS: every key matching the glob that is not logically expired (nothing is deleted). O(N). */
const keys: Handler = (s, argv) => {
  const pattern = argv[1]!;
  const all = pattern === "*";
  const db = s.db;
  const out: string[] = [];
  for (const [key, e] of db.dict) {
    if ((all || globMatch(pattern, key, false)) && !db.isExpired(e)) out.push(key);
  }
  return out;
};

// ---------------------------------------------------------------- SCAN, RANDOMKEY

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor is a slot index of the keyspace:
 * a key keeps its slot for its whole life, so a key present from the first call to the last is
 * returned at least once (Db.scanSlots). As in 7.2, MATCH filters while sampling; matching keys that
 * turn out expired are reclaimed; TYPE looks each matching key up (expiring it if due).
 */
const scan: Handler = (s, argv) => {
  const { cursor, count, pattern, type: typeName } = parseScanArgs(argv, 1, ["type"]);
  // An unknown type name matches nothing (7.2 keeps the lookups; the error is planned for 8.0).
  const wantedName = typeName?.toLowerCase();
  const wanted = TYPE_NAMES.find((t) => t === wantedName);
  const db = s.db;
  const sampled: string[] = [];
  const next = db.scanSlots(cursor, count, sampled);
  const out: string[] = [];
  for (const key of sampled) {
    if (pattern !== undefined && !globMatch(pattern, key, false)) continue;
    if (typeName !== undefined) {
      const e = lookupRead(s, key, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
      if (e === undefined || wanted === undefined || typeOf(e.value) !== wanted) continue;
    } else if (db.lookup(key, false) === undefined) {
      continue;
    }
    out.push(key);
  }
  return [String(next), out];
};

/** RANDOMKEY: a random key, reclaiming the expired ones it draws on the way. */
const randomkey: Handler = (s) => {
  const db = s.db;
  const rng = s.engine.rng;
  const rand = () => rng.next();
  for (;;) {
    const key = db.randomKey(rand);
    if (key === undefined) return null;
    // Each retry deletes one expired key, so this ends.
    if (db.peek(key)!.expireAt !== 0 && db.lookup(key, false) === undefined) continue;
    return key;
  }
};

// ---------------------------------------------------------------- RENAME, MOVE, COPY

/** Adds `key` to `db` holding `src`'s value, TTL and string representation. */
function addLike(db: Db, key: string, src: Entry, value = src.value): Entry {
  const e = db.add(key, value);
  // The value object moves (or is duplicated) with its encoding: an in-place-modified string stays raw.
  e.raw = src.raw;
  e.noInt = src.noInt;
  if (src.expireAt !== 0) db.setExpire(key, e, src.expireAt);
  return e;
}

function renameGeneric(s: Session, argv: readonly string[], nx: boolean): Reply {
  const from = argv[1]!;
  const to = argv[2]!;
  const db = s.db;
  const e = db.lookup(from);
  if (e === undefined) throw NO_SUCH_KEY;
  if (from === to) return nx ? 0 : OK;
  if (db.lookup(to) !== undefined) {
    if (nx) return 0;
    // Overwritten silently: Redis fires no `del` for the old destination.
    db.delete(to);
  }
  addLike(db, to, e);
  db.delete(from);
  s.engine.notify(NOTIFY_GENERIC, "rename_from", from, db.id);
  s.engine.notify(NOTIFY_GENERIC, "rename_to", to, db.id);
  s.engine.touch();
  return nx ? 1 : OK;
}

const move: Handler = (s, argv) => {
  const key = argv[1]!;
  const src = s.db;
  const dst = dbArg(s.engine, argv[2]!);
  if (dst === src) throw SAME_OBJECT;
  const e = src.lookup(key);
  if (e === undefined) return 0;
  if (dst.lookup(key) !== undefined) return 0;
  addLike(dst, key, e);
  src.delete(key);
  s.engine.notify(NOTIFY_GENERIC, "move_from", key, src.id);
  s.engine.notify(NOTIFY_GENERIC, "move_to", key, dst.id);
  s.engine.touch();
  return 1;
};

/** COPY source destination [DB destination-db] [REPLACE]. */
const copy: Handler = (s, argv) => {
  const key = argv[1]!;
  const newKey = argv[2]!;
  const src = s.db;
  let dst = src;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    if (opt === "replace") {
      replace = true;
    } else if (opt === "db" && j + 1 < argv.length) {
      dst = dbArg(s.engine, argv[++j]!);
    } else {
      throw SYNTAX;
    }
  }
  if (src === dst && key === newKey) throw SAME_OBJECT;
  const e = lookupRead(s, key);
  if (e === undefined) return 0;
  const exists = dst.lookup(newKey) !== undefined;
  if (exists && !replace) return 0;
  const value = copyValue(e.value);
  if (exists) dst.delete(newKey);
  addLike(dst, newKey, e, value);
  s.engine.notify(NOTIFY_GENERIC, "copy_to", newKey, dst.id);
  s.engine.touch();
  return 1;
};

// ---------------------------------------------------------------- the EXPIRE family, TTLs

/**
 * EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT key time [NX|XX|GT|LT] (expireGenericCommand). `cmdName` is
 * Redis's name for the error text; `relative` adds the command's time; `unitMs` scales the argument.
 */
function expireGeneric(
  s: Session,
  argv: readonly string[],
  unitMs: 1 | 1000,
  relative: boolean,
  cmdName: string,
): Reply {
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    switch (opt.toLowerCase()) {
      case "nx":
        nx = true;
        break;
      case "xx":
        xx = true;
        break;
      case "gt":
        gt = true;
        break;
      case "lt":
        lt = true;
        break;
      default:
        throw unsupportedOption(opt);
    }
  }
  if (nx && (xx || gt || lt)) throw EXPIRE_NX_INCOMPATIBLE;
  if (gt && lt) throw EXPIRE_GT_LT_INCOMPATIBLE;
  const engine = s.engine;
  const when = parseExpireCommandTime(argv[2]!, unitMs, relative ? engine.now : 0, cmdName);
  const key = argv[1]!;
  const db = s.db;
  const e = db.lookup(key);
  if (e === undefined) return 0;
  if (nx || xx || gt || lt) {
    const current = e.expireAt; // 0: no TTL, which GT treats as infinite
    if (nx && current !== 0) return 0;
    if (xx && current === 0) return 0;
    if (gt && (current === 0 || when <= current)) return 0;
    if (lt && current !== 0 && when >= current) return 0;
  }
  // checkAlreadyExpired: a time not after now deletes the key (not while loading an AOF).
  if (when <= engine.now && engine.expireAllowed()) {
    db.delete(key);
    engine.touch();
    s.rewrittenArgv = [engine.config.get("lazyfree-lazy-expire") === "yes" ? "UNLINK" : "DEL", key];
    engine.notify(NOTIFY_GENERIC, "del", key, db.id);
    return 1;
  }
  db.setExpire(key, e, Number(when));
  if (relative || unitMs !== 1) {
    const rewritten = argv.slice();
    rewritten[0] = "PEXPIREAT";
    rewritten[2] = formatInt64(when);
    s.rewrittenArgv = rewritten;
  }
  engine.notify(NOTIFY_GENERIC, "expire", key, db.id);
  engine.touch();
  return 1;
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 missing, -1 no TTL; seconds are rounded to nearest. */
function ttlGeneric(s: Session, key: string, ms: boolean, absolute: boolean): Reply {
  const e = lookupRead(s, key, LOOKUP_NOTOUCH);
  if (e === undefined) return -2;
  const at = e.expireAt;
  if (at === 0) return -1;
  let ttl = absolute ? at : at - s.engine.now;
  if (!Number.isSafeInteger(ttl)) {
    // Beyond 2^53 ms (times hundreds of millennia away, e.g. PEXPIREAT near 2^63): integer math.
    let big = absolute ? BigInt(at) : BigInt(at) - BigInt(s.engine.now);
    if (big < 0n) big = 0n;
    return ms ? big : (big + 500n) / 1000n;
  }
  if (ttl < 0) ttl = 0;
  return ms ? ttl : Math.floor((ttl + 500) / 1000);
}

const persist: Handler = (s, argv) => {
  const key = argv[1]!;
  const e = s.db.lookup(key);
  if (e === undefined || !s.db.clearExpire(key, e)) return 0;
  s.engine.notify(NOTIFY_GENERIC, "persist", key, s.db.id);
  s.engine.touch();
  return 1;
};

/** TOUCH: a read lookup of each key (refreshing its LRU/LFU data); counts the existing ones. */
const touch: Handler = (s, argv) => {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (lookupRead(s, argv[i]!) !== undefined) n++;
  return n;
};

// ---------------------------------------------------------------- OBJECT

const OBJECT_HELP = [
  "ENCODING <key>",
  "    Return the kind of internal representation used in order to store the value",
  "    associated with a <key>.",
  "FREQ <key>",
  "    Return the access frequency index of the <key>. The returned integer is",
  "    proportional to the logarithm of the recent access frequency of the key.",
  "IDLETIME <key>",
  "    Return the idle time of the <key>, that is the approximated number of",
  "    seconds elapsed since the last access to the key.",
  "REFCOUNT <key>",
  "    Return the number of references of the value associated with the specified",
  "    <key>.",
  "HELP",
  "    Print this help.",
].map((line) => new SimpleString(line));

/** OBJECT's lookup: no LRU/LFU refresh and no keymiss event (objectCommandLookup). */
function objectEntry(s: Session, argv: readonly string[]): Entry | undefined {
  return lookupRead(s, argv[2]!, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
}

// ---------------------------------------------------------------- the table

export const COMMANDS: CommandDef[] = [
  { name: "del", handler: del },
  { name: "unlink", handler: del },
  { name: "exists", handler: exists },
  { name: "type", handler: type },
  { name: "keys", handler: keys },
  { name: "scan", handler: scan },
  { name: "randomkey", handler: randomkey },
  { name: "rename", handler: (s, argv) => renameGeneric(s, argv, false) },
  { name: "renamenx", handler: (s, argv) => renameGeneric(s, argv, true) },
  { name: "move", handler: move },
  { name: "copy", handler: copy },
  { name: "expire", handler: (s, argv) => expireGeneric(s, argv, 1000, true, "expire") },
  { name: "pexpire", handler: (s, argv) => expireGeneric(s, argv, 1, true, "pexpire") },
  { name: "expireat", handler: (s, argv) => expireGeneric(s, argv, 1000, false, "expireat") },
  { name: "pexpireat", handler: (s, argv) => expireGeneric(s, argv, 1, false, "pexpireat") },
  { name: "ttl", handler: (s, argv) => ttlGeneric(s, argv[1]!, false, false) },
  { name: "pttl", handler: (s, argv) => ttlGeneric(s, argv[1]!, true, false) },
  { name: "expiretime", handler: (s, argv) => ttlGeneric(s, argv[1]!, false, true) },
  { name: "pexpiretime", handler: (s, argv) => ttlGeneric(s, argv[1]!, true, true) },
  { name: "persist", handler: persist },
  { name: "touch", handler: touch },
  {
    name: "object|help",
    handler: (_s, argv) => [
      new SimpleString(`${argv[0]!.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`),
      ...OBJECT_HELP,
    ],
  },
  {
    name: "object|encoding",
    handler: (s, argv) => {
      const e = objectEntry(s, argv);
      return e === undefined ? null : objectEncoding(e);
    },
  },
  {
    name: "object|refcount",
    handler: (s, argv) => {
      const e = objectEntry(s, argv);
      return e === undefined ? null : objectRefcount(s.engine, e);
    },
  },
  {
    name: "object|idletime",
    handler: (s, argv) => {
      const e = objectEntry(s, argv);
      if (e === undefined) return null;
      if (s.engine.lfuPolicy) throw LFU_IDLETIME_NOT_TRACKED;
      return Math.floor(estimateIdleMs(s.engine, e.lru) / 1000);
    },
  },
  {
    name: "object|freq",
    handler: (s, argv) => {
      const e = objectEntry(s, argv);
      if (e === undefined) return null;
      if (!s.engine.lfuPolicy) throw LFU_FREQ_NOT_TRACKED;
      return lfuDecrAndReturn(s.engine, e.lru);
    },
  },
];

/**
 * The string group (t_string.c), Redis 7.2 semantics: GET, SET and its variants (SETNX, SETEX,
 * PSETEX, GETSET, GETEX, GETDEL, MSET, MSETNX), MGET, APPEND, STRLEN, the integer and float
 * counters, GETRANGE/SUBSTR, SETRANGE and LCS.
 *
 * Invariants kept by every handler:
 *  - Every argument and the key's type are checked before anything changes, in Redis's order (which
 *    decides the reply when several errors apply).
 *  - A change marks the dataset dirty (engine.touch) and emits the keyspace events Redis emits there;
 *    a command that changed nothing touches nothing, and so logs nothing.
 *  - The logged effect is Redis 7.2's propagated form: relative expires become SET … PXAT or
 *    PEXPIREAT, GETSET a SET, GETDEL a DEL, INCRBYFLOAT a SET … KEEPTTL (DESIGN.md convention 5).
 *  - Entry.raw / Entry.noInt record how Redis last stored the object, for OBJECT ENCODING
 *    (src/types/string/encoding.ts).
 */
import type { CommandDef } from "../engine/command-types.js";
import {
  DECREMENT_OVERFLOW,
  LCS_ALLOC_FAILED,
  LCS_LEN_AND_IDX,
  LCS_NOT_STRINGS,
  LCS_TABLE_TOO_BIG,
  NOT_INTEGER,
  OFFSET_OUT_OF_RANGE,
  STRING_TOO_LONG,
  SYNTAX,
  wrongArity,
} from "../engine/errors.js";
import { parseExpireArg } from "../engine/expire-args.js";
import { type Int64, INT64_MIN, addInt64, formatInt64, int64Arg, parseInt64 } from "../engine/int64.js";
import type { Entry } from "../engine/keyspace.js";
import { incrByFloat } from "../engine/long-double.js";
import { lookupRead, readString, writeStringEntry } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_STRING } from "../engine/notify.js";
import { MapReply, OK, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import {
  OPT_EX,
  OPT_GET,
  OPT_KEEPTTL,
  OPT_NX,
  OPT_PERSIST,
  OPT_PX,
  OPT_PXAT,
  OPT_XX,
  cOption,
  expireIsAbsolute,
  expireUnitMs,
  parseExtendedArgs,
} from "../types/string/extended-args.js";
import { type LcsResult, lcsTableBytes, longestCommonSubsequence } from "../types/string/lcs.js";
import { overwriteRange, stringRange } from "../types/string/range.js";

// ---------------------------------------------------------------- shared helpers

/** The value of an entry already known to hold a string (writeStringEntry checked it). */
function str(e: Entry): string {
  return e.value as string;
}

/** proto-max-bulk-len: the largest string a command may build (SETRANGE, APPEND, SETBIT …). */
export function protoMaxBulkLen(s: Session): number {
  return Number(s.engine.config.get("proto-max-bulk-len"));
}

/** checkStringLength: a string may not grow beyond proto-max-bulk-len. */
function checkStringLength(s: Session, size: number, append: number): void {
  if (size + append > protoMaxBulkLen(s)) throw STRING_TOO_LONG;
}

/**
 * setGenericCommand, behind SET, SETNX, SETEX and PSETEX. `expireArg` is the raw EX/PX/EXAT/PXAT
 * value (validated first of all, even before GET); `ok` and `abort` are the replies for a performed
 * and an NX/XX-skipped write.
 */
function setGeneric(
  s: Session,
  argv: readonly string[],
  key: string,
  value: string,
  flags: number,
  expireArg: string | undefined,
  cmdName: string,
  ok: Reply,
  abort: Reply,
): Reply {
  const at =
    expireArg === undefined
      ? undefined
      : parseExpireArg(s, expireArg, expireUnitMs(flags), expireIsAbsolute(flags), cmdName);
  const get = (flags & OPT_GET) !== 0;
  // GET reads (and type-checks) before the existence test, exactly like getGenericCommand.
  const old = get ? (readString(s, key) ?? null) : null;
  const found = s.db.lookup(key) !== undefined;
  if (((flags & OPT_NX) !== 0 && found) || ((flags & OPT_XX) !== 0 && !found)) return get ? old : abort;

  const e = s.db.set(key, value, (flags & OPT_KEEPTTL) !== 0 || at !== undefined);
  s.engine.touch();
  s.engine.notify(NOTIFY_STRING, "set", key, s.db.id);
  if (at !== undefined) {
    // An absolute time in the past is stored as is: the key expires on its next access, as in Redis.
    s.db.setExpire(key, e, Number(at));
    // 7.2 logs a PXAT request unchanged (GET included) and rewrites every other form to PXAT.
    if ((flags & OPT_PXAT) === 0) s.rewrittenArgv = ["SET", key, value, "PXAT", formatInt64(at)];
    s.engine.notify(NOTIFY_GENERIC, "expire", key, s.db.id);
  } else if (get) {
    // GET is not an effect: log the request without it (any repetition, any case).
    s.rewrittenArgv = argv.filter((a, j) => j < 3 || cOption(a) !== "GET");
  }
  return get ? old : ok;
}

/** incrDecrCommand: adds `incr` to the integer at `key` (0 when missing), keeping its TTL. */
function incrDecr(s: Session, key: string, incr: Int64): Reply {
  const e = writeStringEntry(s, key);
  let current: Int64 = 0;
  if (e !== undefined) {
    const v = parseInt64(str(e));
    if (v === undefined) throw NOT_INTEGER;
    current = v;
  }
  const next = addInt64(current, incr);
  s.db.set(key, formatInt64(next), true);
  s.engine.touch();
  s.engine.notify(NOTIFY_STRING, "incrby", key, s.db.id);
  return next;
}

/** msetGenericCommand: MSET and MSETNX (all keys or none). */
function msetGeneric(s: Session, argv: readonly string[], nx: boolean): Reply {
  if (argv.length % 2 === 0) throw wrongArity(nx ? "msetnx" : "mset");
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) if (s.db.lookup(argv[j]!) !== undefined) return 0;
  }
  for (let j = 1; j < argv.length; j += 2) {
    s.db.set(argv[j]!, argv[j + 1]!);
    s.engine.notify(NOTIFY_STRING, "set", argv[j]!, s.db.id);
  }
  s.engine.touch((argv.length - 1) / 2);
  return nx ? 1 : OK;
}

/** GETRANGE / SUBSTR: both indexes are parsed before the key is looked up. */
function getRange(s: Session, argv: readonly string[]): Reply {
  const start = int64Arg(argv[2]!);
  const end = int64Arg(argv[3]!);
  const v = readString(s, argv[1]!);
  return v === undefined ? "" : stringRange(v, start, end);
}

// ---------------------------------------------------------------- GETEX

function getex(s: Session, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const { flags, expire } = parseExtendedArgs(argv, false);
  const v = readString(s, key);
  if (v === undefined) return null;
  // The expire value is only validated once the key is known to exist and hold a string.
  const at =
    expire === undefined ? undefined : parseExpireArg(s, expire, expireUnitMs(flags), expireIsAbsolute(flags), "getex");
  const db = s.db;
  if (at !== undefined && expireIsAbsolute(flags) && Number(at) <= s.engine.now && s.engine.expireAllowed()) {
    // An EXAT/PXAT already in the past deletes the key (checkAlreadyExpired).
    db.delete(key);
    s.rewrittenArgv = [s.engine.config.get("lazyfree-lazy-expire") === "yes" ? "UNLINK" : "DEL", key];
    s.engine.notify(NOTIFY_GENERIC, "del", key, db.id);
    s.engine.touch();
  } else if (at !== undefined) {
    db.setExpire(key, db.peek(key)!, Number(at));
    s.rewrittenArgv = ["PEXPIREAT", key, formatInt64(at)];
    s.engine.notify(NOTIFY_GENERIC, "expire", key, db.id);
    s.engine.touch();
  } else if ((flags & OPT_PERSIST) !== 0) {
    if (db.clearExpire(key, db.peek(key)!)) {
      s.rewrittenArgv = ["PERSIST", key];
      s.engine.notify(NOTIFY_GENERIC, "persist", key, db.id);
      s.engine.touch();
    }
  }
  return v;
}

// ---------------------------------------------------------------- LCS

function lcs(s: Session, argv: readonly string[]): Reply {
  const ea = lookupRead(s, argv[1]!);
  const eb = lookupRead(s, argv[2]!);
  if ((ea !== undefined && typeof ea.value !== "string") || (eb !== undefined && typeof eb.value !== "string")) {
    throw LCS_NOT_STRINGS;
  }
  const a = ea === undefined ? "" : str(ea);
  const b = eb === undefined ? "" : str(eb);
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = cOption(argv[j]!);
    if (opt === "IDX") getIdx = true;
    else if (opt === "LEN") getLen = true;
    else if (opt === "WITHMATCHLEN") withMatchLen = true;
    else if (opt === "MINMATCHLEN" && j + 1 < argv.length) {
      const n = int64Arg(argv[++j]!);
      minMatchLen = n < 0 ? 0 : Number(n);
    } else throw SYNTAX;
  }
  if (getLen && getIdx) throw LCS_LEN_AND_IDX;
  // Redis refuses a table larger than proto-max-bulk-len before allocating it (4 bytes a cell).
  if (lcsTableBytes(a.length, b.length) > protoMaxBulkLen(s)) throw LCS_TABLE_TOO_BIG;
  let result: LcsResult;
  try {
    result = longestCommonSubsequence(a, b, getIdx || !getLen, minMatchLen);
  } catch (e) {
    if (e instanceof RangeError) throw LCS_ALLOC_FAILED;
    throw e;
  }
  if (getIdx) {
    const matches: Reply[] = result.matches.map((m) => {
      const item: Reply[] = [[m.a[0], m.a[1]], [m.b[0], m.b[1]]];
      if (withMatchLen) item.push(m.len);
      return item;
    });
    return new MapReply(["matches", matches, "len", result.len]);
  }
  return getLen ? result.len : result.lcs;
}

// ---------------------------------------------------------------- the table

export const COMMANDS: CommandDef[] = [
  {
    name: "get",
    handler: (s, argv) => readString(s, argv[1]!) ?? null,
  },
  {
    name: "set",
    handler: (s, argv) => {
      if (argv.length === 3) {
        // The plain form, the hot path: one lookup, no option parsing.
        const key = argv[1]!;
        s.db.set(key, argv[2]!);
        s.engine.touch();
        s.engine.notify(NOTIFY_STRING, "set", key, s.db.id);
        return OK;
      }
      const { flags, expire } = parseExtendedArgs(argv, true);
      return setGeneric(s, argv, argv[1]!, argv[2]!, flags, expire, "set", OK, null);
    },
  },
  {
    name: "setnx",
    handler: (s, argv) => setGeneric(s, argv, argv[1]!, argv[2]!, OPT_NX, undefined, "setnx", 1, 0),
  },
  {
    name: "setex",
    handler: (s, argv) => setGeneric(s, argv, argv[1]!, argv[3]!, OPT_EX, argv[2]!, "setex", OK, null),
  },
  {
    name: "psetex",
    handler: (s, argv) => setGeneric(s, argv, argv[1]!, argv[3]!, OPT_PX, argv[2]!, "psetex", OK, null),
  },
  {
    name: "getex",
    handler: getex,
  },
  {
    name: "getdel",
    handler: (s, argv) => {
      const key = argv[1]!;
      const v = readString(s, key);
      if (v === undefined) return null;
      s.db.delete(key);
      s.rewrittenArgv = ["DEL", key];
      s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
      s.engine.touch();
      return v;
    },
  },
  {
    name: "getset",
    handler: (s, argv) => {
      const key = argv[1]!;
      const old = readString(s, key) ?? null;
      s.db.set(key, argv[2]!);
      s.engine.notify(NOTIFY_STRING, "set", key, s.db.id);
      s.engine.touch();
      s.rewrittenArgv = ["SET", key, argv[2]!];
      return old;
    },
  },
  {
    name: "mget",
    handler: (s, argv) => {
      const out: Reply[] = new Array<Reply>(argv.length - 1);
      for (let j = 1; j < argv.length; j++) {
        const v = lookupRead(s, argv[j]!)?.value;
        out[j - 1] = typeof v === "string" ? v : null;
      }
      return out;
    },
  },
  {
    name: "mset",
    handler: (s, argv) => msetGeneric(s, argv, false),
  },
  {
    name: "msetnx",
    handler: (s, argv) => msetGeneric(s, argv, true),
  },
  {
    name: "append",
    handler: (s, argv) => {
      const key = argv[1]!;
      const tail = argv[2]!;
      const e = writeStringEntry(s, key);
      let len: number;
      if (e === undefined) {
        s.db.add(key, tail);
        len = tail.length;
      } else {
        const cur = str(e);
        checkStringLength(s, cur.length, tail.length);
        e.value = cur + tail;
        // Appending (even nothing) unshares the object into a raw sds.
        e.raw = true;
        len = e.value.length;
      }
      s.engine.notify(NOTIFY_STRING, "append", key, s.db.id);
      s.engine.touch();
      return len;
    },
  },
  {
    name: "strlen",
    handler: (s, argv) => readString(s, argv[1]!)?.length ?? 0,
  },
  {
    name: "incr",
    handler: (s, argv) => incrDecr(s, argv[1]!, 1),
  },
  {
    name: "decr",
    handler: (s, argv) => incrDecr(s, argv[1]!, -1),
  },
  {
    name: "incrby",
    handler: (s, argv) => incrDecr(s, argv[1]!, int64Arg(argv[2]!)),
  },
  {
    name: "decrby",
    handler: (s, argv) => {
      const n = int64Arg(argv[2]!);
      if (n === INT64_MIN) throw DECREMENT_OVERFLOW;
      return incrDecr(s, argv[1]!, -n);
    },
  },
  {
    name: "incrbyfloat",
    handler: (s, argv) => {
      const key = argv[1]!;
      const e = writeStringEntry(s, key);
      const value = incrByFloat(e === undefined ? undefined : str(e), argv[2]!);
      // createStringObjectFromLongDouble: stored as formatted, never int-encoded.
      s.db.set(key, value, true).noInt = true;
      s.engine.notify(NOTIFY_STRING, "incrbyfloat", key, s.db.id);
      s.engine.touch();
      s.rewrittenArgv = ["SET", key, value, "KEEPTTL"];
      return value;
    },
  },
  {
    name: "getrange",
    handler: getRange,
  },
  {
    name: "substr",
    handler: getRange,
  },
  {
    name: "setrange",
    handler: (s, argv) => {
      const key = argv[1]!;
      const value = argv[3]!;
      const offset64 = int64Arg(argv[2]!);
      if (offset64 < 0) throw OFFSET_OUT_OF_RANGE;
      const offset = Number(offset64);
      const e = writeStringEntry(s, key);
      let next: string;
      if (e === undefined) {
        // Writing nothing on a missing key creates nothing.
        if (value.length === 0) return 0;
        checkStringLength(s, offset, value.length);
        next = overwriteRange("", offset, value);
        // A new sds, not an encoded object: raw from the start.
        s.db.add(key, next).raw = true;
      } else {
        const cur = str(e);
        if (value.length === 0) return cur.length;
        checkStringLength(s, offset, value.length);
        next = overwriteRange(cur, offset, value);
        e.value = next;
        e.raw = true;
      }
      s.engine.notify(NOTIFY_STRING, "setrange", key, s.db.id);
      s.engine.touch();
      return next.length;
    },
  },
  {
    name: "lcs",
    handler: lcs,
  },
];

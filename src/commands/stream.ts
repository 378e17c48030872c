/**
 * The stream group (t_stream.c, Redis 7.2): XADD, XTRIM, XDEL, XLEN, XRANGE, XREVRANGE and XSETID
 * here; XREAD/XREADGROUP in stream-read.ts; XGROUP, XACK, XPENDING in stream-group.ts; XCLAIM and
 * XAUTOCLAIM in stream-claim.ts; XINFO in stream-info.ts. This file holds the group's table.
 *
 * Invariants kept by every handler:
 *  - Arguments are parsed and keys type-checked in Redis's order before anything changes.
 *  - An empty stream is a value like any other: no stream command deletes its key.
 *  - The dirty counter moves by what Redis adds to server.dirty; what is logged is the effect
 *    (convention 5): XADD's generated ID, and an approximate trim as the exact trim it came to.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import {
  NO_SUCH_KEY,
  SYNTAX,
  TRIM_LIMIT_NEGATIVE,
  TRIM_LIMIT_WITHOUT_STRATEGY,
  TRIM_LIMIT_WITHOUT_TILDE,
  TRIM_MAXLEN_AND_MINID,
  TRIM_MAXLEN_NEGATIVE,
  STREAM_ID_INVALID,
  XADD_EXHAUSTED,
  XADD_ID_TOO_SMALL,
  XADD_ID_ZERO,
  XADD_TOO_LARGE,
  XSETID_BELOW_GIVEN_MAXDELETED,
  XSETID_BELOW_MAXDELETED,
  XSETID_BELOW_TOP,
  XSETID_ENTRIES_ADDED_NEGATIVE,
  XSETID_ENTRIES_ADDED_SMALL,
  XTRIM_NO_STRATEGY,
  wrongArity,
} from "../engine/errors.js";
import { NOTIFY_STREAM } from "../engine/notify.js";
import { NullArray, OK, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { ID_MAX, type StreamId, formatId, parseStreamId } from "../types/stream/stream-id.js";
import {
  type TrimArgs,
  StreamValue,
  streamAppend,
  streamDeleteIds,
  streamEdgeId,
  streamFirstStoredId,
  streamScan,
  streamTrim,
} from "../types/stream/stream-value.js";
import { streamNodeLimits } from "../types/stream/node-limits.js";
import { STREAM_CLAIM_COMMANDS } from "./stream-claim.js";
import {
  cstr,
  entryReply,
  eqi,
  intervalEnd,
  intervalStart,
  longLongArg,
  readStream,
  strictIdArg,
  writeStream,
} from "./stream-common.js";
import { STREAM_GROUP_COMMANDS } from "./stream-group.js";
import { STREAM_INFO_COMMANDS } from "./stream-info.js";
import { STREAM_READ_COMMANDS } from "./stream-read.js";

// ------------------------------------------------------------------------------ XADD / XTRIM args

interface AddTrimArgs {
  trim: TrimArgs | undefined;
  /** argv index of the MAXLEN count / MINID id (the `~` is just before it when approximate). */
  trimArgIdx: number;
  id: StreamId | undefined;
  seqGiven: boolean;
  noMkStream: boolean;
  /** Where the ID is (XADD), i.e. where the option loop stopped. */
  idPos: number;
}

/**
 * streamParseAddOrTrimArgsOrReply. The default LIMIT of an approximate trim is 100 nodes' worth;
 * a command replayed from the AOF (the engine is loading) trims without limit and may carry LIMIT
 * next to `=`, as Redis's rewritten form does (mustObeyClient).
 */
function parseAddOrTrim(s: Session, argv: readonly string[], xadd: boolean): AddTrimArgs {
  const argc = argv.length;
  let strategy: "maxlen" | "minid" | undefined;
  let approx = false;
  let maxlen = 0n;
  let minid: StreamId = 0n;
  let limit = 0n;
  let limitGiven = false;
  let trimArgIdx = 0;
  let id: StreamId | undefined;
  let seqGiven = true;
  let noMkStream = false;
  let i = 2;
  for (; i < argc; i++) {
    const moreargs = argc - 1 - i;
    const opt = argv[i]!;
    if (xadd && cstr(opt) === "*") break;
    if ((eqi(opt, "maxlen") || eqi(opt, "minid")) && moreargs > 0) {
      if (strategy !== undefined) throw TRIM_MAXLEN_AND_MINID;
      const isMaxlen = eqi(opt, "maxlen");
      approx = false;
      const next = cstr(argv[i + 1]!);
      if (moreargs >= 2 && next === "~") {
        approx = true;
        i++;
      } else if (moreargs >= 2 && next === "=") {
        i++;
      }
      if (isMaxlen) {
        maxlen = longLongArg(argv[i + 1]!);
        if (maxlen < 0n) throw TRIM_MAXLEN_NEGATIVE;
      } else {
        minid = strictIdArg(argv[i + 1]!);
      }
      i++;
      strategy = isMaxlen ? "maxlen" : "minid";
      trimArgIdx = i;
    } else if (eqi(opt, "limit") && moreargs > 0) {
      limit = longLongArg(argv[i + 1]!);
      if (limit < 0n) throw TRIM_LIMIT_NEGATIVE;
      limitGiven = true;
      i++;
    } else if (xadd && eqi(opt, "nomkstream")) {
      noMkStream = true;
    } else if (xadd) {
      const p = parseStreamId(opt, 0n, true, true);
      if (p === undefined) throw STREAM_ID_INVALID;
      id = p.id;
      seqGiven = p.seqGiven;
      break;
    } else {
      throw SYNTAX;
    }
  }
  if (limit !== 0n && strategy === undefined) throw TRIM_LIMIT_WITHOUT_STRATEGY;
  if (!xadd && strategy === undefined) throw XTRIM_NO_STRATEGY;
  if (!s.engine.expireAllowed()) {
    // Loading (the AOF client obeys): the logged trim is already exact.
    limit = 0n;
  } else if (limitGiven) {
    if (!approx) throw TRIM_LIMIT_WITHOUT_TILDE;
  } else if (approx) {
    const maxEntries = streamNodeLimits(s.engine).maxEntries;
    limit = BigInt.asIntN(64, 100n * maxEntries);
    if (limit <= 0n) limit = 10000n;
    if (limit > 1000000n) limit = 1000000n;
  } else {
    limit = 0n;
  }
  const trim = strategy === undefined ? undefined : { strategy, maxlen, minid, approx, limit };
  return { trim, trimArgIdx, id, seqGiven, noMkStream, idPos: i };
}

/**
 * After an approximate trim, the logged command says what it came to (streamRewriteTrimArgument):
 * `=` and the resulting length, or `=` and the first ID stored (tombstones included).
 */
function rewriteApproxTrim(st: StreamValue, a: AddTrimArgs, out: string[]): void {
  out[a.trimArgIdx - 1] = "=";
  out[a.trimArgIdx] = a.trim!.strategy === "maxlen" ? String(st.length) : formatId(streamFirstStoredId(st));
}

/** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value …] */
const xadd: Handler = (s, argv) => {
  const a = parseAddOrTrim(s, argv, true);
  const fieldPos = a.idPos + 1;
  const nfv = argv.length - fieldPos;
  if (nfv < 2 || nfv % 2 === 1) throw wrongArity("xadd");
  if (a.id === 0n && a.seqGiven) throw XADD_ID_ZERO;
  const key = argv[1]!;
  const db = s.db;
  let st = writeStream(s, key);
  if (st === undefined) {
    if (a.noMkStream) return null;
    st = new StreamValue();
    db.add(key, st);
  }
  if (st.lastId === ID_MAX) throw XADD_EXHAUSTED;
  const fv = argv.slice(fieldPos);
  const id = streamAppend(st, fv, a.id, a.seqGiven, s.engine.now, streamNodeLimits(s.engine));
  if (id === "EDOM") throw XADD_ID_TOO_SMALL;
  if (id === "ERANGE") throw XADD_TOO_LARGE;
  const idText = formatId(id);
  const engine = s.engine;
  engine.notify(NOTIFY_STREAM, "xadd", key, db.id);
  engine.touch();
  let logged: string[] | undefined;
  if (a.trim !== undefined) {
    if (streamTrim(st, a.trim) > 0) engine.notify(NOTIFY_STREAM, "xtrim", key, db.id);
    if (a.trim.approx) {
      logged = argv.slice();
      rewriteApproxTrim(st, a, logged);
    }
  }
  if (a.id === undefined || !a.seqGiven) {
    logged ??= argv.slice();
    logged[a.idPos] = idText;
  }
  if (logged !== undefined) s.rewrittenArgv = logged;
  engine.signalKeyAsReady(db, key);
  return idText;
};

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
const xtrim: Handler = (s, argv) => {
  const a = parseAddOrTrim(s, argv, false);
  const key = argv[1]!;
  const st = writeStream(s, key);
  if (st === undefined) return 0;
  const deleted = streamTrim(st, a.trim!);
  if (deleted > 0) {
    s.engine.notify(NOTIFY_STREAM, "xtrim", key, s.db.id);
    if (a.trim!.approx) {
      const logged = argv.slice();
      rewriteApproxTrim(st, a, logged);
      s.rewrittenArgv = logged;
    }
    s.engine.touch(deleted);
  }
  return deleted;
};

/** XDEL key id [id …]: the key is looked up before the IDs are parsed. */
const xdel: Handler = (s, argv) => {
  const key = argv[1]!;
  const st = writeStream(s, key);
  if (st === undefined) return 0;
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) ids.push(strictIdArg(argv[j]!));
  const deleted = streamDeleteIds(st, ids);
  if (deleted > 0) {
    s.engine.notify(NOTIFY_STREAM, "xdel", key, s.db.id);
    s.engine.touch(deleted);
  }
  return deleted;
};

const xlen: Handler = (s, argv) => readStream(s, argv[1]!)?.length ?? 0;

/** xrangeGenericCommand: IDs and COUNT are parsed before the key is looked up; COUNT 0 is a null array. */
function xrangeGeneric(s: Session, argv: readonly string[], rev: boolean): Reply {
  const start = intervalStart(rev ? argv[3]! : argv[2]!);
  const end = intervalEnd(rev ? argv[2]! : argv[3]!);
  let count = -1n;
  for (let j = 4; j < argv.length; j++) {
    if (eqi(argv[j]!, "count") && argv.length - j - 1 >= 1) {
      count = longLongArg(argv[j + 1]!);
      if (count < 0n) count = 0n;
      j++;
    } else {
      throw SYNTAX;
    }
  }
  const st = readStream(s, argv[1]!);
  if (st === undefined) return [];
  if (count === 0n) return NullArray.instance;
  const limit = count === -1n ? Infinity : Number(count);
  const out: Reply[] = [];
  streamScan(st, start, end, rev, (id, fv) => {
    out.push(entryReply(id, fv));
    return out.length < limit;
  });
  return out;
}

/** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] */
const xsetid: Handler = (s, argv) => {
  const id = strictIdArg(argv[2]!);
  let entriesAdded = -1n;
  let maxDeleted = 0n;
  for (let i = 3; i < argv.length; i += 2) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (eqi(opt, "entriesadded") && moreargs > 0) {
      entriesAdded = longLongArg(argv[i + 1]!);
      if (entriesAdded < 0n) throw XSETID_ENTRIES_ADDED_NEGATIVE;
    } else if (eqi(opt, "maxdeletedid") && moreargs > 0) {
      maxDeleted = strictIdArg(argv[i + 1]!);
      if (id < maxDeleted) throw XSETID_BELOW_GIVEN_MAXDELETED;
    } else {
      throw SYNTAX;
    }
  }
  const key = argv[1]!;
  const st = writeStream(s, key);
  if (st === undefined) throw NO_SUCH_KEY;
  if (id < st.maxDeletedId) throw XSETID_BELOW_MAXDELETED;
  if (st.length > 0) {
    if (id < streamEdgeId(st, true)!) throw XSETID_BELOW_TOP;
    if (entriesAdded !== -1n && BigInt(st.length) > entriesAdded) throw XSETID_ENTRIES_ADDED_SMALL;
  }
  st.lastId = id;
  if (entriesAdded !== -1n) st.entriesAdded = entriesAdded;
  if (maxDeleted !== 0n) st.maxDeletedId = maxDeleted;
  s.engine.touch();
  s.engine.notify(NOTIFY_STREAM, "xsetid", key, s.db.id);
  return OK;
};

export const COMMANDS: CommandDef[] = [
  { name: "xadd", handler: xadd },
  { name: "xtrim", handler: xtrim },
  { name: "xdel", handler: xdel },
  { name: "xlen", handler: xlen },
  { name: "xrange", handler: (s, argv) => xrangeGeneric(s, argv, false) },
  { name: "xrevrange", handler: (s, argv) => xrangeGeneric(s, argv, true) },
  { name: "xsetid", handler: xsetid },
  ...STREAM_READ_COMMANDS,
  ...STREAM_GROUP_COMMANDS,
  ...STREAM_CLAIM_COMMANDS,
  ...STREAM_INFO_COMMANDS,
];

/**
 * The list group (t_list.c, Redis 7.2), non-blocking commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LINSERT,
 * LLEN, LINDEX, LSET, LPOP, RPOP, LMPOP, LRANGE, LTRIM, LPOS, LREM, LMOVE and RPOPLPUSH; this table
 * also carries the blocking forms of list-blocking.ts (they share LMOVE's and LMPOP's bodies through
 * list-common.ts).
 *
 * Invariants kept by every handler:
 *  - Arguments are parsed in Redis's order relative to the key lookup (LINDEX and LSET look the key up
 *    before parsing the index; LRANGE, LTRIM, LREM, LPOP parse first), which decides the reply when
 *    several errors apply. Nothing changes before all checks passed — except what Redis itself does
 *    first: LSET and LINSERT may convert a listpack to a quicklist before failing or missing.
 *  - An emptied list is deleted in the same call (`del` event); every removal tries the shrinking
 *    conversion (listElementsRemoved).
 *  - A change marks the dataset dirty by the number of elements touched and emits Redis's events;
 *    LMPOP is logged as LPOP/RPOP key count, like Redis's propagation.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import {
  INDEX_OUT_OF_RANGE,
  LPOS_COUNT_NEGATIVE,
  LPOS_MAXLEN_NEGATIVE,
  LPOS_RANK_ZERO,
  MUST_BE_POSITIVE,
  NO_SUCH_KEY,
  SYNTAX,
  wrongArity,
} from "../engine/errors.js";
import { INT64_MAX, intArg } from "../engine/int64.js";
import { NOTIFY_GENERIC, NOTIFY_LIST } from "../engine/notify.js";
import { NullArray, OK, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { listIndex, listInsert, listPositions, listRange, listRemove, listSet, listTrim } from "../types/list/list-ops.js";
import { type ListEnd, listCreate, listLength, listPop, listPush, listTryShrink } from "../types/list/list-value.js";
import { cOption } from "../types/string/extended-args.js";
import { COMMANDS as BLOCKING } from "./list-blocking.js";
import {
  listElementsRemoved,
  listEndArg,
  listFill,
  listMove,
  longInRange,
  mpopFirst,
  parseMpopArgs,
  popRange,
  readList,
  writeList,
} from "./list-common.js";

// ---------------------------------------------------------------- pushes

/** pushGenericCommand: LPUSH/RPUSH, and with `xx` LPUSHX/RPUSHX (push only onto an existing list). */
function pushGeneric(s: Session, argv: readonly string[], where: ListEnd, xx: boolean): Reply {
  const key = argv[1]!;
  let l = writeList(s, key);
  if (l === undefined) {
    if (xx) return 0;
    l = listCreate();
    s.db.add(key, l);
  }
  const len = listPush(l, argv, 2, where, listFill(s));
  s.engine.touch(argv.length - 2);
  s.engine.notify(NOTIFY_LIST, where === "head" ? "lpush" : "rpush", key, s.db.id);
  return len;
}

// ---------------------------------------------------------------- pops

/** popGenericCommand: LPOP/RPOP key [count]. */
function popGeneric(s: Session, argv: readonly string[], where: ListEnd): Reply {
  if (argv.length > 3) throw wrongArity(where === "head" ? "lpop" : "rpop");
  const hasCount = argv.length === 3;
  const count = hasCount ? longInRange(argv[2]!, 0n, INT64_MAX, MUST_BE_POSITIVE) : 0;
  const key = argv[1]!;
  const l = writeList(s, key);
  if (l === undefined) return hasCount ? NullArray.instance : null;
  if (hasCount && count === 0) return [];
  if (!hasCount) {
    const v = listPop(l, where)!;
    listElementsRemoved(s, key, l, where, 1);
    return v;
  }
  return popRange(s, key, l, where, count);
}

// ---------------------------------------------------------------- LMOVE

function lmove(s: Session, src: string, dst: string, from: ListEnd, to: ListEnd): Reply {
  const l = writeList(s, src);
  return l === undefined ? null : listMove(s, src, l, dst, from, to);
}

// ---------------------------------------------------------------- the table

const lrange: Handler = (s, argv) => {
  const start = intArg(argv[2]!);
  const end = intArg(argv[3]!);
  const l = readList(s, argv[1]!);
  return l === undefined ? [] : listRange(l, start, end);
};

const ltrim: Handler = (s, argv) => {
  const start = intArg(argv[2]!);
  const end = intArg(argv[3]!);
  const key = argv[1]!;
  const l = writeList(s, key);
  if (l === undefined) return OK;
  const removed = listTrim(l, start, end);
  // Redis notifies ltrim even when nothing was trimmed (and then logs nothing: dirty is unchanged).
  s.engine.notify(NOTIFY_LIST, "ltrim", key, s.db.id);
  if (listLength(l) === 0) {
    s.db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
  } else {
    listTryShrink(l, listFill(s));
  }
  s.engine.touch(removed);
  return OK;
};

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
const lpos: Handler = (s, argv) => {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = cOption(argv[j]!);
    const moreArgs = argv.length - 1 - j > 0;
    if (opt === "RANK" && moreArgs) {
      rank = longInRange(argv[++j]!, -INT64_MAX, INT64_MAX);
      if (rank === 0) throw LPOS_RANK_ZERO;
    } else if (opt === "COUNT" && moreArgs) {
      count = longInRange(argv[++j]!, 0n, INT64_MAX, LPOS_COUNT_NEGATIVE);
    } else if (opt === "MAXLEN" && moreArgs) {
      maxlen = longInRange(argv[++j]!, 0n, INT64_MAX, LPOS_MAXLEN_NEGATIVE);
    } else {
      throw SYNTAX;
    }
  }
  const l = readList(s, argv[1]!);
  if (l === undefined) return count !== -1 ? [] : null;
  const found = listPositions(l, argv[2]!, rank, count, maxlen);
  return count !== -1 ? found : (found[0] ?? null);
};

const lrem: Handler = (s, argv) => {
  const count = intArg(argv[2]!);
  const key = argv[1]!;
  const l = writeList(s, key);
  if (l === undefined) return 0;
  const removed = listRemove(l, count, argv[3]!);
  if (removed > 0) s.engine.notify(NOTIFY_LIST, "lrem", key, s.db.id);
  if (listLength(l) === 0) {
    s.db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
  } else if (removed > 0) {
    listTryShrink(l, listFill(s));
  }
  s.engine.touch(removed);
  return removed;
};

const linsert: Handler = (s, argv) => {
  const opt = cOption(argv[2]!);
  if (opt !== "AFTER" && opt !== "BEFORE") throw SYNTAX;
  const key = argv[1]!;
  const l = writeList(s, key);
  if (l === undefined) return 0;
  const len = listInsert(l, argv[3]!, argv[4]!, opt === "AFTER", listFill(s));
  if (len === -1) return -1;
  s.engine.notify(NOTIFY_LIST, "linsert", key, s.db.id);
  s.engine.touch();
  return len;
};

const lset: Handler = (s, argv) => {
  const key = argv[1]!;
  const l = writeList(s, key);
  if (l === undefined) throw NO_SUCH_KEY;
  const index = intArg(argv[2]!);
  const fill = listFill(s);
  if (!listSet(l, index, argv[3]!, fill)) throw INDEX_OUT_OF_RANGE;
  s.engine.notify(NOTIFY_LIST, "lset", key, s.db.id);
  s.engine.touch();
  // A big element may have been replaced by a small one: the growing case was handled before.
  listTryShrink(l, fill);
  return OK;
};

const lindex: Handler = (s, argv) => {
  const l = readList(s, argv[1]!);
  if (l === undefined) return null;
  return listIndex(l, intArg(argv[2]!)) ?? null;
};

const llen: Handler = (s, argv) => {
  const l = readList(s, argv[1]!);
  return l === undefined ? 0 : listLength(l);
};

const lmpop: Handler = (s, argv) => mpopFirst(s, argv, parseMpopArgs(argv, 1)) ?? NullArray.instance;

export const COMMANDS: CommandDef[] = [
  { name: "lpush", handler: (s, argv) => pushGeneric(s, argv, "head", false) },
  { name: "rpush", handler: (s, argv) => pushGeneric(s, argv, "tail", false) },
  { name: "lpushx", handler: (s, argv) => pushGeneric(s, argv, "head", true) },
  { name: "rpushx", handler: (s, argv) => pushGeneric(s, argv, "tail", true) },
  { name: "linsert", handler: linsert },
  { name: "llen", handler: llen },
  { name: "lindex", handler: lindex },
  { name: "lset", handler: lset },
  { name: "lpop", handler: (s, argv) => popGeneric(s, argv, "head") },
  { name: "rpop", handler: (s, argv) => popGeneric(s, argv, "tail") },
  { name: "lmpop", handler: lmpop },
  { name: "lrange", handler: lrange },
  { name: "ltrim", handler: ltrim },
  { name: "lpos", handler: lpos },
  { name: "lrem", handler: lrem },
  { name: "lmove", handler: (s, argv) => lmove(s, argv[1]!, argv[2]!, listEndArg(argv[3]!), listEndArg(argv[4]!)) },
  { name: "rpoplpush", handler: (s, argv) => lmove(s, argv[1]!, argv[2]!, "tail", "head") },
  ...BLOCKING,
];

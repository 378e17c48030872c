/**
 * Pieces shared by the list commands (list.ts) and the blocking list commands (list-blocking.ts):
 * typed lookups, argument parsing (LEFT/RIGHT, ranged integers, LMPOP's numkeys … COUNT), the
 * configured fill, listElementsRemoved — the one place that notifies a pop, deletes an emptied list
 * and tries the shrinking conversion — and the bodies of LMOVE and LMPOP that the blocking forms run
 * once their keys are ready.
 */
import {
  COUNT_NOT_POSITIVE,
  NOT_INTEGER,
  NUMKEYS_NOT_POSITIVE,
  type RedisError,
  SYNTAX,
  valueMustBetween,
} from "../engine/errors.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import { INT64_MAX, parseInt64 } from "../engine/int64.js";
import { readObject } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_LIST } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { listRange } from "../types/list/list-ops.js";
import {
  type ListEnd,
  type ListValue,
  listCreate,
  listDropEnd,
  listLength,
  listPop,
  listPushMoved,
  listTryShrink,
} from "../types/list/list-value.js";
import { cOption } from "../types/string/extended-args.js";

/** list-max-listpack-size as configured now. */
export function listFill(s: Session): number {
  return encodingLimits(s.engine).listMaxListpackSize;
}

/** The list at `key` for a read (hit/miss stats, keymiss event); WRONGTYPE for other types. */
export function readList(s: Session, key: string): ListValue | undefined {
  return readObject<ListValue>(s, key, "list");
}

/** The list at `key` for a write (lookupKeyWrite); WRONGTYPE for other types. */
export function writeList(s: Session, key: string): ListValue | undefined {
  return readObject<ListValue>(s, key, "list", true);
}

/** getListPositionFromObjectOrReply: LEFT is the head, RIGHT the tail (strcasecmp). */
export function listEndArg(arg: string): ListEnd {
  const opt = cOption(arg);
  if (opt === "LEFT") return "head";
  if (opt === "RIGHT") return "tail";
  throw SYNTAX;
}

/** The command name Redis propagates a pop from this end as (shared.lpop / shared.rpop). */
export function popName(where: ListEnd): string {
  return where === "head" ? "LPOP" : "RPOP";
}

/**
 * listElementsRemoved: after `count` elements were popped from `where`: the lpop/rpop event, then
 * either the key's deletion (an emptied list) or the shrinking conversion.
 */
export function listElementsRemoved(s: Session, key: string, l: ListValue, where: ListEnd, count: number): void {
  s.engine.notify(NOTIFY_LIST, where === "head" ? "lpop" : "rpop", key, s.db.id);
  if (listLength(l) === 0) {
    s.db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
  } else {
    listTryShrink(l, listFill(s));
  }
  s.engine.touch(count);
}

// ---------------------------------------------------------------- argument helpers

/**
 * getRangeLongFromObjectOrReply: an int64 within [min, max]. With `msg` that text answers both a
 * non-integer and an out-of-range value; without, Redis's generic texts.
 */
export function longInRange(arg: string, min: bigint, max: bigint, msg?: RedisError): number {
  const v = parseInt64(arg);
  if (v === undefined) throw msg ?? NOT_INTEGER;
  if (v < min || v > max) throw msg ?? valueMustBetween(min, max);
  return Number(v);
}

/**
 * Pops up to `count` elements from one end and answers with them, head-first for LEFT and tail-first
 * for RIGHT (addListRangeReply + listTypeDelRange + listElementsRemoved).
 */
export function popRange(s: Session, key: string, l: ListValue, where: ListEnd, count: number): string[] {
  const n = Math.min(count, listLength(l));
  const out = where === "head" ? listRange(l, 0, n - 1) : listRange(l, -n, -1, true);
  listDropEnd(l, where, n);
  listElementsRemoved(s, key, l, where, n);
  return out;
}

/** LMPOP/BLMPOP's parsed arguments: the keys are argv[keysFrom, keysTo). */
export interface MpopArgs {
  keysFrom: number;
  keysTo: number;
  where: ListEnd;
  count: number;
}

/** lmpopGenericCommand's parsing: numkeys, the keys, LEFT|RIGHT, then an optional COUNT (once). */
export function parseMpopArgs(argv: readonly string[], numkeysIdx: number): MpopArgs {
  const numkeys = longInRange(argv[numkeysIdx]!, 1n, INT64_MAX, NUMKEYS_NOT_POSITIVE);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw SYNTAX;
  const where = listEndArg(argv[whereIdx]!);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const moreArgs = argv.length - 1 - j;
    if (count === -1 && moreArgs > 0 && cOption(argv[j]!) === "COUNT") {
      count = longInRange(argv[++j]!, 1n, INT64_MAX, COUNT_NOT_POSITIVE);
    } else {
      throw SYNTAX;
    }
  }
  return { keysFrom: numkeysIdx + 1, keysTo: whereIdx, where, count: count === -1 ? 1 : count };
}

/**
 * Pops from the first non-empty list among `keys` (a WRONGTYPE key stops the search where it is
 * met), answering [key, [elements]] and logging LPOP/RPOP key count; undefined when all are missing.
 */
export function mpopFirst(s: Session, argv: readonly string[], a: MpopArgs): Reply | undefined {
  for (let j = a.keysFrom; j < a.keysTo; j++) {
    const key = argv[j]!;
    const l = writeList(s, key);
    if (l === undefined) continue;
    const n = Math.min(a.count, listLength(l));
    s.rewrittenArgv = [popName(a.where), key, String(n)];
    return [key, popRange(s, key, l, a.where, a.count)];
  }
  return undefined;
}

// ---------------------------------------------------------------- LMOVE

/**
 * lmoveGenericCommand once the source `src` is known to exist: pops from it, pushes onto `dstKey`
 * (created if missing; WRONGTYPE checked before anything moves) and answers the element.
 */
export function listMove(s: Session, srcKey: string, src: ListValue, dstKey: string, from: ListEnd, to: ListEnd): Reply {
  let dst = writeList(s, dstKey);
  const fill = listFill(s);
  const fromQuicklist = src.encoding() === "quicklist";
  const value = listPop(src, from)!;
  // lmoveHandlePush: create the destination, push, notify — then the source's bookkeeping.
  if (dst === undefined) {
    dst = listCreate();
    s.db.add(dstKey, dst);
  }
  listPushMoved(dst, value, to, fill, fromQuicklist);
  s.engine.notify(NOTIFY_LIST, to === "head" ? "lpush" : "rpush", dstKey, s.db.id);
  listElementsRemoved(s, srcKey, src, from, 1);
  return value;
}


/**
 * Popping the lowest or highest members (t_zset.c genericZpopCommand, blockingGenericZpopCommand,
 * zmpopGenericCommand): ZPOPMIN, ZPOPMAX, ZMPOP, and the blocking BZPOPMIN, BZPOPMAX, BZMPOP.
 *
 * Reply shapes, as Redis builds them: ZPOPMIN key → [member, score] (flat in both protocols);
 * ZPOPMIN key count → flat in RESP2, [member, score] pairs in RESP3; BZPOPMIN → [key, member, score];
 * ZMPOP/BZMPOP → [key, [[member, score] …]], or a null array when nothing was popped.
 *
 * Effects (DESIGN.md convention 5, as Redis propagates them): ZPOPMIN/ZPOPMAX are logged as sent;
 * BZPOPMIN/BZPOPMAX as ZPOPMIN/ZPOPMAX key; ZMPOP and BZMPOP as ZPOPMIN/ZPOPMAX key <popped count>.
 * Each popped member is one change; the pop event fires once, before `del` when the set empties.
 * A blocking form with nothing to pop parks on its keys until one of them holds a sorted set (or
 * answers a null array at once inside MULTI or a script).
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { COUNT_NOT_POSITIVE, MUST_BE_POSITIVE, NUMKEYS_NOT_POSITIVE, SYNTAX } from "../engine/errors.js";
import { INT64_MAX, parseInt64 } from "../engine/int64.js";
import { NOTIFY_GENERIC, NOTIFY_ZSET } from "../engine/notify.js";
import { DoubleReply, NullArray, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { timeoutSecondsArg } from "../engine/timeout.js";
import { cOption } from "../types/string/extended-args.js";
import { type ZsetValue, zsetDel, zsetEnd, zsetLength } from "../types/zset/zset-value.js";
import { longInRange } from "./list-common.js";
import { writeZset } from "./zset-lookup.js";

/** Reply layouts of genericZpopCommand. */
const FLAT = 0; // ZPOPMIN/ZPOPMAX: member, score …
const PAIRS = 1; // ZPOPMIN/ZPOPMAX with a count in RESP3: [member, score] …
const WITH_KEY = 2; // BZPOPMIN/BZPOPMAX: key, member, score
const KEY_AND_PAIRS = 3; // ZMPOP/BZMPOP: [key, [[member, score] …]]
type Layout = typeof FLAT | typeof PAIRS | typeof WITH_KEY | typeof KEY_AND_PAIRS;

function popName(max: boolean): string {
  return max ? "ZPOPMAX" : "ZPOPMIN";
}

/**
 * Pops up to `count` members from `z` at `key` (which exists and is not empty) and builds the reply.
 * Returns the reply; the popped count is min(count, size).
 */
function popFrom(s: Session, key: string, z: ZsetValue, max: boolean, count: number, layout: Layout): Reply {
  const n = Math.min(count, zsetLength(z));
  const items: Reply[] = [];
  for (let k = 0; k < n; k++) {
    const [m, score] = zsetEnd(z, max)!;
    zsetDel(z, m);
    s.engine.touch();
    if (k === 0) s.engine.notify(NOTIFY_ZSET, max ? "zpopmax" : "zpopmin", key, s.db.id);
    if (layout === PAIRS || layout === KEY_AND_PAIRS) items.push([m, new DoubleReply(score)]);
    else items.push(m, new DoubleReply(score));
  }
  if (zsetLength(z) === 0) {
    s.db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
  }
  if (layout === WITH_KEY) return [key, ...items];
  if (layout === KEY_AND_PAIRS) return [key, items];
  return items;
}

/** The first existing key among `keys` with its sorted set (WRONGTYPE stops the search there). */
function firstZset(s: Session, keys: readonly string[]): [string, ZsetValue] | undefined {
  for (const key of keys) {
    const z = writeZset(s, key);
    if (z !== undefined) return [key, z];
  }
  return undefined;
}

/** ZPOPMIN/ZPOPMAX key [count]: count is a non-negative long ("must be positive" for any failure). */
function zpopMinMax(s: Session, argv: readonly string[], max: boolean): Reply {
  if (argv.length > 3) throw SYNTAX;
  let count = -1;
  if (argv.length === 3) {
    const c = parseInt64(argv[2]!);
    if (c === undefined || c < 0) throw MUST_BE_POSITIVE;
    count = Number(c);
  }
  const found = firstZset(s, [argv[1]!]);
  if (found === undefined || count === 0) return [];
  const layout = s.resp > 2 && count !== -1 ? PAIRS : FLAT;
  return popFrom(s, found[0], found[1], max, count === -1 ? 1 : count, layout);
}

/** BZPOPMIN/BZPOPMAX key [key …] timeout: the timeout is parsed before any key is looked up. */
function bzpopMinMax(s: Session, argv: readonly string[], max: boolean): Reply {
  const last = argv.length - 1;
  const timeoutAt = timeoutSecondsArg(s, argv[last]!);
  const keys = argv.slice(1, last);
  const found = firstZset(s, keys);
  if (found !== undefined) {
    s.rewrittenArgv = [popName(max), found[0]];
    return popFrom(s, found[0], found[1], max, 1, WITH_KEY);
  }
  return s.engine.blocking.blockOn(s, keys, timeoutAt, NullArray.instance, "zset");
}

interface MpopArgs {
  keys: string[];
  max: boolean;
  count: number;
}

/** zmpopGenericCommand's parsing: numkeys, the keys, MIN|MAX, then an optional COUNT (once). */
function parseZmpop(argv: readonly string[], numkeysIdx: number): MpopArgs {
  const numkeys = longInRange(argv[numkeysIdx]!, 1n, INT64_MAX, NUMKEYS_NOT_POSITIVE);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw SYNTAX;
  const where = cOption(argv[whereIdx]!);
  if (where !== "MIN" && where !== "MAX") throw SYNTAX;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && more > 0 && cOption(argv[j]!) === "COUNT") {
      count = longInRange(argv[++j]!, 1n, INT64_MAX, COUNT_NOT_POSITIVE);
    } else {
      throw SYNTAX;
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), max: where === "MAX", count: count === -1 ? 1 : count };
}

/** Pops for ZMPOP/BZMPOP from the first sorted set among the keys, logged as ZPOPMIN/ZPOPMAX key n. */
function mpopFirst(s: Session, a: MpopArgs): Reply | undefined {
  const found = firstZset(s, a.keys);
  if (found === undefined) return undefined;
  const [key, z] = found;
  s.rewrittenArgv = [popName(a.max), key, String(Math.min(a.count, zsetLength(z)))];
  return popFrom(s, key, z, a.max, a.count, KEY_AND_PAIRS);
}

const zmpop: Handler = (s, argv) => mpopFirst(s, parseZmpop(argv, 1)) ?? NullArray.instance;

/** BZMPOP timeout numkeys key [key …] MIN|MAX [COUNT count]: the timeout is parsed after the rest. */
const bzmpop: Handler = (s, argv) => {
  const a = parseZmpop(argv, 2);
  const timeoutAt = timeoutSecondsArg(s, argv[1]!);
  return mpopFirst(s, a) ?? s.engine.blocking.blockOn(s, a.keys, timeoutAt, NullArray.instance, "zset");
};

export const ZSET_POP_COMMANDS: CommandDef[] = [
  { name: "zpopmin", handler: (s, argv) => zpopMinMax(s, argv, false) },
  { name: "zpopmax", handler: (s, argv) => zpopMinMax(s, argv, true) },
  { name: "bzpopmin", handler: (s, argv) => bzpopMinMax(s, argv, false) },
  { name: "bzpopmax", handler: (s, argv) => bzpopMinMax(s, argv, true) },
  { name: "zmpop", handler: zmpop },
  { name: "bzmpop", handler: bzmpop },
];

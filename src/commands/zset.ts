/**
 * The sorted_set group (t_zset.c, Redis 7.2). This file holds the group's table and the single-key
 * commands: ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, ZSCAN.
 * The range commands live in zset-range.ts, the pops (blocking too) in zset-pop.ts, ZRANDMEMBER in
 * zset-random.ts, and ZUNION/ZINTER/ZDIFF/ZINTERCARD with their STORE forms in zset-algebra.ts.
 *
 * Invariants kept by every handler:
 *  - Arguments are parsed and key types checked in Redis's order before anything changes.
 *  - Commands touch sorted sets only through src/types/zset's API; the keyspace creates keys (db.add)
 *    and the command deletes a key in the same call when its set becomes empty.
 *  - The dirty counter moves by what Redis adds to server.dirty (so a no-op logs nothing); keyspace
 *    events fire where Redis fires them, in its order.
 *  - Scores are replied as doubles (DoubleReply: RESP3 `,`, RESP2 a bulk string in Redis's format).
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import {
  NOT_FLOAT,
  SYNTAX,
  ZADD_GT_LT_NX,
  ZADD_INCR_ONE_PAIR,
  ZADD_XX_AND_NX,
  ZSET_SCORE_NAN,
  wrongArity,
} from "../engine/errors.js";
import { formatDouble, formatDouble17g, parseDouble } from "../engine/float.js";
import { compileGlob } from "../engine/glob.js";
import { NOTIFY_GENERIC, NOTIFY_ZSET } from "../engine/notify.js";
import { DoubleReply, NullArray, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { cOption } from "../types/string/extended-args.js";
import { zsetCount, zsetLexCount } from "../types/zset/zset-ranges.js";
import {
  ZADD_IN_GT,
  ZADD_IN_INCR,
  ZADD_IN_LT,
  ZADD_IN_NX,
  ZADD_IN_XX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
  ZaddResult,
  zsetAdd,
  zsetCreate,
  zsetDel,
  zsetLength,
  zsetMaybeConvertForHint,
  zsetRank,
  zsetScan,
  zsetScore,
} from "../types/zset/zset-value.js";
import { parseCursor, parseScanArgs } from "./scan-args.js";
import { ZSET_ALGEBRA_COMMANDS } from "./zset-algebra.js";
import { lexRangeArg, readZset, scoreRangeArg, writeZset } from "./zset-lookup.js";
import { ZSET_POP_COMMANDS } from "./zset-pop.js";
import { ZSET_RANDOM_COMMANDS } from "./zset-random.js";
import { ZSET_RANGE_COMMANDS } from "./zset-range.js";

const ZADD_OPTIONS: Record<string, number> = { NX: ZADD_IN_NX, XX: ZADD_IN_XX, INCR: ZADD_IN_INCR, GT: ZADD_IN_GT, LT: ZADD_IN_LT };

const addResult = new ZaddResult();

/**
 * zaddGenericCommand (ZADD, and ZINCRBY as ZADD INCR): options, then an even number of score-member
 * arguments, the option conflicts, every score, and only then the key.
 */
export function zaddGeneric(s: Session, argv: readonly string[], inFlags: number): Reply {
  const key = argv[1]!;
  let flags = inFlags;
  let ch = false;
  let scoreIdx = 2;
  for (; scoreIdx < argv.length; scoreIdx++) {
    const opt = cOption(argv[scoreIdx]!);
    const bit = ZADD_OPTIONS[opt];
    if (bit !== undefined) flags |= bit;
    else if (opt === "CH") ch = true;
    else break;
  }
  const incr = (flags & ZADD_IN_INCR) !== 0;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const xx = (flags & ZADD_IN_XX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  const args = argv.length - scoreIdx;
  if (args % 2 !== 0 || args === 0) throw SYNTAX;
  const elements = args / 2;
  if (nx && xx) throw ZADD_XX_AND_NX;
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw ZADD_GT_LT_NX;
  if (incr && elements > 1) throw ZADD_INCR_ONE_PAIR;
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const d = parseDouble(argv[scoreIdx + j * 2]!);
    if (d === undefined) throw NOT_FLOAT;
    scores[j] = d;
  }

  const limits = encodingLimits(s.engine);
  let z = writeZset(s, key);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined) {
    if (xx) return incr ? null : 0;
    z = zsetCreate(elements, argv[scoreIdx + 1]!.length, limits);
    s.db.add(key, z);
  } else {
    zsetMaybeConvertForHint(z, elements, limits);
  }
  const res = addResult;
  for (let j = 0; j < elements; j++) {
    // NaN is only possible with INCR (one pair, an existing member): nothing has changed yet.
    if (!zsetAdd(z, scores[j]!, argv[scoreIdx + 1 + j * 2]!, flags, limits, res)) throw ZSET_SCORE_NAN;
    if ((res.flags & ZADD_OUT_ADDED) !== 0) added++;
    if ((res.flags & ZADD_OUT_UPDATED) !== 0) updated++;
    if ((res.flags & ZADD_OUT_NOP) === 0) processed++;
    score = res.newScore;
  }
  if (added + updated > 0) {
    s.engine.touch(added + updated);
    s.engine.notify(NOTIFY_ZSET, incr ? "zincr" : "zadd", key, s.db.id);
  }
  if (incr) return processed > 0 ? new DoubleReply(score) : null;
  return ch ? added + updated : added;
}

/** ZREM key member [member …]: stops at the member that empties the set, which deletes the key. */
const zrem: Handler = (s, argv) => {
  const key = argv[1]!;
  const z = writeZset(s, key);
  if (z === undefined) return 0;
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (zsetDel(z, argv[j]!)) deleted++;
    if (zsetLength(z) === 0) {
      s.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    s.engine.notify(NOTIFY_ZSET, "zrem", key, s.db.id);
    if (keyRemoved) s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
    s.engine.touch(deleted);
  }
  return deleted;
};

const zcard: Handler = (s, argv) => {
  const z = readZset(s, argv[1]!);
  return z === undefined ? 0 : zsetLength(z);
};

const zscore: Handler = (s, argv) => {
  const z = readZset(s, argv[1]!);
  if (z === undefined) return null;
  const score = zsetScore(z, argv[2]!);
  return score === undefined ? null : new DoubleReply(score);
};

/** ZMSCORE: a missing key is an empty set (nulls). */
const zmscore: Handler = (s, argv) => {
  const z = readZset(s, argv[1]!);
  const out = new Array<Reply>(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === undefined ? undefined : zsetScore(z, argv[j]!);
    out[j - 2] = score === undefined ? null : new DoubleReply(score);
  }
  return out;
};

/** ZRANK / ZREVRANK key member [WITHSCORE] (7.2): WITHSCORE answers [rank, score], or a null array. */
function zrankGeneric(s: Session, argv: readonly string[], reverse: boolean): Reply {
  if (argv.length > 4) throw wrongArity(reverse ? "zrevrank" : "zrank");
  let withScore = false;
  if (argv.length > 3) {
    if (cOption(argv[3]!) !== "WITHSCORE") throw SYNTAX;
    withScore = true;
  }
  const missing = withScore ? NullArray.instance : null;
  const z = readZset(s, argv[1]!);
  if (z === undefined) return missing;
  const r = zsetRank(z, argv[2]!, reverse);
  if (r === undefined) return missing;
  return withScore ? [r[0], new DoubleReply(r[1])] : r[0];
}

/** ZCOUNT key min max: the range is parsed before the key is looked up. */
const zcount: Handler = (s, argv) => {
  const range = scoreRangeArg(argv[2]!, argv[3]!);
  const z = readZset(s, argv[1]!);
  return z === undefined ? 0 : zsetCount(z, range);
};

const zlexcount: Handler = (s, argv) => {
  const range = lexRangeArg(argv[2]!, argv[3]!);
  const z = readZset(s, argv[1]!);
  return z === undefined ? 0 : zsetLexCount(z, range);
};

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]: the cursor first, then the key (a missing key
 * answers an empty scan before the options are parsed), then the options. Scores are text as Redis
 * produces them: a listpack's stored form (d2string), a skiplist's "%.17Lg" (scanCallback).
 */
const zscan: Handler = (s, argv) => {
  parseCursor(argv[2]!);
  const z = readZset(s, argv[1]!);
  if (z === undefined) return ["0", []];
  const { cursor, count, pattern } = parseScanArgs(argv, 2);
  const fmt = z.encoding() === "listpack" ? formatDouble : formatDouble17g;
  const out: string[] = [];
  const next = zsetScan(
    z,
    cursor,
    count,
    (m, sc) => void out.push(m, fmt(sc)),
    pattern === undefined ? undefined : compileGlob(pattern),
  );
  return [String(next), out];
};

export const COMMANDS: CommandDef[] = [
  { name: "zadd", handler: (s, argv) => zaddGeneric(s, argv, 0) },
  { name: "zincrby", handler: (s, argv) => zaddGeneric(s, argv, ZADD_IN_INCR) },
  { name: "zrem", handler: zrem },
  { name: "zcard", handler: zcard },
  { name: "zscore", handler: zscore },
  { name: "zmscore", handler: zmscore },
  { name: "zrank", handler: (s, argv) => zrankGeneric(s, argv, false) },
  { name: "zrevrank", handler: (s, argv) => zrankGeneric(s, argv, true) },
  { name: "zcount", handler: zcount },
  { name: "zlexcount", handler: zlexcount },
  { name: "zscan", handler: zscan },
  ...ZSET_RANGE_COMMANDS,
  ...ZSET_POP_COMMANDS,
  ...ZSET_RANDOM_COMMANDS,
  ...ZSET_ALGEBRA_COMMANDS,
];

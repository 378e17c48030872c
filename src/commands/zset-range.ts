/**
 * The range commands of the sorted_set group (t_zset.c zrangeGenericCommand and friends): ZRANGE with
 * BYSCORE/BYLEX/REV/LIMIT/WITHSCORES, ZRANGESTORE, and the older ZREVRANGE, ZRANGEBYSCORE,
 * ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, all through one implementation; and
 * ZREMRANGEBYRANK/BYSCORE/BYLEX through another.
 *
 * Parsing follows Redis's order: the options after <min> <max> (LIMIT parses its two integers at
 * once), the option conflicts, then the range itself (reversed forms take max before min), and only
 * then the key. ZRANGESTORE builds its result the way Redis 7.2 does — a new sorted set sized by
 * zsetTypeCreate for the rank range's length (0 for score and lex ranges, as 7.2.5 fixed it), fed
 * through zsetAdd so it converts as it grows — and replaces the destination, or deletes it when the
 * result is empty.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import { SYNTAX, ZRANGE_LIMIT_NEEDS_BY, ZRANGE_WITHSCORES_BYLEX } from "../engine/errors.js";
import { intArg } from "../engine/int64.js";
import { NOTIFY_GENERIC, NOTIFY_ZSET } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { cOption } from "../types/string/extended-args.js";
import type { LexRange, ScoreRange } from "../types/zset/range.js";
import {
  type ZsetEmit,
  zsetDeleteRangeByLex,
  zsetDeleteRangeByRank,
  zsetDeleteRangeByScore,
  zsetRangeByLex,
  zsetRangeByRank,
  zsetRangeByScore,
} from "../types/zset/zset-ranges.js";
import { ZaddResult, type ZsetValue, zsetAdd, zsetCreate, zsetLength } from "../types/zset/zset-value.js";
import { lexRangeArg, readZset, replyEmitter, scoreRangeArg, writeZset } from "./zset-lookup.js";

const RANK = 1;
const SCORE = 2;
const LEX = 3;
type RangeType = typeof RANK | typeof SCORE | typeof LEX;

/** Clamps a rank range as Redis does; undefined when it is empty. */
function clampRanks(start: number, end: number, len: number): [number, number] | undefined {
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return undefined;
  if (end >= len) end = len - 1;
  return [start, end];
}

/** Where a range's members go: a reply being built, or ZRANGESTORE's new sorted set. */
interface RangeSink {
  /** Called once with the known result length (rank ranges) or -1 (score and lex ranges). */
  begin(length: number): void;
  emit: ZsetEmit;
  finish(count: number): Reply;
}

function clientSink(s: Session, withScores: boolean): RangeSink {
  const out: Reply[] = [];
  return { begin: () => {}, emit: replyEmitter(s, out, withScores), finish: () => out };
}

function storeSink(s: Session, dstKey: string): RangeSink {
  const limits = encodingLimits(s.engine);
  const res = new ZaddResult();
  let dst: ZsetValue | undefined;
  return {
    begin: (length) => {
      dst = zsetCreate(length >= 0 ? length : 0, 0, limits);
    },
    emit: (m, sc) => void zsetAdd(dst!, sc, m, 0, limits, res),
    finish: (count) => {
      const db = s.db;
      if (count > 0) {
        db.set(dstKey, dst!);
        s.engine.notify(NOTIFY_ZSET, "zrangestore", dstKey, db.id);
        s.engine.touch();
        return count;
      }
      if (db.delete(dstKey)) {
        s.engine.notify(NOTIFY_GENERIC, "del", dstKey, db.id);
        s.engine.touch();
      }
      return 0;
    },
  };
}

/**
 * zrangeGenericCommand: `keyIdx` is the source key's position; `store` is ZRANGESTORE's destination;
 * `fixedType` / `fixedReverse` are set by the older commands, which then refuse BYSCORE/BYLEX/REV
 * (as does ZRANGE once it has seen one of them: "BYSCORE BYLEX" and "REV REV" are syntax errors).
 */
function zrangeGeneric(
  s: Session,
  argv: readonly string[],
  keyIdx: number,
  store: string | undefined,
  fixedType: RangeType | undefined,
  fixedReverse: boolean | undefined,
): Reply {
  let minIdx = keyIdx + 1;
  let maxIdx = keyIdx + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  let type = fixedType;
  let reverse = fixedReverse;
  for (let j = keyIdx + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = cOption(argv[j]!);
    if (store === undefined && opt === "WITHSCORES") {
      withScores = true;
    } else if (opt === "LIMIT" && left >= 2) {
      offset = intArg(argv[j + 1]!);
      limit = intArg(argv[j + 2]!);
      j += 2;
    } else if (reverse === undefined && opt === "REV") {
      reverse = true;
    } else if (type === undefined && opt === "BYLEX") {
      type = LEX;
    } else if (type === undefined && opt === "BYSCORE") {
      type = SCORE;
    } else {
      throw SYNTAX;
    }
  }
  const rev = reverse ?? false;
  const rangeType = type ?? RANK;
  if (limit !== -1 && rangeType === RANK) throw ZRANGE_LIMIT_NEEDS_BY;
  if (withScores && rangeType === LEX) throw ZRANGE_WITHSCORES_BYLEX;
  if (rev && rangeType !== RANK) {
    const t = minIdx;
    minIdx = maxIdx;
    maxIdx = t;
  }
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (rangeType === RANK) {
    start = intArg(argv[minIdx]!);
    end = intArg(argv[maxIdx]!);
  } else if (rangeType === SCORE) {
    scoreRange = scoreRangeArg(argv[minIdx]!, argv[maxIdx]!);
  } else {
    lexRange = lexRangeArg(argv[minIdx]!, argv[maxIdx]!);
  }

  const sink = store === undefined ? clientSink(s, withScores) : storeSink(s, store);
  const z = readZset(s, argv[keyIdx]!);
  if (z === undefined) {
    if (store === undefined) return [];
    sink.begin(-1);
    return sink.finish(0);
  }
  if (rangeType === RANK) {
    const r = clampRanks(start, end, zsetLength(z));
    if (r === undefined) {
      sink.begin(0);
      return sink.finish(0);
    }
    sink.begin(r[1] - r[0] + 1);
    zsetRangeByRank(z, r[0], r[1], rev, sink.emit);
    return sink.finish(r[1] - r[0] + 1);
  }
  sink.begin(-1);
  const n =
    rangeType === SCORE
      ? zsetRangeByScore(z, scoreRange!, rev, offset, limit, sink.emit)
      : zsetRangeByLex(z, lexRange!, rev, offset, limit, sink.emit);
  return sink.finish(n);
}

/**
 * zremrangeGenericCommand: the range is parsed first (ranks as integers), then the key is looked up
 * for writing; a rank range is clamped to the set. Every removed member counts as a change.
 */
function zremrangeGeneric(s: Session, argv: readonly string[], type: RangeType): Reply {
  const key = argv[1]!;
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  let event: string;
  if (type === RANK) {
    event = "zremrangebyrank";
    start = intArg(argv[2]!);
    end = intArg(argv[3]!);
  } else if (type === SCORE) {
    event = "zremrangebyscore";
    scoreRange = scoreRangeArg(argv[2]!, argv[3]!);
  } else {
    event = "zremrangebylex";
    lexRange = lexRangeArg(argv[2]!, argv[3]!);
  }
  const z = writeZset(s, key);
  if (z === undefined) return 0;
  let deleted: number;
  if (type === RANK) {
    const r = clampRanks(start, end, zsetLength(z));
    if (r === undefined) return 0;
    deleted = zsetDeleteRangeByRank(z, r[0], r[1]);
  } else if (type === SCORE) {
    deleted = zsetDeleteRangeByScore(z, scoreRange!);
  } else {
    deleted = zsetDeleteRangeByLex(z, lexRange!);
  }
  const emptied = zsetLength(z) === 0;
  if (emptied) s.db.delete(key);
  if (deleted > 0) {
    s.engine.notify(NOTIFY_ZSET, event, key, s.db.id);
    if (emptied) s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
    s.engine.touch(deleted);
  }
  return deleted;
}

const zrangestore: Handler = (s, argv) => zrangeGeneric(s, argv, 2, argv[1]!, undefined, undefined);

export const ZSET_RANGE_COMMANDS: CommandDef[] = [
  { name: "zrange", handler: (s, argv) => zrangeGeneric(s, argv, 1, undefined, undefined, undefined) },
  { name: "zrangestore", handler: zrangestore },
  { name: "zrevrange", handler: (s, argv) => zrangeGeneric(s, argv, 1, undefined, RANK, true) },
  { name: "zrangebyscore", handler: (s, argv) => zrangeGeneric(s, argv, 1, undefined, SCORE, false) },
  { name: "zrevrangebyscore", handler: (s, argv) => zrangeGeneric(s, argv, 1, undefined, SCORE, true) },
  { name: "zrangebylex", handler: (s, argv) => zrangeGeneric(s, argv, 1, undefined, LEX, false) },
  { name: "zrevrangebylex", handler: (s, argv) => zrangeGeneric(s, argv, 1, undefined, LEX, true) },
  { name: "zremrangebyrank", handler: (s, argv) => zremrangeGeneric(s, argv, RANK) },
  { name: "zremrangebyscore", handler: (s, argv) => zremrangeGeneric(s, argv, SCORE) },
  { name: "zremrangebylex", handler: (s, argv) => zremrangeGeneric(s, argv, LEX) },
];

/**
 * Pieces shared by the sorted-set command files: typed lookups of zset keys (a read counts keyspace
 * hits/misses and notifies keymiss, a write lookup does not; both expire lazily and answer WRONGTYPE
 * for another type), the range arguments with Redis's error texts, and the two reply shapes of a
 * member with its score (RESP2 a flat list, RESP3 [member, score] pairs).
 */
import { ZSET_MIN_MAX_NOT_FLOAT, ZSET_MIN_MAX_NOT_LEX } from "../engine/errors.js";
import { readObject } from "../engine/lookup.js";
import { DoubleReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { type LexRange, type ScoreRange, parseLexRange, parseScoreRange } from "../types/zset/range.js";
import type { ZsetValue } from "../types/zset/zset-value.js";

/** The sorted set at `key` for reading, undefined when missing. */
export function readZset(s: Session, key: string): ZsetValue | undefined {
  return readObject<ZsetValue>(s, key, "zset");
}

/** The sorted set at `key` for writing (lookupKeyWrite), undefined when missing. */
export function writeZset(s: Session, key: string): ZsetValue | undefined {
  return readObject<ZsetValue>(s, key, "zset", true);
}

/** zslParseRange with its reply text. */
export function scoreRangeArg(min: string, max: string): ScoreRange {
  const r = parseScoreRange(min, max);
  if (r === undefined) throw ZSET_MIN_MAX_NOT_FLOAT;
  return r;
}

/** zslParseLexRange with its reply text. */
export function lexRangeArg(min: string, max: string): LexRange {
  const r = parseLexRange(min, max);
  if (r === undefined) throw ZSET_MIN_MAX_NOT_LEX;
  return r;
}

/**
 * An emitter of members (and scores, when `withScores`) into `out` in the session's protocol shape:
 * RESP2 member, score, member, score …; RESP3 [member, score] pairs; members alone otherwise.
 */
export function replyEmitter(s: Session, out: Reply[], withScores: boolean): (member: string, score: number) => void {
  if (!withScores) return (m) => void out.push(m);
  if (s.resp === 2) return (m, sc) => void out.push(m, new DoubleReply(sc));
  return (m, sc) => void out.push([m, new DoubleReply(sc)]);
}

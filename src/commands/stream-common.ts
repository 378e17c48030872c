/**
 * Pieces every stream command shares: typed lookups (read lookups count hits/misses, write lookups do
 * not), argument parsing with Redis's error texts (IDs, intervals, integers) and the reply shapes of
 * entries.
 */
import { NOT_INTEGER, STREAM_ID_INVALID, STREAM_INVALID_END, STREAM_INVALID_START } from "../engine/errors.js";
import { parseInt64 } from "../engine/int64.js";
import { readObject } from "../engine/lookup.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { type StreamId, U64_MAX, decrId, formatId, incrId, parseStreamId } from "../types/stream/stream-id.js";
import type { StreamValue } from "../types/stream/stream-value.js";

/** The stream at `key` for reading (lookupKeyRead), undefined when missing; WRONGTYPE otherwise. */
export function readStream(s: Session, key: string): StreamValue | undefined {
  return readObject<StreamValue>(s, key, "stream");
}

/** The stream at `key` for writing (lookupKeyWrite). */
export function writeStream(s: Session, key: string): StreamValue | undefined {
  return readObject<StreamValue>(s, key, "stream", true);
}

/** streamParseStrictIDOrReply: `-` and `+` refused. */
export function strictIdArg(arg: string, missingSeq = 0n): StreamId {
  const p = parseStreamId(arg, missingSeq, true);
  if (p === undefined) throw STREAM_ID_INVALID;
  return p.id;
}

/** streamParseIDOrReply: `-` and `+` allowed. */
export function idArg(arg: string, missingSeq = 0n): StreamId {
  const p = parseStreamId(arg, missingSeq, false);
  if (p === undefined) throw STREAM_ID_INVALID;
  return p.id;
}

/**
 * streamParseIntervalIDOrReply plus the exclusive-bound step: `(id` is strict and moves one up (a
 * start) or down (an end). Incomplete starts get sequence 0, ends the largest sequence.
 */
export function intervalStart(arg: string): StreamId {
  if (arg.length > 1 && arg.charCodeAt(0) === 40) {
    const id = incrId(strictIdArg(arg.slice(1), 0n));
    if (id === undefined) throw STREAM_INVALID_START;
    return id;
  }
  return idArg(arg, 0n);
}

export function intervalEnd(arg: string): StreamId {
  if (arg.length > 1 && arg.charCodeAt(0) === 40) {
    const id = decrId(strictIdArg(arg.slice(1), U64_MAX));
    if (id === undefined) throw STREAM_INVALID_END;
    return id;
  }
  return idArg(arg, U64_MAX);
}

/** getLongLongFromObjectOrReply with `error` as its message (NOT_INTEGER by default). */
export function longLongArg(arg: string, error = NOT_INTEGER): bigint {
  const v = parseInt64(arg);
  if (v === undefined) throw error;
  return BigInt(v);
}

/** One entry as Redis replies it: [id, [field, value, …]]. */
export function entryReply(id: StreamId, fv: readonly string[]): Reply {
  return [formatId(id), fv.slice()];
}

/** A reply integer from a bigint (a number when exact). */
export function bigReply(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/** An argument as C code sees it: up to its first NUL byte (strcmp, strcasecmp, %s). */
export function cstr(a: string): string {
  const nul = a.indexOf("\0");
  return nul < 0 ? a : a.slice(0, nul);
}

/** strcasecmp(a, b) == 0 for a lower-case ASCII keyword `b`. */
export function eqi(a: string, b: string): boolean {
  const c = cstr(a);
  return c.length === b.length && c.toLowerCase() === b;
}

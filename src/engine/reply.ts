/**
 * The engine's reply values: what a handler returns and what the transports encode.
 *
 * Plain JS values carry the common RESP types so the hot path allocates nothing:
 *   string  → bulk string (binary string: one char per byte, see bytes.ts)
 *   number  → integer (always a safe integer); bigint → integer beyond 2^53
 *   null    → null bulk string (RESP2 `$-1`, RESP3 `_`)
 *   Array   → array
 * Everything else is a small class, so the encoder can tell RESP2 and RESP3 forms apart.
 * Errors are RedisError values (errors.ts), returned as replies inside arrays (EXEC) or thrown by handlers.
 */
import type { RedisError } from "./errors.js";

/** A simple string (`+OK`). Only ASCII; never contains CR or LF. */
export class SimpleString {
  constructor(readonly value: string) {}
}

/** A null array: RESP2 `*-1`, RESP3 `_` (EXEC after a WATCH conflict, BLPOP timeout). */
export class NullArray {
  private constructor() {}
  static readonly instance = new NullArray();
}

/** A map: RESP3 `%`, RESP2 a flat array of key, value, key, value. */
export class MapReply {
  constructor(readonly entries: Reply[]) {} // flat: k0, v0, k1, v1 …
}

/** A set: RESP3 `~`, RESP2 an array. */
export class SetReply {
  constructor(readonly items: Reply[]) {}
}

/**
 * A double: RESP3 `,`, RESP2 a bulk string formatted as Redis formats doubles — or, with `text`, those
 * exact digits in both (addReplyHumanLongDouble's "%.17Lf" form: GEOPOS, WITHCOORD).
 */
export class DoubleReply {
  constructor(
    readonly value: number,
    readonly text: string | undefined = undefined,
  ) {}
}

/** A boolean: RESP3 `#t`/`#f`, RESP2 the integer 1 or 0. */
export class BooleanReply {
  private constructor(readonly value: boolean) {}
  static readonly TRUE = new BooleanReply(true);
  static readonly FALSE = new BooleanReply(false);
  static of(b: boolean): BooleanReply {
    return b ? BooleanReply.TRUE : BooleanReply.FALSE;
  }
}

/** Verbatim text: RESP3 `=`, RESP2 a bulk string. `format` is three letters (`txt`, `mkd`). */
export class VerbatimReply {
  constructor(
    readonly format: string,
    readonly text: string,
  ) {}
}

/** A RESP3 push frame (pub/sub messages). */
export class PushReply {
  constructor(readonly items: Reply[]) {}
}

/** Nothing at all is written (CLIENT REPLY OFF/SKIP, a subscriber's unsubscribe with nothing left). */
export class NoReply {
  private constructor() {}
  static readonly instance = new NoReply();
}

export type Reply =
  | string
  | number
  | bigint
  | null
  | Reply[]
  | SimpleString
  | NullArray
  | MapReply
  | SetReply
  | DoubleReply
  | BooleanReply
  | VerbatimReply
  | PushReply
  | NoReply
  | RedisError;

export const OK = new SimpleString("OK");
export const QUEUED = new SimpleString("QUEUED");
export const PONG = new SimpleString("PONG");

/** An integer reply from a bigint, as a number when it is safe. */
export function intReply(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

/**
 * A reply that is not ready yet: a blocking command parked its session (DESIGN.md convention 8).
 * Transports await `promise`; `cancel()` is what a disconnect does (nothing is popped for a client
 * that is gone).
 */
export class PendingReply {
  constructor(
    readonly promise: Promise<Reply>,
    readonly cancel: () => void,
  ) {}
}

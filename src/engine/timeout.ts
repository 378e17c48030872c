/**
 * Blocking-command timeouts (timeout.c getTimeoutFromObjectOrReply, Redis 7.2), shared by the list,
 * sorted-set and stream blocking commands.
 *
 * Seconds are read as a long double (string2ld: "1.5", "1e3", "inf", hex floats), multiplied by 1000
 * in long double, refused above LLONG_MAX ("timeout is out of range", new in 7.2), rounded up (ceill:
 * 0.0001 s is 1 ms, -0.0001 s is 0 = forever), refused when negative, and turned into an absolute
 * deadline on the command's time snapshot (refused when that would overflow). Milliseconds (XREAD
 * BLOCK, WAIT) are a plain int64. 0 means "no timeout".
 */
import { TIMEOUT_NEGATIVE, TIMEOUT_NOT_FLOAT, TIMEOUT_NOT_INTEGER, TIMEOUT_OUT_OF_RANGE } from "./errors.js";
import { parseInt64 } from "./int64.js";
import { parseLongDouble, secondsToMillisCeil } from "./long-double.js";
import type { Session } from "./session.js";

const LLONG_MAX = (1n << 63n) - 1n;

function deadline(s: Session, ms: bigint): number {
  if (ms < 0n) throw TIMEOUT_NEGATIVE;
  if (ms === 0n) return 0;
  const now = BigInt(s.engine.now);
  if (ms > LLONG_MAX - now) throw TIMEOUT_OUT_OF_RANGE;
  return Number(now + ms);
}

/**
 * A timeout in seconds (BLPOP, BLMOVE, BZPOPMIN …): the absolute deadline in engine-clock ms, or 0
 * for "wait forever".
 */
export function timeoutSecondsArg(s: Session, arg: string): number {
  const x = parseLongDouble(arg);
  if (x === undefined) throw TIMEOUT_NOT_FLOAT;
  const ms = secondsToMillisCeil(x);
  if (ms === undefined) throw TIMEOUT_OUT_OF_RANGE;
  return deadline(s, ms);
}

/** A timeout in milliseconds (UNIT_MILLISECONDS): the absolute deadline, or 0 for none. */
export function timeoutMillisArg(s: Session, arg: string): number {
  const v = parseInt64(arg);
  if (v === undefined) throw TIMEOUT_NOT_INTEGER;
  return deadline(s, BigInt(v));
}

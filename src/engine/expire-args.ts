/**
 * Expire-time arguments, turned into absolute Unix milliseconds with Redis's exact validation and
 * overflow rules. Two rule sets exist in Redis and both live here:
 *
 *  - `parseExpireArg`: SET / GETEX `EX|PX|EXAT|PXAT <n>` (t_string.c getExpireMillisecondsOrReply):
 *    the number must be > 0, and the absolute result must stay a positive int64.
 *  - `parseExpireCommandTime`: EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT (expire.c
 *    expireGenericCommand): any int64, negative allowed (a time in the past deletes the key), only
 *    the seconds→ms multiplication and the addition of the base time may not overflow.
 *
 * Both return the exact absolute time as an Int64 (a JS number when it is a safe integer, else a
 * bigint), so nothing near 2^63 loses precision in replies or in the propagated PXAT/PEXPIREAT
 * argument (`formatInt64(at)`). Db.setExpire takes a number: pass `Number(at)` (times beyond 2^53 ms,
 * ~285,000 years away, are then kept as the nearest double).
 *
 * Errors: `ERR value is not an integer or out of range` for a non-integer, and
 * `ERR invalid expire time in '<cmd>' command` (cmd = Redis's lower-case command name) otherwise.
 */
import { invalidExpireTime } from "./errors.js";
import { type Int64, INT64_MAX, INT64_MIN, int64Arg } from "./int64.js";
import type { Session } from "./session.js";

/** |n| below this can be multiplied by 1000 and offset by any current Unix ms time without leaving 2^53. */
const FAST_LIMIT = 1e12;

function toInt64(b: bigint): Int64 {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/**
 * SET/GETEX expire option value → absolute Unix ms.
 * `unitMs` is 1000 for EX/EXAT, 1 for PX/PXAT; `absolute` is true for EXAT/PXAT (relative values are
 * added to the command's time snapshot, `s.engine.now`). `cmdName` is Redis's lower-case name of the
 * command, e.g. "set", "getex". O(1).
 */
export function parseExpireArg(
  s: Session,
  arg: string,
  unitMs: 1 | 1000,
  absolute: boolean,
  cmdName: string,
): Int64 {
  const n = int64Arg(arg);
  if (typeof n === "number" && n > 0 && n < FAST_LIMIT) return n * unitMs + (absolute ? 0 : s.engine.now);
  let ms = BigInt(n);
  if (ms <= 0n || (unitMs === 1000 && ms > INT64_MAX / 1000n)) throw invalidExpireTime(cmdName);
  ms *= BigInt(unitMs);
  if (!absolute) ms += BigInt(s.engine.now);
  // Redis detects the overflow of the addition as a wrapped (non-positive) result.
  if (ms > INT64_MAX) throw invalidExpireTime(cmdName);
  return toInt64(ms);
}

/**
 * EXPIRE-family time argument → absolute Unix ms (may be in the past or negative).
 * `unitMs` is 1000 for EXPIRE/EXPIREAT, 1 for PEXPIRE/PEXPIREAT; `basetime` is the command's time for
 * the relative forms and 0 for the *AT forms. `cmdName` is e.g. "expire", "pexpireat". O(1).
 */
export function parseExpireCommandTime(arg: string, unitMs: 1 | 1000, basetime: number, cmdName: string): Int64 {
  const n = int64Arg(arg);
  if (typeof n === "number" && n > -FAST_LIMIT && n < FAST_LIMIT) return n * unitMs + basetime;
  let when = BigInt(n);
  if (unitMs === 1000) {
    // C division truncates toward zero: LLONG_MIN / 1000 is -9223372036854775.
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw invalidExpireTime(cmdName);
    when *= 1000n;
  }
  const base = BigInt(basetime);
  if (when > INT64_MAX - base) throw invalidExpireTime(cmdName);
  return toInt64(when + base);
}

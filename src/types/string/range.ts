/**
 * Byte-range arithmetic on binary strings (t_string.c getrangeCommand / setrangeCommand).
 *
 * Indexes arrive as exact int64 values (number or bigint); only their position relative to the
 * string length matters, so they are compared as doubles: every string is far shorter than 2^53,
 * where a double's rounding could change an outcome.
 */
import type { Int64 } from "../../engine/int64.js";

/**
 * GETRANGE's substring: negative indexes count from the end, both ends inclusive and clamped,
 * an empty string when the range is empty. O(result length).
 */
export function stringRange(str: string, start64: Int64, end64: Int64): string {
  const len = str.length;
  let start = Number(start64);
  let end = Number(end64);
  // Redis answers "" for a reversed pair of negative indexes before normalising them.
  if (start < 0 && end < 0 && start > end) return "";
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return "";
  return str.slice(start, end + 1);
}

/**
 * SETRANGE's result: `value` written over `str` at `offset`, zero-padding the gap when the offset is
 * past the end. `offset` must be ≥ 0 and the caller has checked the size limit. O(result length).
 */
export function overwriteRange(str: string, offset: number, value: string): string {
  const len = str.length;
  const head = offset <= len ? str.slice(0, offset) : str + "\0".repeat(offset - len);
  const tailFrom = offset + value.length;
  return tailFrom < len ? head + value + str.slice(tailFrom) : head + value;
}

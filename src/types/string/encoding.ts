/**
 * OBJECT ENCODING for strings, as Redis 7.2 ends up encoding a string object (object.c):
 *
 *  - Values stored through tryObjectEncoding (SET and its variants, GETSET, MSET, APPEND on a missing
 *    key, INCR's result) are `int` when they are the canonical form of a 64-bit integer of at most 20
 *    chars (string2l), else `embstr` up to 44 bytes, else `raw`.
 *  - Values modified in place (APPEND on an existing key, SETRANGE, SETBIT: dbUnshareStringValue)
 *    are `raw` whatever their content (Entry.raw).
 *  - Values created directly by createStringObject (INCRBYFLOAT's result) skip the int attempt:
 *    `embstr` up to 44 bytes, else `raw`, so `INCRBYFLOAT k 1` leaves an embstr "1" (Entry.noInt).
 */
import { isInt64String } from "../../engine/int64.js";
import type { Entry } from "../../engine/keyspace.js";

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const EMBSTR_SIZE_LIMIT = 44;

export type StringEncoding = "int" | "embstr" | "raw";

/** The encoding Redis would report for `value` given how it was last stored. O(1) (values ≤ 20 bytes are parsed). */
export function stringEncoding(value: string, raw: boolean, noInt = false): StringEncoding {
  if (raw) return "raw";
  if (!noInt && isInt64String(value)) return "int";
  return value.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
}

/** The encoding of a string key's entry (what OBJECT ENCODING prints for it). */
export function stringEntryEncoding(e: Entry): StringEncoding {
  const v = e.value;
  if (typeof v !== "string") throw new TypeError("stringEntryEncoding: not a string value");
  return stringEncoding(v, e.raw, e.noInt);
}

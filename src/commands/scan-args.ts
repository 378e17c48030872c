/**
 * The SCAN family's shared argument rules (db.c scanGenericCommand, parseScanCursorOrReply): the
 * cursor, MATCH, COUNT, and the per-command extras (TYPE for SCAN, NOVALUES for HSCAN). One parser
 * for SCAN, HSCAN, SSCAN and ZSCAN, so they reject the same inputs with the same errors.
 */
import { INVALID_CURSOR, SYNTAX } from "../engine/errors.js";
import { globMatchesAll } from "../engine/glob.js";
import { intArg } from "../engine/int64.js";

const ULONG_MAX = 2n ** 64n - 1n;

/**
 * SCAN's cursor as Redis parses it: C strtoul, so an optional sign (a negative value wraps modulo
 * 2^64), decimal digits, nothing after them (the argument is a C string, so it ends at a NUL byte),
 * no leading space, and the empty string is cursor 0.
 */
export function parseCursor(arg: string): number {
  const nul = arg.indexOf("\0");
  const text = nul < 0 ? arg : arg.slice(0, nul);
  if (text.length === 0) return 0;
  if (text.length < 16 && /^[0-9]+$/.test(text)) return Number(text);
  const m = /^([+-]?)([0-9]+)$/.exec(text);
  if (m === null) throw INVALID_CURSOR;
  let v = BigInt(m[2]!);
  if (v > ULONG_MAX) throw INVALID_CURSOR;
  if (m[1] === "-" && v !== 0n) v = ULONG_MAX + 1n - v;
  // Our cursors are slot indexes; anything beyond 2^53 is past the end of any table just the same.
  return Number(v);
}

export interface ScanOptions {
  cursor: number;
  count: number;
  /** undefined when there is no pattern or it matches everything ("*"). */
  pattern: string | undefined;
  /** SCAN's TYPE argument, as given. */
  type: string | undefined;
  /** HSCAN NOVALUES. */
  noValues: boolean;
}

/**
 * Parses `argv[cursorIndex]` and the options after it. `extras` names the options this command
 * takes beyond MATCH and COUNT ("type" for SCAN, "novalues" for HSCAN). Throws Redis's errors.
 */
export function parseScanArgs(argv: readonly string[], cursorIndex: number, extras: readonly ("type" | "novalues")[] = []): ScanOptions {
  const o: ScanOptions = { cursor: parseCursor(argv[cursorIndex]!), count: 10, pattern: undefined, type: undefined, noValues: false };
  for (let i = cursorIndex + 1; i < argv.length; ) {
    const opt = argv[i]!.toLowerCase();
    const hasValue = i + 1 < argv.length;
    if (opt === "count" && hasValue) {
      o.count = intArg(argv[i + 1]!);
      if (o.count < 1) throw SYNTAX;
      i += 2;
    } else if (opt === "match" && hasValue) {
      const p = argv[i + 1]!;
      o.pattern = globMatchesAll(p) ? undefined : p;
      i += 2;
    } else if (opt === "type" && hasValue && extras.includes("type")) {
      o.type = argv[i + 1]!;
      i += 2;
    } else if (opt === "novalues" && extras.includes("novalues")) {
      o.noValues = true;
      i += 1;
    } else {
      throw SYNTAX;
    }
  }
  return o;
}

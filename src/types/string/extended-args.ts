/**
 * The option grammar shared by SET and GETEX (t_string.c parseExtendedStringArgumentsOrReply):
 *
 *   SET:   NX | XX | GET | KEEPTTL | EX n | PX n | EXAT n | PXAT n
 *   GETEX: PERSIST | EX n | PX n | EXAT n | PXAT n
 *
 * Options are matched case-insensitively and as C strings: Redis compares up to the first NUL byte,
 * so "NX\0junk" is NX. Repeating an option is allowed (the last expire value wins); combining
 * conflicting ones (NX+XX, two different expire forms, an expire with KEEPTTL or PERSIST) or an expire
 * keyword without its value is `ERR syntax error`. Only the grammar is checked here: the expire value
 * is validated later, at the point where Redis validates it (before GET for SET, after the key lookup
 * for GETEX).
 */
import { SYNTAX } from "../../engine/errors.js";

export const OPT_NX = 1 << 0;
export const OPT_XX = 1 << 1;
export const OPT_EX = 1 << 2;
export const OPT_PX = 1 << 3;
export const OPT_KEEPTTL = 1 << 4;
export const OPT_GET = 1 << 5;
export const OPT_EXAT = 1 << 6;
export const OPT_PXAT = 1 << 7;
export const OPT_PERSIST = 1 << 8;

const ANY_EXPIRE = OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT;

export interface ExtendedArgs {
  flags: number;
  /** The value of the last EX/PX/EXAT/PXAT, undefined without one. */
  expire: string | undefined;
}

/**
 * The argument as C's strcasecmp sees it: up to its first NUL byte, ASCII letters upper-cased (only
 * ASCII: String#toUpperCase would turn byte 0xDF into "SS").
 */
export function cOption(arg: string): string {
  const nul = arg.indexOf("\0");
  const c = nul < 0 ? arg : arg.slice(0, nul);
  return c.length > 12 ? c : c.replace(/[a-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 32));
}

/** The expire unit of the parsed flags: 1000 for EX/EXAT, 1 for PX/PXAT. */
export function expireUnitMs(flags: number): 1 | 1000 {
  return (flags & (OPT_PX | OPT_PXAT)) !== 0 ? 1 : 1000;
}

/** True when the parsed expire is an absolute time (EXAT/PXAT). */
export function expireIsAbsolute(flags: number): boolean {
  return (flags & (OPT_EXAT | OPT_PXAT)) !== 0;
}

/**
 * Parses the options of SET (`forSet`, from argv[3]) or GETEX (from argv[2]). Throws
 * `ERR syntax error` on anything Redis rejects. O(argc).
 */
export function parseExtendedArgs(argv: readonly string[], forSet: boolean): ExtendedArgs {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = cOption(argv[j]!);
    const hasNext = j + 1 < argv.length;
    // Each expire form excludes the other three, but may repeat itself.
    const expireOk = (self: number) =>
      (flags & (OPT_KEEPTTL | OPT_PERSIST)) === 0 && (flags & (ANY_EXPIRE & ~self)) === 0 && hasNext;
    let expireFlag = 0;
    if (opt === "NX" && forSet && (flags & OPT_XX) === 0) {
      flags |= OPT_NX;
    } else if (opt === "XX" && forSet && (flags & OPT_NX) === 0) {
      flags |= OPT_XX;
    } else if (opt === "GET" && forSet) {
      flags |= OPT_GET;
    } else if (opt === "KEEPTTL" && forSet && (flags & (OPT_PERSIST | ANY_EXPIRE)) === 0) {
      flags |= OPT_KEEPTTL;
    } else if (opt === "PERSIST" && !forSet && (flags & (OPT_KEEPTTL | ANY_EXPIRE)) === 0) {
      flags |= OPT_PERSIST;
    } else if (opt === "EX" && expireOk(OPT_EX)) {
      expireFlag = OPT_EX;
    } else if (opt === "PX" && expireOk(OPT_PX)) {
      expireFlag = OPT_PX;
    } else if (opt === "EXAT" && expireOk(OPT_EXAT)) {
      expireFlag = OPT_EXAT;
    } else if (opt === "PXAT" && expireOk(OPT_PXAT)) {
      expireFlag = OPT_PXAT;
    } else {
      throw SYNTAX;
    }
    if (expireFlag !== 0) {
      flags |= expireFlag;
      expire = argv[++j]!;
    }
  }
  return { flags, expire };
}

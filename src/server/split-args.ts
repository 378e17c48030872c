/**
 * Redis's argument splitter (sds.c sdssplitargs): how inline commands and redis.conf lines become
 * argument vectors. Pure, no platform APIs; works on binary strings (one char per byte) so it serves
 * both the socket (bytes) and config files (text).
 *
 * The rules, as the C code has them:
 *  - blanks (C isspace: space, \t, \n, \v, \f, \r) separate arguments; an unquoted argument ends at
 *    space, \t, \n, \r or NUL only (so \v and \f inside a word are kept);
 *  - "double quotes" take escapes \n \r \t \b \a, \xHH (two hex digits) and \<any> for that char;
 *  - 'single quotes' take only \' as an escape;
 *  - a closing quote must be followed by a blank or the end ("foo"bar is an error), and an
 *    unterminated quote is an error;
 *  - quotes may start in the middle of a word (foo"bar baz" is one argument: foobar baz);
 *  - the input is a C string: a NUL byte ends it, whatever follows.
 */

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 };

/**
 * Splits `line` (a binary string) into arguments, or returns undefined for unbalanced quotes (or a
 * closing quote followed by a non-blank). O(n).
 */
export function splitArgs(line: string): string[] | undefined {
  const nul = line.indexOf("\0");
  const end = nul < 0 ? line.length : nul;
  // Reading past the end yields 0, the C string's terminator.
  const at = (i: number): number => (i < end ? line.charCodeAt(i) : 0);
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (p < end && isSpace(at(p))) p++;
    if (p >= end) return out;
    let inDouble = false;
    let inSingle = false;
    let done = false;
    let cur = "";
    // Runs of plain bytes are sliced in one go rather than appended byte by byte.
    let runStart = -1;
    const flush = (to: number): void => {
      if (runStart >= 0) {
        cur += line.slice(runStart, to);
        runStart = -1;
      }
    };
    while (!done) {
      const c = at(p);
      if (inDouble) {
        if (c === 0x5c && at(p + 1) === 0x78 && hexValue(at(p + 2)) >= 0 && hexValue(at(p + 3)) >= 0) {
          flush(p);
          cur += String.fromCharCode(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
          p += 3;
        } else if (c === 0x5c && at(p + 1) !== 0) {
          flush(p);
          p++;
          const e = at(p);
          cur += String.fromCharCode(ESCAPES[e] ?? e);
        } else if (c === 0x22) {
          flush(p);
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return undefined;
          done = true;
        } else if (c === 0) {
          return undefined;
        } else if (runStart < 0) {
          runStart = p;
        }
      } else if (inSingle) {
        if (c === 0x5c && at(p + 1) === 0x27) {
          flush(p);
          p++;
          cur += "'";
        } else if (c === 0x27) {
          flush(p);
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return undefined;
          done = true;
        } else if (c === 0) {
          return undefined;
        } else if (runStart < 0) {
          runStart = p;
        }
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0) {
        flush(p);
        done = true;
      } else if (c === 0x22) {
        flush(p);
        inDouble = true;
      } else if (c === 0x27) {
        flush(p);
        inSingle = true;
      } else if (runStart < 0) {
        runStart = p;
      }
      if (p < end) p++;
    }
    out.push(cur);
  }
}

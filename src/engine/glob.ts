/**
 * Redis's glob-style matcher (util.c stringmatchlen, 7.2) over binary strings, used by KEYS, SCAN
 * MATCH, PSUBSCRIBE, CONFIG GET, ACL key patterns, etc.
 *
 *   *        any run of bytes (several in a row act as one)
 *   ?        exactly one byte
 *   [abc]    one byte of the set; [^abc] one byte not in it; [a-z] ranges (reversed ranges
 *            such as [z-a] are swapped); \x inside a class is a literal x
 *   \x       a literal x; a trailing lone backslash matches a backslash
 *
 * The quirks are Redis's, kept on purpose:
 *   - an unterminated class runs to the end of the pattern ("[ab" is the class {a,b});
 *     "[" alone matches nothing, "[^" matches any one byte;
 *   - "-" forms a range whenever two more bytes follow it, even "]": "[a-]" is the range ]..a,
 *     unterminated; "[-a]" and "[a-" hold literal "-";
 *   - range bounds compare as C `char`, which is signed on x86-64: bytes ≥ 0x80 are negative, so
 *     "[a-\xff]" is the range \xff(-1)..a and does not match "b";
 *   - nocase folds only A–Z (C locale tolower), and a backslash-escaped byte inside a class is
 *     compared case-sensitively even in nocase mode; in a nocase range the signed bounds go
 *     through glibc's tolower, which maps -128..-2 back to 128..254 but leaves -1 (\xff, EOF);
 *   - "*" never matches when the subject is empty ("*" vs "" is false). KEYS and SCAN special-case
 *     the pattern "*" before matching (see `globMatchesAll`), so an empty key name is still listed.
 *
 * Cost: Redis's skip-longer-matches rule makes a failed tail after a star end the whole search, so a
 * match is O(pattern × subject) at worst, never exponential. Like Redis 7.2.6 (CVE-2024-31228; also
 * backported into Debian's 7.0.15, our test oracle, but absent from upstream 7.0.15), a star
 * needing to recurse past 1000 levels fails the attempt: "*a" × 1001 does not match "a" × 1001.
 * Recursion depth is bounded by that limit.
 */

const STAR = 42;
const QUESTION = 63;
const LBRACKET = 91;
const RBRACKET = 93;
const BACKSLASH = 92;
const CARET = 94;
const DASH = 45;

/** C tolower in the C locale, on a byte (0–255). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * glibc's C-locale tolower on a signed `char` value: ASCII folds, -1 is EOF and stays -1, and the
 * other negative values come back as their unsigned byte (the table is indexed -128..255).
 */
function lowerSigned(v: number): number {
  if (v >= 65 && v <= 90) return v + 32;
  return v <= -2 ? v + 256 : v;
}

/** A byte as a C `char` on x86-64 (signed). */
function signed(c: number): number {
  return c >= 128 ? c - 256 : c;
}

interface State {
  skipLongerMatches: boolean;
}

/**
 * The recursive matcher, step for step with stringmatchlen_impl. `p`/`s` are offsets; reads past
 * the end of the pattern see 0, like the NUL terminator of Redis's sds strings.
 */
function matchFrom(
  pat: string,
  p: number,
  str: string,
  s: number,
  nocase: boolean,
  st: State,
  nesting: number,
): boolean {
  if (nesting > 1000) return false;
  const plenTotal = pat.length;
  const slenTotal = str.length;
  const at = (i: number): number => (i < plenTotal ? pat.charCodeAt(i) : 0);

  while (p < plenTotal && s < slenTotal) {
    const pc = pat.charCodeAt(p);
    if (pc === STAR) {
      while (p < plenTotal && at(p + 1) === STAR) p++;
      if (plenTotal - p === 1) return true;
      while (s < slenTotal) {
        if (matchFrom(pat, p + 1, str, s, nocase, st, nesting + 1)) return true;
        if (st.skipLongerMatches) return false;
        s++;
      }
      // No match for the rest of the pattern from any later position: earlier stars taking
      // longer runs cannot help either.
      st.skipLongerMatches = true;
      return false;
    } else if (pc === QUESTION) {
      s++;
    } else if (pc === LBRACKET) {
      p++;
      const not = at(p) === CARET;
      if (not) p++;
      let match = false;
      const c = str.charCodeAt(s);
      for (;;) {
        const left = plenTotal - p;
        const b = at(p);
        if (b === BACKSLASH && left >= 2) {
          p++;
          if (at(p) === c) match = true;
        } else if (b === RBRACKET && left > 0) {
          break;
        } else if (left <= 0) {
          p--; // unterminated: the class ends with the pattern
          break;
        } else if (left >= 3 && at(p + 1) === DASH) {
          let start = signed(b);
          let end = signed(at(p + 2));
          let cc = signed(c);
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lowerSigned(start);
            end = lowerSigned(end);
            cc = lowerSigned(cc);
          }
          p += 2;
          if (cc >= start && cc <= end) match = true;
        } else if (nocase ? lower(b) === lower(c) : b === c) {
          match = true;
        }
        p++;
      }
      if (not) match = !match;
      if (!match) return false;
      s++;
    } else {
      let b = pc;
      if (pc === BACKSLASH && plenTotal - p >= 2) {
        p++;
        b = pat.charCodeAt(p);
      }
      const c = str.charCodeAt(s);
      if (nocase ? lower(b) !== lower(c) : b !== c) return false;
      s++;
    }
    p++;
    if (s === slenTotal) {
      while (at(p) === STAR) p++;
      break;
    }
  }
  return p === plenTotal && s === slenTotal;
}

/**
 * Redis's stringmatchlen(pattern, s, nocase): true when the binary string `s` matches the glob
 * `pattern` (see the header for the exact rules). O(|pattern| · |s|) at worst.
 */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  if (pattern.length === 1 && pattern.charCodeAt(0) === STAR) return s.length > 0;
  return matchFrom(pattern, 0, s, 0, nocase, { skipLongerMatches: false }, 0);
}

/**
 * True for the pattern "*", which KEYS and SCAN treat as "no pattern" before ever matching (db.c
 * keysCommand `allkeys`, scanGenericCommand `use_pattern`): callers skip matching entirely, and so
 * an empty key name is listed although globMatch("*", "") is false.
 */
export function globMatchesAll(pattern: string): boolean {
  return pattern.length === 1 && pattern.charCodeAt(0) === STAR;
}

/**
 * A matcher for one pattern against many subjects (KEYS/SCAN over a keyspace): picks a cheaper
 * test for patterns without special bytes or with a single trailing "*", identical in result.
 */
export function compileGlob(pattern: string, nocase = false): (s: string) => boolean {
  if (globMatchesAll(pattern)) return (s) => s.length > 0;
  if (!nocase && !/[*?[\\]/.test(pattern)) return (s) => s === pattern;
  if (!nocase && pattern.length > 1 && pattern.endsWith("*")) {
    const prefix = pattern.replace(/\*+$/, "");
    // "abc*" matches "abc" itself; "**" (empty prefix) needs a non-empty subject, like "*".
    if (!/[*?[\\]/.test(prefix)) return (s) => s.length > 0 && s.startsWith(prefix);
  }
  return (s) => globMatch(pattern, s, nocase);
}

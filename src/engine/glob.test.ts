import { describe, expect, it } from "vitest";
import { compileGlob, globMatch, globMatchesAll } from "./glob.js";

/** A small deterministic generator (xorshift32) for property checks. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** KEYS as Redis runs it: "*" lists everything without matching. */
function keys(pattern: string, all: readonly string[]): string[] {
  return all.filter((k) => globMatchesAll(pattern) || globMatch(pattern, k)).sort();
}

// Keys and `KEYS <pattern>` replies recorded from redis-server 7.0.15 (binary-safe client).
const KEYS = ["", "a", "b", "A", "B", "-", "]", "[", "^", "_", "`", "\\", "*", "?", "ab", "abc", "aXc", "a-c", "a]c", "a\\c", "hello", "hallo", "hxllo", "hllo", "heeeello", "\x80", "\xfe", "\xff", "0", "z", "Z", "{", "a\x00b", "foo*bar", "foo?bar", "foobar", "a".repeat(29) + "b", "x".repeat(50)];
const keysTable: [string, string[]][] = [
  ["*", ["", "*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "a\x00b", "a-c", "aXc", "a\\c", "a]c", "a".repeat(29) + "b", "ab", "abc", "b", "foo*bar", "foo?bar", "foobar", "hallo", "heeeello", "hello", "hllo", "hxllo", "x".repeat(50), "z", "{", "\x80", "\xfe", "\xff"]],
  ["**", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "a\x00b", "a-c", "aXc", "a\\c", "a]c", "a".repeat(29) + "b", "ab", "abc", "b", "foo*bar", "foo?bar", "foobar", "hallo", "heeeello", "hello", "hllo", "hxllo", "x".repeat(50), "z", "{", "\x80", "\xfe", "\xff"]],
  ["?", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "b", "z", "{", "\x80", "\xfe", "\xff"]],
  ["??", ["ab"]],
  ["*a*", ["a", "a\x00b", "a-c", "aXc", "a\\c", "a]c", "a".repeat(29) + "b", "ab", "abc", "foo*bar", "foo?bar", "foobar", "hallo"]],
  ["a*", ["a", "a\x00b", "a-c", "aXc", "a\\c", "a]c", "a".repeat(29) + "b", "ab", "abc"]],
  ["*c", ["a-c", "aXc", "a\\c", "a]c", "abc"]],
  ["[ab]", ["a", "b"]],
  ["[^ab]", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "z", "{", "\x80", "\xfe", "\xff"]],
  ["[a-c]", ["a", "b"]],
  ["[z-a]", ["a", "b", "z"]],
  ["[a-]", ["]", "^", "_", "`", "a"]],
  ["[-a]", ["-", "a"]],
  ["[a-", ["-", "a"]],
  ["[", []],
  ["[^", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "b", "z", "{", "\x80", "\xfe", "\xff"]],
  ["[]]", []],
  ["[]", []],
  ["[^]]", []],
  ["[\\]]", ["]"]],
  ["[\\-]", ["-"]],
  ["\\*", ["*"]],
  ["\\", ["\\"]],
  ["a\\", []],
  ["*\\", ["\\"]],
  ["foo\\*bar", ["foo*bar"]],
  ["foo\\?bar", ["foo?bar"]],
  ["foo?bar", ["foo*bar", "foo?bar"]],
  ["h?llo", ["hallo", "hello", "hxllo"]],
  ["h*llo", ["hallo", "heeeello", "hello", "hllo", "hxllo"]],
  ["h[ae]llo", ["hallo", "hello"]],
  ["h[^e]llo", ["hallo", "hxllo"]],
  ["h[a-b]llo", ["hallo"]],
  ["[a-\xff]", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "\xff"]],
  ["[\x80-\xfe]", ["\x80", "\xfe"]],
  ["[\xff]", ["\xff"]],
  ["[\x00-a]", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a"]],
  ["a[\x00]b", ["a\x00b"]],
  ["a?b", ["a\x00b"]],
  ["*a".repeat(20) + "*b", ["a".repeat(29) + "b"]],
  ["*a".repeat(20) + "*c", []],
  ["x*".repeat(30), ["x".repeat(50)]],
  ["[[]", ["["]],
  ["[\\", ["\\"]],
  ["[a\\", ["\\", "a"]],
  ["a[b-", ["ab"]],
  ["\\a", ["a"]],
  ["[!a]", ["a"]],
  ["[A-Z]", ["A", "B", "Z"]],
  ["[a-z]", ["a", "b", "z"]],
  ["[Z-a]", ["Z", "[", "\\", "]", "^", "_", "`", "a"]],
  ["*[", []],
  ["a*[", []],
  ["?*", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "a\x00b", "a-c", "aXc", "a\\c", "a]c", "a".repeat(29) + "b", "ab", "abc", "b", "foo*bar", "foo?bar", "foobar", "hallo", "heeeello", "hello", "hllo", "hxllo", "x".repeat(50), "z", "{", "\x80", "\xfe", "\xff"]],
  ["*?", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "a", "a\x00b", "a-c", "aXc", "a\\c", "a]c", "a".repeat(29) + "b", "ab", "abc", "b", "foo*bar", "foo?bar", "foobar", "hallo", "heeeello", "hello", "hllo", "hxllo", "x".repeat(50), "z", "{", "\x80", "\xfe", "\xff"]],
  ["\\\\", ["\\"]],
  ["*\\\\*", ["\\", "a\\c"]],
  ["", [""]],
  ["A*", ["A"]],
  ["[^a-z]", ["*", "-", "0", "?", "A", "B", "Z", "[", "\\", "]", "^", "_", "`", "{", "\x80", "\xfe", "\xff"]],
];

describe("globMatch against redis-server KEYS", () => {
  it.each(keysTable)("KEYS %j", (pattern, expected) => {
    expect(keys(pattern, KEYS)).toEqual([...expected].sort());
    const m = compileGlob(pattern);
    expect(KEYS.filter((k) => globMatchesAll(pattern) || m(k)).sort()).toEqual([...expected].sort());
  });
});

// [pattern, subject, nocase, result] from Redis 7.2.6's stringmatchlen (util.c) itself: nocase
// folding, signed-char ranges under glibc's tolower, and the 1000-level nesting protection.
const cTable: [string, string, boolean, boolean][] = [
  ["hello", "HeLLo", true, true],
  ["H*O", "hello", true, true],
  ["[a-c]", "B", true, true],
  ["[A-C]", "b", true, true],
  ["[^a]", "A", true, false],
  ["[\\A]", "a", true, false],
  ["[\\a]", "a", true, true],
  ["\\A", "a", true, true],
  ["[A-z]", "[", true, false],
  ["[A-z]", "[", false, true],
  ["[Z-a]", "[", true, false],
  ["[Z-a]", "z", true, false],
  ["[a-\xfe]", "b", true, false],
  ["[a-\xfe]", "b", false, false],
  ["[a-\xfe]", "0", true, false],
  ["[a-\xfe]", "0", false, true],
  ["[\x80-\xfe]", "\x90", true, true],
  ["[\x80-\xff]", "\x90", true, false],
  ["[\x80-\xff]", "\x90", false, true],
  ["[\xff-\x80]", "\xff", true, false],
  ["\xc9", "\xe9", true, false],
  ["[\xff]", "\xff", true, true],
  ["*a".repeat(1000), "a".repeat(1000), false, true],
  ["*a".repeat(1001), "a".repeat(1001), false, false],
  ["*a".repeat(1002), "a".repeat(1002), false, false],
  ["*a".repeat(1001) + "*", "a".repeat(1001) + "b", false, false],
  ["a*".repeat(1500), "a".repeat(1500), false, false],
  ["*?".repeat(1000), "x".repeat(1000), false, true],
  ["*?".repeat(1001), "x".repeat(1001), false, false],
  ["*".repeat(5000) + "a", "a", false, true],
];

describe("globMatch edge cases (Redis 7.2 stringmatchlen)", () => {
  it.each(cTable)("%j vs %j (nocase %s) → %s", (pattern, subject, nocase, expected) => {
    expect(globMatch(pattern, subject, nocase)).toBe(expected);
    expect(compileGlob(pattern, nocase)(subject)).toBe(expected);
  });

  it("has the 1000-level nesting limit (redis-server 7.0.15 from Debian, with the CVE-2024-31228 fix, agrees)", () => {
    // KEYS replies recorded for a key of n "a"s.
    const recorded: [number, boolean, boolean][] = [
      [999, true, true],
      [1000, true, true],
      [1001, false, true],
      [1002, false, false],
    ];
    for (const [n, starA, aStar] of recorded) {
      expect(globMatch("*a".repeat(n), "a".repeat(n))).toBe(starA);
      expect(globMatch("a*".repeat(n), "a".repeat(n))).toBe(aStar);
    }
  });

  it("never matches an empty subject with stars alone, but KEYS * lists the empty key", () => {
    expect(globMatch("*", "")).toBe(false);
    expect(globMatch("**", "")).toBe(false);
    expect(globMatch("", "")).toBe(true);
    expect(globMatchesAll("*")).toBe(true);
    expect(globMatchesAll("**")).toBe(false);
  });

  it("stays polynomial on abusive patterns", () => {
    // Exponential for a naive backtracking matcher; skip-longer-matches makes it quick.
    const pattern = "*a".repeat(900) + "*b";
    expect(globMatch(pattern, "a".repeat(3000))).toBe(false);
    expect(globMatch("*?".repeat(500) + "*x", "y".repeat(4000))).toBe(false);
    expect(globMatch("a*".repeat(200) + "b", "a".repeat(2000) + "b")).toBe(true);
  });

  it("compileGlob agrees with globMatch (seeded random patterns)", () => {
    const next = rng(2024);
    const pAlpha = ["*", "*", "?", "[", "]", "^", "-", "\\", "a", "b", "A", "\xff", "\x80"];
    const sAlpha = ["a", "b", "A", "B", "-", "]", "\\", "\xff", "\x80", "*"];
    const pick = (a: readonly string[]): string => a[next() % a.length] ?? "";
    for (let i = 0; i < 3000; i++) {
      const p = Array.from({ length: next() % 7 }, () => pick(pAlpha)).join("");
      const s = Array.from({ length: next() % 6 }, () => pick(sAlpha)).join("");
      const nocase = (next() & 1) === 1;
      expect(compileGlob(p, nocase)(s), JSON.stringify([p, s, nocase])).toBe(globMatch(p, s, nocase));
    }
    for (const p of ["abc", "abc*", "abc**", "**", "a", ""]) {
      for (const s of ["", "a", "ab", "abc", "abcd", "xabc"]) {
        expect(compileGlob(p)(s), JSON.stringify([p, s])).toBe(globMatch(p, s));
      }
    }
  });
});

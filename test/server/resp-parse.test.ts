/**
 * The request parser and the argument splitter on their own: complete and half-sent requests,
 * Redis's quirks, every protocol error text, and the cost of slow or huge input.
 * (What a real redis-server answers to the same bytes is compared in protocol-errors.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { ProtocolError, RequestParser, parseLength } from "../../src/server/resp-parse.js";
import { splitArgs } from "../../src/server/split-args.js";

/** Feeds `input` (binary string) and drains every complete command. */
function parseAll(input: string | string[], setup?: (p: RequestParser) => void): (string[] | string)[] {
  const p = new RequestParser();
  setup?.(p);
  const out: (string[] | string)[] = [];
  for (const chunk of Array.isArray(input) ? input : [input]) {
    p.feed(chunk);
    for (;;) {
      const r = p.next();
      if (r === undefined) break;
      if (r instanceof ProtocolError) {
        out.push(r.message);
        return out;
      }
      out.push(r);
    }
  }
  return out;
}

describe("RequestParser", () => {
  it("parses multibulk and inline requests, pipelined", () => {
    expect(parseAll("*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\nSET a b\n*1\r\n$4\r\nPING\r\n")).toEqual([
      ["GET", "k"],
      ["PING"],
      ["SET", "a", "b"],
      ["PING"],
    ]);
  });

  it("waits for half-sent requests, byte by byte, and loses nothing", () => {
    const req = "*3\r\n$3\r\nSET\r\n$5\r\nkey\r\n\r\n$10\r\n0123456789\r\nECHO \"a b\"\r\n";
    expect(parseAll(req.split(""))).toEqual([["SET", "key\r\n", "0123456789"], ["ECHO", "a b"]]);
  });

  it("keeps binary payloads byte for byte", () => {
    const bin = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
    expect(parseAll(`*2\r\n$4\r\nECHO\r\n$256\r\n${bin}\r\n`)).toEqual([["ECHO", bin]]);
    const p = new RequestParser();
    p.feed(new Uint8Array([0x2a, 0x31, 0x0d, 0x0a, 0x24, 0x32, 0x0d, 0x0a, 0xff, 0x00, 0x0d, 0x0a]));
    expect(p.next()).toEqual(["\xff\x00"]);
  });

  it("skips empty requests: blank lines, *0, negative counts", () => {
    expect(parseAll("\r\n\n   \r\n*0\r\n*-1\r\nPING\r\n")).toEqual([["PING"]]);
  });

  it("does not check the two bytes after a payload or the byte after a header's CR", () => {
    expect(parseAll("*1\rX$4\rYPINGzzECHO x\r\n")).toEqual([["PING"], ["ECHO", "x"]]);
  });

  it("reports Redis's protocol errors", () => {
    expect(parseAll("*x\r\n")).toEqual(["Protocol error: invalid multibulk length"]);
    expect(parseAll("*2147483648\r\n")).toEqual(["Protocol error: invalid multibulk length"]);
    expect(parseAll("*01\r\n")).toEqual(["Protocol error: invalid multibulk length"]);
    expect(parseAll("*+1\r\n")).toEqual(["Protocol error: invalid multibulk length"]);
    expect(parseAll("*1\r\n%3\r\n")).toEqual(["Protocol error: expected '$', got '%'"]);
    expect(parseAll("*1\r\n\r\n")).toEqual(["Protocol error: expected '$', got ' '"]);
    expect(parseAll("*1\r\n$-1\r\n")).toEqual(["Protocol error: invalid bulk length"]);
    expect(parseAll("*1\r\n$ 1\r\n")).toEqual(["Protocol error: invalid bulk length"]);
    expect(parseAll("*1\r\n$536870913\r\n")).toEqual(["Protocol error: invalid bulk length"]);
    expect(parseAll('SET "a\r\n')).toEqual(["Protocol error: unbalanced quotes in request"]);
    expect(parseAll("x".repeat(64 * 1024 + 1))).toEqual(["Protocol error: too big inline request"]);
    expect(parseAll(`*${"1".repeat(70000)}`)).toEqual(["Protocol error: too big mbulk count string"]);
    expect(parseAll(`*1\r\n$${"1".repeat(70000)}`)).toEqual(["Protocol error: too big bulk count string"]);
  });

  it("runs what came before an error, and stays failed after it", () => {
    const p = new RequestParser();
    p.feed("PING\r\n*x\r\nPING\r\n");
    expect(p.next()).toEqual(["PING"]);
    const e = p.next();
    expect(e).toBeInstanceOf(ProtocolError);
    p.feed("PING\r\n");
    expect(p.next()).toBe(e);
  });

  it("honours proto-max-bulk-len and the unauthenticated limits", () => {
    expect(parseAll("*1\r\n$2000\r\n", (p) => (p.maxBulkLen = 1000))).toEqual(["Protocol error: invalid bulk length"]);
    const unauth = (p: RequestParser) => (p.authRequired = true);
    expect(parseAll("*11\r\n", unauth)).toEqual(["Protocol error: unauthenticated multibulk length"]);
    expect(parseAll("*1\r\n$16385\r\n", unauth)).toEqual(["Protocol error: unauthenticated bulk length"]);
    expect(parseAll("*10\r\n", unauth)).toEqual([]);
    expect(parseAll("*1\r\n$16384\r\n", unauth)).toEqual([]);
  });

  it("a NUL byte hides the line end from the search, as C's strchr does", () => {
    const p = new RequestParser();
    p.feed("PI\0NG\r\n");
    expect(p.next()).toBeUndefined();
    p.feed("x".repeat(64 * 1024));
    expect(p.next()).toEqual(new ProtocolError("Protocol error: too big inline request"));
    expect(parseAll("*1\0\r\n" + "y".repeat(64 * 1024))).toEqual(["Protocol error: too big mbulk count string"]);
  });

  it("counts unparsed bytes as the query buffer", () => {
    const p = new RequestParser();
    p.feed("*2\r\n$3\r\nGET\r\n$100\r\nabc");
    expect(p.next()).toBeUndefined();
    // The "$100" header is consumed (Redis's qb_pos moves past it); the partial payload is pending.
    expect(p.pendingBytes).toBe("abc".length);
  });

  it("parses big payloads fed in small chunks, and a long pipeline, in linear time", () => {
    const big = "v".repeat(8 * 1024 * 1024);
    const p = new RequestParser();
    const req = `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${big.length}\r\n${big}\r\n`;
    const bytes = Buffer.from(req, "latin1");
    for (let i = 0; i < bytes.length; i += 1024) p.feed(bytes.subarray(i, i + 1024));
    const r = p.next() as string[];
    expect(r[2]!.length).toBe(big.length);
    expect(r[2] === big).toBe(true);
    // 200k pipelined commands fed 7 bytes at a time.
    const one = "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n";
    const all = Buffer.from(one.repeat(200_000), "latin1");
    const q = new RequestParser();
    let n = 0;
    for (let i = 0; i < all.length; i += 7) {
      q.feed(all.subarray(i, i + 7));
      while (q.next() !== undefined) n++;
    }
    expect(n).toBe(200_000);
  });

  it("parseLength is string2ll", () => {
    const b = (s: string) => Buffer.from(s, "latin1");
    const v = (s: string) => parseLength(b(s), 0, s.length);
    expect([v("0"), v("-1"), v("123"), v("4294967296")]).toEqual([0, -1, 123, 4294967296]);
    // The long long limits are valid (their value is only compared with far smaller limits).
    expect(v("9223372036854775807")).toBeGreaterThan(0);
    expect(v("-9223372036854775808")).toBeLessThan(0);
    for (const bad of ["", "-", "00", "01", "-0", "+1", " 1", "1 ", "9223372036854775808", "1e3", "123456789012345678901"]) {
      expect(v(bad), bad).toBeUndefined();
    }
  });
});

describe("splitArgs (sdssplitargs)", () => {
  it("splits on blanks and takes quotes and escapes", () => {
    expect(splitArgs("  set  key   value ")).toEqual(["set", "key", "value"]);
    expect(splitArgs('set "a b" \'c d\'')).toEqual(["set", "a b", "c d"]);
    expect(splitArgs('"\\x41\\x4a\\n\\r\\t\\b\\a\\"\\\\\\z"')).toEqual(['AJ\n\r\t\b\x07"\\z']);
    expect(splitArgs("'it\\'s' '\\n'")).toEqual(["it's", "\\n"]);
    expect(splitArgs('foo"bar baz" x')).toEqual(["foobar baz", "x"]);
    expect(splitArgs('"\\xZZ"')).toEqual(["xZZ"]);
    expect(splitArgs("")).toEqual([]);
    expect(splitArgs("a\vb\fc")).toEqual(["a\vb\fc"]);
    expect(splitArgs('""')).toEqual([""]);
  });

  it("stops at NUL and refuses unbalanced or glued quotes", () => {
    expect(splitArgs("a b\0c d")).toEqual(["a", "b"]);
    expect(splitArgs('"abc')).toBeUndefined();
    expect(splitArgs("'abc")).toBeUndefined();
    expect(splitArgs('"abc"def')).toBeUndefined();
    expect(splitArgs("'abc'def")).toBeUndefined();
    expect(splitArgs('"a\\')).toBeUndefined();
    expect(splitArgs('"ab\0c"')).toBeUndefined();
  });
});

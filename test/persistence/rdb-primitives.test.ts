/**
 * Unit tests of the RDB primitives: CRC-64 (Redis's test vector and a bitwise reference), LZF round
 * trips on seeded random data, the length and string encodings (exact bytes at every boundary), and
 * the blob formats (listpack, ziplist, intset, zipmap) parsed from hand-built buffers, including the
 * corruptions their validators must catch.
 */
import { describe, expect, it } from "vitest";
import { Crc64, crc64, lzfCompress, lzfDecompress, RdbError } from "../../src/persistence/rdb/index.js";
import { intsetOf, parseIntset } from "../../src/persistence/rdb/intset.js";
import { listpackOf, parseListpack } from "../../src/persistence/rdb/listpack.js";
import { ByteReader } from "../../src/persistence/rdb/reader.js";
import { ByteWriter } from "../../src/persistence/rdb/writer.js";
import { parseZiplist } from "../../src/persistence/rdb/ziplist.js";
import { parseZipmap } from "../../src/persistence/rdb/zipmap.js";
import { seededRng } from "../support/seeded.js";

const fail = (msg: string, at: number) => new RdbError(`${msg} @${at}`);
const bytes = (...xs: (number | string | number[])[]) =>
  new Uint8Array(xs.flatMap((x) => (typeof x === "number" ? [x] : typeof x === "string" ? [...Buffer.from(x, "latin1")] : x)));

/** Bit-by-bit CRC-64/Jones (reflected), the definition the tables must agree with. */
function crcReference(b: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n;
  let c = 0n;
  for (const x of b) {
    c ^= BigInt(x);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
  }
  return c;
}

describe("CRC-64", () => {
  it("matches Redis's test vector", () => {
    expect(crc64(new TextEncoder().encode("123456789"))).toBe(0xe9c6d914c4b8d9can);
    expect(crc64(new Uint8Array(0))).toBe(0n);
  });

  it("agrees with a bitwise reference and is incremental", () => {
    const rng = seededRng("crc64");
    for (let n = 0; n < 200; n++) {
      const data = new Uint8Array(rng.bytes(n < 100 ? n : rng.int(100, 5000)));
      const expected = crcReference(data);
      expect(crc64(data)).toBe(expected);
      const c = new Crc64();
      let p = 0;
      while (p < data.length) {
        const q = Math.min(data.length, p + rng.int(1, 20));
        c.update(data, p, q);
        p = q;
      }
      expect(c.value()).toBe(expected);
    }
  });
});

describe("LZF", () => {
  it("round-trips seeded random data of every kind", () => {
    const rng = seededRng("lzf");
    for (let t = 0; t < 300; t++) {
      const n = rng.weighted<number>([[rng.int(1, 40), 3], [rng.int(41, 2000), 3], [rng.int(2001, 70000), 1]]);
      const data = new Uint8Array(n);
      const mode = rng.int(0, 3);
      const alphabet = rng.int(1, 256);
      for (let i = 0; i < n; i++) {
        if (mode === 0) data[i] = rng.int(0, 255);
        else if (mode === 1) data[i] = rng.int(0, alphabet - 1);
        else if (mode === 2 && i >= 16 && rng.chance(0.9)) data[i] = data[i - rng.int(1, 16)]!;
        else data[i] = (i * 7) % alphabet;
      }
      const packed = lzfCompress(data, n);
      // Periodic data longer than a few periods always compresses; random bytes may not.
      if (mode === 3 && n > 2000) expect(packed).toBeDefined();
      if (packed === undefined) continue;
      expect(packed.length).toBeLessThanOrEqual(n);
      expect(Buffer.from(lzfDecompress(packed, n)!)).toEqual(Buffer.from(data));
      // A wrong expected size is refused, never padded or cut.
      expect(lzfDecompress(packed, n + 1)).toBeUndefined();
      if (n > 1) expect(lzfDecompress(packed, n - 1)).toBeUndefined();
    }
  });

  it("respects the output bound and compresses repetitive data well", () => {
    const data = new Uint8Array(10000).fill(97);
    const packed = lzfCompress(data, 9996)!;
    expect(packed.length).toBeLessThan(200);
    expect(lzfCompress(data, 20)).toBeUndefined();
    const random = new Uint8Array(seededRng("lzf-random").bytes(1000));
    expect(lzfCompress(random, random.length - 4)).toBeUndefined();
  });

  it("never crashes on garbage input", () => {
    const rng = seededRng("lzf-garbage");
    for (let t = 0; t < 2000; t++) {
      const garbage = new Uint8Array(rng.bytes(rng.int(0, 60)));
      const out = lzfDecompress(garbage, rng.int(0, 300));
      if (out !== undefined) expect(out).toBeInstanceOf(Uint8Array);
    }
    // A reference before the start of the output, and a literal run past the input.
    expect(lzfDecompress(bytes(0x20, 0x05), 3)).toBeUndefined();
    expect(lzfDecompress(bytes(0x05, 0x61), 6)).toBeUndefined();
  });
});

function written(f: (w: ByteWriter) => void): number[] {
  const w = new ByteWriter(4);
  f(w);
  return [...w.view()];
}

describe("lengths and strings", () => {
  it("encodes lengths in Redis's four forms", () => {
    expect(written((w) => w.len(0))).toEqual([0x00]);
    expect(written((w) => w.len(63))).toEqual([0x3f]);
    expect(written((w) => w.len(64))).toEqual([0x40, 0x40]);
    expect(written((w) => w.len(16383))).toEqual([0x7f, 0xff]);
    expect(written((w) => w.len(16384))).toEqual([0x80, 0x00, 0x00, 0x40, 0x00]);
    expect(written((w) => w.len(0xffffffff))).toEqual([0x80, 0xff, 0xff, 0xff, 0xff]);
    expect(written((w) => w.len(2 ** 32))).toEqual([0x81, 0, 0, 0, 1, 0, 0, 0, 0]);
    for (const n of [0, 1, 63, 64, 1000, 16383, 16384, 70000, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]) {
      const r = new ByteReader(new Uint8Array(written((w) => w.len(n))));
      expect(r.len("n")).toBe(n);
      expect(r.remaining).toBe(0);
    }
    expect(new ByteReader(bytes(0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).lenBig("n")).toBe(2n ** 64n - 1n);
    expect(() => new ByteReader(bytes(0x82)).len("n")).toThrow(/unknown length encoding/);
    expect(() => new ByteReader(bytes(0xc0, 1)).len("n")).toThrow(/special string encoding/);
    expect(() => new ByteReader(bytes(0x80, 0, 0)).len("n")).toThrow(RdbError);
  });

  it("writes integer strings in the int8/16/32 forms exactly where Redis does", () => {
    const cases: [string, number[]][] = [
      ["0", [0xc0, 0x00]],
      ["-128", [0xc0, 0x80]],
      ["127", [0xc0, 0x7f]],
      ["128", [0xc1, 0x80, 0x00]],
      ["-32768", [0xc1, 0x00, 0x80]],
      ["32768", [0xc2, 0x00, 0x80, 0x00, 0x00]],
      ["-2147483648", [0xc2, 0x00, 0x00, 0x00, 0x80]],
      ["2147483648", [0x0a, ...Buffer.from("2147483648")]],
      ["-0", [0x02, 0x2d, 0x30]],
      ["01", [0x02, 0x30, 0x31]],
      ["+1", [0x02, 0x2b, 0x31]],
      [" 1", [0x02, 0x20, 0x31]],
      ["", [0x00]],
    ];
    for (const [s, enc] of cases) {
      expect(written((w) => w.string(s, true)), s).toEqual(enc);
      expect(new ByteReader(new Uint8Array(enc)).string()).toBe(s);
    }
  });

  it("compresses long strings with LZF when it pays and reads them back", () => {
    const s = "abcabcabc".repeat(20);
    const enc = written((w) => w.string(s, true));
    expect(enc[0]).toBe(0xc3);
    expect(enc.length).toBeLessThan(s.length);
    expect(new ByteReader(new Uint8Array(enc)).string()).toBe(s);
    expect(written((w) => w.string(s, false))[0]).toBe(0x40);
    // 20 bytes or less are never compressed.
    expect(written((w) => w.string("a".repeat(20), true))[0]).toBe(20);
    // A corrupted LZF payload is an error, not garbage.
    const bad = enc.slice();
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    bad[5] = 0xff;
    expect(() => new ByteReader(new Uint8Array(bad)).string()).toThrow(RdbError);
  });

  it("reports truncation with the offset", () => {
    const r = new ByteReader(bytes(0x05, 0x61, 0x62));
    r.context = "key \"k\"";
    expect(() => r.string("a value")).toThrow(/truncated at offset 1 \(key "k"\): a value of 5 bytes needs 5 bytes, 2 left/);
  });
});

describe("listpack", () => {
  it("writes Redis's exact bytes for every entry encoding", () => {
    const lp = listpackOf(["0", "127", "128", "-1", "4096", "-32768", "32768", "2147483648", "x".repeat(63), "y".repeat(64)]);
    const expected = bytes(
      [0, 0, 0, 0, 10, 0],
      [0x00, 0x01],
      [0x7f, 0x01],
      [0xc0, 0x80, 0x02],
      [0xdf, 0xff, 0x02],
      [0xf1, 0x00, 0x10, 0x03],
      [0xf1, 0x00, 0x80, 0x03],
      [0xf2, 0x00, 0x80, 0x00, 0x04],
      [0xf4, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x09],
      [0xbf, ...Buffer.from("x".repeat(63)), 0x40],
      [0xe0, 0x40, ...Buffer.from("y".repeat(64)), 0x42],
      [0xff],
    );
    expected[0] = expected.length;
    expect([...lp]).toEqual([...expected]);
  });

  it("parses every encoding, with multi-byte back-lengths", () => {
    const values = ["a", "0", "127", "128", "-1", "-4096", "4095", "4096", "-32768", "32767", "32768", "-8388608", "8388607", "8388608",
      "-2147483648", "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808", "9007199254740993", "-0", "01",
      "z".repeat(4095), "w".repeat(4096), "v".repeat(70000), ""];
    const lp = listpackOf(values);
    const parsed = parseListpack(lp, fail);
    expect(parsed.map(String)).toEqual(values);
    expect(typeof parsed[1]).toBe("number");
    expect(typeof parsed[17]).toBe("bigint");
    expect(typeof parsed[20]).toBe("string");
    // The 4095-byte string's entry is 4097 bytes: a 2-byte back-length [32, 0x81].
    const zAt = lp.indexOf(0xef);
    expect([lp[zAt + 4097], lp[zAt + 4098]]).toEqual([32, 0x81]);
  });

  it("accepts an unknown count (65535) and rejects every corruption", () => {
    const good = listpackOf(["a", "12", "hello"]);
    const unknown = good.slice();
    unknown[4] = 0xff;
    unknown[5] = 0xff;
    expect(parseListpack(unknown, fail).map(String)).toEqual(["a", "12", "hello"]);
    const mutate = (f: (b: Uint8Array) => void) => {
      const b = good.slice();
      f(b);
      return () => parseListpack(b, fail);
    };
    expect(mutate((b) => (b[0] = 99))).toThrow(/header says 99 bytes/);
    expect(mutate((b) => (b[4] = 2))).toThrow(/counts 2 entries, it holds 3/);
    expect(mutate((b) => (b[b.length - 1] = 0))).toThrow(/terminator/);
    expect(mutate((b) => (b[8] = 5))).toThrow(/back-length/);
    expect(mutate((b) => (b[6] = 0x85))).toThrow(RdbError);
    expect(mutate((b) => (b[9] = 0xf5))).toThrow(/invalid listpack entry encoding/);
    expect(() => parseListpack(good.subarray(0, 5), fail)).toThrow(/shorter than its header/);
  });
});

/** A ziplist from entries given as [encoding bytes…] (prevlen computed). */
function ziplist(entries: number[][]): Uint8Array {
  const body: number[] = [];
  let prev = 0;
  let tail = 10;
  for (const e of entries) {
    tail = 10 + body.length;
    const prevlen = prev < 254 ? [prev] : [0xfe, prev & 0xff, (prev >> 8) & 0xff, (prev >> 16) & 0xff, prev >>> 24];
    const entry = [...prevlen, ...e];
    body.push(...entry);
    prev = entry.length;
  }
  const total = 10 + body.length + 1;
  return bytes(
    [total & 0xff, total >> 8, 0, 0],
    [tail & 0xff, tail >> 8, 0, 0],
    [entries.length, 0],
    body,
    [0xff],
  );
}

describe("ziplist", () => {
  it("parses every entry encoding and long prevlens", () => {
    const zl = ziplist([
      [0x01, 0x61],
      [0xf1],
      [0xfd],
      [0xfe, 0xfe],
      [0xc0, 0xe8, 0x03],
      [0xf0, 0xa0, 0x86, 0x01],
      [0xf0, 0xff, 0xff, 0xff],
      [0xd0, 0x00, 0x00, 0x00, 0x80],
      [0xe0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
      [0x41, 0x2c, ...Buffer.from("q".repeat(300))],
      [0x80, 0x00, 0x00, 0x00, 0x03, 0x62, 0x63, 0x64],
    ]);
    expect(parseZiplist(zl, fail)).toEqual(["a", "0", "12", "-2", "1000", "100000", "-1", "-2147483648", "9223372036854775807", "q".repeat(300), "bcd"]);
  });

  it("rejects a wrong prevlen, tail, count or size", () => {
    const good = ziplist([[0x01, 0x61], [0x02, 0x62, 0x63]]);
    expect(parseZiplist(good, fail)).toEqual(["a", "bc"]);
    const bad = (i: number, v: number) => {
      const b = good.slice();
      b[i] = v;
      return () => parseZiplist(b, fail);
    };
    expect(bad(13, 7)).toThrow(/previous one has 7 bytes/);
    expect(bad(4, 10)).toThrow(/tail offset/);
    expect(bad(8, 5)).toThrow(/counts 5 entries/);
    expect(bad(0, 50)).toThrow(/header says 50 bytes/);
    expect(bad(14, 0xc5)).toThrow(/invalid ziplist entry encoding/);
  });
});

describe("intset", () => {
  it("picks the narrowest width and round-trips", () => {
    for (const [members, width] of [
      [["-3", "1", "2"], 2],
      [["1", "100000"], 4],
      [["-9223372036854775808", "1", "10000000000"], 8],
    ] as const) {
      const blob = intsetOf(members);
      expect(blob[0]).toBe(width);
      expect(blob.length).toBe(8 + members.length * width);
      expect(parseIntset(blob, fail)).toEqual(members);
    }
  });

  it("rejects disorder, duplicates, bad widths and sizes", () => {
    expect(() => parseIntset(bytes([2, 0, 0, 0, 2, 0, 0, 0], [5, 0, 3, 0]), fail)).toThrow(/strictly ascending/);
    expect(() => parseIntset(bytes([2, 0, 0, 0, 2, 0, 0, 0], [5, 0, 5, 0]), fail)).toThrow(/strictly ascending/);
    expect(() => parseIntset(bytes([3, 0, 0, 0, 1, 0, 0, 0], [5, 0, 0]), fail)).toThrow(/invalid intset encoding/);
    expect(() => parseIntset(bytes([2, 0, 0, 0, 2, 0, 0, 0], [5, 0]), fail)).toThrow(/cannot be/);
    expect(() => parseIntset(bytes([2, 0, 0, 0, 0, 0, 0, 0]), fail)).toThrow(/empty/);
  });
});

describe("zipmap", () => {
  it("parses zipmap.c's own example and long lengths", () => {
    expect(parseZipmap(bytes("\x02\x03foo\x03\x00bar\x05hello\x05\x00world\xff"), fail)).toEqual(["foo", "bar", "hello", "world"]);
    const long = "L".repeat(300);
    expect(parseZipmap(bytes([1, 1, 0x66, 254, 44, 1, 0, 0, 2], long, [0, 0, 0xff]), fail)).toEqual(["f", long]);
  });

  it("rejects overruns, a wrong count and emptiness", () => {
    expect(() => parseZipmap(bytes("\x01\x03foo\x09\x00bar\xff"), fail)).toThrow(/runs past the end/);
    expect(() => parseZipmap(bytes("\x05\x03foo\x03\x00bar\xff"), fail)).toThrow(/counts 5 entries/);
    expect(() => parseZipmap(bytes("\x00\xff"), fail)).toThrow(/empty zipmap/);
  });
});

/**
 * The AOF's on-disk pieces: the manifest (Redis's syntax and refusals) and the RESP records with
 * their CRC annotations — round trips, torn tails cut only at unit boundaries, and every single-byte
 * flip either detected or harmless.
 */
import { describe, expect, it } from "vitest";
import {
  addIncr,
  emptyManifest,
  formatManifest,
  ManifestError,
  parseManifest,
  replaceBase,
  retireIncrs,
} from "../../src/persistence/aof/manifest.js";
import { AofEncoder, AofFormatError, parseAofFile } from "../../src/persistence/aof/records.js";
import { crc32 } from "../../src/persistence/crc32.js";
import { encodeCommand } from "../../src/persistence/resp-command.js";
import { seededRng } from "../support/seeded.js";

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

describe("manifest", () => {
  it("formats exactly as Redis does", () => {
    const m = emptyManifest();
    replaceBase(m, "appendonly.aof", true);
    addIncr(m, "appendonly.aof");
    expect(formatManifest(m, false)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    addIncr(m, "appendonly.aof");
    replaceBase(m, "appendonly.aof", false);
    retireIncrs(m, 1);
    expect(formatManifest(m, false)).toBe(
      "file appendonly.aof.2.base.aof seq 2 type b\n" +
        // markRewrittenIncrAofAsHistory puts retired INCR files before the old BASE.
        "file appendonly.aof.1.incr.aof seq 1 type h\n" +
        "file appendonly.aof.1.base.rdb seq 1 type h\n" +
        "file appendonly.aof.2.incr.aof seq 2 type i\n",
    );
    expect(parseManifest(formatManifest(m))).toEqual(m);
  });

  it("quotes names that need it and reads them back", () => {
    const m = emptyManifest();
    replaceBase(m, "my aof\t\"x\"", true);
    const text = formatManifest(m);
    expect(text.split("\n")[1]).toBe('file "my aof\\t\\"x\\".1.base.rdb" seq 1 type b');
    expect(parseManifest(text).base?.name).toBe('my aof\t"x".1.base.rdb');
  });

  it("starts with a checksum comment that catches flips and cuts Redis's syntax cannot", () => {
    const m = emptyManifest();
    replaceBase(m, "appendonly.aof", true);
    addIncr(m, "appendonly.aof");
    addIncr(m, "appendonly.aof");
    const text = formatManifest(m);
    expect(text).toMatch(/^# redis-anywhere crc32 [0-9a-f]{8}\nfile appendonly.aof.1.base.rdb seq 1 type b\n/);
    expect(parseManifest(text)).toEqual(m);
    // "type i" → "type h" is one bit, and a cut at a line end still parses: both are caught.
    expect(() => parseManifest(text.replace("seq 2 type i", "seq 2 type h"))).toThrow(/damaged/);
    expect(() => parseManifest(text.slice(0, text.lastIndexOf("file")))).toThrow(/damaged/);
    // A manifest without the line (redis-server's) is read as Redis reads it.
    expect(parseManifest(formatManifest(m, false))).toEqual(m);
  });

  it("accepts comments, key order and case, and extra pairs", () => {
    const m = parseManifest("# hello\nTYPE b SEQ 3 FILE a.3.base.rdb\nfile a.4.incr.aof seq 4 type i future x\n");
    expect(m.base).toEqual({ name: "a.3.base.rdb", seq: 3, type: "b" });
    expect(m.incrs).toEqual([{ name: "a.4.incr.aof", seq: 4, type: "i" }]);
    expect(m.incrSeq).toBe(4);
  });

  it.each([
    ["", "Found an empty AOF manifest"],
    ["\n", "Invalid AOF manifest file format"],
    ["file a seq 1 type b", "contains too long line"],
    ["file a seq 1\n", "Invalid AOF manifest file format"],
    ["file a seq 1 type b x\n", "Invalid AOF manifest file format"],
    ["file a seq 0 type b\n", "Invalid AOF manifest file format"],
    ["file dir/a seq 1 type b\n", "File can't be a path, just a filename"],
    ["file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information"],
    ["file a seq 2 type i\nfile b seq 2 type i\n", "Found a non-monotonic sequence number"],
    ["file a seq 1 type x\n", "Unknown AOF file type"],
    [`file ${"a".repeat(1100)} seq 1 type b\n`, "contains too long line"],
  ])("refuses a bad manifest (%#)", (text, reason) => {
    expect(() => parseManifest(text)).toThrow(ManifestError);
    expect(() => parseManifest(text)).toThrow(reason);
  });
});

describe("RESP records", () => {
  it("crc32 has the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("encodes units as Redis propagates them: SELECT on change, MULTI/EXEC around several", () => {
    const enc = new AofEncoder();
    enc.addBatch([{ db: 0, argv: ["SET", "a", "1"] }]);
    enc.addBatch([
      { db: 2, argv: ["INCR", "n"] },
      { db: 2, argv: ["DEL", "x"] },
    ]);
    enc.addBatch([{ db: 2, argv: ["SET", "b", "\x00\xff"] }]);
    const bytes = enc.takeGroup()!;
    const text = latin1(bytes);
    const body =
      latin1(encodeCommand(["SELECT", "0"])) +
      latin1(encodeCommand(["SET", "a", "1"])) +
      latin1(encodeCommand(["MULTI"])) +
      latin1(encodeCommand(["SELECT", "2"])) +
      latin1(encodeCommand(["INCR", "n"])) +
      latin1(encodeCommand(["DEL", "x"])) +
      latin1(encodeCommand(["EXEC"])) +
      latin1(encodeCommand(["SET", "b", "\x00\xff"]));
    const crc = crc32(Buffer.from(body, "latin1")).toString(16).padStart(8, "0");
    expect(text).toBe(`${body}#CRC32:${crc}\r\n`);
    const parsed = parseAofFile("f", bytes);
    expect(parsed.torn).toBeUndefined();
    expect(parsed.verifiedGroups).toBe(1);
    expect(parsed.commands.map((c) => c[0])).toEqual(["SELECT", "SET", "MULTI", "SELECT", "INCR", "DEL", "EXEC", "SET"]);
    expect(parsed.commands.at(-1)).toEqual(["SET", "b", "\x00\xff"]);
  });

  it("loads files without annotations (written by redis-server) and skips #TS annotations", () => {
    const text = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n#TS:1700000000\r\n*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n";
    const p = parseAofFile("f", Buffer.from(text, "latin1"));
    expect(p.commands).toEqual([["SELECT", "0"], ["set", "k", "v"]]);
    expect(p.verifiedGroups).toBe(0);
  });

  it.each([
    ["SET k v\r\n", "expected '*' or '#'"],
    ["*0\r\n", "invalid multibulk count"],
    ["*-1\r\n", "invalid multibulk count"],
    ["*x\r\n", "invalid multibulk count"],
    ["*1\r\n+OK\r\n", "expected '$'"],
    ["*1\r\n$-3\r\n", "invalid bulk length"],
  ])("refuses the malformed record %j", (text, reason) => {
    expect(() => parseAofFile("f", Buffer.from(text, "latin1"))).toThrow(AofFormatError);
    expect(() => parseAofFile("f", Buffer.from(text, "latin1"))).toThrow(reason);
  });

  /** A file of several groups (as the writer produces) and its units. */
  function sample(seed: string): { bytes: Uint8Array; units: string[][][] } {
    const rng = seededRng(seed);
    const rnd = (): number => rng.float();
    const enc = new AofEncoder();
    const chunks: Uint8Array[] = [];
    const units: string[][][] = [];
    for (let g = 0; g < 6; g++) {
      const batches = 1 + Math.floor(rnd() * 3);
      for (let b = 0; b < batches; b++) {
        const n = 1 + Math.floor(rnd() * 3);
        const batch = Array.from({ length: n }, (_, i) => ({
          db: Math.floor(rnd() * 2),
          argv: ["SET", `k${g}.${b}.${i}`, "v".repeat(Math.floor(rnd() * 12))],
        }));
        units.push(batch.map((e) => e.argv));
        enc.addBatch(batch);
      }
      chunks.push(enc.takeGroup()!);
    }
    return { bytes: Buffer.concat(chunks), units };
  }

  /** The data commands (no SELECT/MULTI/EXEC) of a parse. */
  const dataOf = (cmds: string[][]): string[][] =>
    cmds.filter((c) => !["SELECT", "MULTI", "EXEC"].includes(c[0]!));

  it("a truncation anywhere keeps whole units only (a torn MULTI is rolled back)", () => {
    const { bytes, units } = sample("truncate");
    const all = units.flat();
    const boundaries = new Set<number>([0]);
    let acc = 0;
    for (const u of units) boundaries.add((acc += u.length));
    for (let len = 0; len < bytes.length; len++) {
      const p = parseAofFile("f", bytes.subarray(0, len));
      const got = dataOf(p.commands);
      expect(all.slice(0, got.length)).toEqual(got);
      expect(boundaries.has(got.length)).toBe(true);
      // Re-parsing the kept part gives the same commands and nothing torn.
      const again = parseAofFile("f", bytes.subarray(0, p.validEnd));
      expect(again.torn).toBeUndefined();
      expect(dataOf(again.commands)).toEqual(got);
    }
    expect(dataOf(parseAofFile("f", bytes).commands)).toEqual(all);
  });

  it("a tail of NUL bytes (extended but never written) is a torn tail", () => {
    const { bytes, units } = sample("zeros");
    const p = parseAofFile("f", Buffer.concat([bytes, new Uint8Array(100)]));
    expect(p.torn).toMatch(/NUL/);
    expect(dataOf(p.commands)).toEqual(units.flat());
    expect(p.validEnd).toBe(bytes.length);
  });

  it("every single-byte flip is detected, or changes nothing that is loaded", () => {
    const { bytes, units } = sample("flip");
    const all = units.flat();
    const rng = seededRng("flip-bits");
    const rnd = (): number => rng.float();
    let detected = 0;
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] = damaged[i]! ^ (1 << Math.floor(rnd() * 8));
      let got: string[][];
      try {
        const p = parseAofFile("f", damaged);
        got = dataOf(p.commands);
      } catch (e) {
        expect(e).toBeInstanceOf(AofFormatError);
        detected++;
        continue;
      }
      // Not detected: only possible when the flip hit an annotation's name (then skipped) or a
      // record's final line end after the last annotation: what is loaded must be intact.
      expect(all.slice(0, got.length)).toEqual(got);
    }
    expect(detected).toBeGreaterThan(bytes.length * 0.9);
  });
});

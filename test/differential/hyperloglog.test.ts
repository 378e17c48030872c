/**
 * The hyperloglog group against a real redis-server, reply for reply and byte for byte: an HLL is a
 * string, so after every sequence of PFADD / PFMERGE / PFCOUNT / PFDEBUG the GET of the key must
 * return Redis's exact bytes (sparse opcodes, dense registers, cached cardinality and its valid bit).
 * Covered: every command, arity, WRONGTYPE and the "not a valid HyperLogLog" check, binary elements,
 * the sparse → dense promotion at hll-sparse-max-bytes (default and small), PFCOUNT of several keys,
 * PFMERGE into missing and existing keys, corrupted HLL strings stored with SET (PFCOUNT, PFADD,
 * PFMERGE, PFDEBUG answer Redis's errors and leave Redis's bytes), hand-made dense registers beyond
 * what hashing produces (the estimator's overflow answers), the cache, OBJECT ENCODING, dirty
 * counts (INFO rdb_changes_since_last_save), keyspace hits/misses, WATCH, keyspace events and RESP3.
 * Random sequences live in hyperloglog-random.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Ours, oracleAvailable, type Pair } from "../support/differential.js";
import { makeList, oracleSuite, same, sameEncoding, sameEvents, scenario } from "./string-support.js";

/** A 16-byte HLL header: encoding byte, cached cardinality bytes (LE), top bit = invalid. */
function header(encoding: number, card: number[] = [0, 0, 0, 0, 0, 0, 0, 0x80]): string {
  return "HYLL" + String.fromCharCode(encoding, 0, 0, 0, ...card);
}

/** A sparse HLL string from raw opcode bytes. */
function sparse(opcodes: number[], card?: number[]): string {
  return header(1, card) + String.fromCharCode(...opcodes);
}

/** A dense HLL string whose register i holds reg(i) (0…63). */
function dense(reg: (i: number) => number, card?: number[]): string {
  const b = new Uint8Array(12289);
  for (let i = 0; i < 16384; i++) {
    const v = reg(i) & 63;
    const byte = (i * 6) >> 3;
    const fb = (i * 6) & 7;
    b[byte]! |= (v << fb) & 0xff;
    b[byte + 1]! |= v >> (8 - fb);
  }
  let s = "";
  for (let i = 0; i < 12288; i++) s += String.fromCharCode(b[i]!);
  return header(0, card) + s;
}

const XZERO = (n: number): number[] => [((n - 1) >> 8) | 0x40, (n - 1) & 0xff];
const ZERO = (n: number): number => n - 1;
const VAL = (v: number, n: number): number => 0x80 | ((v - 1) << 2) | (n - 1);

const elements = (prefix: string, from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);

describe.skipIf(!oracleAvailable())("hyperloglog commands vs redis-server", () => {
  const suite = oracleSuite();

  /**
   * The dataset-change and keyspace-statistics counters of INFO (server-wide on the shared suite.oracle, so
   * compared as changes since the previous check): rdb_changes_since_last_save is server.dirty.
   */
  class Counters {
    private static readonly FIELDS: [string, string][] = [
      ["persistence", "rdb_changes_since_last_save"],
      ["stats", "keyspace_hits"],
      ["stats", "keyspace_misses"],
    ];
    private last: { ours: number[]; theirs: number[] } | undefined;
    constructor(private readonly pair: Pair) {}

    private async read(): Promise<{ ours: number[]; theirs: number[] }> {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (const [section, field] of Counters.FIELDS) {
        const r = await this.pair.both(["INFO", section]);
        const pick = (frame: string): number => Number(new RegExp(`\\r\\n${field}:(\\d+)\\r\\n`).exec(frame)?.[1]);
        ours.push(pick(r.ours));
        theirs.push(pick(r.theirs));
      }
      return { ours, theirs };
    }

    /** Starts counting from now. */
    async reset(): Promise<void> {
      this.last = await this.read();
    }

    /** Expects every counter to have moved by the same amount on both sides since the last call. */
    async check(what: string): Promise<void> {
      const before = this.last!;
      const now = await this.read();
      this.last = now;
      const delta = (side: "ours" | "theirs") =>
        Object.fromEntries(Counters.FIELDS.map(([, f], i) => [f, now[side][i]! - before[side][i]!]));
      expect(delta("ours"), what).toEqual(delta("theirs"));
    }
  }

  async function counters(pair: Pair): Promise<Counters> {
    const c = new Counters(pair);
    await c.reset();
    return c;
  }

  it("PFADD, PFCOUNT, GET bytes: new keys, repeats, no elements, the cache", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["PFADD", "h", "a", "b", "c"],
      ["GET", "h"],
      ["PFCOUNT", "h"],
      ["GET", "h"],
      ["PFCOUNT", "h"],
      ["PFADD", "h", "a", "b"],
      ["GET", "h"],
      ["PFADD", "h", "d"],
      ["GET", "h"],
      ["PFCOUNT", "h"],
      ["PFADD", "h"],
      ["GET", "h"],
      ["PFADD", "empty"],
      ["GET", "empty"],
      ["PFCOUNT", "empty"],
      ["GET", "empty"],
      ["PFADD", "empty"],
      ["PFCOUNT", "missing"],
      ["EXISTS", "missing"],
      ["pfadd", "h", "A", "B"],
      ["PfCount", "h"],
      ["STRLEN", "h"],
      ["TYPE", "h"],
    ]);
    await sameEncoding(pair, "h");
    await sameEncoding(pair, "empty");
  });

  it("binary, empty and long elements hash like Redis's MurmurHash64A", async () => {
    const pair = await suite.fresh();
    const bin: string[] = ["", "\x00", "\x00\x00", "\xff", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "\r\n", "é", "\x80\x81\x82\x83\x84\x85\x86"];
    for (let n = 1; n <= 40; n++) bin.push("x".repeat(n), String.fromCharCode(...Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)));
    bin.push("y".repeat(1000), "z".repeat(65537));
    for (let i = 0; i < bin.length; i++) {
      await same(pair, ["PFADD", `k${i % 7}`, bin[i]!]);
      await same(pair, ["PFADD", "all", bin[i]!]);
    }
    for (let i = 0; i < 7; i++) await same(pair, ["GET", `k${i}`]);
    await same(pair, ["GET", "all"]);
    await same(pair, ["PFCOUNT", "all"]);
  });

  it("arity and wrong types (another type, a foreign string, bad headers, int-encoded)", async () => {
    const pair = await suite.fresh();
    await makeList(pair, "list");
    await scenario(pair, [
      ["SET", "str", "hello"],
      ["SET", "int", "12345"],
      ["SET", "short", "HYLL\x01\x00\x00"],
      ["SET", "magic", "HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"],
      ["SET", "enc2", "HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"],
      ["SET", "densesmall", "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"],
      ["SET", "denselong", dense(() => 1) + "x"],
      ["SET", "lower", "hyll\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"],
      ["SET", "headeronly", "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"],
    ]);
    for (const key of ["list", "str", "int", "short", "magic", "enc2", "densesmall", "denselong", "lower"]) {
      await scenario(pair, [
        ["PFADD", key, "a"],
        ["PFADD", key],
        ["PFCOUNT", key],
        ["PFCOUNT", key, "missing"],
        ["PFCOUNT", "missing", key],
        ["PFMERGE", key, "missing"],
        ["PFMERGE", "dest", key],
        ["EXISTS", "dest"],
        ["PFDEBUG", "ENCODING", key],
        ["PFDEBUG", "NOSUCH", key],
        ["GET", key],
      ]);
    }
    await scenario(pair, [
      // Only the header: a valid HLL to isHLLObjectOrReply, a corrupt one to every walk.
      ["PFCOUNT", "headeronly"],
      ["PFADD", "headeronly", "a"],
      ["PFDEBUG", "ENCODING", "headeronly"],
      ["PFDEBUG", "DECODE", "headeronly"],
      ["PFDEBUG", "TODENSE", "headeronly"],
      ["PFMERGE", "headeronly"],
      ["GET", "headeronly"],
      ["PFADD"],
      ["PFCOUNT"],
      ["PFMERGE"],
      ["PFDEBUG"],
      ["PFDEBUG", "ENCODING"],
      ["PFDEBUG", "ENCODING", "a", "b"],
      ["PFSELFTEST", "x"],
    ]);
  });

  it("sparse → dense promotion at the default hll-sparse-max-bytes (3000)", async () => {
    const pair = await suite.fresh();
    for (let i = 0; i < 3200; i += 100) {
      await same(pair, ["PFADD", "h", ...elements("e", i, 100)]);
      await same(pair, ["PFDEBUG", "ENCODING", "h"]);
      await same(pair, ["STRLEN", "h"]);
      await same(pair, ["GET", "h"]);
    }
    await same(pair, ["PFCOUNT", "h"]);
    await same(pair, ["GET", "h"]);
  });

  it("promotion one element at a time at small limits, and a VAL over 32 forcing it", async () => {
    const pair = await suite.fresh();
    for (const limit of ["0", "20", "64", "300"]) {
      await same(pair, ["CONFIG", "SET", "hll-sparse-max-bytes", limit]);
      const key = `h${limit}`;
      for (let i = 0; i < 120; i++) {
        await same(pair, ["PFADD", key, `m${i}`]);
        if (i % 3 === 0) await same(pair, ["PFDEBUG", "ENCODING", key]);
      }
      await same(pair, ["GET", key]);
      await same(pair, ["PFCOUNT", key]);
    }
    await same(pair, ["CONFIG", "SET", "hll-sparse-max-bytes", "3000"]);
    // A sparse HLL holding a register at 32 cannot take 33: SET a dense-looking register via the
    // sparse form's maximum and raise it through PFMERGE from a dense source.
    await scenario(pair, [
      ["SET", "s", sparse([...XZERO(100), VAL(32, 1), ...XZERO(16283)])],
      ["SET", "d", dense((i) => (i === 100 ? 40 : i === 5 ? 3 : 0))],
      ["PFMERGE", "s", "d"],
      ["PFDEBUG", "ENCODING", "s"],
      ["GET", "s"],
      ["PFCOUNT", "s"],
      ["SET", "s2", sparse([...XZERO(100), VAL(32, 1), ...XZERO(16283)])],
      ["PFDEBUG", "GETREG", "s2"],
      ["GET", "s2"],
    ]);
  });

  it("dense HLLs: many elements, GET bytes, PFCOUNT, TODENSE/ENCODING/DECODE", async () => {
    const pair = await suite.fresh();
    for (let i = 0; i < 20000; i += 2000) await same(pair, ["PFADD", "big", ...elements("x", i, 2000)]);
    await scenario(pair, [
      ["PFDEBUG", "ENCODING", "big"],
      ["PFCOUNT", "big"],
      ["GET", "big"],
      ["PFADD", "big", "x1", "x2"],
      ["PFADD", "big", "new-one", "new-two", "x3"],
      ["GET", "big"],
      ["PFCOUNT", "big"],
      ["PFDEBUG", "TODENSE", "big"],
      ["PFDEBUG", "DECODE", "big"],
      ["PFDEBUG", "GETREG", "big"],
      ["PFADD", "small", "a", "b"],
      ["PFDEBUG", "DECODE", "small"],
      ["PFDEBUG", "TODENSE", "small"],
      ["GET", "small"],
      ["PFDEBUG", "TODENSE", "small"],
      ["PFDEBUG", "ENCODING", "small"],
      ["PFCOUNT", "small"],
      ["PFADD", "small", "c"],
      ["GET", "small"],
    ]);
  });

  it("PFCOUNT of several keys: union, missing keys, repeats, dense and sparse, errors in order", async () => {
    const pair = await suite.fresh();
    const c = await counters(pair);
    for (let i = 0; i < 6000; i += 1500) await same(pair, ["PFADD", "d", ...elements("x", i, 1500)]);
    await makeList(pair, "list");
    await scenario(pair, [
      ["PFADD", "s1", ...elements("x", 0, 50)],
      ["PFADD", "s2", ...elements("y", 0, 80)],
      ["PFCOUNT", "s1", "s2"],
      ["PFCOUNT", "s1", "s1"],
      ["PFCOUNT", "s1", "missing"],
      ["PFCOUNT", "missing", "missing2"],
      ["PFCOUNT", "d", "s1", "s2"],
      ["PFCOUNT", "s2", "d"],
      ["GET", "s1"],
      ["SET", "str", "nope"],
      ["PFCOUNT", "s1", "str"],
      ["PFCOUNT", "s1", "list", "str"],
      ["PFCOUNT", "str", "list"],
      ["SET", "bad", sparse([...XZERO(100)])],
      ["PFCOUNT", "s1", "bad"],
      ["PFCOUNT", "bad", "str"],
    ]);
    await c.check("hits and misses");
  });

  it("PFMERGE into missing and existing keys, sparse and dense, the destination as a source", async () => {
    const pair = await suite.fresh();
    const c = await counters(pair);
    for (let i = 0; i < 5000; i += 1000) await same(pair, ["PFADD", "d", ...elements("d", i, 1000)]);
    await makeList(pair, "list");
    await scenario(pair, [
      ["PFADD", "a", ...elements("x", 0, 40)],
      ["PFADD", "b", ...elements("x", 20, 40)],
      ["PFMERGE", "m1", "a", "b"],
      ["GET", "m1"],
      ["PFCOUNT", "m1"],
      ["PFMERGE", "m2"],
      ["GET", "m2"],
      ["PFMERGE", "m3", "missing"],
      ["GET", "m3"],
      ["PFMERGE", "a", "b"],
      ["GET", "a"],
      ["PFMERGE", "a"],
      ["GET", "a"],
      ["PFMERGE", "m4", "a", "d"],
      ["PFDEBUG", "ENCODING", "m4"],
      ["GET", "m4"],
      ["PFMERGE", "b", "d"],
      ["PFDEBUG", "ENCODING", "b"],
      ["GET", "b"],
      ["PFMERGE", "d", "a", "m1"],
      ["GET", "d"],
      ["PFCOUNT", "d"],
      ["PFMERGE", "list", "a"],
      ["PFMERGE", "m5", "a", "list"],
      ["EXISTS", "m5"],
      ["SET", "str", "x"],
      ["PFMERGE", "str", "a"],
      ["PFMERGE", "m5", "str"],
      ["SET", "bad", sparse([VAL(1, 4), ...XZERO(16384)])],
      ["PFMERGE", "m5", "a", "bad"],
      ["EXISTS", "m5"],
      ["PFMERGE", "bad", "a"],
      ["GET", "bad"],
    ]);
    await c.check("hits and misses");
    await sameEncoding(pair, "m1");
    await sameEncoding(pair, "a");
    await c.reset(); // OBJECT ENCODING counts a hit on the suite.oracle only (ours is read directly)
    // A sparse merge that outgrows a small limit half-way through.
    await same(pair, ["CONFIG", "SET", "hll-sparse-max-bytes", "100"]);
    await scenario(pair, [
      ["PFMERGE", "m6", "a", "b"],
      ["PFDEBUG", "ENCODING", "m6"],
      ["GET", "m6"],
      ["CONFIG", "SET", "hll-sparse-max-bytes", "3000"],
    ]);
    await c.check("hits and misses");
  });

  it("PFMERGE of sparse sources keeps Redis's opcode sequence (runs, merges, XZERO splits)", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      // Adjacent equal values that merge into VAL runs, values that do not, long and short zero runs.
      ["SET", "a", sparse([...XZERO(10), VAL(2, 4), VAL(2, 4), ZERO(1), VAL(3, 1), ...XZERO(200), VAL(5, 2), ...XZERO(16163)])],
      ["SET", "b", sparse([ZERO(9), VAL(2, 1), ...XZERO(300), VAL(1, 4), ...XZERO(16070)])],
      ["PFMERGE", "m", "a", "b"],
      ["GET", "m"],
      ["PFDEBUG", "DECODE", "m"],
      ["PFMERGE", "b", "a"],
      ["GET", "b"],
      ["PFCOUNT", "a", "b", "m"],
      ["PFCOUNT", "a"],
      ["GET", "a"],
      // A non-canonical but valid body: ZERO runs where XZERO would do, VAL runs of 1.
      ["SET", "c", sparse([...Array<number>(256).fill(ZERO(64))])],
      ["PFCOUNT", "c"],
      ["PFADD", "c", "a", "b", "c", "d", "e"],
      ["GET", "c"],
      ["PFMERGE", "c", "a"],
      ["GET", "c"],
    ]);
  });

  it("corrupted sparse bodies: INVALIDOBJ, and PFADD keeps the registers set before the error", async () => {
    const pair = await suite.fresh();
    const c = await counters(pair);
    const bodies: Record<string, number[]> = {
      short: [...XZERO(8000)],
      long: [...XZERO(16384), ZERO(1)],
      overflow: [...XZERO(16383), VAL(3, 4)],
      truncated: [...XZERO(16000), 0x41],
      truncatedonly: [0x7f],
      zeros: [ZERO(64), ZERO(64)],
      valfirst: [VAL(4, 2), ...XZERO(9000)],
      half: [...XZERO(8192), VAL(1, 1), ...XZERO(4000)],
      xzero0: [0x40, 0x00, ...XZERO(16383)],
    };
    for (const [name, body] of Object.entries(bodies)) {
      await same(pair, ["SET", name, sparse(body)]);
      await same(pair, ["SET", `${name}2`, sparse(body, [5, 0, 0, 0, 0, 0, 0, 0])]);
      await scenario(pair, [
        ["PFCOUNT", name],
        ["PFCOUNT", `${name}2`],
        ["PFCOUNT", name, "missing"],
        ["PFDEBUG", "DECODE", name],
        ["PFDEBUG", "ENCODING", name],
        ["PFADD", name, ...elements("p", 0, 30)],
        ["GET", name],
        ["PFADD", name, "one"],
        ["GET", name],
        ["PFADD", `${name}2`, ...elements("q", 0, 300)],
        ["GET", `${name}2`],
        ["PFMERGE", "dst", name],
        ["EXISTS", "dst"],
        ["PFDEBUG", "GETREG", name],
        ["PFDEBUG", "TODENSE", name],
        ["GET", name],
      ]);
    }
    await c.check("dirty");
  });

  it("hand-made dense registers: values above 32 and 51, the estimator's overflow answers", async () => {
    const pair = await suite.fresh();
    const cases: Record<string, (i: number) => number> = {
      all63: () => 63,
      all51: () => 51,
      all50: () => 50,
      all40: () => 40,
      all1: () => 1,
      mixed: (i) => (i % 2 ? 49 : 51),
      ramp: (i) => i % 64,
      sparseish: (i) => (i % 97 === 0 ? (i % 13) + 1 : 0),
    };
    for (const [name, reg] of Object.entries(cases)) {
      await scenario(pair, [
        ["SET", name, dense(reg)],
        ["PFCOUNT", name],
        ["GET", name],
        ["PFCOUNT", name],
        ["PFCOUNT", name, "missing"],
        ["PFADD", name, "a", "b", "c"],
        ["PFCOUNT", name],
        ["PFMERGE", `m-${name}`, name],
        ["GET", `m-${name}`],
        ["PFMERGE", "acc", name],
        ["PFCOUNT", "acc"],
      ]);
    }
    // A valid cache is returned as stored, whatever the registers say.
    await scenario(pair, [
      ["SET", "cached", dense(() => 0, [0x39, 0x30, 0, 0, 0, 0, 0, 0])],
      ["PFCOUNT", "cached"],
      ["SET", "cachedbig", sparse([...XZERO(16384)], [1, 2, 3, 4, 5, 6, 7, 0x7f])],
      ["PFCOUNT", "cachedbig"],
      ["PFADD", "cachedbig", "x"],
      ["PFCOUNT", "cachedbig"],
    ]);
  });

  it("PFDEBUG: every subcommand, case, missing key, unknown subcommand, NUL in the name", async () => {
    const pair = await suite.fresh();
    const c = await counters(pair);
    await scenario(pair, [
      ["PFDEBUG", "GETREG", "missing"],
      ["PFDEBUG", "NOSUCH", "missing"],
      ["PFADD", "h", "a", "b", "c", "d"],
      ["PFDEBUG", "encoding", "h"],
      ["PFDEBUG", "DeCoDe", "h"],
      ["PFDEBUG", "NOSUCH", "h"],
      ["PFDEBUG", "decode\x00zzz", "h"],
      ["PFDEBUG", "nosuch\x00zzz", "h"],
      ["PFDEBUG", "bad\r\nname", "h"],
      ["PFDEBUG", "", "h"],
      ["PFDEBUG", "GETREG", "h"],
      ["PFDEBUG", "ENCODING", "h"],
      ["GET", "h"],
      ["PFDEBUG", "GETREG", "h"],
      ["PFDEBUG", "DECODE", "h"],
      ["PFDEBUG", "TODENSE", "h"],
      ["PFADD", "h2", "x"],
      ["PFDEBUG", "TODENSE", "h2"],
      ["PFDEBUG", "TODENSE", "h2"],
      ["GET", "h2"],
    ]);
    await c.check("dirty");
  });

  it("dirty counts, OBJECT ENCODING and hits/misses follow Redis", async () => {
    const pair = await suite.fresh();
    const c = await counters(pair);
    const steps: string[][] = [
      ["PFADD", "h", "a", "b", "c"],
      ["PFADD", "h", "a"],
      ["PFADD", "h"],
      ["PFADD", "n"],
      ["PFCOUNT", "h"],
      ["PFCOUNT", "h"],
      ["PFCOUNT", "h", "n"],
      ["PFCOUNT", "missing"],
      ["PFMERGE", "h", "n"],
      ["PFMERGE", "x"],
      ["PFDEBUG", "TODENSE", "n"],
      ["PFDEBUG", "TODENSE", "n"],
      ["PFDEBUG", "GETREG", "h"],
    ];
    for (const step of steps) {
      await same(pair, step);
      await c.check(JSON.stringify(step));
    }
    await c.check("hits and misses");
    // Embstr after SET; raw once a PF command touched it (dbUnshareStringValue).
    const small = sparse([...XZERO(16384)]);
    await scenario(pair, [
      ["SET", "e1", small],
      ["SET", "e2", small],
      ["SET", "e3", small],
      ["SET", "e4", small],
      ["SET", "e5", small],
      ["PFADD", "e1"],
      ["PFCOUNT", "e2"],
      ["PFCOUNT", "e3", "e4"],
      ["PFDEBUG", "ENCODING", "e5"],
    ]);
    for (const k of ["h", "n", "x", "e1", "e2", "e3", "e4", "e5"]) await sameEncoding(pair, k);
  });

  it("PFCOUNT refreshing the cache touches WATCHed keys; a valid cache does not", async () => {
    const pair = await suite.fresh();
    const theirs = await suite.oracle.connect();
    const ours = pair.ours.engine.createSession();
    await same(pair, ["PFADD", "h", "a", "b"]);
    for (const refresh of [true, false]) {
      await same(pair, ["WATCH", "h"]);
      await theirs.send(["PFCOUNT", "h"]);
      ours.exec(["PFCOUNT", "h"]);
      await same(pair, ["MULTI"]);
      await same(pair, ["PFADD", "other", "x"]);
      const r = await same(pair, ["EXEC"]);
      expect(r === "*-1\r\n").toBe(refresh);
    }
  });

  it("keyspace events: pfadd for PFADD (when changed) and PFMERGE, new for created keys", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["PFADD", "h", "a"],
        ["PFADD", "h", "a"],
        ["PFADD", "h", "b"],
        ["PFADD", "e"],
        ["PFCOUNT", "h"],
        ["PFCOUNT", "h", "missing"],
        ["PFMERGE", "m", "h"],
        ["PFMERGE", "m"],
        ["PFMERGE", "h", "missing"],
        ["PFDEBUG", "TODENSE", "m"],
        ["SET", "bad", sparse([...XZERO(100)])],
        ["PFADD", "bad", "x"],
      ]);
    });
  });

  it("RESP3 replies", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["HELLO", "3"],
      ["PFADD", "h", "a", "b"],
      ["PFCOUNT", "h"],
      ["PFCOUNT", "h", "h"],
      ["PFMERGE", "m", "h"],
      ["PFDEBUG", "ENCODING", "h"],
      ["PFDEBUG", "DECODE", "h"],
      ["PFDEBUG", "TODENSE", "h"],
      ["PFDEBUG", "GETREG", "h"],
      ["PFDEBUG", "NOSUCH", "h"],
      ["SET", "s", "x"],
      ["PFCOUNT", "s"],
      ["HELLO", "2"],
    ]);
  });

  it("MULTI, expired keys, and PFSELFTEST (ours only: Redis's own takes seconds)", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["MULTI"],
      ["PFADD", "h", "a"],
      ["PFCOUNT", "h"],
      ["PFMERGE", "m", "h"],
      ["PFCOUNT", "m", "h"],
      ["EXEC"],
      ["PFADD", "t", "a"],
      ["PEXPIRE", "t", "1"],
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await scenario(pair, [
      ["PFCOUNT", "t"],
      ["PFADD", "t", "b"],
      ["TTL", "t"],
      ["GET", "t"],
    ]);
    expect(await pair.ours.send(["PFSELFTEST"])).toBe("+OK\r\n");
  });
});

describe("hyperloglog propagation (our engine alone)", () => {
  it("logs what Redis propagates: PFADD/PFMERGE that change, PFCOUNT that refreshes the cache, PFDEBUG conversions", async () => {
    const ours = new Ours();
    const batches: string[][][] = [];
    ours.engine.onEffects((batch) => batches.push(batch.map((e) => [...e.argv])));
    const run = async (argv: string[]): Promise<string[][][]> => {
      batches.length = 0;
      await ours.send(argv);
      return batches.slice();
    };
    try {
      expect(await run(["PFADD", "h", "a", "b"])).toEqual([[["PFADD", "h", "a", "b"]]]);
      expect(await run(["PFADD", "h", "a"])).toEqual([]);
      expect(await run(["PFCOUNT", "h"])).toEqual([[["PFCOUNT", "h"]]]);
      expect(await run(["PFCOUNT", "h"])).toEqual([]);
      expect(await run(["PFCOUNT", "h", "h"])).toEqual([]);
      expect(await run(["PFCOUNT", "missing"])).toEqual([]);
      expect(await run(["PFMERGE", "m", "h"])).toEqual([[["PFMERGE", "m", "h"]]]);
      expect(await run(["PFDEBUG", "ENCODING", "m"])).toEqual([]);
      expect(await run(["PFDEBUG", "TODENSE", "m"])).toEqual([[["PFDEBUG", "TODENSE", "m"]]]);
      expect(await run(["PFDEBUG", "TODENSE", "m"])).toEqual([]);
      // Inside MULTI the refresh joins the transaction's batch.
      await ours.send(["PFADD", "h", "c"]);
      await ours.send(["MULTI"]);
      await ours.send(["PFCOUNT", "h"]);
      await ours.send(["PFADD", "h", "d"]);
      const exec = await run(["EXEC"]);
      expect(exec.flat().filter((a) => a[0] !== "MULTI" && a[0] !== "EXEC")).toEqual([
        ["PFCOUNT", "h"],
        ["PFADD", "h", "d"],
      ]);
    } finally {
      ours.close();
    }
  });
});

/** Self-test of the test harness: the oracle answers, rawCommand reports errors, the PRNG is seeded. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { connectOracle, haveOracle, oracleDb, rawCommand } from "./support/oracle.js";
import { mulberry32, seededRng, testSeed } from "./support/seeded.js";

describe.skipIf(!haveOracle())("oracle redis-server", () => {
  let real: Redis;
  beforeAll(async () => {
    real = await connectOracle();
  });
  afterAll(async () => {
    await real?.quit();
  });

  it("answers PING with PONG", async () => {
    expect(await real.ping()).toBe("PONG");
    expect(await rawCommand(real, ["PING"])).toEqual({ ok: "PONG" });
  });

  it("uses this file's own, initially empty DB", async () => {
    expect(await rawCommand(real, ["CLIENT", "INFO"])).toMatchObject({
      ok: expect.stringContaining(` db=${oracleDb()} `),
    });
    expect(await rawCommand(real, ["DBSIZE"])).toEqual({ ok: 0 });
  });

  it("reports replies and errors exactly", async () => {
    expect(await rawCommand(real, ["SET", "k", Buffer.from([0xff, 0x00])])).toEqual({ ok: "OK" });
    expect(await rawCommand(real, ["GET", "k"])).toEqual({ ok: Buffer.from([0xff, 0x00]) });
    expect(await rawCommand(real, ["LPUSH", "k", "x"])).toEqual({
      err: "WRONGTYPE Operation against a key holding the wrong kind of value",
    });
    expect(await rawCommand(real, ["GET", "missing"])).toEqual({ ok: null });
    await rawCommand(real, ["MULTI"]);
    await rawCommand(real, ["INCR", "k"]);
    await rawCommand(real, ["SET", "n", "é"]);
    expect(await rawCommand(real, ["EXEC"])).toEqual({
      ok: [{ err: "ERR value is not an integer or out of range" }, "OK"],
    });
    expect(await rawCommand(real, ["STRLEN", "n"])).toEqual({ ok: 2 });
  });
});

describe("seeded PRNG", () => {
  it("is deterministic for a given seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 100 }, mulberry32(43))).not.toEqual(xs);
  });

  it("derives reproducible per-label streams from the run seed", () => {
    const seq = (label: string): number[] => {
      const r = seededRng(label);
      return Array.from({ length: 20 }, () => r.int(0, 1000));
    };
    expect(seq("a")).toEqual(seq("a"));
    expect(seq("a")).not.toEqual(seq("b"));
    expect(seededRng("a", testSeed()).seed).toBe(seededRng("a").seed);
  });
});

/**
 * Seeded random command sequences over the string group, sent to our engine and to a real
 * redis-server, every reply compared byte for byte, and OBJECT ENCODING of the touched key compared
 * after each write. TTLs are either far in the future (nothing expires during a run) or absolute
 * times in the past (expired on both sides, deterministically), so no reply depends on timing; TTL
 * values themselves are never read. Seed: env SEED (see test/support/seeded.ts); the failing
 * command log is printed by the assertion message.
 */
import { describe, it } from "vitest";
import { oracleAvailable } from "../support/differential.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { makeList, oracleSuite, same, sameEncoding } from "./string-support.js";

const KEYS = ["a", "b", "c", "d", "\x00k\xff", "list"];
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";

function value(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-20, 20)), 4],
    [() => String(rng.int(-1e6, 1e6)), 2],
    [() => rng.pick([MAX, MIN, "9223372036854775806", "-9223372036854775807", "9007199254740993", "10000", "9999"]), 2],
    [() => rng.pick(["1.5", "-0.25", "3e2", "1e-5", "0.1", "-0", "+1", " 1", "01", "1e400", "inf", "0x1p3"]), 2],
    [() => rng.string(rng.int(0, 6), "abc"), 3],
    [() => rng.string(rng.int(0, 5), "\x00\xff\r\n a"), 2],
    [() => rng.string(rng.int(40, 50), "xy"), 1],
    [() => "", 1],
  ])();
}

function intArg(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-10, 10)), 6],
    [() => rng.pick([MAX, MIN, "9223372036854775808", "abc", "1.5", "", "-0"]), 1],
  ])();
}

function floatArg(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-10, 10)), 3],
    [() => (rng.int(-10000, 10000) / rng.pick([10, 100, 1000, 3])).toString(), 3],
    [() => rng.pick(["0.1", "-0.1", "1e10", "-1e-3", "5.0e3", "abc", "inf", "", "1e300", "-0", "3.0000000000000000001"]), 1],
  ])();
}

/** SET/GETEX expire options whose outcome does not depend on timing. */
function expireOpts(rng: Rng): string[] {
  return rng.weighted<() => string[]>([
    [() => ["EX", String(rng.int(1000, 100000))], 2],
    [() => ["PX", String(rng.int(1_000_000, 100_000_000))], 2],
    [() => ["EXAT", rng.pick(["1", "100", "4102444800"])], 1],
    [() => ["PXAT", rng.pick(["1", "1000", "4102444800000"])], 1],
    [() => [rng.pick(["EX", "PX", "EXAT", "PXAT"]), rng.pick(["0", "-1", "abc", MAX])], 1],
  ])();
}

function command(rng: Rng): string[] {
  const k = () => rng.pick(KEYS);
  return rng.weighted<() => string[]>([
    [() => ["GET", k()], 6],
    [
      () => {
        const argv = ["SET", k(), value(rng)];
        const opts: string[][] = [];
        if (rng.chance(0.3)) opts.push([rng.pick(["NX", "XX"])]);
        if (rng.chance(0.3)) opts.push(["GET"]);
        if (rng.chance(0.3)) opts.push(expireOpts(rng));
        else if (rng.chance(0.15)) opts.push(["KEEPTTL"]);
        if (rng.chance(0.05)) opts.push([rng.pick(["NX", "XX", "KEEPTTL", "PERSIST", "EX", "FOO"])]);
        for (const o of rng.shuffle(opts)) argv.push(...o);
        return argv;
      },
      8,
    ],
    [() => ["SETNX", k(), value(rng)], 2],
    [() => ["SETEX", k(), rng.pick(["1000", "0", "-1", "x"]), value(rng)], 1],
    [() => ["PSETEX", k(), rng.pick(["1000000", "0", "x"]), value(rng)], 1],
    [
      () => {
        const argv = ["GETEX", k()];
        if (rng.chance(0.5)) argv.push(...(rng.chance(0.3) ? ["PERSIST"] : expireOpts(rng)));
        return argv;
      },
      3,
    ],
    [() => ["GETDEL", k()], 2],
    [() => ["GETSET", k(), value(rng)], 2],
    [() => ["MGET", ...Array.from({ length: rng.int(1, 4) }, k)], 2],
    [() => ["MSET", ...Array.from({ length: rng.int(1, 3) }, () => [k(), value(rng)]).flat()], 2],
    [() => ["MSETNX", ...Array.from({ length: rng.int(1, 3) }, () => [k(), value(rng)]).flat()], 2],
    [() => ["APPEND", k(), value(rng)], 4],
    [() => ["STRLEN", k()], 2],
    [() => ["INCR", k()], 3],
    [() => ["DECR", k()], 2],
    [() => ["INCRBY", k(), intArg(rng)], 3],
    [() => ["DECRBY", k(), intArg(rng)], 2],
    [() => ["INCRBYFLOAT", k(), floatArg(rng)], 4],
    [() => [rng.pick(["GETRANGE", "SUBSTR"]), k(), intArg(rng), intArg(rng)], 4],
    [() => ["SETRANGE", k(), rng.chance(0.9) ? String(rng.int(0, 12)) : intArg(rng), rng.string(rng.int(0, 4), "xy\x00")], 4],
    [
      () => {
        const argv = ["LCS", k(), k()];
        const opt = rng.pick([[], ["LEN"], ["IDX"], ["IDX", "WITHMATCHLEN"], ["IDX", "MINMATCHLEN", String(rng.int(-1, 3))], ["LEN", "IDX"]]);
        return [...argv, ...opt];
      },
      2,
    ],
  ])();
}

describe.skipIf(!oracleAvailable())("string commands: random sequences vs redis-server", () => {
  const suite = oracleSuite();

  it("answers every command of a seeded random sequence exactly as Redis does", async () => {
    const rng = seededRng("string random sequence");
    const pair = await suite.fresh();
    await makeList(pair, "list");
    for (let step = 0; step < 3000; step++) {
      if (rng.chance(0.01)) {
        // Bring the non-string key back now and then (SET and friends overwrite it).
        await same(pair, ["DEL", "list"]);
        await makeList(pair, "list");
      }
      const argv = command(rng);
      await same(pair, argv);
      const key = argv[1]!;
      if (key !== undefined && argv[0] !== "MGET" && argv[0] !== "LCS") await sameEncoding(pair, key);
    }
  });

  it("LCS agrees on random string pairs, ranges included (traceback order and ties)", async () => {
    const rng = seededRng("string random lcs");
    const pair = await suite.fresh();
    for (let round = 0; round < 300; round++) {
      const alpha = rng.pick(["ab", "abc", "acgt", "abcdefghij", "\x00\xff"]);
      await same(pair, ["MSET", "x", rng.string(rng.int(0, 40), alpha), "y", rng.string(rng.int(0, 40), alpha)]);
      await same(pair, ["LCS", "x", "y"]);
      await same(pair, ["LCS", "x", "y", "IDX", "WITHMATCHLEN", "MINMATCHLEN", String(rng.int(0, 3))]);
    }
  });
});

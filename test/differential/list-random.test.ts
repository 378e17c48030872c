/**
 * Seeded random command sequences over the list group (blocking forms included, with timeouts of a
 * millisecond so nothing waits), mixed with SET/DEL/EXPIRE/RENAME/COPY from the finished groups, sent
 * to our engine and to a real redis-server, every reply compared byte for byte. A second sequence
 * uses same-size elements and compares the quicklist's node count and byte size with the suite.oracle's
 * DEBUG OBJECT after every write (7.0 names every list `quicklist`, so the encoding name itself is
 * not compared; with these sizes 7.0's node boundaries and 7.2's listpack ⇄ quicklist points agree).
 * Seed: env SEED (test/support/seeded.ts); a failure prints the seed and the last commands.
 */
import { describe, expect, it } from "vitest";
import type { ListValue } from "../../src/types/list/list-value.js";
import { listNodeShape } from "../../src/types/list/list-value.js";
import { oracleAvailable, type Pair } from "../support/differential.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { oracleSuite, same } from "./string-support.js";

const KEYS = ["a", "b", "c", "\x00k\xff", "str"];
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";

function element(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => rng.pick(["x", "y", "z"]), 6],
    [() => String(rng.int(-3, 3)), 3],
    [() => rng.pick(["", "\x00", "\xff\xfe", "-0", "01", "127", "128", "40000", MAX, MIN]), 2],
    [() => rng.string(rng.int(60, 70), "ab"), 1],
  ])();
}

function index(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-8, 8)), 10],
    [() => rng.pick([MAX, MIN, "x", "1.5", "-100", "100"]), 1],
  ])();
}

const end = (rng: Rng) => rng.pick(["LEFT", "RIGHT", "left", "right", "UP"]);
const tiny = (rng: Rng) => rng.pick(["0.001", "0.001", "0.001", "-1", "x"]);

function command(rng: Rng): string[] {
  const k = () => rng.pick(KEYS);
  const els = () => Array.from({ length: rng.int(1, 4) }, () => element(rng));
  return rng.weighted<() => string[]>([
    [() => [rng.pick(["LPUSH", "RPUSH"]), k(), ...els()], 12],
    [() => [rng.pick(["LPUSHX", "RPUSHX"]), k(), ...els()], 2],
    [() => [rng.pick(["LPOP", "RPOP"]), k(), ...(rng.chance(0.5) ? [rng.pick(["0", "1", "2", "5", MAX, "-1", "x"])] : [])], 6],
    [() => ["LRANGE", k(), index(rng), index(rng)], 4],
    [() => ["LINDEX", k(), index(rng)], 3],
    [() => ["LSET", k(), index(rng), element(rng)], 3],
    [() => ["LINSERT", k(), rng.pick(["BEFORE", "AFTER", "after", "x"]), element(rng), element(rng)], 3],
    [() => ["LREM", k(), rng.pick(["0", "1", "-1", "2", "-2", MIN, "x"]), element(rng)], 3],
    [() => ["LTRIM", k(), index(rng), index(rng)], 2],
    [() => ["LLEN", k()], 2],
    [
      () => {
        const argv = ["LPOS", k(), element(rng)];
        if (rng.chance(0.4)) argv.push("RANK", rng.pick(["1", "2", "-1", "-2", "0", "x"]));
        if (rng.chance(0.4)) argv.push("COUNT", rng.pick(["0", "1", "2", "-1"]));
        if (rng.chance(0.3)) argv.push("MAXLEN", rng.pick(["0", "1", "3", "-1"]));
        return argv;
      },
      3,
    ],
    [() => ["LMOVE", k(), k(), end(rng), end(rng)], 3],
    [() => ["RPOPLPUSH", k(), k()], 2],
    [() => ["LMPOP", rng.pick(["1", "2", "3", "0"]), k(), k(), end(rng), ...(rng.chance(0.5) ? ["COUNT", rng.pick(["1", "3", "0"])] : [])], 3],
    [() => [rng.pick(["BLPOP", "BRPOP"]), k(), k(), tiny(rng)], 3],
    [() => ["BLMOVE", k(), k(), end(rng), end(rng), tiny(rng)], 2],
    [() => ["BRPOPLPUSH", k(), k(), tiny(rng)], 1],
    [() => ["BLMPOP", tiny(rng), "2", k(), k(), end(rng), ...(rng.chance(0.5) ? ["COUNT", rng.pick(["1", "3"])] : [])], 2],
    [() => ["SET", k(), element(rng)], 1],
    [() => ["DEL", k()], 1],
    [() => ["EXPIRE", k(), "1000"], 1],
    [() => ["RENAME", k(), k()], 1],
    [() => ["COPY", k(), k(), "REPLACE"], 1],
    [() => ["TYPE", k()], 1],
  ])();
}

function ourList(pair: Pair, key: string): ListValue | undefined {
  const e = pair.ours.engine.db(pair.ours.session.dbIndex).peek(key);
  return e === undefined || typeof e.value === "string" ? undefined : (e.value as ListValue);
}

describe.skipIf(!oracleAvailable())("list commands: random sequences vs redis-server", () => {
  const suite = oracleSuite();

  it("answers every command of a seeded random sequence exactly as Redis does", async () => {
    const rng = seededRng("list random sequence");
    for (const fill of ["-2", "3"]) {
      const pair = await suite.fresh({ config: { "list-max-listpack-size": fill } });
      await suite.oracle.send(["CONFIG", "SET", "list-max-listpack-size", fill]);
      await same(pair, ["SET", "str", "v"]);
      for (let step = 0; step < 1500; step++) await same(pair, command(rng));
      for (const key of KEYS) await same(pair, ["LRANGE", key, "0", "-1"]);
    }
    await suite.oracle.send(["CONFIG", "SET", "list-max-listpack-size", "-2"]);
  });

  it("keeps Redis's quicklist node boundaries and byte sizes through random writes", async () => {
    const rng = seededRng("list random shape");
    const pair = await suite.fresh();
    // Same-size elements (103-byte entries): pushes one at a time, so 7.2's listpack ⇄ quicklist
    // points coincide with 7.0's node splits (see list.test.ts).
    const el = () => `${String(rng.int(0, 40)).padStart(3, "0")}${"e".repeat(97)}`;
    const i = () => String(rng.int(-120, 120));
    for (let step = 0; step < 1500; step++) {
      const len = Number((await same(pair, ["LLEN", "l"])).slice(1, -2));
      const argv = rng.weighted<() => string[]>([
        [() => [rng.pick(["LPUSH", "RPUSH"]), "l", el()], len < 150 ? 12 : 4],
        [() => [rng.pick(["LPOP", "RPOP"]), "l", String(rng.int(1, 20))], 4],
        [() => ["LINSERT", "l", rng.pick(["BEFORE", "AFTER"]), el(), el()], 5],
        [() => ["LSET", "l", i(), el()], 2],
        [() => ["LREM", "l", rng.pick(["1", "-1", "0"]), el()], 2],
        [() => ["LTRIM", "l", String(rng.int(0, 3)), String(-rng.int(1, 4))], 1],
        [() => ["LMOVE", "l", "l", rng.pick(["LEFT", "RIGHT"]), rng.pick(["LEFT", "RIGHT"])], 1],
      ])();
      await same(pair, argv);
      const l = ourList(pair, "l");
      if (l === undefined) continue;
      const line = await suite.oracle.send(["DEBUG", "OBJECT", "l"]);
      const theirs = [Number(/ql_nodes:(\d+)/.exec(line)![1]), Number(/ql_uncompressed_size:(\d+)/.exec(line)![1])];
      const shape = listNodeShape(l);
      expect([shape.nodes, shape.bytes], `after ${JSON.stringify(argv.map((a) => a.slice(0, 6)))}\nlog: ${JSON.stringify(pair.log.slice(-10).map((c) => c.map((a) => a.slice(0, 6))))}`).toEqual(theirs);
    }
  });
});

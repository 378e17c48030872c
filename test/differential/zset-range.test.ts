/**
 * The sorted_set range commands against a real redis-server, reply for reply, on listpack and
 * skiplist encodings alike: ZRANGE (BYSCORE/BYLEX/REV/LIMIT/WITHSCORES and every syntax error in its
 * order), ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, ZRANGESTORE
 * (results, encodings, empty results deleting the destination, overwrites), and ZREMRANGEBYRANK /
 * BYSCORE / BYLEX; RESP3 shapes and keyspace events.
 */
import { describe, it } from "vitest";
import { oracleAvailable, type Pair } from "../support/differential.js";
import { same, sameEvents, sameZ, scenarioZ, zaddBothEncodings } from "./zset-support.js";
import { oracleSuite } from "./string-support.js";

/** The queries every encoding must answer alike. */
function rangeQueries(k: string): string[][] {
  const q: string[][] = [];
  for (const [a, b] of [["0", "-1"], ["1", "3"], ["-3", "-1"], ["-100", "100"], ["5", "2"], ["3", "3"], ["100", "200"], ["-1", "-100"], ["0", "0"]]) {
    q.push(["ZRANGE", k, a!, b!], ["ZRANGE", k, a!, b!, "WITHSCORES"], ["ZRANGE", k, a!, b!, "REV"], ["ZREVRANGE", k, a!, b!, "WITHSCORES"]);
  }
  const scoreRanges = [
    ["-inf", "+inf"], ["1", "3"], ["(1", "3"], ["1", "(3"], ["(1", "(3"], ["2", "2"], ["(2", "2"], ["3", "1"], ["0", "0"],
    ["-inf", "(2"], ["(2", "inf"], ["1.5", "2.5"], ["", "2"], [" 2", "(3"],
  ];
  for (const [min, max] of scoreRanges) {
    q.push(
      ["ZRANGE", k, min!, max!, "BYSCORE"],
      ["ZRANGE", k, max!, min!, "BYSCORE", "REV", "WITHSCORES"],
      ["ZRANGEBYSCORE", k, min!, max!, "WITHSCORES"],
      ["ZREVRANGEBYSCORE", k, max!, min!],
      ["ZCOUNT", k, min!, max!],
    );
    for (const [off, cnt] of [["0", "2"], ["1", "1"], ["2", "-1"], ["-1", "2"], ["0", "0"], ["100", "1"], ["1", "100"]]) {
      q.push(["ZRANGEBYSCORE", k, min!, max!, "LIMIT", off!, cnt!], ["ZRANGE", k, max!, min!, "BYSCORE", "REV", "LIMIT", off!, cnt!]);
    }
  }
  return q;
}

function lexQueries(k: string): string[][] {
  const q: string[][] = [];
  const ranges = [
    ["-", "+"], ["[b", "[d"], ["(b", "[d"], ["[b", "(d"], ["(b", "(d"], ["[c", "[c"], ["(c", "[c"], ["[d", "[b"], ["-", "(c"],
    ["[c", "+"], ["+", "-"], ["-", "-"], ["[", "+"], ["(", "[a"], ["[aa", "[b\x00"], ["[\xff", "+"],
  ];
  for (const [min, max] of ranges) {
    q.push(
      ["ZRANGE", k, min!, max!, "BYLEX"],
      ["ZRANGE", k, max!, min!, "BYLEX", "REV"],
      ["ZRANGEBYLEX", k, min!, max!],
      ["ZREVRANGEBYLEX", k, max!, min!],
      ["ZLEXCOUNT", k, min!, max!],
    );
    for (const [off, cnt] of [["0", "2"], ["1", "1"], ["2", "-1"], ["-1", "2"], ["0", "0"], ["50", "1"]]) {
      q.push(["ZRANGEBYLEX", k, min!, max!, "LIMIT", off!, cnt!], ["ZREVRANGEBYLEX", k, max!, min!, "LIMIT", off!, cnt!]);
    }
  }
  return q;
}

describe.skipIf(!oracleAvailable())("sorted set ranges vs redis-server", () => {
  const suite = oracleSuite();

  async function filled(): Promise<Pair> {
    const pair = await suite.fresh();
    await same(pair, ["SET", "str", "v"]);
    const args = ["-inf", "ninf", "1", "a", "2", "b", "2", "bb", "2", "ba", "3", "c", "3.5", "d", "inf", "pinf", "0", "zero", "-1.25", "neg"];
    await zaddBothEncodings(pair, "lp", "sl", args);
    await sameZ(pair, ["OBJECT", "ENCODING", "lp"]);
    await sameZ(pair, ["OBJECT", "ENCODING", "sl"]);
    const lex = ["0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "", "0", "aa", "0", "b\x00", "0", "\xff"];
    await zaddBothEncodings(pair, "llp", "lsl", lex);
    return pair;
  }

  it("ranks and scores on both encodings", async () => {
    const pair = await filled();
    for (const k of ["lp", "sl", "missing"]) await scenarioZ(pair, rangeQueries(k));
  });

  it("lex ranges on both encodings, and mixed scores on a listpack", async () => {
    const pair = await filled();
    for (const k of ["llp", "lsl", "missing"]) await scenarioZ(pair, lexQueries(k));
    // Mixed scores: Redis scans a listpack linearly; the answers are defined there.
    await sameZ(pair, ["ZADD", "mixed", "1", "c", "2", "a", "3", "d", "4", "b"]);
    await scenarioZ(pair, lexQueries("mixed"));
  });

  it("syntax errors, their order, wrong types", async () => {
    const pair = await filled();
    await scenarioZ(pair, [
      ["ZRANGE", "lp", "0", "-1", "LIMIT", "0", "1"],
      ["ZRANGE", "lp", "0", "-1", "LIMIT", "0", "-1"],
      ["ZRANGE", "lp", "0", "-1", "LIMIT", "x", "1"],
      ["ZRANGE", "lp", "0", "-1", "LIMIT", "0", "x"],
      ["ZRANGE", "lp", "0", "-1", "LIMIT", "0"],
      ["ZRANGE", "lp", "0", "-1", "LIMIT"],
      ["ZRANGE", "lp", "-", "+", "BYLEX", "WITHSCORES"],
      ["ZRANGE", "lp", "-", "+", "WITHSCORES", "BYLEX"],
      ["ZRANGE", "lp", "0", "1", "BYSCORE", "BYLEX"],
      ["ZRANGE", "lp", "0", "1", "BYLEX", "BYSCORE"],
      ["ZRANGE", "lp", "0", "1", "REV", "REV"],
      ["ZRANGE", "lp", "0", "1", "WITHSCORES", "WITHSCORES"],
      ["ZRANGE", "lp", "0", "1", "FOO"],
      ["ZRANGE", "lp", "x", "1"],
      ["ZRANGE", "lp", "0", "1.5"],
      ["ZRANGE", "lp", "a", "b", "BYSCORE"],
      ["ZRANGE", "lp", "1", "b", "BYSCORE"],
      ["ZRANGE", "lp", "a", "b", "BYLEX"],
      ["ZRANGE", "lp", "[a", "b", "BYLEX"],
      ["ZRANGE", "lp", "0", "1", "BYSCORE", "LIMIT", "0", "1", "WITHSCORES"],
      ["ZRANGE", "lp", "(1", "(3", "BYSCORE", "LIMIT", "1", "1", "REV"],
      ["ZRANGE", "str", "0", "1"],
      ["ZRANGE", "str", "x", "1"],
      ["ZRANGE", "str", "0", "1", "FOO"],
      ["ZRANGE", "missing", "x", "1"],
      ["ZRANGE", "lp", "0"],
      ["ZREVRANGE", "lp", "0", "-1", "REV"],
      ["ZREVRANGE", "lp", "0", "-1", "BYSCORE"],
      ["ZREVRANGE", "lp", "0", "-1", "LIMIT", "0", "1"],
      ["ZREVRANGE", "lp", "0", "-1", "withscores"],
      ["ZRANGEBYSCORE", "lp", "0", "1", "BYSCORE"],
      ["ZRANGEBYSCORE", "lp", "0", "1", "REV"],
      ["ZRANGEBYSCORE", "lp", "0", "1", "LIMIT", "1"],
      ["ZRANGEBYSCORE", "lp", "x", "1"],
      ["ZRANGEBYSCORE", "lp", "0", "1", "LIMIT", "a", "1"],
      ["ZRANGEBYLEX", "lp", "-", "+", "WITHSCORES"],
      ["ZRANGEBYLEX", "lp", "a", "+"],
      ["ZRANGEBYLEX", "lp", "-", "+", "BYLEX"],
      ["ZREVRANGEBYLEX", "lp", "+", "-", "LIMIT", "0"],
      ["ZREVRANGEBYSCORE", "lp", "+inf", "-inf", "WITHSCORES", "LIMIT", "0", "2"],
      ["ZRANGEBYSCORE", "str", "0", "1"],
      ["ZRANGEBYLEX", "str", "-", "+"],
      ["ZRANGE", "lp", "0", "-1", "LIMIT", "9223372036854775807", "1", "BYSCORE"],
      ["ZRANGE", "lp", "-inf", "inf", "BYSCORE", "LIMIT", "-9223372036854775808", "1"],
      ["ZRANGE", "lp", "-inf", "inf", "BYSCORE", "LIMIT", "0", "-9223372036854775808"],
      ["ZRANGE", "lp", "-9223372036854775808", "9223372036854775807"],
      ["ZRANGE", "lp", "9223372036854775808", "1"],
    ]);
  });

  it("ZRANGESTORE: results, encodings, empty results, overwrites, errors", async () => {
    const pair = await filled();
    const steps: string[][] = [];
    for (const src of ["lp", "sl"]) {
      steps.push(
        ["ZRANGESTORE", "d", src, "0", "-1"],
        ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
        ["OBJECT", "ENCODING", "d"],
        ["ZRANGESTORE", "d", src, "1", "2", "REV"],
        ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
        ["ZRANGESTORE", "d", src, "(1", "inf", "BYSCORE", "LIMIT", "1", "3"],
        ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
        ["OBJECT", "ENCODING", "d"],
        ["ZRANGESTORE", "d", src, "inf", "-inf", "BYSCORE", "REV"],
        ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
        ["ZRANGESTORE", "d", src, "5", "1"],
        ["EXISTS", "d"],
        ["ZRANGESTORE", "d", src, "5", "1"],
        ["SET", "d", "string"],
        ["EXPIRE", "d", "100"],
        ["ZRANGESTORE", "d", src, "0", "0"],
        ["TTL", "d"],
        ["TYPE", "d"],
        ["ZRANGESTORE", src, src, "0", "1"],
        ["ZRANGE", src, "0", "-1", "WITHSCORES"],
      );
    }
    steps.push(
      ["ZRANGESTORE", "d2", "llp", "[b", "+", "BYLEX", "LIMIT", "0", "3"],
      ["ZRANGE", "d2", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d2", "lsl", "-", "+", "BYLEX", "REV"],
      ["ZRANGE", "d2", "0", "-1"],
      ["OBJECT", "ENCODING", "d2"],
      ["ZRANGESTORE", "d2", "missing", "0", "-1"],
      ["EXISTS", "d2"],
      ["ZRANGESTORE", "d2", "str", "0", "-1"],
      ["ZRANGESTORE", "str", "missing", "0", "-1"],
      ["EXISTS", "str"],
      ["SET", "str", "v"],
      ["ZRANGESTORE", "d3", "lsl", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d3", "lsl", "0", "-1", "LIMIT", "0", "1"],
      ["ZRANGESTORE", "d3", "lsl", "-", "+", "BYLEX", "WITHSCORES"],
      ["ZRANGESTORE", "d3", "lsl", "x", "1"],
      ["ZRANGESTORE", "d3", "lsl"],
    );
    await scenarioZ(pair, steps);
    // A stored range longer than the listpack limit is a skiplist; at the limit, a listpack.
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "3"]);
    await scenarioZ(pair, [
      ["ZRANGESTORE", "e", "lsl", "0", "2"],
      ["OBJECT", "ENCODING", "e"],
      ["ZRANGESTORE", "e", "lsl", "0", "3"],
      ["OBJECT", "ENCODING", "e"],
      ["ZRANGESTORE", "e", "lsl", "-", "+", "BYLEX", "LIMIT", "0", "3"],
      ["OBJECT", "ENCODING", "e"],
      ["ZRANGESTORE", "e", "lsl", "-", "+", "BYLEX", "LIMIT", "0", "4"],
      ["OBJECT", "ENCODING", "e"],
    ]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
  });

  it("ZREMRANGEBYRANK / BYSCORE / BYLEX on both encodings", async () => {
    const pair = await filled();
    for (const [k, lk] of [["lp", "llp"], ["sl", "lsl"]]) {
      await scenarioZ(pair, [
        ["ZREMRANGEBYRANK", k!, "5", "2"],
        ["ZREMRANGEBYRANK", k!, "100", "200"],
        ["ZREMRANGEBYRANK", k!, "-1", "-1"],
        ["ZRANGE", k!, "0", "-1", "WITHSCORES"],
        ["ZREMRANGEBYRANK", k!, "1", "2"],
        ["ZRANGE", k!, "0", "-1", "WITHSCORES"],
        ["ZREMRANGEBYSCORE", k!, "(2", "3"],
        ["ZREMRANGEBYSCORE", k!, "5", "4"],
        ["ZREMRANGEBYSCORE", k!, "(inf", "inf"],
        ["ZRANGE", k!, "0", "-1", "WITHSCORES"],
        ["ZREMRANGEBYSCORE", k!, "-inf", "(0"],
        ["ZRANGE", k!, "0", "-1", "WITHSCORES"],
        ["ZREMRANGEBYLEX", lk!, "(b", "[d"],
        ["ZREMRANGEBYLEX", lk!, "[z", "[y"],
        ["ZRANGE", lk!, "0", "-1"],
        ["ZREMRANGEBYLEX", lk!, "-", "(b"],
        ["ZRANGE", lk!, "0", "-1"],
        ["ZREMRANGEBYRANK", k!, "0", "-1"],
        ["EXISTS", k!],
        ["ZREMRANGEBYLEX", lk!, "-", "+"],
        ["EXISTS", lk!],
      ]);
    }
    await scenarioZ(pair, [
      ["ZREMRANGEBYRANK", "missing", "0", "-1"],
      ["ZREMRANGEBYRANK", "missing", "x", "-1"],
      ["ZREMRANGEBYRANK", "str", "0", "-1"],
      ["ZREMRANGEBYRANK", "str", "x", "-1"],
      ["ZREMRANGEBYRANK", "z", "0", "1.5"],
      ["ZREMRANGEBYSCORE", "missing", "0", "1"],
      ["ZREMRANGEBYSCORE", "missing", "x", "1"],
      ["ZREMRANGEBYSCORE", "str", "0", "1"],
      ["ZREMRANGEBYSCORE", "str", "nan", "1"],
      ["ZREMRANGEBYLEX", "missing", "-", "+"],
      ["ZREMRANGEBYLEX", "missing", "x", "+"],
      ["ZREMRANGEBYLEX", "str", "-", "+"],
      ["ZREMRANGEBYLEX", "str", "-", "x"],
      ["ZREMRANGEBYRANK", "z", "0"],
      ["ZREMRANGEBYSCORE", "z", "0", "1", "2"],
    ]);
  });

  it("RESP3 shapes: WITHSCORES pairs, flat member lists", async () => {
    const pair = await filled();
    await same(pair, ["HELLO", "3"]);
    await scenarioZ(pair, [
      ["ZRANGE", "lp", "0", "2", "WITHSCORES"],
      ["ZRANGE", "sl", "0", "2", "WITHSCORES"],
      ["ZRANGE", "lp", "0", "2"],
      ["ZREVRANGE", "sl", "0", "2", "WITHSCORES"],
      ["ZRANGEBYSCORE", "sl", "-inf", "inf", "WITHSCORES", "LIMIT", "0", "3"],
      ["ZREVRANGEBYSCORE", "lp", "inf", "-inf", "WITHSCORES"],
      ["ZRANGEBYLEX", "llp", "-", "+"],
      ["ZRANGE", "missing", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "lp", "5", "1", "WITHSCORES"],
    ]);
    await same(pair, ["HELLO", "2"]);
  });

  it("keyspace events", async () => {
    const pair = await filled();
    await sameEvents(pair, async () => {
      await scenarioZ(pair, [
        ["ZRANGE", "missing", "0", "-1"],
        ["ZRANGEBYSCORE", "missing", "0", "1"],
        ["ZRANGESTORE", "d", "lp", "0", "1"],
        ["ZRANGESTORE", "d", "lp", "0", "2"],
        ["ZRANGESTORE", "d", "missing", "0", "2"],
        ["ZRANGESTORE", "d", "missing", "0", "2"],
        ["ZRANGESTORE", "d", "lp", "5", "1"],
        ["ZREMRANGEBYRANK", "lp", "5", "1"],
        ["ZREMRANGEBYRANK", "lp", "0", "0"],
        ["ZREMRANGEBYSCORE", "lp", "100", "200"],
        ["ZREMRANGEBYSCORE", "lp", "-inf", "2"],
        ["ZREMRANGEBYLEX", "llp", "[a", "[c"],
        ["ZREMRANGEBYRANK", "sl", "0", "-1"],
        ["ZREMRANGEBYLEX", "llp", "-", "+"],
        ["ZREMRANGEBYSCORE", "missing", "0", "1"],
      ]);
    });
  });
});

/**
 * Sorted-set pops, random picks and algebra against a real redis-server: ZPOPMIN/ZPOPMAX (counts and
 * their errors), BZPOPMIN/BZPOPMAX/BZMPOP (served at once, timeouts, inside MULTI, parked and woken by
 * another client), ZMPOP, ZRANDMEMBER (replies compared by what Redis guarantees, since they are
 * random), ZUNION/ZINTER/ZDIFF with their STORE forms and ZINTERCARD (plain sets as inputs, WEIGHTS,
 * AGGREGATE, every syntax error in its order), RESP3 shapes and keyspace events; plus what we log
 * (Redis's propagation forms) and the 7.2 ZADD sizing rule, on our side alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import type { Session } from "../../src/engine/session.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";
import { type Oracle, oracleAvailable, type Pair, parseFrame, type RawConnection, type Resp, show, startOracle } from "../support/differential.js";
import { closeAllPairs, framesMatch, freshPair, same, sameEvents, sameZ, scenarioZ, zaddBothEncodings } from "./zset-support.js";

async function oursOn(session: Session, argv: readonly string[]): Promise<string> {
  let r: Reply | PendingReply = session.exec(argv);
  if (r instanceof PendingReply) r = await r.promise;
  return encodeReplyString(r, session.resp);
}

describe.skipIf(!oracleAvailable())("sorted set pops, random picks and algebra vs redis-server", () => {
  let oracle: Oracle;
  let conn2: RawConnection;
  beforeAll(async () => {
    oracle = (await startOracle())!;
    conn2 = await oracle.connect();
  });
  afterAll(async () => {
    closeAllPairs();
    await oracle?.close();
  });

  async function filled(): Promise<Pair> {
    const pair = await freshPair(oracle);
    await same(pair, ["SET", "str", "v"]);
    await zaddBothEncodings(pair, "lp", "sl", ["1", "a", "2", "b", "2", "bb", "3", "c", "-inf", "n", "inf", "p", "0.5", "h"]);
    return pair;
  }

  it("ZPOPMIN / ZPOPMAX: counts, emptied keys, errors, RESP3", async () => {
    const pair = await filled();
    for (const k of ["lp", "sl"]) {
      await scenarioZ(pair, [
        ["ZPOPMIN", k],
        ["ZPOPMAX", k],
        ["ZPOPMIN", k, "2"],
        ["ZPOPMAX", k, "0"],
        ["ZPOPMIN", k, "1"],
        ["ZPOPMAX", k, "100"],
        ["EXISTS", k],
        ["ZPOPMIN", k],
        ["ZPOPMIN", k, "3"],
      ]);
    }
    await scenarioZ(pair, [
      ["ZPOPMIN", "missing"],
      ["ZPOPMIN", "missing", "2"],
      ["ZPOPMIN", "missing", "-1"],
      ["ZPOPMIN", "missing", "x"],
      ["ZPOPMIN", "str"],
      ["ZPOPMIN", "str", "0"],
      ["ZPOPMIN", "str", "-1"],
      ["ZPOPMIN", "z", "1", "2"],
      ["ZPOPMAX", "z", "1.5"],
      ["ZPOPMAX", "z", "9223372036854775808"],
      ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
      ["ZPOPMAX", "z", "9223372036854775807"],
      ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
      ["HELLO", "3"],
      ["ZPOPMIN", "z"],
      ["ZPOPMIN", "z", "1"],
      ["ZPOPMAX", "z", "5"],
      ["ZPOPMIN", "z", "5"],
      ["ZPOPMIN", "z"],
      ["HELLO", "2"],
    ]);
  });

  it("ZMPOP and the immediate forms of BZPOPMIN / BZPOPMAX / BZMPOP", async () => {
    const pair = await filled();
    await scenarioZ(pair, [
      ["ZMPOP", "1", "lp", "MIN"],
      ["ZMPOP", "2", "missing", "lp", "MAX", "COUNT", "2"],
      ["ZMPOP", "2", "missing", "sl", "min", "count", "100"],
      ["EXISTS", "sl"],
      ["ZMPOP", "1", "missing", "MIN"],
      ["ZMPOP", "2", "missing", "str", "MIN"],
      ["ZMPOP", "2", "str", "lp", "MIN"],
      ["ZMPOP", "0", "lp", "MIN"],
      ["ZMPOP", "-1", "lp", "MIN"],
      ["ZMPOP", "x", "lp", "MIN"],
      ["ZMPOP", "1", "lp"],
      ["ZMPOP", "2", "lp", "MIN"],
      ["ZMPOP", "1", "lp", "MIDDLE"],
      ["ZMPOP", "1", "lp", "MIN", "COUNT"],
      ["ZMPOP", "1", "lp", "MIN", "COUNT", "0"],
      ["ZMPOP", "1", "lp", "MIN", "COUNT", "-1"],
      ["ZMPOP", "1", "lp", "MIN", "COUNT", "x"],
      ["ZMPOP", "1", "lp", "MIN", "COUNT", "1", "COUNT", "2"],
      ["ZMPOP", "1", "lp", "MIN", "FOO"],
      ["ZMPOP", "9223372036854775807", "lp", "MIN"],
      ["ZADD", "b1", "1", "x", "2", "y"],
      ["BZPOPMIN", "missing", "b1", "0"],
      ["BZPOPMAX", "b1", "0"],
      ["EXISTS", "b1"],
      ["ZADD", "b1", "1", "x", "2", "y", "3", "z"],
      ["BZMPOP", "0", "2", "missing", "b1", "MAX", "COUNT", "2"],
      ["BZMPOP", "0", "1", "b1", "MIN", "COUNT", "5"],
      ["BZPOPMIN", "str", "0"],
      ["BZPOPMIN", "missing", "str", "0"],
      ["BZPOPMIN", "b1", "x"],
      ["BZPOPMIN", "b1", "-1"],
      ["BZPOPMIN", "str", "x"],
      ["BZMPOP", "x", "1", "b1", "MIN"],
      ["BZMPOP", "-1", "1", "b1", "MIN"],
      ["BZMPOP", "x", "0", "b1", "MIN"],
      ["BZMPOP", "x", "1", "b1", "UP"],
      ["BZMPOP", "0", "1", "str", "MIN"],
      ["BZMPOP", "0", "2", "b1"],
      ["BZPOPMIN", "b1", "inf"],
      ["BZPOPMAX", "b1", "1e18"],
      ["BZMPOP", "9223372036854775807", "1", "b1", "MIN"],
      ["BZPOPMIN", "missing", "0.01"],
      ["BZPOPMAX", "missing", "other", "0.001"],
      ["BZMPOP", "0.01", "2", "m1", "m2", "MIN"],
      ["MULTI"],
      ["BZPOPMIN", "missing", "0"],
      ["BZMPOP", "0", "1", "missing", "MAX"],
      ["ZADD", "b2", "5", "q"],
      ["BZPOPMAX", "b2", "0"],
      ["EXEC"],
      ["HELLO", "3"],
      ["ZADD", "b3", "1.5", "x", "2", "y"],
      ["BZPOPMIN", "b3", "0"],
      ["ZMPOP", "1", "b3", "MAX"],
      ["ZMPOP", "1", "b3", "MAX"],
      ["BZPOPMIN", "b3", "0.01"],
      ["HELLO", "2"],
    ]);
  });

  /** Parks `blockArgv` on a second connection of each side, runs `steps`, compares the parked answers. */
  async function blockThen(pair: Pair, blockArgv: string[], steps: string[][]): Promise<void> {
    const theirs = conn2.send(blockArgv);
    for (let i = 0; i < 200; i++) {
      if (/blocked_clients:[1-9]/.test(await oracle.send(["INFO", "clients"]))) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const s2 = pair.ours.engine.createSession();
    const ours = oursOn(s2, blockArgv);
    await scenarioZ(pair, steps);
    const [o, t] = await Promise.all([ours, theirs]);
    if (!framesMatch(o, t)) expect(show(o), JSON.stringify(blockArgv)).toBe(show(t));
    s2.close();
  }

  it("parked BZPOPMIN / BZPOPMAX / BZMPOP are served by a later write (and not by another type)", async () => {
    const pair = await filled();
    await blockThen(pair, ["BZPOPMIN", "k1", "k2", "0"], [["ZADD", "k2", "2", "b", "1", "a"], ["ZRANGE", "k2", "0", "-1"]]);
    await blockThen(pair, ["BZPOPMAX", "k1", "k2", "0"], [["SET", "k1", "s"], ["DEL", "k1"], ["ZADD", "k1", "1", "x", "9", "y"], ["ZCARD", "k1"]]);
    await blockThen(pair, ["BZMPOP", "0", "2", "k3", "k4", "MAX", "COUNT", "5"], [["ZADD", "k4", "1", "a", "2", "b"], ["EXISTS", "k4"]]);
    await blockThen(pair, ["BZPOPMIN", "k5", "0"], [["RPUSH", "k5", "x"], ["DEL", "k5"], ["ZINCRBY", "k5", "3", "m"]]);
    await blockThen(pair, ["BZPOPMIN", "k6", "0"], [["ZADD", "src", "1", "a", "2", "b"], ["ZUNIONSTORE", "k6", "1", "src"], ["ZCARD", "k6"]]);
    await blockThen(pair, ["BZPOPMIN", "k7", "0"], [["MULTI"], ["ZADD", "k7", "1", "a"], ["ZREM", "k7", "a"], ["ZADD", "k7", "2", "b"], ["EXEC"], ["ZCARD", "k7"]]);
  });

  it("ZRANDMEMBER: argument errors exactly; random replies by Redis's guarantees", async () => {
    const pair = await filled();
    await scenarioZ(pair, [
      ["ZRANDMEMBER", "missing"],
      ["ZRANDMEMBER", "missing", "5"],
      ["ZRANDMEMBER", "missing", "-5", "WITHSCORES"],
      ["ZRANDMEMBER", "missing", "x"],
      ["ZRANDMEMBER", "missing", "5", "FOO"],
      ["ZRANDMEMBER", "str"],
      ["ZRANDMEMBER", "str", "1"],
      ["ZRANDMEMBER", "str", "x"],
      ["ZRANDMEMBER", "lp", "x"],
      ["ZRANDMEMBER", "lp", "1.5"],
      ["ZRANDMEMBER", "lp", "0"],
      ["ZRANDMEMBER", "lp", "0", "WITHSCORES"],
      ["ZRANDMEMBER", "lp", "1", "WITHSCORES", "x"],
      ["ZRANDMEMBER", "lp", "1", "WITHSCORE"],
      ["ZRANDMEMBER", "lp", "-9223372036854775808"],
      ["ZRANDMEMBER", "lp", "-9223372036854775807", "WITHSCORES"],
      ["ZRANDMEMBER", "lp", "4611686018427387904", "WITHSCORES"],
      ["ZRANDMEMBER", "lp", "-4611686018427387904", "WITHSCORES"],
      ["ZRANDMEMBER", "lp", "9223372036854775807"],
      ["ZRANDMEMBER", "sl", "100", "WITHSCORES"],
      ["ZRANDMEMBER", "lp", "7", "WITHSCORES"],
    ]);
    const big: string[] = [];
    for (let i = 0; i < 200; i++) big.push(String(i / 4), `m${i}`);
    await sameZ(pair, ["ZADD", "big", ...big]);
    const members = async (k: string): Promise<Map<string, string>> => {
      const r = parseFrame(await pair.oracle.send(["ZRANGE", k, "0", "-1", "WITHSCORES"])) as string[];
      const m = new Map<string, string>();
      for (let i = 0; i < r.length; i += 2) m.set(r[i]!, r[i + 1]!);
      return m;
    };
    for (const k of ["lp", "sl", "big"]) {
      const all = await members(k);
      const size = all.size;
      for (const resp of [2, 3]) {
        await same(pair, ["HELLO", String(resp)]);
        for (const count of [1, 2, 3, size - 1, size, size + 3, -1, -3, -(size * 2), 66, 67, 150]) {
          for (const ws of [false, true]) {
            const argv = ["ZRANDMEMBER", k, String(count), ...(ws ? ["WITHSCORES"] : [])];
            const r = await pair.both(argv);
            const o = parseFrame(r.ours) as Resp[];
            const t = parseFrame(r.theirs) as Resp[];
            expect(r.ours[0], JSON.stringify(argv)).toBe(r.theirs[0]);
            expect(o.length, JSON.stringify(argv)).toBe(t.length);
            const picked: string[] = [];
            for (let i = 0; i < o.length; i++) {
              const item = o[i]!;
              if (ws && resp === 3) {
                const [m, s] = item as string[];
                expect(all.get(m!), `${JSON.stringify(argv)} score of ${m}`).toBe(s);
                picked.push(m!);
              } else if (ws) {
                if (i % 2 === 0) {
                  expect(all.get(item as string), `${JSON.stringify(argv)} score of ${item}`).toBe(o[i + 1]);
                  picked.push(item as string);
                }
              } else {
                expect(all.has(item as string), `${JSON.stringify(argv)}: ${item}`).toBe(true);
                picked.push(item as string);
              }
            }
            if (count > 0) {
              expect(new Set(picked).size, `${JSON.stringify(argv)} distinct`).toBe(picked.length);
              if (count >= size) expect(picked).toEqual([...all.keys()].reverse());
            }
          }
        }
        const one = await pair.both(["ZRANDMEMBER", k]);
        expect(all.has(parseFrame(one.ours) as string)).toBe(true);
        expect(one.ours[0]).toBe(one.theirs[0]);
      }
      await same(pair, ["HELLO", "2"]);
    }
  });

  it("ZUNION / ZINTER / ZDIFF (and STORE forms): sets as inputs, WEIGHTS, AGGREGATE, missing keys", async () => {
    const pair = await filled();
    await scenarioZ(pair, [
      ["ZADD", "z1", "1", "a", "2", "b", "3", "c"],
      ["ZADD", "z2", "10", "b", "20", "c", "30", "d"],
      ["SADD", "s1", "a", "d", "e"],
      ["SADD", "si", "1", "2", "3"],
      ["ZADD", "zi", "5", "1", "6", "2"],
      ["ZADD", "zinf", "inf", "a", "-inf", "b", "0", "c"],
    ]);
    const bodies: string[][] = [
      ["2", "z1", "z2"],
      ["3", "z1", "z2", "s1"],
      ["2", "si", "zi"],
      ["2", "z1", "missing"],
      ["1", "missing"],
      ["2", "z1", "z1"],
      ["2", "z1", "z2", "WEIGHTS", "2", "0.5"],
      ["2", "z1", "z2", "WEIGHTS", "-1", "0"],
      ["2", "z1", "zinf", "WEIGHTS", "0", "1"],
      ["2", "zinf", "zinf"],
      ["2", "zinf", "z1", "WEIGHTS", "-1", "inf"],
      ["2", "zinf", "zinf", "WEIGHTS", "1", "-1"],
      ["2", "z1", "z2", "AGGREGATE", "MIN"],
      ["2", "z1", "z2", "AGGREGATE", "max"],
      ["2", "z1", "z2", "aggregate", "sum", "weights", "1", "2"],
      ["2", "z1", "zinf", "AGGREGATE", "MAX", "WEIGHTS", "0", "0"],
      ["3", "lp", "sl", "z1"],
      ["2", "s1", "z1", "WEIGHTS", "3", "1"],
    ];
    for (const op of ["ZUNION", "ZINTER"]) {
      for (const b of bodies) {
        await sameZ(pair, [op, ...b]);
        await sameZ(pair, [op, ...b, "WITHSCORES"]);
        await sameZ(pair, [`${op}STORE`, "dst", ...b]);
        await sameZ(pair, ["ZRANGE", "dst", "0", "-1", "WITHSCORES"]);
        await sameZ(pair, ["OBJECT", "ENCODING", "dst"]);
      }
    }
    for (const b of [["2", "z1", "z2"], ["3", "z1", "z2", "s1"], ["2", "z1", "missing"], ["1", "missing"], ["2", "z1", "z1"], ["2", "missing", "z1"], ["2", "s1", "z1"], ["3", "lp", "sl", "z2"]]) {
      await sameZ(pair, ["ZDIFF", ...b]);
      await sameZ(pair, ["ZDIFF", ...b, "WITHSCORES"]);
      await sameZ(pair, ["ZDIFFSTORE", "dst", ...b]);
      await sameZ(pair, ["ZRANGE", "dst", "0", "-1", "WITHSCORES"]);
    }
    for (const b of [["2", "z1", "z2"], ["3", "z1", "z2", "s1"], ["2", "si", "zi"], ["2", "z1", "missing"], ["2", "z1", "z1"], ["2", "lp", "sl"]]) {
      await sameZ(pair, ["ZINTERCARD", ...b]);
      await sameZ(pair, ["ZINTERCARD", ...b, "LIMIT", "1"]);
      await sameZ(pair, ["ZINTERCARD", ...b, "LIMIT", "0"]);
    }
    await same(pair, ["HELLO", "3"]);
    await scenarioZ(pair, [
      ["ZUNION", "2", "z1", "z2", "WITHSCORES"],
      ["ZINTER", "2", "z1", "z2", "WITHSCORES"],
      ["ZDIFF", "2", "z1", "z2", "WITHSCORES"],
      ["ZUNION", "2", "z1", "z2"],
      ["ZUNION", "1", "missing", "WITHSCORES"],
      ["ZINTERCARD", "2", "z1", "z2"],
      ["ZUNIONSTORE", "dst", "2", "z1", "z2"],
    ]);
    await same(pair, ["HELLO", "2"]);
  });

  it("algebra errors and their order; STORE destinations", async () => {
    const pair = await filled();
    await scenarioZ(pair, [
      ["ZADD", "z1", "1", "a", "2", "b"],
      ["ZUNION", "0", "z1"],
      ["ZUNION", "-1", "z1"],
      ["ZUNION", "x", "z1"],
      ["ZUNION", "3", "z1", "z1"],
      ["ZUNION", "9223372036854775807", "z1"],
      ["ZUNION", "1", "str"],
      ["ZUNION", "2", "z1", "str", "FOO"],
      ["ZUNION", "1", "z1", "FOO"],
      ["ZUNION", "2", "z1", "z1", "WEIGHTS", "1"],
      ["ZUNION", "2", "z1", "z1", "WEIGHTS", "1", "x"],
      ["ZUNION", "2", "z1", "z1", "WEIGHTS", "nan", "1"],
      ["ZUNION", "1", "z1", "AGGREGATE"],
      ["ZUNION", "1", "z1", "AGGREGATE", "AVG"],
      ["ZUNION", "1", "z1", "WITHSCORES", "WITHSCORES"],
      ["ZUNION", "1", "z1", "LIMIT", "1"],
      ["ZUNIONSTORE", "d", "1", "z1", "WITHSCORES"],
      ["ZUNIONSTORE", "d", "0", "z1"],
      ["ZINTERSTORE", "d", "0", "z1"],
      ["ZDIFFSTORE", "d", "0", "z1"],
      ["ZDIFF", "0", "z1"],
      ["ZINTER", "0", "z1"],
      ["ZINTERCARD", "0", "z1"],
      ["ZINTERCARD", "x", "z1"],
      ["ZINTERCARD", "2", "z1"],
      ["ZINTERCARD", "1", "z1", "LIMIT"],
      ["ZINTERCARD", "1", "z1", "LIMIT", "-1"],
      ["ZINTERCARD", "1", "z1", "LIMIT", "x"],
      ["ZINTERCARD", "1", "z1", "WITHSCORES"],
      ["ZINTERCARD", "1", "z1", "WEIGHTS", "1"],
      ["ZINTERCARD", "1", "str", "LIMIT", "x"],
      ["ZDIFF", "1", "z1", "WEIGHTS", "1"],
      ["ZDIFF", "1", "z1", "AGGREGATE", "MIN"],
      ["ZINTER", "2", "z1", "str"],
      ["ZINTER", "2", "missing", "str"],
      ["ZDIFF", "2", "missing", "str"],
      ["ZUNIONSTORE", "str", "1", "z1"],
      ["TYPE", "str"],
      ["SET", "d", "x"],
      ["EXPIRE", "d", "100"],
      ["ZINTERSTORE", "d", "2", "z1", "missing"],
      ["EXISTS", "d"],
      ["ZUNIONSTORE", "d", "1", "missing"],
      ["ZUNIONSTORE", "z1", "2", "z1", "z1"],
      ["ZRANGE", "z1", "0", "-1", "WITHSCORES"],
    ]);
    // Result encodings at the listpack limits.
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "3"]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-value", "4"]);
    await scenarioZ(pair, [
      ["ZADD", "x", "1", "a", "2", "b"],
      ["ZADD", "y", "3", "c", "4", "d"],
      ["ZUNIONSTORE", "u", "2", "x", "y"],
      ["OBJECT", "ENCODING", "u"],
      ["ZINTERSTORE", "u", "2", "x", "x"],
      ["OBJECT", "ENCODING", "u"],
      ["ZADD", "w", "1", "abcde"],
      ["OBJECT", "ENCODING", "w"],
      ["ZUNIONSTORE", "u", "2", "x", "w"],
      ["OBJECT", "ENCODING", "u"],
      ["ZDIFFSTORE", "u", "2", "w", "x"],
      ["OBJECT", "ENCODING", "u"],
      ["ZDIFFSTORE", "u", "2", "u", "w"],
      ["EXISTS", "u"],
    ]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
    await same(pair, ["CONFIG", "SET", "zset-max-listpack-value", "64"]);
  });

  it("SORT / SORT_RO of sorted sets: zset order with BY nosort and LIMIT, converted to a skiplist", async () => {
    const pair = await filled();
    await scenarioZ(pair, [
      ["ZADD", "n", "3", "10", "1", "9", "2", "2.5", "0", "-1"],
      ["OBJECT", "ENCODING", "n"],
      ["SORT", "n"],
      ["OBJECT", "ENCODING", "n"],
      ["ZADD", "m", "3", "c", "1", "b", "2", "a"],
      ["SORT_RO", "m", "BY", "nosort"],
      ["OBJECT", "ENCODING", "m"],
      ["SORT", "m", "BY", "nosort", "DESC"],
      ["SORT", "m", "BY", "nosort", "LIMIT", "1", "5"],
      ["SORT", "m", "BY", "nosort", "DESC", "LIMIT", "1", "1"],
      ["SORT", "m", "BY", "nosort", "LIMIT", "5", "1"],
      ["SORT", "m", "BY", "nosort", "LIMIT", "-1", "2"],
      ["SORT", "m", "ALPHA"],
      ["SORT", "m", "ALPHA", "DESC", "LIMIT", "0", "2"],
      ["SORT", "m"],
      ["SORT", "n", "LIMIT", "1", "2", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "m", "BY", "nosort", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["MSET", "w_a", "3", "w_b", "1", "w_c", "2"],
      ["SORT", "m", "BY", "w_*"],
      ["SORT", "m", "BY", "w_*", "GET", "#", "GET", "w_*"],
      ["SORT", "lp", "BY", "nosort", "DESC"],
      ["SORT", "sl", "BY", "nosort", "LIMIT", "2", "3"],
      ["SORT", "missing", "BY", "nosort"],
    ]);
  });

  it("keyspace events of pops and algebra", async () => {
    const pair = await filled();
    await sameEvents(pair, async () => {
      await scenarioZ(pair, [
        ["ZPOPMIN", "lp"],
        ["ZPOPMAX", "lp", "2"],
        ["ZPOPMIN", "lp", "0"],
        ["ZPOPMIN", "missing"],
        ["ZPOPMAX", "lp", "100"],
        ["ZMPOP", "2", "missing", "sl", "MIN", "COUNT", "2"],
        ["BZPOPMAX", "sl", "0"],
        ["BZMPOP", "0", "1", "sl", "MAX", "COUNT", "100"],
        ["BZPOPMIN", "missing", "0.001"],
        ["ZADD", "a", "1", "x", "2", "y"],
        ["SADD", "s", "y", "z"],
        ["ZUNIONSTORE", "u", "2", "a", "s"],
        ["ZINTERSTORE", "u", "2", "a", "s"],
        ["ZDIFFSTORE", "u", "2", "a", "s"],
        ["ZINTERSTORE", "u", "2", "a", "missing"],
        ["ZINTERSTORE", "u", "2", "a", "missing"],
        ["ZUNION", "2", "a", "missing"],
        ["ZINTERCARD", "2", "a", "missing"],
        ["ZRANDMEMBER", "missing"],
        ["ZRANDMEMBER", "a", "2"],
      ]);
    });
  });

  it("what we log: Redis's propagation forms (our side)", async () => {
    const pair = await filled();
    const engine = pair.ours.engine;
    const logged: string[][] = [];
    const off = engine.onEffects((batch) => {
      for (const e of batch) logged.push(e.argv);
    });
    const run = (argv: string[]) => pair.ours.send(argv);
    await run(["ZADD", "p", "1", "a", "2", "b", "3", "c", "4", "d"]);
    await run(["ZPOPMIN", "p"]);
    await run(["ZPOPMAX", "p", "0"]);
    await run(["ZPOPMIN", "missing", "3"]);
    await run(["BZPOPMAX", "missing", "p", "0"]);
    await run(["ZMPOP", "1", "p", "MIN", "COUNT", "10"]);
    await run(["ZADD", "p", "1", "a", "2", "b"]);
    await run(["BZMPOP", "0", "1", "p", "MAX", "COUNT", "1"]);
    await run(["ZADD", "p", "XX", "5", "nope"]);
    await run(["ZREMRANGEBYSCORE", "p", "100", "200"]);
    await run(["ZINCRBY", "p", "1", "a"]);
    off();
    expect(logged).toEqual([
      ["ZADD", "p", "1", "a", "2", "b", "3", "c", "4", "d"],
      ["ZPOPMIN", "p"],
      ["ZPOPMAX", "p"],
      ["ZPOPMIN", "p", "2"],
      ["ZADD", "p", "1", "a", "2", "b"],
      ["ZPOPMAX", "p", "1"],
      ["ZINCRBY", "p", "1", "a"],
    ]);
  });

  it("7.2 sizes a new or small sorted set by ZADD's pair count (our side; 7.0 differs)", async () => {
    const pair = await freshPair(oracle);
    await pair.ours.send(["CONFIG", "SET", "zset-max-listpack-entries", "3"]);
    expect(await pair.ours.send(["ZADD", "a", "1", "x", "1", "x", "1", "x", "1", "x"])).toBe(":1\r\n");
    expect(await pair.ours.send(["OBJECT", "ENCODING", "a"])).toBe("$8\r\nskiplist\r\n");
    await pair.ours.send(["ZADD", "b", "1", "x"]);
    await pair.ours.send(["ZADD", "b", "1", "x", "1", "y", "1", "z", "1", "x"]);
    expect(await pair.ours.send(["OBJECT", "ENCODING", "b"])).toBe("$8\r\nskiplist\r\n");
    await pair.ours.send(["ZADD", "c", "1", "x", "1", "y", "1", "z"]);
    expect(await pair.ours.send(["OBJECT", "ENCODING", "c"])).toBe("$8\r\nlistpack\r\n");
  });
});

/**
 * The list group against a real redis-server, reply for reply (raw RESP bytes): hand-written edge
 * cases for every command — argument order and grammar, wrong types, arity, zero/negative/huge counts
 * and indexes, missing keys (null vs null array), binary/UTF-8/empty elements — then the blocking
 * commands (immediate answers, errors, tiny timeouts, MULTI, a second connection that pushes, CLIENT
 * UNBLOCK), RESP3 shapes, keyspace events, and the listpack byte sizes and quicklist node shape that
 * decide OBJECT ENCODING, compared through the oracle's DEBUG OBJECT (7.0 reports every list as a
 * quicklist, so its node sizes — not its encoding name — are what we can compare). Random sequences
 * live in list-random.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import type { Session } from "../../src/engine/session.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";
import type { ListValue } from "../../src/types/list/list-value.js";
import { listNodeShape } from "../../src/types/list/list-value.js";
import { bin, type Oracle, oracleAvailable, type Pair, type RawConnection, show, startOracle } from "../support/differential.js";
import { closeAllPairs, freshPair, sameEvents, same, scenario } from "./string-support.js";

const BIN = "\x00\xff\x00a\r\n\xfe";
const UTF8 = bin("héllo wörld ✓");
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";
const BAD_INTS = ["abc", "1.5", " 1", "+1", "", "9223372036854775808", MIN, MAX, "-1", "0"];

async function oursOn(session: Session, argv: readonly string[]): Promise<string> {
  let r: Reply | PendingReply = session.exec(argv);
  if (r instanceof PendingReply) r = await r.promise;
  return encodeReplyString(r, session.resp);
}

/** DEBUG OBJECT's quicklist fields of the oracle's list at `key`: [nodes, uncompressed bytes]. */
async function oracleShape(oracle: Oracle, key: string): Promise<[number, number]> {
  const line = await oracle.send(["DEBUG", "OBJECT", key]);
  const nodes = /ql_nodes:(\d+)/.exec(line);
  const bytes = /ql_uncompressed_size:(\d+)/.exec(line);
  if (nodes === null || bytes === null) throw new Error(`no quicklist fields in ${JSON.stringify(line)}`);
  return [Number(nodes[1]), Number(bytes[1])];
}

function ourList(pair: Pair, key: string): ListValue | undefined {
  const e = pair.ours.engine.db(pair.ours.session.dbIndex).peek(key);
  return e === undefined ? undefined : (e.value as ListValue);
}

describe.skipIf(!oracleAvailable())("list commands vs redis-server", () => {
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

  /** A fresh pair with a string at "str" (for WRONGTYPE). */
  async function pairWithString(options: Parameters<typeof freshPair>[1] = {}): Promise<Pair> {
    const pair = await freshPair(oracle, options);
    await same(pair, ["SET", "str", "v"]);
    return pair;
  }

  it("LPUSH, RPUSH, LPUSHX, RPUSHX, LLEN, LRANGE: order, missing keys, wrong types, arity", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["LPUSH", "l", "a", "b", "c"], ["RPUSH", "l", "d", "e"], ["LRANGE", "l", "0", "-1"], ["LLEN", "l"],
      ["LPUSHX", "l", "x", "y"], ["RPUSHX", "l", "z"], ["LRANGE", "l", "0", "-1"],
      ["LPUSHX", "missing", "a"], ["RPUSHX", "missing", "a", "b"], ["EXISTS", "missing"], ["LLEN", "missing"],
      ["LPUSH", "str", "a"], ["RPUSH", "str", "a"], ["LPUSHX", "str", "a"], ["RPUSHX", "str", "a"], ["LLEN", "str"],
      ["LRANGE", "str", "0", "-1"], ["LRANGE", "str", "x", "1"], ["LRANGE", "missing", "x", "1"], ["LRANGE", "l", "0", "x"],
      ["LPUSH", "l"], ["RPUSH"], ["LPUSHX", "l"], ["LLEN"], ["LLEN", "l", "x"], ["LRANGE", "l", "0"],
      ["RPUSH", "b", BIN, UTF8, "", "\x00", "0", "-0", "007"], ["LRANGE", "b", "0", "-1"], ["LLEN", "b"],
      ["lpush", "l", "lower"], ["LRANGE", "l", "0", "0"],
    ]);
  });

  it("LRANGE index arithmetic: negative, out of range, huge", async () => {
    const pair = await pairWithString();
    await same(pair, ["RPUSH", "l", ...Array.from({ length: 10 }, (_, i) => `v${i}`)]);
    const idx = ["0", "1", "-1", "-2", "5", "9", "10", "11", "-10", "-11", "-100", "100", MAX, MIN];
    const steps: string[][] = [];
    for (const a of idx) for (const b of idx) steps.push(["LRANGE", "l", a, b]);
    await scenario(pair, steps);
  });

  it("LPOP / RPOP: counts (zero, one, huge, negative, not integers), nil vs null array, arity", async () => {
    const pair = await pairWithString();
    const steps: string[][] = [["RPUSH", "l", "a", "b", "c", "d", "e", "f", "g"]];
    for (const cmd of ["LPOP", "RPOP"]) {
      steps.push([cmd, "missing"], [cmd, "missing", "0"], [cmd, "missing", "1"], [cmd, "missing", "-1"]);
      steps.push([cmd, "str"], [cmd, "str", "0"], [cmd, "str", "-1"], [cmd, "str", "abc"]);
      for (const c of BAD_INTS) steps.push([cmd, "l", c]);
      steps.push([cmd, "l"], [cmd, "l", "2"], [cmd, "l", "1", "2"], [cmd]);
    }
    steps.push(["LRANGE", "l", "0", "-1"], ["RPUSH", "m", "x", "y"], ["LPOP", "m", MAX], ["EXISTS", "m"]);
    steps.push(["RPUSH", "m", "x", "y"], ["RPOP", "m"], ["RPOP", "m"], ["EXISTS", "m"], ["RPOP", "m"]);
    await scenario(pair, steps);
  });

  it("LINDEX and LSET: lookup before the index, negative and huge indexes, no such key", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["RPUSH", "l", "a", "b", "c"],
      ["LINDEX", "l", "0"], ["LINDEX", "l", "-1"], ["LINDEX", "l", "-3"], ["LINDEX", "l", "-4"], ["LINDEX", "l", "3"],
      ["LINDEX", "l", MAX], ["LINDEX", "l", MIN], ["LINDEX", "l", "x"], ["LINDEX", "missing", "x"], ["LINDEX", "str", "x"],
      ["LINDEX", "str", "0"], ["LINDEX", "missing", "0"], ["LINDEX", "l"],
      ["LSET", "l", "0", "A"], ["LSET", "l", "-1", "C"], ["LSET", "l", "3", "x"], ["LSET", "l", "-4", "x"],
      ["LSET", "l", MAX, "x"], ["LSET", "l", MIN, "x"], ["LSET", "l", "x", "x"], ["LSET", "missing", "x", "x"],
      ["LSET", "missing", "0", "x"], ["LSET", "str", "x", "x"], ["LSET", "str", "0", "x"], ["LSET", "l", "1", BIN],
      ["LRANGE", "l", "0", "-1"], ["LSET", "l", "0"],
    ]);
  });

  it("LINSERT: BEFORE/AFTER in any case, missing pivot, missing key, wrong type, syntax first", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["RPUSH", "l", "a", "b", "c", "b"],
      ["LINSERT", "l", "BEFORE", "b", "x"], ["LINSERT", "l", "after", "b", "y"], ["LINSERT", "l", "AfTeR", "c", "z"],
      ["LINSERT", "l", "before", "nope", "w"], ["LINSERT", "l", "middle", "b", "w"], ["LINSERT", "l", "before\x00x", "a", "w"],
      ["LINSERT", "missing", "before", "a", "w"], ["LINSERT", "missing", "sideways", "a", "w"],
      ["LINSERT", "str", "before", "a", "w"], ["LINSERT", "str", "sideways", "a", "w"], ["LINSERT", "l", "before", "a"],
      ["LINSERT", "l", "before", "", BIN], ["RPUSH", "l", ""], ["LINSERT", "l", "before", "", BIN],
      ["LRANGE", "l", "0", "-1"],
    ]);
  });

  it("LREM: counts from both ends, all, huge, not integers; deletes the emptied key", async () => {
    const pair = await pairWithString();
    const fill = ["RPUSH", "l", "a", "b", "a", "c", "a", "b", "a"];
    const steps: string[][] = [];
    for (const c of ["0", "1", "2", "-1", "-2", "100", "-100", MAX, MIN]) {
      steps.push(["DEL", "l"], fill, ["LREM", "l", c, "a"], ["LRANGE", "l", "0", "-1"]);
    }
    steps.push(["LREM", "l", "x", "a"], ["LREM", "missing", "x", "a"], ["LREM", "missing", "0", "a"], ["LREM", "str", "0", "a"]);
    steps.push(["LREM", "str", "x", "a"], ["LREM", "l", "0", "zz"], ["RPUSH", "one", "a"], ["LREM", "one", "0", "a"]);
    steps.push(["EXISTS", "one"], ["LREM", "l", "0"]);
    await scenario(pair, steps);
  });

  it("LTRIM: ranges keep, empty, delete the key; arguments parsed before the lookup", async () => {
    const pair = await pairWithString();
    const steps: string[][] = [];
    for (const [a, b] of [["0", "-1"], ["1", "-2"], ["2", "1"], ["-3", "-1"], ["0", "0"], ["5", "10"], ["-100", "100"], ["10", "20"], [MIN, MAX], ["0", MIN]]) {
      steps.push(["DEL", "l"], ["RPUSH", "l", "a", "b", "c", "d", "e"], ["LTRIM", "l", a!, b!], ["LRANGE", "l", "0", "-1"], ["EXISTS", "l"]);
    }
    steps.push(["LTRIM", "missing", "0", "1"], ["LTRIM", "missing", "x", "1"], ["LTRIM", "str", "0", "1"], ["LTRIM", "str", "x", "1"]);
    steps.push(["LTRIM", "l", "0"]);
    await scenario(pair, steps);
  });

  it("LPOS: RANK (0, negative, ±LONG_MAX), COUNT, MAXLEN, their errors and grammar", async () => {
    const pair = await pairWithString();
    await same(pair, ["RPUSH", "l", "a", "b", "c", "a", "b", "c", "a", "1", "1"]);
    const steps: string[][] = [];
    for (const rank of ["1", "2", "3", "4", "-1", "-2", "-4", "0", MAX, "-9223372036854775807", "x", "1.0"]) {
      steps.push(["LPOS", "l", "a", "RANK", rank]);
      for (const count of ["0", "1", "2", "5", "-1", "x"]) steps.push(["LPOS", "l", "a", "RANK", rank, "COUNT", count]);
    }
    for (const maxlen of ["0", "1", "3", "4", "100", "-1", "x", MAX]) {
      steps.push(["LPOS", "l", "a", "MAXLEN", maxlen], ["LPOS", "l", "a", "COUNT", "0", "MAXLEN", maxlen]);
      steps.push(["LPOS", "l", "a", "RANK", "-1", "COUNT", "0", "MAXLEN", maxlen]);
    }
    steps.push(
      ["LPOS", "l", "1"], ["LPOS", "l", "zz"], ["LPOS", "l", "zz", "COUNT", "0"], ["LPOS", "missing", "a"],
      ["LPOS", "missing", "a", "COUNT", "1"], ["LPOS", "missing", "a", "RANK", "0"], ["LPOS", "str", "a"],
      ["LPOS", "str", "a", "RANK", "0"], ["LPOS", "l", "a", "RANK"], ["LPOS", "l", "a", "COUNT"], ["LPOS", "l", "a", "FOO", "1"],
      ["LPOS", "l", "a", "rank", "2", "count", "1", "rank", "1"], ["LPOS", "l", "a", "COUNT", "1", "COUNT", "0"],
      ["LPOS", "l", "a", "RANK", "0", "COUNT", "-1"], ["LPOS", "l", "a", "COUNT", "-1", "RANK", "0"], ["LPOS", "l"],
    );
    await scenario(pair, steps);
  });

  it("LMOVE and RPOPLPUSH: every direction, same key, rotation, wrong types, syntax first", async () => {
    const pair = await pairWithString();
    const steps: string[][] = [["RPUSH", "src", "1", "2", "3", "4", "5", "6", "7", "8"]];
    for (const from of ["LEFT", "RIGHT"]) {
      for (const to of ["LEFT", "right"]) {
        steps.push(["LMOVE", "src", "dst", from, to], ["LRANGE", "dst", "0", "-1"], ["LMOVE", "src", "src", from, to]);
      }
    }
    steps.push(
      ["LRANGE", "src", "0", "-1"], ["RPOPLPUSH", "src", "dst"], ["RPOPLPUSH", "src", "src"], ["LRANGE", "src", "0", "-1"],
      ["LMOVE", "missing", "dst", "LEFT", "LEFT"], ["LMOVE", "missing", "str", "LEFT", "LEFT"], ["LMOVE", "str", "dst", "LEFT", "LEFT"],
      ["LMOVE", "src", "str", "LEFT", "LEFT"], ["LMOVE", "src", "dst", "UP", "LEFT"], ["LMOVE", "missing", "dst", "LEFT", "DOWN"],
      ["LMOVE", "str", "dst", "UP", "LEFT"], ["RPOPLPUSH", "missing", "str"], ["RPOPLPUSH", "str", "dst"],
      ["RPOPLPUSH", "src", "str"], ["LRANGE", "src", "0", "-1"], ["LMOVE", "src", "dst", "left"], ["RPOPLPUSH", "src"],
      ["RPUSH", "one", "x"], ["LMOVE", "one", "one", "LEFT", "RIGHT"], ["LRANGE", "one", "0", "-1"],
      ["LMOVE", "one", "two", "LEFT", "RIGHT"], ["EXISTS", "one"], ["LRANGE", "two", "0", "-1"],
    );
    await scenario(pair, steps);
  });

  it("LMPOP: numkeys, direction and COUNT grammar, errors in order, wrong types only when reached", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["RPUSH", "a", "1", "2", "3"], ["RPUSH", "b", "4", "5"],
      ["LMPOP", "2", "missing", "a", "LEFT"], ["LMPOP", "2", "a", "b", "RIGHT", "COUNT", "10"], ["LMPOP", "1", "b", "left", "count", "1"],
      ["LMPOP", "2", "missing", "other", "LEFT"], ["LMPOP", "2", "missing", "str", "LEFT"], ["LMPOP", "2", "str", "b", "LEFT"],
      ["LMPOP", "2", "b", "str", "LEFT"],
      ["LMPOP", "0", "a", "LEFT"], ["LMPOP", "-1", "a", "LEFT"], ["LMPOP", "x", "a", "LEFT"], ["LMPOP", MAX, "a", "LEFT"],
      ["LMPOP", "3", "a", "LEFT"], ["LMPOP", "1", "a", "UP"], ["LMPOP", "1", "a", "LEFT", "COUNT"], ["LMPOP", "1", "a", "LEFT", "COUNT", "0"],
      ["LMPOP", "1", "a", "LEFT", "COUNT", "-1"], ["LMPOP", "1", "a", "LEFT", "COUNT", "x"], ["LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1"],
      ["LMPOP", "1", "a", "LEFT", "FOO"], ["LMPOP", "1", "a", "LEFT", "COUNT", MAX], ["LMPOP", "1", "str", "UP"],
      ["LMPOP", "1"], ["LMPOP", "1", "a"], ["EXISTS", "a", "b"],
    ]);
  });

  it("blocking commands that answer at once, their errors and argument order", async () => {
    const pair = await pairWithString();
    const steps: string[][] = [];
    for (const cmd of ["BLPOP", "BRPOP"]) {
      // Enough elements that nothing below can find the lists empty (and block the oracle's connection).
      steps.push(["RPUSH", "a", ...Array.from({ length: 10 }, (_, i) => String(i))], ["RPUSH", "b", "x"]);
      steps.push([cmd, "missing", "a", "0"], [cmd, "b", "a", "1"], [cmd, "missing", "str", "0"], [cmd, "str", "a", "0"]);
      steps.push([cmd, "a", "-1"], [cmd, "a", "x"], [cmd, "str", "x"], [cmd, "a", "nan"], [cmd, "a", "-0.0001"], [cmd, "a"]);
      steps.push([cmd, "a", "1e-3"], [cmd, "a", "0x10"], [cmd, "a", " 1"], [cmd, "a", "1 "], [cmd, "a", ""], [cmd, "a", "-inf"]);
    }
    steps.push(
      ["RPUSH", "a", "1", "2", "3", "4"], ["BLMPOP", "0", "2", "missing", "a", "LEFT", "COUNT", "2"], ["BLMPOP", "1", "1", "a", "RIGHT"],
      ["BLMPOP", "x", "1", "a", "RIGHT"], ["BLMPOP", "-1", "1", "a", "RIGHT"], ["BLMPOP", "x", "0", "a", "RIGHT"],
      ["BLMPOP", "x", "1", "a", "UP"], ["BLMPOP", "x", "1", "a", "LEFT", "COUNT", "0"], ["BLMPOP", "0", "1", "str", "LEFT"],
      ["BLMPOP", "0", "2", "a"], ["BLMPOP", "0"],
      ["RPUSH", "s", "1", "2", "3"], ["BLMOVE", "s", "d", "LEFT", "RIGHT", "0"], ["BLMOVE", "s", "d", "UP", "RIGHT", "x"],
      ["BLMOVE", "s", "d", "LEFT", "RIGHT", "x"], ["BLMOVE", "str", "d", "LEFT", "RIGHT", "0"], ["BLMOVE", "s", "str", "LEFT", "RIGHT", "0"],
      ["BLMOVE", "s", "d", "LEFT", "RIGHT", "-1"], ["BRPOPLPUSH", "s", "d", "0"], ["BRPOPLPUSH", "s", "d", "x"],
      ["BRPOPLPUSH", "str", "d", "0"], ["BRPOPLPUSH", "s", "str", "0"], ["LRANGE", "d", "0", "-1"], ["BRPOPLPUSH", "s", "d"],
    );
    await scenario(pair, steps);
  });

  it("tiny timeouts answer a null array (BLMOVE and BRPOPLPUSH too)", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["BLPOP", "missing", "0.01"], ["BRPOP", "missing", "other", "0.01"], ["BLMPOP", "0.01", "2", "m1", "m2", "LEFT"],
      ["BLMOVE", "missing", "d", "LEFT", "LEFT", "0.01"], ["BRPOPLPUSH", "missing", "d", "0.001"], ["BLPOP", "missing", "0.0001"],
      ["EXISTS", "d"],
    ]);
  });

  it("inside MULTI nothing blocks: null arrays, and a null bulk for BLMOVE/BRPOPLPUSH", async () => {
    const pair = await pairWithString();
    await scenario(pair, [
      ["MULTI"], ["BLPOP", "missing", "0"], ["BRPOP", "missing", "0"], ["BLMPOP", "0", "1", "missing", "LEFT"],
      ["BLMOVE", "missing", "d", "LEFT", "LEFT", "0"], ["BRPOPLPUSH", "missing", "d", "0"], ["RPUSH", "k", "v"],
      ["BLPOP", "k", "0"], ["BLPOP", "str", "0"], ["EXEC"],
      ["MULTI"], ["BLPOP", "k", "x"], ["EXEC"],
    ]);
  });

  /**
   * Parks `blockArgv` on a second connection of each side, then runs `steps` on the first; returns
   * when the parked command has answered on both, comparing the answers.
   */
  async function blockThen(pair: Pair, blockArgv: string[], steps: string[][], label = ""): Promise<void> {
    const theirs = conn2.send(blockArgv);
    for (let i = 0; i < 200; i++) {
      const info = await oracle.send(["INFO", "clients"]);
      if (/blocked_clients:[1-9]/.test(info)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const s2 = pair.ours.engine.createSession();
    const ours = oursOn(s2, blockArgv);
    await scenario(pair, steps);
    const [o, t] = await Promise.all([ours, theirs]);
    expect(show(o), `${label} ${JSON.stringify(blockArgv)}`).toBe(show(t));
    s2.close();
  }

  it("a push from another client serves the parked command (and a SET of the key does not)", async () => {
    const pair = await pairWithString();
    await blockThen(pair, ["BLPOP", "k1", "k2", "0"], [["RPUSH", "k2", "a", "b"], ["LRANGE", "k2", "0", "-1"]]);
    await blockThen(pair, ["BRPOP", "k1", "k2", "0"], [["SET", "k1", "s"], ["DEL", "k1"], ["LPUSH", "k1", "x", "y"], ["LRANGE", "k1", "0", "-1"]]);
    await blockThen(pair, ["BLMPOP", "0", "2", "k3", "k4", "RIGHT", "COUNT", "5"], [["RPUSH", "k4", "1", "2", "3"], ["EXISTS", "k4"]]);
    await blockThen(pair, ["BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"], [["RPUSH", "src", "1", "2"], ["LRANGE", "dst", "0", "-1"]]);
    await blockThen(pair, ["BRPOPLPUSH", "s9", "str", "0"], [["RPUSH", "s9", "v"], ["LRANGE", "s9", "0", "-1"]], "WRONGTYPE destination");
    await blockThen(pair, ["BLPOP", "m", "0"], [["MULTI"], ["RPUSH", "m", "1"], ["LPOP", "m"], ["RPUSH", "m", "2"], ["EXEC"], ["LLEN", "m"]]);
    await same(pair, ["LRANGE", "k2", "0", "-1"]);
  });

  it("CLIENT UNBLOCK: TIMEOUT and ERROR replies, unknown ids, reasons, arity", async () => {
    const pair = await pairWithString();
    const theirId = (await conn2.send(["CLIENT", "ID"])).slice(1, -2);
    const s2 = pair.ours.engine.createSession();
    for (const reason of [[], ["TIMEOUT"], ["error"]]) {
      for (const block of [["BLPOP", "x", "0"], ["BLMOVE", "x", "y", "LEFT", "LEFT", "0"], ["BLMPOP", "0", "1", "x", "LEFT"]]) {
        const theirs = conn2.send(block);
        for (let i = 0; i < 200; i++) {
          if (/blocked_clients:[1-9]/.test(await oracle.send(["INFO", "clients"]))) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        const ours = oursOn(s2, block);
        const t = await oracle.send(["CLIENT", "UNBLOCK", theirId, ...reason]);
        const o = await pair.ours.send(["CLIENT", "UNBLOCK", String(s2.id), ...reason]);
        expect(o).toBe(t);
        expect(show(await ours)).toBe(show(await theirs));
      }
    }
    await scenario(pair, [
      ["CLIENT", "UNBLOCK", "999999"], ["CLIENT", "UNBLOCK", "x"], ["CLIENT", "UNBLOCK", "999999", "maybe"],
      ["CLIENT", "UNBLOCK", "x", "maybe"], ["CLIENT", "UNBLOCK", "1", "TIMEOUT", "extra"], ["CLIENT", "UNBLOCK"],
    ]);
    // Not blocked: 0.
    expect(await pair.ours.send(["CLIENT", "UNBLOCK", String(s2.id)])).toBe(":0\r\n");
    expect(await oracle.send(["CLIENT", "UNBLOCK", theirId])).toBe(":0\r\n");
    s2.close();
  });

  it("RESP3 shapes: nulls, arrays, BLPOP timeouts", async () => {
    const pair = await pairWithString();
    await same(pair, ["HELLO", "3"]).catch(() => undefined);
    pair.ours.session.resp = 3;
    await scenario(pair, [
      ["RPUSH", "l", "a", "b"], ["LPOP", "missing"], ["LPOP", "missing", "1"], ["LPOP", "l", "0"], ["LPOS", "l", "z"],
      ["LINDEX", "l", "5"], ["LMPOP", "1", "missing", "LEFT"], ["BLPOP", "missing", "0.01"], ["LMOVE", "missing", "x", "LEFT", "LEFT"],
      ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "5"],
    ]);
    await oracle.send(["HELLO", "2"]);
  });

  it("keyspace events: the same channels and messages in the same order", async () => {
    const pair = await freshPair(oracle);
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["RPUSH", "l", "a", "b", "c", "d"], ["LPUSH", "l", "z"], ["LPUSHX", "missing", "a"], ["RPUSHX", "l", "e"],
        ["LPOP", "l"], ["RPOP", "l", "2"], ["LPOP", "l", "0"], ["LPOP", "missing"], ["LSET", "l", "0", "q"],
        ["LINSERT", "l", "BEFORE", "q", "p"], ["LINSERT", "l", "BEFORE", "nope", "p"], ["LREM", "l", "0", "nope"],
        ["LREM", "l", "1", "p"], ["LTRIM", "l", "0", "-1"], ["LTRIM", "l", "1", "0"], ["RPUSH", "l", "1", "2", "3"],
        ["LMOVE", "l", "m", "LEFT", "RIGHT"], ["RPOPLPUSH", "l", "l"], ["LMPOP", "2", "x", "l", "LEFT", "COUNT", "9"],
        ["LRANGE", "missing", "0", "1"], ["LINDEX", "missing", "0"], ["LLEN", "missing"], ["LPOS", "missing", "a"],
        ["RPUSH", "b", "1"], ["BLPOP", "b", "0"], ["RPUSH", "b", "1", "2"], ["BLMOVE", "b", "b2", "LEFT", "LEFT", "0"],
        ["BLMPOP", "0", "1", "b", "LEFT"], ["LREM", "b2", "0", "1"],
      ]);
    });
  });

  it("listpack byte sizes: every integer width and string length class, as DEBUG OBJECT counts them", async () => {
    const pair = await pairWithString();
    const values = [
      "0", "127", "128", "-1", "-4096", "-4097", "4095", "4096", "32767", "-32768", "32768", "8388607", "-8388608",
      "8388608", "2147483647", "-2147483648", "2147483648", MAX, MIN, "9223372036854775808", "-0", "+1", "01", " 1", "",
      "a".repeat(63), "a".repeat(64), "a".repeat(125), "a".repeat(126), "a".repeat(127), "a".repeat(4095), "a".repeat(4096), BIN, UTF8,
    ];
    for (const v of values) {
      await same(pair, ["DEL", "l"]);
      await same(pair, ["RPUSH", "l", v]);
      const [nodes, bytes] = await oracleShape(oracle, "l");
      const ours = listNodeShape(ourList(pair, "l")!);
      expect([ours.nodes, ours.bytes], JSON.stringify(v.slice(0, 20))).toEqual([nodes, bytes]);
    }
    await same(pair, ["DEL", "l"]);
    await same(pair, ["RPUSH", "l", ...values.filter((v) => v.length < 200)]);
    const [, bytes] = await oracleShape(oracle, "l");
    expect(listNodeShape(ourList(pair, "l")!).bytes).toBe(bytes);
  });

  it("quicklist node boundaries match the oracle's, and the encoding flips where 7.2's rules say", async () => {
    const pair = await pairWithString();
    // 100-byte values: 103 bytes per entry. 7.2's listpack takes 79 of them (7 + 79·103 = 8144, and
    // 8144 + 100 > 8192 converts on the 80th); 7.0's first node also stops at 79 (8144 + 100 + 8 > 8192).
    const v = (i: number) => `${String(i).padStart(4, "0")}${"x".repeat(96)}`;
    for (let i = 0; i < 79; i++) await same(pair, ["RPUSH", "l", v(i)]);
    expect(ourList(pair, "l")!.encoding()).toBe("listpack");
    expect(await oracleShape(oracle, "l")).toEqual([1, 8144]);
    await same(pair, ["RPUSH", "l", v(79)]);
    expect(ourList(pair, "l")!.encoding()).toBe("quicklist");
    for (let i = 80; i < 300; i++) await same(pair, [i % 2 === 0 ? "RPUSH" : "LPUSH", "l", v(i)]);
    const compare = async (what: string) => {
      const [nodes, bytes] = await oracleShape(oracle, "l");
      const ours = listNodeShape(ourList(pair, "l")!);
      expect([ours.nodes, ours.bytes], what).toEqual([nodes, bytes]);
    };
    await compare("after pushes");
    for (const step of [
      ["LINSERT", "l", "BEFORE", v(150), v(1000)], ["LINSERT", "l", "AFTER", v(151), v(1001)], ["LREM", "l", "0", v(200)],
      ["LSET", "l", "100", v(2000)], ["LTRIM", "l", "5", "-7"], ["LPOP", "l", "30"], ["RPOP", "l", "30"],
    ]) {
      await same(pair, step);
      await compare(JSON.stringify(step.map((a) => a.slice(0, 8))));
    }
    // Shrinking: a one-node quicklist turns back into a listpack at half the limit (4096 bytes):
    // 40 entries are 7 + 40·103 = 4127 bytes (stays), 39 are 4024 (converts).
    await same(pair, ["DEL", "l"]);
    for (let i = 0; i < 81; i++) await same(pair, ["RPUSH", "l", v(i)]);
    await same(pair, ["RPOP", "l", "2"]);
    expect(ourList(pair, "l")!.encoding()).toBe("quicklist");
    await same(pair, ["RPOP", "l", "39"]);
    expect(ourList(pair, "l")!.encoding()).toBe("quicklist");
    await same(pair, ["LPOP", "l"]);
    expect(ourList(pair, "l")!.encoding()).toBe("listpack");
    await compare("after converting back");
  });
});

/**
 * Stream consumer groups against a real redis-server: XGROUP (every subcommand and error), XREADGROUP
 * (`>`, history, NOACK, COUNT, several streams, errors), XACK, XPENDING (summary, extended, IDLE,
 * consumer filter), XCLAIM (IDLE/TIME/RETRYCOUNT/FORCE/JUSTID/LASTID), XAUTOCLAIM (cursor, COUNT,
 * JUSTID, deleted IDs), XINFO GROUPS / CONSUMERS / STREAM FULL with entries-read and lag through
 * deletions and trims, RESP3 shapes and keyspace events.
 *
 * Times (idle, seen-time, delivery times) are compared structurally. 7.2-only consumer fields are
 * dropped from our replies before comparing (known-differences.ts) and checked against the 7.2 rules
 * here. Sequences where 7.2 creates a consumer that 7.0 does not are avoided on the suite.oracle.
 */
import { describe, expect, it } from "vitest";
import { oracleAvailable, type Pair, parseFrame, type Resp } from "../support/differential.js";
import { dropFields, fullInfo, pendingRows, same, sameEvents, sameShape, scenario, timeFields, versions } from "./stream-support.js";
import { oracleSuite } from "./string-support.js";

describe.skipIf(!oracleAvailable())("stream consumer groups vs redis-server", () => {
  const suite = oracleSuite();

  /** A pair with a string at "str" and a stream "s" of `n` entries i-1 (f=i). */
  async function pairWithStream(n: number): Promise<Pair> {
    const pair = await suite.fresh();
    await same(pair, ["SET", "str", "v"]);
    const steps: string[][] = [];
    for (let i = 1; i <= n; i++) steps.push(["XADD", "s", `${i}-1`, "f", String(i)]);
    await scenario(pair, steps);
    return pair;
  }

  const consumers = (pair: Pair, key: string, group: string) =>
    sameShape(pair, ["XINFO", "CONSUMERS", key, group], timeFields, dropFields("inactive"));
  const full = (pair: Pair, key: string, ...opts: string[]) =>
    sameShape(pair, ["XINFO", "STREAM", key, "FULL", ...opts], fullInfo, dropFields("active-time"));
  const pending = (pair: Pair, ...args: string[]) => sameShape(pair, ["XPENDING", ...args], pendingRows);

  it("XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER and their errors", async () => {
    const pair = await pairWithStream(5);
    await scenario(pair, [
      ["XGROUP", "CREATE", "s", "g1", "0"],
      ["XGROUP", "CREATE", "s", "g1", "0"],
      ["XGROUP", "CREATE", "s", "g2", "$"],
      ["XGROUP", "CREATE", "s", "g3", "3", "ENTRIESREAD", "3"],
      ["XGROUP", "CREATE", "s", "g4", "2-1", "ENTRIESREAD", "-1"],
      ["XGROUP", "CREATE", "s", "g5", "2-1", "ENTRIESREAD", "-2"],
      ["XGROUP", "CREATE", "s", "g5", "2-1", "ENTRIESREAD", "x"],
      ["XGROUP", "CREATE", "s", "g5", "2-1", "ENTRIESREAD"],
      ["XGROUP", "CREATE", "s", "g5", "-"],
      ["XGROUP", "CREATE", "s", "g5", "+"],
      ["XGROUP", "CREATE", "s", "g5", "x"],
      ["XGROUP", "CREATE", "s", "g5", "0", "BOGUS"],
      ["XGROUP", "CREATE", "s", "g5", "0", "MKSTREAM", "MKSTREAM", "MKSTREAM", "MKSTREAM"],
      ["XGROUP", "CREATE", "missing", "g", "0"],
      ["XGROUP", "CREATE", "missing", "g", "x", "MKSTREAM"],
      ["XGROUP", "CREATE", "missing", "g", "$", "MKSTREAM"],
      ["XGROUP", "CREATE", "m2", "g", "5-5", "mkstream", "entriesread", "0"],
      ["XGROUP", "CREATE", "str", "g", "0"],
      ["XGROUP", "CREATE", "str", "g", "0", "MKSTREAM"],
      ["XGROUP", "CREATE", "s", "g6"],
      ["XINFO", "GROUPS", "s"],
      ["XINFO", "GROUPS", "missing"],
      ["XINFO", "GROUPS", "m2"],
      ["XGROUP", "SETID", "s", "g1", "3-1"],
      ["XGROUP", "SETID", "s", "g1", "$", "ENTRIESREAD", "5"],
      ["XGROUP", "SETID", "s", "g2", "-"],
      ["XGROUP", "SETID", "s", "g2", "+"],
      ["XGROUP", "SETID", "s", "g2", "0", "ENTRIESREAD", "-3"],
      ["XGROUP", "SETID", "s", "g2", "0", "ENTRIESREAD"],
      ["XGROUP", "SETID", "s", "g2", "0", "MKSTREAM"],
      ["XGROUP", "SETID", "s", "g2", "0", "ENTRIESREAD", "1", "ENTRIESREAD", "2"],
      ["XGROUP", "SETID", "s", "nope", "0"],
      ["XGROUP", "SETID", "missing", "g", "0"],
      ["XGROUP", "SETID", "str", "g", "0"],
      ["XGROUP", "SETID", "s", "g2", "x"],
      ["XINFO", "GROUPS", "s"],
      ["XGROUP", "CREATECONSUMER", "s", "g1", "alice"],
      ["XGROUP", "CREATECONSUMER", "s", "g1", "alice"],
      ["XGROUP", "CREATECONSUMER", "s", "g1", "bob"],
      ["XGROUP", "CREATECONSUMER", "s", "nope", "alice"],
      ["XGROUP", "CREATECONSUMER", "missing", "g1", "alice"],
      ["XGROUP", "CREATECONSUMER", "s", "g1"],
      ["XGROUP", "CREATECONSUMER", "s", "g1", "a", "b"],
      ["XGROUP", "DELCONSUMER", "s", "g1", "bob"],
      ["XGROUP", "DELCONSUMER", "s", "g1", "bob"],
      ["XGROUP", "DELCONSUMER", "s", "nope", "bob"],
      ["XGROUP", "DELCONSUMER", "missing", "g1", "bob"],
      ["XINFO", "GROUPS", "s"],
      ["XGROUP", "DESTROY", "s", "g4"],
      ["XGROUP", "DESTROY", "s", "g4"],
      ["XGROUP", "DESTROY", "missing", "g4"],
      ["XGROUP", "DESTROY", "str", "g4"],
      ["XGROUP", "DESTROY", "s"],
      ["XGROUP", "DESTROY", "s", "g1", "x"],
      ["XGROUP", "BOGUS", "s", "g1"],
      ["XGROUP", "BOGUS"],
      ["XGROUP"],
      ["XGROUP", "HELP"],
      ["xgroup", "help"],
      ["XINFO", "HELP"],
      ["XINFO", "GROUPS", "s"],
    ]);
    await consumers(pair, "s", "g1");
    await scenario(pair, [
      ["XINFO", "CONSUMERS", "s", "nope"],
      ["XINFO", "CONSUMERS", "missing", "g1"],
      ["XINFO", "CONSUMERS", "str", "g1"],
      ["XINFO", "CONSUMERS", "s"],
    ]);
  });

  it("XREADGROUP: new entries, history, COUNT, NOACK, several streams, and every error", async () => {
    const pair = await pairWithStream(10);
    await scenario(pair, [
      ["XADD", "t", "1-1", "x", "1"],
      ["XADD", "t", "2-1", "x", "2"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XGROUP", "CREATE", "t", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "3", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "bob", "COUNT", "2", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "1-1"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", "0"],
      ["XREADGROUP", "GROUP", "g", "bob", "STREAMS", "s", "t", "0", ">"],
      ["XREADGROUP", "GROUP", "g", "carol", "NOACK", "COUNT", "2", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", "0"],
      ["XADD", "t", "3-1", "x", "3"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "0", "STREAMS", "s", "t", ">", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "$"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "x"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "+"],
      ["XREADGROUP", "GROUP", "nope", "alice", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "missing", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "str", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "str", ">", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s"],
      ["XREADGROUP", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "x", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "BLOCK", "-1", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "BLOCK", "x", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "BOGUS", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "-3", "STREAMS", "s", "0"],
      ["XREAD", "GROUP", "g", "alice", "STREAMS", "s", ">"],
      ["XREAD", "NOACK", "STREAMS", "s", "0"],
      ["XREAD", "STREAMS", "s", ">"],
      ["XPENDING", "s", "g"],
      ["XINFO", "GROUPS", "s"],
      ["XINFO", "GROUPS", "t"],
    ]);
    await consumers(pair, "s", "g");
    await full(pair, "s");
    // 7.2 names the command in the unbalanced-list error (known-differences.ts, stream group).
    await versions(pair, ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "t", ">"], {
      ours: "-ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.\r\n",
      theirs: "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n",
    });
    await versions(pair, ["XREAD", "COUNT", "1", "STREAMS", "s"], {
      ours: "-ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.\r\n",
      theirs: "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n",
    });
  });

  it("XREADGROUP history after XDEL answers nil entries; SETID back re-delivers and reassigns", async () => {
    const pair = await pairWithStream(6);
    await scenario(pair, [
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"],
      ["XDEL", "s", "2-1", "4-1"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"],
      ["XGROUP", "SETID", "s", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "bob", "COUNT", "2", "STREAMS", "s", ">"],
      ["XPENDING", "s", "g"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"],
      ["XINFO", "GROUPS", "s"],
    ]);
    await pending(pair, "s", "g", "-", "+", "10");
    await full(pair, "s");
  });

  it("XACK and XPENDING in all their forms", async () => {
    const pair = await pairWithStream(8);
    await scenario(pair, [
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XPENDING", "s", "g"],
      ["XPENDING", "s", "g", "-", "+", "10"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "3", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "bob", "COUNT", "3", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"],
      ["XPENDING", "s", "g"],
      ["XACK", "s", "g", "1-1", "1-1", "4-1", "99-1"],
      ["XACK", "s", "g", "2"],
      ["XACK", "s", "g", "x"],
      ["XACK", "s", "g", "3-1", "x"],
      ["XACK", "s", "nope", "x"],
      ["XACK", "missing", "g", "x"],
      ["XACK", "str", "g", "1-1"],
      ["XACK", "s", "g"],
      ["XACK", "s", "g", "-"],
      ["XPENDING", "s", "g"],
      ["XPENDING", "s", "g", "-", "+", "0"],
      ["XPENDING", "s", "g", "-", "+", "-1"],
      ["XPENDING", "s", "g", "x", "+", "1"],
      ["XPENDING", "s", "g", "-", "x", "1"],
      ["XPENDING", "s", "g", "-", "+", "x"],
      ["XPENDING", "s", "g", "(", "+", "1"],
      ["XPENDING", "s", "g", "-", "+"],
      ["XPENDING", "s", "g", "-"],
      ["XPENDING", "s", "g", "IDLE", "x", "-", "+", "5"],
      ["XPENDING", "s", "g", "IDLE", "5", "-", "+"],
      ["XPENDING", "s", "g", "-", "+", "5", "nobody"],
      ["XPENDING", "s", "g", "-", "+", "5", "alice", "x", "y"],
      ["XPENDING", "s", "g", "IDLE", "1", "-", "+", "5", "alice", "x"],
      ["XPENDING", "s", "nope"],
      ["XPENDING", "missing", "g"],
      ["XPENDING", "str", "g"],
      ["XPENDING", "s", "nope", "-", "+", "1"],
      ["XPENDING", "s"],
    ]);
    await pending(pair, "s", "g", "-", "+", "10");
    await pending(pair, "s", "g", "-", "+", "2");
    await pending(pair, "s", "g", "(3-1", "(8-1", "10");
    await pending(pair, "s", "g", "5", "7", "10", "alice");
    await pending(pair, "s", "g", "-", "+", "10", "bob");
    await pending(pair, "s", "g", "IDLE", "0", "-", "+", "10");
    await pending(pair, "s", "g", "IDLE", "-5", "-", "+", "10");
    await pending(pair, "s", "g", "IDLE", "1000000", "-", "+", "10");
    await pending(pair, "s", "g", "IDLE", "1000000", "-", "+", "10", "bob");
  });

  it("XCLAIM: min-idle, IDLE, TIME, RETRYCOUNT, FORCE, JUSTID, LASTID, deleted entries, errors", async () => {
    const pair = await pairWithStream(8);
    await scenario(pair, [
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "4", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "s", ">"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1"],
      ["XCLAIM", "s", "g", "bob", "3600000", "2-1"],
      ["XCLAIM", "s", "g", "bob", "0", "2-1", "JUSTID"],
      ["XCLAIM", "s", "g", "bob", "0", "2-1", "3", "IDLE", "500000"],
      ["XCLAIM", "s", "g", "alice", "400000", "2-1", "3-1"],
      ["XCLAIM", "s", "g", "alice", "-5", "4-1", "RETRYCOUNT", "7"],
      ["XCLAIM", "s", "g", "alice", "0", "4-1", "RETRYCOUNT", "-2"],
      ["XCLAIM", "s", "g", "alice", "0", "6-1"],
      ["XCLAIM", "s", "g", "alice", "0", "6-1", "FORCE", "JUSTID"],
      ["XCLAIM", "s", "g", "alice", "0", "99-1", "FORCE"],
      ["XCLAIM", "s", "g", "bob", "0", "7-1", "FORCE", "TIME", "1", "RETRYCOUNT", "3"],
      ["XCLAIM", "s", "g", "bob", "0", "8-1", "FORCE", "TIME", "-7"],
      ["XCLAIM", "s", "g", "bob", "0", "8-1", "TIME", "99999999999999"],
      ["XCLAIM", "s", "g", "bob", "0", "8-1", "IDLE", "-5"],
      ["XCLAIM", "s", "g", "bob", "0", "8-1", "8-1", "JUSTID"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "LASTID", "20-0"],
      ["XINFO", "GROUPS", "s"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "LASTID", "5-0"],
      ["XDEL", "s", "3-1"],
      ["XCLAIM", "s", "g", "bob", "0", "3-1", "2-1"],
      ["XPENDING", "s", "g"],
      ["XCLAIM", "s", "g", "bob", "x", "1-1"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "IDLE", "x"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "TIME", "x"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "RETRYCOUNT", "x"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "LASTID", "x"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "BOGUS"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "IDLE"],
      ["XCLAIM", "s", "g", "bob", "0", "1-1", "JUSTID", "2-1"],
      ["XCLAIM", "s", "g", "bob", "0", "+"],
      ["XCLAIM", "s", "g", "bob", "0", "-", "1-1"],
      ["XCLAIM", "s", "nope", "bob", "0", "1-1"],
      ["XCLAIM", "missing", "g", "bob", "0", "1-1"],
      ["XCLAIM", "str", "g", "bob", "0", "1-1"],
      ["XCLAIM", "s", "nope", "bob", "x", "1-1"],
      ["XCLAIM", "s", "g", "bob", "0"],
    ]);
    await pending(pair, "s", "g", "-", "+", "20");
    await consumers(pair, "s", "g");
    await full(pair, "s");
  });

  it("XAUTOCLAIM: cursor, COUNT, JUSTID, min-idle, deleted entries as the third element", async () => {
    const pair = await pairWithStream(12);
    await scenario(pair, [
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"],
      ["XDEL", "s", "3-1", "5-1", "6-1"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "2"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "3-0", "COUNT", "2"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "(6-1", "COUNT", "3", "JUSTID"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "-"],
      ["XAUTOCLAIM", "s", "g", "alice", "0", "10-1"],
      ["XPENDING", "s", "g"],
      ["XAUTOCLAIM", "s", "g", "alice", "3600000", "0"],
      ["XAUTOCLAIM", "s", "g", "alice", "-1", "0", "COUNT", "1"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "+"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "0"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "-1"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "x"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "576460752303423488"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT", "576460752303423487"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "COUNT"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "0", "BOGUS"],
      ["XAUTOCLAIM", "s", "g", "bob", "x", "0"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "x"],
      ["XAUTOCLAIM", "s", "g", "bob", "0", "(+"],
      ["XAUTOCLAIM", "s", "nope", "bob", "0", "0"],
      ["XAUTOCLAIM", "missing", "g", "bob", "0", "0"],
      ["XAUTOCLAIM", "str", "g", "bob", "0", "0"],
      ["XAUTOCLAIM", "s", "g", "bob", "x", "0", "COUNT", "0"],
      ["XAUTOCLAIM", "s", "g", "bob", "0"],
    ]);
    await pending(pair, "s", "g", "-", "+", "20");
    await consumers(pair, "s", "g");
    // Attempts run out at 10 × COUNT: many entries not idle enough are skipped, the cursor stops early.
    const many: string[][] = [];
    for (let i = 1; i <= 40; i++) many.push(["XADD", "m", `${i}-0`, "f", "v"]);
    await scenario(pair, many);
    await scenario(pair, [
      ["XGROUP", "CREATE", "m", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "m", ">"],
      ["XCLAIM", "m", "g", "alice", "0", "35-0", "36-0", "IDLE", "9000000"],
      ["XAUTOCLAIM", "m", "g", "alice", "5000000", "0", "COUNT", "2"],
      ["XAUTOCLAIM", "m", "g", "alice", "5000000", "21-0", "COUNT", "2"],
      ["XAUTOCLAIM", "m", "g", "alice", "5000000", "31-0", "COUNT", "2", "JUSTID"],
    ]);
  });

  it("entries-read and lag through reads, XDEL, XTRIM, XSETID, SETID and ENTRIESREAD", async () => {
    const pair = await pairWithStream(10);
    const groups = () => same(pair, ["XINFO", "GROUPS", "s"]);
    await scenario(pair, [
      ["XGROUP", "CREATE", "s", "a", "0"],
      ["XGROUP", "CREATE", "s", "b", "$"],
      ["XGROUP", "CREATE", "s", "c", "5-1"],
      ["XGROUP", "CREATE", "s", "d", "0", "ENTRIESREAD", "4"],
      ["XGROUP", "CREATE", "s", "e", "20-0"],
    ]);
    await groups();
    await scenario(pair, [
      ["XREADGROUP", "GROUP", "a", "x", "COUNT", "3", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "c", "x", "COUNT", "1", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "d", "x", "COUNT", "1", "STREAMS", "s", ">"],
    ]);
    await groups();
    await scenario(pair, [["XDEL", "s", "7-1"]]);
    await groups();
    await scenario(pair, [
      ["XREADGROUP", "GROUP", "a", "x", "COUNT", "3", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "c", "x", "COUNT", "5", "STREAMS", "s", ">"],
    ]);
    await groups();
    await scenario(pair, [["XDEL", "s", "1-1"], ["XADD", "s", "11-1", "f", "11"]]);
    await groups();
    await scenario(pair, [["XTRIM", "s", "MAXLEN", "3"]]);
    await groups();
    await scenario(pair, [["XREADGROUP", "GROUP", "a", "x", "STREAMS", "s", ">"], ["XGROUP", "SETID", "s", "b", "0"]]);
    await groups();
    await scenario(pair, [["XGROUP", "SETID", "s", "b", "9-1", "ENTRIESREAD", "8"], ["XSETID", "s", "30-0", "ENTRIESADDED", "40"]]);
    await groups();
    await scenario(pair, [["XADD", "s", "31-0", "f", "v"], ["XREADGROUP", "GROUP", "e", "x", "STREAMS", "s", ">"]]);
    await groups();
    await full(pair, "s");
    // A fresh stream with no entries ever added: lag 0; after MAXLEN 0 only tombstone-free counters.
    await scenario(pair, [
      ["XGROUP", "CREATE", "e1", "g", "$", "MKSTREAM"],
      ["XINFO", "GROUPS", "e1"],
      ["XADD", "e1", "1-1", "f", "v"],
      ["XINFO", "GROUPS", "e1"],
      ["XTRIM", "e1", "MAXLEN", "0"],
      ["XINFO", "GROUPS", "e1"],
      ["XINFO", "STREAM", "e1"],
    ]);
  });

  it("RESP3 shapes of the group commands", async () => {
    const pair = await pairWithStream(4);
    await scenario(pair, [
      ["HELLO", "3"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XPENDING", "s", "g"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "999"],
      ["XREAD", "STREAMS", "s", "0"],
      ["XREAD", "STREAMS", "s", "s", "2", "3"],
      ["XREAD", "STREAMS", "s", "+"],
      ["XREAD", "STREAMS", "missing", "0"],
      ["XPENDING", "s", "g"],
      ["XINFO", "GROUPS", "s"],
      ["XDEL", "s", "1-1"],
      ["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"],
      ["XAUTOCLAIM", "s", "g", "alice", "0", "0"],
      ["XCLAIM", "s", "g", "alice", "0", "2-1", "JUSTID"],
      ["XGROUP", "HELP"],
      ["HELLO", "2"],
    ]);
    await same(pair, ["HELLO", "3"]);
    await pending(pair, "s", "g", "-", "+", "5");
    await consumers(pair, "s", "g");
    await full(pair, "s");
    await same(pair, ["HELLO", "2"]);
  });

  it("7.2's consumer times: seen-time, active-time and inactive follow the 7.2 rules", async () => {
    const pair = await pairWithStream(3);
    const ours = (argv: string[]) => pair.ours.send(argv).then(parseFrame);
    await ours(["XGROUP", "CREATE", "s", "g", "0"]);
    await ours(["XGROUP", "CREATECONSUMER", "s", "g", "idle"]);
    await ours(["XREADGROUP", "GROUP", "g", "reader", "COUNT", "1", "STREAMS", "s", ">"]);
    const info = (await ours(["XINFO", "CONSUMERS", "s", "g"])) as Resp[][];
    const byName = new Map(info.map((m) => [m[1] as string, m]));
    // A consumer that never read: inactive -1; one that did: a small non-negative number.
    expect(byName.get("idle")!.slice(6)).toEqual(["inactive", -1]);
    expect(byName.get("reader")![6]).toBe("inactive");
    expect(byName.get("reader")![7]).toBeGreaterThanOrEqual(0);
    const f = (await ours(["XINFO", "STREAM", "s", "FULL"])) as Resp[];
    const group = (f[f.indexOf("groups") + 1] as Resp[][])[0]!;
    const cs = group[group.indexOf("consumers") + 1] as Resp[][];
    const idle = cs.find((c) => c[1] === "idle")!;
    expect(idle.slice(4, 6)).toEqual(["active-time", -1]);
    expect(typeof idle[3]).toBe("number");
    // 7.2 creates the consumer before looking for entries: a read or claim that gets nothing still
    // leaves it there (7.0 does not; known-differences.ts).
    await ours(["XREADGROUP", "GROUP", "g", "late", "STREAMS", "s", ">"]);
    await ours(["XREADGROUP", "GROUP", "g", "reader", "STREAMS", "s", ">"]);
    expect(await ours(["XREADGROUP", "GROUP", "g", "nobody", "STREAMS", "s", ">"])).toBeNull();
    expect(await ours(["XCLAIM", "s", "g", "claimer", "0", "99-9"])).toEqual([]);
    expect(await ours(["XAUTOCLAIM", "s", "g", "auto", "99999999", "0"])).toEqual(["0-0", [], []]);
    const names = ((await ours(["XINFO", "CONSUMERS", "s", "g"])) as Resp[][]).map((m) => m[1]);
    expect(names).toEqual(["auto", "claimer", "idle", "late", "nobody", "reader"]);
  });

  it("keyspace events of the group commands", async () => {
    const pair = await pairWithStream(4);
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["XGROUP", "CREATE", "s", "g", "0"],
        ["XGROUP", "CREATE", "s", "g", "0"],
        ["XGROUP", "CREATE", "n", "g", "0", "MKSTREAM"],
        ["XGROUP", "CREATECONSUMER", "s", "g", "c1"],
        ["XGROUP", "CREATECONSUMER", "s", "g", "c1"],
        ["XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "STREAMS", "s", ">"],
        ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", "0"],
        ["XCLAIM", "s", "g", "c3", "0", "1-1"],
        ["XAUTOCLAIM", "s", "g", "c4", "0", "0"],
        ["XACK", "s", "g", "1-1"],
        ["XGROUP", "SETID", "s", "g", "0"],
        ["XGROUP", "DELCONSUMER", "s", "g", "c1"],
        ["XGROUP", "DELCONSUMER", "s", "g", "c1"],
        ["XGROUP", "DESTROY", "s", "g"],
        ["XGROUP", "DESTROY", "s", "g"],
      ]);
    });
  });
});

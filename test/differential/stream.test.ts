/**
 * The stream commands without consumer groups against a real redis-server, reply for reply: XADD
 * (IDs, `ms-*`, NOMKSTREAM, MAXLEN/MINID with = and ~ and LIMIT, every ID error), XLEN, XRANGE and
 * XREVRANGE (exclusive bounds, incomplete IDs, COUNT), XDEL, XTRIM, XSETID and XINFO STREAM (node
 * figures included, so our node layout must be Redis's), arity, WRONGTYPE, RESP3 shapes and keyspace
 * events. Consumer groups live in stream-groups.test.ts, blocking reads in stream-blocking.test.ts,
 * random sequences in stream-random.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bin, oracleAvailable, parseFrame } from "../support/differential.js";
import { anyIds, same, sameEvents, sameShape, scenario, versions } from "./stream-support.js";
import { oracleSuite } from "./string-support.js";

const MAX = "18446744073709551615";

describe.skipIf(!oracleAvailable())("stream commands vs redis-server", () => {
  const suite = oracleSuite();


  it("XADD with explicit IDs, XLEN, XRANGE, XREVRANGE: basics", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["XADD", "s", "1-1", "a", "1"],
      ["XADD", "s", "1-2", "a", "2", "b", "x"],
      ["XADD", "s", "2", "c", "3"],
      ["XADD", "s", "2-*", "d", "4"],
      ["XADD", "s", "5-*", "e", "5"],
      ["XADD", "s", "5-*", "e", "6"],
      ["XLEN", "s"],
      ["XLEN", "missing"],
      ["XRANGE", "s", "-", "+"],
      ["XRANGE", "s", "1", "1"],
      ["XRANGE", "s", "1-2", "+"],
      ["XRANGE", "s", "(1-1", "(5-1"],
      ["XRANGE", "s", "(1", "+"],
      ["XRANGE", "s", "-", "(5"],
      ["XRANGE", "s", "-", "+", "COUNT", "2"],
      ["XRANGE", "s", "-", "+", "count", "0"],
      ["XRANGE", "s", "-", "+", "COUNT", "-5"],
      ["XRANGE", "s", "-", "+", "COUNT", "1", "COUNT", "3"],
      ["XRANGE", "s", "+", "-"],
      ["XRANGE", "missing", "-", "+"],
      ["XRANGE", "missing", "-", "+", "COUNT", "0"],
      ["XREVRANGE", "s", "+", "-"],
      ["XREVRANGE", "s", "+", "-", "COUNT", "3"],
      ["XREVRANGE", "s", "(5-1", "(1-1"],
      ["XREVRANGE", "s", "2", "1"],
      ["XREVRANGE", "s", "-", "+"],
      ["XREVRANGE", "missing", "+", "-"],
    ]);
  });

  it("XADD and range ID syntax and errors", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["XADD", "s", "0-0", "f", "v"],
      ["XADD", "s", "0", "f", "v"],
      ["XADD", "s", "0-*", "f", "v"],
      ["XADD", "s", "0-*", "f", "v"],
      ["XADD", "s", "0-1", "f", "v"],
      ["XADD", "s", "0-2", "f", "v"],
      ["XADD", "s", "-", "f", "v"],
      ["XADD", "s", "+", "f", "v"],
      ["XADD", "s", "abc", "f", "v"],
      ["XADD", "s", "1-a", "f", "v"],
      ["XADD", "s", "1-", "f", "v"],
      ["XADD", "s", "-1", "f", "v"],
      ["XADD", "s", "1--1", "f", "v"],
      ["XADD", "s", "1--0", "f", "v"],
      ["XADD", "s", "01-01", "f", "v"],
      ["XADD", "s", "+2-3", "f", "v"],
      ["XADD", "s", " 3-1", "f", "v"],
      ["XADD", "s", "4-*-1", "f", "v"],
      ["XADD", "s", "4-**", "f", "v"],
      ["XADD", "s", "*-1", "f", "v"],
      ["XADD", "s", "5-2", "f", "v"],
      ["XADD", "s", "5-2", "f", "v"],
      ["XADD", "s", "5-1", "f", "v"],
      ["XADD", "s", "4", "f", "v"],
      ["XADD", "s", "18446744073709551616-0", "f", "v"],
      ["XADD", "s", "1-18446744073709551616", "f", "v"],
      ["XADD", "s", "-18446744073709551615-0", "f", "v"],
      ["XADD", "s", `${"0".repeat(120)}9-0`, "f", "v"],
      ["XADD", "s", `${"0".repeat(130)}9-0`, "f", "v"],
      ["XADD", "s", "7-1\x00junk", "f", "v"],
      ["XADD", "s", "8-1", "f"],
      ["XADD", "s", "8-1", "f", "v", "g"],
      ["XADD", "s", "8-1"],
      ["XADD", "s"],
      ["XADD", "str", "9-1", "f", "v"],
      ["XRANGE", "s", "-", "+"],
      ["XRANGE", "s", "(-", "+"],
      ["XRANGE", "s", "-", "(+"],
      ["XRANGE", "s", "(", "+"],
      ["XRANGE", "s", `(${MAX}-${MAX}`, "+"],
      ["XRANGE", "s", "-", "(0-0"],
      ["XRANGE", "s", "-", "(0"],
      ["XRANGE", "s", "x", "+"],
      ["XRANGE", "s", "-", "y"],
      ["XRANGE", "s", "-", "+", "COUNT"],
      ["XRANGE", "s", "-", "+", "COUNT", "x"],
      ["XRANGE", "s", "-", "+", "LIMIT", "1"],
      ["XRANGE", "str", "-", "+"],
      ["XRANGE", "str", "x", "+"],
      ["XRANGE", "s", "-"],
      ["XREVRANGE", "s", "+"],
      ["XREVRANGE", "s", "(", "-"],
      ["XLEN", "str"],
      ["XLEN"],
      ["XLEN", "a", "b"],
    ]);
  });

  it("the largest IDs: 18446744073709551615-18446744073709551615 and sequence exhaustion", async () => {
    const pair = await suite.fresh();
    await same(pair, ["XADD", "s", `5-${MAX}`, "f", "v"]);
    // 7.2 sets EDOM here; 7.0.15 does not (known-differences.ts, stream group).
    await versions(pair, ["XADD", "s", "5-*", "f", "v"], {
      ours: "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n",
      theirs: "-ERR Elements are too large to be stored\r\n",
    });
    await scenario(pair, [
      ["XADD", "s", "6-*", "f", "v"],
      ["XADD", "s", `${MAX}-${MAX}`, "f", "v"],
      ["XADD", "s", `${MAX}-*`, "f", "v"],
      ["XADD", "s", "*", "f", "v"],
      ["XADD", "s", "MAXLEN", "0", `${MAX}-5`, "f", "v"],
      ["XLEN", "s"],
      ["XRANGE", "s", "-", "+"],
      ["XRANGE", "s", `${MAX}`, `${MAX}`],
      ["XRANGE", "s", `(${MAX}-${Number.MAX_SAFE_INTEGER}`, "+"],
      ["XREVRANGE", "s", "+", "-", "COUNT", "1"],
      ["XINFO", "STREAM", "s"],
      ["XDEL", "s", `${MAX}-${MAX}`],
      ["XINFO", "STREAM", "s"],
      ["XADD", "t", `${MAX}-*`, "f", "v"],
      ["XADD", "t", `${MAX}-*`, "f", "v"],
      ["XADD", "u", `9007199254740993-9007199254740993`, "f", "v"],
      ["XRANGE", "u", "9007199254740993", "9007199254740993"],
      ["XRANGE", "u", "9007199254740992", "(9007199254740993-9007199254740993"],
    ]);
  });

  it("XADD *: time-based IDs (compared as shapes), NOMKSTREAM", async () => {
    const pair = await suite.withString();
    await sameShape(pair, ["XADD", "s", "*", "f", "v"], anyIds);
    await sameShape(pair, ["XADD", "s", "*", "f", "v", "g", "w"], anyIds);
    await sameShape(pair, ["XADD", "s", "NOMKSTREAM", "*", "f", "v"], anyIds);
    await scenario(pair, [
      ["XADD", "n", "NOMKSTREAM", "*", "f", "v"],
      ["XADD", "n", "nomkstream", "1-1", "f", "v"],
      ["EXISTS", "n"],
      ["XADD", "str", "NOMKSTREAM", "*", "f", "v"],
      ["XLEN", "s"],
      ["XADD", "s", "1-1", "f", "v"],
    ]);
    const ours = parseFrame(await pair.ours.send(["XRANGE", "s", "-", "+"])) as unknown[];
    expect(ours.length).toBe(3);
  });

  it("XADD/XTRIM trimming options: MAXLEN, MINID, =, ~, LIMIT and their errors", async () => {
    const pair = await suite.withString();
    const steps: string[][] = [];
    for (let i = 1; i <= 30; i++) steps.push(["XADD", "s", `${i}-1`, "f", String(i)]);
    await scenario(pair, steps);
    await scenario(pair, [
      ["XADD", "s", "MAXLEN", "25", "31-1", "f", "v"],
      ["XLEN", "s"],
      ["XADD", "s", "MAXLEN", "=", "20", "32-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "~", "10", "33-1", "f", "v"],
      ["XADD", "s", "maxlen", "~", "10", "LIMIT", "5", "34-1", "f", "v"],
      ["XADD", "s", "MINID", "20", "35-1", "f", "v"],
      ["XADD", "s", "MINID", "=", "22-1", "36-1", "f", "v"],
      ["XADD", "s", "MINID", "~", "30", "37-1", "f", "v"],
      ["XRANGE", "s", "-", "+"],
      ["XTRIM", "s", "MAXLEN", "5"],
      ["XTRIM", "s", "MAXLEN", "5"],
      ["XTRIM", "s", "MINID", "35"],
      ["XTRIM", "s", "MINID", "~", "0"],
      ["XTRIM", "s", "MAXLEN", "~", "0"],
      ["XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "0"],
      ["XRANGE", "s", "-", "+"],
      ["XTRIM", "missing", "MAXLEN", "0"],
      ["XTRIM", "str", "MAXLEN", "0"],
      ["XTRIM", "s"],
      ["XTRIM", "s", "LIMIT", "5"],
      ["XTRIM", "s", "MAXLEN", "5", "LIMIT", "5"],
      ["XTRIM", "s", "MAXLEN", "~", "5", "LIMIT", "-1"],
      ["XTRIM", "s", "MAXLEN", "~", "5", "LIMIT", "x"],
      ["XTRIM", "s", "MAXLEN", "-1"],
      ["XTRIM", "s", "MAXLEN", "x"],
      ["XTRIM", "s", "MAXLEN", "1", "MINID", "1"],
      ["XTRIM", "s", "MINID", "1", "MAXLEN", "1"],
      ["XTRIM", "s", "MINID", "-"],
      ["XTRIM", "s", "MINID", "+"],
      ["XTRIM", "s", "MINID", "x"],
      ["XTRIM", "s", "MAXLEN"],
      ["XTRIM", "s", "MAXLEN", "~"],
      ["XTRIM", "s", "MAXLEN", "=", "x"],
      ["XTRIM", "s", "BOGUS", "1"],
      ["XTRIM", "s", "MAXLEN", "1", "LIMIT"],
      ["XTRIM", "s", "LIMIT", "0", "MAXLEN", "~", "1"],
      ["XTRIM", "s", "MAXLEN", "1", "NOMKSTREAM"],
      ["XADD", "s", "LIMIT", "5", "50-1", "f", "v"],
      ["XADD", "s", "LIMIT", "0", "50-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "1", "LIMIT", "5", "51-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "-1", "52-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "1", "MINID", "1", "52-1", "f", "v"],
      ["XADD", "s", "MAXLEN", "52-1", "f", "v"],
      ["XADD", "s", "MAXLEN"],
      ["XADD", "s", "MAXLEN", "1", "*"],
      ["XADD", "s", "MINID", "~", "53-1", "f", "v"],
      ["XRANGE", "s", "-", "+"],
      ["XINFO", "STREAM", "s"],
    ]);
  });

  it("approximate trimming removes whole nodes exactly as Redis does (node layout, LIMIT, config)", async () => {
    const pair = await suite.fresh();
    const steps: string[][] = [];
    for (let i = 1; i <= 350; i++) steps.push(["XADD", "s", `${i}-0`, "field", `value-${i}`]);
    await scenario(pair, steps);
    await scenario(pair, [
      ["XINFO", "STREAM", "s"],
      ["XTRIM", "s", "MAXLEN", "~", "300"],
      ["XTRIM", "s", "MAXLEN", "~", "199"],
      ["XTRIM", "s", "MAXLEN", "~", "120", "LIMIT", "50"],
      ["XTRIM", "s", "MAXLEN", "~", "120", "LIMIT", "150"],
      ["XINFO", "STREAM", "s"],
      ["XTRIM", "s", "MINID", "~", "290"],
      ["XTRIM", "s", "MINID", "~", "310-1"],
      ["XINFO", "STREAM", "s"],
      ["XTRIM", "s", "MAXLEN", "~", "0"],
      ["XINFO", "STREAM", "s"],
      ["XLEN", "s"],
    ]);
    // Byte-limited nodes: long values fill 4096-byte listpacks before 100 entries.
    const big: string[][] = [];
    for (let i = 1; i <= 120; i++) big.push(["XADD", "b", `${i}-${i % 3}`, "k", "x".repeat(50 + (i % 40)), "n", String(i * 1000)]);
    await scenario(pair, big);
    await scenario(pair, [
      ["XINFO", "STREAM", "b"],
      ["XTRIM", "b", "MAXLEN", "~", "60"],
      ["XINFO", "STREAM", "b"],
      ["CONFIG", "SET", "stream-node-max-entries", "7"],
      ["CONFIG", "SET", "stream-node-max-bytes", "0"],
    ]);
    const small: string[][] = [];
    for (let i = 1; i <= 40; i++) small.push(["XADD", "c", `${i * 1000}-${i}`, `f${i % 2}`, "v", ...(i % 5 === 0 ? ["extra", "1"] : [])]);
    await scenario(pair, small);
    await scenario(pair, [
      ["XINFO", "STREAM", "c"],
      ["XADD", "c", "MAXLEN", "~", "20", "41000-0", "f", "v"],
      ["XTRIM", "c", "MAXLEN", "~", "10"],
      ["XINFO", "STREAM", "c"],
      ["XADD", "c", "MAXLEN", "~", "3", "LIMIT", "7", "42000-0", "f", "v"],
      ["XTRIM", "c", "MINID", "~", "39000"],
      ["XINFO", "STREAM", "c"],
      ["CONFIG", "SET", "stream-node-max-entries", "100"],
      ["CONFIG", "SET", "stream-node-max-bytes", "4096"],
    ]);
  });

  it("XDEL: tombstones, the recorded first ID, max-deleted-entry-id, node removal", async () => {
    const pair = await suite.withString();
    const steps: string[][] = [];
    for (let i = 1; i <= 250; i++) steps.push(["XADD", "s", `${i}-1`, "f", String(i)]);
    await scenario(pair, steps);
    await scenario(pair, [
      ["XDEL", "s", "1-1"],
      ["XDEL", "s", "1-1", "2-1", "3-1", "999-1"],
      ["XINFO", "STREAM", "s"],
      ["XDEL", "s", "50-1"],
      ["XDEL", "s", "1"],
      ["XDEL", "s", "4"],
      ["XDEL", "s", "x"],
      ["XDEL", "s", "5-1", "x"],
      ["XDEL", "s", "-"],
      ["XDEL", "s", "+"],
      ["XDEL", "missing", "x"],
      ["XDEL", "str", "1-1"],
      ["XDEL", "s"],
      ["XRANGE", "s", "-", "+", "COUNT", "3"],
      ["XREVRANGE", "s", "60", "45"],
      ["XINFO", "STREAM", "s"],
    ]);
    const del: string[] = ["XDEL", "s"];
    for (let i = 101; i <= 200; i++) del.push(`${i}-1`);
    await scenario(pair, [
      del,
      ["XINFO", "STREAM", "s"],
      ["XRANGE", "s", "99", "202"],
      ["XTRIM", "s", "MINID", "~", "240"],
      ["XINFO", "STREAM", "s"],
      ["XTRIM", "s", "MINID", "=", "240"],
      ["XINFO", "STREAM", "s"],
      ["XADD", "s", "260-1", "g", "1"],
      ["XINFO", "STREAM", "s"],
    ]);
    // Deleting every entry leaves an empty stream (the key stays).
    const all: string[] = ["XDEL", "s"];
    for (let i = 1; i <= 260; i++) all.push(`${i}-1`);
    await scenario(pair, [all, ["EXISTS", "s"], ["XLEN", "s"], ["XINFO", "STREAM", "s"], ["XADD", "s", "260-1", "f", "v"], ["XADD", "s", "261-1", "f", "v"], ["XINFO", "STREAM", "s"]]);
  });

  it("a MINID trim can leave a node with only tombstones, as Redis's listpack does", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["XADD", "s", "1-1", "f", "v"],
      ["XADD", "s", "2-1", "f", "v"],
      ["XADD", "s", "3-1", "f", "v"],
      ["XDEL", "s", "3-1"],
      ["XTRIM", "s", "MINID", "3"],
      ["XINFO", "STREAM", "s"],
      ["XADD", "s", "4-1", "f", "v"],
      ["XINFO", "STREAM", "s"],
      ["XTRIM", "s", "MAXLEN", "0"],
      ["XINFO", "STREAM", "s"],
    ]);
  });

  it("XSETID: last ID, ENTRIESADDED, MAXDELETEDID and every error", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["XSETID", "missing", "1-1"],
      ["XSETID", "str", "1-1"],
      ["XADD", "s", "5-1", "f", "v"],
      ["XADD", "s", "6-1", "f", "v"],
      ["XSETID", "s", "4-1"],
      ["XSETID", "s", "6-1"],
      ["XSETID", "s", "6"],
      ["XSETID", "s", "10-1"],
      ["XADD", "s", "9-1", "f", "v"],
      ["XADD", "s", "10-*", "f", "v"],
      ["XSETID", "s", "20-1", "ENTRIESADDED", "1"],
      ["XSETID", "s", "20-1", "ENTRIESADDED", "3"],
      ["XSETID", "s", "20-1", "ENTRIESADDED", "-1"],
      ["XSETID", "s", "20-1", "ENTRIESADDED", "x"],
      ["XSETID", "s", "20-1", "MAXDELETEDID", "21-1"],
      ["XSETID", "s", "20-1", "MAXDELETEDID", "5-0"],
      ["XSETID", "s", "20-1", "MAXDELETEDID", "x"],
      ["XSETID", "s", "20-1", "MAXDELETEDID"],
      ["XSETID", "s", "20-1", "BOGUS", "1"],
      ["XSETID", "s", "20-1", "ENTRIESADDED", "100", "MAXDELETEDID", "19-3"],
      ["XINFO", "STREAM", "s"],
    ]);
    // New in 7.2 (known-differences.ts, stream group): not below max-deleted-entry-id.
    await versions(pair, ["XSETID", "s", "19-2"], {
      ours: "-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n",
      theirs: "+OK\r\n",
    });
    await scenario(pair, [
      ["XSETID", "s", "19-3"],
      ["XSETID", "s", "-"],
      ["XSETID", "s", "+"],
      ["XSETID", "s", "x"],
      ["XSETID", "s"],
      ["XDEL", "s", "5-1", "6-1", "10-1"],
    ]);
    await versions(pair, ["XSETID", "s", "0-1"], {
      ours: "-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n",
      theirs: "-ERR The ID specified in XSETID is smaller than the target stream top item\r\n",
    });
    await scenario(pair, [
      ["XINFO", "STREAM", "s"],
      ["XSETID", "s", `${MAX}-${MAX}`],
      ["XADD", "s", "*", "f", "v"],
      ["XADD", "s", `${MAX}-${MAX}`, "f", "v"],
      ["XSETID", "s", "20-1", "ENTRIESADDED", "9223372036854775807"],
      ["XINFO", "STREAM", "s"],
    ]);
  });

  it("XINFO STREAM: plain and FULL forms, COUNT, options and errors", async () => {
    const pair = await suite.withString();
    const steps: string[][] = [];
    for (let i = 1; i <= 15; i++) steps.push(["XADD", "s", `${i}-0`, "f", String(i), "g", "x"]);
    await scenario(pair, steps);
    await scenario(pair, [
      ["XINFO", "STREAM", "s"],
      ["XINFO", "STREAM", "s", "FULL"],
      ["XINFO", "STREAM", "s", "full", "count", "3"],
      ["XINFO", "STREAM", "s", "FULL", "COUNT", "0"],
      ["XINFO", "STREAM", "s", "FULL", "COUNT", "-1"],
      ["XINFO", "STREAM", "s", "FULL", "COUNT", "x"],
      ["XINFO", "STREAM", "s", "FULL", "COUNT"],
      ["XINFO", "STREAM", "s", "FULL", "LIMIT", "3"],
      ["XINFO", "STREAM", "s", "PARTIAL"],
      ["XINFO", "STREAM", "missing"],
      ["XINFO", "STREAM", "missing", "BOGUS"],
      ["XINFO", "STREAM", "str"],
      ["XINFO", "STREAM"],
      ["XINFO", "GROUPS", "s"],
      ["XINFO", "GROUPS", "missing"],
      ["XINFO", "GROUPS", "s", "extra"],
      ["XINFO", "BOGUS", "s"],
      ["XINFO", "HELP", "extra"],
      ["XINFO"],
      ["XADD", "e", "MAXLEN", "0", "1-1", "f", "v"],
      ["XINFO", "STREAM", "e"],
      ["XINFO", "STREAM", "e", "FULL"],
    ]);
    await same(pair, ["HELLO", "3"]).catch(() => undefined);
    await scenario(pair, [
      ["XINFO", "STREAM", "s"],
      ["XINFO", "STREAM", "s", "FULL", "COUNT", "2"],
      ["XINFO", "STREAM", "e"],
      ["XRANGE", "s", "-", "+", "COUNT", "2"],
      ["XRANGE", "s", "-", "+", "COUNT", "0"],
      ["XADD", "n", "NOMKSTREAM", "*", "f", "v"],
      ["HELLO", "2"],
    ]);
  });

  it("binary and UTF-8 keys, fields and values; SAMEFIELDS compression sizes", async () => {
    const pair = await suite.fresh();
    const B = "\x00\xff\r\n\x01";
    const U = bin("héllo ✓");
    const steps: string[][] = [];
    for (let i = 1; i <= 150; i++) {
      const fields = i % 7 === 0 ? [U, B, "n", String(i)] : i % 11 === 0 ? ["a", "1", "b", "2", "c", "-3"] : ["a", String(i - 70), "b", B];
      steps.push(["XADD", B, `${i}-${i}`, ...fields]);
    }
    await scenario(pair, steps);
    await scenario(pair, [
      ["XRANGE", B, "-", "+", "COUNT", "12"],
      ["XINFO", "STREAM", B],
      ["XTRIM", B, "MAXLEN", "~", "60"],
      ["XINFO", "STREAM", B],
      ["XADD", B, "200-0", "", ""],
      ["XRANGE", B, "200", "+"],
      ["TYPE", B],
      ["OBJECT", "ENCODING", B],
    ]);
  });

  it("WRONGTYPE everywhere, and other types see a stream as a wrong type", async () => {
    const pair = await suite.withString();
    await scenario(pair, [
      ["XADD", "s", "1-1", "f", "v"],
      ["TYPE", "s"],
      ["OBJECT", "ENCODING", "s"],
      ["GET", "s"],
      ["LPUSH", "s", "x"],
      ["SADD", "s", "x"],
      ["HSET", "s", "a", "b"],
      ["XADD", "str", "1-1", "f", "v"],
      ["XTRIM", "str", "MAXLEN", "1"],
      ["XDEL", "str", "1-1"],
      ["XSETID", "str", "1-1"],
      ["XINFO", "STREAM", "str"],
      ["XREAD", "STREAMS", "str", "0"],
      ["COPY", "s", "s2"],
      ["XRANGE", "s2", "-", "+"],
      ["RENAME", "s2", "s3"],
      ["XINFO", "STREAM", "s3"],
      ["DEL", "s3"],
      ["EXISTS", "s3"],
    ]);
  });

  it("arity of every stream command and subcommand", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["XADD", "s"],
      ["XADD", "s", "*"],
      ["XADD", "s", "*", "f"],
      ["XLEN"],
      ["XRANGE", "s", "-"],
      ["XREVRANGE", "s", "+"],
      ["XDEL", "s"],
      ["XTRIM", "s", "MAXLEN"],
      ["XSETID", "s"],
      ["XREAD", "STREAMS", "s"],
      ["XREAD", "STREAMS"],
      ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s"],
      ["XACK", "s", "g"],
      ["XPENDING", "s"],
      ["XCLAIM", "s", "g", "c", "0"],
      ["XAUTOCLAIM", "s", "g", "c", "0"],
      ["XGROUP", "CREATE", "s", "g"],
      ["XGROUP", "SETID", "s", "g"],
      ["XGROUP", "DESTROY", "s"],
      ["XGROUP", "DESTROY", "s", "g", "x"],
      ["XGROUP", "CREATECONSUMER", "s", "g"],
      ["XGROUP", "DELCONSUMER", "s", "g", "c", "d"],
      ["XGROUP", "HELP", "x"],
      ["XINFO", "STREAM"],
      ["XINFO", "GROUPS"],
      ["XINFO", "CONSUMERS", "s"],
      ["XINFO", "HELP", "x"],
      ["XGROUP"],
      ["XINFO"],
    ]);
  });

  it("generic commands on a stream key: TYPE, SCAN TYPE, COPY, RENAME, MOVE, DUMP, SORT, OBJECT", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["XADD", "s", "1-1", "f", "v"],
      ["XGROUP", "CREATE", "s", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
      ["TYPE", "s"],
      ["SCAN", "0", "TYPE", "stream"],
      ["OBJECT", "ENCODING", "s"],
      ["COPY", "s", "t"],
      ["XPENDING", "t", "g"],
      ["XACK", "t", "g", "1-1"],
      ["XPENDING", "s", "g"],
      ["RENAME", "t", "u"],
      ["XINFO", "GROUPS", "u"],
      ["MOVE", "u", "1"],
      ["SELECT", "1"],
      ["XLEN", "u"],
      ["SELECT", "0"],
      ["SORT", "s"],
      ["EXPIRE", "s", "100"],
      ["TTL", "s"],
      ["DEL", "s"],
      ["EXISTS", "s"],
    ]);
  });

  it("keyspace events: xadd, xtrim, xdel, xsetid and new", async () => {
    const pair = await suite.fresh();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["XADD", "s", "1-1", "f", "v"],
        ["XADD", "s", "MAXLEN", "1", "2-1", "f", "v"],
        ["XADD", "s", "MAXLEN", "5", "3-1", "f", "v"],
        ["XTRIM", "s", "MAXLEN", "0"],
        ["XTRIM", "s", "MAXLEN", "0"],
        ["XADD", "s", "4-1", "f", "v"],
        ["XDEL", "s", "4-1"],
        ["XDEL", "s", "4-1"],
        ["XSETID", "s", "10-1"],
        ["XADD", "t", "NOMKSTREAM", "5-1", "f", "v"],
        ["XLEN", "nothing"],
        ["XRANGE", "nothing", "-", "+"],
      ]);
    });
  });
});

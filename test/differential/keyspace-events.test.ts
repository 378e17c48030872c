/**
 * Keyspace notifications end to end against a real redis-server: CONFIG SET notify-keyspace-events,
 * a subscriber connection (pattern or channel subscriptions, RESP2 or RESP3), and every event the
 * commands of each type raise arriving as pub/sub messages — the same frames, in the same order,
 * on both sides. Expiry is exercised lazily (a read of an expired key) and actively (the cron).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Oracle, oracleAvailable, startOracle } from "../support/differential.js";
import { PubSubPair } from "./pubsub-support.js";

type Steps = string[][];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!oracleAvailable())("keyspace notifications delivered to subscribers vs redis-server", () => {
  let oracle: Oracle;
  let pair: PubSubPair | undefined;
  beforeAll(async () => {
    oracle = (await startOracle())!;
  });
  afterAll(async () => {
    await oracle?.close();
  });
  afterEach(async () => {
    pair?.close();
    pair = undefined;
    await oracle.send(["CONFIG", "SET", "notify-keyspace-events", ""]);
  });

  /** Connection 1 listens to every keyspace and keyevent channel (one pattern: a fixed order). */
  const listening = async (flags: string): Promise<PubSubPair> => {
    pair = await PubSubPair.open(oracle, 2);
    await pair.run(1, [["PSUBSCRIBE", "__key*__:*"]]);
    await pair.run(0, [["CONFIG", "SET", "notify-keyspace-events", flags]]);
    return pair;
  };

  /** Runs the steps on connection 0, one at a time, comparing what both connections receive. */
  const each = async (p: PubSubPair, steps: Steps): Promise<number> => {
    let events = 0;
    for (const argv of steps) {
      const got = await p.run(0, [argv]);
      events += got.ours[1]!.length;
    }
    return events;
  };

  it("strings", async () => {
    const p = await listening("KEA");
    const n = await each(p, [
      ["SET", "s", "v"],
      ["SET", "s", "v", "EX", "100"],
      ["SET", "s", "w", "KEEPTTL"],
      ["SETNX", "s", "x"],
      ["SETNX", "s2", "x"],
      ["SETEX", "s3", "100", "v"],
      ["PSETEX", "s3", "100000", "v"],
      ["GETSET", "s", "g"],
      ["GETDEL", "s2"],
      ["GETDEL", "s2"],
      ["GETEX", "s", "PX", "500000"],
      ["GETEX", "s", "PERSIST"],
      ["APPEND", "s", "more"],
      ["SETRANGE", "s", "2", "ZZ"],
      ["SETRANGE", "s", "0", ""],
      ["INCR", "n"],
      ["INCRBY", "n", "5"],
      ["DECR", "n"],
      ["DECRBY", "n", "2"],
      ["INCRBYFLOAT", "n", "1.5"],
      ["INCR", "s"],
      ["MSET", "m1", "1", "m2", "2"],
      ["MSETNX", "m1", "x", "m3", "3"],
      ["MSETNX", "m4", "x", "m5", "3"],
      ["SETBIT", "b", "7", "1"],
      ["BITOP", "OR", "b2", "b", "s"],
      ["BITOP", "AND", "b3", "nosuch"],
      ["BITFIELD", "bf", "SET", "u8", "0", "200", "INCRBY", "u8", "0", "100"],
      ["SET", "s", "v", "NX"],
      ["SET", "s", "v", "XX", "GET"],
    ]);
    expect(n).toBeGreaterThan(40);
  });

  it("generic commands", async () => {
    const p = await listening("KEA");
    const n = await each(p, [
      ["MSET", "a", "1", "b", "2", "c", "3"],
      ["DEL", "a", "nosuch"],
      ["UNLINK", "b"],
      ["EXPIRE", "c", "100"],
      ["PEXPIRE", "c", "100000"],
      ["EXPIREAT", "c", "99999999999"],
      ["PERSIST", "c"],
      ["PERSIST", "c"],
      ["RENAME", "c", "d"],
      ["RENAME", "d", "d"],
      ["SET", "e", "1"],
      ["RENAMENX", "d", "e"],
      ["RENAMENX", "d", "f"],
      ["COPY", "f", "g"],
      ["COPY", "f", "g", "REPLACE"],
      ["MOVE", "g", "1"],
      ["EXPIRE", "f", "-1"],
      ["PEXPIREAT", "e", "1"],
      ["SET", "t", "1"],
      ["TOUCH", "t"],
      ["RPUSH", "l", "3", "1", "2"],
      ["SORT", "l", "STORE", "sorted"],
      ["SORT", "nosuch", "STORE", "sorted"],
      ["FLUSHDB"],
    ]);
    expect(n).toBeGreaterThan(25);
  });

  it("DUMP / RESTORE raise restore", async () => {
    const p = await listening("KEA");
    await p.run(0, [["SET", "src", "value"]]);
    const dump = await oracle.send(["DUMP", "src"]);
    const payload = dump.slice(dump.indexOf("\r\n") + 2, -2);
    await each(p, [["RESTORE", "dst", "0", payload], ["RESTORE", "dst", "0", payload, "REPLACE"]]);
  });

  it("lists", async () => {
    const p = await listening("KEA");
    const n = await each(p, [
      ["LPUSH", "l", "a", "b"],
      ["RPUSH", "l", "c"],
      ["LPUSHX", "nosuch", "x"],
      ["RPUSHX", "l", "d"],
      ["LINSERT", "l", "BEFORE", "c", "x"],
      ["LINSERT", "l", "BEFORE", "zz", "x"],
      ["LSET", "l", "0", "first"],
      ["LREM", "l", "0", "x"],
      ["LREM", "l", "0", "x"],
      ["LTRIM", "l", "0", "2"],
      ["LPOP", "l"],
      ["RPOP", "l", "1"],
      ["RPUSH", "l2", "1", "2", "3"],
      ["LMOVE", "l2", "l3", "LEFT", "RIGHT"],
      ["RPOPLPUSH", "l2", "l2"],
      ["LMPOP", "2", "nosuch", "l2", "RIGHT", "COUNT", "5"],
      ["BLPOP", "l3", "0"],
      ["LTRIM", "l", "5", "10"],
      ["RPUSH", "q", "1"],
      ["LPOP", "q"],
    ]);
    expect(n).toBeGreaterThan(30);
  });

  it("hashes", async () => {
    const p = await listening("KEA");
    const n = await each(p, [
      ["HSET", "h", "f1", "1", "f2", "2"],
      ["HSET", "h", "f1", "1"],
      ["HSETNX", "h", "f1", "x"],
      ["HSETNX", "h", "f3", "x"],
      ["HMSET", "h", "f4", "4"],
      ["HINCRBY", "h", "f1", "10"],
      ["HINCRBYFLOAT", "h", "f2", "0.5"],
      ["HDEL", "h", "f1", "nosuch"],
      ["HDEL", "h", "nosuch"],
      ["HDEL", "h", "f2", "f3", "f4"],
    ]);
    expect(n).toBeGreaterThan(15);
  });

  it("sets", async () => {
    const p = await listening("KEA");
    const n = await each(p, [
      ["SADD", "s1", "a", "b", "c"],
      ["SADD", "s1", "a"],
      ["SREM", "s1", "a", "zz"],
      ["SADD", "s2", "b", "x"],
      ["SMOVE", "s1", "s2", "c"],
      ["SMOVE", "s1", "s3", "b"],
      ["SINTERSTORE", "dst", "s2", "s3"],
      ["SUNIONSTORE", "dst", "s2", "s3"],
      ["SDIFFSTORE", "dst", "s2", "s2"],
      ["SDIFFSTORE", "dst2", "nosuch"],
      ["SADD", "one", "only"],
      ["SPOP", "one"],
      ["SADD", "two", "1", "2"],
      ["SPOP", "two", "5"],
    ]);
    expect(n).toBeGreaterThan(20);
  });

  it("expired keys: lazily on access and by the active cycle", async () => {
    const p = await listening("KEA");
    await each(p, [["SET", "lazy", "v", "PX", "1"], ["DEBUG", "SET-ACTIVE-EXPIRE", "0"]]);
    await sleep(10);
    await each(p, [["GET", "lazy"], ["DEBUG", "SET-ACTIVE-EXPIRE", "1"]]);
    await each(p, [["HSET", "active", "f", "v"], ["PEXPIRE", "active", "1"]]);
    // The cron runs at hz 10 on both sides: wait for the event rather than a fixed time.
    for (let i = 0; i < 50 && p.session(0).db.size > 0; i++) await sleep(20);
    await sleep(150);
    const got = await p.run(0, [["EXISTS", "active"]]);
    expect(got.ours[1]!.length).toBe(2); // keyspace and keyevent messages for "expired"
  });

  it("flag classes: only what is configured is published; n and m are outside A", async () => {
    const p = await listening("Eg$");
    await each(p, [["SET", "k", "1"], ["RPUSH", "l", "x"], ["DEL", "l"], ["EXPIRE", "k", "100"]]);
    await p.run(0, [["CONFIG", "SET", "notify-keyspace-events", "Kl"]]);
    await each(p, [["SET", "k", "1"], ["RPUSH", "l", "x"], ["DEL", "l"]]);
    await p.run(0, [["CONFIG", "SET", "notify-keyspace-events", "KEAnm"]]);
    await each(p, [["GET", "missing"], ["SET", "newkey", "1"], ["SET", "newkey", "2"], ["HGET", "nosuch", "f"], ["MGET", "newkey", "nokey"]]);
    await p.run(0, [["CONFIG", "SET", "notify-keyspace-events", ""]]);
    const none = await each(p, [["SET", "k", "3"], ["DEL", "k"]]);
    expect(none).toBe(0);
  });

  it("other databases, channel subscriptions and a RESP3 subscriber", async () => {
    pair = await PubSubPair.open(oracle, 3);
    const p = pair;
    await p.run(1, [["SUBSCRIBE", "__keyevent@1__:set", "__keyspace@0__:k"]]);
    await p.run(2, [["HELLO", "3"]], { skipCompare: true });
    await p.run(2, [["PSUBSCRIBE", "__keyevent@*__:del"]]);
    await p.run(0, [["CONFIG", "SET", "notify-keyspace-events", "KEA"]]);
    await each(p, [["SET", "k", "1"], ["SELECT", "1"], ["SET", "k", "1"], ["DEL", "k"], ["SELECT", "0"], ["DEL", "k"], ["SWAPDB", "0", "1"]]);
  });

  it("a subscriber that writes (RESP3) sees its own events before the reply", async () => {
    // Only commands where Redis notifies before adding its reply: every event our engine raises
    // during a command is pushed before that command's reply (see the header of src/engine/pubsub.ts).
    pair = await PubSubPair.open(oracle, 1);
    const p = pair;
    await p.run(0, [["HELLO", "3"]], { skipCompare: true });
    await p.run(0, [["CONFIG", "SET", "notify-keyspace-events", "KEA"], ["SUBSCRIBE", "__keyspace@0__:me"]]);
    await p.run(0, [["SET", "me", "1"], ["INCR", "me"], ["APPEND", "me", "0"], ["PERSIST", "me"], ["SADD", "set", "x"], ["DEL", "me"]]);
  });
});

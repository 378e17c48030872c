/**
 * MULTI/EXEC/DISCARD/WATCH on one connection, compared byte for byte with redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ours, Pair, oracleAvailable, startOracle } from "../support/differential.js";

describe.skipIf(!oracleAvailable())("transactions (differential)", () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = new Pair((await startOracle())!, new Ours());
  });
  afterAll(async () => pair.close());

  async function same(...argv: string[]): Promise<string> {
    const r = await pair.both(argv);
    expect(r.ours, `${argv.join(" ")}`).toBe(r.theirs);
    return r.ours;
  }

  it("queues, executes and returns every reply including run-time errors", async () => {
    await same("SET", "s", "abc");
    await same("MULTI");
    await same("SET", "a", "1");
    await same("INCR", "a");
    await same("INCR", "s");
    await same("GET", "a");
    await same("EXEC");
  });

  it("aborts with EXECABORT after a queue-time error and discards the queue", async () => {
    await same("MULTI");
    await same("SET", "b", "1");
    await same("SET", "b");
    await same("NOSUCHCOMMAND", "x");
    await same("EXEC");
    await same("EXISTS", "b");
    await same("MULTI");
    await same("CONFIG", "NOPE");
    await same("EXEC");
  });

  it("answers misuse with Redis's errors", async () => {
    await same("EXEC");
    await same("DISCARD");
    await same("MULTI");
    await same("MULTI");
    await same("WATCH", "a");
    await same("DISCARD");
    await same("MULTI");
    await same("PING");
    await same("ECHO", "x");
    await same("DISCARD");
    await same("EXEC");
  });

  it("aborts with a null array when a watched key changed, and succeeds otherwise", async () => {
    await same("SET", "w", "1");
    await same("WATCH", "w");
    await same("SET", "w", "2");
    await same("MULTI");
    await same("INCR", "w");
    await same("EXEC");
    await same("GET", "w");
    await same("WATCH", "w");
    await same("MULTI");
    await same("INCR", "w");
    await same("EXEC");
    await same("WATCH", "w", "missing");
    await same("UNWATCH");
    await same("SET", "w", "9");
    await same("MULTI");
    await same("GET", "w");
    await same("EXEC");
  });

  it("WATCH of a key that FLUSHDB left alone or that did not exist does not abort", async () => {
    await same("WATCH", "never");
    await same("FLUSHDB");
    await same("MULTI");
    await same("SET", "x", "1");
    await same("EXEC");
    await same("SET", "y", "1");
    await same("WATCH", "y");
    await same("FLUSHDB");
    await same("MULTI");
    await same("SET", "x", "1");
    await same("EXEC");
  });

  it("a write that changes nothing does not abort a WATCH; one that does, does", async () => {
    await same("SET", "k", "v");
    await same("WATCH", "k");
    await same("SETNX", "k", "other");
    await same("MULTI");
    await same("GET", "k");
    await same("EXEC");
    await same("WATCH", "k");
    await same("APPEND", "k", "x");
    await same("MULTI");
    await same("GET", "k");
    await same("EXEC");
  });
});

/**
 * XREAD BLOCK and XREADGROUP BLOCK against a real redis-server: a second connection on each side
 * blocks, the first writes, and the woken replies must be byte-identical — `$` resolved at block
 * time, timeouts (null array in RESP2 and RESP3), FIFO order between waiters, MULTI (nothing blocks),
 * XREAD surviving a deleted key. Where 7.2 answers a woken XREADGROUP differently from 7.0 (deleted
 * key, destroyed group) ours must give 7.2's answer; the 7.2-only wakeups (SET over the key, FLUSHALL,
 * SWAPDB, RENAME) are checked on our engine against Redis 7.2's own test expectations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import type { Session } from "../../src/engine/session.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";
import { type Oracle, oracleAvailable, type Pair, type RawConnection, show, startOracle } from "../support/differential.js";
import { closeAllPairs, freshPair, same, scenario } from "./stream-support.js";

const opened: Second[] = [];

/** A second client on both sides. */
class Second {
  constructor(
    readonly pair: Pair,
    readonly session: Session,
    readonly conn: RawConnection,
  ) {}

  static async open(pair: Pair, oracle: Oracle): Promise<Second> {
    const c = new Second(pair, pair.ours.engine.createSession(), await oracle.connect());
    opened.push(c);
    return c;
  }

  close(): void {
    this.session.close();
    this.conn.close();
  }

  /** Sends to both; resolves with both replies whenever they come. */
  send(argv: readonly string[]): Promise<{ ours: string; theirs: string }> {
    const r: Reply | PendingReply = this.session.exec(argv);
    const ours =
      r instanceof PendingReply ? r.promise.then((x) => encodeReplyString(x, this.session.resp)) : Promise.resolve(encodeReplyString(r, this.session.resp));
    return Promise.all([ours, this.conn.send(argv)]).then(([o, t]) => ({ ours: o, theirs: t }));
  }
}

/** Waits until both sides report `n` blocked clients. */
async function blocked(pair: Pair, oracle: Oracle, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const info = await oracle.send(["INFO", "clients"]);
    const m = /blocked_clients:(\d+)/.exec(info);
    if (m !== null && Number(m[1]) === n && pair.ours.engine.blocking.blockedClients === n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never reached ${n} blocked clients (ours: ${pair.ours.engine.blocking.blockedClients})`);
}

function sameReply(r: { ours: string; theirs: string }, what: string): void {
  expect(show(r.ours), what).toBe(show(r.theirs));
}

describe.skipIf(!oracleAvailable())("blocking stream reads vs redis-server", () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = (await startOracle())!;
  });
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });
  afterAll(async () => {
    closeAllPairs();
    await oracle?.close();
  });

  it("XREAD BLOCK 0 on $ is woken by XADD and gets exactly what came after it", async () => {
    const pair = await freshPair(oracle);
    await scenario(pair, [["XADD", "s", "1-1", "f", "v"]]);
    const c = await Second.open(pair, oracle);
    const waiting = c.send(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["MULTI"], ["XADD", "s", "2-1", "f", "a"], ["XADD", "s", "3-1", "f", "b"], ["EXEC"]]);
    sameReply(await waiting, "XREAD BLOCK 0 $");
    // Blocking on a missing key with $ (0-0), woken when XADD creates it.
    const w2 = c.send(["XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "nokey", "s", "$", "$"]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["XADD", "nokey", "7-7", "x", "y"]]);
    sameReply(await w2, "XREAD BLOCK on a new key");
  });

  it("XREAD BLOCK with an explicit ID, several keys, and data already there", async () => {
    const pair = await freshPair(oracle);
    await scenario(pair, [["XADD", "a", "1-1", "f", "v"], ["XADD", "b", "5-1", "f", "v"]]);
    const c = await Second.open(pair, oracle);
    sameReply(await c.send(["XREAD", "BLOCK", "0", "STREAMS", "a", "b", "0", "0"]), "data already there");
    const waiting = c.send(["XREAD", "BLOCK", "0", "STREAMS", "a", "b", "1-1", "9"]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["XADD", "b", "9-1", "f", "v"]]);
    sameReply(await waiting, "woken by the second key");
    // An XADD whose entry is not after the requested ID leaves the reader blocked.
    const w3 = c.send(["XREAD", "BLOCK", "0", "STREAMS", "b", "100"]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["XADD", "b", "50-1", "f", "v"]]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["XADD", "b", "101-1", "f", "v"]]);
    sameReply(await w3, "woken only by an entry after the ID");
  });

  it("timeouts answer a null array (RESP2 and RESP3); MULTI never blocks", async () => {
    const pair = await freshPair(oracle);
    await scenario(pair, [["XADD", "s", "1-1", "f", "v"], ["XGROUP", "CREATE", "s", "g", "$"]]);
    const c = await Second.open(pair, oracle);
    sameReply(await c.send(["XREAD", "BLOCK", "30", "STREAMS", "s", "$"]), "XREAD timeout RESP2");
    sameReply(await c.send(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "30", "STREAMS", "s", ">"]), "XREADGROUP timeout");
    await c.send(["HELLO", "3"]); // (the servers' versions differ in HELLO's map)
    sameReply(await c.send(["XREAD", "BLOCK", "30", "STREAMS", "s", "$"]), "XREAD timeout RESP3");
    await c.send(["HELLO", "2"]);
    await scenario(pair, [
      ["MULTI"],
      ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
      ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"],
      ["XREAD", "BLOCK", "0", "STREAMS", "s", "0"],
      ["EXEC"],
      ["XREAD", "BLOCK", "-1", "STREAMS", "s", "$"],
      ["XREAD", "BLOCK", "1.5", "STREAMS", "s", "$"],
    ]);
    // 7.2 refuses a deadline that would overflow; 7.0 overflows it (and would block forever).
    expect(await pair.ours.send(["XREAD", "BLOCK", "9223372036854775807", "STREAMS", "s", "$"])).toBe("-ERR timeout is out of range\r\n");
  });

  it("XREADGROUP BLOCK >: woken by XADD, entries become pending, waiters served in FIFO order", async () => {
    const pair = await freshPair(oracle);
    await scenario(pair, [["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]]);
    const c1 = await Second.open(pair, oracle);
    const c2 = await Second.open(pair, oracle);
    const w1 = c1.send(["XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", ">"]);
    await blocked(pair, oracle, 1);
    const w2 = c2.send(["XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "s", ">"]);
    await blocked(pair, oracle, 2);
    await scenario(pair, [["XADD", "s", "1-1", "f", "v"]]);
    sameReply(await w1, "first waiter");
    await blocked(pair, oracle, 1);
    await scenario(pair, [["XADD", "s", "2-1", "f", "v"]]);
    sameReply(await w2, "second waiter");
    await scenario(pair, [["XPENDING", "s", "g"], ["XINFO", "GROUPS", "s"]]);
  });

  it("XREAD stays blocked when its key is deleted, and is served when it comes back", async () => {
    const pair = await freshPair(oracle);
    await scenario(pair, [["XADD", "s", "1-1", "f", "v"]]);
    const c = await Second.open(pair, oracle);
    const waiting = c.send(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["DEL", "s"]]);
    await blocked(pair, oracle, 1);
    // `$` was pinned to 1-1 when it blocked: an entry below it does not serve the reader.
    await scenario(pair, [["XADD", "s", "0-5", "f", "v"]]);
    await blocked(pair, oracle, 1);
    await scenario(pair, [["XADD", "s", "2-1", "f", "v"]]);
    sameReply(await waiting, "served after re-creation");
  });

  it("a destroyed group or a deleted key answers blocked XREADGROUP with 7.2's error", async () => {
    const pair = await freshPair(oracle);
    await scenario(pair, [["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]]);
    const c = await Second.open(pair, oracle);
    let waiting = c.send(["XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"]);
    await blocked(pair, oracle, 1);
    await same(pair, ["XGROUP", "DESTROY", "s", "g"]);
    let r = await waiting;
    expect(show(r.ours)).toBe(show("-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n"));
    expect(show(r.theirs)).toBe(show("-NOGROUP the consumer group this client was blocked on no longer exists\r\n"));
    await scenario(pair, [["XGROUP", "CREATE", "s", "g", "$"]]);
    waiting = c.send(["XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"]);
    await blocked(pair, oracle, 1);
    await same(pair, ["DEL", "s"]);
    r = await waiting;
    expect(show(r.ours)).toBe(show("-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n"));
    expect(show(r.theirs)).toBe(show("-UNBLOCKED the stream key no longer exists\r\n"));
  });

  it("7.2 wakeups on our engine: SET over the key, MULTI DEL+SADD, FLUSHALL, SWAPDB, RENAME", async () => {
    const pair = await freshPair(oracle);
    const engine = pair.ours.engine;
    const w = engine.createSession();
    const r = engine.createSession();
    const run = (argv: string[]) => encodeReplyString(w.exec(argv) as Reply, 2);
    const park = (argv: string[]): Promise<string> => {
      const x = r.exec(argv);
      expect(x).toBeInstanceOf(PendingReply);
      return (x as PendingReply).promise.then((y) => encodeReplyString(y, 2));
    };
    const read = ["XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"];
    const NOGROUP = "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n";
    const WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    const fresh = () => {
      run(["DEL", "s"]);
      run(["XADD", "s", "666", "f", "v"]);
      run(["XGROUP", "CREATE", "s", "g", "$"]);
    };
    fresh();
    let p = park(read);
    run(["SET", "s", "val1"]);
    expect(await p).toBe(WRONGTYPE);
    fresh();
    p = park(read);
    run(["MULTI"]);
    run(["DEL", "s"]);
    run(["SADD", "s", "e1"]);
    run(["EXEC"]);
    expect(await p).toBe(WRONGTYPE);
    fresh();
    p = park(read);
    run(["FLUSHALL"]);
    expect(await p).toBe(NOGROUP);
    // SWAPDB with an empty db 4, then with a list at the key in db 4.
    fresh();
    p = park(read);
    run(["SWAPDB", "0", "4"]);
    expect(await p).toBe(NOGROUP);
    run(["FLUSHALL"]);
    run(["SELECT", "4"]);
    run(["LPUSH", "s", "e1"]);
    run(["SELECT", "0"]);
    fresh();
    p = park(read);
    run(["SWAPDB", "0", "4"]);
    expect(await p).toBe(WRONGTYPE);
    run(["FLUSHALL"]);
    // RENAME of a stream that has the group serves the data; one without it answers NOGROUP.
    run(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    p = park(read);
    run(["XGROUP", "CREATE", "s2", "g", "$", "MKSTREAM"]);
    run(["XADD", "s2", "100", "f1", "v1"]);
    run(["RENAME", "s2", "s"]);
    expect(await p).toBe("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$5\r\n100-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n");
    run(["DEL", "s"]);
    run(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    p = park(read);
    run(["XADD", "s3", "100", "f1", "v1"]);
    run(["RENAME", "s3", "s"]);
    expect(await p).toBe(NOGROUP);
    // XREAD (no group) is not woken by any of these.
    run(["XADD", "x", "1-1", "f", "v"]);
    const px = park(["XREAD", "BLOCK", "0", "STREAMS", "x", "$"]);
    run(["DEL", "x"]);
    run(["FLUSHALL"]);
    expect(engine.blocking.blockedClients).toBe(1);
    run(["XADD", "x", "2-2", "f", "v"]);
    expect(await px).toBe("*1\r\n*2\r\n$1\r\nx\r\n*1\r\n*2\r\n$3\r\n2-2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    // SWAPDB brings a stream with new entries in: the XREAD waiter is served (scanDatabaseForReadyKeys).
    run(["SELECT", "5"]);
    run(["XADD", "x", "9-9", "g", "w"]);
    run(["SELECT", "0"]);
    const py = park(["XREAD", "BLOCK", "0", "STREAMS", "x", "$"]);
    run(["SWAPDB", "0", "5"]);
    expect(await py).toBe("*1\r\n*2\r\n$1\r\nx\r\n*1\r\n*2\r\n$3\r\n9-9\r\n*2\r\n$1\r\ng\r\n$1\r\nw\r\n");
  });
});

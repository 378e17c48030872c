/**
 * SLOWLOG against a real redis-server: with the threshold at 0 every command is logged, so the
 * entries (their arguments, trimmed and redacted as Redis does, their order, the client name) must
 * match; ids, times, durations and peer addresses are compared by their shape. Also LEN, RESET,
 * HELP, GET's count rules and errors, slowlog-max-len, EXEC (not logged itself, its commands are) and
 * INFO commandstats counting time for logged commands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oracleAvailable, parseFrame, type Oracle, type Pair, type Resp, startOracle } from "../support/differential.js";
import { closeAllPairs, freshPair, same, scenario } from "./string-support.js";

/** An entry without what legitimately differs: [argv, client name]. */
function entries(frame: string): [Resp, Resp][] {
  const r = parseFrame(frame);
  if (!Array.isArray(r)) throw new Error(`not an array: ${frame}`);
  return r.map((e) => {
    if (!Array.isArray(e) || e.length !== 6) throw new Error(`bad entry ${JSON.stringify(e)}`);
    const [id, time, duration, argv, peer, name] = e;
    expect(typeof id).toBe("number");
    expect(typeof time).toBe("number");
    expect(typeof duration).toBe("number");
    expect(typeof peer).toBe("string");
    return [argv!, name!];
  });
}

describe.skipIf(!oracleAvailable())("SLOWLOG vs redis-server", () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = (await startOracle())!;
  });
  afterAll(async () => {
    await oracle.send(["CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128"]);
    closeAllPairs();
    await oracle?.close();
  });

  async function logged(pair: Pair, steps: string[][]): Promise<void> {
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "0"]);
    await same(pair, ["SLOWLOG", "RESET"]);
    for (const argv of steps) await pair.both(argv);
    const r = await pair.both(["SLOWLOG", "GET", "-1"]);
    expect(entries(r.ours)).toEqual(entries(r.theirs));
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "10000"]);
  }

  it("logs every command at threshold 0: arguments trimmed and redacted, EXEC's commands one by one", async () => {
    const pair = await freshPair(oracle);
    await logged(pair, [
      ["SET", "a", "b"], ["GET", "a"], ["CLIENT", "SETNAME", "me"], ["SET", "long", "x".repeat(300)], ["RPUSH", "l", ...Array.from({ length: 40 }, (_, i) => String(i))],
      ["AUTH", "secret"], ["AUTH", "user", "pw"], ["HELLO", "2", "AUTH", "default", "pw"], ["HELLO", "2"], ["BOGUSCMD"], ["GET"],
      ["MULTI"], ["INCR", "n"], ["INCR", "n"], ["EXEC"], ["SLOWLOG", "LEN"], ["CLIENT", "SETNAME", ""],
    ]);
  });

  it("GET's count, LEN, RESET, HELP, max-len and errors", async () => {
    const pair = await freshPair(oracle);
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "3"]);
    await same(pair, ["SLOWLOG", "RESET"]);
    for (let i = 0; i < 6; i++) await same(pair, ["SET", `k${i}`, "v"]);
    await scenario(pair, [["SLOWLOG", "LEN"]]);
    for (const count of ["0", "1", "2", "10", "-1"]) {
      const r = await pair.both(["SLOWLOG", "GET", count]);
      expect(entries(r.ours)).toEqual(entries(r.theirs));
    }
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "-1"]);
    await scenario(pair, [
      ["SLOWLOG", "RESET"], ["SET", "x", "y"], ["SLOWLOG", "LEN"], ["SLOWLOG", "GET"], ["SLOWLOG", "GET", "-2"], ["SLOWLOG", "GET", "x"],
      ["SLOWLOG", "GET", "1", "2"], ["SLOWLOG", "LEN", "1"], ["SLOWLOG", "RESET", "1"], ["SLOWLOG", "HELP"], ["SLOWLOG", "BOGUS"], ["SLOWLOG"],
      ["CONFIG", "GET", "slowlog-max-len"], ["CONFIG", "GET", "slowlog-log-slower-than"],
    ]);
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128"]);
  });

  it("a slow command is timed and logged at a positive threshold; INFO commandstats counts its time", async () => {
    const pair = await freshPair(oracle);
    await same(pair, ["RPUSH", "big", ...Array.from({ length: 20000 }, (_, i) => `member-${i}`)]);
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "1"]);
    await same(pair, ["SLOWLOG", "RESET"]);
    await pair.ours.send(["SORT", "big", "ALPHA"]);
    const entry = parseFrame(await pair.ours.send(["SLOWLOG", "GET", "1"])) as Resp[][];
    expect(entry).toHaveLength(1);
    expect((entry[0]![3] as Resp[])[0]).toBe("SORT");
    expect(entry[0]![2] as number).toBeGreaterThan(0);
    const info = parseFrame(await pair.ours.send(["INFO", "commandstats"])) as string;
    const usec = Number(/cmdstat_sort:calls=1,usec=(\d+),/.exec(info)?.[1]);
    expect(usec).toBeGreaterThan(0);
    await same(pair, ["CONFIG", "SET", "slowlog-log-slower-than", "10000"]);
  });
});

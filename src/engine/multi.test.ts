import { describe, expect, it } from "vitest";
import { createEngine } from "../index.js";
import { ManualClock } from "./clock.js";
import { NullArray } from "./reply.js";

describe("MULTI/EXEC in the engine", () => {
  it("logs a transaction's effects as one batch", () => {
    const engine = createEngine({ clock: new ManualClock() });
    const s = engine.createSession();
    const batches: string[][][] = [];
    engine.onEffects((b) => batches.push(b.map((e) => e.argv)));
    s.exec(["MULTI"]);
    s.exec(["SET", "a", "1"]);
    s.exec(["INCR", "a"]);
    s.exec(["GET", "a"]);
    expect(batches).toHaveLength(0);
    s.exec(["EXEC"]);
    expect(batches).toEqual([[["SET", "a", "1"], ["INCR", "a"]]]);
  });

  it("aborts EXEC when a watched key expired after WATCH (isWatchedKeyExpired)", () => {
    const clock = new ManualClock(1_000_000);
    const engine = createEngine({ clock });
    engine.activeExpireEnabled = false;
    const s = engine.createSession();
    s.exec(["SET", "k", "v", "PX", "100"]);
    s.exec(["WATCH", "k"]);
    clock.advance(200);
    s.exec(["MULTI"]);
    s.exec(["SET", "x", "1"]);
    expect(s.exec(["EXEC"])).toBe(NullArray.instance);
  });

  it("aborts EXEC when the active cycle deleted a watched key", () => {
    const clock = new ManualClock(1_000_000);
    const engine = createEngine({ clock });
    const s = engine.createSession();
    s.exec(["SET", "k", "v", "PX", "100"]);
    s.exec(["WATCH", "k"]);
    clock.advance(500);
    expect(engine.db(0).peek("k")).toBeUndefined();
    s.exec(["MULTI"]);
    s.exec(["SET", "x", "1"]);
    expect(s.exec(["EXEC"])).toBe(NullArray.instance);
  });

  it("freezes time for the whole transaction", () => {
    const clock = new ManualClock(1_000_000);
    const engine = createEngine({ clock });
    engine.activeExpireEnabled = false;
    const s = engine.createSession();
    s.exec(["SET", "k", "v", "PX", "10"]);
    s.exec(["MULTI"]);
    s.exec(["GET", "k"]);
    s.exec(["GET", "k"]);
    // The clock moves while EXEC runs: both reads see the same instant.
    let first = true;
    const now = clock.now.bind(clock);
    clock.now = () => {
      const t = now();
      if (first) {
        first = false;
        return t;
      }
      return t + 1000;
    };
    expect(s.exec(["EXEC"])).toEqual(["v", "v"]);
  });

  it("a session's disconnect forgets its watches and transaction", () => {
    const engine = createEngine();
    const s = engine.createSession();
    s.exec(["WATCH", "k"]);
    expect(engine.transactions.watching).toBe(true);
    s.close();
    expect(engine.transactions.watching).toBe(false);
  });
});

/**
 * Blocking list commands with several sessions on one engine and a manual clock (DESIGN.md
 * convention 8): FIFO service, timeouts (fractional ones included) as the clock advances, waiting
 * forever, disconnects and CLIENT UNBLOCK while parked (nothing is popped for a client that is gone),
 * BLMOVE chains feeding the next waiter, pushes inside MULTI waking waiters only after EXEC, a SET of
 * the awaited key not waking a list waiter, BLMPOP counts, and what gets propagated (the
 * non-blocking forms).
 */
import { describe, expect, it } from "vitest";
import { createEngine, type Effect, ManualClock, SeededRng } from "../../src/index.js";
import { RedisError } from "../../src/engine/errors.js";
import { NullArray, PendingReply, type Reply } from "../../src/engine/reply.js";
import type { Session } from "../../src/engine/session.js";

function setup() {
  const clock = new ManualClock();
  const engine = createEngine({ clock, rng: new SeededRng(1) });
  const sessions = Array.from({ length: 5 }, () => engine.createSession());
  const effects: Effect[] = [];
  engine.onEffects((batch) => effects.push(...batch));
  return { clock, engine, s: sessions, effects };
}

/** A parked command whose answer can be checked without awaiting. */
interface Parked {
  done: boolean;
  value: Reply | undefined;
}

function park(s: Session, argv: string[]): Parked {
  const r = s.exec(argv);
  expect(r, `${argv.join(" ")} should block`).toBeInstanceOf(PendingReply);
  const p: Parked = { done: false, value: undefined };
  void (r as PendingReply).promise.then((v) => {
    p.done = true;
    p.value = v;
  });
  return p;
}

/** Lets resolved promises run their callbacks. */
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

describe("blocking list commands (one engine, many sessions, manual clock)", () => {
  it("serves waiters in FIFO order, one element each; the rest keep waiting", async () => {
    const { s } = setup();
    const w1 = park(s[1]!, ["BLPOP", "q", "0"]);
    const w2 = park(s[2]!, ["BRPOP", "other", "q", "0"]);
    const w3 = park(s[3]!, ["BLPOP", "q", "0"]);
    expect(s[0]!.exec(["RPUSH", "q", "a", "b"])).toBe(2);
    await flush();
    expect(w1.value).toEqual(["q", "a"]);
    expect(w2.value).toEqual(["q", "b"]);
    expect(w3.done).toBe(false);
    expect(s[0]!.exec(["EXISTS", "q"])).toBe(0);
    expect(s[0]!.exec(["LPUSH", "q", "c"])).toBe(1);
    await flush();
    expect(w3.value).toEqual(["q", "c"]);
  });

  it("times out strictly after the deadline, fractional seconds rounded up to a millisecond", async () => {
    const { clock, s } = setup();
    const one = park(s[1]!, ["BLPOP", "q", "1"]);
    const half = park(s[2]!, ["BLMOVE", "q", "d", "LEFT", "LEFT", "0.5"]);
    const tiny = park(s[3]!, ["BRPOPLPUSH", "q", "d", "0.0001"]);
    const forever = park(s[4]!, ["BLMPOP", "0", "1", "q", "LEFT"]);
    clock.advance(1);
    await flush();
    expect(tiny.done).toBe(false); // deadline now + 1 ms: not yet past it
    clock.advance(1);
    await flush();
    expect(tiny.value).toBe(NullArray.instance);
    clock.advance(498);
    await flush();
    expect(half.done).toBe(false);
    clock.advance(1);
    await flush();
    expect(half.value).toBe(NullArray.instance);
    clock.advance(500);
    await flush();
    expect(one.value).toBe(NullArray.instance);
    clock.advance(10 ** 9);
    await flush();
    expect(forever.done).toBe(false);
    expect(s[0]!.exec(["RPUSH", "q", "x"])).toBe(1);
    await flush();
    expect(forever.value).toEqual(["q", ["x"]]);
  });

  it("a session that disconnects while parked is removed: nothing is popped for it", async () => {
    const { s } = setup();
    const gone = park(s[1]!, ["BLPOP", "q", "0"]);
    const next = park(s[2]!, ["BLPOP", "q", "0"]);
    s[1]!.close();
    s[0]!.exec(["RPUSH", "q", "v"]);
    await flush();
    expect(gone.done).toBe(false);
    expect(next.value).toEqual(["q", "v"]);
    // With nobody left waiting, a push stays in the list.
    s[0]!.exec(["RPUSH", "q", "w"]);
    expect(s[0]!.exec(["LRANGE", "q", "0", "-1"])).toEqual(["w"]);
  });

  it("cancelling the PendingReply (a transport's disconnect) unparks as well", async () => {
    const { s } = setup();
    const r = s[1]!.exec(["BLPOP", "q", "0"]) as PendingReply;
    r.cancel();
    s[0]!.exec(["RPUSH", "q", "v"]);
    expect(s[0]!.exec(["LLEN", "q"])).toBe(1);
  });

  it("CLIENT UNBLOCK answers with the timeout reply or the UNBLOCKED error, and 0 when not blocked", async () => {
    const { s } = setup();
    const a = park(s[1]!, ["BLPOP", "q", "0"]);
    const b = park(s[2]!, ["BLMOVE", "q", "d", "LEFT", "LEFT", "0"]);
    expect(s[0]!.exec(["CLIENT", "UNBLOCK", String(s[1]!.id)])).toBe(1);
    expect(s[0]!.exec(["CLIENT", "UNBLOCK", String(s[2]!.id), "error"])).toBe(1);
    expect(s[0]!.exec(["CLIENT", "UNBLOCK", String(s[2]!.id), "error"])).toBe(0);
    expect(s[0]!.exec(["CLIENT", "UNBLOCK", "12345"])).toBe(0);
    await flush();
    expect(a.value).toBe(NullArray.instance);
    expect(b.value).toBeInstanceOf(RedisError);
    expect((b.value as RedisError).message).toBe("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    s[0]!.exec(["RPUSH", "q", "v"]);
    expect(s[0]!.exec(["LLEN", "q"])).toBe(1);
  });

  it("BLMOVE chains: each move feeds the next waiter in the same round", async () => {
    const { s, effects } = setup();
    const m1 = park(s[1]!, ["BLMOVE", "a", "b", "LEFT", "RIGHT", "0"]);
    const m2 = park(s[2]!, ["BRPOPLPUSH", "b", "c", "0"]);
    const last = park(s[3]!, ["BLPOP", "c", "0"]);
    effects.length = 0;
    s[0]!.exec(["RPUSH", "a", "x"]);
    await flush();
    expect(m1.value).toBe("x");
    expect(m2.value).toBe("x");
    expect(last.value).toEqual(["c", "x"]);
    expect(s[0]!.exec(["EXISTS", "a", "b", "c"])).toBe(0);
    expect(effects.map((e) => e.argv)).toEqual([
      ["RPUSH", "a", "x"],
      ["LMOVE", "a", "b", "LEFT", "RIGHT"],
      ["RPOPLPUSH", "b", "c"],
      ["LPOP", "c"],
    ]);
  });

  it("a push inside MULTI wakes waiters only after EXEC, which sees its own pushes and pops", async () => {
    const { s } = setup();
    const w = park(s[1]!, ["BLPOP", "q", "0"]);
    s[0]!.exec(["MULTI"]);
    s[0]!.exec(["RPUSH", "q", "1", "2"]);
    s[0]!.exec(["LPOP", "q"]);
    await flush();
    expect(w.done).toBe(false);
    expect(s[0]!.exec(["EXEC"])).toEqual([2, "1"]);
    await flush();
    expect(w.value).toEqual(["q", "2"]);
    // A push and a pop of the same element inside one EXEC leave nothing to serve.
    const w2 = park(s[2]!, ["BLPOP", "q", "0"]);
    s[0]!.exec(["MULTI"]);
    s[0]!.exec(["RPUSH", "q", "3"]);
    s[0]!.exec(["RPOP", "q"]);
    s[0]!.exec(["EXEC"]);
    await flush();
    expect(w2.done).toBe(false);
  });

  it("inside MULTI nothing blocks", () => {
    const { s } = setup();
    s[0]!.exec(["MULTI"]);
    s[0]!.exec(["BLPOP", "q", "0"]);
    s[0]!.exec(["BLMOVE", "q", "d", "LEFT", "LEFT", "0"]);
    s[0]!.exec(["BLMPOP", "0", "1", "q", "LEFT"]);
    expect(s[0]!.exec(["EXEC"])).toEqual([NullArray.instance, null, NullArray.instance]);
  });

  it("a SET of the awaited key does not wake a list waiter; a list created later does", async () => {
    const { s } = setup();
    const w = park(s[1]!, ["BLPOP", "k", "0"]);
    s[0]!.exec(["SET", "k", "string"]);
    await flush();
    expect(w.done).toBe(false);
    s[0]!.exec(["DEL", "k"]);
    s[0]!.exec(["RPUSH", "k", "v"]);
    await flush();
    expect(w.value).toEqual(["k", "v"]);
  });

  it("a served BLMOVE whose destination has the wrong type gets WRONGTYPE and moves nothing", async () => {
    const { s } = setup();
    s[0]!.exec(["SET", "dst", "x"]);
    const w = park(s[1]!, ["BLMOVE", "src", "dst", "LEFT", "LEFT", "0"]);
    s[0]!.exec(["RPUSH", "src", "v"]);
    await flush();
    expect((w.value as RedisError).message).toMatch(/^WRONGTYPE/);
    expect(s[0]!.exec(["LRANGE", "src", "0", "-1"])).toEqual(["v"]);
  });

  it("BLMPOP with COUNT takes up to count from the first ready key; propagated as LPOP/RPOP key n", async () => {
    const { s, effects } = setup();
    const w = park(s[1]!, ["BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "3"]);
    effects.length = 0;
    s[0]!.exec(["RPUSH", "b", "1", "2", "3", "4"]);
    await flush();
    expect(w.value).toEqual(["b", ["4", "3", "2"]]);
    expect(effects.map((e) => e.argv)).toEqual([["RPUSH", "b", "1", "2", "3", "4"], ["RPOP", "b", "3"]]);
    // Answered at once: also propagated in the non-blocking form.
    effects.length = 0;
    expect(s[1]!.exec(["BRPOP", "b", "0"])).toEqual(["b", "1"]);
    expect(effects.map((e) => e.argv)).toEqual([["RPOP", "b"]]);
  });

  it("a blocked session waits in its own database", async () => {
    const { s } = setup();
    s[1]!.exec(["SELECT", "3"]);
    const w = park(s[1]!, ["BLPOP", "q", "0"]);
    s[0]!.exec(["RPUSH", "q", "db0"]);
    await flush();
    expect(w.done).toBe(false);
    s[0]!.exec(["SELECT", "3"]);
    s[0]!.exec(["RPUSH", "q", "db3"]);
    await flush();
    expect(w.value).toEqual(["q", "db3"]);
  });

  it("INFO-style counters: blocked clients and blocking keys", () => {
    const { engine, s } = setup();
    park(s[1]!, ["BLPOP", "a", "b", "0"]);
    park(s[2]!, ["BLPOP", "b", "c", "0"]);
    expect(engine.blocking.blockedClients).toBe(2);
    expect(engine.blocking.blockingKeys).toBe(3);
    s[1]!.close();
    expect(engine.blocking.blockedClients).toBe(1);
    expect(engine.blocking.blockingKeys).toBe(2);
  });
});

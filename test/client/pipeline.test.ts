/** pipeline() and multi(): results, errors, callbacks, transactions (scripted where the engine lacks MULTI). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis, createEngine, ReplyError, type Engine } from "../../src/index.js";
import { errorText, EXECABORT, RedisError, WRONGTYPE } from "../../src/engine/errors.js";
import { NullArray, OK, QUEUED, type Reply } from "../../src/engine/reply.js";
import { ScriptedTransport } from "./helpers.js";

let engine: Engine;
let r: Redis;
beforeAll(() => {
  engine = createEngine();
  r = new Redis({ engine });
});
afterAll(() => {
  r.disconnect();
  engine.close();
});

describe("pipeline", () => {
  it("resolves [err, result] per command and never rejects for command errors", async () => {
    const p = r.pipeline().set("pa", "1").incr("pa").call("nosuch", "x").get("pa").getBuffer("pa");
    expect(p.length).toBe(5);
    const res = await p.exec();
    expect(res).toHaveLength(5);
    expect(res![0]).toEqual([null, "OK"]);
    expect(res![1]).toEqual([null, 2]);
    const err = res![2]![0] as ReplyError;
    expect(err).toBeInstanceOf(ReplyError);
    expect(err.message).toMatch(/^ERR unknown command 'nosuch'/);
    expect(err.command).toEqual({ name: "nosuch", args: ["x"] });
    expect(res![2]).toHaveLength(1);
    expect(res![3]).toEqual([null, "2"]);
    expect(res![4]).toEqual([null, Buffer.from("2")]);
  });

  it("runs in order with other commands, and an empty pipeline resolves []", async () => {
    const a = r.set("order", "a");
    const p = r.pipeline().get("order").set("order", "b").exec();
    const b = r.get("order");
    expect(await a).toBe("OK");
    expect(await p).toEqual([
      [null, "a"],
      [null, "OK"],
    ]);
    expect(await b).toBe("b");
    expect(await r.pipeline().exec()).toEqual([]);
  });

  it("pipeline(commands) takes rows; callbacks get each result; exec takes a callback", async () => {
    const got: unknown[] = [];
    const p = r.pipeline([
      ["set", "rows", "1"],
      ["get", "rows"],
    ]);
    p.incr("rows", (err: Error | null, v?: unknown) => got.push(err, v));
    p.call("nosuch", (err: Error | null) => got.push(err?.name));
    const viaCb = await new Promise<unknown[]>((resolve) => void p.exec((...args: unknown[]) => resolve(args)));
    expect(viaCb[0]).toBeNull();
    expect((viaCb[1] as unknown[]).slice(0, 3)).toEqual([
      [null, "OK"],
      [null, "1"],
      [null, 2],
    ]);
    await Promise.resolve();
    expect(got).toEqual([null, 2, "ReplyError"]);
  });

  it("applies keyPrefix and transformers inside the pipeline", async () => {
    const c = new Redis({ engine, keyPrefix: "pp:" });
    await c.pipeline().mset({ a: "1", b: "2" }).exec();
    expect(await r.mget("pp:a", "pp:b")).toEqual(["1", "2"]);
    c.disconnect();
  });

  it("waits for the connection when sent before ready, keeping order", async () => {
    const c = new Redis({ engine, lazyConnect: true });
    const first = c.set("early", "1");
    const res = c.pipeline().get("early").exec();
    const last = c.get("early");
    expect(await res).toEqual([[null, "1"]]);
    expect(await first).toBe("OK");
    expect(await last).toBe("1");
    c.disconnect();
  });

  it("entries fail with 'Connection is closed.' after end", async () => {
    const c = new Redis({ engine });
    await c.quit();
    const res = await c.pipeline().get("x").exec();
    expect((res![0]![0] as Error).message).toBe("Connection is closed.");
  });
});

describe("multi (against the engine)", () => {
  it("sends MULTI … EXEC and settles (never hangs)", async () => {
    const outcome = await r
      .multi()
      .set("m1", "1")
      .get("m1")
      .exec()
      .then(
        (v) => ({ ok: v }),
        (e: ReplyError) => ({ err: e }),
      );
    if ("ok" in outcome) {
      expect(outcome.ok).toEqual([
        [null, "OK"],
        [null, "1"],
      ]);
    } else {
      // The engine has no MULTI yet: EXEC's error rejects, with MULTI's error as a previous one.
      expect(outcome.err).toBeInstanceOf(ReplyError);
      expect(outcome.err.previousErrors).toBeDefined();
    }
  });
});

/** A scripted server with MULTI/EXEC queueing, so the client side can be checked exactly. */
function transactionalTransport(run: (argv: readonly string[]) => Reply) {
  let queue: (readonly string[])[] | undefined;
  let dirty = false;
  return new ScriptedTransport((argv) => {
    const name = argv[0]!.toLowerCase();
    if (name === "multi") {
      queue = [];
      dirty = false;
      return OK;
    }
    if (name === "exec") {
      const q = queue!;
      queue = undefined;
      if (dirty) return EXECABORT;
      return q.map(run);
    }
    if (queue !== undefined) {
      const r = run(["__check", ...argv]);
      if (r instanceof RedisError) {
        dirty = true;
        return r;
      }
      queue.push(argv);
      return QUEUED;
    }
    return run(argv);
  });
}

describe("multi (scripted server)", () => {
  const data = new Map<string, string>([["h", ""]]);
  const run = (argv: readonly string[]): Reply => {
    if (argv[0] === "__check") return argv[1] === "bad" ? errorText("ERR unknown command 'bad'") : OK;
    switch (argv[0]) {
      case "set":
        data.set(argv[1]!, argv[2]!);
        return OK;
      case "get":
        return data.get(argv[1]!) ?? null;
      case "hgetall":
        return ["__proto__", "x", "f", "\xc3\xa9"];
      case "lpush":
        return WRONGTYPE;
      case "watchfail":
        return NullArray.instance;
      default:
        return OK;
    }
  };

  it("resolves EXEC's results wrapped, each decoded by its own command", async () => {
    const t = transactionalTransport(run);
    const c = new Redis({ transport: () => t });
    const queued: unknown[] = [];
    const res = await c
      .multi()
      .set("a", "1", (_e: Error | null, v?: unknown) => queued.push(v))
      .lpush("a", "x")
      .get("a")
      .getBuffer("a")
      .hgetall("h")
      .exec();
    expect(t.sent.map((a) => a[0])).toEqual(["multi", "set", "lpush", "get", "get", "hgetall", "exec"]);
    expect(res![0]).toEqual([null, "OK"]);
    expect(res![1]![0]).toBeInstanceOf(ReplyError);
    expect((res![1]![0] as Error).message).toMatch(/^WRONGTYPE/);
    expect(res![2]).toEqual([null, "1"]);
    expect(res![3]).toEqual([null, Buffer.from("1")]);
    const obj = res![4]![1] as Record<string, unknown>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(obj, "__proto__")?.value).toBe("x");
    expect(obj["f"]).toBe("é");
    expect(queued).toEqual(["QUEUED"]);
    c.disconnect();
  });

  it("rejects with EXECABORT and previousErrors after a queue-time error", async () => {
    const t = transactionalTransport(run);
    const c = new Redis({ transport: () => t });
    const err = (await c.multi().set("a", "1").call("bad").exec().catch((e: unknown) => e)) as ReplyError;
    expect(err).toBeInstanceOf(ReplyError);
    expect(err.message).toBe("EXECABORT Transaction discarded because of previous errors.");
    expect(err.command).toEqual({ name: "exec", args: [] });
    expect(err.previousErrors).toHaveLength(1);
    expect(err.previousErrors![0]!.message).toBe("ERR unknown command 'bad'");
    c.disconnect();
  });

  it("resolves null when EXEC answers a null array (WATCH conflict)", async () => {
    const t = new ScriptedTransport((argv) => (argv[0] === "exec" ? NullArray.instance : argv[0] === "multi" ? OK : QUEUED));
    const c = new Redis({ transport: () => t });
    expect(await c.multi().set("a", "1").exec()).toBeNull();
    c.disconnect();
  });

  it("multi(commands) and multi({ pipeline: false }) with exec() on the client", async () => {
    const t = transactionalTransport(run);
    const c = new Redis({ transport: () => t });
    expect(
      await c
        .multi([
          ["set", "b", "2"],
          ["get", "b"],
        ])
        .exec(),
    ).toEqual([
      [null, "OK"],
      [null, "2"],
    ]);
    expect(await c.multi({ pipeline: false })).toBe("OK");
    expect(await c.set("c", "3")).toBe("QUEUED");
    expect(await c.get("c")).toBe("QUEUED");
    expect(await c.exec()).toEqual([
      [null, "OK"],
      [null, "3"],
    ]);
    c.disconnect();
  });

  it("inline transactions in a pipeline keep EXEC's array unwrapped", async () => {
    const t = transactionalTransport(run);
    const c = new Redis({ transport: () => t });
    const p = c.pipeline().get("a").multi().set("d", "4").get("d");
    p.exec();
    const res = await p.get("d").exec();
    expect(t.sent.map((a) => a[0])).toEqual(["get", "multi", "set", "get", "exec", "get"]);
    expect(res).toEqual([
      [null, "1"],
      [null, "OK"],
      [null, "QUEUED"],
      [null, "QUEUED"],
      [null, ["OK", "4"]],
      [null, "4"],
    ]);
    c.disconnect();
  });
});

/** Pub/sub plumbing (engine pushes → events), subscriber mode, and blocking replies in order. */
import { describe, expect, it } from "vitest";
import { Redis, InProcessTransport, type Engine } from "../../src/index.js";
import { OK, PendingReply, PushReply, type Reply } from "../../src/engine/reply.js";
import { once, ScriptedTransport, tick } from "./helpers.js";

/** A server that confirms (un)subscriptions the RESP2 way: one [kind, name, count] per name. */
function pubsubTransport() {
  let count = 0;
  return new ScriptedTransport((argv) => {
    const kind = argv[0]!;
    if (kind.endsWith("unsubscribe")) {
      const names = argv.length > 1 ? argv.slice(1) : ["all"];
      count = argv.length > 1 ? Math.max(0, count - names.length) : 0;
      return names.map((n): Reply => [kind, n, count]);
    }
    if (kind.endsWith("subscribe")) return argv.slice(1).map((n): Reply => [kind, n, ++count]);
    if (kind === "ping") return "PONG";
    return OK;
  });
}

describe("pub/sub", () => {
  it("subscribe resolves with the count after the last channel; the mode follows", async () => {
    const t = pubsubTransport();
    const c = new Redis({ transport: () => t });
    expect(c.mode).toBe("normal");
    expect(await c.subscribe("a", "b")).toBe(2);
    expect(c.mode).toBe("subscriber");
    expect(await c.psubscribe("p*")).toBe(3);
    await expect(c.get("x")).rejects.toThrow("Connection in subscriber mode, only subscriber commands may be used");
    expect(await c.ping()).toBe("PONG");
    expect(await c.unsubscribe()).toBe(0);
    expect(await c.punsubscribe("p*")).toBe(0);
    expect(c.mode).toBe("normal");
    expect(await c.get("x")).toBe("OK");
    c.disconnect();
  });

  it("pushes become message/messageBuffer and pmessage/pmessageBuffer events, in order", async () => {
    const t = pubsubTransport();
    const c = new Redis({ transport: () => t });
    await c.subscribe("news");
    const seen: unknown[][] = [];
    c.on("message", (...a: unknown[]) => seen.push(["message", ...a]));
    c.on("messageBuffer", (...a: unknown[]) => seen.push(["messageBuffer", ...a]));
    c.on("pmessage", (...a: unknown[]) => seen.push(["pmessage", ...a]));
    c.on("pmessageBuffer", (...a: unknown[]) => seen.push(["pmessageBuffer", ...a]));
    c.on("smessage", (...a: unknown[]) => seen.push(["smessage", ...a]));
    t.sink!.push(["message", "news", "h\xc3\xa9"]);
    t.sink!.push(new PushReply(["pmessage", "n*", "news", "\xff"]));
    t.sink!.push(new PushReply(["smessage", "shard", "s"]));
    t.sink!.push(["subscribe", "news", 1]);
    expect(seen).toEqual([]); // never synchronously (the publisher may be mid-command)
    await tick();
    expect(seen).toEqual([
      ["message", "news", "hé"],
      ["messageBuffer", Buffer.from("news"), Buffer.from("hé")],
      ["pmessage", "n*", "news", "\ufffd"],
      ["pmessageBuffer", "n*", Buffer.from("news"), Buffer.from([0xff])],
      ["smessage", "shard", "s"],
    ]);
    c.disconnect();
  });

  it("messageBuffer is emitted even without a message listener", async () => {
    const t = pubsubTransport();
    const c = new Redis({ transport: () => t });
    await once(c, "ready");
    const got = new Promise((resolve) => c.on("messageBuffer", (...a: unknown[]) => resolve(a)));
    t.sink!.push(["message", "c", "m"]);
    expect(await got).toEqual([Buffer.from("c"), Buffer.from("m")]);
    c.disconnect();
  });

  it("re-subscribes after a reconnect", async () => {
    const transports: ScriptedTransport[] = [];
    const c = new Redis({
      retryStrategy: () => 1,
      transport: () => {
        const t = pubsubTransport();
        transports.push(t);
        return t;
      },
    });
    await c.subscribe("a", "b");
    transports[0]!.sink!.closed();
    await once(c, "ready");
    await tick();
    expect(transports[1]!.sent).toEqual([["subscribe", "a", "b"]]);
    expect(c.mode).toBe("subscriber");
    c.disconnect();
  });
});

/** A minimal engine whose sessions park BLPOP until `release` is called. */
function blockingEngine() {
  const releases: ((r: Reply) => void)[] = [];
  let cancelled = 0;
  const log: string[] = [];
  const engine = {
    createSession() {
      return {
        onPush: undefined as unknown,
        onClose: undefined as unknown,
        exec(argv: readonly string[]) {
          log.push(argv.join(" "));
          if (argv[0] === "blpop") {
            return new PendingReply(
              new Promise<Reply>((resolve) => releases.push(resolve)),
              () => {
                cancelled++;
              },
            );
          }
          return argv[0] === "get" ? `v-${argv[1]}` : OK;
        },
        close() {},
      };
    },
  } as unknown as Engine;
  return { engine, releases, log, cancelled: () => cancelled };
}

describe("blocking replies (in-process transport)", () => {
  it("commands sent after a parked command run after it, in order", async () => {
    const b = blockingEngine();
    const c = new Redis({ transport: () => new InProcessTransport(b.engine) });
    await once(c, "ready");
    const order: string[] = [];
    const popped = c.blpop("q", 0).then((v) => order.push(`blpop:${JSON.stringify(v)}`));
    const got = c.get("k").then((v) => order.push(`get:${String(v)}`));
    await tick();
    expect(order).toEqual([]);
    expect(b.log).toEqual(["blpop q 0"]);
    b.releases[0]!(["q", "item"]);
    await Promise.all([popped, got]);
    expect(order).toEqual(['blpop:["q","item"]', "get:v-k"]);
    c.disconnect();
  });

  it("disconnect cancels a parked command and rejects it", async () => {
    const b = blockingEngine();
    const c = new Redis({ transport: () => new InProcessTransport(b.engine) });
    await once(c, "ready");
    const p = c.blpop("q", 0);
    await tick();
    c.disconnect();
    await expect(p).rejects.toThrow("Connection is closed.");
    expect(b.cancelled()).toBe(1);
  });

  it("disconnect(true) resends the parked command on the new connection", async () => {
    const b = blockingEngine();
    const c = new Redis({ retryStrategy: () => 1, transport: () => new InProcessTransport(b.engine) });
    await once(c, "ready");
    const p = c.blpop("q", 0);
    await tick();
    c.disconnect(true);
    await once(c, "ready");
    await tick();
    expect(b.log).toEqual(["blpop q 0", "blpop q 0"]);
    b.releases[1]!(["q", "later"]);
    expect(await p).toEqual(["q", "later"]);
    c.disconnect();
  });

  it("a pipeline with a parked command resolves when it is answered", async () => {
    const b = blockingEngine();
    const c = new Redis({ transport: () => new InProcessTransport(b.engine) });
    await once(c, "ready");
    const p = c.pipeline().get("a").blpop("q", 0).get("b").exec();
    await tick();
    b.releases[0]!(null);
    expect(await p).toEqual([
      [null, "v-a"],
      [null, null],
      [null, "v-b"],
    ]);
    c.disconnect();
  });
});

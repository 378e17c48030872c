/**
 * The server's own behaviour over raw sockets: pipelining and blocking order, QUIT and CLIENT KILL,
 * real addresses in CLIENT LIST, requirepass, maxclients and floods, idle timeout, query and output
 * buffer limits, big values, RESP3 and pushes, CLIENT REPLY, shutdown.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Redis as IORedis } from "ioredis";
import { createEngine, type Engine, type Session } from "../../src/index.js";
import { PendingReply, PushReply, type Reply } from "../../src/engine/reply.js";
import { startOurServer, type OurServer } from "../support/tcp-target.js";
import { Raw, encodeRequest, sleep } from "./helpers.js";

const servers: OurServer[] = [];
const raws: Raw[] = [];
async function server(options: Parameters<typeof startOurServer>[0] = {}): Promise<OurServer> {
  const s = await startOurServer(options);
  servers.push(s);
  return s;
}
async function raw(port: number): Promise<Raw> {
  const r = await Raw.open(port);
  raws.push(r);
  return r;
}
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
});
afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** The server-side session of a raw client, found by its address. */
function sessionOf(engine: Engine, r: Raw): Session {
  const addr = `127.0.0.1:${r.sock.localPort}`;
  const s = [...engine.allSessions()].find((x) => x.addr === addr);
  if (s === undefined) throw new Error(`no session for ${addr}`);
  return s;
}

/**
 * An engine whose sessions also understand FAKEBLOCK <name>: a stand-in blocking command that parks
 * until the test calls `release(name, reply)`, for testing the server's handling of PendingReply
 * independently of any real blocking command. `cancelled` counts cancellations (client gone).
 */
function engineWithFakeBlock(): { engine: Engine; cancelled: { n: number }; release(name: string, reply: Reply): void } {
  const engine = createEngine();
  const cancelled = { n: 0 };
  const waiting = new Map<string, (r: Reply) => void>();
  const create = engine.createSession.bind(engine);
  engine.createSession = () => {
    const s = create();
    const exec = s.exec.bind(s);
    s.exec = (argv: readonly string[]): Reply | PendingReply => {
      if (argv[0] !== "FAKEBLOCK") return exec(argv);
      const name = argv[1]!;
      const promise = new Promise<Reply>((resolve) => waiting.set(name, resolve));
      return new PendingReply(promise, () => {
        waiting.delete(name);
        cancelled.n++;
      });
    };
    return s;
  };
  const release = (name: string, reply: Reply): void => {
    const resolve = waiting.get(name);
    if (resolve === undefined) throw new Error(`nothing is blocked on ${name}`);
    waiting.delete(name);
    resolve(reply);
  };
  return { engine, cancelled, release };
}

describe("pipelining and blocking", () => {
  it("answers a pipeline in order, in one go", async () => {
    const { port } = await server();
    const r = await raw(port);
    const cmds = Array.from({ length: 500 }, (_, i) => ["ECHO", `v${i}`]);
    r.send(["SET", "p", "0"], ...cmds, ["INCR", "p"]);
    const frames = await r.frames(502);
    expect(frames[0]).toBe("+OK\r\n");
    expect(frames.slice(1, 501)).toEqual(cmds.map(([, v]) => `$${v!.length}\r\n${v}\r\n`));
    expect(frames[501]).toBe(":1\r\n");
  });

  it("a blocked request holds back the requests pipelined after it, which run only then", async () => {
    const { engine, cancelled, release } = engineWithFakeBlock();
    const { port } = await server({ engine });
    const a = await raw(port);
    const b = await raw(port);
    a.write(encodeRequest(["FAKEBLOCK", "one"]) + encodeRequest(["SET", "held", "1"]) + "PING\r\n");
    await sleep(50);
    expect(a.pending).toBe("");
    // Nothing after the blocked request has run yet, while other clients are served.
    expect(await b.call("GET", "held")).toBe("$-1\r\n");
    release("one", "first");
    expect(await a.frames(3)).toEqual(["$5\r\nfirst\r\n", "+OK\r\n", "+PONG\r\n"]);
    expect(await b.call("GET", "held")).toBe("$1\r\n1\r\n");
    // A client that leaves while blocked has its wait cancelled.
    a.send(["FAKEBLOCK", "two"]);
    await sleep(50);
    a.close();
    for (let i = 0; i < 100 && cancelled.n === 0; i++) await sleep(10);
    expect(cancelled.n).toBe(1);
  });

  it.skipIf(createEngine().lookupCommand("blpop") === undefined)("BLPOP blocks the pipeline behind it until a push", async () => {
    const { port } = await server();
    const a = await raw(port);
    const b = await raw(port);
    a.send(["BLPOP", "bl", "0"], ["ECHO", "after"]);
    await sleep(50);
    expect(a.pending).toBe("");
    expect(await b.call("RPUSH", "bl", "x")).toBe(":1\r\n");
    expect(await a.frames(2)).toEqual(["*2\r\n$2\r\nbl\r\n$1\r\nx\r\n", "$5\r\nafter\r\n"]);
  });
});

describe("connection commands over TCP", () => {
  it("QUIT answers +OK, runs nothing after it, and closes", async () => {
    const { port } = await server();
    const r = await raw(port);
    const c = await raw(port);
    r.send(["SET", "q", "1"], ["QUIT"], ["SET", "q", "2"]);
    expect(await r.frames(2)).toEqual(["+OK\r\n", "+OK\r\n"]);
    expect(await r.waitClosed()).toBe(true);
    expect(await c.call("GET", "q")).toBe("$1\r\n1\r\n");
  });

  it("CLIENT LIST shows real addresses and CLIENT KILL finds clients by them", async () => {
    const { port, engine } = await server();
    const a = await raw(port);
    const b = await raw(port);
    const list = await a.call("CLIENT", "LIST");
    expect(list).toContain(`addr=127.0.0.1:${a.sock.localPort} laddr=127.0.0.1:${port} `);
    expect(list).toContain(`addr=127.0.0.1:${b.sock.localPort} laddr=127.0.0.1:${port} `);
    expect(sessionOf(engine, b).laddr).toBe(`127.0.0.1:${port}`);
    expect(await a.call("CLIENT", "KILL", `127.0.0.1:${b.sock.localPort}`)).toBe("+OK\r\n");
    expect(await b.waitClosed()).toBe(true);
    const c = await raw(port);
    const id = (await c.call("CLIENT", "ID")).slice(1, -2);
    expect(await a.call("CLIENT", "KILL", "ID", id)).toBe(":1\r\n");
    expect(await c.waitClosed()).toBe(true);
    // Killing itself: the reply still arrives, then the connection closes.
    expect(await a.call("CLIENT", "KILL", "ADDR", `127.0.0.1:${a.sock.localPort}`, "SKIPME", "no")).toBe(":1\r\n");
    expect(await a.waitClosed()).toBe(true);
  });

  it("CLIENT REPLY OFF / SKIP / ON are honoured on the wire", async () => {
    const { port } = await server();
    const r = await raw(port);
    r.send(["CLIENT", "REPLY", "OFF"], ["SET", "cr", "1"], ["CLIENT", "REPLY", "ON"], ["CLIENT", "REPLY", "SKIP"], ["GET", "cr"], ["ECHO", "seen"]);
    expect(await r.frames(2)).toEqual(["+OK\r\n", "$4\r\nseen\r\n"]);
    await sleep(50);
    expect(r.pending).toBe("");
  });

  it("HELLO 3 switches the wire to RESP3; pushes arrive as > frames (RESP2: arrays)", async () => {
    const { port, engine } = await server();
    const r = await raw(port);
    const hello = await r.call("HELLO", "3");
    expect(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n")).toBe(true);
    expect(await r.call("CONFIG", "GET", "timeout")).toBe("%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n");
    expect(await r.call("GET", "nothing")).toBe("_\r\n");
    const s = sessionOf(engine, r);
    s.onPush!(new PushReply(["message", "ch", "hi"]));
    expect(await r.frames(1)).toEqual([">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"]);
    const r2 = await raw(port);
    await r2.call("PING");
    sessionOf(engine, r2).onPush!(new PushReply(["message", "ch", "hi"]));
    expect(await r2.frames(1)).toEqual(["*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"]);
  });

  it("big values go through intact, both ways", async () => {
    const { port } = await server();
    const c = new IORedis({ host: "127.0.0.1", port });
    try {
      const big = Buffer.alloc(24 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
      big.fill(0xfe, 100, 200);
      expect(await c.set("big", big)).toBe("OK");
      expect(await c.strlen("big")).toBe(big.length);
      const back = await c.getBuffer("big");
      expect(back?.equals(big)).toBe(true);
      // Several big replies in one pipeline, interleaved with small ones.
      const res = await c.pipeline().getBuffer("big").ping().getBuffer("big").exec();
      expect(res?.map(([e]) => e)).toEqual([null, null, null]);
      expect((res?.[2]?.[1] as Buffer).equals(big)).toBe(true);
    } finally {
      c.disconnect();
    }
  });
});

describe("authentication", () => {
  it("requires AUTH (or HELLO AUTH) before anything but no_auth commands", async () => {
    const { port } = await server({ requirepass: "pw" });
    const r = await raw(port);
    expect(await r.call("GET", "k")).toBe("-NOAUTH Authentication required.\r\n");
    expect(await r.call("AUTH", "nope")).toBe("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    expect(await r.call("AUTH", "pw")).toBe("+OK\r\n");
    expect(await r.call("GET", "k")).toBe("$-1\r\n");
    const h = await raw(port);
    expect((await h.call("HELLO", "3", "AUTH", "default", "pw")).startsWith("%7\r\n")).toBe(true);
    expect(await h.call("PING")).toBe("+PONG\r\n");
    const io = new IORedis({ host: "127.0.0.1", port, password: "pw" });
    expect(await io.ping()).toBe("PONG");
    io.disconnect();
  });

  it("without a password AUTH says none is configured", async () => {
    const { port } = await server();
    const r = await raw(port);
    expect(await r.call("AUTH", "x")).toBe(
      "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n",
    );
  });

  it("a connection made before CONFIG SET requirepass stays authenticated; new ones must AUTH", async () => {
    const { port } = await server();
    const a = await raw(port);
    expect(await a.call("CONFIG", "SET", "requirepass", "later")).toBe("+OK\r\n");
    expect(await a.call("PING")).toBe("+PONG\r\n");
    const b = await raw(port);
    expect(await b.call("PING")).toBe("-NOAUTH Authentication required.\r\n");
  });
});

describe("limits", () => {
  it("maxclients: a client beyond it is told and closed; others carry on", async () => {
    const { port, handle } = await server({ maxclients: 3 });
    const ok = await Promise.all([raw(port), raw(port), raw(port)]);
    const extra = await raw(port);
    expect(await extra.waitClosed()).toBe(true);
    expect(extra.pending).toBe("-ERR max number of clients reached\r\n");
    expect(await ok[0]!.call("PING")).toBe("+PONG\r\n");
    ok[1]!.close();
    await sleep(50);
    expect(handle.clientCount).toBe(2);
    const again = await raw(port);
    expect(await again.call("PING")).toBe("+PONG\r\n");
  });

  it("a connection flood is refused beyond maxclients and the server keeps serving", async () => {
    const { port, handle } = await server({ maxclients: 20 });
    const first = await raw(port);
    await first.call("SET", "survivor", "yes");
    const flood = await Promise.all(Array.from({ length: 150 }, () => raw(port)));
    // The refused ones are closed at once; the 19 accepted stay open.
    for (let i = 0; i < 150 && flood.filter((r) => r.closed).length < 150 - 19; i++) await sleep(20);
    expect(flood.filter((r) => r.closed).length).toBe(150 - 19);
    expect(flood.filter((r) => r.closed).every((r) => r.pending === "-ERR max number of clients reached\r\n")).toBe(true);
    expect(handle.clientCount).toBe(20);
    expect(await first.call("GET", "survivor")).toBe("$3\r\nyes\r\n");
    for (const r of flood) r.close();
  });

  it("idle timeout closes idle clients only", async () => {
    const { port } = await server({ config: { timeout: "1" } });
    const idle = await raw(port);
    const busy = await raw(port);
    for (let i = 0; i < 10; i++) {
      await busy.call("PING");
      await sleep(200);
    }
    expect(idle.closed).toBe(true);
    expect(busy.closed).toBe(false);
  });

  it("client-query-buffer-limit closes a client without a reply; data is unharmed", async () => {
    const { port } = await server({ config: { "client-query-buffer-limit": "1mb" } });
    const other = await raw(port);
    await other.call("SET", "keep", "v");
    const r = await raw(port);
    r.write("*3\r\n$3\r\nSET\r\n$4\r\nkeep\r\n$3000000\r\n" + "x".repeat(1_200_000));
    expect(await r.waitClosed()).toBe(true);
    expect(r.pending).toBe("");
    expect(await other.call("GET", "keep")).toBe("$1\r\nv\r\n");
  });

  it("proto-max-bulk-len refuses longer bulks with Redis's protocol error", async () => {
    const { port } = await server();
    const r = await raw(port);
    expect(await r.call("CONFIG", "SET", "proto-max-bulk-len", "1mb")).toBe("+OK\r\n");
    r.write("*2\r\n$4\r\nECHO\r\n$1048577\r\n");
    expect(await r.frames(1)).toEqual(["-ERR Protocol error: invalid bulk length\r\n"]);
    expect(await r.waitClosed()).toBe(true);
  });

  it("a subscriber that stops reading is disconnected at the pub/sub hard limit", async () => {
    const { port, engine } = await server({ config: { "client-output-buffer-limit": "pubsub 2mb 1mb 60" } });
    const sub = await raw(port);
    await sub.call("PING");
    sub.sock.pause();
    const s = sessionOf(engine, sub);
    // Stands in for SUBSCRIBE (pub/sub is not implemented yet): the client is of class pubsub now.
    s.subscriptions.channels = 1;
    const chunk = "m".repeat(64 * 1024);
    for (let i = 0; i < 1000 && !s.closed; i++) {
      s.onPush?.(new PushReply(["message", "ch", chunk]));
      if (i % 16 === 15) await sleep(1);
    }
    expect(s.closed).toBe(true);
    const other = await raw(port);
    expect(await other.call("PING")).toBe("+PONG\r\n");
  });

  it("…and after staying over the soft limit longer than its seconds", async () => {
    const { port, engine } = await server({ config: { "client-output-buffer-limit": "pubsub 0 1mb 1" } });
    const sub = await raw(port);
    await sub.call("PING");
    sub.sock.pause();
    const s = sessionOf(engine, sub);
    s.subscriptions.channels = 1;
    const chunk = "m".repeat(64 * 1024);
    for (let i = 0; i < 400; i++) s.onPush?.(new PushReply(["message", "ch", chunk]));
    await sleep(300);
    expect(s.closed).toBe(false);
    await sleep(1500);
    expect(s.closed).toBe(true);
  });

  it("normal clients have no output limit by default", async () => {
    const { port } = await server();
    const c = await raw(port);
    await c.call("SET", "v", "z".repeat(100 * 1024));
    c.sock.pause();
    c.send(...Array.from({ length: 600 }, () => ["GET", "v"]), ["ECHO", "end"]);
    await sleep(300);
    c.sock.resume();
    // 60 MB of replies: the server stops running the pipeline while the client does not read, and
    // carries on once it does; nothing is lost or reordered.
    const frames = await c.frames(601, 10_000);
    expect(frames[599]!.length).toBe("$102400\r\n".length + 100 * 1024 + 2);
    expect(frames[600]).toBe("$3\r\nend\r\n");
  });
});

describe("shutdown", () => {
  it("close() disconnects clients and stops listening", async () => {
    const s = await startOurServer();
    const r = await raw(s.port);
    await r.call("PING");
    await s.handle.close();
    expect(await r.waitClosed()).toBe(true);
    await expect(Raw.open(s.port)).rejects.toThrow();
    s.engine.close();
  });
});

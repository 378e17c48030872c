/** Status values and events in ioredis's order, connect/quit/disconnect, the offline queue, reconnects. */
import { afterEach, describe, expect, it } from "vitest";
import { Redis, createEngine, type Engine } from "../../src/index.js";
import { once, record, ScriptedTransport, tick } from "./helpers.js";
import { OK } from "../../src/engine/reply.js";

const EVENTS = ["wait", "reconnecting", "connecting", "connect", "ready", "close", "end", "select"];
let engine: Engine;
const clients: Redis[] = [];
function client(options: Record<string, unknown> = {}): Redis {
  engine ??= createEngine();
  const r = new Redis({ engine, ...options });
  clients.push(r);
  return r;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

describe("start-up", () => {
  it("connects at once: connecting, connect, ready; the status changes before the event", async () => {
    const r = client();
    expect(r.status).toBe("connecting");
    const seen = record(r, EVENTS);
    const statusAtReady: string[] = [];
    r.on("ready", () => statusAtReady.push(r.status));
    await once(r, "ready");
    expect(seen).toEqual(["connecting", "connect", "ready"]);
    expect(statusAtReady).toEqual(["ready"]);
  });

  it("events are never emitted synchronously", () => {
    const r = client({ lazyConnect: true });
    const seen = record(r, EVENTS);
    expect(r.status).toBe("wait");
    void r.connect();
    expect(r.status).toBe("connecting");
    expect(seen).toEqual([]);
  });

  it("lazyConnect: wait, then the first command connects and runs", async () => {
    const r = client({ lazyConnect: true });
    const seen = record(r, EVENTS);
    await tick();
    expect(seen).toEqual(["wait"]);
    expect(await r.set("lazy", "1")).toBe("OK");
    expect(seen).toEqual(["wait", "connecting", "connect", "ready"]);
    expect(r.status).toBe("ready");
  });

  it("connect() resolves when ready and rejects while connecting or connected", async () => {
    const r = client({ lazyConnect: true });
    const p = r.connect();
    await expect(r.connect()).rejects.toThrow("Redis is already connecting/connected");
    await p;
    expect(r.status).toBe("ready");
    await expect(r.connect()).rejects.toThrow("Redis is already connecting/connected");
    const cb = await new Promise<unknown[]>((resolve) => {
      void r.connect((...args) => resolve(args)).catch(() => undefined);
    });
    expect((cb[0] as Error).message).toBe("Redis is already connecting/connected");
  });

  it("commands issued before ready wait in the offline queue, in order", async () => {
    const r = client();
    const results = await Promise.all([r.set("q", "1"), r.get("q"), r.call("incr", "q"), r.get("q")]);
    expect(results).toEqual(["OK", "1", 2, "2"]);
  });

  it("enableOfflineQueue: false rejects commands before ready", async () => {
    const r = client({ enableOfflineQueue: false });
    const ready = once(r, "ready");
    await expect(r.get("x")).rejects.toThrow("Stream isn't writeable and enableOfflineQueue options is false");
    await ready;
    expect(await r.get("x")).toBeNull();
  });

  it("handshake: SELECT db and CLIENT SETNAME connectionName", async () => {
    const r = client({ db: 3, connectionName: "worker-1" });
    await r.set("in3", "yes");
    expect(await r.call("client", "getname")).toBe("worker-1");
    const info = (await r.call("client", "info")) as string;
    expect(info).toMatch(/ db=3 /);
    expect(info).toMatch(/ name=worker-1 /);
    const other = client();
    expect(await other.get("in3")).toBeNull();
    await other.select(3);
    expect(await other.get("in3")).toBe("yes");
  });

  it("a handshake error is emitted as 'error' and the client still gets ready", async () => {
    const r = client({ db: 99 });
    const [err] = await once(r, "error");
    expect((err as Error).message).toBe("ERR DB index is out of range");
    await once(r, "ready");
  });

  it("select() updates condition.select and emits 'select' (synchronously, as ioredis)", async () => {
    const r = client();
    const dbs: unknown[] = [];
    r.on("select", (db: number) => dbs.push(db));
    await r.select(2);
    expect(dbs).toEqual([2]);
    expect(r.condition.select).toBe(2);
    await r.select(2);
    expect(dbs).toEqual([2]);
  });
});

describe("shutdown", () => {
  it("quit() resolves OK, then close and end; later commands reject", async () => {
    const r = client();
    await once(r, "ready");
    const seen = record(r, EVENTS);
    expect(await r.quit()).toBe("OK");
    await tick();
    expect(seen).toEqual(["close", "end"]);
    expect(r.status).toBe("end");
    await expect(r.get("x")).rejects.toThrow("Connection is closed.");
    await expect(r.quit()).rejects.toThrow("Connection is closed.");
  });

  it("quit() runs after the commands queued before it", async () => {
    const r = client();
    const [a, q, b] = await Promise.allSettled([r.set("qq", "1"), r.quit(), r.get("qq")]);
    expect(a).toEqual({ status: "fulfilled", value: "OK" });
    expect(q).toEqual({ status: "fulfilled", value: "OK" });
    expect(b).toMatchObject({ status: "rejected", reason: { message: "Connection is closed." } });
  });

  it("quitBuffer resolves a Buffer OK", async () => {
    const r = client();
    await once(r, "ready");
    expect(await r.quitBuffer()).toEqual(Buffer.from("OK"));
  });

  it("quit() on a lazy client that never connected resolves OK", async () => {
    const r = client({ lazyConnect: true });
    const seen = record(r, EVENTS);
    expect(await r.quit()).toBe("OK");
    await tick();
    expect(seen.slice(-2)).toEqual(["close", "end"]);
    expect(r.status).toBe("end");
  });

  it("disconnect() closes at once and rejects queued commands", async () => {
    const r = client();
    const seen = record(r, EVENTS);
    const pending = r.get("never");
    r.disconnect();
    expect(r.status).toBe("end");
    await expect(pending).rejects.toThrow("Connection is closed.");
    await tick();
    expect(seen).toEqual(["connecting", "close", "end"]);
  });

  it("the session is closed with the connection", async () => {
    const r = client();
    await once(r, "ready");
    const before = [...engine.allSessions()].length;
    r.disconnect();
    expect([...engine.allSessions()].length).toBe(before - 1);
  });

  it("connect() after end makes a new connection", async () => {
    const r = client();
    await r.quit();
    await r.connect();
    expect(r.status).toBe("ready");
    expect(await r.ping()).toBe("PONG");
  });
});

describe("reconnecting", () => {
  it("disconnect(true): close, reconnecting, connecting, connect, ready; the db is kept", async () => {
    const r = client({ retryStrategy: () => 1 });
    await r.select(4);
    await r.set("k4", "v");
    const seen = record(r, EVENTS);
    r.disconnect(true);
    await once(r, "ready");
    expect(seen).toEqual(["close", "reconnecting", "connecting", "connect", "ready"]);
    expect(await r.get("k4")).toBe("v");
  });

  it("a server-side kill reconnects under the default retryStrategy", async () => {
    const r = client();
    const killer = client();
    await once(r, "ready");
    const id = await r.call("client", "id");
    const seen = record(r, EVENTS);
    expect(await killer.call("client", "kill", "id", String(id))).toBe(1);
    await once(r, "ready");
    expect(seen).toEqual(["close", "reconnecting", "connecting", "connect", "ready"]);
    expect(await r.ping()).toBe("PONG");
  });

  it("retryStrategy returning a non-number ends the client", async () => {
    const r = client({ retryStrategy: () => null });
    const killer = client();
    await once(r, "ready");
    const id = await r.call("client", "id");
    const seen = record(r, EVENTS);
    await killer.call("client", "kill", "id", String(id));
    await tick();
    expect(seen).toEqual(["close", "end"]);
  });

  it("a transport that fails to open emits error then end, and rejects connect()", async () => {
    const r = new Redis({
      lazyConnect: true,
      transport: () => {
        throw new Error("boom");
      },
    });
    const seen = record(r, [...EVENTS, "error"]);
    await expect(r.connect()).rejects.toThrow("boom");
    await tick();
    expect(seen).toEqual(["wait", "connecting", "error", "end"]);
  });
});

describe("transport seam", () => {
  it("every command goes through the transport as binary argv", async () => {
    const t = new ScriptedTransport((argv) => (argv[0] === "get" ? "\xc3\xa9" : OK));
    const r = new Redis({ transport: () => t, connectionName: "n" });
    expect(await r.get("é")).toBe("é");
    expect(t.sent).toEqual([
      ["client", "setname", "n"],
      ["get", "\xc3\xa9"],
    ]);
    r.disconnect();
    expect(t.closed).toBe(true);
  });

  it("asynchronous replies keep their order", async () => {
    let n = 0;
    const t = new ScriptedTransport(() => {
      const v = String(++n);
      return new Promise((resolve) => setTimeout(() => resolve(v), 5 - n));
    });
    const r = new Redis({ transport: () => t });
    const got = await Promise.all([r.get("a"), r.get("b"), r.get("c")]);
    expect(got).toEqual(["1", "2", "3"]);
    r.disconnect();
  });
});

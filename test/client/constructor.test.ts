/** Constructor forms, option merging, engine sharing by address, duplicate(). */
import { afterEach, describe, expect, it } from "vitest";
import DefaultRedis, { Redis, createEngine, Command, ReplyError } from "../../src/index.js";
import { closeRegistryEngines } from "../../src/client/engine-registry.js";

const clients: Redis[] = [];
function track<T extends Redis>(r: T): T {
  clients.push(r);
  return r;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
  closeRegistryEngines();
});

describe("module shape", () => {
  it("exports Redis as default and named, with ioredis's statics", () => {
    expect(DefaultRedis).toBe(Redis);
    expect(Redis.Command).toBe(Command);
    expect(Redis.ReplyError).toBe(ReplyError);
    expect(typeof Redis.Command.setArgumentTransformer).toBe("function");
    expect(typeof Redis.Command.setReplyTransformer).toBe("function");
    const r = track(Redis.createClient({ lazyConnect: true }));
    expect(r).toBeInstanceOf(Redis);
    expect(r.isCluster).toBe(false);
  });
});

describe("constructor forms", () => {
  const lazy = { lazyConnect: true };
  it("() uses localhost:6379 and db 0", () => {
    const r = track(new Redis(lazy));
    expect(r.options).toMatchObject({ host: "localhost", port: 6379, db: 0, keyPrefix: "", lazyConnect: true });
  });
  it("(port), (port, host), (port, options), (port, host, options)", () => {
    expect(track(new Redis(6380)).options).toMatchObject({ port: 6380, host: "localhost" });
    expect(track(new Redis(6381, "cache.example")).options).toMatchObject({ port: 6381, host: "cache.example" });
    expect(track(new Redis(6382, { db: 2, ...lazy })).options).toMatchObject({ port: 6382, db: 2 });
    const r = track(new Redis(6383, "h.example", { port: 1, host: "ignored", db: 4, ...lazy }));
    // The earlier arguments win, as lodash `defaults` merges them in ioredis.
    expect(r.options).toMatchObject({ port: 6383, host: "h.example", db: 4 });
  });
  it("(path) and (path, options)", () => {
    expect(track(new Redis("/tmp/redis.sock", lazy)).options).toMatchObject({ path: "/tmp/redis.sock" });
    expect(track(new Redis("/tmp/r.sock?db=3", lazy)).options).toMatchObject({ path: "/tmp/r.sock", db: 3 });
  });
  it("(url) with auth, port and db", () => {
    const r = track(new Redis("redis://user:p%40ss@db.example:6390/5", lazy));
    expect(r.options).toMatchObject({
      host: "db.example",
      port: 6390,
      db: 5,
      username: "user",
      password: "p@ss",
    });
    expect(track(new Redis("rediss://h.example", lazy)).options).toMatchObject({ host: "h.example", tls: true });
    expect(track(new Redis("h2.example:7000", lazy)).options).toMatchObject({ host: "h2.example", port: 7000 });
    expect(track(new Redis("6391", lazy)).options).toMatchObject({ port: 6391 });
  });
  it("keeps unknown options and exposes a mutable merged object", () => {
    const r = track(new Redis({ lazyConnect: true, maxRetriesPerRequest: null, custom: 1 }));
    expect(r.options.maxRetriesPerRequest).toBeNull();
    expect(r.options["custom"]).toBe(1);
    expect(r.options.enableOfflineQueue).toBe(true);
    expect(r.options.retryStrategy?.(3)).toBe(150);
  });
});

describe("engines", () => {
  it("clients with the same address share one engine; other addresses do not", async () => {
    const a = track(new Redis());
    const b = track(new Redis(6379, "127.0.0.1"));
    const c = track(new Redis(6399));
    await a.set("shared", "yes");
    expect(await b.get("shared")).toBe("yes");
    expect(await c.get("shared")).toBeNull();
  });

  it("an explicit engine is used, and each client has its own session", async () => {
    const engine = createEngine();
    const a = track(new Redis({ engine }));
    const b = track(new Redis({ engine, db: 1 }));
    await a.set("k", "db0");
    await b.set("k", "db1");
    expect(await a.get("k")).toBe("db0");
    expect(await b.get("k")).toBe("db1");
    expect(await a.call("client", "id")).not.toBe(await b.call("client", "id"));
    engine.close();
  });

  it("duplicate() shares the engine and applies overrides", async () => {
    const engine = createEngine();
    const a = track(new Redis({ engine, keyPrefix: "p:" }));
    const d = track(a.duplicate({ connectionName: "dup" }));
    expect(d.options.engine).toBe(engine);
    expect(d.options.keyPrefix).toBe("p:");
    await a.set("x", "1");
    expect(await d.get("x")).toBe("1");
    expect(await d.call("client", "getname")).toBe("dup");
    // Registry clients duplicate by address.
    const r = track(new Redis(6400));
    await r.set("y", "2");
    expect(await track(r.duplicate()).get("y")).toBe("2");
    engine.close();
  });

  it("a closed registry engine is replaced on the next connection", async () => {
    const a = track(new Redis(6401));
    await a.set("k", "v");
    a.disconnect();
    closeRegistryEngines();
    const b = track(new Redis(6401));
    expect(await b.get("k")).toBeNull();
  });
});

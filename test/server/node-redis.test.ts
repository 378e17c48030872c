/**
 * node-redis (npm "redis", v5) over TCP: the same behaviour suite against our server and against a
 * private redis-server, with identical expectations, so passing on both means node-redis works
 * against us as it does against Redis. RESP2 and RESP3 (HELLO 3) connections, auto-pipelining,
 * MULTI, scan iteration, Buffers, AUTH, database selection and error replies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, RESP_TYPES } from "redis";
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from "../setup/redis-server.js";
import { startOurServer, type OurServer } from "../support/tcp-target.js";
import { createEngine } from "../../src/index.js";

interface Target {
  name: string;
  start(): Promise<{ port: number; stop(): Promise<void> }>;
}

const TARGETS: Target[] = [
  {
    name: "ours over tcp",
    async start() {
      const s: OurServer = await startOurServer();
      return { port: s.port, stop: () => s.close() };
    },
  },
];
if (redisServerAvailable()) {
  TARGETS.push({
    name: "redis",
    async start() {
      const s: RedisServerHandle = await startRedisServer();
      return { port: s.port, stop: () => s.stop() };
    },
  });
}

const hasBlpop = (() => {
  const e = createEngine();
  const has = e.lookupCommand("blpop") !== undefined && e.lookupCommand("rpush") !== undefined;
  e.close();
  return has;
})();

for (const target of TARGETS) {
  describe(`node-redis [${target.name}]`, () => {
    let port = 0;
    let stop: () => Promise<void> = async () => {};
    const open: Array<{ destroy(): void; isOpen: boolean }> = [];
    beforeAll(async () => {
      ({ port, stop } = await target.start());
    });
    afterAll(async () => {
      for (const c of open) if (c.isOpen) c.destroy();
      await stop();
    });

    const connect = async <O extends Parameters<typeof createClient>[0]>(options?: O) => {
      const c = createClient({ ...options, socket: { host: "127.0.0.1", port, reconnectStrategy: false } });
      c.on("error", () => {});
      await c.connect();
      open.push(c);
      return c;
    };

    it("strings, expiry and existence", async () => {
      const c = await connect();
      expect(await c.ping()).toBe("PONG");
      expect(await c.set("nr:s", "hello", { expiration: { type: "EX", value: 100 } })).toBe("OK");
      expect(await c.set("nr:s", "again", { condition: "NX" })).toBeNull();
      expect(await c.set("nr:s", "world", { GET: true })).toBe("hello");
      expect(await c.get("nr:s")).toBe("world");
      expect(await c.ttl("nr:s")).toBe(-1);
      expect(await c.expire("nr:s", 50)).toBe(1);
      expect(await c.ttl("nr:s")).toBeGreaterThan(40);
      expect(await c.append("nr:s", "!")).toBe(6);
      expect(await c.getRange("nr:s", 0, 2)).toBe("wor");
      expect(await c.incr("nr:n")).toBe(1);
      expect(await c.incrBy("nr:n", 41)).toBe(42);
      expect(await c.incrByFloat("nr:f", 1.5)).toBe("1.5");
      expect(await c.mGet(["nr:s", "nr:n", "nr:none"])).toEqual(["world!", "42", null]);
      expect(await c.exists(["nr:s", "nr:n", "nr:none"])).toBe(2);
      expect(await c.type("nr:n")).toBe("string");
      expect(await c.del(["nr:s", "nr:n", "nr:f"])).toBe(3);
    });

    it("error replies reject with Redis's text", async () => {
      const c = await connect();
      await c.set("nr:e", "abc");
      await expect(c.incr("nr:e")).rejects.toThrow("ERR value is not an integer or out of range");
      await expect(c.sendCommand(["NOSUCH", "x"])).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: 'x' ");
      expect(await c.sendCommand(["ECHO", "raw"])).toBe("raw");
    });

    it("many concurrent commands on one connection come back in order", async () => {
      const c = await connect();
      await c.del("nr:ctr");
      const res = await Promise.all(Array.from({ length: 2000 }, () => c.incr("nr:ctr")));
      expect(res).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    });

    it("multi/exec and pipelines", async () => {
      const c = await connect();
      expect(await c.multi().set("nr:m", "1").incr("nr:m").get("nr:m").exec()).toEqual(["OK", 2, "2"]);
      expect(await c.multi().set("nr:p", "x").append("nr:p", "y").get("nr:p").execAsPipeline()).toEqual(["OK", 2, "xy"]);
      // A run-time error inside EXEC: node-redis rejects with the replies and where the errors are.
      const failed = await c.multi().set("nr:m", "a").incr("nr:m").exec().catch((e: unknown) => e);
      expect(failed).toMatchObject({ errorIndexes: [1], replies: ["OK", { message: "ERR value is not an integer or out of range" }] });
    });

    it("scanIterator visits every key once", async () => {
      const c = await connect();
      await c.mSet(Object.fromEntries(Array.from({ length: 700 }, (_, i) => [`nr:scan:${i}`, "v"])));
      const seen: string[] = [];
      for await (const keys of c.scanIterator({ MATCH: "nr:scan:*", COUNT: 50 })) seen.push(...keys);
      expect(new Set(seen).size).toBe(700);
    });

    it("binary values as Buffers", async () => {
      const c = await connect();
      const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0d, 0x0a, 0x80]);
      await c.set("nr:bin", bytes);
      const b = c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      const back = await b.get("nr:bin");
      expect(Buffer.isBuffer(back) && back.equals(bytes)).toBe(true);
      const big = Buffer.alloc(3 * 1024 * 1024, 7);
      await c.set("nr:big", big);
      expect(((await b.get("nr:big")) as Buffer).equals(big)).toBe(true);
    });

    it("RESP3 (HELLO 3): maps, nulls and doubles", async () => {
      const c = await connect({ RESP: 3 });
      expect(await c.ping()).toBe("PONG");
      expect(await c.configGet("timeout")).toEqual({ timeout: "0" });
      expect(await c.get("nr:none3")).toBeNull();
      expect(await c.sendCommand(["HELLO", "3"])).toMatchObject({ server: "redis", proto: 3, mode: "standalone" });
    });

    it("client name, database selection, AUTH", async () => {
      const named = await connect({ name: "nr-client", database: 3 });
      expect(await named.clientGetName()).toBe("nr-client");
      await named.set("nr:db3", "x");
      const db0 = await connect();
      expect(await db0.get("nr:db3")).toBeNull();
      expect(await db0.configSet("requirepass", "nr-pw")).toBe("OK");
      try {
        const unauthenticated = await connect();
        await expect(unauthenticated.ping()).rejects.toThrow("NOAUTH Authentication required.");
        const authed = await connect({ password: "nr-pw" });
        expect(await authed.ping()).toBe("PONG");
        await expect(connect({ password: "wrong" })).rejects.toThrow("WRONGPASS");
      } finally {
        await db0.configSet("requirepass", "");
      }
    });

    it.skipIf(!hasBlpop)("blocking pops wait without holding up other connections", async () => {
      const a = await connect();
      const b = await connect();
      const popped = a.blPop("nr:bl", 0);
      expect(await b.ping()).toBe("PONG");
      await b.rPush("nr:bl", "item");
      expect(await popped).toEqual({ key: "nr:bl", element: "item" });
    });

    it("close() quits cleanly", async () => {
      const c = await connect();
      await c.close();
      expect(c.isOpen).toBe(false);
    });
  });
}

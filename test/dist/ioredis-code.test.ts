/**
 * Code written for ioredis runs unchanged against the built package (dist/, what `npm run build`
 * emits and `import Redis from "redis-anywhere"` resolves to), with ioredis-shaped replies.
 * `npm test` builds first; run `npm run build` before running this file alone.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

describe.skipIf(!existsSync(entry))("the built package, used as ioredis", () => {
  it("exports Redis as default and named, and createEngine", async () => {
    const mod = (await import(entry)) as typeof import("../../src/index.js");
    expect(mod.default).toBe(mod.Redis);
    expect(typeof mod.createEngine).toBe("function");
  });

  it("runs a typical ioredis session: strings, keys, pipeline, multi, callbacks, errors", async () => {
    const { default: Redis, createEngine } = (await import(entry)) as typeof import("../../src/index.js");
    const redis = new Redis({ engine: createEngine(), keyPrefix: "app:" });
    expect(await redis.set("greeting", "héllo", "EX", 60)).toBe("OK");
    expect(await redis.get("greeting")).toBe("héllo");
    expect(await redis.strlen("greeting")).toBe(6);
    expect(await redis.incrby("n", 5)).toBe(5);
    expect(await redis.incrbyfloat("f", "10.5")).toBe("10.5");
    await redis.mset({ a: "1", b: "2" });
    expect(await redis.mget("a", "b", "missing")).toEqual(["1", "2", null]);
    expect(await redis.ttl("greeting")).toBe(60);
    expect(await redis.exists("a", "b", "zz")).toBe(2);
    expect(await redis.keys("*")).toEqual(expect.arrayContaining(["app:a", "app:b", "app:n"]));
    const piped = await redis.pipeline().incr("n").get("n").incr("greeting").exec();
    expect(piped![0]).toEqual([null, 6]);
    expect(piped![1]).toEqual([null, "6"]);
    expect((piped![2]![0] as Error).message).toBe("ERR value is not an integer or out of range");
    expect(await redis.multi().set("t", "1").incr("t").exec()).toEqual([
      [null, "OK"],
      [null, 2],
    ]);
    const viaCallback = await new Promise<[unknown, unknown]>((resolve) =>
      redis.get("t", (err: unknown, value: unknown) => resolve([err, value])),
    );
    expect(viaCallback).toEqual([null, "2"]);
    const err = (await redis.incr("greeting").catch((e: unknown) => e)) as Error & { command?: unknown };
    expect(err.name).toBe("ReplyError");
    expect(err.command).toEqual({ name: "incr", args: ["app:greeting"] });
    expect(await redis.getBuffer("greeting")).toEqual(Buffer.from("héllo"));
    expect(await redis.quit()).toBe("OK");
  });
});

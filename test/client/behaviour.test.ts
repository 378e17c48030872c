/**
 * The client against the real thing: each body runs on our Redis (in-process engine) and on ioredis 5
 * talking to a private redis-server, so what passes on both is ioredis's behaviour, not our reading
 * of it. Limited to commands the engine already has.
 */
import { expect, it } from "vitest";
import { describeBoth } from "../support/targets.js";

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeBoth("client behaviour", (t) => {
  it("lifecycle events: lazy connect → quit", async () => {
    const c = t.connect({ lazyConnect: true });
    const seen: string[] = [];
    for (const e of ["wait", "connecting", "connect", "ready", "close", "end"]) c.on(e, () => seen.push(e));
    expect(c.status).toBe("wait");
    await c.connect();
    expect(c.status).toBe("ready");
    expect(await c.quit()).toBe("OK");
    await tick(20);
    expect(seen).toEqual(["wait", "connecting", "connect", "ready", "close", "end"]);
    expect(c.status).toBe("end");
    await expect(c.get("x")).rejects.toThrow("Connection is closed.");
  });

  it("non-lazy start: status connecting, then connect, ready", async () => {
    const c = t.connect();
    expect(c.status).toBe("connecting");
    const seen: string[] = [];
    for (const e of ["connecting", "connect", "ready"]) c.on(e, () => seen.push(e));
    await new Promise((resolve) => c.once("ready", resolve));
    expect(seen).toEqual(["connecting", "connect", "ready"]);
    await expect(c.connect()).rejects.toThrow("Redis is already connecting/connected");
  });

  it("pipeline with mixed errors", async () => {
    const c = t.connect();
    await c.del("bp");
    const res = await c.pipeline().set("bp", "x").incr("bp").get("bp").call("nosuchcmd").exec();
    expect(res![0]).toEqual([null, "OK"]);
    expect((res![1]![0] as Error).name).toBe("ReplyError");
    expect((res![1]![0] as Error).message).toBe("ERR value is not an integer or out of range");
    expect(res![1]).toHaveLength(1);
    expect(res![2]).toEqual([null, "x"]);
    expect((res![3]![0] as Error).message).toMatch(/^ERR unknown command 'nosuchcmd'/);
  });

  it("ReplyError shape", async () => {
    const c = t.connect({ keyPrefix: "kp:" });
    await c.set("e", "notanint");
    const err = (await c.incrby("e", 5).catch((e: unknown) => e)) as Error & { command: unknown };
    expect(err.name).toBe("ReplyError");
    expect(err.message).toBe("ERR value is not an integer or out of range");
    expect(err.command).toEqual({ name: "incrby", args: ["kp:e", "5"] });
    expect(Object.keys(err)).toEqual(["command"]);
  });

  it("callbacks get null as the error", async () => {
    const c = t.connect();
    const args = await new Promise<unknown[]>((resolve) => {
      void c.set("cbk", "v", (...a: unknown[]) => resolve(a));
    });
    expect(args).toEqual([null, "OK"]);
    const miss = await new Promise<unknown[]>((resolve) => {
      void c.get("cbk-none", (...a: unknown[]) => resolve(a));
    });
    expect(miss).toEqual([null, null]);
  });

  it("Buffer variants, flattening, toArg, mset object, stringNumbers", async () => {
    const c = t.connect();
    await c.set("bb", Buffer.from([0xff, 0x00, 0x80]));
    expect(await c.getBuffer("bb")).toEqual(Buffer.from([0xff, 0x00, 0x80]));
    // ioredis's typings leave out setBuffer's plain form and flattening mixes it accepts at run time.
    const loose = c as unknown as { mget(...args: unknown[]): Promise<unknown>; setBuffer(...args: unknown[]): Promise<unknown> };
    expect(await loose.setBuffer("bb2", "x")).toEqual(Buffer.from("OK"));
    expect(await c.call("strlen", "bb")).toBe(3);
    await c.mset({ m1: "a", m2: 2 });
    expect(await loose.mget(["m1", "m2"], "m3")).toEqual(["a", "2", null]);
    await c.set("nul", null as unknown as string);
    expect(await c.get("nul")).toBe("");
    const s = t.connect({ stringNumbers: true });
    await s.set("sn", "41");
    expect(await s.incr("sn")).toBe("42");
    expect(await s.call("incrbyfloat", "sn", "0.5")).toBe("42.5");
  });

  it("keyPrefix applies to keys only", async () => {
    const p = t.connect({ keyPrefix: "pfx:" });
    const plain = t.connect();
    await p.mset("a", "1", "b", "2");
    expect(await plain.mget("pfx:a", "pfx:b")).toEqual(["1", "2"]);
    expect(((await p.keys("pfx:*")) as string[]).sort()).toEqual(["pfx:a", "pfx:b"]);
  });

  it("select emits 'select' and db is per connection", async () => {
    const c = t.connect({ db: 2 });
    const other = t.connect();
    await c.set("dbk", "in2");
    expect(await other.get("dbk")).toBeNull();
    const dbs: number[] = [];
    c.on("select", (db: number) => dbs.push(db));
    await c.select(3);
    expect(dbs).toEqual([3]);
    expect(await c.get("dbk")).toBeNull();
  });

  it("auto-pipelining keeps results in order and counts its queue", async () => {
    const c = t.connect({ enableAutoPipelining: true });
    await new Promise((resolve) => c.once("ready", resolve));
    const ps = [c.set("ap", "1"), c.incr("ap"), c.get("ap"), c.call("nosuchcmd")];
    expect(c.autoPipelineQueueSize).toBe(4);
    const settled = await Promise.allSettled(ps);
    expect(settled.slice(0, 3)).toEqual([
      { status: "fulfilled", value: "OK" },
      { status: "fulfilled", value: 2 },
      { status: "fulfilled", value: "2" },
    ]);
    expect(settled[3]!.status).toBe("rejected");
    expect(c.autoPipelineQueueSize).toBe(0);
  });
});

/**
 * Command methods: callbacks, argument handling, transformers, keyPrefix, replies (text, Buffer,
 * stringNumbers), ReplyError, call/sendCommand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis, createEngine, Command, ReplyError, type Engine } from "../../src/index.js";
import { list } from "@ioredis/commands";
import { readFileSync } from "node:fs";

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

function client(options: Record<string, unknown> = {}): Redis {
  return new Redis({ engine, ...options });
}

describe("generated methods", () => {
  it("exist for every command of @ioredis/commands (but monitor), with a Buffer twin", () => {
    for (const name of list) {
      if (name === "monitor") continue;
      expect(typeof (r as unknown as Record<string, unknown>)[name], name).toBe("function");
      expect(typeof (r as unknown as Record<string, unknown>)[`${name}Buffer`], name).toBe("function");
    }
    expect((r as unknown as Record<string, unknown>)["monitor"]).toBeUndefined();
    expect(typeof r.sentinel).toBe("function");
    expect(r.getBuiltinCommands()).toContain("get");
  });

  it("the CommandName type lists the same names as the package", () => {
    const src = readFileSync(new URL("../../src/client/command-names.ts", import.meta.url), "utf8");
    const typed = [...src.matchAll(/"([a-z_-]+)"/g)].map((m) => m[1]).sort();
    expect(typed).toEqual([...list.filter((n) => n !== "monitor"), "sentinel"].sort());
  });

  it("addBuiltinCommand adds a method pair on the instance", async () => {
    const c = client();
    c.addBuiltinCommand("echo2");
    await expect((c as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)["echo2"]!("x")).rejects.toThrow(
      /unknown command 'echo2'/,
    );
    c.disconnect();
  });
});

describe("callbacks", () => {
  it("are called with (null, result) on success and (err) on failure; the promise still settles", async () => {
    const ok = await new Promise<unknown[]>((resolve) => void r.set("cb", "1", (...args: unknown[]) => resolve(args)));
    expect(ok).toEqual([null, "OK"]);
    const miss = await new Promise<unknown[]>((resolve) => void r.get("cb-missing", (...args: unknown[]) => resolve(args)));
    expect(miss).toEqual([null, null]);
    const bad = await new Promise<unknown[]>((resolve) => void r.call("nosuch", (...args: unknown[]) => resolve(args)));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toBeInstanceOf(ReplyError);
    await expect(r.get("cb", () => undefined)).resolves.toBe("1");
  });
});

describe("arguments", () => {
  it("are flattened one level", async () => {
    await r.mset(["fa", "1"], "fb", ["2"]);
    expect(await r.mget(["fa", "fb"])).toEqual(["1", "2"]);
    expect(await r.del(["fa", "fb"], "fc")).toBe(2);
    expect(new Command("del", [["a", ["b"]]]).argv).toEqual(["del", "a", "b"]);
  });

  it("toArg: null/undefined → '', numbers → String(n), text → UTF-8, bytes as they are", async () => {
    expect(new Command("set", ["k", null]).argv).toEqual(["set", "k", ""]);
    expect(new Command("set", ["k", undefined]).argv).toEqual(["set", "k", ""]);
    expect(new Command("set", ["k", 1.5]).argv).toEqual(["set", "k", "1.5"]);
    expect(new Command("set", ["k", 10n]).argv).toEqual(["set", "k", "10"]);
    expect(new Command("set", ["k", true]).argv).toEqual(["set", "k", "true"]);
    expect(new Command("set", ["é", "€"]).argv).toEqual(["set", "\xc3\xa9", "\xe2\x82\xac"]);
    expect(new Command("set", ["k", new Uint8Array([0xff, 0, 0x41])]).argv).toEqual(["set", "k", "\xff\x00A"]);
    expect(new Command("set", ["k", Buffer.from([0x80])]).argv).toEqual(["set", "k", "\x80"]);
    await r.set("n", 42);
    expect(await r.get("n")).toBe("42");
    await r.set("nul", null);
    expect(await r.strlen("nul")).toBe(0);
  });

  it("mset/msetnx take an object or a Map; hset/hmset take (key, object|Map)", async () => {
    await r.mset({ oa: "1", ob: 2 });
    expect(await r.mget("oa", "ob")).toEqual(["1", "2"]);
    await r.mset(new Map<string, string | number>([["ma", "x"], ["mb", 3]]));
    expect(await r.mget("ma", "mb")).toEqual(["x", "3"]);
    expect(await r.msetnx({ oa: "no", fresh: "yes" })).toBe(0);
    expect(new Command("msetnx", [{ a: 1 }]).argv).toEqual(["msetnx", "a", "1"]);
    expect(new Command("hset", ["h", { f1: "v1", f2: 2 }]).argv).toEqual(["hset", "h", "f1", "v1", "f2", "2"]);
    expect(new Command("hmset", ["h", new Map([["f", "v"]])]).argv).toEqual(["hmset", "h", "f", "v"]);
    // Only the exact forms are expanded.
    expect(new Command("hset", ["h", "f", "v"]).argv).toEqual(["hset", "h", "f", "v"]);
  });

  it("user argument and reply transformers are honoured (global registry)", async () => {
    Redis.Command.setArgumentTransformer("echo", (args) => args.map((a) => String(a).toUpperCase()));
    Redis.Command.setReplyTransformer("echo", (reply) => `<${String(reply)}>`);
    try {
      expect(await r.echo("hi")).toBe("<HI>");
    } finally {
      Redis.Command.setArgumentTransformer("echo", (args) => args);
      Redis.Command.setReplyTransformer("echo", (reply) => reply);
    }
    expect(await r.echo("hi")).toBe("hi");
  });
});

describe("keyPrefix", () => {
  it("prefixes key positions only", async () => {
    const p = client({ keyPrefix: "app:" });
    await p.set("k1", "v1");
    await p.mset("k2", "v2", "k3", "v3");
    expect(await r.get("app:k1")).toBe("v1");
    expect(await p.mget("k1", "k2", "k3")).toEqual(["v1", "v2", "v3"]);
    expect(await p.get("k1")).toBe("v1");
    // Patterns and values are not prefixed; replies are not unprefixed.
    expect(((await p.keys("app:k*")) as string[]).sort()).toEqual(["app:k1", "app:k2", "app:k3"]);
    await p.set("k4", "k4");
    expect(await r.get("app:k4")).toBe("k4");
    expect(new Command("set", ["k", "v"], { keyPrefix: "x:" }).argv).toEqual(["set", "x:k", "v"]);
    expect(new Command("SET", ["k", "v"], { keyPrefix: "x:" }).argv).toEqual(["SET", "x:k", "v"]);
    expect(new Command("nosuch", ["k"], { keyPrefix: "x:" }).argv).toEqual(["nosuch", "k"]);
    p.disconnect();
  });

  it("works with call(), Buffer keys and Buffer prefixes", async () => {
    const p = client({ keyPrefix: "b:" });
    await p.call("set", Buffer.from([0xff]), "x");
    expect(await r.getBuffer(Buffer.from([0x62, 0x3a, 0xff]))).toEqual(Buffer.from("x"));
    const bp = new Command("get", [Buffer.from([1])], { keyPrefix: Buffer.from([0xfe]) });
    expect(bp.argv).toEqual(["get", "\xfe\x01"]);
    expect(bp.args).toEqual([Buffer.from([0xfe, 0x01])]);
    p.disconnect();
  });
});

describe("replies", () => {
  it("Buffer variants return the exact bytes", async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3]);
    expect(await r.set("bin", bytes)).toBe("OK");
    const got = await r.getBuffer("bin");
    expect(Buffer.isBuffer(got)).toBe(true);
    expect(got).toEqual(bytes);
    expect(await r.strlen("bin")).toBe(3);
    expect(await r.call("strlen", "bin")).toBe(3);
    expect(await r.setBuffer("bin2", "é")).toEqual(Buffer.from("OK"));
    expect(await r.getBuffer("bin2")).toEqual(Buffer.from("é"));
    expect(await r.callBuffer("get", "bin2")).toEqual(Buffer.from("é"));
    expect(await r.call("strlen", "bin2")).toBe(2);
    expect(await r.mgetBuffer("bin", "nope")).toEqual([bytes, null]);
    // Integers stay numbers in Buffer variants.
    expect(await r.strlenBuffer("bin")).toBe(3);
  });

  it("text replies are decoded as UTF-8", async () => {
    await r.set("utf", "héllo €");
    expect(await r.get("utf")).toBe("héllo €");
    expect(await r.getrange("utf", 0, 1)).toBe("h\ufffd");
  });

  it("status replies are strings; integers numbers; nulls null", async () => {
    expect(await r.ping()).toBe("PONG");
    expect(await r.set("i", "5")).toBe("OK");
    expect(await r.incr("i")).toBe(6);
    expect(await r.get("missing")).toBeNull();
    expect(await r.incrbyfloat("f", "1.5")).toBe("1.5");
  });

  it("stringNumbers gives integers as strings", async () => {
    const s = client({ stringNumbers: true });
    await s.set("sn", "5");
    expect(await s.incr("sn")).toBe("6");
    expect(await s.incrby("sn", "9007199254740990")).toBe("9007199254740996");
    s.disconnect();
  });

  it("errors reject with ReplyError carrying the command", async () => {
    await r.set("str", "x");
    const err = (await r.incr("str").catch((e: unknown) => e)) as ReplyError;
    expect(err).toBeInstanceOf(ReplyError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ReplyError");
    expect(err.message).toBe("ERR value is not an integer or out of range");
    expect(err.command).toEqual({ name: "incr", args: ["str"] });
    expect(Object.keys(err)).toEqual(["command"]);
    const p = client({ keyPrefix: "pre:" });
    const err2 = (await p.call("GET", "a", "extra").catch((e: unknown) => e)) as ReplyError;
    expect(err2.message).toBe("ERR wrong number of arguments for 'get' command");
    expect(err2.command).toEqual({ name: "GET", args: ["pre:a", "extra"] });
    p.disconnect();
  });
});

describe("call, send_command, sendCommand", () => {
  it("call takes spread arguments or one array", async () => {
    expect(await r.call("set", "c1", "v")).toBe("OK");
    expect(await r.call("get", ["c1"])).toBe("v");
    expect(await r.send_command("get", "c1")).toBe("v");
    expect(await r.call("GET", "c1")).toBe("v");
  });

  it("sendCommand(new Command(...)) resolves the command's promise (bytes unless utf8 is asked)", async () => {
    const raw = new Command("get", ["c1"]);
    expect(await r.sendCommand(raw)).toEqual(Buffer.from("v"));
    expect(await raw.promise).toEqual(Buffer.from("v"));
    const text = new Command("get", ["c1"], { replyEncoding: "utf8" });
    const early = text.promise;
    await r.sendCommand(text);
    expect(await early).toBe("v");
  });
});

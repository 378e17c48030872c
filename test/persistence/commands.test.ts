/**
 * SAVE, BGSAVE, LASTSAVE, save rules, BGREWRITEAOF scheduling, SHUTDOWN and INFO persistence, with
 * Redis's replies, on the memory backend and a manual clock.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { ManualClock } from "../../src/engine/clock.js";
import type { Engine } from "../../src/engine/engine.js";
import type { Reply } from "../../src/engine/reply.js";
import { memoryStorage, type MemoryStorage } from "../../src/persistence/backends/memory.js";
import { openPersistentEngine, persistenceOf } from "../../src/persistence/open.js";
import { decodeRdb } from "../../src/persistence/rdb/index.js";
import type { Storage } from "../../src/persistence/storage.js";
import { cmd, contents, sleep } from "./helpers.js";

const T0 = Date.UTC(2030, 0, 1);

function open(storage: Storage, config: Record<string, string> = {}, clock = new ManualClock(T0)): Promise<Engine> {
  return openPersistentEngine({ storage, clock, config: { save: "", ...config }, log: () => undefined, sliceMs: 1 });
}

function infoOf(r: Reply): Record<string, string> {
  const t = typeof r === "string" ? r : (r as { text: string }).text;
  return Object.fromEntries(
    t
      .split("\r\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]),
  );
}

const rdbOf = (s: MemoryStorage): Uint8Array => Buffer.concat(s.files.get("dump.rdb") ?? []);

describe("SAVE / BGSAVE / LASTSAVE", () => {
  it("SAVE writes dump.rdb, resets the change counter, moves LASTSAVE; a reopen loads it", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, {}, clock);
    const s = e.createSession();
    expect(await cmd(s, "LASTSAVE")).toBe(T0 / 1000);
    await cmd(s, "SET", "a", "1");
    await cmd(s, "RPUSH", "l", "x", "y");
    await cmd(s, "HSET", "h", "f", "v");
    await cmd(s, "SADD", "z", "1", "2");
    await cmd(s, "SET", "t", "v", "PXAT", String(T0 + 60_000));
    expect(infoOf(await cmd(s, "INFO", "persistence"))["rdb_changes_since_last_save"]).toBe("7");
    clock.advance(5000);
    expect(await cmd(s, "SAVE")).toEqual({ value: "OK" });
    expect(await cmd(s, "LASTSAVE")).toBe(T0 / 1000 + 5);
    const info = infoOf(await cmd(s, "INFO", "persistence"));
    expect(info["rdb_changes_since_last_save"]).toBe("0");
    expect(info["rdb_saves"]).toBe("1");
    expect(decodeRdb(rdbOf(storage)).dbs[0]?.keys.length).toBe(5);
    const before = contents(e);
    await persistenceOf(e)!.close();
    const e2 = await open(storage, {}, clock);
    expect(contents(e2)).toEqual(before);
  });

  it("BGSAVE serves other clients while it serializes, and refuses a second one", async () => {
    const storage = memoryStorage();
    const e = await open(storage);
    const s = e.createSession();
    const other = e.createSession();
    for (let i = 0; i < 20000; i++) await cmd(s, "SET", `k${i}`, "v".repeat(40));
    expect(await cmd(s, "BGSAVE")).toEqual({ value: "Background saving started" });
    expect(await cmd(s, "BGSAVE")).toMatchObject({ message: "ERR Background save already in progress" });
    expect(await cmd(s, "SAVE")).toMatchObject({ message: "ERR Background save already in progress" });
    expect(infoOf(await cmd(s, "INFO", "persistence"))["rdb_bgsave_in_progress"]).toBe("1");
    // Another client is answered between slices, and its write is not in the snapshot.
    await sleep(0);
    expect(persistenceOf(e)!.child).toBe("rdb");
    expect(await cmd(other, "SET", "late", "1")).toEqual({ value: "OK" });
    await persistenceOf(e)!.waitForBackgroundJob();
    const info = infoOf(await cmd(s, "INFO", "persistence"));
    expect(info["rdb_bgsave_in_progress"]).toBe("0");
    expect(info["rdb_last_bgsave_status"]).toBe("ok");
    expect(info["rdb_changes_since_last_save"]).toBe("1");
    const ds = decodeRdb(rdbOf(storage));
    expect(ds.dbs[0]?.keys.length).toBe(20000);
  });

  it("BGSAVE SCHEDULE and BGREWRITEAOF wait for the running job", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, {}, clock);
    const s = e.createSession();
    for (let i = 0; i < 5000; i++) await cmd(s, "SET", `k${i}`, "v");
    expect(await cmd(s, "BGREWRITEAOF")).toEqual({ value: "Background append only file rewriting started" });
    expect(await cmd(s, "BGSAVE")).toMatchObject({ message: expect.stringContaining("Another child process is active") });
    expect(await cmd(s, "BGSAVE", "SCHEDULE")).toEqual({ value: "Background saving scheduled" });
    expect(await cmd(s, "BGSAVE", "NOW")).toMatchObject({ message: "ERR syntax error" });
    await persistenceOf(e)!.waitForBackgroundJob();
    clock.advance(100);
    expect(persistenceOf(e)!.child).toBe("rdb");
    expect(await cmd(s, "BGREWRITEAOF")).toEqual({ value: "Background append only file rewriting scheduled" });
    await persistenceOf(e)!.waitForBackgroundJob();
    clock.advance(100);
    expect(persistenceOf(e)!.child).toBe("aof");
    await persistenceOf(e)!.waitForBackgroundJob();
    const info = infoOf(await cmd(s, "INFO", "persistence"));
    expect(info["aof_rewrites"]).toBe("2");
    expect(info["rdb_saves"]).toBe("1");
  });

  it("BGSAVE inside MULTI is scheduled, never a snapshot of half a transaction", async () => {
    const e = await open(memoryStorage());
    const s = e.createSession();
    await cmd(s, "MULTI");
    await cmd(s, "SET", "a", "1");
    await cmd(s, "BGSAVE");
    await cmd(s, "SET", "b", "2");
    expect(await cmd(s, "EXEC")).toEqual([{ value: "OK" }, { value: "Background saving scheduled" }, { value: "OK" }]);
  });

  it("save rules trigger a BGSAVE from the cron (seconds strictly exceeded, enough changes)", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, { save: "100 3 10 1000" }, clock);
    const s = e.createSession();
    await cmd(s, "SET", "a", "1");
    await cmd(s, "SET", "b", "1");
    clock.advance(101_000);
    expect(persistenceOf(e)!.child).toBeUndefined();
    await cmd(s, "SET", "c", "1");
    clock.advance(100);
    expect(persistenceOf(e)!.child).toBe("rdb");
    await persistenceOf(e)!.waitForBackgroundJob();
    expect(infoOf(await cmd(s, "INFO", "persistence"))["rdb_changes_since_last_save"]).toBe("0");
    expect(await cmd(s, "LASTSAVE")).toBe((T0 + 101_100) / 1000 - 0.1);
  });

  it("a failed BGSAVE answers writes with MISCONF (stop-writes-on-bgsave-error), until a save works", async () => {
    const storage = memoryStorage();
    let fail = true;
    const flaky: Storage = {
      ...storage,
      write: async (name, data) => {
        if (fail && name === "dump.rdb") throw new Error("disk full");
        return storage.write(name, data);
      },
    };
    const clock = new ManualClock(T0);
    const e = await open(flaky, { save: "1 1" }, clock);
    const s = e.createSession();
    await cmd(s, "SET", "a", "1");
    clock.advance(2000);
    await persistenceOf(e)!.waitForBackgroundJob();
    expect(infoOf(await cmd(s, "INFO", "persistence"))["rdb_last_bgsave_status"]).toBe("err");
    expect(await cmd(s, "SET", "b", "1")).toMatchObject({ message: expect.stringMatching(/^MISCONF Redis is configured to save RDB snapshots/) });
    expect(await cmd(s, "GET", "a")).toBe("1");
    await cmd(s, "MULTI");
    await cmd(s, "SET", "c", "1");
    expect(await cmd(s, "EXEC")).toMatchObject({ message: expect.stringMatching(/^EXECABORT/) });
    await cmd(s, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
    expect(await cmd(s, "SET", "b", "1")).toEqual({ value: "OK" });
    await cmd(s, "CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
    fail = false;
    expect(await cmd(s, "BGSAVE")).toEqual({ value: "Background saving started" });
    await persistenceOf(e)!.waitForBackgroundJob();
    expect(await cmd(s, "SET", "b", "2")).toEqual({ value: "OK" });
  });

  it("SAVE reports a storage failure as ERR", async () => {
    const storage = memoryStorage();
    const broken: Storage = { ...storage, write: async () => Promise.reject(new Error("read-only file system")) };
    const e = await open(broken, { appendonly: "no" });
    expect(await cmd(e.createSession(), "SAVE")).toMatchObject({ message: "ERR" });
  });
});

describe("FLUSHALL and DEBUG RELOAD", () => {
  it("FLUSHALL with save rules saves the empty dataset at once", async () => {
    const storage = memoryStorage();
    const e = await open(storage, { save: "3600 1" });
    const s = e.createSession();
    await cmd(s, "SET", "a", "1");
    await cmd(s, "SAVE");
    expect(decodeRdb(rdbOf(storage)).dbs.length).toBe(1);
    await cmd(s, "FLUSHALL");
    await sleep(1);
    expect(decodeRdb(rdbOf(storage)).dbs.length).toBe(0);
  });

  it("DEBUG RELOAD goes through an RDB image and back, and writes it", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, { appendonly: "no" }, clock);
    const s = e.createSession();
    await cmd(s, "RPUSH", "l", "a", "b");
    await cmd(s, "HSET", "h", "f", "v");
    await cmd(s, "SET", "t", "v", "PX", "100000");
    await cmd(s, "SELECT", "2");
    await cmd(s, "SADD", "z", "1", "x");
    const before = contents(e);
    expect(await cmd(s, "DEBUG", "RELOAD")).toEqual({ value: "OK" });
    expect(contents(e)).toEqual(before);
    expect(decodeRdb(rdbOf(storage)).dbs.length).toBe(2);
    expect(await cmd(s, "DEBUG", "RELOAD", "BOGUS")).toMatchObject({ message: expect.stringContaining("only supports") });
  });
});

describe("SHUTDOWN", () => {
  it("SHUTDOWN SAVE saves, flushes and closes the engine", async () => {
    const storage = memoryStorage();
    const e = await open(storage, { appendonly: "yes" });
    const s = e.createSession();
    await cmd(s, "SET", "a", "1");
    expect(await cmd(s, "SHUTDOWN", "SAVE")).toEqual({ value: "OK" });
    await sleep(1);
    expect(e.isClosed).toBe(true);
    expect(decodeRdb(rdbOf(storage)).dbs[0]?.keys.map((k) => k.key)).toEqual(["a"]);
    expect(Buffer.concat(storage.files.get("appendonlydir/appendonly.aof.1.incr.aof")!).toString()).toContain("SET");
  });

  it("SHUTDOWN NOSAVE does not save even with save rules; plain SHUTDOWN saves when rules exist", async () => {
    const a = memoryStorage();
    const e = await open(a, { save: "3600 1" });
    await cmd(e.createSession(), "SET", "a", "1");
    await cmd(e.createSession(), "SHUTDOWN", "NOSAVE");
    expect(a.files.has("dump.rdb")).toBe(false);
    const b = memoryStorage();
    const e2 = await open(b, { save: "3600 1" });
    await cmd(e2.createSession(), "SET", "a", "1");
    await cmd(e2.createSession(), "SHUTDOWN");
    expect(b.files.has("dump.rdb")).toBe(true);
  });

  it("argument errors as Redis has them", async () => {
    const e = await open(memoryStorage());
    const s = e.createSession();
    expect(await cmd(s, "SHUTDOWN", "SAVE", "NOSAVE")).toMatchObject({ message: "ERR syntax error" });
    expect(await cmd(s, "SHUTDOWN", "ABORT", "NOW")).toMatchObject({ message: "ERR syntax error" });
    expect(await cmd(s, "SHUTDOWN", "BOGUS")).toMatchObject({ message: "ERR syntax error" });
    expect(await cmd(s, "SHUTDOWN", "ABORT")).toMatchObject({ message: "ERR No shutdown in progress." });
    expect(e.isClosed).toBe(false);
  });

  it("a failed save keeps the engine up unless FORCE", async () => {
    const storage = memoryStorage();
    const broken: Storage = { ...storage, write: async () => Promise.reject(new Error("EIO")) };
    const e = await open(broken, { appendonly: "no" });
    const s = e.createSession();
    expect(await cmd(s, "SHUTDOWN", "SAVE")).toMatchObject({ message: "ERR Errors trying to SHUTDOWN. Check logs." });
    expect(e.isClosed).toBe(false);
    expect(await cmd(s, "SHUTDOWN", "SAVE", "FORCE")).toEqual({ value: "OK" });
    await sleep(1);
    expect(e.isClosed).toBe(true);
  });
});

describe("engines without storage", () => {
  it("SAVE/BGSAVE work against an in-memory store attached on first use", async () => {
    const e = createEngine();
    const s = e.createSession();
    s.exec(["SET", "a", "1"]);
    expect(s.exec(["LASTSAVE"])).toBe(Math.floor(e.startTime / 1000));
    expect(s.exec(["SAVE"])).toEqual({ value: "OK" });
    await sleep(1);
    const p = persistenceOf(e)!;
    expect(decodeRdb((await p.storage.read("dump.rdb"))!).dbs[0]?.keys.map((k) => k.key)).toEqual(["a"]);
    expect(s.exec(["BGSAVE"])).toEqual({ value: "Background saving started" });
    await p.waitForBackgroundJob();
    expect(infoOf(s.exec(["INFO", "persistence"]) as Reply)["rdb_saves"]).toBe("2");
    e.close();
  });

  it("createEngine({ storage }) resolves to a loaded engine", async () => {
    const storage = memoryStorage();
    const e = await createEngine({ storage, config: { appendonly: "yes" } });
    await cmd(e.createSession(), "SET", "k", "v");
    await persistenceOf(e)!.close();
    e.close();
    const e2 = await createEngine({ storage, config: { appendonly: "yes" } });
    expect(await cmd(e2.createSession(), "GET", "k")).toBe("v");
    e2.close();
  });
});

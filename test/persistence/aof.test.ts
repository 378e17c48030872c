/**
 * The multi-part AOF end to end on the memory backend: round trips of a random workload, rewrites
 * while writes continue (RDB and command bases), automatic rewrites, appendonly switched on and off
 * at run time, appendfsync always/everysec, write failures (MISCONF) and recovery, torn tails with
 * aof-load-truncated yes/no, the old single-file AOF, and the first start from a dump.rdb.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/engine/clock.js";
import type { Engine } from "../../src/engine/engine.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import { memoryStorage, type MemoryStorage } from "../../src/persistence/backends/memory.js";
import { loadReportOf, openPersistentEngine, persistenceOf } from "../../src/persistence/open.js";
import { encodeCommand } from "../../src/persistence/resp-command.js";
import type { Storage } from "../../src/persistence/storage.js";
import { seededRng } from "../support/seeded.js";
import { cmd, contents, sleep } from "./helpers.js";
import { runWorkload } from "./workload.js";

const T0 = Date.UTC(2030, 0, 1);

function open(storage: Storage, config: Record<string, string> = {}, clock = new ManualClock(T0)): Promise<Engine> {
  return openPersistentEngine({
    storage,
    clock,
    config: { appendonly: "yes", save: "", ...config },
    log: () => undefined,
    sliceMs: 1,
    aofFlushIntervalMs: 20,
    aofRetryDelayMs: 20,
  });
}

const text = (s: MemoryStorage, name: string): string => Buffer.concat(s.files.get(name) ?? []).toString("latin1");
const MANIFEST = "appendonlydir/appendonly.aof.manifest";
/** The manifest without its checksum comment: what Redis itself would have written. */
const manifestText = (s: MemoryStorage): string => text(s, MANIFEST).replace(/^# redis-anywhere crc32 [0-9a-f]{8}\n/, "");

/** Closes an engine as a clean stop does (AOF flushed). */
async function stop(e: Engine): Promise<void> {
  await persistenceOf(e)!.close();
  e.close();
}

describe("AOF round trips", () => {
  it.each(["everysec", "always", "no"])("a random workload survives a reopen (appendfsync %s)", async (policy) => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, { appendfsync: policy }, clock);
    const s = e.createSession();
    await runWorkload(s, seededRng(`aof-roundtrip-${policy}`), 600);
    const before = contents(e);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await stop(e);
    const e2 = await open(storage, {}, clock);
    expect(contents(e2)).toEqual(before);
    expect(loadReportOf(e2)?.source).toBe("aof");
    await stop(e2);
  });

  it("starts a fresh AOF with an empty RDB base, as Redis 7 does", async () => {
    const storage = memoryStorage();
    const e = await open(storage);
    expect(manifestText(storage)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    expect(text(storage, "appendonlydir/appendonly.aof.1.base.rdb").startsWith("REDIS0010")).toBe(true);
    await stop(e);
  });

  it("a rewrite while clients keep writing loses nothing and switches files", async () => {
    for (const preamble of ["yes", "no"]) {
      const storage = memoryStorage();
      const clock = new ManualClock(T0);
      const e = await open(storage, { "aof-use-rdb-preamble": preamble }, clock);
      const s = e.createSession();
      for (let i = 0; i < 3000; i++) await cmd(s, "SET", `key:${i}`, `value-${i}-${"x".repeat(50)}`);
      await cmd(s, "RPUSH", "list", "a", "b", "c");
      await cmd(s, "HSET", "hash", "f", "v", "g", "w");
      await cmd(s, "SADD", "set", "1", "2", "x");
      await cmd(s, "SET", "ttl", "v", "PX", "500000");
      const p = persistenceOf(e)!;
      expect(await cmd(s, "BGREWRITEAOF")).toEqual({ value: "Background append only file rewriting started" });
      expect(await cmd(s, "BGREWRITEAOF")).toMatchObject({ message: "ERR Background append only file rewriting already in progress" });
      // Writes interleave with the sliced rewrite.
      const rng = seededRng(`rewrite-${preamble}`);
      let served = 0;
      while (p.child === "aof") {
        await runWorkload(s, rng, 20);
        served += 20;
        await sleep(0);
      }
      await runWorkload(s, rng, 100);
      const before = contents(e);
      await stop(e);
      const ext = preamble === "yes" ? "rdb" : "aof";
      expect(manifestText(storage)).toBe(`file appendonly.aof.2.base.${ext} seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n`);
      expect([...storage.files.keys()].filter((n) => n.startsWith("appendonlydir/")).sort()).toEqual([
        `appendonlydir/appendonly.aof.2.base.${ext}`,
        "appendonlydir/appendonly.aof.2.incr.aof",
        MANIFEST,
      ]);
      expect(served).toBeGreaterThan(0);
      const e2 = await open(storage, {}, clock);
      expect(contents(e2)).toEqual(before);
      await stop(e2);
    }
  });

  it("rewrites automatically past auto-aof-rewrite-percentage and min-size", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, { "auto-aof-rewrite-min-size": "2kb", "auto-aof-rewrite-percentage": "100" }, clock);
    const s = e.createSession();
    for (let i = 0; i < 200; i++) await cmd(s, "SET", "same", `v${i}`);
    await persistenceOf(e)!.whenDurable();
    clock.advance(100);
    await persistenceOf(e)!.waitForBackgroundJob();
    const fields = infoOf(await cmd(s, "INFO", "persistence"));
    expect(fields["aof_rewrites"]).toBe("1");
    expect(Number(fields["aof_current_size"])).toBeLessThan(2048);
    const before = contents(e);
    await stop(e);
    expect(contents(await open(storage, {}, clock))).toEqual(before);
  });

  it("CONFIG SET appendonly yes builds the AOF from the live dataset, then logs writes", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, { appendonly: "no" }, clock);
    const s = e.createSession();
    await runWorkload(s, seededRng("enable-before"), 300);
    expect(storage.files.size).toBe(0);
    expect(await cmd(s, "CONFIG", "SET", "appendonly", "yes")).toEqual({ value: "OK" });
    const rng = seededRng("enable-during");
    const p = persistenceOf(e)!;
    await runWorkload(s, rng, 50);
    while (p.aofState !== "on") {
      await runWorkload(s, rng, 10);
      await sleep(1);
    }
    await runWorkload(s, rng, 100);
    const before = contents(e);
    await stop(e);
    expect(manifestText(storage)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    expect(contents(await open(storage, {}, clock))).toEqual(before);
  });

  it("CONFIG SET appendonly no stops logging; the AOF keeps what was written until then", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, {}, clock);
    const s = e.createSession();
    await cmd(s, "SET", "a", "1");
    await cmd(s, "CONFIG", "SET", "appendonly", "no");
    await sleep(5);
    await cmd(s, "SET", "b", "2");
    await stop(e);
    const e2 = await open(storage, {}, clock);
    expect(contents(e2)).toEqual({ 0: { a: { type: "string", value: "1", expireAt: 0 } } });
    await stop(e2);
  });
});

/** INFO's fields as a map. */
function infoOf(r: Reply): Record<string, string> {
  const t = typeof r === "string" ? r : (r as { text: string }).text;
  return Object.fromEntries(
    t
      .split("\r\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]),
  );
}

/** A memory storage whose flushes wait for the test, and whose appends can be made to fail. */
function controlledStorage(holdFlushes = true): MemoryStorage & { flushes: number; releaseFlush: () => void; failAppends: boolean } {
  const base = memoryStorage();
  let pending: Array<() => void> = [];
  const s = {
    ...base,
    flushes: 0,
    failAppends: false,
    releaseFlush: () => {
      const p = pending;
      pending = [];
      p.forEach((r) => r());
    },
    async append(name: string, data: Uint8Array | readonly Uint8Array[]) {
      if (s.failAppends && name.endsWith(".incr.aof")) throw new Error("No space left on device");
      return base.append(name, data);
    },
    async flush(name: string) {
      s.flushes++;
      if (holdFlushes && name.endsWith(".incr.aof")) await new Promise<void>((r) => pending.push(r));
      return base.flush(name);
    },
  };
  return s;
}

describe("appendfsync and the durability barrier", () => {
  it("always: a write is acknowledged only once flushed; reads are not held", async () => {
    const storage = controlledStorage();
    const e = await open(storage, { appendfsync: "always" });
    const s = e.createSession();
    const r = s.exec(["SET", "k", "v"]);
    expect(r).toBeInstanceOf(PendingReply);
    let done = false;
    void (r as PendingReply).promise.then(() => (done = true));
    await sleep(5);
    expect(done).toBe(false);
    expect(s.exec(["GET", "k"])).toBe("v");
    expect(s.exec(["GET", "nope"])).toBe(null);
    storage.releaseFlush();
    await sleep(5);
    expect(done).toBe(true);
    expect(await (r as PendingReply).promise).toEqual({ value: "OK" });
    expect(text(storage, "appendonlydir/appendonly.aof.1.incr.aof")).toContain("$1\r\nk\r\n$1\r\nv\r\n");
    // Several connections writing at once share one flush (group commit).
    const sessions = Array.from({ length: 5 }, () => e.createSession());
    const before = storage.flushes;
    const replies = sessions.map((x, i) => x.exec(["SET", `g${i}`, "1"]) as PendingReply);
    await sleep(5);
    storage.releaseFlush();
    await sleep(5);
    storage.releaseFlush();
    await Promise.all(replies.map((x) => x.promise));
    expect(storage.flushes - before).toBeLessThanOrEqual(2);
    storage.releaseFlush();
    const stopping = stop(e);
    await sleep(5);
    storage.releaseFlush();
    await stopping;
  });

  it("everysec: replies at once, flushes on the timer", async () => {
    const storage = memoryStorage();
    let flushes = 0;
    const counting = { ...storage, flush: async (n: string) => void (flushes++, await storage.flush(n)) };
    const e = await open(counting, { appendfsync: "everysec" });
    const s = e.createSession();
    expect(s.exec(["SET", "k", "v"])).toEqual({ value: "OK" });
    await sleep(60);
    expect(flushes).toBeGreaterThan(0);
    expect(text(storage, "appendonlydir/appendonly.aof.1.incr.aof")).toContain("SET");
    await stop(e);
  });

  it("a failing append turns writes into MISCONF until it recovers, and loses nothing", async () => {
    const storage = controlledStorage(false);
    const e = await open(storage, { appendfsync: "no" });
    const s = e.createSession();
    await cmd(s, "SET", "before", "1");
    await sleep(5);
    storage.failAppends = true;
    await cmd(s, "SET", "during", "2");
    await sleep(5);
    const fields = infoOf(await cmd(s, "INFO", "persistence"));
    expect(fields["aof_last_write_status"]).toBe("err");
    const refused = await cmd(s, "SET", "x", "y");
    expect(refused).toMatchObject({ message: "MISCONF Errors writing to the AOF file: No space left on device" });
    expect(await cmd(s, "GET", "before")).toBe("1");
    storage.failAppends = false;
    await sleep(60);
    expect(infoOf(await cmd(s, "INFO", "persistence"))["aof_last_write_status"]).toBe("ok");
    expect(await cmd(s, "SET", "after", "3")).toEqual({ value: "OK" });
    const before = contents(e);
    await stop(e);
    const e2 = await open(memoryFrom(storage));
    expect(contents(e2)).toEqual(before);
  });
});

describe("closing", () => {
  it("closing while the AOF cannot be written does not hang", async () => {
    const storage = controlledStorage(false);
    const e = await open(storage, { appendfsync: "everysec" });
    storage.failAppends = true;
    await cmd(e.createSession(), "SET", "k", "v");
    await sleep(5);
    await stop(e);
    expect(persistenceOf(e)!.isClosed).toBe(true);
  });
});

/** A plain memory storage holding a copy of another's files. */
function memoryFrom(s: MemoryStorage): MemoryStorage {
  const m = memoryStorage();
  for (const [k, v] of s.files) m.files.set(k, v.map((c) => c.slice()));
  return m;
}

describe("loading", () => {
  async function withTornTail(): Promise<{ storage: MemoryStorage; full: ReturnType<typeof contents> }> {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, {}, clock);
    const s = e.createSession();
    await cmd(s, "SET", "a", "1");
    await cmd(s, "SET", "b", "2");
    const full = contents(e);
    await stop(e);
    const name = "appendonlydir/appendonly.aof.1.incr.aof";
    const torn = Buffer.concat([...storage.files.get(name)!, encodeCommand(["SET", "c", "3"]).subarray(0, 10)]);
    storage.files.set(name, [torn]);
    return { storage, full };
  }

  it("aof-load-truncated yes: a torn last record is cut off, the file truncated, and reported", async () => {
    const { storage, full } = await withTornTail();
    const sizeBefore = text(storage, "appendonlydir/appendonly.aof.1.incr.aof").length;
    const e = await open(storage);
    expect(contents(e)).toEqual(full);
    expect(loadReportOf(e)?.truncated).toMatch(/incomplete record/);
    expect(text(storage, "appendonlydir/appendonly.aof.1.incr.aof").length).toBe(sizeBefore - 10);
    // Appends continue after the cut, and the file stays loadable.
    await cmd(e.createSession(), "SET", "d", "4");
    await stop(e);
    const e2 = await open(storage);
    expect(Object.keys(contents(e2)[0]!)).toEqual(["a", "b", "d"]);
    await stop(e2);
  });

  it("aof-load-truncated no: refused, files untouched", async () => {
    const { storage } = await withTornTail();
    const snapshot = new Map([...storage.files].map(([k, v]) => [k, Buffer.concat(v)]));
    await expect(open(storage, { "aof-load-truncated": "no" })).rejects.toThrow(/Unexpected end of file.*aof-load-truncated/);
    expect(new Map([...storage.files].map(([k, v]) => [k, Buffer.concat(v)]))).toEqual(snapshot);
  });

  it("an unknown command in the AOF fails the load", async () => {
    const storage = memoryStorage();
    await stop(await open(storage));
    storage.files.set("appendonlydir/appendonly.aof.1.incr.aof", [encodeCommand(["NOSUCHCMD", "x"])]);
    await expect(open(storage)).rejects.toThrow("Unknown command 'NOSUCHCMD' reading the append only file appendonly.aof.1.incr.aof");
  });

  it("a file listed in the manifest but missing fails the load", async () => {
    const storage = memoryStorage();
    await stop(await open(storage));
    storage.files.delete("appendonlydir/appendonly.aof.1.incr.aof");
    await expect(open(storage)).rejects.toThrow("The AOF file appendonly.aof.1.incr.aof listed in the manifest does not exist");
  });

  it("migrates an old single-file appendonly.aof into the folder", async () => {
    const storage = memoryStorage();
    storage.files.set("appendonly.aof", [encodeCommand(["SELECT", "0"]), encodeCommand(["SET", "old", "style"])]);
    const e = await open(storage);
    expect(await cmd(e.createSession(), "GET", "old")).toBe("style");
    expect(storage.files.has("appendonly.aof")).toBe(false);
    expect(manifestText(storage)).toBe("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    await cmd(e.createSession(), "SET", "new", "1");
    await stop(e);
    const e2 = await open(storage);
    expect(await cmd(e2.createSession(), "MGET", "old", "new")).toEqual(["style", "1"]);
    await stop(e2);
  });

  it("with appendonly yes and only a dump.rdb, loads it and builds the AOF from it", async () => {
    const storage = memoryStorage();
    const clock = new ManualClock(T0);
    const e = await open(storage, { appendonly: "no" }, clock);
    const s = e.createSession();
    await runWorkload(s, seededRng("rdb-then-aof"), 200);
    expect(await cmd(s, "SAVE")).toEqual({ value: "OK" });
    const before = contents(e);
    await stop(e);
    const e2 = await open(storage, { appendonly: "yes" }, clock);
    expect(contents(e2)).toEqual(before);
    expect(manifestText(storage)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    await stop(e2);
    const e3 = await open(storage, { appendonly: "yes" }, clock);
    expect(contents(e3)).toEqual(before);
    expect(loadReportOf(e3)?.source).toBe("aof");
    await stop(e3);
  });
});

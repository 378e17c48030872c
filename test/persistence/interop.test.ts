/**
 * Interop with a real redis-server (Debian's 7.0) on the same directory, both ways:
 *  - a dataset built here, saved with the fs backend, is served identically by redis-server started
 *    on that directory with the RDB alone, and with the AOF folder alone (RDB and command bases);
 *  - redis-check-rdb and redis-check-aof accept our files;
 *  - an AOF written by redis-server (manifest, RDB base, INCR) loads here identically.
 * Skipped when redis-server is not installed.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/engine.js";
import { persistenceOf } from "../../src/persistence/open.js";
import { createEngine } from "../../src/node.js";
import { redisServerAvailable, startRedisServer } from "../setup/redis-server.js";
import { seededRng } from "../support/seeded.js";
import { type Canonical, cmd, contents, sleep, tempDir } from "./helpers.js";
import { runWorkload } from "./workload.js";

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

function dir(label: string): string {
  const t = tempDir(label);
  cleanups.push(t.remove);
  return t.dir;
}

const latin1 = (b: Buffer | null): string => (b === null ? "" : b.toString("latin1"));

/** What a real server holds, in the shape of contents(engine). */
async function serverContents(port: number): Promise<Record<number, Canonical>> {
  const out: Record<number, Canonical> = {};
  for (let db = 0; db < 16; db++) {
    const c = new Redis({ port, host: "127.0.0.1", db, lazyConnect: true, maxRetriesPerRequest: 0 });
    await c.connect();
    try {
      const keys = (await c.keysBuffer("*")).map(latin1).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (keys.length === 0) continue;
      const canon: Canonical = {};
      for (const key of keys) {
        const k = Buffer.from(key, "latin1");
        const type = (await c.type(k)) as string;
        const pexpireAt = Number(await c.call("PEXPIRETIME", k));
        let value: unknown;
        if (type === "string") value = latin1(await c.getBuffer(k));
        else if (type === "list") value = (await c.lrangeBuffer(k, 0, -1)).map(latin1);
        else if (type === "set") value = (await c.smembersBuffer(k)).map(latin1).sort();
        else if (type === "hash") {
          const flat = ((await c.callBuffer("HGETALL", k)) as Buffer[]).map(latin1);
          const rows: string[][] = [];
          for (let i = 0; i < flat.length; i += 2) rows.push([flat[i]!, flat[i + 1]!, "0"]);
          value = rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
        }
        canon[key] = { type, value, expireAt: pexpireAt > 0 ? pexpireAt : 0 };
      }
      out[db] = canon;
    } finally {
      c.disconnect();
    }
  }
  return out;
}

/** Builds a dataset covering every type and encoding that exists, with TTLs and binary data, in a few dbs. */
async function buildDataset(e: Engine): Promise<void> {
  const s = e.createSession();
  const far = Date.now() + 3_600_000;
  await cmd(s, "SET", "str", "hello");
  await cmd(s, "SET", "int", "12345");
  await cmd(s, "SET", "big", "x".repeat(5000));
  await cmd(s, "SET", "bin", "\x00\x01\xfe\xff\r\n");
  await cmd(s, "SET", "ttl", "v", "PXAT", far);
  await cmd(s, "RPUSH", "small-list", "a", "b", "1");
  for (let i = 0; i < 300; i++) await cmd(s, "RPUSH", "big-list", `element-${i}-${"y".repeat(i % 40)}`);
  await cmd(s, "SADD", "intset", "1", "2", "3", "-5");
  await cmd(s, "SADD", "lpset", "a", "b", "c");
  for (let i = 0; i < 200; i++) await cmd(s, "SADD", "hset", `m${i}`);
  await cmd(s, "HSET", "small-hash", "f", "v", "g", "\xff");
  for (let i = 0; i < 600; i++) await cmd(s, "HSET", "big-hash", `f${i}`, `v${i}`);
  await cmd(s, "PEXPIREAT", "big-hash", far + 1);
  await cmd(s, "SELECT", "3");
  await cmd(s, "SET", "in-db-3", "yes");
  await runWorkload(s, seededRng("interop"), 400, false);
  // Keys that must not expire during the test: the workload's relative TTLs are minutes long.
}

const skip = !redisServerAvailable();

describe.skipIf(skip)("redis-server serves what we saved", () => {
  it("from dump.rdb alone", async () => {
    const d = dir("interop-rdb");
    const e = await createEngine({ dir: d, config: { appendonly: "no", save: "" } });
    await buildDataset(e);
    expect(await cmd(e.createSession(), "SAVE")).toEqual({ value: "OK" });
    const ours = contents(e);
    e.close();
    const check = spawnSync("redis-check-rdb", [join(d, "dump.rdb")], { encoding: "utf8" });
    expect(check.stdout).toContain("RDB looks OK!");
    expect(check.status).toBe(0);
    const srv = await startRedisServer(["--dir", d, "--dbfilename", "dump.rdb", "--appendonly", "no"]);
    try {
      expect(await serverContents(srv.port)).toEqual(ours);
    } finally {
      await srv.stop();
    }
  });

  it.each(["yes", "no"])("from the AOF folder alone (aof-use-rdb-preamble %s)", async (preamble) => {
    const d = dir("interop-aof");
    const e = await createEngine({
      dir: d,
      config: { appendonly: "yes", save: "", appendfsync: "always", "aof-use-rdb-preamble": preamble },
    });
    const s = e.createSession();
    await buildDataset(e);
    // A rewrite in the middle, so the folder has a real base and an INCR with writes after it.
    await cmd(s, "BGREWRITEAOF");
    await persistenceOf(e)!.waitForBackgroundJob();
    await runWorkload(s, seededRng(`interop-after-${preamble}`), 200, false);
    await cmd(s, "SELECT", "5");
    await cmd(s, "MULTI");
    await cmd(s, "INCR", "counter");
    await cmd(s, "RPUSH", "q", "job");
    await cmd(s, "EXEC");
    const ours = contents(e);
    await persistenceOf(e)!.close();
    e.close();
    const check = spawnSync("redis-check-aof", [join(d, "appendonlydir", "appendonly.aof.manifest")], { encoding: "utf8" });
    expect(check.stdout).toMatch(/is valid/);
    expect(check.status).toBe(0);
    const only = dir("interop-aof-only");
    mkdirSync(join(only, "appendonlydir"));
    cpSync(join(d, "appendonlydir"), join(only, "appendonlydir"), { recursive: true });
    const srv = await startRedisServer(["--dir", only, "--appendonly", "yes"]);
    try {
      expect(await serverContents(srv.port)).toEqual(ours);
    } finally {
      await srv.stop();
    }
  });
});

describe.skipIf(skip)("we load what redis-server wrote", () => {
  it("its multi-part AOF (RDB base and INCR file)", async () => {
    const d = dir("interop-from-redis");
    const srv = await startRedisServer(["--dir", d, "--appendonly", "yes", "--appendfsync", "always"]);
    let theirs: Record<number, Canonical>;
    try {
      const c = new Redis({ port: srv.port, host: "127.0.0.1", maxRetriesPerRequest: 0 });
      await c.set("a", "1");
      await c.rpush("l", "x", "y", "z");
      await c.sadd("s", "1", "2", "three");
      await c.hset("h", "f", "v", "g", "w");
      await c.set("t", "v", "PX", 3_600_000);
      await c.bgrewriteaof();
      for (let i = 0; i < 100; i++) {
        const info = await c.info("persistence");
        if (info.includes("aof_rewrite_in_progress:0") && !info.includes("aof_rewrite_scheduled:1")) break;
        await sleep(50);
      }
      await c.incrbyfloat("f", "2.5");
      await c.select(2);
      await c.multi().set("x", "y").lpush("l2", "a").exec();
      await c.spop("s");
      theirs = await serverContents(srv.port);
      c.disconnect();
    } finally {
      // SIGTERM: redis-server flushes its AOF on the way out.
      const only = dir("interop-from-redis-copy");
      cpSync(join(d, "appendonlydir"), join(only, "appendonlydir"), { recursive: true });
      await srv.stop();
      const e = await createEngine({ dir: only, config: { appendonly: "yes" } });
      expect(contents(e)).toEqual(theirs!);
      e.close();
    }
  });
});

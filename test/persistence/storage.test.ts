/**
 * The Storage contract (src/persistence/storage.ts), run against every backend: memory, the Node
 * filesystem in a temporary directory, and IndexedDB through fake-indexeddb.
 */
import "fake-indexeddb/auto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { fsStorage } from "../../src/persistence/backends/fs.js";
import { deleteIndexedDbStorage, indexedDbStorage, SCHEMA_VERSION } from "../../src/persistence/backends/indexeddb.js";
import { memoryStorage } from "../../src/persistence/backends/memory.js";
import type { Storage } from "../../src/persistence/storage.js";
import { tempDir } from "./helpers.js";

const dirs: Array<() => void> = [];
afterAll(() => dirs.forEach((d) => d()));

let dbCounter = 0;
const backends: Array<[string, () => Storage]> = [
  ["memory", () => memoryStorage()],
  [
    "fs",
    () => {
      const t = tempDir("storage");
      dirs.push(t.remove);
      return fsStorage(t.dir);
    },
  ],
  ["indexeddb", () => indexedDbStorage(`storage-test-${++dbCounter}`)],
];

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

describe.each(backends)("Storage contract: %s", (_name, make) => {
  it("reads undefined for a missing file, and what was written", async () => {
    const s = make();
    expect(await s.read("nope")).toBeUndefined();
    await s.write("dump.rdb", bytes("hello"));
    expect(text(await s.read("dump.rdb"))).toBe("hello");
    await s.close?.();
  });

  it("write replaces the whole file, from one buffer or several", async () => {
    const s = make();
    await s.write("a", bytes("a long first version"));
    await s.write("a", [bytes("sh"), bytes("ort"), new Uint8Array(0)]);
    expect(text(await s.read("a"))).toBe("short");
    await s.write("a", new Uint8Array(0));
    expect((await s.read("a"))?.length).toBe(0);
    await s.close?.();
  });

  it("append creates and extends, in order, and keeps binary bytes", async () => {
    const s = make();
    await s.append("dir/log", bytes("one,"));
    await s.append("dir/log", [bytes("two,"), bytes("three")]);
    await s.append("dir/log", new Uint8Array(0));
    expect(text(await s.read("dir/log"))).toBe("one,two,three");
    const all = new Uint8Array(256).map((_, i) => i);
    await s.append("bin", all);
    expect([...(await s.read("bin"))!]).toEqual([...all]);
    await s.flush("dir/log");
    await s.flush("never-appended");
    await s.close?.();
  });

  it("what was stored does not change when the caller reuses its buffer", async () => {
    const s = make();
    const buf = bytes("xyz");
    await s.write("w", buf);
    await s.append("p", buf);
    buf[0] = 0x41;
    expect(text(await s.read("w"))).toBe("xyz");
    expect(text(await s.read("p"))).toBe("xyz");
    await s.close?.();
  });

  it("an append after a replace goes to the new content", async () => {
    const s = make();
    await s.append("f", bytes("old"));
    await s.write("f", bytes("new"));
    await s.append("f", bytes("+"));
    expect(text(await s.read("f"))).toBe("new+");
    await s.close?.();
  });

  it("lists the files directly inside a folder, and deletes", async () => {
    const s = make();
    await s.write("dump.rdb", bytes("1"));
    await s.write("appendonlydir/m", bytes("2"));
    await s.append("appendonlydir/i", bytes("3"));
    await s.write("appendonlydir/sub/x", bytes("4"));
    expect(await s.list("appendonlydir")).toEqual(["appendonlydir/i", "appendonlydir/m"]);
    expect(await s.list("")).toEqual(["dump.rdb"]);
    expect(await s.list("missing")).toEqual([]);
    await s.delete("appendonlydir/m");
    await s.delete("appendonlydir/m");
    await s.delete("appendonlydir/i");
    expect(await s.list("appendonlydir")).toEqual([]);
    expect(await s.read("appendonlydir/i")).toBeUndefined();
    await s.close?.();
  });

  it("refuses names that would escape the root", async () => {
    const s = make();
    for (const bad of ["", "/etc/passwd", "../x", "a/../b", "a//b", "./a"]) {
      await expect(s.write(bad, bytes("x"))).rejects.toThrow(/invalid storage file name/);
    }
    await s.close?.();
  });

  it("concurrent appends to one file keep their order", async () => {
    const s = make();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.append("c", bytes(`${i};`))));
    expect(text(await s.read("c"))).toBe(Array.from({ length: 20 }, (_, i) => `${i};`).join(""));
    await s.close?.();
  });
});

describe("fs backend specifics", () => {
  it("lays files out as real files, replaces atomically and leaves no temp file", async () => {
    const t = tempDir("fs");
    dirs.push(t.remove);
    const s = fsStorage(t.dir);
    await s.write("appendonlydir/appendonly.aof.manifest", bytes("file x seq 1 type b\n"));
    await s.write("appendonlydir/appendonly.aof.manifest", bytes("file y seq 2 type b\n"));
    await s.append("appendonlydir/appendonly.aof.1.incr.aof", bytes("*1\r\n$4\r\nPING\r\n"));
    await s.flush("appendonlydir/appendonly.aof.1.incr.aof");
    expect(readFileSync(`${t.dir}/appendonlydir/appendonly.aof.manifest`, "latin1")).toBe("file y seq 2 type b\n");
    expect(readdirSync(`${t.dir}/appendonlydir`).sort()).toEqual(["appendonly.aof.1.incr.aof", "appendonly.aof.manifest"]);
    await s.close?.();
  });

  it("a failed write leaves the old file in place", async () => {
    const t = tempDir("fs");
    dirs.push(t.remove);
    const s = fsStorage(t.dir);
    await s.write("a", bytes("old"));
    // A folder where the target's temp file would go cannot be written: the folder "a" is a file.
    await expect(s.write("a/b", bytes("x"))).rejects.toThrow();
    expect(readFileSync(`${t.dir}/a`, "latin1")).toBe("old");
    expect(existsSync(`${t.dir}/a`)).toBe(true);
    await s.close?.();
  });
});

describe("indexeddb backend specifics", () => {
  it("persists across connections and upgrades from a pre-existing database", async () => {
    const name = `idb-persist-${++dbCounter}`;
    const a = indexedDbStorage(name);
    await a.append("log", bytes("ab"));
    await a.close?.();
    const b = indexedDbStorage(name);
    expect(text(await b.read("log"))).toBe("ab");
    await b.close?.();
    await deleteIndexedDbStorage(name);
    const c = indexedDbStorage(name);
    expect(await c.read("log")).toBeUndefined();
    await c.close?.();
  });

  it("refuses a database written by a newer schema", async () => {
    const name = `idb-newer-${++dbCounter}`;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, SCHEMA_VERSION + 1);
      req.onupgradeneeded = () => req.result.createObjectStore("files");
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const s = indexedDbStorage(name);
    await expect(s.read("x")).rejects.toThrow(/newer version/);
    await s.close?.();
  });
});

/**
 * Corruption: flipped bits and truncations in every file a data directory holds — the manifest, an
 * RDB base, a command-form base, a closed INCR file, the open INCR file, dump.rdb — are detected and
 * reported (the load rejects with a message naming the file, and no file is changed), or provably
 * harmless (what loads is exactly the original data). Only the open INCR file may lose a tail, and
 * only as a reported torn write (aof-load-truncated yes).
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/engine/clock.js";
import type { Engine } from "../../src/engine/engine.js";
import { memoryStorage, type MemoryStorage } from "../../src/persistence/backends/memory.js";
import { loadReportOf, openPersistentEngine, persistenceOf } from "../../src/persistence/open.js";
import type { Storage } from "../../src/persistence/storage.js";
import { seededRng } from "../support/seeded.js";
import { cmd, contents } from "./helpers.js";
import { runWorkload } from "./workload.js";

const T0 = Date.UTC(2030, 0, 1);
const clock = new ManualClock(T0);

function open(storage: Storage, config: Record<string, string>): Promise<Engine> {
  return openPersistentEngine({ storage, clock, config: { save: "", ...config }, log: () => undefined, sliceMs: 1 });
}

type Files = Map<string, Buffer>;
const filesOf = (s: MemoryStorage): Files => new Map([...s.files].map(([k, v]) => [k, Buffer.concat(v)]));
function storageOf(files: Files): MemoryStorage {
  const s = memoryStorage();
  for (const [k, v] of files) s.files.set(k, [Uint8Array.from(v)]);
  return s;
}

/**
 * A data directory with every kind of file: an RDB (or command) base, a closed INCR file (left by a
 * rewrite whose base could not be written), the open INCR file, and a dump.rdb.
 */
const built = new Map<string, Promise<{ files: Files; expected: ReturnType<typeof contents> }>>();
function buildDir(preamble: "yes" | "no"): Promise<{ files: Files; expected: ReturnType<typeof contents> }> {
  let b = built.get(preamble);
  if (b === undefined) built.set(preamble, (b = makeDir(preamble)));
  return b;
}

async function makeDir(preamble: "yes" | "no"): Promise<{ files: Files; expected: ReturnType<typeof contents> }> {
  const storage = memoryStorage();
  let failBase = false;
  const flaky: Storage = {
    ...storage,
    write: (name, data) => (failBase && /\.base\./.test(name) ? Promise.reject(new Error("EIO")) : storage.write(name, data)),
  };
  const e = await open(flaky, { appendonly: "yes", "aof-use-rdb-preamble": preamble });
  const s = e.createSession();
  const rng = seededRng(`corruption-${preamble}`);
  await runWorkload(s, rng, 150);
  await cmd(s, "BGREWRITEAOF");
  await persistenceOf(e)!.waitForBackgroundJob();
  await runWorkload(s, rng, 100);
  failBase = true;
  await cmd(s, "BGREWRITEAOF");
  await persistenceOf(e)!.waitForBackgroundJob();
  failBase = false;
  await runWorkload(s, rng, 100);
  expect(await cmd(s, "SAVE")).toEqual({ value: "OK" });
  const expected = contents(e);
  await persistenceOf(e)!.close();
  e.close();
  const files = filesOf(storage);
  const ext = preamble === "yes" ? "rdb" : "aof";
  expect([...files.keys()].sort()).toEqual([
    `appendonlydir/appendonly.aof.2.base.${ext}`,
    "appendonlydir/appendonly.aof.2.incr.aof",
    "appendonlydir/appendonly.aof.3.incr.aof",
    "appendonlydir/appendonly.aof.manifest",
    "dump.rdb",
  ]);
  return { files, expected };
}

/** Loads `files` (AOF first when appendonly yes). */
async function attempt(
  files: Files,
  config: Record<string, string>,
): Promise<{ ok: true; data: ReturnType<typeof contents>; truncated: string | undefined } | { ok: false; error: string }> {
  const storage = storageOf(files);
  try {
    const e = await open(storage, config);
    const data = contents(e);
    const truncated = loadReportOf(e)?.truncated;
    await persistenceOf(e)!.close();
    e.close();
    return { ok: true, data, truncated };
  } catch (err) {
    // A rejected load must leave every file exactly as it was.
    expect(filesOf(storage)).toEqual(files);
    return { ok: false, error: (err as Error).message };
  }
}

/** Positions to damage: every byte of small files, a seeded sample of large ones. */
function positions(size: number, label: string, max = 40): number[] {
  if (size <= max) return Array.from({ length: size }, (_, i) => i);
  const rng = seededRng(label);
  return Array.from({ length: max }, () => rng.int(0, size - 1));
}

describe.each(["yes", "no"] as const)("corruption (aof-use-rdb-preamble %s)", (preamble) => {
  const ext = preamble === "yes" ? "rdb" : "aof";
  const aofFiles = [
    "appendonlydir/appendonly.aof.manifest",
    `appendonlydir/appendonly.aof.2.base.${ext}`,
    "appendonlydir/appendonly.aof.2.incr.aof",
    "appendonlydir/appendonly.aof.3.incr.aof",
  ];

  it("the intact directory loads, from the AOF and from dump.rdb", async () => {
    const { files, expected } = await buildDir(preamble);
    expect(await attempt(files, { appendonly: "yes" })).toEqual({ ok: true, data: expected, truncated: undefined });
    expect(await attempt(files, { appendonly: "no" })).toEqual({ ok: true, data: expected, truncated: undefined });
  });

  it.each(aofFiles)("a flipped bit in %s is reported or harmless", async (name) => {
    const { files, expected } = await buildDir(preamble);
    const original = files.get(name)!;
    const rng = seededRng(`flip-${preamble}-${name}`);
    let reported = 0;
    // Every byte of the manifest (small, and the one file whose damage could drop others silently).
    const max = name.endsWith(".manifest") ? original.length : 40;
    for (const at of positions(original.length, `pos-${preamble}-${name}`, max)) {
      const damaged = Buffer.from(original);
      damaged[at] = damaged[at]! ^ (1 << rng.int(0, 7));
      const r = await attempt(new Map(files).set(name, damaged), { appendonly: "yes" });
      if (r.ok) {
        // Undetected only when nothing that matters changed (an annotation's or comment's name).
        expect({ at, data: r.data, truncated: r.truncated }).toEqual({ at, data: expected, truncated: undefined });
      } else {
        expect(r.error).toMatch(/appendonly\.aof|manifest/);
        reported++;
      }
    }
    expect(reported).toBeGreaterThan(0);
  });

  it.each(aofFiles.slice(0, 3))("a truncated %s is always refused", async (name) => {
    const { files } = await buildDir(preamble);
    const original = files.get(name)!;
    for (const len of positions(original.length, `cut-${preamble}-${name}`, 25)) {
      const r = await attempt(new Map(files).set(name, original.subarray(0, len)), { appendonly: "yes" });
      expect({ len, ok: r.ok }).toEqual({ len, ok: false });
    }
  });

  it("a truncated open INCR file is a reported torn tail (refused with aof-load-truncated no)", async () => {
    const { files, expected } = await buildDir(preamble);
    const name = "appendonlydir/appendonly.aof.3.incr.aof";
    const original = files.get(name)!;
    for (const len of positions(original.length - 1, `cut-open-${preamble}`, 20)) {
      const cut = new Map(files).set(name, original.subarray(0, len));
      const r = await attempt(cut, { appendonly: "yes" });
      expect(r.ok).toBe(true);
      if (r.ok && r.truncated === undefined) {
        // Cut exactly at a group boundary: indistinguishable from a write that never happened.
        expect(original[len - 1]).toBe(0x0a);
      }
      if (r.ok) expect(Object.keys(r.data).length).toBeGreaterThan(0);
      const strict = await attempt(cut, { appendonly: "yes", "aof-load-truncated": "no" });
      if (r.ok && r.truncated !== undefined) expect(strict.ok).toBe(false);
    }
    expect((await attempt(files, { appendonly: "yes" })).ok && expected).toBeTruthy();
  });

  it("dump.rdb: every flipped bit and every cut is refused", async () => {
    const { files } = await buildDir(preamble);
    const original = files.get("dump.rdb")!;
    const rng = seededRng(`rdb-${preamble}`);
    for (const at of positions(original.length, `rdbpos-${preamble}`, 30)) {
      const damaged = Buffer.from(original);
      damaged[at] = damaged[at]! ^ (1 << rng.int(0, 7));
      const r = await attempt(new Map(files).set("dump.rdb", damaged), { appendonly: "no" });
      expect({ at, ok: r.ok }).toEqual({ at, ok: false });
      if (!r.ok) expect(r.error).toMatch(/dump\.rdb/);
    }
    for (const len of positions(original.length, `rdbcut-${preamble}`, 15)) {
      const r = await attempt(new Map(files).set("dump.rdb", original.subarray(0, len)), { appendonly: "no" });
      expect({ len, ok: r.ok }).toEqual({ len, ok: false });
    }
  });
});

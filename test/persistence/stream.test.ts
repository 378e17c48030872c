/**
 * Streams through persistence:
 *  - RDB files and DUMP payloads written here reload here to the very same stream: entries,
 *    tombstones and node layout (XINFO's radix figures), metadata, groups, PELs with delivery times
 *    and counts, consumers with seen and active times;
 *  - against a real redis-server 7.0: its DUMP payloads and RDB files load here with the same node
 *    layout and group state, ours load there (RDB_TYPE_STREAM_LISTPACKS_2, RDB 10) — except a stream
 *    whose consumers' active times need 7.2's type, which 7.0 refuses by version;
 *  - what is logged (convention 5): XADD * as its ID, approximate trims as exact ones, XREADGROUP as
 *    XCLAIM / XGROUP SETID / XGROUP CREATECONSUMER, XCLAIM and XAUTOCLAIM as XCLAIM, and a replay of
 *    the log rebuilds the stream;
 *  - the command-form AOF base (rewriteStreamObject) rebuilds every stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Effect } from "../../src/index.js";
import { ManualClock } from "../../src/engine/clock.js";
import { parseAofFile } from "../../src/persistence/aof/records.js";
import { encodeRespBase } from "../../src/persistence/aof/resp-base.js";
import { RDB_TYPE_STREAM_LISTPACKS_2, RDB_TYPE_STREAM_LISTPACKS_3 } from "../../src/persistence/rdb/constants.js";
import { applyDataset, decodeRdb, encodeRdbToBytes, parseDumpPayload, takeSnapshot } from "../../src/persistence/rdb/index.js";
import { type Resp, RespError } from "../support/differential.js";
import { call, callRaw, checkRdb, haveRedis, type Oracle, Ours, readDump, serverOn, tempDir, writeDump } from "./rdb-support.js";

const BIN = "\x00\xff\r\n\x01";

/** Streams with nodes, tombstones, groups, PELs and consumers, built the same way on any server. */
function setup(): string[][] {
  const c: string[][] = [["CONFIG", "SET", "stream-node-max-entries", "5"]];
  for (let i = 0; i < 40; i++) {
    const fields = i % 4 === 0 ? ["a", String(i), "b", "x".repeat(i)] : ["a", String(-i), "b", BIN];
    c.push(["XADD", "s", `${1000 + i * 7}-${i % 3}`, ...fields]);
  }
  c.push(
    ["XDEL", "s", "1021-0", "1028-1", "1007-1"],
    ["XGROUP", "CREATE", "s", "g1", "0"],
    ["XGROUP", "CREATE", "s", "g2", "$"],
    ["XGROUP", "CREATE", "s", "g3", "1100-0", "ENTRIESREAD", "3"],
    ["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "s", ">"],
    ["XREADGROUP", "GROUP", "g3", "erin", "NOACK", "COUNT", "2", "STREAMS", "s", ">"],
    // (A NOACK read leaves the active time alone; a plain one sets it to the seen time again.)
    ["XREADGROUP", "GROUP", "g3", "erin", "COUNT", "1", "STREAMS", "s", ">"],
    ["XCLAIM", "s", "g1", "carol", "0", "1042-0", "RETRYCOUNT", "9"],
    ["XDEL", "s", "1035-2"],
    ["XTRIM", "s", "MAXLEN", "~", "30"],
    ["XADD", BIN, "1-1", "f", "v"],
    ["XGROUP", "CREATE", BIN, BIN, "0"],
    ["XREADGROUP", "GROUP", BIN, BIN, "STREAMS", BIN, ">"],
    ["XGROUP", "CREATE", "e", "g", "$", "MKSTREAM"],
    ["XADD", "m", "1-1", "f", "v"],
    ["XADD", "m", "2-1", "f", "v"],
    ["XADD", "m", "3-1", "f", "v"],
    ["XDEL", "m", "3-1"],
    ["XTRIM", "m", "MINID", "3"],
    ["XSETID", "m", "50-0", "ENTRIESADDED", "77"],
    ["CONFIG", "SET", "stream-node-max-entries", "100"],
  );
  return c;
}
const KEYS = ["s", BIN, "e", "m"];
/** A consumer whose active time (-1) differs from its seen time: only RDB_TYPE_STREAM_LISTPACKS_3 keeps it. */
const V3_SETUP = [["XADD", "v3", "1-1", "f", "v"], ["XGROUP", "CREATE", "v3", "g", "0"], ["XGROUP", "CREATECONSUMER", "v3", "g", "dave"]];

/** Masks time-dependent integers (idle in XPENDING rows). */
function maskIdle(r: Resp): Resp {
  return Array.isArray(r) ? r.map((row) => (Array.isArray(row) && row.length === 4 ? [row[0]!, row[1]!, "<t>", row[3]!] : row)) : r;
}

/** Drops `name value` pairs from flat maps, recursively (7.2-only fields when comparing with 7.0). */
function drop(r: Resp, names: string[]): Resp {
  if (!Array.isArray(r)) return r;
  const out: Resp[] = [];
  for (let i = 0; i < r.length; i++) {
    const v = r[i]!;
    if (typeof v === "string" && names.includes(v) && i % 2 === 0 && i + 1 < r.length) {
      i++;
      continue;
    }
    out.push(drop(v, names));
  }
  return out;
}

/** Everything observable about a stream key, times included unless they depend on "now". */
async function streamState(t: Oracle | Ours, key: string, opts: { v72?: boolean; radix?: boolean } = {}): Promise<Resp> {
  const info = (await call(t, "XINFO", "STREAM", key)) as Resp[];
  let full = await call(t, "XINFO", "STREAM", key, "FULL", "COUNT", "0");
  if (opts.v72 === false) full = drop(full, ["active-time"]);
  if (opts.radix === false) full = drop(full, ["radix-tree-keys", "radix-tree-nodes"]);
  const groups = (await call(t, "XINFO", "GROUPS", key)) as Resp[][];
  const pel: Resp[] = [];
  for (const g of groups) {
    pel.push(await call(t, "XPENDING", key, g[1] as string));
    pel.push(maskIdle(await call(t, "XPENDING", key, g[1] as string, "-", "+", "1000")));
  }
  return [opts.radix === false ? drop(info, ["radix-tree-keys", "radix-tree-nodes"]) : info, full, groups, pel];
}

async function build(t: Oracle | Ours, cmds: string[][]): Promise<void> {
  for (const c of cmds) await call(t, ...c);
}

describe("streams through RDB, DUMP and the AOF (our engine)", () => {
  it("an RDB file and DUMP payloads reload to the very same streams", async () => {
    const ours = new Ours();
    await build(ours, [...setup(), ...V3_SETUP]);
    const before: Record<string, Resp> = {};
    for (const k of [...KEYS, "v3"]) before[k] = await streamState(ours, k);
    const file = encodeRdbToBytes(takeSnapshot(ours.engine));
    // One stream needs 7.2's type: the file says RDB 11.
    expect(Buffer.from(file.subarray(0, 9)).toString("latin1")).toBe("REDIS0011");
    const ds = decodeRdb(file);
    const types = Object.fromEntries(ds.dbs[0]!.keys.map((k) => [k.key, k.value.rdbType]));
    expect(types).toEqual({ s: RDB_TYPE_STREAM_LISTPACKS_2, [BIN]: RDB_TYPE_STREAM_LISTPACKS_2, e: RDB_TYPE_STREAM_LISTPACKS_2, m: RDB_TYPE_STREAM_LISTPACKS_2, v3: RDB_TYPE_STREAM_LISTPACKS_3 });
    const again = new Ours();
    applyDataset(again.engine, ds);
    for (const k of [...KEYS, "v3"]) expect(await streamState(again, k), k).toEqual(before[k]);
    // DUMP / RESTORE, and the payload's type and version.
    for (const k of [...KEYS, "v3"]) {
      const payload = (await call(ours, "DUMP", k)) as string;
      const bytes = Buffer.from(payload, "latin1");
      const version = bytes[bytes.length - 10]! | (bytes[bytes.length - 9]! << 8);
      expect(version, k).toBe(k === "v3" ? 11 : 10);
      expect(parseDumpPayload(new Uint8Array(bytes)).rdbType).toBe(k === "v3" ? RDB_TYPE_STREAM_LISTPACKS_3 : RDB_TYPE_STREAM_LISTPACKS_2);
      expect(await call(again, "RESTORE", `copy:${k}`, "0", payload)).toBe("OK");
      expect(await streamState(again, `copy:${k}`), k).toEqual(await streamState(ours, k));
    }
    // Our encoder writes the listpacks Redis would: the decoded node layout is ours, node for node.
    const node = ds.dbs[0]!.keys.find((k) => k.key === "m")!.value;
    expect(node.type === "stream" && node.nodes?.map((n) => n.items.map((i) => [i.id, i.deleted]))).toEqual([[["1-1", true], ["2-1", true], ["3-1", true]]]);
    ours.close();
    again.close();
  });

  it("what is logged: XADD * as its ID, approximate trims as exact, group reads as XCLAIM / SETID", async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ours = new Ours({ clock });
    const batches: Effect[][] = [];
    ours.engine.onEffects((b) => batches.push([...b]));
    const log = async (...argv: string[]) => {
      batches.length = 0;
      await callRaw(ours, ...argv);
      return batches.flat().map((e) => e.argv);
    };
    expect(await log("XADD", "s", "*", "f", "v")).toEqual([["XADD", "s", "1700000000000-0", "f", "v"]]);
    expect(await log("XADD", "s", "5-*", "f", "v")).toEqual([]);
    expect(await log("XADD", "s", "1700000000000-*", "f", "v")).toEqual([["XADD", "s", "1700000000000-1", "f", "v"]]);
    for (let i = 2; i < 250; i++) await call(ours, "XADD", "s", `1700000000000-${i}`, "f", "v");
    expect(await log("XADD", "s", "MAXLEN", "~", "120", "LIMIT", "1000", "*", "f", "v")).toEqual([
      ["XADD", "s", "MAXLEN", "=", "151", "LIMIT", "1000", "1700000000000-250", "f", "v"],
    ]);
    // Nodes of 100: [-100 … -199] and [-200 … -250] remain; MINID ~ drops the first whole node only.
    expect(await log("XTRIM", "s", "MINID", "~", "1700000000000-210")).toEqual([["XTRIM", "s", "MINID", "=", "1700000000000-200"]]);
    expect(await log("XTRIM", "s", "MAXLEN", "~", "49")).toEqual([]);
    expect(await log("XTRIM", "s", "MAXLEN", "50")).toEqual([["XTRIM", "s", "MAXLEN", "50"]]);
    expect(await log("XGROUP", "CREATE", "s", "g", "0")).toEqual([["XGROUP", "CREATE", "s", "g", "0"]]);
    clock.advance(5);
    const t = String(clock.now());
    const id = (n: number) => `1700000000000-${n}`;
    const claim = (consumer: string, n: number, count: number, last: number) =>
      ["XCLAIM", "s", "g", consumer, "0", id(n), "TIME", t, "RETRYCOUNT", String(count), "FORCE", "JUSTID", "LASTID", id(last)];
    expect(await log("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">")).toEqual([
      claim("alice", 201, 1, 201),
      claim("alice", 202, 1, 202),
    ]);
    expect(await log("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0")).toEqual([]);
    // entries-read: 251 added, 50 left, the first is 201 → 202 for it, then one more per entry.
    expect(await log("XREADGROUP", "GROUP", "g", "bob", "NOACK", "COUNT", "3", "STREAMS", "s", ">")).toEqual([
      ["XGROUP", "CREATECONSUMER", "s", "g", "bob"],
      ["XGROUP", "SETID", "s", "g", id(205), "ENTRIESREAD", "206"],
    ]);
    expect(await log("XCLAIM", "s", "g", "carol", "0", id(201), "RETRYCOUNT", "4")).toEqual([claim("carol", 201, 4, 205)]);
    expect(await log("XCLAIM", "s", "g", "carol", "0", "1-1", "LASTID", id(210))).toEqual([
      ["XGROUP", "SETID", "s", "g", id(210), "ENTRIESREAD", "206"],
    ]);
    await call(ours, "XDEL", "s", id(202));
    expect(await log("XAUTOCLAIM", "s", "g", "dave", "0", "0", "COUNT", "1")).toEqual([claim("dave", 201, 5, 210)]);
    // The deleted entry's PEL record goes, logged with its last owner (alice's history read made it 2).
    expect(await log("XAUTOCLAIM", "s", "g", "dave", "0", "0")).toEqual([claim("dave", 201, 6, 210), claim("alice", 202, 2, 210)]);
    expect(await log("XREAD", "STREAMS", "s", "0")).toEqual([]);
    expect(await log("XACK", "s", "g", id(201))).toEqual([["XACK", "s", "g", id(201)]]);
    expect(await log("XACK", "s", "g", id(201))).toEqual([]);
    expect(await log("XGROUP", "SETID", "s", "g", "$")).toEqual([["XGROUP", "SETID", "s", "g", "$"]]);
    ours.close();
  });

  it("replaying what was logged rebuilds the stream (AOF)", async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ours = new Ours({ clock });
    const effects: Effect[] = [];
    ours.engine.onEffects((b) => effects.push(...b));
    await build(ours, setup());
    await call(ours, "XAUTOCLAIM", "s", "g1", "zed", "0", "0", "COUNT", "10");
    await call(ours, "XADD", "s", "*", "f", "v");
    await call(ours, "XTRIM", "s", "MAXLEN", "~", "5");
    const replay = new Ours({ clock });
    replay.engine.setLoading(true);
    for (const e of effects) {
      replay.session.select(e.db);
      const r = await callRaw(replay, ...e.argv);
      expect(r instanceof RespError, `${e.argv.join(" ")}: ${String((r as RespError).message)}`).toBe(false);
    }
    replay.engine.setLoading(false);
    replay.session.select(0);
    for (const k of KEYS) {
      // A replica's reads counters may be unknown where the master's are not (XCLAIM … LASTID does not
      // carry them), as in Redis: compare everything else.
      const strip = (r: Resp) => drop(r, ["entries-read", "lag"]);
      expect(strip(await streamState(replay, k)), k).toEqual(strip(await streamState(ours, k)));
    }
    ours.close();
    replay.close();
  });

  it("the command-form AOF base rebuilds every stream (XADD, XSETID, XGROUP CREATE, XCLAIM, CREATECONSUMER)", async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ours = new Ours({ clock });
    // Without the deletions that leave pending entries pointing at nothing: XCLAIM … FORCE cannot
    // recreate those, in Redis either (checked below on its own).
    const pendingSafe = setup().filter((c) => !(c[0] === "XDEL" && c[1] === "s") && c[0] !== "XTRIM");
    await build(ours, [...pendingSafe, ...V3_SETUP]);
    const chunks = [...encodeRespBase(takeSnapshot(ours.engine))];
    const { commands } = parseAofFile("base", new Uint8Array(Buffer.concat(chunks.map((c) => Buffer.from(c)))));
    expect(commands.filter((c) => c[1] === "e" || c[2] === "e")).toEqual([
      ["XADD", "e", "MAXLEN", "0", "0-1", "x", "y"],
      ["XSETID", "e", "0-0", "ENTRIESADDED", "0", "MAXDELETEDID", "0-0"],
      ["XGROUP", "CREATE", "e", "g", "0-0", "ENTRIESREAD", "-1"],
    ]);
    expect(commands).toContainEqual(["XGROUP", "CREATECONSUMER", "v3", "g", "dave"]);
    expect(commands).toContainEqual(["XCLAIM", "s", "g1", "carol", "0", "1042-0", "TIME", "1700000000000", "RETRYCOUNT", "9", "JUSTID", "FORCE"]);
    const again = new Ours({ clock });
    again.engine.setLoading(true);
    for (const c of commands) await call(again, ...c);
    again.engine.setLoading(false);
    // Rebuilt by XADD: no tombstones, so the node layout may differ; consumers are recreated now.
    for (const k of [...KEYS, "v3"]) {
      const strip = (r: Resp) => drop(r, ["radix-tree-keys", "radix-tree-nodes", "seen-time", "active-time"]);
      expect(strip(await streamState(again, k)), k).toEqual(strip(await streamState(ours, k)));
    }
    // A pending entry whose stream entry is gone is not in the rebuilt PEL (XCLAIM skips it).
    await call(ours, "XDEL", "s", "1000-0");
    const chunks2 = [...encodeRespBase(takeSnapshot(ours.engine))];
    const cmds2 = parseAofFile("base", new Uint8Array(Buffer.concat(chunks2.map((c) => Buffer.from(c))))).commands;
    expect(cmds2).toContainEqual(["XCLAIM", "s", "g1", "alice", "0", "1000-0", "TIME", "1700000000000", "RETRYCOUNT", "1", "JUSTID", "FORCE"]);
    const third = new Ours({ clock });
    third.engine.setLoading(true);
    for (const c of cmds2) await call(third, ...c);
    third.engine.setLoading(false);
    expect(await call(ours, "XPENDING", "s", "g1", "1000-0", "1000-0", "1")).toHaveLength(1);
    expect(await call(third, "XPENDING", "s", "g1", "1000-0", "1000-0", "1")).toEqual([]);
    third.close();
    ours.close();
    again.close();
  });
});

describe.skipIf(!haveRedis())("streams through RDB and DUMP vs redis-server 7.0", () => {
  let o: Oracle;
  let tmp: { dir: string; remove: () => void };
  beforeAll(async () => {
    tmp = tempDir();
    o = await serverOn(tmp.dir);
    await build(o, setup());
  });
  afterAll(async () => {
    await o?.close();
    tmp?.remove();
  });

  it("7.0's DUMP payloads RESTORE here with the same nodes, groups, PELs and consumers", async () => {
    const ours = new Ours();
    for (const k of KEYS) {
      const payload = (await call(o, "DUMP", k)) as string;
      expect(parseDumpPayload(new Uint8Array(Buffer.from(payload, "latin1"))).rdbType).toBe(RDB_TYPE_STREAM_LISTPACKS_2);
      expect(await call(ours, "RESTORE", k, "0", payload)).toBe("OK");
      expect(await streamState(ours, k, { v72: false }), k).toEqual(await streamState(o, k));
      // Restored consumers take their active time from the seen time (a 7.0 payload has none).
      const full = (await call(ours, "XINFO", "STREAM", k, "FULL")) as Resp[];
      for (const g of full[full.indexOf("groups") + 1] as Resp[][]) {
        for (const c of g[g.indexOf("consumers") + 1] as Resp[][]) expect(c[c.indexOf("active-time") + 1]).toBe(c[c.indexOf("seen-time") + 1]);
      }
    }
    ours.close();
  });

  it("without LZF, DUMP of a stream without groups is byte-identical to 7.0's (listpacks, node keys, metadata)", async () => {
    const ours = new Ours();
    const cmds: string[][] = [["CONFIG", "SET", "rdbcompression", "no"], ["CONFIG", "SET", "stream-node-max-bytes", "300"]];
    for (let i = 0; i < 60; i++) {
      const fields = i % 5 === 0 ? ["n", String(i * 1000), "s", "y".repeat(i)] : ["n", String(-i), "t", BIN, "u", "12345678901234567890"];
      cmds.push(["XADD", "raw", `${5000 + (i >> 2)}-${i % 4}`, ...fields]);
    }
    cmds.push(["XDEL", "raw", "5003-1", "5010-0"], ["XTRIM", "raw", "MINID", "5002-2"], ["CONFIG", "SET", "stream-node-max-bytes", "4096"]);
    for (const c of cmds) {
      await call(o, ...c);
      await call(ours, ...c);
    }
    expect(await call(ours, "DUMP", "raw")).toBe(await call(o, "DUMP", "raw"));
    await call(o, "CONFIG", "SET", "rdbcompression", "yes");
    ours.close();
  });

  it("our DUMP payloads RESTORE on 7.0; one that needs 7.2's type is refused by version", async () => {
    const ours = new Ours();
    await build(ours, [...setup(), ...V3_SETUP]);
    for (const k of KEYS) {
      const payload = (await call(ours, "DUMP", k)) as string;
      expect(await call(o, "RESTORE", `ours:${k}`, "0", payload)).toBe("OK");
      expect(await streamState(o, `ours:${k}`), k).toEqual(await streamState(ours, k, { v72: false }));
    }
    const v3 = (await call(ours, "DUMP", "v3")) as string;
    const r = await callRaw(o, "RESTORE", "ours:v3", "0", v3);
    expect(r).toEqual(new RespError("ERR DUMP payload version or checksum are wrong"));
    ours.close();
  });

  it("7.0's RDB file loads here; ours passes redis-check-rdb and loads on 7.0", async () => {
    await call(o, "SAVE");
    const ours = new Ours();
    applyDataset(ours.engine, decodeRdb(readDump(tmp.dir)));
    for (const k of KEYS) expect(await streamState(ours, k, { v72: false }), k).toEqual(await streamState(o, k));
    const out = tempDir();
    try {
      writeDump(out.dir, encodeRdbToBytes(takeSnapshot(ours.engine)));
      const check = checkRdb(`${out.dir}/dump.rdb`);
      expect(check.ok, check.output).toBe(true);
      const o2 = await serverOn(out.dir);
      try {
        for (const k of KEYS) expect(await streamState(o2, k), k).toEqual(await streamState(ours, k, { v72: false }));
      } finally {
        await o2.close();
      }
    } finally {
      out.remove();
    }
    ours.close();
  });
});

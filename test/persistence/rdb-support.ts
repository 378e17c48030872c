/**
 * Helpers for the RDB tests: a private redis-server on a chosen --dir (the oracle of
 * test/support/differential.ts), a small RESP reader, and a canonical dump of a whole keyspace
 * (type, PEXPIRETIME and contents of every key in every database) that reads the same way from our
 * engine and from a real server, so two datasets compare with one deep equality.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Oracle, Ours, oracleAvailable, parseFrame, RespError as RespErr, type Resp } from "../support/differential.js";

export { parseFrame, RespError as RespErr, type Resp } from "../support/differential.js";

export interface Target {
  send(argv: readonly string[]): Promise<string>;
}

/** Sends a command and parses the reply; throws on an error reply unless `allowError`. */
export async function call(t: Target, ...argv: string[]): Promise<Resp> {
  const r = parseFrame(await t.send(argv));
  if (r instanceof RespErr) throw new Error(`${argv.join(" ").slice(0, 80)} -> ${r.message}`);
  return r;
}

export async function callRaw(t: Target, ...argv: string[]): Promise<Resp> {
  return parseFrame(await t.send(argv));
}

export interface KeyState {
  type: string;
  /** PEXPIRETIME: -1 without TTL. */
  expireAt: number;
  content: unknown;
}

/** Every key of databases [0, dbs) with its type, absolute TTL and contents in canonical order. */
export async function dumpKeyspace(t: Target, dbs = 16): Promise<Record<string, KeyState>> {
  const out: Record<string, KeyState> = {};
  for (let db = 0; db < dbs; db++) {
    await call(t, "SELECT", String(db));
    const keys = (await call(t, "KEYS", "*")) as string[];
    keys.sort();
    for (const key of keys) {
      const type = (await call(t, "TYPE", key)) as string;
      const expireAt = (await call(t, "PEXPIRETIME", key)) as number;
      let content: unknown;
      if (type === "string") content = await call(t, "GET", key);
      else if (type === "list") content = await call(t, "LRANGE", key, "0", "-1");
      else if (type === "set") content = ((await call(t, "SMEMBERS", key)) as string[]).sort();
      else if (type === "hash") {
        const flat = (await call(t, "HGETALL", key)) as string[];
        const pairs: string[][] = [];
        for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
        content = pairs.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      } else if (type === "zset") content = await call(t, "ZRANGE", key, "0", "-1", "WITHSCORES");
      else if (type === "stream") content = await call(t, "XRANGE", key, "-", "+");
      out[`${db}/${key}`] = { type, expireAt, content };
    }
  }
  await call(t, "SELECT", "0");
  return out;
}

/** OBJECT ENCODING of every key of db 0..dbs-1. */
export async function encodings(t: Target, dbs = 16): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (let db = 0; db < dbs; db++) {
    await call(t, "SELECT", String(db));
    for (const key of (await call(t, "KEYS", "*")) as string[]) out[`${db}/${key}`] = (await call(t, "OBJECT", "ENCODING", key)) as string;
  }
  await call(t, "SELECT", "0");
  return out;
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = "ra-rdb-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private redis-server whose dump.rdb lives in `dir` (loaded at start if present). */
export async function serverOn(dir: string, extra: string[] = []): Promise<Oracle> {
  return Oracle.start(["--dir", dir, "--dbfilename", "dump.rdb", ...extra]);
}

/** What bothWithData gives the tests once its beforeAll has run. */
export interface BothWithData {
  o: Oracle;
  ours: Ours;
  /** The oracle's --dir. */
  dir: string;
}

/**
 * Call inside a describe: before its tests, a redis-server on a fresh directory and one engine of
 * ours, both given the commands of `setup()`; `ready` receives them. Everything is closed afterwards.
 */
export function bothWithData(setup: () => string[][], ready: (both: BothWithData) => void): void {
  let tmp: { dir: string; remove: () => void } | undefined;
  let o: Oracle | undefined;
  let ours: Ours | undefined;
  beforeAll(async () => {
    tmp = tempDir();
    o = await serverOn(tmp.dir);
    ours = new Ours();
    for (const c of setup()) {
      await call(o, ...c);
      await call(ours, ...c);
    }
    ready({ o, ours, dir: tmp.dir });
  });
  afterAll(async () => {
    ours?.close();
    await o?.close();
    tmp?.remove();
  });
}

export function readDump(dir: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, "dump.rdb")));
}

export function writeDump(dir: string, bytes: Uint8Array): void {
  writeFileSync(join(dir, "dump.rdb"), bytes);
}

/** Runs redis-check-rdb on a file; returns its exit status and output. */
export function checkRdb(path: string): { ok: boolean; output: string } {
  const r = spawnSync("redis-check-rdb", [path], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export function haveRedis(): boolean {
  return oracleAvailable() && spawnSync("redis-check-rdb", ["--version"]).error === undefined;
}

export { Oracle, Ours };

// ---------------------------------------------------------------- hand-built RDB files

import { ByteWriter } from "../../src/persistence/rdb/writer.js";
import { Crc64 } from "../../src/persistence/rdb/crc64.js";
import { ListpackWriter } from "../../src/persistence/rdb/listpack.js";

/** Builds an RDB file opcode by opcode, for encodings our encoder never writes. */
export class RdbBuilder {
  readonly w = new ByteWriter(256);
  constructor(readonly version = 10) {
    this.w.binary(`REDIS${String(version).padStart(4, "0")}`);
  }
  aux(k: string, v: string): this {
    this.w.u8(250);
    this.w.string(k, false);
    this.w.string(v, false);
    return this;
  }
  select(db: number): this {
    this.w.u8(254);
    this.w.len(db);
    return this;
  }
  /** A key of `type` whose value `body` writes; optional expiry in ms (or seconds with `seconds`). */
  key(type: number, name: string, body: (w: ByteWriter) => void, expire?: { ms?: number; seconds?: number }): this {
    if (expire?.ms !== undefined) {
      this.w.u8(252);
      this.w.i64le(expire.ms);
    }
    if (expire?.seconds !== undefined) {
      this.w.u8(253);
      this.w.u32le(expire.seconds);
    }
    this.w.u8(type);
    this.w.string(name, false);
    body(this.w);
    return this;
  }
  finish(checksum = true): Uint8Array {
    this.w.u8(255);
    if (this.version >= 5) {
      const crc = new Crc64();
      if (checksum) crc.update(this.w.buf, 0, this.w.pos);
      this.w.ensure(8);
      crc.writeLE(this.w.buf, this.w.pos);
      this.w.pos += 8;
    }
    return this.w.view().slice();
  }
}

/** A ziplist as Redis ≤ 6.2 wrote it (integer entries for canonical integers). */
export function ziplistOf(values: readonly string[]): Uint8Array {
  const body: number[] = [];
  let prev = 0;
  let tail = 10;
  for (const v of values) {
    tail = 10 + body.length;
    const entry: number[] = prev < 254 ? [prev] : [0xfe, prev & 0xff, (prev >> 8) & 0xff, (prev >> 16) & 0xff, prev >>> 24];
    const isInt = /^(?:0|-?[1-9][0-9]{0,18})$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;
    const n = isInt ? BigInt(v) : 0n;
    const le = (x: bigint, width: number) => Array.from({ length: width }, (_, k) => Number((BigInt.asUintN(64, x) >> BigInt(8 * k)) & 0xffn));
    if (isInt && n >= 0n && n <= 12n) entry.push(0xf1 + Number(n));
    else if (isInt && n >= -128n && n <= 127n) entry.push(0xfe, ...le(n, 1));
    else if (isInt && n >= -32768n && n <= 32767n) entry.push(0xc0, ...le(n, 2));
    else if (isInt && n >= -8388608n && n <= 8388607n) entry.push(0xf0, ...le(n, 3));
    else if (isInt && n >= -2147483648n && n <= 2147483647n) entry.push(0xd0, ...le(n, 4));
    else if (isInt) entry.push(0xe0, ...le(n, 8));
    else {
      const b = [...Buffer.from(v, "latin1")];
      if (b.length <= 63) entry.push(b.length);
      else if (b.length <= 16383) entry.push(0x40 | (b.length >> 8), b.length & 0xff);
      else entry.push(0x80, b.length >>> 24, (b.length >> 16) & 0xff, (b.length >> 8) & 0xff, b.length & 0xff);
      entry.push(...b);
    }
    body.push(...entry);
    prev = entry.length;
  }
  const total = 10 + body.length + 1;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, total, true);
  dv.setUint32(4, tail, true);
  dv.setUint16(8, Math.min(values.length, 65535), true);
  out.set(body, 10);
  out[total - 1] = 0xff;
  return out;
}

/** A zipmap (Redis ≤ 2.4 hashes). */
export function zipmapOf(pairs: readonly string[]): Uint8Array {
  const out: number[] = [Math.min(pairs.length / 2, 254)];
  const len = (n: number) => (n < 254 ? [n] : [254, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  for (let i = 0; i < pairs.length; i += 2) {
    const f = [...Buffer.from(pairs[i]!, "latin1")];
    const v = [...Buffer.from(pairs[i + 1]!, "latin1")];
    out.push(...len(f.length), ...f, ...len(v.length), 1, ...v, 0);
  }
  out.push(0xff);
  return new Uint8Array(out);
}

export interface StreamSpec {
  /** Nodes: master ID and entries [ms, seq, fields…, deleted?]. */
  nodes: { ms: number; seq: number; entries: { ms: number; seq: number; fields: string[]; deleted?: boolean }[] }[];
  length: number;
  lastId: [number, number];
  firstId?: [number, number];
  maxDeleted?: [number, number];
  entriesAdded?: number;
  groups: {
    name: string;
    lastId: [number, number];
    entriesRead?: number;
    pel: { ms: number; seq: number; time: number; count: number }[];
    consumers: { name: string; seen: number; active?: number; pending: [number, number][] }[];
  }[];
}

/** A stream value (types 15, 19, 21) written as t_stream.c lays out nodes. */
export function writeStream(w: ByteWriter, type: number, s: StreamSpec): void {
  w.len(s.nodes.length);
  for (const node of s.nodes) {
    const key = new Uint8Array(16);
    const dv = new DataView(key.buffer);
    dv.setBigUint64(0, BigInt(node.ms));
    dv.setBigUint64(8, BigInt(node.seq));
    w.blob(key, false);
    const lp = new ListpackWriter();
    const live = node.entries.filter((e) => e.deleted !== true).length;
    const master = node.entries[0]!.fields.filter((_, i) => i % 2 === 0);
    lp.addInt(live);
    lp.addInt(node.entries.length - live);
    lp.addInt(master.length);
    for (const f of master) lp.addString(f);
    lp.addInt(0);
    for (const e of node.entries) {
      const names = e.fields.filter((_, i) => i % 2 === 0);
      const same = names.length === master.length && names.every((n, i) => n === master[i]);
      lp.addInt((e.deleted === true ? 1 : 0) | (same ? 2 : 0));
      lp.addInt(e.ms - node.ms);
      lp.addInt(e.seq - node.seq);
      if (!same) lp.addInt(names.length);
      for (let i = 0; i < e.fields.length; i += 2) {
        if (!same) lp.addString(e.fields[i]!);
        lp.addString(e.fields[i + 1]!);
      }
      lp.addInt(names.length + 3 + (same ? 0 : names.length + 1));
    }
    w.blob(lp.finish(), false);
  }
  w.len(s.length);
  w.len(s.lastId[0]);
  w.len(s.lastId[1]);
  if (type >= 19) {
    w.len(s.firstId![0]);
    w.len(s.firstId![1]);
    w.len(s.maxDeleted![0]);
    w.len(s.maxDeleted![1]);
    w.len(s.entriesAdded!);
  }
  w.len(s.groups.length);
  for (const g of s.groups) {
    w.string(g.name, false);
    w.len(g.lastId[0]);
    w.len(g.lastId[1]);
    if (type >= 19) w.len(g.entriesRead ?? 0);
    w.len(g.pel.length);
    for (const p of g.pel) {
      const id = new Uint8Array(16);
      const dv = new DataView(id.buffer);
      dv.setBigUint64(0, BigInt(p.ms));
      dv.setBigUint64(8, BigInt(p.seq));
      w.bytes(id);
      w.i64le(p.time);
      w.len(p.count);
    }
    w.len(g.consumers.length);
    for (const c of g.consumers) {
      w.string(c.name, false);
      w.i64le(c.seen);
      if (type >= 21) w.i64le(c.active ?? c.seen);
      w.len(c.pending.length);
      for (const [ms, seq] of c.pending) {
        const id = new Uint8Array(16);
        const dv = new DataView(id.buffer);
        dv.setBigUint64(0, BigInt(ms));
        dv.setBigUint64(8, BigInt(seq));
        w.bytes(id);
      }
    }
  }
}

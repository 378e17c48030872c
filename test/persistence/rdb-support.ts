/**
 * Helpers for the RDB tests: a private redis-server on a chosen --dir (the oracle of
 * test/support/differential.ts), a small RESP reader, and a canonical dump of a whole keyspace
 * (type, PEXPIRETIME and contents of every key in every database) that reads the same way from our
 * engine and from a real server, so two datasets compare with one deep equality.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Oracle, Ours, oracleAvailable } from "../support/differential.js";

export type Resp = string | number | null | RespErr | Resp[];
export class RespErr {
  constructor(readonly message: string) {}
}

/** Parses one RESP2/RESP3 frame (binary string). */
export function parseFrame(frame: string): Resp {
  let pos = 0;
  const line = (): string => {
    const nl = frame.indexOf("\r\n", pos);
    const s = frame.slice(pos, nl);
    pos = nl + 2;
    return s;
  };
  const value = (): Resp => {
    const type = frame[pos++];
    const head = line();
    switch (type) {
      case "+":
        return head;
      case "-":
        return new RespErr(head);
      case ":":
        return Number(head);
      case "_":
        return null;
      case ",":
        return head;
      case "$": {
        const n = Number(head);
        if (n < 0) return null;
        const s = frame.slice(pos, pos + n);
        pos += n + 2;
        return s;
      }
      case "*":
      case "~":
      case "%": {
        let n = Number(head);
        if (n < 0) return null;
        if (type === "%") n *= 2;
        const out: Resp[] = [];
        for (let i = 0; i < n; i++) out.push(value());
        return out;
      }
      default:
        throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
    }
  };
  return value();
}

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

/**
 * Reading one value of a given type code (Redis's rdbLoadObject, 7.0–7.4): every encoding Redis has
 * ever written since RDB 1, validated as deeply as Redis's `sanitize-dump-payload yes` does (blob
 * integrity, no duplicate members/fields, TTL ordering, stream consistency), so that nothing a
 * corrupted file says can reach the engine.
 *
 * Returns undefined for an empty collection (Redis skips such keys when loading a file and refuses
 * them in RESTORE); throws RdbError for anything invalid.
 */
import {
  EB_EXPIRE_TIME_MAX,
  QUICKLIST_NODE_CONTAINER_PACKED,
  QUICKLIST_NODE_CONTAINER_PLAIN,
  RDB_MODULE_OPCODE_DOUBLE,
  RDB_MODULE_OPCODE_EOF,
  RDB_MODULE_OPCODE_FLOAT,
  RDB_MODULE_OPCODE_SINT,
  RDB_MODULE_OPCODE_STRING,
  RDB_MODULE_OPCODE_UINT,
} from "./constants.js";
import type { RdbHash, RdbList, RdbValue, RdbZset } from "./dataset.js";
import { parseIntset } from "./intset.js";
import { type LpEntry, lpInteger, lpString, parseListpack } from "./listpack.js";
import type { ByteReader } from "./reader.js";
import { decodeStream } from "./stream-decode.js";
import { parseZiplist } from "./ziplist.js";
import { parseZipmap } from "./zipmap.js";

type Fail = (msg: string, at: number) => Error;

/** Reads a blob and returns it with an error factory that places blob-relative offsets in the file. */
export function readBlob(r: ByteReader, what: string): { blob: Uint8Array; fail: Fail } {
  const start = r.pos;
  const blob = r.blob(what);
  const fail: Fail = (msg, at) => r.corrupt(`${msg} (byte ${at} of the ${what} stored at offset ${start})`, start);
  return { blob, fail };
}

/** Throws on the first repeated element of `names` (every `step`-th entry from 0). */
function checkUnique(r: ByteReader, names: readonly string[], step: number, what: string, at: number): void {
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i += step) {
    const n = names[i]!;
    if (seen.has(n)) throw r.corrupt(`duplicate ${what} ${JSON.stringify(n)}`, at);
    seen.add(n);
  }
}

const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** A score as strtod reads Redis's own output (d2string: digits, "inf", "-inf"); undefined if not one. */
export function parseScore(s: string): number | undefined {
  const t = s.trim().toLowerCase();
  if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (!FLOAT_RE.test(t)) return undefined;
  return Number(t);
}

function entryScore(e: LpEntry): number | undefined {
  return typeof e === "string" ? parseScore(e) : Number(e);
}

/**
 * Reads the value of object type `type`. `dedupe` checks the plain (possibly huge) set and hash
 * forms for repeated members here; without it toEngineValue detects them while building, which
 * saves hashing every member twice when loading. Compact blobs and sorted sets are always checked.
 */
export function readValue(r: ByteReader, type: number, dedupe = true): RdbValue | undefined {
  const at = r.pos;
  switch (type) {
    case 0:
      return { type: "string", rdbType: type, value: r.string("string value") };
    case 1: {
      const n = r.count("list length");
      if (n === 0) return undefined;
      const items: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) items[i] = r.string("list element");
      return { type: "list", rdbType: type, items };
    }
    case 2: {
      const n = r.count("set size");
      if (n === 0) return undefined;
      const members: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) members[i] = r.string("set member");
      if (dedupe) checkUnique(r, members, 1, "set member", at);
      return { type: "set", rdbType: type, members };
    }
    case 3:
    case 5:
      return readZset(r, type);
    case 4: {
      const n = r.count("hash size", 2);
      if (n === 0) return undefined;
      const pairs: string[] = new Array<string>(2 * n);
      for (let i = 0; i < 2 * n; i += 2) {
        pairs[i] = r.string("hash field");
        pairs[i + 1] = r.string("hash value");
      }
      if (dedupe) checkUnique(r, pairs, 2, "hash field", at);
      return { type: "hash", rdbType: type, pairs };
    }
    case 22:
    case 24:
      return readHashMetadata(r, type, dedupe);
    case 14:
    case 18:
      return readQuicklist(r, type);
    case 9: {
      const { blob, fail } = readBlob(r, "zipmap");
      const pairs = parseZipmap(blob, fail);
      checkUnique(r, pairs, 2, "hash field", at);
      return { type: "hash", rdbType: type, pairs };
    }
    case 10: {
      const { blob, fail } = readBlob(r, "ziplist");
      const items = parseZiplist(blob, fail);
      if (items.length === 0) return undefined;
      return { type: "list", rdbType: type, items };
    }
    case 11: {
      const { blob, fail } = readBlob(r, "intset");
      return { type: "set", rdbType: type, members: parseIntset(blob, fail) };
    }
    case 20: {
      const { blob, fail } = readBlob(r, "set listpack");
      const members = parseListpack(blob, fail).map(lpString);
      checkUnique(r, members, 1, "set member", at);
      if (members.length === 0) return undefined;
      return { type: "set", rdbType: type, members };
    }
    case 12:
    case 17: {
      const what = type === 12 ? "zset ziplist" : "zset listpack";
      const { blob, fail } = readBlob(r, what);
      const flat: LpEntry[] = type === 12 ? parseZiplist(blob, fail) : parseListpack(blob, fail);
      if (flat.length % 2 !== 0) throw fail(`${what} holds an odd number of entries (${flat.length})`, 0);
      const z: RdbZset = { type: "zset", rdbType: type, members: [], scores: [] };
      for (let i = 0; i < flat.length; i += 2) {
        const score = entryScore(flat[i + 1]!);
        if (score === undefined || Number.isNaN(score)) throw fail(`invalid score ${JSON.stringify(lpString(flat[i + 1]!))}`, 0);
        z.members.push(lpString(flat[i]!));
        z.scores.push(score);
      }
      checkUnique(r, z.members, 1, "zset member", at);
      if (z.members.length === 0) return undefined;
      return z;
    }
    case 13:
    case 16: {
      const what = type === 13 ? "hash ziplist" : "hash listpack";
      const { blob, fail } = readBlob(r, what);
      const pairs = type === 13 ? parseZiplist(blob, fail) : parseListpack(blob, fail).map(lpString);
      if (pairs.length % 2 !== 0) throw fail(`${what} holds an odd number of entries (${pairs.length})`, 0);
      checkUnique(r, pairs, 2, "hash field", at);
      if (pairs.length === 0) return undefined;
      return { type: "hash", rdbType: type, pairs };
    }
    case 23:
    case 25:
      return readHashListpackEx(r, type);
    case 15:
    case 19:
    case 21:
      return decodeStream(r, type);
    case 6:
      throw r.corrupt("pre-release module value format (type 6) is not supported", at - 1);
    case 7:
      return readModuleValue(r);
    default:
      throw r.corrupt(`unknown object type ${type}`, at - 1);
  }
}

function readZset(r: ByteReader, type: number): RdbZset | undefined {
  const at = r.pos;
  const n = r.count("zset size", 2);
  if (n === 0) return undefined;
  const z: RdbZset = { type: "zset", rdbType: type, members: new Array<string>(n), scores: new Array<number>(n) };
  for (let i = 0; i < n; i++) {
    z.members[i] = r.string("zset member");
    const scoreAt = r.pos;
    let score: number | undefined;
    if (type === 5) {
      score = r.f64le("zset score");
    } else {
      const len = r.u8("zset score length");
      if (len === 253) score = NaN;
      else if (len === 254) score = Infinity;
      else if (len === 255) score = -Infinity;
      else {
        const text = r.take(len, "zset score");
        let s = "";
        for (const b of text) s += String.fromCharCode(b);
        score = parseScore(s);
        if (score === undefined) throw r.corrupt(`invalid zset score ${JSON.stringify(s)}`, scoreAt);
      }
    }
    if (Number.isNaN(score)) throw r.corrupt("zset with a NaN score", scoreAt);
    z.scores[i] = score;
  }
  checkUnique(r, z.members, 1, "zset member", at);
  return z;
}

function readHashMetadata(r: ByteReader, type: number, dedupe: boolean): RdbHash | undefined {
  let minExpire = 0;
  if (type === 24) {
    const at = r.pos;
    minExpire = r.i64le("hash minimum field expiry");
    if (minExpire < 0 || minExpire > EB_EXPIRE_TIME_MAX + 1) throw r.corrupt(`invalid hash minimum field expiry ${minExpire}`, at);
  }
  const start = r.pos;
  const n = r.count("hash size", 3);
  if (n === 0) return undefined;
  const pairs: string[] = new Array<string>(2 * n);
  const ttls: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const ttl = r.len("hash field TTL");
    const expireAt = type === 24 ? (ttl !== 0 ? ttl + minExpire - 1 : 0) : ttl;
    if (expireAt > EB_EXPIRE_TIME_MAX) throw r.corrupt(`invalid hash field expiry ${expireAt}`, at);
    ttls[i] = expireAt;
    pairs[2 * i] = r.string("hash field");
    pairs[2 * i + 1] = r.string("hash value");
  }
  if (dedupe) checkUnique(r, pairs, 2, "hash field", start);
  return { type: "hash", rdbType: type, pairs, ttls };
}

function readHashListpackEx(r: ByteReader, type: number): RdbHash | undefined {
  if (type === 25) r.i64le("hash minimum field expiry");
  const at = r.pos;
  const { blob, fail } = readBlob(r, "hash listpack with TTLs");
  const flat = parseListpack(blob, fail);
  if (flat.length % 3 !== 0) throw fail(`hash listpack with TTLs holds ${flat.length} entries, not a multiple of 3`, 0);
  const pairs: string[] = [];
  const ttls: number[] = [];
  let last = -1;
  for (let i = 0; i < flat.length; i += 3) {
    const t = lpInteger(flat[i + 2]!);
    if (t === undefined) throw fail(`field TTL ${JSON.stringify(flat[i + 2])} is not an integer`, 0);
    const ttl = Number(t);
    if (ttl < 0 || ttl > EB_EXPIRE_TIME_MAX) throw fail(`invalid field TTL ${ttl}`, 0);
    // Fields with a TTL come first, ascending (lpEntryValidation's ordering rule).
    if (ttl !== 0 && (last === 0 || ttl < last)) throw fail("field TTLs are out of order", 0);
    last = ttl;
    pairs.push(lpString(flat[i]!), lpString(flat[i + 1]!));
    ttls.push(ttl);
  }
  checkUnique(r, pairs, 2, "hash field", at);
  if (pairs.length === 0) return undefined;
  return { type: "hash", rdbType: type, pairs, ttls };
}

function readQuicklist(r: ByteReader, type: number): RdbList | undefined {
  const n = r.count("quicklist node count", 2);
  if (n === 0) return undefined;
  const list: RdbList = { type: "list", rdbType: type, items: [], nodes: { counts: [], bytes: [], plain: [] } };
  const nodes = list.nodes!;
  for (let k = 0; k < n; k++) {
    let container = QUICKLIST_NODE_CONTAINER_PACKED;
    if (type === 18) {
      const at = r.pos;
      container = r.len("quicklist node container");
      if (container !== QUICKLIST_NODE_CONTAINER_PACKED && container !== QUICKLIST_NODE_CONTAINER_PLAIN) {
        throw r.corrupt(`invalid quicklist node container ${container}`, at);
      }
    }
    const at = r.pos;
    if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
      const s = r.string("quicklist plain node");
      if (s.length === 0) throw r.corrupt("empty quicklist node", at);
      list.items.push(s);
      nodes.counts.push(1);
      nodes.bytes.push(0);
      nodes.plain.push(true);
      continue;
    }
    const what = type === 18 ? "quicklist listpack node" : "quicklist ziplist node";
    const { blob, fail } = readBlob(r, what);
    if (blob.length === 0) throw r.corrupt("empty quicklist node", at);
    const items = type === 18 ? parseListpack(blob, fail).map(lpString) : parseZiplist(blob, fail);
    // Redis silently skips empty nodes; an all-empty list is an empty key.
    if (items.length === 0) continue;
    for (const it of items) list.items.push(it);
    nodes.counts.push(items.length);
    nodes.bytes.push(type === 18 ? blob.length : 0);
    nodes.plain.push(false);
  }
  return list.items.length === 0 ? undefined : list;
}

const MODULE_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** moduleTypeNameByID: the 9-character name packed in a module type id's top 54 bits. */
export function moduleTypeName(id: bigint): string {
  let v = id >> 10n;
  const chars: string[] = [];
  for (let j = 0; j < 9; j++) {
    chars.unshift(MODULE_CHARSET[Number(v & 63n)]!);
    v >>= 6n;
  }
  return chars.join("");
}

/** Skips a module value's body as redis-check-rdb does (typed opcodes up to EOF). */
export function skipModuleBody(r: ByteReader, name: string): void {
  for (;;) {
    const at = r.pos;
    const op = r.len(`module ${name} opcode`);
    if (op === RDB_MODULE_OPCODE_EOF) return;
    if (op === RDB_MODULE_OPCODE_SINT || op === RDB_MODULE_OPCODE_UINT) r.lenBig(`module ${name} integer`);
    else if (op === RDB_MODULE_OPCODE_STRING) r.blob(`module ${name} string`);
    else if (op === RDB_MODULE_OPCODE_FLOAT) r.take(4, `module ${name} float`);
    else if (op === RDB_MODULE_OPCODE_DOUBLE) r.take(8, `module ${name} double`);
    else throw r.corrupt(`unknown module ${name} opcode ${op}`, at);
  }
}

function readModuleValue(r: ByteReader): RdbValue {
  const id = r.lenBig("module type id");
  const moduleName = moduleTypeName(id);
  skipModuleBody(r, moduleName);
  return { type: "module", rdbType: 7, moduleId: id, moduleName, encodingVersion: Number(id & 1023n) };
}


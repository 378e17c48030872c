/**
 * Serializing one (frozen) value as Redis's rdbSaveObjectType + rdbSaveObject would, choosing the
 * simplest forms that every Redis ≥ 7.0 loads (RDB 10):
 *
 *   string     type 0: int-encoded when Redis would, LZF when compression is on and it pays, else raw
 *   list       type 18 (quicklist 2): one listpack node per node of the list's own quicklist shape
 *              (one node for a listpack-encoded list); an element ≥ 1 GB gets a PLAIN node
 *   set        type 11 (intset) for intset-encoded sets, else type 2 (plain); 7.0 has no set listpack
 *   hash       type 16 (listpack) for compact hashes, type 4 (plain) for hashtables; with field TTLs,
 *              7.4's type 25 (listpackex) / 24 (metadata), which only RDB 12 readers know
 *   zset       type 17 (listpack) for listpack-encoded sorted sets, type 5 (binary scores) for skiplists
 *              (zset-rdb.ts)
 *   stream     type 19 (listpacks 2), or 21 (listpacks 3, RDB 11) when consumers' active times must
 *              be kept (stream-encode.ts)
 *
 * Redis converts encodings on load by its own thresholds, so these choices never constrain it.
 */
import {
  QUICKLIST_NODE_CONTAINER_PACKED,
  QUICKLIST_NODE_CONTAINER_PLAIN,
  QUICKLIST_PLAIN_THRESHOLD,
  RDB_TYPE_HASH,
  RDB_TYPE_HASH_LISTPACK,
  RDB_TYPE_HASH_LISTPACK_EX,
  RDB_TYPE_HASH_METADATA,
  RDB_TYPE_LIST_QUICKLIST_2,
  RDB_TYPE_SET,
  RDB_TYPE_SET_INTSET,
  RDB_TYPE_STRING,
} from "./constants.js";
import type { FrozenHash, FrozenList, FrozenSet, FrozenValue } from "./frozen.js";
import { intsetOf } from "./intset.js";
import { ListpackWriter } from "./listpack.js";
import type { ByteWriter } from "./writer.js";
import { writeZset, zsetRdbType } from "./zset-rdb.js";
import { streamRdbType, writeStream } from "./stream-encode.js";

/** The RDB type code `v` is written with. */
export function rdbTypeOf(v: FrozenValue): number {
  if (typeof v === "string") return RDB_TYPE_STRING;
  switch (v.kind) {
    case "list":
      return RDB_TYPE_LIST_QUICKLIST_2;
    case "set":
      return v.intset ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    case "hash":
      if (v.ttls !== undefined) return v.compact ? RDB_TYPE_HASH_LISTPACK_EX : RDB_TYPE_HASH_METADATA;
      return v.compact ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
    case "zset":
      return zsetRdbType(v);
    case "stream":
      return streamRdbType(v);
  }
}

/** Writes `v` (whose type code is `type`, from rdbTypeOf) as rdbSaveObject does. */
export function writeValue(w: ByteWriter, v: FrozenValue, type: number, compress: boolean): void {
  if (typeof v === "string") {
    w.string(v, compress);
    return;
  }
  switch (v.kind) {
    case "list":
      writeList(w, v, compress);
      return;
    case "set":
      writeSet(w, v, type, compress);
      return;
    case "hash":
      writeHash(w, v, type, compress);
      return;
    case "zset":
      writeZset(w, v, compress);
      return;
    case "stream":
      writeStream(w, v, type, compress);
      return;
  }
}

function writeSet(w: ByteWriter, v: FrozenSet, type: number, compress: boolean): void {
  if (type === RDB_TYPE_SET_INTSET) {
    w.blob(intsetOf(v.members), compress);
    return;
  }
  w.len(v.members.length);
  for (const m of v.members) w.string(m, compress);
}

function writeHash(w: ByteWriter, v: FrozenHash, type: number, compress: boolean): void {
  const pairs = v.pairs;
  const ttls = v.ttls;
  if (type === RDB_TYPE_HASH_LISTPACK || type === RDB_TYPE_HASH_LISTPACK_EX) {
    if (type === RDB_TYPE_HASH_LISTPACK_EX) w.i64le(v.minExpire);
    const lp = new ListpackWriter();
    for (let i = 0; i < pairs.length; i += 2) {
      lp.addString(pairs[i]!);
      lp.addString(pairs[i + 1]!);
      if (ttls !== undefined) lp.addInt(ttls[i >> 1]!);
    }
    w.blob(lp.finish(), compress);
    return;
  }
  if (type === RDB_TYPE_HASH_METADATA) w.i64le(v.minExpire);
  w.len(pairs.length >> 1);
  for (let i = 0; i < pairs.length; i += 2) {
    if (ttls !== undefined) {
      const at = ttls[i >> 1]!;
      // Stored relative to the minimum, plus one, so that 0 keeps meaning "no TTL".
      w.len(at === 0 ? 0 : at - v.minExpire + 1);
    }
    w.string(pairs[i]!, compress);
    w.string(pairs[i + 1]!, compress);
  }
}

/** A list as quicklist nodes: [start, end) element ranges, PLAIN for huge elements. */
function writeList(w: ByteWriter, l: FrozenList, compress: boolean): void {
  const items = l.items;
  const plan: number[] = []; // triples: start, end, plain (1/0)
  let i = 0;
  for (const count of l.nodeCounts) {
    const nodeEnd = i + count;
    let start = i;
    for (; i < nodeEnd; i++) {
      if (items[i]!.length < QUICKLIST_PLAIN_THRESHOLD) continue;
      if (start < i) plan.push(start, i, 0);
      plan.push(i, i + 1, 1);
      start = i + 1;
    }
    if (start < nodeEnd) plan.push(start, nodeEnd, 0);
  }
  w.len(plan.length / 3);
  for (let p = 0; p < plan.length; p += 3) {
    const start = plan[p]!;
    if (plan[p + 2] === 1) {
      w.len(QUICKLIST_NODE_CONTAINER_PLAIN);
      w.string(items[start]!, compress);
      continue;
    }
    w.len(QUICKLIST_NODE_CONTAINER_PACKED);
    const lp = new ListpackWriter();
    for (let k = start; k < plan[p + 1]!; k++) lp.addString(items[k]!);
    w.blob(lp.finish(), compress);
  }
}

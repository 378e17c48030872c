/**
 * Serializing one engine value as Redis's rdbSaveObjectType + rdbSaveObject would, choosing the
 * simplest forms that every Redis ≥ 7.0 loads (RDB 10):
 *
 *   string     type 0: int-encoded when Redis would, LZF when compression is on and it pays, else raw
 *   list       type 18 (quicklist 2): one listpack node per node of the list's own quicklist shape
 *              (one node for a listpack-encoded list); an element ≥ 1 GB gets a PLAIN node
 *   set        type 11 (intset) for intset-encoded sets, else type 2 (plain); 7.0 has no set listpack
 *   hash       type 16 (listpack) for compact hashes, type 4 (plain) for hashtables; with field TTLs,
 *              7.4's type 25 (listpackex) / 24 (metadata), which only RDB 12 readers know
 *
 * Redis converts encodings on load by its own thresholds, so these choices never constrain it.
 */
import type { Value } from "../../engine/value.js";
import { CompactHash } from "../../types/hash/compact.js";
import { HashValue, hashFieldTtl, hashFieldTtlCount, hashNextFieldExpiry, hashPairs } from "../../types/hash/hash-value.js";
import { ListValue, listNodeShape } from "../../types/list/list-value.js";
import { SetValue } from "../../types/set/set-value.js";
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
import { RdbError } from "./errors.js";
import { intsetOf } from "./intset.js";
import { ListpackWriter, listpackOf } from "./listpack.js";
import type { ByteWriter } from "./writer.js";

/** The RDB type code `v` is written with. */
export function rdbTypeOf(v: Value): number {
  if (typeof v === "string") return RDB_TYPE_STRING;
  if (v instanceof ListValue) return RDB_TYPE_LIST_QUICKLIST_2;
  if (v instanceof SetValue) return v.encoding() === "intset" ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
  if (v instanceof HashValue) {
    const compact = v.rep instanceof CompactHash;
    if (hashFieldTtlCount(v) > 0) return compact ? RDB_TYPE_HASH_LISTPACK_EX : RDB_TYPE_HASH_METADATA;
    return compact ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
  }
  throw new RdbError(`cannot serialize a value of type ${v.type} (${v.encoding()})`, "unsupported");
}

/** Writes `v` (whose type code is `type`, from rdbTypeOf) as rdbSaveObject does. */
export function writeValue(w: ByteWriter, v: Value, type: number, compress: boolean): void {
  switch (type) {
    case RDB_TYPE_STRING:
      w.string(v as string, compress);
      return;
    case RDB_TYPE_LIST_QUICKLIST_2:
      writeList(w, v as ListValue, compress);
      return;
    case RDB_TYPE_SET_INTSET:
      w.blob(intsetOf((v as SetValue).members()), compress);
      return;
    case RDB_TYPE_SET: {
      const members = (v as SetValue).members();
      w.len(members.length);
      for (const m of members) w.string(m, compress);
      return;
    }
    case RDB_TYPE_HASH_LISTPACK:
      w.blob(listpackOf(hashPairs(v as HashValue)), compress);
      return;
    case RDB_TYPE_HASH: {
      const pairs = hashPairs(v as HashValue);
      w.len(pairs.length >> 1);
      for (const s of pairs) w.string(s, compress);
      return;
    }
    case RDB_TYPE_HASH_LISTPACK_EX: {
      const h = v as HashValue;
      const rep = h.rep as CompactHash;
      w.i64le(hashNextFieldExpiry(h));
      const lp = new ListpackWriter();
      const pairs = rep.pairs;
      for (let i = 0; i < pairs.length; i += 2) {
        lp.addString(pairs[i]!);
        lp.addString(pairs[i + 1]!);
        lp.addInt(rep.ttls?.[i >> 1] ?? 0);
      }
      w.blob(lp.finish(), compress);
      return;
    }
    case RDB_TYPE_HASH_METADATA: {
      const h = v as HashValue;
      const min = hashNextFieldExpiry(h);
      w.i64le(min);
      const pairs = hashPairs(h);
      w.len(pairs.length >> 1);
      for (let i = 0; i < pairs.length; i += 2) {
        const at = hashFieldTtl(h, pairs[i]!) ?? 0;
        // Stored relative to the minimum, plus one, so that 0 keeps meaning "no TTL".
        w.len(at === 0 ? 0 : at - min + 1);
        w.string(pairs[i]!, compress);
        w.string(pairs[i + 1]!, compress);
      }
      return;
    }
    default:
      throw new RdbError(`cannot serialize RDB type ${type}`, "unsupported");
  }
}

/** A list as quicklist nodes: [start, end) element ranges, PLAIN for huge elements. */
function writeList(w: ByteWriter, l: ListValue, compress: boolean): void {
  const items = l.items;
  const plan: { start: number; end: number; plain: boolean }[] = [];
  let i = 0;
  for (const count of listNodeShape(l).counts) {
    const nodeEnd = i + count;
    let start = i;
    for (; i < nodeEnd; i++) {
      if (items.at(i).length < QUICKLIST_PLAIN_THRESHOLD) continue;
      if (start < i) plan.push({ start, end: i, plain: false });
      plan.push({ start: i, end: i + 1, plain: true });
      start = i + 1;
    }
    if (start < nodeEnd) plan.push({ start, end: nodeEnd, plain: false });
  }
  w.len(plan.length);
  for (const node of plan) {
    if (node.plain) {
      w.len(QUICKLIST_NODE_CONTAINER_PLAIN);
      w.string(items.at(node.start), compress);
      continue;
    }
    w.len(QUICKLIST_NODE_CONTAINER_PACKED);
    const lp = new ListpackWriter();
    for (let k = node.start; k < node.end; k++) lp.addString(items.at(k));
    w.blob(lp.finish(), compress);
  }
}

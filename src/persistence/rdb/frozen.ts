/**
 * Frozen values: an engine value reduced to flat arrays holding exactly what its RDB serialization
 * needs (elements and node sizes, members and whether it is an intset, pairs with field TTLs and
 * whether it is compact). The encoders read only these, so the serialization code never depends on
 * a type's internals beyond its public API, and DUMP and RDB files share one writer.
 */
import type { Value } from "../../engine/value.js";
import { CompactHash } from "../../types/hash/compact.js";
import { HashValue, hashFieldTtl, hashFieldTtlCount, hashNextFieldExpiry, hashPairs } from "../../types/hash/hash-value.js";
import { ListValue, listNodeShape } from "../../types/list/list-value.js";
import { SetValue } from "../../types/set/set-value.js";
import { ZsetValue } from "../../types/zset/zset-value.js";
import { RdbError } from "./errors.js";
import { type FrozenZset, freezeZset } from "./zset-rdb.js";
import { StreamValue } from "../../types/stream/stream-value.js";
import { type FrozenStream, freezeStream } from "./stream-encode.js";

export interface FrozenList {
  readonly kind: "list";
  readonly items: readonly string[];
  /** Element count of each quicklist node (one node for a listpack-encoded list). */
  readonly nodeCounts: readonly number[];
}

export interface FrozenSet {
  readonly kind: "set";
  readonly intset: boolean;
  /** Ascending for an intset. */
  readonly members: readonly string[];
}

export interface FrozenHash {
  readonly kind: "hash";
  /** listpack / listpackex (else hashtable). */
  readonly compact: boolean;
  /** [field, value …] in the representation's order. */
  readonly pairs: readonly string[];
  /** Per field: absolute expiry (ms) or 0; undefined when no field has a TTL. */
  readonly ttls: readonly number[] | undefined;
  /** The earliest field expiry, 0 for none. */
  readonly minExpire: number;
}

export type FrozenValue = string | FrozenList | FrozenSet | FrozenHash | FrozenZset | FrozenStream;

/** A consistent copy of `v` for serialization. O(size). */
export function freeze(v: Value): FrozenValue {
  if (typeof v === "string") return v;
  if (v instanceof ListValue) return { kind: "list", items: v.items.slice(), nodeCounts: listNodeShape(v).counts };
  if (v instanceof SetValue) return { kind: "set", intset: v.encoding() === "intset", members: v.members() };
  if (v instanceof HashValue) {
    const rep = v.rep;
    const compact = rep instanceof CompactHash;
    const pairs = hashPairs(v);
    let ttls: number[] | undefined;
    if (hashFieldTtlCount(v) > 0) {
      if (compact) ttls = rep.ttls!.slice();
      else {
        ttls = new Array<number>(pairs.length >> 1);
        for (let i = 0; i < pairs.length; i += 2) ttls[i >> 1] = hashFieldTtl(v, pairs[i]!) ?? 0;
      }
    }
    return { kind: "hash", compact, pairs, ttls, minExpire: hashNextFieldExpiry(v) };
  }
  if (v instanceof ZsetValue) return freezeZset(v);
  if (v instanceof StreamValue) return freezeStream(v);
  throw new RdbError(`cannot serialize a value of type ${v.type} (${v.encoding()})`, "unsupported");
}

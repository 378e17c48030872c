/**
 * What a key holds. A string value is the binary string itself (the common case, no wrapper); every
 * other type is an object from src/types/<type> that names its type and reports its encoding.
 */

export type TypeName = "string" | "list" | "set" | "zset" | "hash" | "stream";

export interface ObjectValue {
  readonly type: Exclude<TypeName, "string">;
  /** What OBJECT ENCODING reports (listpack, quicklist, hashtable, intset, skiplist, stream). */
  encoding(): string;
  /**
   * An independent deep copy (COPY, and anything else that duplicates a value): mutating either
   * afterwards must not affect the other. Keeps the representation (Redis's *Dup functions do).
   */
  clone(): ObjectValue;
  /**
   * Types whose members can carry their own TTL (hash fields, Redis 7.4): the earliest member expiry
   * (absolute Unix ms), 0 when none. The keyspace indexes such values for the active expiry cycle.
   */
  nextMemberExpiry?(): number;
}

export type Value = string | ObjectValue;

export function typeOf(v: Value): TypeName {
  return typeof v === "string" ? "string" : v.type;
}

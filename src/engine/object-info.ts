/**
 * What OBJECT and DEBUG OBJECT report about a key's value: its encoding and its reference count.
 * One place for both rules, so the two commands cannot disagree.
 */
import type { Engine } from "./engine.js";
import type { Entry } from "./keyspace.js";
import { stringEntryEncoding } from "../types/string/encoding.js";

/** OBJ_SHARED_INTEGERS: Redis shares the integer objects 0..9999. */
const SHARED_INTEGERS = 10000;
/** OBJ_SHARED_REFCOUNT. */
const SHARED_REFCOUNT = 2147483647;

/** OBJECT ENCODING. */
export function objectEncoding(e: Entry): string {
  return typeof e.value === "string" ? stringEntryEncoding(e) : e.value.encoding();
}

/**
 * OBJECT REFCOUNT: small integers are shared objects (refcount INT_MAX) unless maxmemory is set with
 * an LRU/LFU policy (MAXMEMORY_FLAG_NO_SHARED_INTEGERS); every other value has one reference.
 */
export function objectRefcount(engine: Engine, e: Entry): number {
  const v = e.value;
  if (typeof v !== "string" || stringEntryEncoding(e) !== "int") return 1;
  const n = Number(v);
  if (n < 0 || n >= SHARED_INTEGERS) return 1;
  const policy = engine.config.get("maxmemory-policy");
  const noShared = engine.config.get("maxmemory") !== "0" && (policy.endsWith("-lru") || policy.endsWith("-lfu"));
  return noShared ? 1 : SHARED_REFCOUNT;
}

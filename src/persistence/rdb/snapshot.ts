/**
 * takeSnapshot: a consistent, engine-independent copy of the dataset to serialize later (SAVE now,
 * BGSAVE in slices while the engine keeps serving writes).
 *
 * Consistency comes from copying at one instant: strings are shared (JS strings are immutable) and
 * every other value is deep-copied with ObjectValue.clone(), so later writes cannot reach what is
 * being serialized. The copy is O(dataset) and does no byte work; its cost is the types' clone()
 * (a million-field hashtable rebuilds its index: about 0.5 s).
 *
 * Logically expired keys (expireAt before now) are left out. When the maxmemory policy is an LRU or
 * LFU one, each key's idle seconds or LFU counter is captured too (Redis writes IDLE/FREQ then).
 */
import type { Engine } from "../../engine/engine.js";
import { estimateIdleMs, lfuDecrAndReturn } from "../../engine/lru.js";
import { estimatedUsedMemory } from "../../commands/server-info.js";
import { copyValue } from "../../engine/value-copy.js";
import type { Value } from "../../engine/value.js";
import { HashValue, hashFieldTtlCount } from "../../types/hash/hash-value.js";

export interface SnapshotDb {
  readonly id: number;
  readonly keys: string[];
  /** The values: strings shared, other values cloned (the snapshot owns them). */
  readonly values: Value[];
  /** Absolute expiry in Unix ms per key, 0 for none. */
  readonly expires: number[];
  /** Per key: idle seconds (access "idle") or the LFU counter (access "freq"); empty otherwise. */
  readonly access: number[];
  /** How many keys have a TTL (RESIZEDB's second hint). */
  readonly volatileCount: number;
}

export interface RdbSnapshot {
  /** Unix ms when the snapshot was taken (the `ctime` AUX field). */
  readonly time: number;
  /** An estimate of the memory used (the `used-mem` AUX field). */
  readonly usedMemory: number;
  /** Non-empty databases, ascending by id. */
  readonly dbs: readonly SnapshotDb[];
  /** FUNCTION libraries' source code (none until the engine has functions). */
  readonly functions: readonly string[];
  /** Which per-key access data the maxmemory policy wants saved. */
  readonly access: "none" | "idle" | "freq";
  /** Some hash has fields with TTLs: those need RDB 12 types (see constants.ts). */
  readonly hasFieldTtls: boolean;
  /** Number of keys in all databases. */
  readonly keyCount: number;
}

/** The access data Redis saves for the current maxmemory-policy (MAXMEMORY_FLAG_LRU / _LFU). */
export function accessMode(engine: Engine): "none" | "idle" | "freq" {
  const policy = engine.config.get("maxmemory-policy");
  if (policy.endsWith("-lru")) return "idle";
  if (policy.endsWith("-lfu")) return "freq";
  return "none";
}

/** A consistent copy of every database's live keys. Synchronous; O(keys + elements). */
export function takeSnapshot(engine: Engine): RdbSnapshot {
  const now = engine.clock.now();
  const access = accessMode(engine);
  const dbs: SnapshotDb[] = [];
  let hasFieldTtls = false;
  let keyCount = 0;
  for (const db of engine.allDbs()) {
    if (db.size === 0) continue;
    const keys: string[] = [];
    const values: Value[] = [];
    const expires: number[] = [];
    const acc: number[] = [];
    let volatileCount = 0;
    for (const [key, e] of db.dict) {
      const at = e.expireAt;
      if (at !== 0 && at < now) continue;
      const v = copyValue(e.value);
      keys.push(key);
      values.push(v);
      expires.push(at);
      if (at !== 0) volatileCount++;
      if (access === "idle") acc.push(Math.floor(estimateIdleMs(engine, e.lru) / 1000));
      else if (access === "freq") acc.push(lfuDecrAndReturn(engine, e.lru));
      if (!hasFieldTtls && v instanceof HashValue && hashFieldTtlCount(v) > 0) hasFieldTtls = true;
    }
    if (keys.length === 0) continue;
    keyCount += keys.length;
    dbs.push({ id: db.id, keys, values, expires, access: acc, volatileCount });
  }
  return {
    time: now,
    usedMemory: estimatedUsedMemory(engine),
    dbs,
    functions: [],
    access,
    hasFieldTtls,
    keyCount,
  };
}

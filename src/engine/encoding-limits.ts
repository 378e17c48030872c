/**
 * The encoding thresholds of the collection types (hash-max-listpack-entries and friends), read on
 * every write that may convert a representation. Cached per engine and refreshed only when the
 * configuration changed (ConfigStore.version), so the hot path costs one integer comparison.
 */
import type { Engine } from "./engine.js";

export interface EncodingLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  /** list-max-listpack-size: positive = entries per node, negative = node size class (-1 … -5). */
  listMaxListpackSize: number;
  setMaxIntsetEntries: number;
  setMaxListpackEntries: number;
  setMaxListpackValue: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

const cache = new WeakMap<Engine, { version: number; limits: EncodingLimits }>();

export function encodingLimits(engine: Engine): EncodingLimits {
  const c = cache.get(engine);
  if (c !== undefined && c.version === engine.config.version) return c.limits;
  const n = (name: string) => Number(engine.config.get(name));
  const limits: EncodingLimits = {
    hashMaxListpackEntries: n("hash-max-listpack-entries"),
    hashMaxListpackValue: n("hash-max-listpack-value"),
    listMaxListpackSize: n("list-max-listpack-size"),
    setMaxIntsetEntries: n("set-max-intset-entries"),
    setMaxListpackEntries: n("set-max-listpack-entries"),
    setMaxListpackValue: n("set-max-listpack-value"),
    zsetMaxListpackEntries: n("zset-max-listpack-entries"),
    zsetMaxListpackValue: n("zset-max-listpack-value"),
  };
  cache.set(engine, { version: engine.config.version, limits });
  return limits;
}

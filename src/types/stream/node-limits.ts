/**
 * stream-node-max-entries / stream-node-max-bytes as the stream code needs them, read from the
 * engine's configuration and cached until the configuration changes (one comparison per XADD).
 */
import type { Engine } from "../../engine/engine.js";
import type { StreamNodeLimits } from "./stream-value.js";

const cache = new WeakMap<Engine, { version: number; limits: StreamNodeLimits }>();

export function streamNodeLimits(engine: Engine): StreamNodeLimits {
  const c = cache.get(engine);
  if (c !== undefined && c.version === engine.config.version) return c.limits;
  const limits: StreamNodeLimits = {
    maxEntries: BigInt(engine.config.get("stream-node-max-entries")),
    maxBytes: Number(engine.config.get("stream-node-max-bytes")),
  };
  cache.set(engine, { version: engine.config.version, limits });
  return limits;
}

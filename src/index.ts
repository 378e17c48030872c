/**
 * redis-anywhere: a Redis engine in plain TypeScript with an ioredis-compatible client.
 */
import { Engine, type EngineOptions } from "./engine/engine.js";

export { Engine, type EngineOptions, type Effect } from "./engine/engine.js";
export { Session } from "./engine/session.js";
export { ManualClock, SeededRng, systemClock, type Clock, type Rng } from "./engine/clock.js";
export { RedisError } from "./engine/errors.js";

/** Creates an engine; `options.config` takes Redis's directives by their own names. */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}

// ---------------------------------------------------------------- the ioredis-compatible client
import { Redis } from "./client/redis.js";
export {
  Redis,
  Command,
  Pipeline,
  ReplyError,
  CONNECTION_CLOSED_ERROR_MSG,
  InProcessTransport,
  ScanStream,
  type ScanStreamOptions,
  type RedisStatus,
  type RedisOptions,
  type PipelineEntry,
  type Transport,
  type TransportSink,
  type TransportFactory,
  type Callback,
  type ReplyValue,
  type CommandName,
} from "./client/index.js";
export default Redis;

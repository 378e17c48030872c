/**
 * redis-anywhere: a Redis engine in plain TypeScript with an ioredis-compatible client.
 */
import { Engine, type EngineOptions } from "./engine/engine.js";

export { Engine, type EngineOptions, type Effect } from "./engine/engine.js";
export { Session } from "./engine/session.js";
export { ManualClock, SeededRng, systemClock, type Clock, type Rng } from "./engine/clock.js";
export { RedisError } from "./engine/errors.js";

/**
 * Creates an engine; `options.config` takes Redis's directives by their own names. With a `storage`
 * (indexedDbStorage("name"), memoryStorage() …) the engine persists there and this returns a promise
 * that resolves once the dataset has been loaded from it (see README, "Persistence").
 */
export function createEngine(options?: EngineOptions): Engine;
export function createEngine(options: PersistentEngineOptions): Promise<Engine>;
export function createEngine(options: EngineOptions | PersistentEngineOptions = {}): Engine | Promise<Engine> {
  if ("storage" in options && options.storage !== undefined) return openPersistentEngine(options);
  return new Engine(options);
}

// ---------------------------------------------------------------- persistence (no Node code here)
import { openPersistentEngine, type PersistentEngineOptions } from "./persistence/open.js";
export { type PersistentEngineOptions, persistenceOf, loadReportOf, shutdownEngine } from "./persistence/open.js";
export { type Storage, type Bytes } from "./persistence/storage.js";
export { memoryStorage, type MemoryStorage } from "./persistence/backends/memory.js";
export { indexedDbStorage, deleteIndexedDbStorage, type IndexedDbStorageOptions } from "./persistence/backends/indexeddb.js";
export { type LoadReport, type Persistence } from "./persistence/persistence.js";

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

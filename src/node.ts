/**
 * The Node entry, `redis-anywhere/node`: everything the main entry has, plus the filesystem backend
 * and a createEngine that takes a directory, laid out as redis-server lays out its `dir` (dump.rdb,
 * appendonlydir/) so a real server can be started on the same files and the other way round.
 *
 *   import { createEngine } from "redis-anywhere/node";
 *   const engine = await createEngine({ dir: "./data", config: { appendonly: "yes", save: "60 1000" } });
 *
 * The promise resolves once the dataset has been loaded from `dir` (AOF when appendonly is yes,
 * else dump.rdb); it rejects, touching no file, when what is there is damaged.
 */
import type { Engine, EngineOptions } from "./engine/engine.js";
import { openPersistentEngine, type PersistentEngineOptions } from "./persistence/open.js";
import { fsStorage } from "./persistence/backends/fs.js";
import { latin1Decoder, loadModule } from "./server/node-api.js";

export * from "./index.js";
export { default } from "./index.js";
export { fsStorage, type FsStorageOptions } from "./persistence/backends/fs.js";

export interface NodeEngineOptions extends EngineOptions, Omit<PersistentEngineOptions, "storage" | keyof EngineOptions> {
  /** The data directory (Redis's `dir`); created when missing. */
  dir?: string;
  /** Or any other storage backend. */
  storage?: PersistentEngineOptions["storage"];
}

interface PathLike {
  resolve(...parts: string[]): string;
}

/**
 * Creates an engine persisted in `options.dir` (or `options.storage`), loaded from it before the
 * promise resolves. CONFIG GET dir reports the absolute directory.
 */
export async function createEngine(options: NodeEngineOptions = {}): Promise<Engine> {
  const { dir, storage, ...rest } = options;
  if (storage === undefined && dir === undefined) throw new Error("createEngine: give `dir` (a data directory) or `storage`");
  let store = storage;
  const config: Record<string, string | number> = { ...(rest.config ?? {}) };
  if (store === undefined && dir !== undefined) {
    const path = (await loadModule("node:path")) as PathLike;
    const abs = path.resolve(dir);
    store = fsStorage(abs);
    if (config["dir"] === undefined) config["dir"] = abs;
  }
  const decode = rest.decode ?? latin1Decoder();
  return openPersistentEngine({ ...rest, config, storage: store!, ...(decode === undefined ? {} : { decode }) });
}

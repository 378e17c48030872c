/**
 * Opening an engine on a storage backend: create it, load its dataset from the storage (AOF first
 * when appendonly is yes, else dump.rdb), then start persisting. Shared by the main entry
 * (createEngine({ storage })) and the Node entry (createEngine({ dir })).
 *
 * Asynchronous by design: the engine is handed out only once its dataset is loaded, so no client
 * can observe a half-loaded keyspace and nothing needs a LOADING state. A load error rejects (the
 * engine is closed, the files untouched).
 */
import { Engine, type EngineOptions } from "../engine/engine.js";
import { type LoadReport, Persistence, type PersistenceOptions } from "./persistence.js";
import { installSessionGate } from "./session-gate.js";
import type { Storage } from "./storage.js";

const layers = new WeakMap<Engine, Persistence>();

export interface PersistentEngineOptions extends EngineOptions, Omit<PersistenceOptions, "storage"> {
  /** Where the dataset lives (memoryStorage(), indexedDbStorage(name), fsStorage(dir) …). */
  storage: Storage;
}

/** Creates an engine, loads it from `options.storage`, and starts persisting to it. */
export async function openPersistentEngine(options: PersistentEngineOptions): Promise<Engine> {
  const { storage, decode, log, sliceMs, aofFlushIntervalMs, aofRetryDelayMs, ...engineOptions } = options;
  const engine = new Engine(engineOptions);
  const p = new Persistence(engine, {
    storage,
    ...(decode === undefined ? {} : { decode }),
    ...(log === undefined ? {} : { log }),
    ...(sliceMs === undefined ? {} : { sliceMs }),
    ...(aofFlushIntervalMs === undefined ? {} : { aofFlushIntervalMs }),
    ...(aofRetryDelayMs === undefined ? {} : { aofRetryDelayMs }),
  });
  try {
    const report = await p.load();
    reports.set(engine, report);
  } catch (e) {
    p.abandon();
    engine.close();
    throw e;
  }
  layers.set(engine, p);
  installSessionGate(engine, p);
  p.start();
  return engine;
}

const reports = new WeakMap<Engine, LoadReport>();

/** The persistence layer of an engine opened on a storage (or attached by a SAVE on a plain engine). */
export function persistenceOf(engine: Engine): Persistence | undefined {
  return layers.get(engine);
}

/** What the load at startup found (source, keys, a truncated AOF tail …). */
export function loadReportOf(engine: Engine): LoadReport | undefined {
  return reports.get(engine);
}

/**
 * The persistence layer for SAVE/BGSAVE/BGREWRITEAOF on an engine created without storage: one on
 * a memory backend, attached on first use (the files are readable via persistenceOf(e).storage).
 */
export function persistenceFor(engine: Engine, memory: () => Storage): Persistence {
  let p = layers.get(engine);
  if (p === undefined) {
    p = new Persistence(engine, { storage: memory() });
    layers.set(engine, p);
    // Sessions opened from now on go through the gate; existing ones (the caller's) do not.
    installSessionGate(engine, p);
    p.start();
  }
  return p;
}

/**
 * Shuts an engine down as SHUTDOWN does: AOF flushed, an RDB saved when save rules exist (or
 * `save`), then the engine closed. Without persistence it just closes the engine.
 */
export async function shutdownEngine(engine: Engine, options: { save?: boolean; nosave?: boolean } = {}): Promise<void> {
  const p = layers.get(engine);
  if (p !== undefined) await p.shutdown(options);
  engine.close();
}

/**
 * Which persistence layer serves which engine. The engine itself knows nothing of persistence
 * (DESIGN.md §1: storage is an asynchronous edge), so the commands (SAVE, BGSAVE, INFO persistence …)
 * find it here. A tiny module on purpose: server-info.ts imports it without pulling in the RDB codec.
 */
import type { Engine } from "../engine/engine.js";

/** What INFO needs from a persistence layer. */
export interface PersistenceInfo {
  /** INFO persistence's fields, in Redis's order. */
  infoFields(): Array<[string, string | number]>;
}

const attached = new WeakMap<Engine, PersistenceInfo>();

export function registerPersistence(engine: Engine, p: PersistenceInfo): void {
  attached.set(engine, p);
}

export function attachedPersistence(engine: Engine): PersistenceInfo | undefined {
  return attached.get(engine);
}

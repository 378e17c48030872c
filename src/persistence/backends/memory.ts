/**
 * The memory backend: files are arrays of chunks in a Map. Nothing survives the process; it serves
 * engines that want SAVE/BGSAVE/AOF semantics without a disk (tests, DUMP-style exports) and is the
 * reference implementation of the Storage contract (storage.ts).
 *
 * Durability: every operation is complete when it resolves, and flush() has nothing to add. `files`
 * is exposed so tests can inspect or damage what was stored, as they would a directory.
 */
import { type Bytes, type Storage, checkName, chunksOf, concatBytes, folderOf } from "../storage.js";

export interface MemoryStorage extends Storage {
  /** The stored files by name, each as the chunks appended (read() concatenates them). */
  readonly files: Map<string, Uint8Array[]>;
}

export function memoryStorage(): MemoryStorage {
  const files = new Map<string, Uint8Array[]>();
  // Stored chunks are copies: a caller reusing its buffer must not change what was stored.
  const copy = (data: Bytes): Uint8Array[] => chunksOf(data).map((c) => c.slice());
  return {
    description: "memory",
    files,
    async read(name) {
      checkName(name);
      const chunks = files.get(name);
      if (chunks === undefined) return undefined;
      const whole = concatBytes(chunks).slice();
      return whole;
    },
    async write(name, data) {
      checkName(name);
      files.set(name, copy(data));
    },
    async append(name, data) {
      checkName(name);
      const chunks = files.get(name);
      if (chunks === undefined) files.set(name, copy(data));
      else chunks.push(...copy(data));
    },
    async flush(name) {
      checkName(name);
    },
    async list(folder) {
      return [...files.keys()].filter((n) => folderOf(n) === folder).sort();
    },
    async delete(name) {
      checkName(name);
      files.delete(name);
    },
  };
}

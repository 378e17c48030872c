/**
 * The storage interface every persistence backend implements: a flat namespace of named files
 * ("dump.rdb", "appendonlydir/appendonly.aof.1.incr.aof"; "/" separates a folder from a name) with
 * six operations. Everything above it (RDB snapshots, the multi-part AOF, save rules) is written once
 * against this interface, so a new backend is a page of code.
 *
 * The contract, which every backend's tests check (test/persistence/storage.test.ts):
 *  - read(name): the whole file, or undefined when it does not exist.
 *  - write(name, data): atomic replace. When it resolves, the new content is durable and a reader
 *    sees either the old file or the new one, never a mix (fs: temp file + fsync + rename + fsync of
 *    the folder; IndexedDB: one transaction; memory: one assignment).
 *  - append(name, data): adds bytes at the end (creating the file). When it resolves the bytes are
 *    visible to read() and survive the loss of this process (fs: in the kernel's page cache;
 *    IndexedDB: the transaction completed). They are not necessarily durable across a power loss:
 *    that is flush's job. Appends to one file are applied in call order, even when several are in
 *    flight at once.
 *  - flush(name): makes everything appended to `name` so far durable (fs: fdatasync, as Redis's
 *    appendfsync does; IndexedDB: a strict-durability transaction; memory: nothing to do).
 *  - list(folder): the names of the files directly inside a folder ("" is the root), as full names.
 *  - delete(name): removes a file; deleting a missing file is not an error.
 *  - close(): releases handles (file descriptors, the database connection). Optional.
 *
 * Failures reject with an Error whose message names the backend and the file; the persistence layer
 * turns them into Redis's statuses (rdb_last_bgsave_status:err, aof_last_write_status:err, MISCONF).
 */

/** Bytes to store: one buffer, or several written back to back (no concatenation needed). */
export type Bytes = Uint8Array | readonly Uint8Array[];

export interface Storage {
  /** A short description for messages and INFO ("fs:/var/lib/app", "indexeddb:cache", "memory"). */
  readonly description: string;
  read(name: string): Promise<Uint8Array | undefined>;
  write(name: string, data: Bytes): Promise<void>;
  append(name: string, data: Bytes): Promise<void>;
  flush(name: string): Promise<void>;
  list(folder: string): Promise<string[]>;
  delete(name: string): Promise<void>;
  close?(): Promise<void>;
}

/** The chunks of `data` as an array. */
export function chunksOf(data: Bytes): readonly Uint8Array[] {
  return data instanceof Uint8Array ? [data] : data;
}

/** Total length of `data`. */
export function byteLength(data: Bytes): number {
  if (data instanceof Uint8Array) return data.length;
  let n = 0;
  for (const c of data) n += c.length;
  return n;
}

/** `data` as one buffer (no copy when it already is one). */
export function concatBytes(data: Bytes): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data.length === 1) return data[0]!;
  const out = new Uint8Array(byteLength(data));
  let at = 0;
  for (const c of data) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The folder part of a name ("" at the root). */
export function folderOf(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? "" : name.slice(0, i);
}

/** Joins a folder and a base name. */
export function joinName(folder: string, base: string): string {
  return folder === "" ? base : `${folder}/${base}`;
}

/**
 * Checks a file name: relative, "/"-separated, no empty, "." or ".." segments (a backend maps names
 * onto paths or keys, and none may escape its root).
 */
export function checkName(name: string): void {
  if (name === "" || name.startsWith("/") || name.split("/").some((p) => p === "" || p === "." || p === "..")) {
    throw new Error(`invalid storage file name '${name}'`);
  }
}

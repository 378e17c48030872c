/**
 * The Node filesystem backend: each storage name is a real file under a root directory, laid out
 * exactly as redis-server lays out its `dir` (dump.rdb, appendonlydir/…), so a real server can be
 * started on the same directory. Node-only: imported by src/node.ts alone, never by the core.
 *
 * Durability, as Redis does it:
 *  - write(): a temp file in the same folder, written, fsync'ed, renamed over the target, then the
 *    folder fsync'ed (rdbSave / writeAofManifestFile): after a crash the name holds the old or the
 *    new content, whole.
 *  - append(): one write to a descriptor kept open in append mode (O_APPEND), chained after the
 *    previous one so bytes reach the page cache in call order and survive a SIGKILL; a failed append is cut back to the previous length so a
 *    half-written record never stays behind (aof.c's ftruncate after a short write).
 *  - flush(): fdatasync on that descriptor (appendfsync always/everysec).
 *
 * Node's modules are loaded with a dynamic import and typed by hand (the package builds with
 * `types: []`, see src/server/node-api.ts).
 */
import { loadModule } from "../../server/node-api.js";
import { type Bytes, type Storage, checkName, chunksOf, folderOf } from "../storage.js";

interface FileHandleLike {
  writev(buffers: readonly Uint8Array[]): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(len: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

interface DirentLike {
  name: string;
  isFile(): boolean;
}

interface FsPromisesLike {
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>;
  readFile(path: string): Promise<Uint8Array>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirentLike[]>;
  unlink(path: string): Promise<void>;
}

function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ENOENT";
}

/** An open append descriptor and the file length it has written up to. */
interface Appender {
  handle: FileHandleLike;
  size: number;
  /** The last write queued on this descriptor: writes are chained so they land in call order. */
  tail: Promise<void>;
}

export interface FsStorageOptions {
  /** Create the root directory when missing (default true). */
  create?: boolean;
}

let tempCounter = 0;

/** Storage in the directory `root` (created on first write when missing). */
export function fsStorage(root: string, options: FsStorageOptions = {}): Storage {
  const base = root.endsWith("/") && root.length > 1 ? root.slice(0, -1) : root;
  let fsp: FsPromisesLike | undefined;
  const fs = async (): Promise<FsPromisesLike> => (fsp ??= (await loadModule("node:fs/promises")) as FsPromisesLike);
  const pathOf = (name: string): string => (name === "" ? base : `${base}/${name}`);
  const madeFolders = new Set<string>();
  const appenders = new Map<string, Promise<Appender>>();
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;

  const ensureFolder = async (folder: string): Promise<void> => {
    if (madeFolders.has(folder)) return;
    if (options.create === false && folder === "") return;
    await (await fs()).mkdir(pathOf(folder), { recursive: true });
    madeFolders.add(folder);
  };

  const syncFolder = async (folder: string): Promise<void> => {
    // A rename or a new file is durable only once its folder is synced. Some platforms cannot open a
    // directory for syncing (Windows); there the rename is as durable as the OS makes it.
    let h: FileHandleLike | undefined;
    try {
      h = await (await fs()).open(pathOf(folder), "r");
      await h.sync();
    } catch {
      // best effort, see above
    } finally {
      await h?.close().catch(() => undefined);
    }
  };

  const dropAppender = async (name: string): Promise<void> => {
    const a = appenders.get(name);
    if (a === undefined) return;
    appenders.delete(name);
    try {
      await (await a).handle.close();
    } catch {
      // the descriptor is gone either way
    }
  };

  const appender = (name: string): Promise<Appender> => {
    let a = appenders.get(name);
    if (a === undefined) {
      a = (async () => {
        await ensureFolder(folderOf(name));
        const handle = await (await fs()).open(pathOf(name), "a", 0o644);
        const { size } = await handle.stat();
        return { handle, size, tail: Promise.resolve() };
      })();
      appenders.set(name, a);
      a.catch(() => appenders.delete(name));
    }
    return a;
  };

  const writeAll = async (h: FileHandleLike, chunks: readonly Uint8Array[]): Promise<void> => {
    // writev may write less than asked (a signal, a full disk that frees up): write the rest.
    let rest = chunks.filter((c) => c.length > 0);
    while (rest.length > 0) {
      const { bytesWritten } = await h.writev(rest);
      let n = bytesWritten;
      const next: Uint8Array[] = [];
      for (const c of rest) {
        if (n >= c.length) n -= c.length;
        else {
          next.push(n > 0 ? c.subarray(n) : c);
          n = 0;
        }
      }
      if (bytesWritten === 0 && next.length > 0) throw new Error("short write");
      rest = next;
    }
  };

  const fail = (op: string, name: string, e: unknown): Error =>
    new Error(`${op} ${pathOf(name)}: ${e instanceof Error ? e.message : String(e)}`);

  return {
    description: `fs:${base}`,

    async read(name) {
      checkName(name);
      try {
        return await (await fs()).readFile(pathOf(name));
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw fail("read", name, e);
      }
    },

    async write(name, data: Bytes) {
      checkName(name);
      const folder = folderOf(name);
      const baseName = name.slice(folder.length === 0 ? 0 : folder.length + 1);
      const temp = `${folder === "" ? "" : `${folder}/`}temp-${baseName}.${pid}.${++tempCounter}`;
      const f = await fs();
      try {
        await ensureFolder(folder);
        const h = await f.open(pathOf(temp), "w", 0o644);
        try {
          await writeAll(h, chunksOf(data));
          await h.sync();
        } finally {
          await h.close();
        }
        // An append descriptor on the old file would keep writing to the replaced inode.
        await dropAppender(name);
        await f.rename(pathOf(temp), pathOf(name));
        await syncFolder(folder);
      } catch (e) {
        await f.unlink(pathOf(temp)).catch(() => undefined);
        throw fail("write", name, e);
      }
    },

    async append(name, data: Bytes) {
      checkName(name);
      let a: Appender;
      try {
        a = await appender(name);
      } catch (e) {
        throw fail("open", name, e);
      }
      const chunks = chunksOf(data);
      let len = 0;
      for (const c of chunks) len += c.length;
      // Concurrent writes on one descriptor may complete out of order (libuv's thread pool): chain them.
      const run = a.tail.then(async () => {
        try {
          await writeAll(a.handle, chunks);
          a.size += len;
        } catch (e) {
          // Leave no partial record behind: cut the file back to what it was (best effort).
          await a.handle.truncate(a.size).catch(() => undefined);
          throw fail("append", name, e);
        }
      });
      a.tail = run.catch(() => undefined);
      await run;
    },

    async flush(name) {
      checkName(name);
      const a = appenders.get(name);
      if (a === undefined) return;
      try {
        await (await a).handle.datasync();
      } catch (e) {
        throw fail("fsync", name, e);
      }
    },

    async list(folder) {
      try {
        const entries = await (await fs()).readdir(pathOf(folder), { withFileTypes: true });
        return entries
          .filter((d) => d.isFile())
          .map((d) => (folder === "" ? d.name : `${folder}/${d.name}`))
          .sort();
      } catch (e) {
        if (isNotFound(e)) return [];
        throw fail("list", folder, e);
      }
    },

    async delete(name) {
      checkName(name);
      await dropAppender(name);
      try {
        await (await fs()).unlink(pathOf(name));
      } catch (e) {
        if (!isNotFound(e)) throw fail("delete", name, e);
      }
    },

    async close() {
      const names = [...appenders.keys()];
      await Promise.all(names.map((n) => dropAppender(n)));
    },
  };
}

/**
 * The IndexedDB backend (browsers, workers; fake-indexeddb in Node tests), built on idb-keyval's
 * store-callback and request helpers, with a database it opens and versions itself.
 *
 * Layout (schema version 1), one object store "files":
 *  - key `name` (a string)          → `{ size, next }`: the file exists, its length, next chunk index;
 *  - key `[name, i]` (an array)     → Uint8Array: the file's i-th chunk, for i < next.
 * IndexedDB orders strings before arrays, so the file records are exactly the keys in ["", []), and a
 * file's chunks the keys in [[name, 0], [name, Infinity]].
 *
 * Each operation is one transaction, so it is atomic: write() deletes the old chunks and stores the
 * new content in one; append() adds one chunk record and updates the file record in one ("appends
 * as records, one transaction per batch": the AOF writer hands a whole group of batches to a single
 * append). An operation resolves when its transaction completes (idb-keyval's promisifyRequest on the
 * transaction), so a resolved append survives a closed tab.
 *
 * Durability: write() and flush() use the "strict" durability hint (the browser flushes to disk
 * before reporting completion); append() uses the browser's default, and flush() runs a strict
 * transaction that rewrites the file record, which in every engine we know commits the earlier ones
 * with it. This is what appendfsync always/everysec map onto.
 *
 * Versioning: the database is opened at SCHEMA_VERSION; `upgrade()` migrates step by step from any
 * older version (0 = a new database). A database from a newer schema is refused with a clear error
 * rather than misread. A connection closed by a newer page ("versionchange") closes here too, and
 * the next operation reopens.
 */
import { type UseStore, promisifyRequest } from "idb-keyval";
import { type Bytes, type Storage, checkName, concatBytes, folderOf } from "../storage.js";

/** The schema this code reads and writes; bump it with a new step in upgrade(). */
export const SCHEMA_VERSION = 1;
const STORE = "files";

interface FileRecord {
  size: number;
  next: number;
}

export interface IndexedDbStorageOptions {
  /** The IDBFactory to use (default: globalThis.indexedDB); tests pass fake-indexeddb's. */
  indexedDB?: IDBFactory;
}

/** Migrations: from `oldVersion` up to SCHEMA_VERSION, one step per version. */
function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) db.createObjectStore(STORE);
  // Version 2 and later add their steps here, each guarded by `oldVersion < n`.
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  const req = factory.open(name, SCHEMA_VERSION);
  req.onupgradeneeded = (ev) => upgrade(req.result, ev.oldVersion);
  return promisifyRequest(req).catch((e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof DOMException && e.name === "VersionError") {
      throw new Error(`indexeddb:${name}: the database was written by a newer version of redis-anywhere (${msg})`);
    }
    throw new Error(`indexeddb:${name}: cannot open the database: ${msg}`);
  });
}

const chunkRange = (name: string): IDBKeyRange => IDBKeyRange.bound([name, 0], [name, Infinity]);

/** Storage in the IndexedDB database `dbName`. */
export function indexedDbStorage(dbName: string, options: IndexedDbStorageOptions = {}): Storage {
  let dbp: Promise<IDBDatabase> | undefined;
  const getDb = (): Promise<IDBDatabase> => {
    if (dbp !== undefined) return dbp;
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (factory === undefined) return Promise.reject(new Error(`indexeddb:${dbName}: IndexedDB is not available here`));
    const p = openDatabase(factory, dbName);
    dbp = p;
    p.then(
      (db) => {
        db.onversionchange = () => {
          db.close();
          if (dbp === p) dbp = undefined;
        };
        db.onclose = () => {
          if (dbp === p) dbp = undefined;
        };
      },
      () => {
        if (dbp === p) dbp = undefined;
      },
    );
    return p;
  };

  /** idb-keyval's UseStore, with a durability hint (the transaction is the unit of atomicity). */
  const store =
    (durability: IDBTransactionDurability): UseStore =>
    (mode, callback) =>
      getDb().then((db) => callback(db.transaction(STORE, mode, { durability }).objectStore(STORE)));
  const relaxed = store("default");
  const strict = store("strict");

  const fail = (op: string, name: string, e: unknown): Error =>
    new Error(`${op} indexeddb:${dbName}/${name}: ${e instanceof Error ? e.message : String(e)}`);

  return {
    description: `indexeddb:${dbName}`,

    async read(name) {
      checkName(name);
      try {
        return await relaxed("readonly", async (s) => {
          const [rec, chunks] = await Promise.all([
            promisifyRequest(s.get(name) as IDBRequest<FileRecord | undefined>),
            promisifyRequest(s.getAll(chunkRange(name)) as IDBRequest<Uint8Array[]>),
          ]);
          if (rec === undefined) return undefined;
          // Records come back as structured clones: the result is the caller's to keep.
          const whole = concatBytes(chunks);
          if (whole.length !== rec.size) throw new Error(`stored size ${rec.size} but ${whole.length} bytes found`);
          return whole;
        });
      } catch (e) {
        throw fail("read", name, e);
      }
    },

    async write(name, data: Bytes) {
      checkName(name);
      const bytes = concatBytes(data);
      try {
        await strict("readwrite", (s) => {
          s.delete(chunkRange(name));
          s.put(bytes, [name, 0]);
          s.put({ size: bytes.length, next: 1 } satisfies FileRecord, name);
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        throw fail("write", name, e);
      }
    },

    async append(name, data: Bytes) {
      checkName(name);
      const bytes = concatBytes(data);
      try {
        await relaxed("readwrite", async (s) => {
          const rec = await promisifyRequest(s.get(name) as IDBRequest<FileRecord | undefined>);
          const cur = rec ?? { size: 0, next: 0 };
          if (bytes.length > 0) s.put(bytes, [name, cur.next]);
          s.put({ size: cur.size + bytes.length, next: bytes.length > 0 ? cur.next + 1 : cur.next } satisfies FileRecord, name);
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        throw fail("append", name, e);
      }
    },

    async flush(name) {
      checkName(name);
      try {
        await strict("readwrite", async (s) => {
          const rec = await promisifyRequest(s.get(name) as IDBRequest<FileRecord | undefined>);
          if (rec !== undefined) s.put(rec, name);
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        throw fail("flush", name, e);
      }
    },

    async list(folder) {
      try {
        const names = await relaxed("readonly", (s) =>
          promisifyRequest(s.getAllKeys(IDBKeyRange.bound("", [], false, true)) as IDBRequest<string[]>),
        );
        return names.filter((n) => folderOf(n) === folder).sort();
      } catch (e) {
        throw fail("list", folder, e);
      }
    },

    async delete(name) {
      checkName(name);
      try {
        await strict("readwrite", (s) => {
          s.delete(chunkRange(name));
          s.delete(name);
          return promisifyRequest(s.transaction);
        });
      } catch (e) {
        throw fail("delete", name, e);
      }
    },

    async close() {
      const p = dbp;
      dbp = undefined;
      if (p !== undefined) (await p.catch(() => undefined))?.close();
    },
  };
}

/** Deletes a whole database made by indexedDbStorage (tests, "forget everything" buttons). */
export function deleteIndexedDbStorage(dbName: string, options: IndexedDbStorageOptions = {}): Promise<void> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) return Promise.reject(new Error("IndexedDB is not available here"));
  return promisifyRequest(factory.deleteDatabase(dbName)).then(() => undefined);
}

/**
 * What decodeRdb returns: an RDB file as plain data, independent of the engine. Every value keeps
 * the type code it was stored with (`rdbType`), so callers and tests can tell which encoding a file
 * used. Strings are binary strings (one char per byte).
 *
 * Types the engine cannot hold yet (sorted sets, streams, module values) are still parsed and
 * validated in full and returned here; applyDataset refuses them.
 */

export interface RdbString {
  type: "string";
  rdbType: number;
  value: string;
}

export interface RdbList {
  type: "list";
  rdbType: number;
  /** The elements, head first. */
  items: string[];
  /**
   * For the quicklist forms: the element count of each node as stored, and each node's bytes when it
   * was a listpack (0 for a PLAIN node or a converted ziplist), so the engine can rebuild the node
   * layout Redis would have after loading. Absent for the older forms.
   */
  nodes?: { counts: number[]; bytes: number[]; plain: boolean[] };
}

export interface RdbSet {
  type: "set";
  rdbType: number;
  /** The members in stored order (ascending for an intset). */
  members: string[];
}

export interface RdbHash {
  type: "hash";
  rdbType: number;
  /** [field, value, field, value …] in stored order. */
  pairs: string[];
  /** The hash field TTL types (22–25): each field's absolute expiry in Unix ms, 0 for none. */
  ttls?: number[];
}

export interface RdbZset {
  type: "zset";
  rdbType: number;
  /** Members and their scores, in stored order. */
  members: string[];
  scores: number[];
}

export interface RdbStreamEntry {
  /** "ms-seq". */
  id: string;
  /** [field, value, field, value …]. */
  fields: string[];
}

export interface RdbStreamNack {
  id: string;
  deliveryTime: number;
  deliveryCount: number;
  /** The consumer owning the entry. */
  consumer: string;
}

export interface RdbStreamConsumer {
  name: string;
  seenTime: number;
  /** RDB_TYPE_STREAM_LISTPACKS_3 only; older forms copy seenTime, as Redis does. */
  activeTime: number;
  /** IDs of the entries pending for this consumer. */
  pending: string[];
}

export interface RdbStreamGroup {
  name: string;
  lastId: string;
  /** Logical reads counter; -1n when unknown (SCG_INVALID_ENTRIES_READ) or not stored (v1). */
  entriesRead: bigint;
  pel: RdbStreamNack[];
  consumers: RdbStreamConsumer[];
}

/** One stored stream node (a listpack under its master ID), tombstones included, as stored. */
export interface RdbStreamNode {
  /** The rax key: "ms-seq" of the node's master entry. */
  masterId: string;
  masterFields: string[];
  /** Every entry of the listpack in order; `deleted` marks tombstones. */
  items: { id: string; fields: string[]; deleted: boolean }[];
}

export interface RdbStream {
  type: "stream";
  rdbType: number;
  /** The live entries (deleted ones are skipped), ascending by ID. */
  entries: RdbStreamEntry[];
  /** The node layout as stored, so a loaded stream keeps Redis's nodes (set by decodeStream). */
  nodes?: RdbStreamNode[];
  length: number;
  lastId: string;
  firstId: string;
  maxDeletedId: string;
  entriesAdded: bigint;
  groups: RdbStreamGroup[];
}

export interface RdbModuleValue {
  type: "module";
  rdbType: number;
  moduleId: bigint;
  /** The 9-character module type name encoded in the id. */
  moduleName: string;
  encodingVersion: number;
}

export type RdbValue = RdbString | RdbList | RdbSet | RdbHash | RdbZset | RdbStream | RdbModuleValue;

export interface RdbKey {
  key: string;
  value: RdbValue;
  /** Absolute expiry in Unix ms; absent when the key has no TTL. */
  expireAt?: number;
  /** RDB_OPCODE_IDLE: seconds since the last access (written under an LRU maxmemory policy). */
  idle?: number;
  /** RDB_OPCODE_FREQ: the LFU counter (written under an LFU maxmemory policy). */
  freq?: number;
}

export interface RdbDb {
  id: number;
  keys: RdbKey[];
}

export interface RdbDataset {
  /** The header's version (1–12). */
  version: number;
  /** AUX fields in file order (redis-ver, ctime, aof-base …); later duplicates win. */
  aux: Map<string, string>;
  /** FUNCTION2 payloads: each library's source code. */
  functions: string[];
  /** The databases that hold keys, in file order. */
  dbs: RdbDb[];
  /** The stored CRC-64 (0n when the writer disabled checksums or the version predates them). */
  checksum: bigint;
  /** Keys with an empty collection, skipped as Redis does when loading (see #8453 in Redis). */
  emptyKeysSkipped: number;
  /** Bytes the RDB took, checksum included (an AOF with an RDB preamble continues after them). */
  byteLength: number;
}

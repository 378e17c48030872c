/**
 * Writing a stream as rdbSaveObject does (RDB_TYPE_STREAM_LISTPACKS_2 / _3):
 *
 *   nodes:    count, then per node its 16-byte big-endian master ID and its listpack, as Redis keeps
 *             them — tombstones, SAMEFIELDS compression and counters included — so a reader gets the
 *             very node layout (and approximate-trim behaviour) we have
 *   metadata: length, last ID, first ID, max deleted ID, entries added
 *   groups:   count, then per group its name, last ID, entries read (−1 as 2^64−1), its PEL (raw
 *             ID, delivery time, delivery count) and its consumers (name, seen time, [active time,]
 *             the IDs of their PEL)
 *
 * Type choice: _2 (RDB 10, what Redis 7.0 reads) unless some consumer's active time differs from its
 * seen time — only _3 (RDB 11, Redis 7.2) stores active times, and a reader of _2 sets active = seen.
 * So the simplest form every reader accepts is used whenever it loses nothing.
 */
import { FLAG_SAMEFIELDS, type StreamNode } from "../../types/stream/stream-node.js";
import { type StreamId, U64_MAX, idKeyBytes } from "../../types/stream/stream-id.js";
import { StreamValue, streamSortedGroups } from "../../types/stream/stream-value.js";
import { RDB_TYPE_STREAM_LISTPACKS_2, RDB_TYPE_STREAM_LISTPACKS_3 } from "./constants.js";
import { ListpackWriter } from "./listpack.js";
import type { RdbSnapshot } from "./snapshot.js";
import type { ByteWriter } from "./writer.js";

/** The RDB version a file or payload holding RDB_TYPE_STREAM_LISTPACKS_3 must carry (Redis 7.2). */
export const RDB_VERSION_STREAM_3 = 11;

export interface FrozenStreamNack {
  readonly id: StreamId;
  readonly deliveryTime: number;
  readonly deliveryCount: number | bigint;
}

export interface FrozenStreamConsumer {
  readonly name: string;
  readonly seenTime: number;
  readonly activeTime: number;
  readonly pending: readonly StreamId[];
}

export interface FrozenStreamGroup {
  readonly name: string;
  readonly lastId: StreamId;
  readonly entriesRead: bigint;
  readonly pel: readonly FrozenStreamNack[];
  readonly consumers: readonly FrozenStreamConsumer[];
}

export interface FrozenStream {
  readonly kind: "stream";
  /** The nodes' listpacks, built at freeze time (the source nodes may change afterwards). */
  readonly nodes: readonly { readonly master: StreamId; readonly listpack: Uint8Array }[];
  readonly length: number;
  readonly lastId: StreamId;
  readonly firstId: StreamId;
  readonly maxDeletedId: StreamId;
  readonly entriesAdded: bigint;
  readonly groups: readonly FrozenStreamGroup[];
  /** Some consumer's active time differs from its seen time: RDB_TYPE_STREAM_LISTPACKS_3 is needed. */
  readonly needsActiveTimes: boolean;
}

/** An int64 listpack entry for a difference of two unsigned 64-bit parts. */
function delta(d: bigint): number | bigint {
  const v = BigInt.asIntN(64, d & U64_MAX);
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** The listpack Redis holds for `node` (streamAppendItem's layout), byte for byte. O(node). */
export function streamNodeListpack(node: StreamNode): Uint8Array {
  const lp = new ListpackWriter();
  lp.addInt(node.live);
  lp.addInt(node.deleted);
  lp.addInt(node.masterFields.length);
  for (const f of node.masterFields) lp.addString(f);
  lp.addInt(0);
  const masterMs = node.master >> 64n;
  const masterSeq = node.master & U64_MAX;
  for (let i = 0; i < node.ids.length; i++) {
    const id = node.ids[i]!;
    const flags = node.flags[i]!;
    const fv = node.fvs[i]!;
    const same = (flags & FLAG_SAMEFIELDS) !== 0;
    const nf = fv.length >> 1;
    lp.addInt(flags);
    lp.addInt(delta((id >> 64n) - masterMs));
    lp.addInt(delta((id & U64_MAX) - masterSeq));
    if (!same) lp.addInt(nf);
    for (let k = 0; k < fv.length; k += 2) {
      if (!same) lp.addString(fv[k]!);
      lp.addString(fv[k + 1]!);
    }
    lp.addInt(same ? nf + 3 : 2 * nf + 4);
  }
  return lp.finish();
}

/** True when some consumer's active time differs from its seen time (RDB_TYPE_STREAM_LISTPACKS_3 needed). */
export function streamNeedsActiveTimes(s: StreamValue): boolean {
  if (s.groups === undefined) return false;
  for (const g of s.groups.values()) for (const c of g.consumers.values()) if (c.activeTime !== c.seenTime) return true;
  return false;
}

/** True when a snapshot holds a stream that needs RDB 11 (the file header must say so). O(keys). */
export function snapshotNeedsStream3(snapshot: RdbSnapshot): boolean {
  for (const db of snapshot.dbs) for (const v of db.values) if (v instanceof StreamValue && streamNeedsActiveTimes(v)) return true;
  return false;
}

/** A serialization-ready copy of `s`. O(size). */
export function freezeStream(s: StreamValue): FrozenStream {
  const groups: FrozenStreamGroup[] = streamSortedGroups(s).map((g) => {
    const pel: FrozenStreamNack[] = [];
    for (const [id, n] of g.pel.entries()) pel.push({ id, deliveryTime: n.deliveryTime, deliveryCount: n.deliveryCount });
    const consumers = g.sortedConsumers().map((c) => ({
      name: c.name,
      seenTime: c.seenTime,
      activeTime: c.activeTime,
      pending: c.pel.keys(),
    }));
    return { name: g.name, lastId: g.lastId, entriesRead: g.entriesRead, pel, consumers };
  });
  return {
    kind: "stream",
    nodes: s.nodes.map((n) => ({ master: n.master, listpack: streamNodeListpack(n) })),
    length: s.length,
    lastId: s.lastId,
    firstId: s.firstId,
    maxDeletedId: s.maxDeletedId,
    entriesAdded: s.entriesAdded,
    groups,
    needsActiveTimes: streamNeedsActiveTimes(s),
  };
}

/** The RDB type `f` is written with. */
export function streamRdbType(f: FrozenStream): number {
  return f.needsActiveTimes ? RDB_TYPE_STREAM_LISTPACKS_3 : RDB_TYPE_STREAM_LISTPACKS_2;
}

/** rdbSaveLen of a 64-bit value, in the shortest form (numbers for the small ones). */
function len64(w: ByteWriter, v: bigint): void {
  w.len(v <= 9007199254740991n ? Number(v) : v);
}

function writeId(w: ByteWriter, id: StreamId): void {
  len64(w, id >> 64n);
  len64(w, id & U64_MAX);
}

function writeRawId(w: ByteWriter, id: StreamId): void {
  w.binary(idKeyBytes(id));
}

/** Writes `f` as type `type` (RDB_TYPE_STREAM_LISTPACKS_2 or _3). */
export function writeStream(w: ByteWriter, f: FrozenStream, type: number, compress: boolean): void {
  w.len(f.nodes.length);
  for (const n of f.nodes) {
    w.string(idKeyBytes(n.master), compress);
    w.blob(n.listpack, compress);
  }
  w.len(f.length);
  writeId(w, f.lastId);
  writeId(w, f.firstId);
  writeId(w, f.maxDeletedId);
  len64(w, f.entriesAdded);
  w.len(f.groups.length);
  for (const g of f.groups) {
    w.string(g.name, compress);
    writeId(w, g.lastId);
    len64(w, BigInt.asUintN(64, g.entriesRead));
    w.len(g.pel.length);
    for (const n of g.pel) {
      writeRawId(w, n.id);
      w.i64le(n.deliveryTime);
      len64(w, BigInt.asUintN(64, BigInt(n.deliveryCount)));
    }
    w.len(g.consumers.length);
    for (const c of g.consumers) {
      w.string(c.name, compress);
      w.i64le(c.seenTime);
      if (type === RDB_TYPE_STREAM_LISTPACKS_3) w.i64le(c.activeTime);
      w.len(c.pending.length);
      for (const id of c.pending) writeRawId(w, id);
    }
  }
}

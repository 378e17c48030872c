/**
 * Reading a stream value (RDB_TYPE_STREAM_LISTPACKS 1–3, rdbLoadObject's stream branch) into plain
 * data: the entries of every node listpack, the stream's metadata, and the consumer groups with their
 * pending entries lists and consumers.
 *
 * A node is a 16-byte master ID (ms, seq as big-endian u64) and a listpack:
 *   master entry:  count, deleted, num-fields, field…, 0
 *   each entry:    flags, ms-diff, seq-diff, [num-fields, field, value …] | [value …], lp-count
 * (SAMEFIELDS flag: the master's fields; DELETED flag: a tombstone). IDs are deltas from the master
 * ID in unsigned 64-bit arithmetic.
 *
 * Validation (what Redis's deep sanitization checks, plus the invariants every stream keeps): node
 * structure and lp-count of each entry, per-node live/deleted counts, IDs strictly ascending across
 * the stream and not past last-id, the live total equal to the stored length, distinct group and
 * consumer names, every consumer PEL entry present in its group's PEL, every PEL entry owned.
 */
import type { RdbStream, RdbStreamConsumer, RdbStreamGroup, RdbStreamNack, RdbStreamNode } from "./dataset.js";
import { type LpEntry, lpInteger, lpString, parseListpack } from "./listpack.js";
import type { ByteReader } from "./reader.js";

const U64 = 2n ** 64n;
const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;

function idString(ms: bigint, seq: bigint): string {
  return `${ms}-${seq}`;
}

function compareId(ams: bigint, aseq: bigint, bms: bigint, bseq: bigint): number {
  return ams < bms ? -1 : ams > bms ? 1 : aseq < bseq ? -1 : aseq > bseq ? 1 : 0;
}

export function decodeStream(r: ByteReader, type: number): RdbStream {
  const s: RdbStream = {
    type: "stream",
    rdbType: type,
    entries: [],
    nodes: [],
    length: 0,
    lastId: "0-0",
    firstId: "0-0",
    maxDeletedId: "0-0",
    entriesAdded: 0n,
    groups: [],
  };
  const nodeCount = r.count("stream node count", 2);
  let prevMs = -1n;
  let prevSeq = 0n;
  let prevKeyMs = -1n;
  let prevKeySeq = 0n;
  let firstMs = 0n;
  let firstSeq = 0n;
  for (let k = 0; k < nodeCount; k++) {
    const keyAt = r.pos;
    const key = r.blob("stream node key");
    if (key.length !== 16) throw r.corrupt(`stream node key has ${key.length} bytes, not 16`, keyAt);
    let masterMs = 0n;
    let masterSeq = 0n;
    for (let i = 0; i < 8; i++) masterMs = (masterMs << 8n) | BigInt(key[i]!);
    for (let i = 8; i < 16; i++) masterSeq = (masterSeq << 8n) | BigInt(key[i]!);
    if (k > 0 && compareId(masterMs, masterSeq, prevKeyMs, prevKeySeq) <= 0) {
      throw r.corrupt(`stream node ${idString(masterMs, masterSeq)} is not after the previous node`, keyAt);
    }
    prevKeyMs = masterMs;
    prevKeySeq = masterSeq;
    const lpAt = r.pos;
    const blob = r.blob("stream node listpack");
    const fail = (msg: string, at: number) => r.corrupt(`${msg} (byte ${at} of the stream node listpack at offset ${lpAt})`, lpAt);
    const lp = parseListpack(blob, fail);
    if (lp.length === 0) throw fail("empty listpack inside a stream", 0);
    let i = 0;
    const next = (what: string): LpEntry => {
      if (i >= lp.length) throw fail(`stream node ends inside ${what}`, 0);
      return lp[i++]!;
    };
    const int = (what: string): bigint => {
      const v = lpInteger(next(what));
      if (v === undefined) throw fail(`stream ${what} is not an integer`, 0);
      return BigInt(v);
    };
    const count = int("master entry count");
    const deleted = int("master deleted count");
    const masterFieldCount = int("master field count");
    if (count < 0n || deleted < 0n || masterFieldCount < 0n || count + deleted > BigInt(lp.length)) {
      throw fail("implausible stream master entry counts", 0);
    }
    const masterFields: string[] = [];
    for (let f = 0n; f < masterFieldCount; f++) masterFields.push(lpString(next("master fields")));
    if (int("master entry terminator") !== 0n) throw fail("stream master entry does not end with 0", 0);
    const node: RdbStreamNode = { masterId: idString(masterMs, masterSeq), masterFields, items: [] };
    s.nodes!.push(node);
    let live = 0n;
    let dead = 0n;
    for (let e = 0n; e < count + deleted; e++) {
      const start = i;
      const flags = int("entry flags");
      const ms = BigInt.asUintN(64, masterMs + int("entry ms delta"));
      const seq = BigInt.asUintN(64, masterSeq + int("entry seq delta"));
      let fieldNames: string[] | undefined;
      let nFields: bigint;
      if ((flags & BigInt(FLAG_SAMEFIELDS)) !== 0n) {
        nFields = masterFieldCount;
      } else {
        nFields = int("entry field count");
        if (nFields < 0n || nFields > BigInt(lp.length)) throw fail("implausible stream entry field count", 0);
        fieldNames = [];
      }
      const fields: string[] = [];
      for (let f = 0n; f < nFields; f++) {
        const name = fieldNames === undefined ? masterFields[Number(f)]! : lpString(next("entry fields"));
        fields.push(name, lpString(next("entry values")));
      }
      const lpCount = int("entry lp-count");
      if (lpCount !== BigInt(i - start - 1)) throw fail(`stream entry lp-count ${lpCount} does not match its ${i - start - 1} parts`, 0);
      if (compareId(ms, seq, prevMs, prevSeq) <= 0 && prevMs >= 0n) {
        throw fail(`stream entry ${idString(ms, seq)} is not after the previous entry`, 0);
      }
      if (compareId(ms, seq, masterMs, masterSeq) < 0) throw fail(`stream entry ${idString(ms, seq)} is before its node's master ID`, 0);
      prevMs = ms;
      prevSeq = seq;
      const deletedEntry = (flags & BigInt(FLAG_DELETED)) !== 0n;
      node.items.push({ id: idString(ms, seq), fields, deleted: deletedEntry });
      if (deletedEntry) {
        dead++;
        continue;
      }
      live++;
      if (s.entries.length === 0) {
        firstMs = ms;
        firstSeq = seq;
      }
      s.entries.push({ id: idString(ms, seq), fields });
    }
    if (i !== lp.length) throw fail("stream node listpack has entries after its last stream entry", 0);
    if (live !== count || dead !== deleted) {
      throw fail(`stream node counts ${count} live and ${deleted} deleted entries, it holds ${live} and ${dead}`, 0);
    }
  }
  const metaAt = r.pos;
  s.length = r.len("stream length");
  const lastMs = r.lenBig("stream last ID");
  const lastSeq = r.lenBig("stream last ID");
  s.lastId = idString(lastMs, lastSeq);
  if (type >= 19) {
    s.firstId = idString(r.lenBig("stream first ID"), r.lenBig("stream first ID"));
    s.maxDeletedId = idString(r.lenBig("stream max deleted ID"), r.lenBig("stream max deleted ID"));
    s.entriesAdded = r.lenBig("stream entries added");
  } else {
    // As Redis migrates a v1 stream: entries added = length, no tombstone, first ID from the data.
    s.entriesAdded = BigInt(s.length);
    s.firstId = s.entries.length === 0 ? "0-0" : idString(firstMs, firstSeq);
  }
  if (s.length !== s.entries.length) {
    throw r.corrupt(`stream length ${s.length} differs from the ${s.entries.length} entries stored`, metaAt);
  }
  if (prevMs >= 0n && compareId(prevMs, prevSeq, lastMs, lastSeq) > 0) {
    throw r.corrupt(`stream last ID ${s.lastId} is before its last entry ${idString(prevMs, prevSeq)}`, metaAt);
  }
  const groupCount = r.count("stream consumer group count", 3);
  const groupNames = new Set<string>();
  for (let g = 0; g < groupCount; g++) {
    const nameAt = r.pos;
    const name = r.string("consumer group name");
    if (groupNames.has(name)) throw r.corrupt(`duplicated consumer group name ${JSON.stringify(name)}`, nameAt);
    groupNames.add(name);
    const lastId = idString(r.lenBig("consumer group last ID"), r.lenBig("consumer group last ID"));
    let entriesRead = -1n;
    if (type >= 19) {
      const v = r.lenBig("consumer group entries read");
      entriesRead = v === U64 - 1n ? -1n : v;
    }
    const group: RdbStreamGroup = { name, lastId, entriesRead, pel: [], consumers: [] };
    const pelCount = r.count("consumer group PEL size", 17);
    const pel = new Map<string, RdbStreamNack>();
    for (let p = 0; p < pelCount; p++) {
      const at = r.pos;
      const id = idString(r.u64be("PEL entry ID"), r.u64be("PEL entry ID"));
      const deliveryTime = r.i64le("PEL delivery time");
      const deliveryCount = r.len("PEL delivery count");
      if (pel.has(id)) throw r.corrupt(`duplicated PEL entry ${id} in consumer group ${JSON.stringify(name)}`, at);
      const nack: RdbStreamNack = { id, deliveryTime, deliveryCount, consumer: "" };
      pel.set(id, nack);
      group.pel.push(nack);
    }
    const consumerCount = r.count("consumer count", 9);
    const consumerNames = new Set<string>();
    const owned = new Set<string>();
    for (let c = 0; c < consumerCount; c++) {
      const cAt = r.pos;
      const cname = r.string("consumer name");
      if (consumerNames.has(cname)) throw r.corrupt(`duplicate consumer ${JSON.stringify(cname)} in group ${JSON.stringify(name)}`, cAt);
      consumerNames.add(cname);
      const seenTime = r.i64le("consumer seen time");
      const activeTime = type >= 21 ? r.i64le("consumer active time") : seenTime;
      const consumer: RdbStreamConsumer = { name: cname, seenTime, activeTime, pending: [] };
      const n = r.count("consumer PEL size", 16);
      for (let p = 0; p < n; p++) {
        const at = r.pos;
        const id = idString(r.u64be("consumer PEL ID"), r.u64be("consumer PEL ID"));
        const nack = pel.get(id);
        if (nack === undefined) throw r.corrupt(`consumer ${JSON.stringify(cname)} has pending entry ${id} that its group's PEL lacks`, at);
        if (owned.has(id)) throw r.corrupt(`pending entry ${id} is owned by two consumers`, at);
        owned.add(id);
        nack.consumer = cname;
        consumer.pending.push(id);
      }
      group.consumers.push(consumer);
    }
    for (const nack of group.pel) {
      if (!owned.has(nack.id)) throw r.corrupt(`pending entry ${nack.id} of group ${JSON.stringify(name)} has no consumer`, nameAt);
    }
    s.groups.push(group);
  }
  return s;
}

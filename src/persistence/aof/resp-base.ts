/**
 * The command-form AOF base (aof-use-rdb-preamble no): the dataset as commands that rebuild it,
 * as rewriteAppendOnlyFileRio writes them: per non-empty database a SELECT, then per key SET (strings),
 * RPUSH / SADD / HMSET in batches of 64 items (AOF_REWRITE_ITEMS_PER_CMD), HPEXPIREAT … FIELDS for
 * hash fields with a TTL, and PEXPIREAT for the key's TTL.
 *
 * Consistency without stopping writes: it serializes an RdbSnapshot (takeSnapshot, the same
 * consistent copy an RDB base is made from), in chunks the caller spreads over event-loop turns.
 */
import type { Value } from "../../engine/value.js";
import { hashFieldTtl, hashFieldTtlCount, hashPairs, type HashValue } from "../../types/hash/hash-value.js";
import type { ListValue } from "../../types/list/list-value.js";
import type { SetValue } from "../../types/set/set-value.js";
import type { ZsetValue } from "../../types/zset/zset-value.js";
import { zsetRewriteItems } from "../rdb/zset-rdb.js";
import type { StreamValue } from "../../types/stream/stream-value.js";
import { writeStreamCommands } from "./stream-rewrite.js";
import type { RdbSnapshot } from "../rdb/index.js";
import { AofEncoder, endMarker, fileHeader } from "./records.js";

/** AOF_REWRITE_ITEMS_PER_CMD (server.h). */
const ITEMS_PER_CMD = 64;
/** Hand out a chunk once this many bytes are encoded. */
const CHUNK_BYTES = 256 * 1024;

type Emit = (argv: readonly string[]) => void;

function writeBatches(out: Emit, head: readonly string[], items: readonly string[], per: number): void {
  for (let i = 0; i < items.length; i += per) out([...head, ...items.slice(i, i + per)]);
}

function writeValue(out: Emit, key: string, v: Value): void {
  if (typeof v === "string") {
    out(["SET", key, v]);
    return;
  }
  switch (v.type) {
    case "list":
      writeBatches(out, ["RPUSH", key], (v as ListValue).items.slice(), ITEMS_PER_CMD);
      return;
    case "set":
      writeBatches(out, ["SADD", key], (v as SetValue).members(), ITEMS_PER_CMD);
      return;
    case "hash": {
      const h = v as HashValue;
      const pairs = hashPairs(h);
      writeBatches(out, ["HMSET", key], pairs, ITEMS_PER_CMD * 2);
      if (hashFieldTtlCount(h) > 0) {
        for (let i = 0; i < pairs.length; i += 2) {
          const at = hashFieldTtl(h, pairs[i]!) ?? 0;
          if (at > 0) out(["HPEXPIREAT", key, String(at), "FIELDS", "1", pairs[i]!]);
        }
      }
      return;
    }
    case "zset":
      // rewriteSortedSetObject: ZADD score member … in batches of 64 pairs, lowest score first.
      writeBatches(out, ["ZADD", key], zsetRewriteItems(v as ZsetValue), ITEMS_PER_CMD * 2);
      return;
    case "stream":
      // rewriteStreamObject: XADD per entry, XSETID, XGROUP CREATE, XCLAIM / XGROUP CREATECONSUMER.
      writeStreamCommands(out, key, v as StreamValue);
      return;
    default:
      // Sorted sets and streams get their rewrite forms (ZADD; XADD/XSETID/XGROUP) when they land.
      throw new Error(`the command-form AOF base cannot hold a ${v.type} yet; use aof-use-rdb-preamble yes`);
  }
}

/**
 * The base file's bytes, in chunks of about 256 KB, each closed by a CRC annotation (records.ts) so
 * a damaged base is detected like a damaged INCR file, and the whole closed by the end marker.
 */
export function* encodeRespBase(snapshot: RdbSnapshot): Generator<Uint8Array> {
  const enc = new AofEncoder();
  const emit: Emit = (argv) => enc.addCommand(argv);
  yield fileHeader();
  for (const db of snapshot.dbs) {
    emit(["SELECT", String(db.id)]);
    for (let i = 0; i < db.keys.length; i++) {
      const key = db.keys[i]!;
      writeValue(emit, key, db.values[i]!);
      const at = db.expires[i]!;
      if (at !== 0) emit(["PEXPIREAT", key, String(at)]);
      if (enc.pendingBytes >= CHUNK_BYTES) yield enc.takeGroup()!;
    }
  }
  const last = enc.takeGroup();
  if (last !== undefined) yield last;
  yield endMarker();
}

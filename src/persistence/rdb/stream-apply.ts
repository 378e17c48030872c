/**
 * From a decoded stream (stream-decode.ts) to the engine's StreamValue, as rdbLoadObject builds it:
 * the stored nodes are kept node for node, tombstones included (Redis inserts each listpack into its
 * rax as it is), so node figures and approximate trims behave as on the server that wrote the file.
 * Data without a node layout is appended entry by entry under the current node limits.
 *
 * An old RDB_TYPE_STREAM_LISTPACKS (v1) group has no reads counter: it is estimated from its last ID
 * (streamEstimateDistanceFromFirstEverEntry), as Redis does when loading one. The decoder has already
 * checked the PEL invariants (every pending entry owned by exactly one consumer).
 */
import type { RdbStream } from "./dataset.js";
import { RDB_TYPE_STREAM_LISTPACKS } from "./constants.js";
import type { Nack } from "../../types/stream/consumer-group.js";
import { StreamNode } from "../../types/stream/stream-node.js";
import { type StreamId, parseStreamId } from "../../types/stream/stream-id.js";
import {
  type StreamNodeLimits,
  StreamValue,
  streamAppend,
  streamCreateGroup,
  streamEstimateDistance,
} from "../../types/stream/stream-value.js";
import { RdbError } from "./errors.js";

function id(text: string): StreamId {
  const p = parseStreamId(text, 0n, true);
  if (p === undefined) throw new RdbError(`bad stream ID ${text}`, "corrupt");
  return p.id;
}

/** The engine value for decoded stream data. O(size). */
export function buildStream(v: RdbStream, limits: StreamNodeLimits): StreamValue {
  const s = new StreamValue();
  if (v.nodes !== undefined) {
    for (const n of v.nodes) {
      const node = new StreamNode(id(n.masterId), n.masterFields);
      for (const it of n.items) node.push(id(it.id), it.fields, it.deleted);
      s.nodes.push(node);
    }
    s.length = v.length;
  } else {
    for (const e of v.entries) {
      if (streamAppend(s, e.fields, id(e.id), true, 0, limits) === "EDOM") {
        throw new RdbError(`stream entry ${e.id} is not after the previous one`, "corrupt");
      }
    }
  }
  s.lastId = id(v.lastId);
  s.firstId = id(v.firstId);
  s.maxDeletedId = id(v.maxDeletedId);
  s.entriesAdded = v.entriesAdded;
  for (const g of v.groups) {
    const lastId = id(g.lastId);
    const entriesRead = v.rdbType === RDB_TYPE_STREAM_LISTPACKS ? streamEstimateDistance(s, lastId) : g.entriesRead;
    const group = streamCreateGroup(s, g.name, lastId, entriesRead);
    if (group === undefined) throw new RdbError(`duplicated consumer group name ${JSON.stringify(g.name)}`, "corrupt");
    const nacks = new Map<string, Nack>();
    for (const p of g.pel) {
      const nack: Nack = { deliveryTime: p.deliveryTime, deliveryCount: p.deliveryCount, consumer: undefined };
      nacks.set(p.id, nack);
      group.pel.tryInsert(id(p.id), nack);
    }
    for (const c of g.consumers) {
      const consumer = group.createConsumer(c.name, c.seenTime);
      if (consumer === undefined) throw new RdbError(`duplicate consumer ${JSON.stringify(c.name)}`, "corrupt");
      consumer.activeTime = c.activeTime;
      for (const pid of c.pending) {
        const nack = nacks.get(pid)!;
        nack.consumer = consumer;
        consumer.pel.tryInsert(id(pid), nack);
      }
    }
  }
  return s;
}

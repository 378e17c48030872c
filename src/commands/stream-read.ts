/**
 * XREAD and XREADGROUP (t_stream.c xreadCommand, Redis 7.2), one implementation.
 *
 * XREADGROUP with `>` delivers new entries: the group's last ID and reads counter advance, each
 * entry becomes pending for the consumer (unless NOACK) and is logged as the XCLAIM that recreates
 * that pending entry (streamPropagateXCLAIM); with NOACK the group's new position is logged as
 * XGROUP SETID … ENTRIESREAD. With an ID it serves the consumer's own history (its PEL), bumping
 * delivery counts, and logs nothing. The request itself is never logged.
 *
 * Blocking (DESIGN.md convention 8): with BLOCK and nothing to serve, the session parks on every
 * key; `$` is resolved to the stream's last ID at that moment and the resolved request is what runs
 * again (blocking.ts BlockOptions.argv). XREADGROUP waiters also wake when a key is deleted or its
 * group destroyed, and the re-run answers the NOGROUP (or WRONGTYPE) error, as in 7.2.
 */
import type { CommandDef } from "../engine/command-types.js";
import {
  SYNTAX,
  XREAD_GREATER_ID,
  XREAD_GROUP_OPTION,
  XREAD_NOACK_OPTION,
  XREADGROUP_DOLLAR,
  XREADGROUP_NO_GROUP_OPTION,
  xreadUnbalanced,
  xreadgroupNoGroup,
} from "../engine/errors.js";
import { NOTIFY_STREAM } from "../engine/notify.js";
import { MapReply, NullArray, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { timeoutMillisArg } from "../engine/timeout.js";
import { type Consumer, type ConsumerGroup, nextDeliveryCount } from "../types/stream/consumer-group.js";
import { ID_MAX, type StreamId, formatId } from "../types/stream/stream-id.js";
import {
  type StreamValue,
  streamEdgeId,
  streamEntry,
  streamGroup,
  streamGroupAdvance,
  streamScan,
} from "../types/stream/stream-value.js";
import { propagateGroupSetId, propagateXclaim } from "./stream-propagate.js";
import { cstr, entryReply, eqi, longLongArg, readStream, strictIdArg } from "./stream-common.js";

/** What a group read needs besides the stream: who reads, and how. */
interface GroupRead {
  key: string;
  group: ConsumerGroup;
  consumer: Consumer;
  noack: boolean;
}

/**
 * streamReplyWithRange with a group (`>`): entries after `start`, each advancing the group and, unless
 * NOACK, becoming pending for the consumer (logged as XCLAIM); NOACK logs the new group position.
 */
function deliverNew(s: Session, st: StreamValue, start: StreamId, count: number, r: GroupRead): Reply[] {
  const out: Reply[] = [];
  const now = s.engine.now;
  const g = r.group;
  let moved = false;
  streamScan(st, start, ID_MAX, false, (id, fv) => {
    if (id > g.lastId) {
      streamGroupAdvance(st, g, id);
      if (r.noack) moved = true;
    }
    out.push(entryReply(id, fv));
    if (!r.noack) {
      const nack = g.deliver(id, r.consumer, now);
      r.consumer.activeTime = now;
      propagateXclaim(s, r.key, g, formatId(id), nack);
    }
    return count === 0 || out.length < count;
  });
  if (moved) propagateGroupSetId(s, r.key, g);
  return out;
}

/**
 * streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from `start`; an entry deleted
 * since is answered as [id, nil]. Each delivered one counts as a new delivery (time and count).
 */
function deliverHistory(s: Session, st: StreamValue, start: StreamId, count: number, consumer: Consumer): Reply[] {
  const out: Reply[] = [];
  const now = s.engine.now;
  for (const [id, nack] of consumer.pel.entries(start)) {
    if (count !== 0 && out.length >= count) break;
    const fv = streamEntry(st, id);
    if (fv === undefined) {
      out.push([formatId(id), NullArray.instance]);
    } else {
      out.push(entryReply(id, fv));
      nack.deliveryTime = now;
      nack.deliveryCount = nextDeliveryCount(nack.deliveryCount);
    }
  }
  return out;
}

function xreadGeneric(s: Session, argv: readonly string[], xreadgroup: boolean): Reply {
  const argc = argv.length;
  let timeoutAt = -1;
  let count = 0;
  let streamsArg = 0;
  let nstreams = 0;
  let noack = false;
  let groupName: string | undefined;
  let consumerName = "";
  for (let i = 1; i < argc; i++) {
    const moreargs = argc - i - 1;
    const o = argv[i]!;
    if (eqi(o, "block") && moreargs > 0) {
      // Inside a script Redis refuses BLOCK outright (errors.ts xreadBlockInScript); the engine has no
      // scripting layer yet, so no session is a script caller here.
      i++;
      timeoutAt = timeoutMillisArg(s, argv[i]!);
    } else if (eqi(o, "count") && moreargs > 0) {
      i++;
      const c = longLongArg(argv[i]!);
      count = c < 0n ? 0 : Number(c);
    } else if (eqi(o, "streams") && moreargs > 0) {
      streamsArg = i + 1;
      nstreams = argc - streamsArg;
      if (nstreams % 2 !== 0) throw xreadUnbalanced(xreadgroup ? "xreadgroup" : "xread", xreadgroup ? ">" : "$");
      nstreams /= 2;
      break;
    } else if (eqi(o, "group") && moreargs >= 2) {
      if (!xreadgroup) throw XREAD_GROUP_OPTION;
      groupName = argv[i + 1]!;
      consumerName = argv[i + 2]!;
      i += 2;
    } else if (eqi(o, "noack")) {
      if (!xreadgroup) throw XREAD_NOACK_OPTION;
      noack = true;
    } else {
      throw SYNTAX;
    }
  }
  if (streamsArg === 0) throw SYNTAX;
  if (xreadgroup && groupName === undefined) throw XREADGROUP_NO_GROUP_OPTION;

  // Resolve the IDs (and the groups) stream by stream, in Redis's order of checks.
  const ids: StreamId[] = new Array<StreamId>(nstreams);
  const groups: ConsumerGroup[] = [];
  const idFrom = streamsArg + nstreams;
  for (let i = idFrom; i < argc; i++) {
    const k = i - idFrom;
    const key = argv[i - nstreams]!;
    const st = readStream(s, key);
    if (groupName !== undefined) {
      const g = st === undefined ? undefined : streamGroup(st, groupName);
      if (g === undefined) throw xreadgroupNoGroup(key, groupName);
      groups[k] = g;
    }
    const arg = cstr(argv[i]!);
    if (arg === "$") {
      if (xreadgroup) throw XREADGROUP_DOLLAR;
      ids[k] = st === undefined ? 0n : st.lastId;
      continue;
    }
    if (arg === ">") {
      if (!xreadgroup) throw XREAD_GREATER_ID;
      ids[k] = ID_MAX;
      continue;
    }
    ids[k] = strictIdArg(argv[i]!);
  }

  // Serve what can be served now.
  const engine = s.engine;
  const served: Reply[] = [];
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsArg + k]!;
    const st = readStream(s, key);
    if (st === undefined) continue;
    let gt = ids[k]!;
    let serve = false;
    let history = false;
    let consumer: Consumer | undefined;
    const g = groups[k];
    if (g !== undefined) {
      if (gt !== ID_MAX) {
        serve = true;
        history = true;
      } else if (st.length > 0 && streamEdgeId(st, true)! > g.lastId) {
        serve = true;
        gt = g.lastId;
      }
      consumer = g.consumers.get(consumerName);
      if (consumer === undefined) {
        consumer = g.createConsumer(consumerName, engine.now)!;
        engine.touch();
        engine.notify(NOTIFY_STREAM, "xgroup-createconsumer", key, s.db.id);
        if (noack) engine.propagate(s.db.id, ["XGROUP", "CREATECONSUMER", key, groupName!, consumerName]);
      }
      consumer.seenTime = engine.now;
    } else if (st.length > 0 && streamEdgeId(st, true)! > gt) {
      serve = true;
    }
    if (!serve) continue;
    // The range starts after `gt` (streamIncrID wraps the largest ID to 0-0).
    const start = gt === ID_MAX ? 0n : gt + 1n;
    let entries: Reply[];
    if (g === undefined) {
      entries = [];
      streamScan(st, start, ID_MAX, false, (id, fv) => {
        entries.push(entryReply(id, fv));
        return count === 0 || entries.length < count;
      });
    } else if (history) {
      entries = deliverHistory(s, st, start, count, consumer!);
    } else {
      entries = deliverNew(s, st, start, count, { key, group: g, consumer: consumer!, noack });
    }
    served.push(key, entries);
    if (g !== undefined) engine.touch();
  }
  // The effects were logged as XCLAIM / XGROUP commands; the request itself never is.
  if (xreadgroup) s.rewrittenArgv = [];

  if (served.length > 0) {
    if (s.resp === 3) return new MapReply(served);
    const out: Reply[] = [];
    for (let j = 0; j < served.length; j += 2) out.push([served[j]!, served[j + 1]!]);
    return out;
  }
  if (timeoutAt !== -1) {
    // Block, re-running with `$` pinned to the last ID seen now.
    let rerun: string[] | undefined;
    for (let k = 0; k < nstreams; k++) {
      if (cstr(argv[idFrom + k]!) !== "$") continue;
      rerun ??= argv.slice();
      rerun[idFrom + k] = formatId(ids[k]!);
    }
    const keys = argv.slice(streamsArg, streamsArg + nstreams);
    return engine.blocking.blockOn(s, keys, timeoutAt, NullArray.instance, "stream", {
      ...(rerun === undefined ? {} : { argv: rerun }),
      unblockOnNoKey: xreadgroup,
    });
  }
  return NullArray.instance;
}

export const STREAM_READ_COMMANDS: CommandDef[] = [
  { name: "xread", handler: (s, argv) => xreadGeneric(s, argv, false) },
  { name: "xreadgroup", handler: (s, argv) => xreadGeneric(s, argv, true) },
];

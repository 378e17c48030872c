/**
 * XCLAIM and XAUTOCLAIM (t_stream.c, Redis 7.2): moving pending entries between consumers.
 *
 * Both create the named consumer up front (7.2) and refresh its seen time; each claim refreshes its
 * active time. A pending entry whose stream entry was deleted is dropped from the PEL (XAUTOCLAIM
 * reports it in its third reply element). Every change is logged as the idempotent XCLAIM of
 * stream-propagate.ts; an XCLAIM whose only effect was LASTID is logged as XGROUP SETID. The request
 * itself is never logged.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import {
  SYNTAX,
  XAUTOCLAIM_COUNT,
  XAUTOCLAIM_COUNT_TOO_HIGH,
  XAUTOCLAIM_MIN_IDLE,
  XCLAIM_IDLE,
  XCLAIM_MIN_IDLE,
  XCLAIM_RETRYCOUNT,
  XCLAIM_TIME,
  streamNoKeyOrGroup,
  xclaimUnrecognized,
} from "../engine/errors.js";
import { NOTIFY_STREAM } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { type Consumer, type ConsumerGroup, type Nack, nextDeliveryCount } from "../types/stream/consumer-group.js";
import { type StreamId, formatId, parseStreamId } from "../types/stream/stream-id.js";
import { type StreamValue, streamEntry, streamGroup } from "../types/stream/stream-value.js";
import { entryReply, eqi, intervalStart, longLongArg, readStream, strictIdArg } from "./stream-common.js";
import { propagateGroupSetId, propagateXclaim } from "./stream-propagate.js";

/** The key's stream and group, or Redis's NOGROUP error. */
function streamAndGroup(s: Session, key: string, groupName: string): [StreamValue, ConsumerGroup] {
  const st = readStream(s, key);
  const g = st === undefined ? undefined : streamGroup(st, groupName);
  if (g === undefined) throw streamNoKeyOrGroup(key, groupName);
  return [st!, g];
}

/** streamLookupConsumer, creating it (dirty, xgroup-createconsumer) when missing; seen now. */
function claimingConsumer(s: Session, key: string, g: ConsumerGroup, name: string): Consumer {
  const engine = s.engine;
  let c = g.consumers.get(name);
  if (c === undefined) {
    c = g.createConsumer(name, engine.now)!;
    engine.touch();
    engine.notify(NOTIFY_STREAM, "xgroup-createconsumer", key, s.db.id);
  }
  c.seenTime = engine.now;
  return c;
}

/** A count from XCLAIM's RETRYCOUNT: a number when exact. */
function countValue(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * XCLAIM key group consumer min-idle-time id [id …] [IDLE ms] [TIME unix-ms] [RETRYCOUNT n] [FORCE]
 * [JUSTID] [LASTID id]. The key and group are checked first, then min-idle-time; IDs are read until
 * the first argument that is not one, and the rest must be options.
 */
const xclaim: Handler = (s, argv) => {
  const argc = argv.length;
  const key = argv[1]!;
  const [st, g] = streamAndGroup(s, key, argv[2]!);
  let minIdle = longLongArg(argv[4]!, XCLAIM_MIN_IDLE);
  if (minIdle < 0n) minIdle = 0n;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argc; j++) {
    const p = parseStreamId(argv[j]!, 0n, true);
    if (p === undefined) break;
    ids.push(p.id);
  }
  const engine = s.engine;
  const now = engine.now;
  const nowBig = BigInt(now);
  let force = false;
  let justId = false;
  let deliveryTime = -1n;
  let retryCount = -1n;
  let lastId = 0n;
  for (; j < argc; j++) {
    const moreargs = argc - 1 - j;
    const opt = argv[j]!;
    if (eqi(opt, "force")) force = true;
    else if (eqi(opt, "justid")) justId = true;
    else if (eqi(opt, "idle") && moreargs > 0) {
      deliveryTime = BigInt.asIntN(64, nowBig - longLongArg(argv[++j]!, XCLAIM_IDLE));
    } else if (eqi(opt, "time") && moreargs > 0) {
      deliveryTime = longLongArg(argv[++j]!, XCLAIM_TIME);
    } else if (eqi(opt, "retrycount") && moreargs > 0) {
      retryCount = longLongArg(argv[++j]!, XCLAIM_RETRYCOUNT);
    } else if (eqi(opt, "lastid") && moreargs > 0) {
      lastId = strictIdArg(argv[++j]!);
    } else {
      throw xclaimUnrecognized(opt);
    }
  }
  let propagateLastId = false;
  if (lastId > g.lastId) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  // A bogus delivery time (negative, or in the future) becomes now rather than an error.
  const time = deliveryTime === -1n || deliveryTime < 0n || deliveryTime > nowBig ? now : Number(deliveryTime);
  const consumer = claimingConsumer(s, key, g, argv[3]!);
  const out: Reply[] = [];
  const idle = Number(minIdle);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    const typed = argv[5 + k]!;
    let nack = g.pel.get(id);
    const fv = streamEntry(st, id);
    if (fv === undefined) {
      if (nack !== undefined) {
        propagateXclaim(s, key, g, typed, nack);
        propagateLastId = false;
        engine.touch();
        g.ack(id);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = { deliveryTime: now, deliveryCount: 1, consumer: undefined };
      g.pel.tryInsert(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== undefined && idle !== 0 && now - nack.deliveryTime < idle) continue;
    nack.deliveryTime = time;
    if (retryCount >= 0n) nack.deliveryCount = countValue(retryCount);
    else if (!justId) nack.deliveryCount = nextDeliveryCount(nack.deliveryCount);
    g.transfer(id, nack, consumer);
    out.push(justId ? formatId(id) : entryReply(id, fv));
    consumer.activeTime = now;
    propagateXclaim(s, key, g, typed, nack);
    propagateLastId = false;
    engine.touch();
  }
  if (propagateLastId) {
    propagateGroupSetId(s, key, g);
    engine.touch();
  }
  s.rewrittenArgv = [];
  return out;
};

/** LONG_MAX / max(sizeof(streamID), attempts factor): XAUTOCLAIM's largest COUNT. */
const AUTOCLAIM_MAX_COUNT = 9223372036854775807n / 16n;
/**
 * Redis allocates COUNT stream IDs up front (ztrymalloc) and answers an error when that fails; beyond
 * 2^47 bytes no allocator can succeed, so such counts get that error here.
 */
const AUTOCLAIM_ALLOC_LIMIT = 1n << 43n;

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
const xautoclaim: Handler = (s, argv) => {
  const argc = argv.length;
  let minIdle = longLongArg(argv[4]!, XAUTOCLAIM_MIN_IDLE);
  if (minIdle < 0n) minIdle = 0n;
  const start = intervalStart(argv[5]!);
  let count = 100n;
  let justId = false;
  for (let j = 6; j < argc; j++) {
    const moreargs = argc - 1 - j;
    if (eqi(argv[j]!, "count") && moreargs > 0) {
      count = longLongArg(argv[j + 1]!, XAUTOCLAIM_COUNT);
      if (count < 1n || count > AUTOCLAIM_MAX_COUNT) throw XAUTOCLAIM_COUNT;
      j++;
    } else if (eqi(argv[j]!, "justid")) {
      justId = true;
    } else {
      throw SYNTAX;
    }
  }
  const key = argv[1]!;
  const [st, g] = streamAndGroup(s, key, argv[2]!);
  if (count >= AUTOCLAIM_ALLOC_LIMIT) throw XAUTOCLAIM_COUNT_TOO_HIGH;
  const engine = s.engine;
  const consumer = claimingConsumer(s, key, g, argv[3]!);
  const now = engine.now;
  const idle = Number(minIdle);
  let remaining = Number(count);
  let attempts = remaining * 10;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  // `pos`: the next PEL key looked at is the first ≥ pos (a rax iterator's next step).
  let pos: StreamId = start;
  let eof = false;
  while (attempts-- !== 0 && remaining !== 0) {
    const id = g.pel.ceil(pos);
    if (id === undefined) {
      eof = true;
      break;
    }
    pos = id + 1n;
    const nack: Nack = g.pel.get(id)!;
    const fv = streamEntry(st, id);
    if (fv === undefined) {
      propagateXclaim(s, key, g, formatId(id), nack);
      engine.touch();
      g.ack(id);
      deleted.push(formatId(id));
      remaining--;
      continue;
    }
    if (idle !== 0 && now - nack.deliveryTime < idle) continue;
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount = nextDeliveryCount(nack.deliveryCount);
    g.transfer(id, nack, consumer);
    claimed.push(justId ? formatId(id) : entryReply(id, fv));
    remaining--;
    consumer.activeTime = now;
    propagateXclaim(s, key, g, formatId(id), nack);
    engine.touch();
  }
  const next = eof ? undefined : g.pel.ceil(pos);
  s.rewrittenArgv = [];
  return [formatId(next ?? 0n), claimed, deleted];
};

export const STREAM_CLAIM_COMMANDS: CommandDef[] = [
  { name: "xclaim", handler: xclaim },
  { name: "xautoclaim", handler: xautoclaim },
];

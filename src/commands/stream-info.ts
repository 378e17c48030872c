/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP (t_stream.c xinfoCommand,
 * Redis 7.2): maps (RESP3 `%`, RESP2 flat arrays) in Redis's field order. The key is looked up before
 * any option is read ("no such key" wins over a bad option).
 *
 * radix-tree-keys / radix-tree-nodes describe Redis's rax of stream nodes; our node layout matches
 * Redis's listpacks, so both figures are Redis's (stream-value.ts streamRaxNodes).
 */
import type { CommandDef } from "../engine/command-types.js";
import { NO_SUCH_KEY, streamNoGroupForKey, unknownSubcommandOrArity } from "../engine/errors.js";
import { MapReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { deliveryCountReply, INVALID_ENTRIES_READ } from "../types/stream/consumer-group.js";
import { ID_MAX, formatId } from "../types/stream/stream-id.js";
import {
  type StreamValue,
  streamGroup,
  streamGroupLag,
  streamNodeCount,
  streamRaxNodes,
  streamScan,
  streamSortedGroups,
} from "../types/stream/stream-value.js";
import { helpReply } from "./connection-client.js";
import { bigReply, cstr, entryReply, eqi, longLongArg, readStream } from "./stream-common.js";

const XINFO_HELP = [
  "CONSUMERS <key> <groupname>",
  "    Show consumers of <groupname>.",
  "GROUPS <key>",
  "    Show the stream consumer groups.",
  "STREAM <key> [FULL [COUNT <count>]",
  "    Show information about the stream.",
];

/** The key's stream, or "no such key" / WRONGTYPE. */
function infoStream(s: Session, key: string): StreamValue {
  const st = readStream(s, key);
  if (st === undefined) throw NO_SUCH_KEY;
  return st;
}

/** Entries from the start, at most `count` (0 = all). */
function headEntries(st: StreamValue, count: number, rev = false): Reply[] {
  const out: Reply[] = [];
  streamScan(st, 0n, ID_MAX, rev, (id, fv) => {
    out.push(entryReply(id, fv));
    return count === 0 || out.length < count;
  });
  return out;
}

function readsCounter(n: bigint): Reply {
  return n === INVALID_ENTRIES_READ ? null : bigReply(n);
}

function lagReply(st: StreamValue, g: Parameters<typeof streamGroupLag>[1]): Reply {
  const lag = streamGroupLag(st, g);
  return lag === undefined ? null : bigReply(lag);
}

function xinfoStream(s: Session, argv: readonly string[]): Reply {
  const st = infoStream(s, argv[2]!);
  const optc = argv.length - 3;
  let full = false;
  let count = 10;
  if (optc > 0) {
    const syntax = () => unknownSubcommandOrArity(cstr(argv[1]!), cstr(argv[0]!));
    if (optc !== 1 && optc !== 3) throw syntax();
    if (!eqi(argv[3]!, "full")) throw syntax();
    if (optc === 3) {
      if (!eqi(argv[4]!, "count")) throw syntax();
      const c = longLongArg(argv[5]!);
      count = c < 0n ? 10 : Number(c);
    }
    full = true;
  }
  const head: Reply[] = [
    "length", st.length,
    "radix-tree-keys", streamNodeCount(st),
    "radix-tree-nodes", streamRaxNodes(st),
    "last-generated-id", formatId(st.lastId),
    "max-deleted-entry-id", formatId(st.maxDeletedId),
    "entries-added", bigReply(st.entriesAdded),
    "recorded-first-entry-id", formatId(st.firstId),
  ];
  if (!full) {
    const first = headEntries(st, 1);
    const last = headEntries(st, 1, true);
    head.push("groups", st.groups?.size ?? 0, "first-entry", first[0] ?? null, "last-entry", last[0] ?? null);
    return new MapReply(head);
  }
  const groups: Reply[] = [];
  for (const g of streamSortedGroups(st)) {
    const pending: Reply[] = [];
    for (const [id, nack] of g.pel.entries()) {
      if (count !== 0 && pending.length >= count) break;
      pending.push([formatId(id), nack.consumer!.name, nack.deliveryTime, deliveryCountReply(nack.deliveryCount)]);
    }
    const consumers: Reply[] = [];
    for (const c of g.sortedConsumers()) {
      const cpending: Reply[] = [];
      for (const [id, nack] of c.pel.entries()) {
        if (count !== 0 && cpending.length >= count) break;
        cpending.push([formatId(id), nack.deliveryTime, deliveryCountReply(nack.deliveryCount)]);
      }
      consumers.push(
        new MapReply([
          "name", c.name,
          "seen-time", c.seenTime,
          "active-time", c.activeTime,
          "pel-count", c.pel.size,
          "pending", cpending,
        ]),
      );
    }
    groups.push(
      new MapReply([
        "name", g.name,
        "last-delivered-id", formatId(g.lastId),
        "entries-read", readsCounter(g.entriesRead),
        "lag", lagReply(st, g),
        "pel-count", g.pel.size,
        "pending", pending,
        "consumers", consumers,
      ]),
    );
  }
  head.push("entries", headEntries(st, count), "groups", groups);
  return new MapReply(head);
}

function xinfoGroups(s: Session, argv: readonly string[]): Reply {
  const st = infoStream(s, argv[2]!);
  return streamSortedGroups(st).map(
    (g) =>
      new MapReply([
        "name", g.name,
        "consumers", g.consumers.size,
        "pending", g.pel.size,
        "last-delivered-id", formatId(g.lastId),
        "entries-read", readsCounter(g.entriesRead),
        "lag", lagReply(st, g),
      ]),
  );
}

function xinfoConsumers(s: Session, argv: readonly string[]): Reply {
  const key = argv[2]!;
  const st = infoStream(s, key);
  const g = streamGroup(st, argv[3]!);
  if (g === undefined) throw streamNoGroupForKey(argv[3]!, key);
  const now = s.engine.now;
  return g.sortedConsumers().map((c) => {
    const idle = now - c.seenTime;
    const inactive = c.activeTime !== -1 ? now - c.activeTime : -1;
    return new MapReply(["name", c.name, "pending", c.pel.size, "idle", idle < 0 ? 0 : idle, "inactive", inactive]);
  });
}

export const STREAM_INFO_COMMANDS: CommandDef[] = [
  { name: "xinfo|stream", handler: xinfoStream },
  { name: "xinfo|groups", handler: xinfoGroups },
  { name: "xinfo|consumers", handler: xinfoConsumers },
  { name: "xinfo|help", handler: (_s, argv) => helpReply(argv[0]!, XINFO_HELP) },
];

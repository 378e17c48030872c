/**
 * Consumer-group administration (t_stream.c, Redis 7.2): XGROUP CREATE / SETID / DESTROY /
 * CREATECONSUMER / DELCONSUMER / HELP, XACK and XPENDING.
 *
 * XGROUP's subcommands share xgroupCommand's order of checks: trailing options first (a bad one is
 * the subcommand syntax error), then the key (WRONGTYPE, or "requires the key to exist" unless
 * MKSTREAM), then the group for the subcommands that need one (NOGROUP), then the subcommand's own
 * argument count. DESTROY wakes blocked XREADGROUP clients, whose re-run answers NOGROUP.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import {
  BUSYGROUP,
  SYNTAX,
  XGROUP_ENTRIESREAD_INVALID,
  XGROUP_KEY_MISSING,
  streamNoGroupForKey,
  streamNoKeyOrGroup,
  unknownSubcommandOrArity,
} from "../engine/errors.js";
import { NOTIFY_STREAM } from "../engine/notify.js";
import { NullArray, OK, type Reply } from "../engine/reply.js";
import { INVALID_ENTRIES_READ, deliveryCountReply } from "../types/stream/consumer-group.js";
import { type StreamId, formatId } from "../types/stream/stream-id.js";
import { StreamValue, streamCreateGroup, streamGroup } from "../types/stream/stream-value.js";
import { helpReply } from "./connection-client.js";
import {
  cstr,
  eqi,
  idArg,
  intervalEnd,
  intervalStart,
  longLongArg,
  readStream,
  strictIdArg,
  writeStream,
} from "./stream-common.js";

const XGROUP_HELP = [
  "CREATE <key> <groupname> <id|$> [option]",
  "    Create a new consumer group. Options are:",
  "    * MKSTREAM",
  "      Create the empty stream if it does not exist.",
  "    * ENTRIESREAD entries_read",
  "      Set the group's entries_read counter (internal use).",
  "CREATECONSUMER <key> <groupname> <consumer>",
  "    Create a new consumer in the specified group.",
  "DELCONSUMER <key> <groupname> <consumer>",
  "    Remove the specified consumer.",
  "DESTROY <key> <groupname>",
  "    Remove the specified group.",
  "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
  "    Set the current group ID and entries_read counter.",
];

/** xgroupCommand for every subcommand but HELP. */
const xgroup: Handler = (s, argv) => {
  const argc = argv.length;
  const sub = cstr(argv[1]!).toLowerCase();
  const syntaxError = () => unknownSubcommandOrArity(cstr(argv[1]!), cstr(argv[0]!));
  const create = sub === "create";
  const setid = sub === "setid";
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  for (let i = 5; i < argc; ) {
    if (create && eqi(argv[i]!, "mkstream")) {
      mkstream = true;
      i++;
    } else if ((create || setid) && eqi(argv[i]!, "entriesread") && i + 1 < argc) {
      entriesRead = longLongArg(argv[i + 1]!);
      if (entriesRead < 0n && entriesRead !== INVALID_ENTRIES_READ) throw XGROUP_ENTRIESREAD_INVALID;
      i += 2;
    } else {
      throw syntaxError();
    }
  }
  const key = argv[2]!;
  const groupName = argv[3]!;
  const db = s.db;
  const engine = s.engine;
  let st = writeStream(s, key);
  const g = st === undefined ? undefined : streamGroup(st, groupName);
  if (!mkstream) {
    if (st === undefined) throw XGROUP_KEY_MISSING;
    if (g === undefined && (setid || sub === "createconsumer" || sub === "delconsumer")) {
      throw streamNoGroupForKey(groupName, key);
    }
  }
  if (create && argc >= 5 && argc <= 8) {
    let id: StreamId;
    if (cstr(argv[4]!) === "$") id = st === undefined ? 0n : st.lastId;
    else id = strictIdArg(argv[4]!);
    if (st === undefined) {
      st = new StreamValue();
      db.add(key, st);
    }
    if (streamCreateGroup(st, groupName, id, entriesRead) === undefined) throw BUSYGROUP;
    engine.touch();
    engine.notify(NOTIFY_STREAM, "xgroup-create", key, db.id);
    return OK;
  }
  if (setid && (argc === 5 || argc === 7)) {
    const id = cstr(argv[4]!) === "$" ? st!.lastId : idArg(argv[4]!);
    g!.lastId = id;
    g!.entriesRead = entriesRead;
    engine.touch();
    engine.notify(NOTIFY_STREAM, "xgroup-setid", key, db.id);
    return OK;
  }
  if (sub === "destroy" && argc === 4) {
    if (g === undefined) return 0;
    st!.groups!.delete(groupName);
    engine.touch();
    engine.notify(NOTIFY_STREAM, "xgroup-destroy", key, db.id);
    engine.signalKeyAsReady(db, key);
    return 1;
  }
  if (sub === "createconsumer" && argc === 5) {
    if (g!.createConsumer(argv[4]!, engine.now) === undefined) return 0;
    engine.touch();
    engine.notify(NOTIFY_STREAM, "xgroup-createconsumer", key, db.id);
    return 1;
  }
  if (sub === "delconsumer" && argc === 5) {
    const c = g!.consumers.get(argv[4]!);
    if (c === undefined) return 0;
    const pending = c.pel.size;
    g!.deleteConsumer(c);
    engine.touch();
    engine.notify(NOTIFY_STREAM, "xgroup-delconsumer", key, db.id);
    return pending;
  }
  throw syntaxError();
};

/** XACK key group id [id …]: a missing key or group answers 0 before the IDs are parsed. */
const xack: Handler = (s, argv) => {
  const st = readStream(s, argv[1]!);
  const g = st === undefined ? undefined : streamGroup(st, argv[2]!);
  if (g === undefined) return 0;
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) ids.push(strictIdArg(argv[j]!));
  let acked = 0;
  for (const id of ids) if (g.ack(id)) acked++;
  if (acked > 0) s.engine.touch(acked);
  return acked;
};

/** XPENDING key group [[IDLE min-idle] start end count [consumer]] */
const xpending: Handler = (s, argv) => {
  const argc = argv.length;
  const key = argv[1]!;
  const groupName = argv[2]!;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw SYNTAX;
  let start = 0n;
  let end = 0n;
  let count = 0n;
  let minIdle = 0n;
  let consumerName: string | undefined;
  if (argc >= 6) {
    let at = 3;
    if (eqi(argv[3]!, "idle")) {
      minIdle = longLongArg(argv[4]!);
      if (argc < 8) throw SYNTAX;
      at += 2;
    }
    count = longLongArg(argv[at + 2]!);
    if (count < 0n) count = 0n;
    start = intervalStart(argv[at]!);
    end = intervalEnd(argv[at + 1]!);
    if (at + 3 < argc) consumerName = argv[at + 3]!;
  }
  const st = readStream(s, key);
  const g = st === undefined ? undefined : streamGroup(st, groupName);
  if (g === undefined) throw streamNoKeyOrGroup(key, groupName);

  if (argc === 3) {
    const n = g.pel.size;
    if (n === 0) return [0, null, null, NullArray.instance];
    const perConsumer: Reply[] = [];
    for (const c of g.sortedConsumers()) if (c.pel.size > 0) perConsumer.push([c.name, String(c.pel.size)]);
    return [n, formatId(g.pel.first()!), formatId(g.pel.last()!), perConsumer];
  }
  let pel = g.pel;
  if (consumerName !== undefined) {
    const c = g.consumers.get(consumerName);
    if (c === undefined) return [];
    pel = c.pel;
  }
  const now = s.engine.now;
  const out: Reply[] = [];
  const idle = Number(minIdle);
  for (const [id, nack] of pel.entries(start)) {
    if (count === 0n || id > end) break;
    if (minIdle !== 0n && now - nack.deliveryTime < idle) continue;
    count--;
    const elapsed = now - nack.deliveryTime;
    out.push([formatId(id), nack.consumer!.name, elapsed < 0 ? 0 : elapsed, deliveryCountReply(nack.deliveryCount)]);
  }
  return out;
};

export const STREAM_GROUP_COMMANDS: CommandDef[] = [
  { name: "xgroup|create", handler: xgroup },
  { name: "xgroup|setid", handler: xgroup },
  { name: "xgroup|destroy", handler: xgroup },
  { name: "xgroup|createconsumer", handler: xgroup },
  { name: "xgroup|delconsumer", handler: xgroup },
  { name: "xgroup|help", handler: (_s, argv) => helpReply(argv[0]!, XGROUP_HELP) },
  { name: "xack", handler: xack },
  { name: "xpending", handler: xpending },
];

/**
 * DEBUG (debug.c): the subset tests rely on. SET-ACTIVE-EXPIRE switches the active expiry cycle,
 * OBJECT prints Redis's low-level line, SLEEP blocks for real time, PROTOCOL answers each reply type,
 * and a few switches (LOG, CHANGE-REPL-ID, QUICKLIST-PACKED-THRESHOLD …) are accepted as no-ops.
 * Anything else answers Redis's "unknown subcommand" text.
 *
 * Other modules add their own subcommands (RELOAD, LOADAOF, DIGEST …) with registerDebugSubcommand,
 * so DEBUG stays one command as in Redis.
 */
import { ManualClock } from "../engine/clock.js";
import type { CommandDef, Handler } from "../engine/command-types.js";
import { protectedActionAllowed, memtoull } from "../engine/config-params.js";
import {
  DEBUG_NOT_ALLOWED,
  DEBUG_QUICKLIST_THRESHOLD,
  NO_SUCH_KEY,
  debugError,
  errorText,
  unknownSubcommandOrArity,
} from "../engine/errors.js";
import { estimateIdleMs } from "../engine/lru.js";
import type { Entry } from "../engine/keyspace.js";
import {
  BooleanReply,
  DoubleReply,
  MapReply,
  OK,
  PushReply,
  SetReply,
  SimpleString,
  VerbatimReply,
  type Reply,
} from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { stringEncoding } from "../types/string/encoding.js";
import { helpReply, sessionIsLocal } from "./connection-client.js";

/** A DEBUG subcommand: `argc` is the exact argument count it takes (name included), or -n for at least n. */
interface DebugSub {
  argc: number;
  handler: Handler;
}

const extra = new Map<string, DebugSub>();

/**
 * Adds a DEBUG subcommand (lower-case name) for every engine, e.g. persistence's RELOAD. `argc`
 * follows Redis's arity convention over the whole DEBUG argv. A later registration replaces an
 * earlier one.
 */
export function registerDebugSubcommand(name: string, argc: number, handler: Handler): void {
  extra.set(name.toLowerCase(), { argc, handler });
}

/** C's atoi, as the DEBUG switches read their 0/1 argument. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  return m === null ? 0 : Number(m[1]) | 0;
}

/** C's strtod prefix parse (DEBUG SLEEP ignores trailing junk); 0 when nothing parses. */
function strtodPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** rdbSavedObjectLen for strings (integer encodings, else a length-prefixed string); an estimate for other types. */
function serializedLength(e: Entry): number {
  const v = e.value;
  if (typeof v !== "string") return 1 + 16 * 8;
  if (/^-?[0-9]{1,11}$/.test(v) && String(Number(v)) === v) {
    const n = Number(v);
    if (n >= -(1 << 7) && n < 1 << 7) return 2;
    if (n >= -(1 << 15) && n < 1 << 15) return 3;
    if (n >= -(2 ** 31) && n < 2 ** 31) return 5;
  }
  const len = v.length;
  const prefix = len < 1 << 6 ? 1 : len < 1 << 14 ? 2 : len <= 0xffffffff ? 5 : 9;
  return prefix + len;
}

/** Small integers are shared objects in Redis (refcount INT_MAX) unless maxmemory is set with an LRU/LFU policy. */
function refcountOf(s: Session, e: Entry): number {
  const v = e.value;
  if (typeof v !== "string" || stringEncoding(v, e.raw) !== "int") return 1;
  const n = Number(v);
  if (n < 0 || n >= 10000) return 1;
  const policy = s.engine.config.get("maxmemory-policy");
  const noShared = s.engine.config.get("maxmemory") !== "0" && (policy.endsWith("-lru") || policy.endsWith("-lfu"));
  return noShared ? 1 : 2147483647;
}

/** DEBUG OBJECT's status line. Redis prints the object's address; we print a stable stand-in. */
function debugObject(s: Session, key: string): Reply {
  // Redis looks in the dict directly: no expiry check and no access-time update.
  const e = s.db.peek(key);
  if (e === undefined) throw NO_SUCH_KEY;
  const v = e.value;
  const encoding = typeof v === "string" ? stringEncoding(v, e.raw) : v.encoding();
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  const addr = `0x7f${hash.toString(16).padStart(8, "0")}0`;
  const idle = Math.floor(estimateIdleMs(s.engine, e.lru) / 1000);
  return new SimpleString(
    `Value at:${addr} refcount:${refcountOf(s, e)} encoding:${encoding} serializedlength:${serializedLength(e)} lru:${e.lru} lru_seconds_idle:${idle}`,
  );
}

/** DEBUG PROTOCOL <type>: one reply of each RESP type (RESP3 types fold to their RESP2 forms). */
function debugProtocol(s: Session, type: string): Reply {
  switch (type.toLowerCase()) {
    case "string":
      return "Hello World";
    case "integer":
      return 12345;
    case "double":
      return new DoubleReply(3.141);
    case "bignum":
      // No big-number reply type here: RESP2's form (a bulk string) in both protocols.
      return "1234567999999999999999999999999999999";
    case "null":
      return null;
    case "array":
      return [0, 1, 2];
    case "set":
      return new SetReply([0, 1, 2]);
    case "map":
      return new MapReply([0, BooleanReply.FALSE, 1, BooleanReply.TRUE, 2, BooleanReply.FALSE]);
    case "attrib":
      // Attributes are not modelled; what follows the attribute is the real reply.
      return "Some real reply following the attribute";
    case "push":
      if (s.resp < 3) throw errorText("ERR RESP2 is not supported by this command");
      s.onPush?.(new PushReply(["server-cpu-usage", 42]));
      return "Some real reply following the push reply";
    case "true":
      return BooleanReply.TRUE;
    case "false":
      return BooleanReply.FALSE;
    case "verbatim":
      return new VerbatimReply("txt", "This is a verbatim\nstring");
    default:
      throw errorText(
        "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false",
      );
  }
}

/**
 * DEBUG SLEEP: Redis stops the whole server for that long; in-process the caller's thread waits on
 * the engine clock (nothing else runs meanwhile, as in Redis). A ManualClock only moves when a test
 * moves it, so there the sleep returns at once.
 */
function debugSleep(s: Session, seconds: number): void {
  const ms = seconds * 1000;
  const clock = s.engine.clock;
  if (!(ms > 0) || clock instanceof ManualClock) return;
  const deadline = clock.now() + ms;
  while (clock.now() < deadline) {
    // busy-wait: a synchronous handler has no other way to let real time pass
  }
}

const DEBUG_HELP = [
  "AOF-FLUSH-SLEEP <microsec>",
  "    Server will sleep before flushing the AOF, this is used for testing.",
  "ASSERT",
  "    Crash by assertion failed.",
  "CHANGE-REPL-ID",
  "    Change the replication IDs of the instance.",
  "    Dangerous: should be used only for testing the replication subsystem.",
  "CONFIG-REWRITE-FORCE-ALL",
  "    Like CONFIG REWRITE but writes all configuration options, including",
  "    keywords not listed in original configuration file or default values.",
  "CRASH-AND-RECOVER [<milliseconds>]",
  "    Hard crash and restart after a <milliseconds> delay (default 0).",
  "DIGEST",
  "    Output a hex signature representing the current DB content.",
  "DIGEST-VALUE <key> [<key> ...]",
  "    Output a hex signature of the values of all the specified keys.",
  "ERROR <string>",
  "    Return a Redis protocol error with <string> as message. Useful for clients",
  "    unit tests to simulate Redis errors.",
  "LEAK <string>",
  "    Create a memory leak of the input string.",
  "LOG <message>",
  "    Write <message> to the server log.",
  "HTSTATS <dbid> [full]",
  "    Return hash table statistics of the specified Redis database.",
  "HTSTATS-KEY <key> [full]",
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  "LOADAOF",
  "    Flush the AOF buffers on disk and reload the AOF in memory.",
  "REPLICATE <string>",
  "    Replicates the provided string to replicas, allowing data divergence.",
  "OBJECT <key>",
  "    Show low level info about `key` and associated value.",
  "DROP-CLUSTER-PACKET-FILTER <packet-type>",
  "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
  "OOM",
  "    Crash the server simulating an out-of-memory error.",
  "PANIC",
  "    Crash the server simulating a panic.",
  "POPULATE <count> [<prefix>] [<size>]",
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated to",
  "    replicas. Cluster slots are not respected so keys not belonging to the",
  "    current node can be created in cluster mode.",
  "PROTOCOL <type>",
  "    Reply with a test value of the specified type. <type> can be: string,",
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
  "    true, false.",
  "RELOAD [option ...]",
  "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
  "    * MERGE: conflicting keys will be loaded from RDB.",
  "    * NOFLUSH: the existing database will not be removed before load, but",
  "      conflicting keys will generate an exception and kill the server.",
  "    * NOSAVE: the database will be loaded from an existing RDB file.",
  "    Examples:",
  "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
  "      the database.",
  "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
  "      existing RDB file.",
  "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
  "      file to the database.",
  "RESTART [<milliseconds>]",
  "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
  "SDSLEN <key>",
  "    Show low level SDS string info representing `key` and value.",
  "SEGFAULT",
  "    Crash the server with sigsegv.",
  "SET-ACTIVE-EXPIRE <0|1>",
  "    Setting it to 0 disables expiring keys in background when they are not",
  "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
  "    default.",
  "QUICKLIST-PACKED-THRESHOLD <size>",
  "    Sets the threshold for elements to be inserted as plain vs packed nodes",
  "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
  "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  "SLEEP <seconds>",
  "    Stop the server for <seconds>. Decimals allowed.",
  "STRINGMATCH-TEST",
  "    Run a fuzz tester against the stringmatchlen() function.",
  "STRUCTSIZE",
  "    Return the size of different Redis core C structures.",
  "LISTPACK <key>",
  "    Show low level info about the listpack encoding of <key>.",
  "QUICKLIST <key> [<0|1>]",
  "    Show low level info about the quicklist encoding of <key>.",
  "    The optional argument (0 by default) sets the level of detail",
  "CLIENT-EVICTION",
  "    Show low level client eviction pools info (maxmemory-clients).",
  "PAUSE-CRON <0|1>",
  "    Stop periodic cron job processing.",
  "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
  "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
  "    In case NEVER is provided the last observed peak will never be reset",
  "    In case RESET is provided the peak reset time will be restored to the default value",
  "REPLYBUFFER RESIZING <0|1>",
  "    Enable or disable the reply buffer resize cron job",
  "CLUSTERLINK KILL <to|from|all> <node-id>",
  "    Kills the link based on the direction to/from (both) with the provided node.",
];

/** The built-in subcommands, by lower-case name. */
const BUILTIN = new Map<string, DebugSub>([
  ["help", { argc: 2, handler: (_s, argv) => helpReply(argv[0]!, DEBUG_HELP) }],
  [
    "set-active-expire",
    {
      argc: 3,
      handler: (s, argv) => {
        s.engine.activeExpireEnabled = atoi(argv[2]!) !== 0;
        return OK;
      },
    },
  ],
  ["object", { argc: 3, handler: (s, argv) => debugObject(s, argv[2]!) }],
  [
    "sleep",
    {
      argc: 3,
      handler: (s, argv) => {
        debugSleep(s, strtodPrefix(argv[2]!));
        return OK;
      },
    },
  ],
  ["protocol", { argc: 3, handler: (s, argv) => debugProtocol(s, argv[2]!) }],
  ["log", { argc: 3, handler: () => OK }],
  ["leak", { argc: 3, handler: () => OK }],
  ["change-repl-id", { argc: 2, handler: () => OK }],
  [
    "quicklist-packed-threshold",
    {
      argc: 3,
      handler: (_s, argv) => {
        const sz = memtoull(argv[2]!);
        if (sz === undefined || sz > 2n ** 32n - 2n ** 20n) throw DEBUG_QUICKLIST_THRESHOLD;
        return OK;
      },
    },
  ],
  // Switches whose subsystems do not exist in-process: accepted, as Redis accepts them.
  ["set-skip-checksum-validation", { argc: 3, handler: () => OK }],
  ["aof-flush-sleep", { argc: 3, handler: () => OK }],
  ["set-disable-deny-scripts", { argc: 3, handler: () => OK }],
  ["pause-cron", { argc: 3, handler: () => OK }],
  [
    "error",
    {
      argc: 3,
      // Replies with the given text as the error line, unchanged.
      handler: (_s, argv) => {
        throw debugError(argv[2]!);
      },
    },
  ],
]);

export const DEBUG_COMMANDS: CommandDef[] = [
  {
    name: "debug",
    handler: (s, argv) => {
      if (!protectedActionAllowed(s.engine.config.get("enable-debug-command"), sessionIsLocal(s))) {
        throw DEBUG_NOT_ALLOWED;
      }
      const name = argv[1]!.toLowerCase();
      const sub = extra.get(name) ?? BUILTIN.get(name);
      const n = argv.length;
      if (sub === undefined || (sub.argc > 0 ? n !== sub.argc : n < -sub.argc)) {
        throw unknownSubcommandOrArity(argv[1]!, argv[0]!);
      }
      return sub.handler(s, argv);
    },
  },
];

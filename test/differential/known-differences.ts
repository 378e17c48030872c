/**
 * Where Redis 7.2 (what we follow, DESIGN.md §6) answers differently from the oracle, Debian's
 * redis-server 7.0: one record per case, with the 7.2 source or doc that says so. Differential tests
 * ask `knownDifference(argv)` before comparing a reply and skip exactly those comparisons.
 *
 * Coordination: APPEND entries only (one block per command group), never reorder or edit others'.
 */
import { globMatch } from "../../src/engine/glob.js";

export interface KnownDifference {
  /** The command (and subcommand) concerned, upper-case, e.g. "OBJECT HELP". */
  command: string;
  /** What differs between 7.0 and 7.2, and what we answer. */
  description: string;
  /** The 7.2 source file/commit or doc page that shows the 7.2 behaviour. */
  reference: string;
  /** True when this request's reply is affected (argv as sent, any case). */
  matches(argv: readonly string[]): boolean;
}

const lower = (argv: readonly string[], i: number): string => (argv[i] ?? "").toLowerCase();

/** Commands whose HELP subcommand answers through addReplyHelp. */
const HELP_CONTAINERS = new Set([
  "acl", "client", "cluster", "command", "config", "function", "latency", "memory", "module", "object",
  "pubsub", "script", "slowlog", "xgroup", "xinfo",
]);

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  // ------------------------------------------------------------ generic (keyspace) group
  {
    command: "<container> HELP (OBJECT HELP, CONFIG HELP, CLIENT HELP, …)",
    description:
      'The last line of every HELP reply (addReplyHelp) is "    Print this help." in 7.2, "    Prints this help." in 7.0.',
    reference: "redis 7.2 src/networking.c addReplyHelp; commit 8221d4816 (#10965)",
    matches: (argv) => argv.length === 2 && lower(argv, 1) === "help" && HELP_CONTAINERS.has(lower(argv, 0)),
  },
  // ------------------------------------------------------------ connection and server groups
  {
    command: "HELLO (the success map)",
    description:
      'HELLO\'s "version" field is the server version: we claim 7.2.4 (src/engine/version.ts), the oracle says 7.0.x. Error replies are equal.',
    reference: "redis 7.2.4 src/version.h REDIS_VERSION; src/networking.c helloCommand",
    matches: (argv) => {
      // Only a HELLO that succeeds (valid protover and options, AUTH as the nopass default user).
      if (lower(argv, 0) !== "hello") return false;
      if (argv.length > 1 && !["2", "3"].includes(argv[1]!)) return false;
      for (let j = 2; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        if (lower(argv, j) === "auth" && more >= 2 && argv[j + 1] === "default") j += 2;
        else if (lower(argv, j) === "setname" && more >= 1 && /^[\x21-\x7e]*$/.test(argv[j + 1]!)) j++;
        else return false;
      }
      return true;
    },
  },
  {
    command: "CLIENT SETINFO",
    description: "New in 7.2 (lib-name/lib-ver, shown by CLIENT LIST/INFO); 7.0 answers unknown subcommand.",
    reference: "redis 7.2 src/commands/client-setinfo.json; src/networking.c clientSetinfoCommand (#11758)",
    matches: (argv) => lower(argv, 0) === "client" && lower(argv, 1) === "setinfo",
  },
  {
    command: "CLIENT NO-TOUCH",
    description: "New in 7.2 (commands do not update the LRU/LFU of the keys they read); 7.0 answers unknown subcommand.",
    reference: "redis 7.2 src/commands/client-no-touch.json; src/networking.c clientCommand (#11483)",
    matches: (argv) => lower(argv, 0) === "client" && lower(argv, 1) === "no-touch",
  },
  {
    command: "CLIENT LIST / CLIENT INFO",
    description: "7.2 appends the fields lib-name= and lib-ver= to every client line.",
    reference: "redis 7.2 src/networking.c catClientInfoString",
    matches: (argv) => lower(argv, 0) === "client" && ["list", "info"].includes(lower(argv, 1)),
  },
  {
    command: "CONFIG GET/SET set-max-listpack-entries, set-max-listpack-value",
    description: "Parameters new in 7.2 (listpack-encoded small sets): 7.0 does not know them.",
    reference: "redis 7.2 src/config.c static_configs (#11290)",
    matches: (argv) =>
      lower(argv, 0) === "config" &&
      ((lower(argv, 1) === "get" &&
        argv.slice(2).some((p) => globMatch(p, "set-max-listpack-entries", true) || globMatch(p, "set-max-listpack-value", true))) ||
        (lower(argv, 1) === "set" && argv.slice(2).some((a, i) => i % 2 === 0 && a.toLowerCase().startsWith("set-max-listpack-")))),
  },
  {
    command: "COMMAND INFO / DOCS / GETKEYS / GETKEYSANDFLAGS of commands whose metadata changed after 7.0",
    description:
      "The engine's command metadata (src/commands/meta.generated.ts) is Redis 7.x's JSON; for these commands the 7.0 " +
      "server describes them differently (see COMMAND_METADATA_CHANGES for what changed per command).",
    reference: "redis 7.2.4 src/commands.def vs 7.0.15; shared/reference/redis-commands.tsv (7.4.1)",
    matches: (argv) => {
      if (lower(argv, 0) !== "command") return false;
      const sub = lower(argv, 1);
      if (sub === "info" || sub === "docs") return argv.slice(2).some((n) => n.toLowerCase() in COMMAND_METADATA_CHANGES);
      if (sub === "getkeys" || sub === "getkeysandflags") {
        // COMMAND GETKEYS itself went from arity -4 (7.0) to -3 (7.2): one argument is no longer an arity error.
        if (argv.length === 3) return true;
        const name = lower(argv, 2);
        return name in COMMAND_METADATA_CHANGES || `${name}|${lower(argv, 3)}` in COMMAND_METADATA_CHANGES;
      }
      return false;
    },
  },
  {
    command: "INFO debug",
    description: "The DEBUG section of INFO is new in 7.2 (eventloop duration maxima); 7.0 prints nothing for it.",
    reference: "redis 7.2 src/server.c genRedisInfoString (\"debug\" section)",
    matches: (argv) => lower(argv, 0) === "info" && argv.slice(1).some((a) => a.toLowerCase() === "debug"),
  },
  {
    command: "CONFIG SET loglevel",
    description: 'The level "nothing" is new in 7.2: it is accepted and listed in the enum error text ("…, warning, nothing").',
    reference: "redis 7.2 src/config.c loglevel_enum (#12133)",
    matches: (argv) =>
      lower(argv, 0) === "config" && lower(argv, 1) === "set" && argv.slice(2).some((a, i) => i % 2 === 0 && a.toLowerCase() === "loglevel"),
  },
  // ------------------------------------------------------------ list group
  {
    command: "OBJECT ENCODING / DEBUG OBJECT of a list",
    description:
      "7.2 keeps small lists as a single listpack (encoding `listpack`) and converts to `quicklist` at " +
      "list-max-listpack-size, and back when a one-node quicklist shrinks to half of it; 7.0 always says " +
      "`quicklist`. Which reply is affected depends on the key's type, not on argv, so this record matches " +
      "nothing: the list tests compare the byte sizes and node shape through 7.0's DEBUG OBJECT instead.",
    reference: "redis 7.2 src/t_list.c listTypeTryConversionRaw, src/object.c createListListpackObject (commit 2168ccc66, #11303)",
    matches: () => false,
  },
  {
    command: "BLPOP / BRPOP / BLMPOP / BLMOVE / BRPOPLPUSH with a huge timeout",
    description:
      'A timeout above LLONG_MAX ms (after × 1000) or whose deadline would overflow answers "ERR timeout is out ' +
      'of range" in 7.2; 7.0 casts it to a negative number and answers "ERR timeout is negative".',
    reference: "redis 7.2 src/timeout.c getTimeoutFromObjectOrReply (commit 210ad2e4d, #11338)",
    matches: (argv) => {
      const cmd = lower(argv, 0);
      const positions: Record<string, number> = { blpop: argv.length - 1, brpop: argv.length - 1, blmpop: 1, blmove: 5, brpoplpush: 3 };
      const at = positions[cmd];
      if (at === undefined) return false;
      const a = argv[at] ?? "";
      const v = /^\+?inf(inity)?$/i.test(a) ? Infinity : Number(a);
      return v * 1000 >= 9.2e18 - Date.now() * 2;
    },
  },
  {
    command: "LPOS … RANK -9223372036854775808",
    description:
      'RANK is range-checked to ±LONG_MAX in 7.2 ("ERR value is out of range, value must between ' +
      '-9223372036854775807 and 9223372036854775807"); 7.0 negates LONG_MIN and searches.',
    reference: "redis 7.2 src/t_list.c lposCommand (getRangeLongFromObjectOrReply, commit 11cf5cbdc, #12167)",
    matches: (argv) =>
      lower(argv, 0) === "lpos" && argv.some((a, i) => i >= 3 && a.toLowerCase() === "rank" && argv[i + 1] === "-9223372036854775808"),
  },
  // ------------------------------------------------------------ set group
  {
    command: "OBJECT ENCODING of a set",
    description:
      "7.2 keeps small sets of non-integers (or mixed) as a `listpack` (fewer than set-max-listpack-entries " +
      "members of at most set-max-listpack-value bytes), where 7.0 says `hashtable`: after SADD, SMOVE, " +
      "SUNIONSTORE/SDIFFSTORE/SINTERSTORE results, and SPOP's rebuilt remainder (7.2 rebuilds a hashtable " +
      "left with few members as a listpack, where 7.0 makes an intset when its first random pick is an integer, " +
      "else a hashtable). intset and hashtable answers are otherwise the same. The reply " +
      "depends on the key's type, not on argv, so this record matches nothing: the set tests accept exactly " +
      "`listpack` (ours) against `hashtable` (7.0) (test/differential/set-support.ts sameSetEncoding); the 7.2 " +
      "rules themselves are checked in src/types/set/set.test.ts and test/commands/set.test.ts.",
    reference: "redis 7.2 src/t_set.c setTypeCreate, setTypeAddAux, spopWithCountCommand (#11290)",
    matches: () => false,
  },
  {
    command: "SADD with more members than an encoding holds",
    description:
      "7.2 sizes a set by SADD's argument count (setTypeCreate / setTypeMaybeConvert): more than " +
      "set-max-intset-entries (or set-max-listpack-entries) arguments make a hashtable even when they repeat " +
      "one member; 7.0 converts only when the set itself grows. Only OBJECT ENCODING shows it (unit tests).",
    reference: "redis 7.2 src/t_set.c saddCommand, setTypeMaybeConvert (#11290)",
    matches: () => false,
  },
  {
    command: "SMEMBERS / SINTER / SUNION / SDIFF / SPOP / SRANDMEMBER / SSCAN order on small sets",
    description:
      "A 7.2 listpack set replies in insertion order and SSCAN returns it whole with cursor 0; 7.0's hashtable " +
      "replies in hash order and SSCAN may take several calls. The set tests compare these replies as " +
      "multisets (SSCAN by full iteration), and exactly where the set is an intset (ascending in both).",
    reference: "redis 7.2 src/t_set.c setTypeNext (listpack branch), src/db.c scanGenericCommand (#11290)",
    matches: () => false,
  },
  // ------------------------------------------------------------ hash group
  {
    command: "HSCAN … NOVALUES",
    description: "NOVALUES is new in 7.4 (fields only); 7.0 and 7.2 answer a syntax error. We follow 7.4.",
    reference: "redis 7.4 src/db.c scanGenericCommand (no_values), src/commands/hscan.json (#12765)",
    matches: (argv) => lower(argv, 0) === "hscan" && argv.slice(3).some((a) => a.toLowerCase() === "novalues"),
  },
  {
    command: "HEXPIRE / HPEXPIRE / HEXPIREAT / HPEXPIREAT / HTTL / HPTTL / HEXPIRETIME / HPEXPIRETIME / HPERSIST",
    description:
      "Hash-field expiration is new in 7.4 (and OBJECT ENCODING `listpackex` with it); 7.0 answers unknown command. " +
      "Covered by test/commands/hash-expire.test.ts against 7.4.1's rules.",
    reference: "redis 7.4.1 src/t_hash.c hexpireGenericCommand, httlGenericCommand, hpersistCommand",
    matches: (argv) =>
      ["hexpire", "hpexpire", "hexpireat", "hpexpireat", "httl", "hpttl", "hexpiretime", "hpexpiretime", "hpersist"].includes(
        lower(argv, 0),
      ),
  },
  {
    command: "HSET / HMSET with more pairs than hash-max-listpack-entries (OBJECT ENCODING afterwards)",
    description:
      "7.2 converts to a hashtable before the write when the request carries more field-value pairs than " +
      "hash-max-listpack-entries, even if they repeat fields; 7.0 converts only when the hash itself grows past " +
      "the limit. The replies are equal; only a later OBJECT ENCODING (and the order of HGETALL) differs, so the " +
      "hash tests never send such requests to the oracle and check the 7.2 rule in test/commands/hash.test.ts.",
    reference: "redis 7.2 src/t_hash.c hashTypeTryConversion (new_fields > hash_max_listpack_entries)",
    matches: () => false,
  },
  {
    command: "HRANDFIELD key <positive count < size> on a listpack",
    description:
      "7.2 samples distinct fields of a listpack in listpack order (lpRandomPairsUnique for every count); 7.0 did so " +
      "only when count * 3 <= size. Random either way: the hash tests compare such replies by invariant.",
    reference: "redis 7.2 src/t_hash.c hrandfieldWithCountCommand (CASE 2.5)",
    matches: () => false,
  },
  // ------------------------------------------------------------ sort (sort.c)
  {
    command: "SORT … STORE (OBJECT ENCODING of the destination afterwards)",
    description:
      "7.2 builds the stored list as a quicklist and converts it to a listpack when it fits list-max-listpack-size " +
      "(listTypeTryConversion LIST_CONV_AUTO); 7.0 always leaves a quicklist. The replies and the stored elements " +
      "are equal; only a later OBJECT ENCODING differs, so the sort tests do not ask the oracle for it and check " +
      "the 7.2 rule in test/commands/sort.test.ts.",
    reference: "redis 7.2 src/sort.c sortCommandGeneric (listTypeTryConversion before setKey; absent in 7.0.15)",
    matches: () => false,
  },
  // ------------------------------------------------------------ sorted_set group
  {
    command: "ZRANK / ZREVRANK key member WITHSCORE",
    description:
      "WITHSCORE is new in 7.2 ([rank, score], or a null array for a missing member or key; another fourth " +
      "argument is a syntax error); 7.0 has arity 3 and answers every four-argument call with the arity error.",
    reference: "redis 7.2 src/t_zset.c zrankGenericCommand, src/commands/zrank.json (#11628)",
    matches: (argv) => ["zrank", "zrevrank"].includes(lower(argv, 0)) && argv.length === 4,
  },
  {
    command: "Every sorted-set reply that carries a score (ZSCORE, ZRANGE … WITHSCORES, ZINCRBY, ZPOPMIN, ZSCAN of a listpack …)",
    description:
      "7.2 prints doubles with the shortest round-trip digits (util.c d2string / fpconv_dtoa: 0.1, 1e-05 → " +
      "\"1.0000000000000001e-05\" vs \"0.00001\"), 7.0 with \"%.17g\". Both denote the same double. The zset tests " +
      "compare such replies element by element and accept, in place of 7.0's \"%.17g\" text of a double, exactly " +
      "7.2's text of that double (test/differential/zset-support.ts sameZ); everything else must be equal. A " +
      "skiplist's ZSCAN prints \"%.17Lg\" in both versions.",
    reference: "redis 7.2 src/util.c d2string, src/networking.c addReplyDouble (fpconv, #10587); src/db.c scanCallback",
    matches: () => false,
  },
  {
    command: "ZADD with more score-member pairs than zset-max-listpack-entries (OBJECT ENCODING afterwards)",
    description:
      "7.2 sizes the sorted set by ZADD's pair count (zsetTypeCreate / zsetTypeMaybeConvert): more pairs than " +
      "zset-max-listpack-entries make a skiplist even when they repeat members; 7.0 converts only when the set " +
      "itself grows past the limit. Replies are equal; the zset tests never send such a ZADD to the oracle " +
      "and check the 7.2 rule in src/types/zset/zset.test.ts and test/differential/zset-ops.test.ts (our side).",
    reference: "redis 7.2 src/t_zset.c zaddGenericCommand, zsetTypeCreate, zsetTypeMaybeConvert (#12185)",
    matches: () => false,
  },
  {
    command: "BZPOPMIN / BZPOPMAX / BZMPOP with a huge timeout",
    description:
      'As for the blocking list commands: a timeout above LLONG_MAX ms (after × 1000) or whose deadline would ' +
      'overflow answers "ERR timeout is out of range" in 7.2; 7.0 answers "ERR timeout is negative".',
    reference: "redis 7.2 src/timeout.c getTimeoutFromObjectOrReply (commit 210ad2e4d, #11338)",
    matches: (argv) => {
      const cmd = lower(argv, 0);
      const at = cmd === "bzmpop" ? 1 : cmd === "bzpopmin" || cmd === "bzpopmax" ? argv.length - 1 : -1;
      if (at < 0) return false;
      const a = argv[at] ?? "";
      const v = /^\+?inf(inity)?$/i.test(a) ? Infinity : Number(a);
      return v * 1000 >= 9.2e18 - Date.now() * 2;
    },
  },
  // ------------------------------------------------------------ stream group
  {
    command: "XADD key <ms>-* … when the last ID is <ms>-18446744073709551615",
    description:
      "The sequence cannot grow: 7.2 answers \"The ID specified in XADD is equal or smaller than the target stream " +
      "top item\" (errno EDOM is set); 7.0.15 forgets to set errno there and answers \"Elements are too large to be " +
      "stored\". State-dependent: test/differential/stream.test.ts checks both texts explicitly.",
    reference: "redis 7.2 src/t_stream.c streamAppendItem (errno = EDOM before returning C_ERR, #11425)",
    matches: () => false,
  },
  {
    command: "XSETID key id (id below the stream's max-deleted-entry-id)",
    description:
      "7.2 refuses it with \"The ID specified in XSETID is smaller than current max_deleted_entry_id\"; 7.0 accepts it. " +
      "State-dependent: test/differential/stream.test.ts checks both answers explicitly.",
    reference: "redis 7.2 src/t_stream.c xsetidCommand (#11427)",
    matches: () => false,
  },
  {
    command: "XREAD / XREADGROUP … STREAMS with an odd number of arguments after STREAMS",
    description:
      "7.2: \"Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.\" (and " +
      "'xreadgroup' … '>'); 7.0: \"Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\"",
    reference: "redis 7.2 src/t_stream.c xreadCommand (addReplyErrorFormat with c->cmd->fullname, #11229)",
    matches: (argv) => {
      if (!["xread", "xreadgroup"].includes(lower(argv, 0))) return false;
      const at = argv.findIndex((a, i) => i > 0 && a.toLowerCase() === "streams");
      return at > 0 && at < argv.length - 1 && (argv.length - at - 1) % 2 === 1;
    },
  },
  {
    command: "XINFO CONSUMERS / XINFO STREAM … FULL (consumer fields)",
    description:
      "7.2 tracks when a consumer last read or claimed successfully: XINFO CONSUMERS adds \"inactive\" and XINFO " +
      "STREAM FULL adds \"active-time\" to each consumer; 7.0 has neither. The stream tests drop those two fields " +
      "from our reply and compare the rest (times structurally); their values are checked against the 7.2 rules " +
      "in test/differential/stream-groups.test.ts.",
    reference: "redis 7.2 src/t_stream.c xinfoCommand / xinfoReplyWithStreamInfo, streamConsumer.active_time (#11099)",
    matches: (argv) =>
      lower(argv, 0) === "xinfo" && (lower(argv, 1) === "consumers" || (lower(argv, 1) === "stream" && lower(argv, 3) === "full")),
  },
  {
    command: "XREADGROUP with nothing to deliver, XCLAIM / XAUTOCLAIM that claim nothing (consumer creation)",
    description:
      "7.2 creates the named consumer (and fires xgroup-createconsumer) before looking for entries; 7.0 creates it " +
      "only when it serves or claims something. Replies of these commands are equal; what differs is the consumer " +
      "list afterwards. The stream tests avoid that state on the oracle or check it against our engine alone.",
    reference: "redis 7.2 src/t_stream.c xreadCommand, xclaimCommand, xautoclaimCommand (streamCreateConsumer moved up, #11099)",
    matches: () => false,
  },
  {
    command: "XREADGROUP … BLOCK woken because its group was destroyed or its key deleted, overwritten, flushed",
    description:
      "7.2 runs the blocked command again (blocked.c unblockClientOnKey with unblock_on_nokey), so the client gets " +
      "XREADGROUP's own error: \"NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\" (or " +
      "WRONGTYPE when the key now holds another type; SET, FLUSHALL, SWAPDB and RENAME wake it too). 7.0 answers " +
      "\"NOGROUP the consumer group this client was blocked on no longer exists\" / \"UNBLOCKED the stream key no " +
      "longer exists\" and is not woken by an overwrite. test/differential/stream-blocking.test.ts checks both sides.",
    reference: "redis 7.2 src/blocked.c handleClientsBlockedOnKey, src/db.c signalDeletedKeyAsReady (#11012); tests/unit/type/stream-cgroups.tcl",
    matches: () => false,
  },
  {
    command: "XREAD / XREADGROUP BLOCK <ms> whose deadline would overflow (e.g. 9223372036854775807)",
    description: "7.2 answers \"timeout is out of range\"; 7.0 adds the time and overflows (the client may block forever).",
    reference: "redis 7.2 src/timeout.c getTimeoutFromObjectOrReply (#11474)",
    matches: () => false,
  },
  // ------------------------------------------------------------ hyperloglog group
  {
    command: "PF* on a corrupt sparse HLL whose body ends in the first byte of an XZERO opcode",
    description:
      "Redis reads the XZERO's missing second byte past the end of the string. That byte is the sds terminator (0) " +
      "unless an earlier hllSparseSet replaced such a cut-short XZERO (it copies the new sequence after sdsIncrLen, " +
      "so the sequence's last byte lands on the terminator); 7.0 keeps that byte across commands (sdsMakeRoomFor), " +
      "7.2 resets it whenever hllSparseSet's greedy sdsResize reallocates, which depends on allocator sizes. We " +
      "model the byte within one command and read 0 between commands. Only hand-corrupted strings get there; " +
      "hyperloglog-random.test.ts completes such opcodes before they carry over.",
    reference: "redis 7.2 src/hyperloglog.c hllSparseSet (sdsResize, step 3), src/sds.c sdsResize (s[len] = 0)",
    matches: () => false,
  },
  {
    command: "MEMORY USAGE / DEBUG OBJECT of a sparse HLL",
    description:
      "7.2's hllSparseSet grows a sparse HLL's allocation greedily (up to hll-sparse-max-bytes) where 7.0 adds 3 " +
      "bytes of room at a time, so the allocation sizes differ; the HLL's bytes, replies and encodings are the same.",
    reference: "redis 7.2 src/hyperloglog.c hllSparseSet (commit f8ac5a650, #11438: greedy sdsResize capped at hll-sparse-max-bytes)",
    matches: () => false,
  },
  {
    command: "PFCOUNT / PFMERGE / PFDEBUG TODENSE of a sparse HLL with an opcode running past register 16383",
    description:
      "Not a 7.0/7.2 difference but a patch level: since the CVE-2025-32023 fix (7.2.10; Debian's 7.0.15 carries " +
      "it too) any opcode overrunning the 16384 registers makes the body corrupt (INVALIDOBJ); 7.2.0-7.2.9 ignored " +
      "a VAL just past the end. We follow the fixed releases, so the oracle agrees.",
    reference: "redis 7.2.10 src/hyperloglog.c hllMerge / hllSparseToDense (GHSA-rp2m-q4j6-gr43)",
    matches: () => false,
  },
];

/**
 * Commands whose COMMAND INFO (arity, flags, tips, key specs) or very existence differs between the
 * 7.0 oracle and the metadata we serve (Redis 7.2, from a 7.4 JSON snapshot), by full lower-case name.
 */
export const COMMAND_METADATA_CHANGES: Readonly<Record<string, string>> = {
  "client|no-touch": "new in 7.2",
  "client|setinfo": "new in 7.2",
  "cluster|myshardid": "new in 7.2",
  waitaof: "new in 7.2",
  "client|setname": "7.2 adds tips request_policy:all_nodes, response_policy:all_succeeded",
  randomkey: "7.2 adds tip response_policy:special",
  scan: "7.2 adds tip response_policy:special",
  "acl|deluser": "7.2 adds request/response policy tips",
  "acl|save": "7.2 adds request/response policy tips",
  "acl|setuser": "7.2 adds request/response policy tips",
  "config|resetstat": "7.2 adds request/response policy tips",
  "config|rewrite": "7.2 adds request/response policy tips",
  "latency|reset": "7.2 changes response_policy to agg_sum",
  msetnx: "7.2 drops the request_policy:multi_shard / response_policy:agg_min tips",
  "cluster|shards": "7.2 adds the loading flag",
  "cluster|slots": "7.2 adds the loading flag",
  blmove: "7.2 drops noscript (blocking commands may run in scripts)",
  blpop: "7.2 drops noscript",
  brpop: "7.2 drops noscript",
  brpoplpush: "7.2 drops noscript",
  bzpopmax: "7.2 drops noscript",
  bzpopmin: "7.2 drops noscript",
  "command|getkeys": "arity -4 in 7.0, -3 in 7.2",
  "command|getkeysandflags": "arity -4 in 7.0, -3 in 7.2",
  zrank: "arity 3 in 7.0, -3 in 7.2 (WITHSCORE)",
  zrevrank: "arity 3 in 7.0, -3 in 7.2 (WITHSCORE)",
  wait: "7.0/7.2: noscript; the 7.4 metadata we serve says blocking (7.2.4 commands.def has no flag)",
  sinterstore: "destination key spec RW|UPDATE in 7.0/7.2, OW|UPDATE in the 7.4 metadata we serve",
  hexpire: "7.4 only (hash field TTL)",
  hexpireat: "7.4 only",
  hexpiretime: "7.4 only",
  hpersist: "7.4 only",
  hpexpire: "7.4 only",
  hpexpireat: "7.4 only",
  hpexpiretime: "7.4 only",
  hpttl: "7.4 only",
  httl: "7.4 only",
};

/** The known 7.0/7.2 difference that affects this request's reply, if any. */
export function knownDifference(argv: readonly string[]): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((d) => d.matches(argv));
}

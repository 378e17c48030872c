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

/**
 * Every error text the engine replies with lives here, as Redis spells it (see
 * shared/reference/redis-facts.md §5). Handlers throw a RedisError; dispatch turns it into an error
 * reply. Anything else escaping a handler is an engine bug (answered as ERR, state untouched).
 *
 * `message` is the full reply text without the leading `-`, e.g. "ERR syntax error".
 */
export class RedisError extends Error {
  constructor(message: string) {
    // An error reply is a value, not a fault: capturing a stack trace would cost microseconds per
    // reply (tests and scripts that expect errors hit this path in loops), and nobody reads it.
    const E = Error as { stackTraceLimit?: number | undefined };
    const limit = E.stackTraceLimit;
    E.stackTraceLimit = 0;
    super(message);
    E.stackTraceLimit = limit;
    this.name = "RedisError";
  }
  /** The error code: the first word (ERR, WRONGTYPE, EXECABORT …). */
  get code(): string {
    const sp = this.message.indexOf(" ");
    return sp < 0 ? this.message : this.message.slice(0, sp);
  }
}

/** Redis replaces CR and LF in error texts with spaces so the protocol stays intact. */
const err = (text: string): RedisError => new RedisError(text.replace(/[\r\n]/g, " "));

// Shared error replies, allocated once (like Redis's shared.* objects).
export const WRONGTYPE = err("WRONGTYPE Operation against a key holding the wrong kind of value");
export const SYNTAX = err("ERR syntax error");
export const NOT_INTEGER = err("ERR value is not an integer or out of range");
export const NOT_FLOAT = err("ERR value is not a valid float");
export const OUT_OF_RANGE = err("ERR value is out of range");
export const MUST_BE_POSITIVE = err("ERR value is out of range, must be positive");
export const OVERFLOW = err("ERR increment or decrement would overflow");
export const NAN_OR_INF = err("ERR increment would produce NaN or Infinity");
export const NO_SUCH_KEY = err("ERR no such key");
export const INDEX_OUT_OF_RANGE = err("ERR index out of range");
export const SAME_OBJECT = err("ERR source and destination objects are the same");
export const BUSYKEY = err("BUSYKEY Target key name already exists.");
export const DB_INDEX_OUT_OF_RANGE = err("ERR DB index is out of range");
export const INVALID_CURSOR = err("ERR invalid cursor");
export const STRING_TOO_LONG = err("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
export const OFFSET_OUT_OF_RANGE = err("ERR offset is out of range");
export const BIT_OFFSET = err("ERR bit offset is not an integer or out of range");
export const TIMEOUT_NOT_FLOAT = err("ERR timeout is not a float or out of range");
export const TIMEOUT_NEGATIVE = err("ERR timeout is negative");
export const OOM = err("OOM command not allowed when used memory > 'maxmemory'.");
export const EXECABORT = err("EXECABORT Transaction discarded because of previous errors.");
export const NOSCRIPT = err("NOSCRIPT No matching script. Please use EVAL.");
export const NOAUTH = err("NOAUTH Authentication required.");
export const NO_CLUSTER = err("ERR This instance has cluster support disabled");

export function invalidExpireTime(command: string): RedisError {
  return err(`ERR invalid expire time in '${command}' command`);
}

/** `fullName` is Redis's lower-case declared name: `get`, `config|get`. */
export function wrongArity(fullName: string): RedisError {
  return err(`ERR wrong number of arguments for '${fullName}' command`);
}

/**
 * Redis's unknown-command error: the name and the first arguments, each quoted, the whole
 * argument list cut at 128 characters (server.c processCommand).
 */
export function unknownCommand(name: string, args: readonly string[]): RedisError {
  let list = "";
  for (const a of args) {
    if (list.length >= 128) break;
    list += `'${a.length > 128 - list.length ? a.slice(0, 128 - list.length) : a}' `;
  }
  return err(`ERR unknown command '${truncate(name, 128)}', with args beginning with: ${list}`);
}

/** A container command (CONFIG, CLIENT …) called with a subcommand it does not have. */
export function unknownSubcommand(sub: string, container: string): RedisError {
  return err(`ERR unknown subcommand '${truncate(sub, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

export function unknownSubcommandOrArity(sub: string, container: string): RedisError {
  return err(
    `ERR unknown subcommand or wrong number of arguments for '${truncate(sub, 128)}'. Try ${container.toUpperCase()} HELP.`,
  );
}

/** An arbitrary ERR-class error; Redis prefixes "ERR " to texts without a code. */
export function errorText(text: string): RedisError {
  return err(/^[A-Z]+ /.test(text) ? text : `ERR ${text}`);
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

// ---------------------------------------------------------------- generic (keyspace) group

/** EXPIRE family: NX together with XX, GT or LT (expire.c parseExtendedExpireArgumentsOrReply). */
export const EXPIRE_NX_INCOMPATIBLE = err("ERR NX and XX, GT or LT options at the same time are not compatible");
export const EXPIRE_GT_LT_INCOMPATIBLE = err("ERR GT and LT options at the same time are not compatible");

/** EXPIRE family: an option that is not NX/XX/GT/LT, as sent (a C string: it ends at a NUL byte). */
export function unsupportedOption(opt: string): RedisError {
  const nul = opt.indexOf("\0");
  return err(`ERR Unsupported option ${nul < 0 ? opt : opt.slice(0, nul)}`);
}

/** OBJECT IDLETIME under an LFU maxmemory-policy (object.c). */
export const LFU_IDLETIME_NOT_TRACKED = err(
  "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
);

/** OBJECT FREQ without an LFU maxmemory-policy (object.c). */
export const LFU_FREQ_NOT_TRACKED = err(
  "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
);

/** getRangeLongFromObjectOrReply's default text (object.c), e.g. MOVE/COPY DB beyond an int. */
export function valueMustBetween(min: number | bigint, max: number | bigint): RedisError {
  return err(`ERR value is out of range, value must between ${min} and ${max}`);
}

// ---------------------------------------------------------------------------------- string group
// (t_string.c) Texts of the string commands that no other group shares.

/** DECRBY with LLONG_MIN: negating it would overflow before the addition is even tried. */
export const DECREMENT_OVERFLOW = err("ERR decrement would overflow");
export const LCS_NOT_STRINGS = err("ERR The specified keys must contain string values");
export const LCS_LEN_AND_IDX = err("ERR If you want both the length and indexes, please just use IDX.");
/** LCS's table, at 4 bytes a cell, would exceed proto-max-bulk-len. */
export const LCS_TABLE_TOO_BIG = err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
export const LCS_ALLOC_FAILED = err("ERR Insufficient memory, failed allocating transient memory for LCS");

// ------------------------------------------------------------------ connection and server groups
// (networking.c, server.c, db.c, config.c, debug.c, acl.c) PING … HELLO, CLIENT, COMMAND, CONFIG,
// SWAPDB, DEBUG.

/** HELLO: protover not an integer (getLongLongFromObjectOrReply with this message). */
export const HELLO_PROTO_NOT_INTEGER = err("ERR Protocol version is not an integer or out of range");
/** HELLO 1, HELLO 4 … (networking.c passes "-NOPROTO …", so the code is NOPROTO, not ERR). */
export const NOPROTO = err("NOPROTO unsupported protocol version");
export function helloSyntax(opt: string): RedisError {
  return err(`ERR Syntax error in HELLO option '${opt}'`);
}
export const HELLO_NOAUTH = err(
  "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
);
export const WRONGPASS = err("WRONGPASS invalid username-password pair or user is disabled.");
export const AUTH_NO_PASSWORD = err(
  "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
);

/** CLIENT SETNAME / HELLO SETNAME (networking.c validateClientName). */
export const CLIENT_NAME_INVALID = err("ERR Client names cannot contain spaces, newlines or special characters.");
/** CLIENT SETINFO: an attribute other than lib-name / lib-ver, as sent. */
export function setinfoUnrecognized(attr: string): RedisError {
  return err(`ERR Unrecognized option '${attr}'`);
}
/** CLIENT SETINFO: a value with spaces or special characters; `attr` as sent. */
export function setinfoInvalid(attr: string): RedisError {
  return err(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
}
export const CLIENT_ID_NOT_POSITIVE = err("ERR client-id should be greater than 0");
export const CLIENT_ID_INVALID = err("ERR Invalid client ID");
export const NO_SUCH_CLIENT = err("ERR No such client");
export function unknownClientType(type: string): RedisError {
  return err(`ERR Unknown client type '${type}'`);
}
export function noSuchUser(user: string): RedisError {
  return err(`ERR No such user '${user}'`);
}
export const CLIENT_PAUSE_MODE = err("ERR CLIENT PAUSE mode must be WRITE or ALL");
export const CLIENT_UNBLOCK_REASON = err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");

/** SWAPDB's per-argument texts (getIntFromObjectOrReply with a message). */
export const SWAPDB_INVALID_FIRST = err("ERR invalid first DB index");
export const SWAPDB_INVALID_SECOND = err("ERR invalid second DB index");

/** COMMAND GETKEYS / GETKEYSANDFLAGS (server.c getKeysSubcommandImpl). */
export const GETKEYS_INVALID_COMMAND = err("ERR Invalid command specified");
export const GETKEYS_NO_KEYS = err("ERR The command has no key arguments");
export const GETKEYS_BAD_ARITY = err("ERR Invalid number of arguments specified for command");
export const GETKEYS_INVALID_ARGS = err("ERR Invalid arguments specified for command");

/** CONFIG REWRITE in an engine started without a config file (config.c). */
export const CONFIG_NO_FILE = err("ERR The server is running without a config file");

/** DEBUG and its subcommands (debug.c). */
export const DEBUG_NOT_ALLOWED = err(
  "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.",
);
export const DEBUG_QUICKLIST_THRESHOLD = err("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
export const DEBUG_NOT_SDS = err("ERR Not an sds encoded string.");
/** DEBUG ERROR <text>: the text is the whole error line, as sent (no ERR is added). */
export function debugError(text: string): RedisError {
  return err(text);
}

// Float arithmetic (float.ts / long-double.ts): HINCRBYFLOAT's own texts (t_hash.c).
export const HASH_VALUE_NOT_FLOAT = err("ERR hash value is not a float");
export const VALUE_NAN_OR_INF = err("ERR value is NaN or Infinity");
// 7.2 timeout.c: a seconds timeout above LLONG_MAX ms, or one whose deadline would overflow.
export const TIMEOUT_OUT_OF_RANGE = err("ERR timeout is out of range");

// ---------------------------------------------------------------- transactions (multi.c)

export const MULTI_NESTED = err("ERR MULTI calls can not be nested");
export const EXEC_WITHOUT_MULTI = err("ERR EXEC without MULTI");
export const DISCARD_WITHOUT_MULTI = err("ERR DISCARD without MULTI");
export const WATCH_INSIDE_MULTI = err("ERR WATCH inside MULTI is not allowed");
export const COMMAND_NOT_ALLOWED_IN_MULTI = err("ERR Command not allowed inside a transaction");

// ---------------------------------------------------------------- hash group
// (t_hash.c; the field-expiration texts are Redis 7.4's)

export const HASH_VALUE_NOT_INTEGER = err("ERR hash value is not an integer");
/** HEXPIRE family: a negative time argument. */
export const HFE_EXPIRE_NEGATIVE = err("ERR invalid expire time, must be >= 0");
export const HFE_FIELDS_MISSING = err("ERR Mandatory argument FIELDS is missing or not at the right position");
/** HEXPIRE family: numfields not an integer ≥ 1. */
export const HFE_NUMFIELDS_EXPIRE = err("ERR Parameter `numFields` should be greater than 0");
/** HTTL family and HPERSIST: numfields not an integer ≥ 1. */
export const HFE_NUMFIELDS_POSITIVE = err("ERR Number of fields must be a positive integer");
export const HFE_NUMFIELDS_MISMATCH = err("ERR The `numfields` parameter must match the number of arguments");
/**
 * HRANDFIELD with a negative count whose reply (repetitions allowed) could never be built: Redis would
 * stream it until memory runs out; we refuse it at once (no Redis text exists for this).
 */
export const RANDOM_REPLY_TOO_LARGE = err("ERR count is too large: the reply cannot be built");

// ---------------------------------------------------------------- set group (t_set.c)

/** SINTERCARD numkeys: not an integer, or below 1 (getRangeLongFromObjectOrReply with this text). */
export const NUMKEYS_NOT_POSITIVE = err("ERR numkeys should be greater than 0");
/** SINTERCARD numkeys larger than the arguments that follow it. */
export const NUMKEYS_TOO_MANY = err("ERR Number of keys can't be greater than number of args");
/** SINTERCARD LIMIT: not an integer, or negative (getPositiveLongFromObjectOrReply with this text). */
export const LIMIT_NEGATIVE = err("ERR LIMIT can't be negative");

// ---------------------------------------------------------------- lists (t_list.c, timeout.c)

/** LPOS RANK 0. */
export const LPOS_RANK_ZERO = err(
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
);
/** LPOS COUNT / MAXLEN: negative or not an integer (the message doubles as the parse error). */
export const LPOS_COUNT_NEGATIVE = err("ERR COUNT can't be negative");
export const LPOS_MAXLEN_NEGATIVE = err("ERR MAXLEN can't be negative");
/** LMPOP / BLMPOP COUNT outside 1 … LONG_MAX or not an integer (numkeys reuses NUMKEYS_NOT_POSITIVE). */
export const COUNT_NOT_POSITIVE = err("ERR count should be greater than 0");
/** A millisecond timeout that is not an int64 (getTimeoutFromObjectOrReply, UNIT_MILLISECONDS). */
export const TIMEOUT_NOT_INTEGER = err("ERR timeout is not an integer or out of range");

// ---------------------------------------------------------------- sort (sort.c)

/** SORT / SORT_RO: a weight (or, without BY, an element) that strtod cannot read whole (sort-score.ts). */
export const SORT_SCORE_NOT_DOUBLE = err("ERR One or more scores can't be converted into double");

// ---------------------------------------------------------------- pub/sub (pubsub.c, server.c)

/** A RESP2 connection with subscriptions running anything but (un)subscribe, PING, QUIT or RESET. */
export function subscribedContextRejected(fullName: string): RedisError {
  return err(
    `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  );
}
/** SSUBSCRIBE inside EXEC (CLIENT_DENY_BLOCKING); SUBSCRIBE and PSUBSCRIBE are let through there. */
export const SSUBSCRIBE_DENY_BLOCKING = err("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");

// ---------------------------------------------------------------- sorted sets (t_zset.c)

export const ZADD_XX_AND_NX = err("ERR XX and NX options at the same time are not compatible");
export const ZADD_GT_LT_NX = err("ERR GT, LT, and/or NX options at the same time are not compatible");
export const ZADD_INCR_ONE_PAIR = err("ERR INCR option supports a single increment-element pair");
/** ZADD INCR / ZINCRBY whose sum is NaN (inf + -inf). */
export const ZSET_SCORE_NAN = err("ERR resulting score is not a number (NaN)");
/** A score range bound that strtod cannot read whole (zslParseRange). */
export const ZSET_MIN_MAX_NOT_FLOAT = err("ERR min or max is not a float");
/** A lex range bound that does not start with ( or [ and is not - or + (zslParseLexRange). */
export const ZSET_MIN_MAX_NOT_LEX = err("ERR min or max not valid string range item");
export const ZRANGE_LIMIT_NEEDS_BY = err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
export const ZRANGE_WITHSCORES_BYLEX = err("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
export const ZSET_WEIGHT_NOT_FLOAT = err("ERR weight value is not a float");
/** ZUNION/ZINTER/ZDIFF(STORE)/ZINTERCARD with numkeys < 1; `fullName` is the command's name. */
export function zsetNeedsInputKey(fullName: string): RedisError {
  return err(`ERR at least 1 input key is needed for '${fullName}' command`);
}

// ---------------------------------------------------------------- streams (t_stream.c, Redis 7.2)

/** A C string's text: Redis formats names with %s, which stops at the first NUL byte. */
const cstr = (s: string): string => {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
};
export const STREAM_ID_INVALID = err("ERR Invalid stream ID specified as stream command argument");
export const XADD_ID_TOO_SMALL = err("ERR The ID specified in XADD is equal or smaller than the target stream top item");
export const XADD_ID_ZERO = err("ERR The ID specified in XADD must be greater than 0-0");
export const XADD_EXHAUSTED = err("ERR The stream has exhausted the last possible ID, unable to add more items");
export const XADD_TOO_LARGE = err("ERR Elements are too large to be stored");
export const TRIM_MAXLEN_AND_MINID = err("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
export const TRIM_MAXLEN_NEGATIVE = err("ERR The MAXLEN argument must be >= 0.");
export const TRIM_LIMIT_NEGATIVE = err("ERR The LIMIT argument must be >= 0.");
export const TRIM_LIMIT_WITHOUT_STRATEGY = err("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
export const TRIM_LIMIT_WITHOUT_TILDE = err("ERR syntax error, LIMIT cannot be used without the special ~ option");
export const XTRIM_NO_STRATEGY = err("ERR syntax error, XTRIM must be called with a trimming strategy");
export const STREAM_INVALID_START = err("ERR invalid start ID for the interval");
export const STREAM_INVALID_END = err("ERR invalid end ID for the interval");
/** XREAD/XREADGROUP STREAMS with an odd number of arguments after it; `fullName` xread|xreadgroup. */
export function xreadUnbalanced(fullName: string, symbol: string): RedisError {
  return err(`ERR Unbalanced '${fullName}' list of streams: for each stream key an ID or '${symbol}' must be specified.`);
}
export const XREAD_GROUP_OPTION = err("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
export const XREAD_NOACK_OPTION = err("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
export const XREADGROUP_NO_GROUP_OPTION = err("ERR Missing GROUP option for XREADGROUP");
export const XREADGROUP_DOLLAR = err(
  "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.",
);
export const XREAD_GREATER_ID = err("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
/** XREAD/XREADGROUP BLOCK inside a script; `typed` is the command name as sent. */
export function xreadBlockInScript(typed: string): RedisError {
  return err(`ERR ${cstr(typed)} command is not allowed with BLOCK option from scripts`);
}
export function xreadgroupNoGroup(key: string, group: string): RedisError {
  return err(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(group)}' in XREADGROUP with GROUP option`);
}
/** XPENDING, XCLAIM, XAUTOCLAIM on a missing key or group. */
export function streamNoKeyOrGroup(key: string, group: string): RedisError {
  return err(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(group)}'`);
}
/** XGROUP SETID/CREATECONSUMER/DELCONSUMER and XINFO CONSUMERS on a missing group. */
export function streamNoGroupForKey(group: string, key: string): RedisError {
  return err(`NOGROUP No such consumer group '${cstr(group)}' for key name '${cstr(key)}'`);
}
export const XGROUP_ENTRIESREAD_INVALID = err("ERR value for ENTRIESREAD must be positive or -1");
export const XGROUP_KEY_MISSING = err(
  "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.",
);
export const BUSYGROUP = err("BUSYGROUP Consumer Group name already exists");
export const XSETID_ENTRIES_ADDED_NEGATIVE = err("ERR entries_added must be positive");
export const XSETID_BELOW_GIVEN_MAXDELETED = err("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
export const XSETID_BELOW_MAXDELETED = err("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
export const XSETID_BELOW_TOP = err("ERR The ID specified in XSETID is smaller than the target stream top item");
export const XSETID_ENTRIES_ADDED_SMALL = err("ERR The entries_added specified in XSETID is smaller than the target stream length");
export const XCLAIM_MIN_IDLE = err("ERR Invalid min-idle-time argument for XCLAIM");
export const XCLAIM_IDLE = err("ERR Invalid IDLE option argument for XCLAIM");
export const XCLAIM_TIME = err("ERR Invalid TIME option argument for XCLAIM");
export const XCLAIM_RETRYCOUNT = err("ERR Invalid RETRYCOUNT option argument for XCLAIM");
export function xclaimUnrecognized(opt: string): RedisError {
  return err(`ERR Unrecognized XCLAIM option '${cstr(opt)}'`);
}
export const XAUTOCLAIM_MIN_IDLE = err("ERR Invalid min-idle-time argument for XAUTOCLAIM");
export const XAUTOCLAIM_COUNT = err("ERR COUNT must be > 0");
export const XAUTOCLAIM_COUNT_TOO_HIGH = err("ERR Insufficient memory, failed allocating transient memory, COUNT too high.");

// ---------------------------------------------------------------- hyperloglog (hyperloglog.c)

/** isHLLObjectOrReply: a string that is not an HLL (bad magic, encoding or dense size). */
export const HLL_NOT_VALID = err("WRONGTYPE Key is not a valid HyperLogLog string value.");
/** A sparse HLL whose opcodes do not cover exactly 16384 registers. */
export const HLL_CORRUPTED = err("INVALIDOBJ Corrupted HLL object detected");
export const PFDEBUG_NO_KEY = err("ERR The specified key does not exist");
export const PFDEBUG_NOT_SPARSE = err("ERR HLL encoding is not sparse");
/** PFDEBUG with an unknown subcommand (`sub` as Redis prints it with %s: up to its first NUL). */
export function pfdebugUnknownSubcommand(sub: string): RedisError {
  return err(`ERR Unknown PFDEBUG subcommand '${sub}'`);
}
/** A failed PFSELFTEST check (`text` starts with TESTFAILED). */
export function pfselftestFailed(text: string): RedisError {
  return err(text);
}

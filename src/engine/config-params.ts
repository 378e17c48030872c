/**
 * The configuration parameters, each declared once: Redis's name (and aliases), default (as CONFIG GET
 * prints it), type and limits, and what applying it changes. The parsers reproduce config.c's
 * validation, its canonical forms and its error wording (Redis 7.2); the caller (ConfigStore.setMany)
 * adds "CONFIG SET failed (possibly related to …) - ".
 *
 * Numbers are checked the way config.c does with its C types: values travel as 64-bit integers
 * (bigint here), unsigned types (uint, size_t, unsigned long long) are range-checked as unsigned, and
 * memory values print as unsigned. Only parameters that exist in Redis 7.2 are registered, and only
 * those this engine or its planned features read, or that clients and Redis's test suite set.
 *
 * One deliberate difference: enable-debug-command and enable-protected-configs default to "yes". They
 * guard a network server against remote callers; an in-process engine's caller is its embedder (a
 * server-mode host may set them to "no" or "local" at creation).
 */
import type { ConfigParam, ConfigStore } from "./config.js";
import type { Engine } from "./engine.js";
import { parseInt64 } from "./int64.js";
import { formatNotifyFlags, NOTIFY_NEW, parseNotifyFlags } from "./notify.js";

// ---------------------------------------------------------------- C limits

export const INT_MIN = -(2n ** 31n);
export const INT_MAX = 2n ** 31n - 1n;
export const UINT_MAX = 2n ** 32n - 1n;
export const LLONG_MIN = -(2n ** 63n);
export const LLONG_MAX = 2n ** 63n - 1n;
export const LONG_MAX = LLONG_MAX;
export const ULLONG_MAX = 2n ** 64n - 1n;

/**
 * The C type behind a numeric parameter. config.c range-checks unsigned long long, unsigned int and
 * size_t as unsigned values (a negative input wraps and fails); all others as signed.
 */
export type NumericType = "int" | "uint" | "long" | "ulong" | "longlong" | "ulonglong" | "size" | "ssize" | "off" | "time";

const UNSIGNED_CHECK: ReadonlySet<NumericType> = new Set<NumericType>(["ulonglong", "uint", "size"]);

export interface NumericOptions {
  type: NumericType;
  min: bigint;
  max: bigint;
  /** MEMORY_CONFIG: accepts 1k, 5mb, 2gb …; printed in bytes. */
  memory?: boolean;
  /** PERCENT_CONFIG: accepts "N%" (stored negative, as in Redis). */
  percent?: boolean;
}

// ---------------------------------------------------------------- value parsers (util.c)

const MEMORY_UNITS: Record<string, bigint> = {
  "": 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * memtoull: digits and an optional unit (b, k, kb, m, mb, g, gb; any case). Like Redis: no sign, no
 * spaces, an empty digit run counts as 0, too many digits saturate, and the product wraps at 2^64.
 * Returns undefined when the string is not such a value.
 */
export function memtoull(input: string): bigint | undefined {
  if (input.startsWith("-")) return undefined;
  const m = /^([0-9]*)([\s\S]*)$/.exec(input)!;
  const digits = m[1]!;
  const mul = MEMORY_UNITS[m[2]!.toLowerCase()];
  if (mul === undefined || digits.length >= 128) return undefined;
  let val = digits === "" ? 0n : BigInt(digits);
  if (val > ULLONG_MAX) val = ULLONG_MAX;
  return BigInt.asUintN(64, val * mul);
}

/** memtoull as a JS number (for callers that only need a byte count); undefined when invalid. */
export function parseMemory(input: string): number | undefined {
  const v = memtoull(input);
  return v === undefined ? undefined : Number(v);
}

/**
 * C's strtoll(s, &end, 10) where the caller demands that the whole string is consumed: leading
 * blanks and a sign are allowed, overflow saturates, and an empty string reads as 0 (end == start).
 * Returns undefined when characters remain.
 */
export function strtollFull(s: string): bigint | undefined {
  if (s === "") return 0n;
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return undefined;
  let v = BigInt(m[2]!);
  if (m[1] === "-") v = -v;
  if (v > LLONG_MAX) v = LLONG_MAX;
  if (v < LLONG_MIN) v = LLONG_MIN;
  return v;
}

/** sdssplitlen(value, " "): single-space separated, empty fields kept, and "" has no fields at all. */
export function splitMultiArg(value: string): string[] {
  return value === "" ? [] : value.split(" ");
}

/** string2d: a whole-string strtod that rejects leading space, NaN and overflow. */
function string2d(s: string): number | undefined {
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^[+-]?(?:inf|infinity)$/i.test(s)) return undefined;
  const v = Number(s.replace(/^([+-]?)inf(inity)?$/i, "$1Infinity"));
  if (Number.isNaN(v)) return undefined;
  if (!Number.isFinite(v) && !/inf/i.test(s)) return undefined; // ERANGE overflow
  return v;
}

/** printf("%f") trimmed of trailing zeros and a trailing dot (util.c trimDoubleString). */
function trimmedFixed(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  let s = v.toFixed(6);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}

// ---------------------------------------------------------------- parameter kinds

/** A numeric parameter with config.c's parse order (memory, percent, plain integer) and range check. */
export function numericParam(name: string, def: bigint | number, o: NumericOptions, extra: Partial<ConfigParam> = {}): ConfigParam {
  const format = (ll: bigint): string => {
    if (o.percent && ll < 0n) return `${-ll}%`;
    if (o.memory) return BigInt.asUintN(64, ll).toString();
    return ll.toString();
  };
  return {
    name,
    default: format(BigInt(def)),
    parse(input) {
      let ll: bigint | undefined;
      if (o.memory) {
        const v = memtoull(input);
        if (v !== undefined) ll = BigInt.asIntN(64, v);
      }
      if (ll === undefined && o.percent && input.length > 1 && input.endsWith("%")) {
        const p = parseInt64(input.slice(0, -1));
        if (p !== undefined && p >= 0) ll = -BigInt(p);
      }
      if (ll === undefined && !o.memory && !o.percent) {
        const p = parseInt64(input);
        if (p !== undefined) ll = BigInt(p);
      }
      if (ll === undefined) {
        if (o.memory && o.percent) throw new Error("argument must be a memory or percent value");
        if (o.memory) throw new Error("argument must be a memory value");
        throw new Error("argument couldn't be parsed into an integer");
      }
      if (UNSIGNED_CHECK.has(o.type)) {
        const ull = BigInt.asUintN(64, ll);
        const lo = BigInt.asUintN(64, o.min);
        const hi = BigInt.asUintN(64, o.max);
        if (ull > hi || ull < lo) throw new Error(`argument must be between ${lo} and ${hi} inclusive`);
      } else if (o.percent && ll < 0n) {
        if (ll < o.min) throw new Error(`percentage argument must be less or equal to ${-o.min}`);
      } else if (ll > o.max || ll < o.min) {
        throw new Error(`argument must be between ${o.min} and ${o.max} inclusive`);
      }
      return format(ll);
    },
    ...extra,
  };
}

/** A plain signed integer parameter (INTEGER_CONFIG of a signed C type). */
export function intParam(name: string, def: number, min: number | bigint, max: number | bigint, extra: Partial<ConfigParam> = {}): ConfigParam {
  return numericParam(name, def, { type: "longlong", min: BigInt(min), max: BigInt(max) }, extra);
}

/** A byte count (MEMORY_CONFIG) of a signed C type. */
export function memoryParam(name: string, def: number, min: number | bigint, max: number | bigint, extra: Partial<ConfigParam> = {}): ConfigParam {
  return numericParam(name, def, { type: "longlong", min: BigInt(min), max: BigInt(max), memory: true }, extra);
}

export function boolParam(name: string, def: boolean, extra: Partial<ConfigParam> = {}): ConfigParam {
  return {
    name,
    default: def ? "yes" : "no",
    parse(input) {
      const v = input.toLowerCase();
      if (v !== "yes" && v !== "no") throw new Error("argument must be 'yes' or 'no'");
      return v;
    },
    ...extra,
  };
}

/**
 * An enum parameter. `values` lists Redis's names in its order; names sharing a value (oom-score-adj's
 * yes/relative) are given as [name, value] pairs, and CONFIG GET prints the first name of a value.
 */
export function enumParam(
  name: string,
  def: string,
  values: readonly (string | readonly [string, number])[],
  extra: Partial<ConfigParam> = {},
): ConfigParam {
  const pairs = values.map((v, i): readonly [string, number] => (typeof v === "string" ? [v, i] : v));
  return {
    name,
    default: def,
    parse(input) {
      const lower = input.toLowerCase();
      const hit = pairs.find(([n]) => n === lower);
      if (hit === undefined) {
        throw new Error(`argument(s) must be one of the following: ${pairs.map(([n]) => n).join(", ")}`);
      }
      return pairs.find(([, v]) => v === hit[1])![0];
    },
    ...extra,
  };
}

/** A free string (createStringConfig/createSDSConfig), optionally validated. */
export function stringParam(name: string, def: string, extra: Partial<ConfigParam> = {}): ConfigParam {
  return { name, default: def, parse: (input) => input, ...extra };
}

/** pathIsBaseName: neither '/' nor '\\'. */
function baseNameOnly(what: string, kind: string, allowEmpty: boolean): (input: string) => string {
  return (input) => {
    if (!allowEmpty && input === "") throw new Error(`${what} can't be empty`);
    if (input.includes("/") || input.includes("\\")) throw new Error(`${what} can't be a path, just a ${kind}`);
    return input;
  };
}

export const EVICTION_POLICIES = [
  "volatile-lru",
  "volatile-lfu",
  "volatile-random",
  "volatile-ttl",
  "allkeys-lru",
  "allkeys-lfu",
  "allkeys-random",
  "noeviction",
] as const;

/** The `save` directive: pairs of seconds (≥ 1) and changes (≥ 0); "" disables snapshots. */
function parseSave(input: string): string {
  const args = splitMultiArg(input);
  if (args.length % 2 !== 0) throw new Error("Invalid save parameters");
  const vals: bigint[] = [];
  for (let j = 0; j < args.length; j++) {
    const v = strtollFull(args[j]!);
    if (v === undefined || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) throw new Error("Invalid save parameters");
    vals.push(v);
  }
  const out: string[] = [];
  // seconds is a time_t, changes an int (Redis truncates it).
  for (let j = 0; j < vals.length; j += 2) out.push(`${vals[j]} ${BigInt.asIntN(32, vals[j + 1]!)}`);
  return out.join(" ");
}

const OBUF_CLASSES: Record<string, number> = { normal: 0, slave: 1, replica: 1, pubsub: 2 };
const OBUF_NAMES = ["normal", "slave", "pubsub"] as const;

/** client-output-buffer-limit: <class> <hard> <soft> <seconds> groups, merged into the current value. */
function parseObufLimits(input: string, current: string): string {
  const args = splitMultiArg(input);
  if (args.length % 4 !== 0) throw new Error("Wrong number of arguments in buffer limit configuration.");
  const cur = current.split(" ");
  const limits = OBUF_NAMES.map((_, i) => [cur[i * 4 + 1]!, cur[i * 4 + 2]!, cur[i * 4 + 3]!]);
  for (let j = 0; j < args.length; j += 4) {
    const cls = OBUF_CLASSES[args[j]!.toLowerCase()];
    if (cls === undefined) throw new Error("Invalid client class specified in buffer limit configuration.");
    const hard = memtoull(args[j + 1]!);
    const soft = memtoull(args[j + 2]!);
    const secs = strtollFull(args[j + 3]!);
    // soft_seconds is an int: the sign test happens after C's truncation.
    const secsInt = secs === undefined ? undefined : BigInt.asIntN(32, secs);
    if (hard === undefined || soft === undefined || secsInt === undefined || secsInt < 0n) {
      throw new Error("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
    }
    limits[cls] = [hard.toString(), soft.toString(), secsInt.toString()];
  }
  return OBUF_NAMES.map((n, i) => `${n} ${limits[i]!.join(" ")}`).join(" ");
}

/** latency-tracking-info-percentiles: doubles in [0, 100], printed with %f and trimmed. */
function parsePercentiles(input: string): string {
  const args = splitMultiArg(input);
  const out: string[] = [];
  for (const a of args) {
    const v = string2d(a);
    if (v === undefined) throw new Error("Invalid latency-tracking-info-percentiles parameters");
    if (v > 100 || v < 0) throw new Error("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
    out.push(trimmedFixed(v));
  }
  return out.join(" ");
}

function parseBind(input: string): string {
  const args = splitMultiArg(input);
  if (args.length > 16) throw new Error("Too many bind addresses specified.");
  return args.join(" ");
}

// ---------------------------------------------------------------- the table

/** Registers the parameters the engine core owns. Feature modules may register their own. */
export function registerCoreConfig(engine: Engine): void {
  const c: ConfigStore = engine.config;
  const size = (name: string, def: number, min = 0n, extra: Partial<ConfigParam> = {}) =>
    numericParam(name, def, { type: "size", min, max: LONG_MAX }, extra);
  const sizeMem = (name: string, def: number, min = 0n, extra: Partial<ConfigParam> = {}) =>
    numericParam(name, def, { type: "size", min, max: LONG_MAX, memory: true }, extra);
  const int = (name: string, def: number, min: bigint, max: bigint, extra: Partial<ConfigParam> = {}) =>
    numericParam(name, def, { type: "int", min, max }, extra);

  // Keyspace and the core loop.
  c.register(int("databases", 16, 1n, INT_MAX, { immutable: true }));
  c.register(
    int("hz", 10, 0n, INT_MAX, {
      // Redis takes hz as a hint and caps it to 1..500 when applying; CONFIG GET shows the capped value.
      parse: (v) => {
        const n = BigInt(int("hz", 10, 0n, INT_MAX).parse(v));
        return String(n < 1n ? 1n : n > 500n ? 500n : n);
      },
    }),
  );
  c.register(boolParam("dynamic-hz", true));
  c.register(int("active-expire-effort", 1, 1n, 10n));
  c.register(boolParam("activerehashing", true));
  c.register(int("timeout", 0, 0n, INT_MAX));
  c.register(numericParam("maxclients", 10000, { type: "uint", min: 1n, max: UINT_MAX }));
  c.register(int("port", 6379, 0n, 65535n));
  c.register({ ...stringParam("bind", "* -::*"), parse: parseBind });
  c.register(boolParam("protected-mode", true));
  c.register(numericParam("proto-max-bulk-len", 512 * 1024 * 1024, { type: "longlong", min: 1024n * 1024n, max: LONG_MAX, memory: true }));
  c.register(sizeMem("client-query-buffer-limit", 1024 * 1024 * 1024, 1024n * 1024n));
  c.register({
    ...stringParam("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
    parse: (v) => parseObufLimits(v, c.get("client-output-buffer-limit")),
  });
  c.register(enumParam("loglevel", "notice", ["debug", "verbose", "notice", "warning", "nothing"]));
  c.register(enumParam("enable-debug-command", "yes", ["no", "yes", "local"], { immutable: true }));
  c.register(enumParam("enable-protected-configs", "yes", ["no", "yes", "local"], { immutable: true }));
  c.register(enumParam("sanitize-dump-payload", "no", ["no", "yes", "clients"]));

  // Memory and eviction.
  c.register(numericParam("maxmemory", 0, { type: "ulonglong", min: 0n, max: ULLONG_MAX, memory: true }));
  c.register(
    enumParam("maxmemory-policy", "noeviction", EVICTION_POLICIES, {
      // Entry.lru holds LFU data under the *-lfu policies (lru.ts); switching reinterprets it, as in Redis.
      apply: (v) => {
        engine.lfuPolicy = v.endsWith("-lfu");
      },
    }),
  );
  c.register(int("maxmemory-samples", 5, 1n, INT_MAX));
  c.register(int("maxmemory-eviction-tenacity", 10, 0n, 100n));
  c.register(numericParam("maxmemory-clients", 0, { type: "ssize", min: -100n, max: LLONG_MAX, memory: true, percent: true }));
  c.register(int("lfu-log-factor", 10, 0n, INT_MAX));
  c.register(int("lfu-decay-time", 1, 0n, INT_MAX));
  for (const n of ["eviction", "expire", "server-del", "user-del", "user-flush"]) c.register(boolParam(`lazyfree-lazy-${n}`, false));

  // Encodings (the aliases are the pre-7.0 ziplist names).
  c.register(size("hash-max-listpack-entries", 512, 0n, { aliases: ["hash-max-ziplist-entries"] }));
  c.register(sizeMem("hash-max-listpack-value", 64, 0n, { aliases: ["hash-max-ziplist-value"] }));
  c.register(int("list-max-listpack-size", -2, INT_MIN, INT_MAX, { aliases: ["list-max-ziplist-size"] }));
  c.register(int("list-compress-depth", 0, 0n, INT_MAX));
  c.register(size("set-max-intset-entries", 512));
  c.register(size("set-max-listpack-entries", 128));
  c.register(size("set-max-listpack-value", 64));
  c.register(size("zset-max-listpack-entries", 128, 0n, { aliases: ["zset-max-ziplist-entries"] }));
  c.register(sizeMem("zset-max-listpack-value", 64, 0n, { aliases: ["zset-max-ziplist-value"] }));
  c.register(sizeMem("hll-sparse-max-bytes", 3000));
  c.register(numericParam("stream-node-max-entries", 100, { type: "longlong", min: 0n, max: LLONG_MAX }));
  c.register(sizeMem("stream-node-max-bytes", 4096));

  // Persistence.
  c.register({ ...stringParam("save", "3600 1 300 100 60 10000"), parse: parseSave });
  c.register({
    ...stringParam("dir", "/"),
    protected: true,
    // Redis chdir()s; there is no working directory in-process, but an empty path still fails as chdir would.
    parse: (v) => {
      if (v === "") throw new Error("No such file or directory");
      return v;
    },
  });
  c.register({ ...stringParam("dbfilename", "dump.rdb"), protected: true, parse: baseNameOnly("dbfilename", "filename", true) });
  c.register(boolParam("rdbcompression", true));
  c.register(boolParam("rdbchecksum", true, { immutable: true }));
  c.register(boolParam("rdb-save-incremental-fsync", true));
  c.register(boolParam("stop-writes-on-bgsave-error", true));
  c.register(boolParam("appendonly", false));
  c.register({ ...stringParam("appendfilename", "appendonly.aof"), immutable: true, parse: baseNameOnly("appendfilename", "filename", false) });
  c.register({ ...stringParam("appenddirname", "appendonlydir"), immutable: true, parse: baseNameOnly("appenddirname", "dirname", false) });
  c.register(enumParam("appendfsync", "everysec", ["everysec", "always", "no"]));
  c.register(boolParam("no-appendfsync-on-rewrite", false));
  c.register(int("auto-aof-rewrite-percentage", 100, 0n, INT_MAX));
  c.register(numericParam("auto-aof-rewrite-min-size", 64 * 1024 * 1024, { type: "off", min: 0n, max: LLONG_MAX, memory: true }));
  c.register(boolParam("aof-load-truncated", true));
  c.register(boolParam("aof-use-rdb-preamble", true));
  c.register(boolParam("aof-timestamp-enabled", false));
  c.register(boolParam("aof-rewrite-incremental-fsync", true));

  // Security, scripting, diagnostics.
  c.register(stringParam("requirepass", ""));
  c.register(enumParam("acl-pubsub-default", "resetchannels", [["allchannels", 1], ["resetchannels", 0]]));
  c.register(numericParam("acllog-max-len", 128, { type: "ulong", min: 0n, max: LONG_MAX }));
  c.register(numericParam("busy-reply-threshold", 5000, { type: "longlong", min: 0n, max: LONG_MAX }, { aliases: ["lua-time-limit"] }));
  c.register(
    numericParam("slowlog-log-slower-than", 10000, { type: "longlong", min: -1n, max: LLONG_MAX }, {
      apply: (v) => engine.slowlog.setThreshold(Number(v)),
    }),
  );
  c.register(
    numericParam("slowlog-max-len", 128, { type: "ulong", min: 0n, max: LONG_MAX }, {
      apply: (v) => engine.slowlog.setMaxLen(Number(v)),
    }),
  );
  c.register(numericParam("latency-monitor-threshold", 0, { type: "longlong", min: 0n, max: LLONG_MAX }));
  c.register(boolParam("latency-tracking", true));
  c.register({ ...stringParam("latency-tracking-info-percentiles", "50 99 99.9"), parse: parsePercentiles });
  c.register(size("tracking-table-max-keys", 1_000_000));
  c.register({
    name: "notify-keyspace-events",
    default: "",
    parse(input) {
      const flags = parseNotifyFlags(input);
      if (flags === undefined) throw new Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
      // Redis's display drops "n" next to "A"; the stored form keeps it so the flag still applies.
      const shown = formatNotifyFlags(flags);
      return (flags & NOTIFY_NEW) !== 0 && !shown.includes("n") ? `${shown}n` : shown;
    },
    display: (value) => formatNotifyFlags(parseNotifyFlags(value) ?? 0),
    apply(value) {
      engine.notifyMask = parseNotifyFlags(value) ?? 0;
    },
  });
}

/** Whether a protected action (enable-debug-command, enable-protected-configs) is allowed for a caller. */
export function protectedActionAllowed(setting: string, local: boolean): boolean {
  return setting === "yes" || (setting === "local" && local);
}

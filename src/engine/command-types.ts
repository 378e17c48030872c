/**
 * The shapes of the command table (DESIGN.md convention 1). Redis's declared facts for each command
 * (arity, flags, key specs …) come from src/commands/meta.generated.ts; each group's table file adds
 * the handler. Dispatch, COMMAND INFO/COUNT/LIST/GETKEYS, the client's key positions and the README's
 * compatibility table are all derived from the merged rows.
 */
import type { Reply } from "./reply.js";
import type { Session } from "./session.js";

export type BeginSearch =
  | { type: "index"; index: number }
  | { type: "keyword"; keyword: string; startfrom: number }
  | { type: "unknown" };

export type FindKeys =
  | { type: "range"; lastkey: number; keystep: number; limit: number }
  | { type: "keynum"; keynumidx: number; firstkey: number; keystep: number }
  | { type: "unknown" };

export interface KeySpec {
  flags: string[];
  bs: BeginSearch;
  fk: FindKeys;
}

/** What Redis's command JSON declares about a command or subcommand. */
export interface CommandMeta {
  group: string;
  container: boolean;
  /** Redis's sign convention: n exactly n arguments (name included), -n at least n. */
  arity: number;
  flags: string[];
  since: string;
  acl: string[];
  /** The legacy first/last/step triple of COMMAND INFO. */
  keys: [number, number, number];
  keySpecs: KeySpec[];
  docFlags: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  tips: string[];
}

/**
 * A handler runs synchronously and returns its reply (DESIGN.md convention 2). It validates every
 * argument before it mutates anything (convention 3) and throws a RedisError to answer an error.
 * `argv[0]` is the command name as sent; `argv[1]` the subcommand for container commands.
 */
export type Handler = (s: Session, argv: readonly string[]) => Reply;

/**
 * Finds the key positions of a command whose keys cannot be derived from its key specs alone
 * (movablekeys beyond keyword/keynum, e.g. SORT's STORE). Returns argv indexes.
 */
export type GetKeys = (argv: readonly string[]) => number[];

/** One row of a group's table. */
export interface CommandDef {
  /** Lower-case; subcommands as `container|sub`. */
  name: string;
  handler: Handler;
  getKeys?: GetKeys;
}

/**
 * A command as dispatch sees it: Redis's facts plus our handler. Every field is always present (none
 * optional), so all Command objects share one hidden class and dispatch's property reads stay
 * monomorphic.
 */
export interface Command extends Omit<CommandMeta, "deprecatedSince" | "replacedBy"> {
  deprecatedSince: string | undefined;
  replacedBy: string | undefined;
  name: string;
  /** `config|get` for subcommands, as in arity errors. */
  fullName: string;
  handler: Handler;
  getKeys: GetKeys | undefined;
  /** Container commands: subcommands by lower-case name. */
  subcommands: Map<string, Command> | undefined;
  parent: Command | undefined;
  /** Precomputed flag bits for dispatch's hot path. */
  bits: number;
  /** Calls and microseconds, for INFO commandstats. */
  calls: number;
  rejectedCalls: number;
  failedCalls: number;
  /** Microseconds spent in timed calls (slowlog.ts says which calls are timed). */
  usec: number;
}

export const F_WRITE = 1;
export const F_READONLY = 2;
export const F_DENYOOM = 4;
export const F_ADMIN = 8;
export const F_PUBSUB = 16;
export const F_NOSCRIPT = 32;
export const F_BLOCKING = 64;
export const F_LOADING = 128;
export const F_STALE = 256;
export const F_FAST = 512;
export const F_NO_MULTI = 1024;
/** Not queued inside MULTI: EXEC, DISCARD, MULTI, WATCH, QUIT, RESET run at once (processCommand). */
export const F_MULTI_EXEMPT = 16384;
const MULTI_EXEMPT = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);
export const F_ALLOW_BUSY = 2048;
export const F_NO_AUTH = 4096;
export const F_MOVABLEKEYS = 8192;
/** Never written to the slow log (EXEC: its commands are logged one by one). */
export const F_SKIP_SLOWLOG = 32768;

const FLAG_BITS: Record<string, number> = {
  write: F_WRITE,
  readonly: F_READONLY,
  denyoom: F_DENYOOM,
  admin: F_ADMIN,
  pubsub: F_PUBSUB,
  noscript: F_NOSCRIPT,
  blocking: F_BLOCKING,
  loading: F_LOADING,
  stale: F_STALE,
  fast: F_FAST,
  no_multi: F_NO_MULTI,
  allow_busy: F_ALLOW_BUSY,
  no_auth: F_NO_AUTH,
  movablekeys: F_MOVABLEKEYS,
  skip_slowlog: F_SKIP_SLOWLOG,
};

/**
 * Not timed for the slow log unless it logs everything (slowlog.ts): the `fast` commands, and these,
 * whose cost here is bounded by their arguments (a clock read would cost as much as the command).
 */
export const F_UNTIMED = 65536;
/** Set on every command: a mask holding it matches all of them (the slow log off, slowlog.ts). */
export const F_ANY = 131072;
const UNTIMED = new Set(["set", "setex", "psetex", "mset", "msetnx", "del", "exec"]);

export function flagBits(flags: readonly string[], name = ""): number {
  let b = MULTI_EXEMPT.has(name) ? F_MULTI_EXEMPT : 0;
  for (const f of flags) b |= FLAG_BITS[f] ?? 0;
  if ((b & F_FAST) !== 0 || UNTIMED.has(name)) b |= F_UNTIMED;
  return b | F_ANY;
}

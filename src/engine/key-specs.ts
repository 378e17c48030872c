/**
 * Which arguments of a command are keys, derived from Redis's key specs (db.c getKeysUsingKeySpecs)
 * with Redis's own fallbacks for the commands whose specs cannot say it all (getkeys_proc: SORT's
 * STORE, SET … GET, BITFIELD's read-only form, MIGRATE's KEYS, and the numkeys commands when their
 * numkeys argument is unusable). COMMAND GETKEYS/GETKEYSANDFLAGS, the client's key prefixing and ACL
 * key checks all ask here, so they agree with each other and with Redis.
 *
 * Positions are argv indexes (argv[0] is the command name). Key-spec flags travel in the metadata's
 * upper-case spelling (RO, ACCESS …) and are printed in Redis's order and spelling by formatKeyFlags.
 */
import type { CommandMeta, KeySpec } from "./command-types.js";
import { parseInt64 } from "./int64.js";

/** One key found in a command line: its argv index and the flags of the spec (or proc) that found it. */
export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

/** Something with key specs and, optionally, its own key finder (CommandDef.getKeys). */
export interface KeyedCommand extends Pick<CommandMeta, "keySpecs" | "flags" | "arity"> {
  /** Redis's lower-case full name (`get`, `object|encoding`): selects a built-in getkeys procedure. */
  fullName: string;
  getKeys?: ((argv: readonly string[]) => number[]) | undefined;
}

const NOT_KEY = "NOT_KEY";
const INCOMPLETE = "INCOMPLETE";
const VARIABLE_FLAGS = "VARIABLE_FLAGS";

/**
 * getKeysUsingKeySpecs: the keys every spec describes, or undefined when a spec cannot be applied to
 * this argv (unknown or incomplete spec, numkeys unparsable, a key position outside argv), which is
 * Redis's cue to fall back to the command's getkeys procedure. O(argc · specs).
 */
export function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[], includeNotKeys = false): KeyRef[] | undefined {
  const argc = argv.length;
  const out: KeyRef[] = [];
  for (const spec of specs) {
    if (spec.flags.includes(NOT_KEY) && !includeNotKeys) continue;
    let first = 0;
    const bs = spec.bs;
    if (bs.type === "index") {
      first = bs.index;
    } else if (bs.type === "keyword") {
      // Redis walks from startfrom towards the end (positive) or towards argv[1] (negative), and never
      // looks at the boundary element itself: a keyword there would have no key after it.
      const start = bs.startfrom > 0 ? bs.startfrom : argc + bs.startfrom;
      const end = bs.startfrom > 0 ? argc - 1 : 1;
      const keyword = bs.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === keyword) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    } else {
      return undefined;
    }

    let last: number;
    let step: number;
    const fk = spec.fk;
    if (fk.type === "range") {
      step = fk.keystep;
      if (fk.lastkey >= 0) last = first + fk.lastkey;
      else if (fk.limit === 0) last = argc + fk.lastkey;
      else last = first + (Math.trunc((argc - first) / fk.limit) + fk.lastkey);
    } else if (fk.type === "keynum") {
      step = fk.keystep;
      if (fk.keynumidx >= argc) return undefined;
      const numkeys = parseInt64(argv[first + fk.keynumidx] ?? "");
      if (numkeys === undefined || numkeys < 0) return undefined;
      first += fk.firstkey;
      // Redis casts numkeys to int; anything that large is out of argv anyway.
      last = first + Number(numkeys) - 1;
    } else {
      return undefined;
    }

    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags: spec.flags });
    if (spec.flags.includes(INCOMPLETE)) return undefined;
  }
  return out;
}

/** C's atoi: leading blanks, an optional sign, then as many digits as there are; 0 when none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  if (m === null) return 0;
  const n = Number(m[1]);
  // atoi returns an int: keep it in 32-bit range the way the usual implementations wrap.
  return Number.isFinite(n) ? n | 0 : 0;
}

/** genericGetKeys: `[storeKey] numkeys key…` commands when their key spec gave up. */
function genericGetKeys(store: number, countAt: number, firstAt: number, step: number, argv: readonly string[]): KeyRef[] {
  const num = atoi(argv[countAt] ?? "");
  if (num < 1 || num > Math.trunc((argv.length - firstAt) / step)) return [];
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: firstAt + i * step, flags: [] });
  if (store !== 0) out.push({ pos: store, flags: [] });
  return out;
}

type KeyProc = (argv: readonly string[]) => KeyRef[];

const zunionInterDiffStore: KeyProc = (argv) => genericGetKeys(1, 2, 3, 1, argv);
const numkeysAt1: KeyProc = (argv) => genericGetKeys(0, 1, 2, 1, argv);
const numkeysAt2: KeyProc = (argv) => genericGetKeys(0, 2, 3, 1, argv);

const sortGetKeys: KeyProc = (argv) => {
  const out: KeyRef[] = [{ pos: 1, flags: ["RO", "ACCESS"] }];
  let store: KeyRef | undefined;
  // Options are assumed to take no argument unless listed; the last STORE wins, as in SORT itself.
  const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    const n = skip[opt];
    if (n !== undefined) i += n;
    else if (opt === "store" && i + 1 < argv.length) store = { pos: i + 1, flags: ["OW", "UPDATE"] };
  }
  if (store !== undefined) out.push(store);
  return out;
};

const migrateGetKeys: KeyProc = (argv) => {
  let first = 3;
  let num = 1;
  const skip: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
  if (argv.length > 6) {
    for (let i = 6; i < argv.length; i++) {
      const opt = argv[i]!.toLowerCase();
      if (opt === "keys") {
        if (argv[3]!.length > 0) {
          num = 0; // both a key and KEYS: MIGRATE itself reports the syntax error
        } else {
          first = i + 1;
          num = argv.length - first;
        }
        break;
      }
      i += skip[opt] ?? 0;
    }
  }
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: first + i, flags: ["RW", "ACCESS", "DELETE"] });
  return out;
};

const georadiusGetKeys: KeyProc = (argv) => {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    if ((opt === "store" || opt === "storedist") && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  const out: KeyRef[] = [{ pos: 1, flags: [] }];
  if (stored !== -1) out.push({ pos: stored, flags: [] });
  return out;
};

const xreadGetKeys: KeyProc = (argv) => {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase();
    if (opt === "block" || opt === "count") i++;
    else if (opt === "group") i += 2;
    else if (opt === "noack") continue;
    else if (opt === "streams") {
      streams = i;
      break;
    } else break;
  }
  const n = streams === -1 ? 0 : argv.length - streams - 1;
  if (streams === -1 || n === 0 || n % 2 !== 0) return [];
  const out: KeyRef[] = [];
  for (let i = streams + 1; i < argv.length - n / 2; i++) out.push({ pos: i, flags: [] });
  return out;
};

const setGetKeys: KeyProc = (argv) => {
  for (let i = 3; i < argv.length; i++) {
    if (argv[i]!.toLowerCase() === "get") return [{ pos: 1, flags: ["RW", "ACCESS", "UPDATE"] }];
  }
  return [{ pos: 1, flags: ["OW", "UPDATE"] }];
};

const bitfieldGetKeys: KeyProc = (argv) => {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const opt = argv[i]!.toLowerCase();
    if (opt === "get" && rem >= 2) i += 2;
    else if ((opt === "set" || opt === "incrby") && rem >= 3) {
      readonly = false;
      break;
    } else if (opt === "overflow" && rem >= 1) i += 1;
    else {
      readonly = false; // a syntax error: assume the write form, as Redis does
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? ["RO", "ACCESS"] : ["RW", "ACCESS", "UPDATE"] }];
};

/** Redis's getkeys_proc per command (commands.def), by full name. */
const GETKEYS_PROCS: Readonly<Record<string, KeyProc>> = {
  bitfield: bitfieldGetKeys,
  migrate: migrateGetKeys,
  sort: sortGetKeys,
  sort_ro: () => [{ pos: 1, flags: ["RO", "ACCESS"] }],
  georadius: georadiusGetKeys,
  georadiusbymember: georadiusGetKeys,
  blmpop: numkeysAt2,
  lmpop: numkeysAt1,
  eval: numkeysAt2,
  evalsha: numkeysAt2,
  eval_ro: numkeysAt2,
  evalsha_ro: numkeysAt2,
  fcall: numkeysAt2,
  fcall_ro: numkeysAt2,
  sintercard: numkeysAt1,
  bzmpop: numkeysAt2,
  zdiff: numkeysAt1,
  zdiffstore: zunionInterDiffStore,
  zinter: numkeysAt1,
  zintercard: numkeysAt1,
  zinterstore: zunionInterDiffStore,
  zmpop: numkeysAt1,
  zunion: numkeysAt1,
  zunionstore: zunionInterDiffStore,
  xread: xreadGetKeys,
  xreadgroup: xreadGetKeys,
  set: setGetKeys,
};

function procFor(cmd: KeyedCommand): KeyProc | undefined {
  const own = cmd.getKeys;
  if (own !== undefined) return (argv) => own(argv).map((pos) => ({ pos, flags: [] }));
  return GETKEYS_PROCS[cmd.fullName];
}

/** doesCommandHaveKeys: a getkeys procedure, or at least one spec that describes real keys. */
export function commandHasKeys(cmd: KeyedCommand): boolean {
  return procFor(cmd) !== undefined || cmd.keySpecs.some((s) => !s.flags.includes(NOT_KEY));
}

/**
 * getKeysFromCommandWithSpecs: the key specs when they are complete and their flags fixed, else the
 * command's getkeys procedure. An empty result means "no keys found" (for a command with mandatory
 * keys, COMMAND GETKEYS calls that invalid arguments).
 */
export function getCommandKeys(cmd: KeyedCommand, argv: readonly string[]): KeyRef[] {
  const hasKeySpec = cmd.keySpecs.some((s) => !s.flags.includes(NOT_KEY));
  const hasVarFlags = cmd.keySpecs.some((s) => s.flags.includes(VARIABLE_FLAGS));
  if (hasKeySpec && !hasVarFlags) {
    const keys = keysFromSpecs(cmd.keySpecs, argv);
    if (keys !== undefined) return keys;
  }
  return procFor(cmd)?.(argv) ?? [];
}

/** Key-spec flags in COMMAND's order and spelling (server.c addReplyFlagsForKeyArgs). */
const KEY_FLAG_NAMES: readonly [string, string][] = [
  ["RO", "RO"],
  ["RW", "RW"],
  ["OW", "OW"],
  ["RM", "RM"],
  ["ACCESS", "access"],
  ["UPDATE", "update"],
  ["INSERT", "insert"],
  ["DELETE", "delete"],
  ["NOT_KEY", "not_key"],
  ["INCOMPLETE", "incomplete"],
  ["VARIABLE_FLAGS", "variable_flags"],
];

/** The flags as COMMAND INFO / GETKEYSANDFLAGS print them (status strings, in Redis's order). */
export function formatKeyFlags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (const [meta, shown] of KEY_FLAG_NAMES) if (flags.includes(meta)) out.push(shown);
  return out;
}

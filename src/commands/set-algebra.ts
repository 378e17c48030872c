/**
 * The set algebra commands (t_set.c sinterGenericCommand, sunionDiffGenericCommand): SMEMBERS (an
 * intersection of one set, as in Redis), SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF,
 * SDIFFSTORE. Members, order and stored encodings come from src/types/set/set-algebra.ts.
 *
 * Every source key is looked up as a read (hits, misses, keymiss) and type-checked, missing ones
 * included in the walk, before anything is computed. A STORE whose result is empty deletes the
 * destination (a `del` event and one change when it existed); otherwise the destination is
 * overwritten whatever it held, losing any TTL, with the command's own event.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import { LIMIT_NEGATIVE, NUMKEYS_NOT_POSITIVE, NUMKEYS_TOO_MANY, SYNTAX, WRONGTYPE } from "../engine/errors.js";
import { parseInt64 } from "../engine/int64.js";
import { lookupRead } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_SET } from "../engine/notify.js";
import { SetReply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { setDiff, setInterCard, setInterMembers, setInterStore, setUnion } from "../types/set/set-algebra.js";
import type { SetValue } from "../types/set/set-value.js";

/** The sets at argv[from … to), missing keys as undefined; WRONGTYPE at the first key of another type. */
function loadSets(s: Session, argv: readonly string[], from: number, to: number): (SetValue | undefined)[] {
  const sets = new Array<SetValue | undefined>(to - from);
  for (let j = from; j < to; j++) {
    const e = lookupRead(s, argv[j]!);
    if (e === undefined) {
      sets[j - from] = undefined;
      continue;
    }
    const v = e.value;
    if (typeof v === "string" || v.type !== "set") throw WRONGTYPE;
    sets[j - from] = v as SetValue;
  }
  return sets;
}

function allPresent(sets: readonly (SetValue | undefined)[]): sets is SetValue[] {
  for (const set of sets) if (set === undefined) return false;
  return true;
}

/**
 * Stores a computed result at `dst`, or deletes `dst` when the result is empty (or undefined: a source
 * key was missing); returns the STORE reply.
 */
function store(s: Session, dst: string, result: SetValue | undefined, event: string): number {
  const db = s.db;
  if (result !== undefined && result.size > 0) {
    db.set(dst, result);
    s.engine.notify(NOTIFY_SET, event, dst, db.id);
    s.engine.touch();
    return result.size;
  }
  // dbDelete: no expiry check, so a logically expired destination is removed (and counted) too.
  if (db.delete(dst)) {
    s.engine.touch();
    s.engine.notify(NOTIFY_GENERIC, "del", dst, db.id);
  }
  return 0;
}

/** SMEMBERS key, SINTER key [key …]: an empty set as soon as one key is missing. */
const sinter: Handler = (s, argv) => {
  const sets = loadSets(s, argv, 1, argv.length);
  if (!allPresent(sets)) return new SetReply([]);
  return new SetReply(setInterMembers(sets));
};

const sinterstore: Handler = (s, argv) => {
  const sets = loadSets(s, argv, 2, argv.length);
  if (!allPresent(sets)) return store(s, argv[1]!, undefined, "sinterstore");
  return store(s, argv[1]!, setInterStore(sets, encodingLimits(s.engine)), "sinterstore");
};

/**
 * SINTERCARD numkeys key [key …] [LIMIT limit]: numkeys and every option are checked before any key
 * is looked up, each with its own text (numkeys: any failure, including a non-integer, says "should
 * be greater than 0"; LIMIT likewise "can't be negative").
 */
const sintercard: Handler = (s, argv) => {
  const numkeys = parseInt64(argv[1]!);
  if (numkeys === undefined || numkeys < 1) throw NUMKEYS_NOT_POSITIVE;
  if (numkeys > argv.length - 2) throw NUMKEYS_TOO_MANY;
  const end = 2 + Number(numkeys);
  let limit = 0;
  for (let j = end; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (cOptionIs(argv[j]!, "limit") && more > 0) {
      j++;
      const l = parseInt64(argv[j]!);
      if (l === undefined || l < 0) throw LIMIT_NEGATIVE;
      limit = Number(l);
    } else {
      throw SYNTAX;
    }
  }
  const sets = loadSets(s, argv, 2, end);
  if (!allPresent(sets)) return 0;
  return setInterCard(sets, limit);
};

/** strcasecmp against an ASCII keyword: the argument is a C string, so it ends at a NUL byte. */
function cOptionIs(arg: string, keyword: string): boolean {
  const nul = arg.indexOf("\0");
  const text = nul < 0 ? arg : arg.slice(0, nul);
  return text.length === keyword.length && text.toLowerCase() === keyword;
}

const sunion: Handler = (s, argv) => {
  const sets = loadSets(s, argv, 1, argv.length);
  return new SetReply(setUnion(sets, encodingLimits(s.engine)).members());
};

const sunionstore: Handler = (s, argv) => {
  const sets = loadSets(s, argv, 2, argv.length);
  return store(s, argv[1]!, setUnion(sets, encodingLimits(s.engine)), "sunionstore");
};

const sdiff: Handler = (s, argv) => {
  const sets = loadSets(s, argv, 1, argv.length);
  return new SetReply(setDiff(sets, encodingLimits(s.engine)).members());
};

const sdiffstore: Handler = (s, argv) => {
  const sets = loadSets(s, argv, 2, argv.length);
  return store(s, argv[1]!, setDiff(sets, encodingLimits(s.engine)), "sdiffstore");
};

export const SET_ALGEBRA_COMMANDS: CommandDef[] = [
  { name: "smembers", handler: sinter },
  { name: "sinter", handler: sinter },
  { name: "sinterstore", handler: sinterstore },
  { name: "sintercard", handler: sintercard },
  { name: "sunion", handler: sunion },
  { name: "sunionstore", handler: sunionstore },
  { name: "sdiff", handler: sdiff },
  { name: "sdiffstore", handler: sdiffstore },
];

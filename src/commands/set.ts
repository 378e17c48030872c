/**
 * The set group (t_set.c, Redis 7.2): SADD, SREM, SISMEMBER, SMISMEMBER, SCARD, SMOVE and SSCAN here;
 * the algebra (SMEMBERS, SINTER, SINTERCARD, SUNION, SDIFF and the STORE forms) in set-algebra.ts; the
 * random ones (SPOP, SRANDMEMBER) in set-random.ts. This file holds the group's table.
 *
 * Invariants kept by every handler:
 *  - Arguments and key types are checked in Redis's order before anything changes.
 *  - Commands touch the set only through src/types/set's API; the keyspace creates keys (db.add) and
 *    the command deletes a key in the same call when its set becomes empty.
 *  - The dirty counter moves by what Redis adds to server.dirty, so a command that changed nothing
 *    logs nothing; keyspace events fire where Redis fires them, in its order.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import { WRONGTYPE } from "../engine/errors.js";
import { compileGlob } from "../engine/glob.js";
import { NOTIFY_GENERIC, NOTIFY_SET } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import { SetValue } from "../types/set/set-value.js";
import { parseCursor, parseScanArgs } from "./scan-args.js";
import { SET_ALGEBRA_COMMANDS } from "./set-algebra.js";
import { readSet, writeSet } from "./set-lookup.js";
import { SET_RANDOM_COMMANDS } from "./set-random.js";

/** SADD key member [member …]: creates the key sized by the argument count (setTypeCreate's hint). */
const sadd: Handler = (s, argv) => {
  const key = argv[1]!;
  const limits = encodingLimits(s.engine);
  const hint = argv.length - 2;
  let set = writeSet(s, key);
  if (set === undefined) {
    set = SetValue.create(argv[2]!, hint, limits);
    s.db.add(key, set);
  } else {
    set.maybeConvertForHint(hint, limits);
  }
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (set.add(argv[j]!, limits)) added++;
  if (added > 0) {
    s.engine.notify(NOTIFY_SET, "sadd", key, s.db.id);
    s.engine.touch(added);
  }
  return added;
};

/** SREM key member [member …]: stops at the member that empties the set, which deletes the key. */
const srem: Handler = (s, argv) => {
  const key = argv[1]!;
  const set = writeSet(s, key);
  if (set === undefined) return 0;
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (!set.remove(argv[j]!)) continue;
    deleted++;
    if (set.size === 0) {
      s.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted > 0) {
    s.engine.notify(NOTIFY_SET, "srem", key, s.db.id);
    if (keyRemoved) s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
    s.engine.touch(deleted);
  }
  return deleted;
};

const sismember: Handler = (s, argv) => {
  const set = readSet(s, argv[1]!);
  return set !== undefined && set.has(argv[2]!) ? 1 : 0;
};

/** SMISMEMBER: a missing key is an empty set (zeros), not an early reply. */
const smismember: Handler = (s, argv) => {
  const set = readSet(s, argv[1]!);
  const out: Reply[] = new Array<Reply>(argv.length - 2);
  for (let j = 2; j < argv.length; j++) out[j - 2] = set !== undefined && set.has(argv[j]!) ? 1 : 0;
  return out;
};

const scard: Handler = (s, argv) => readSet(s, argv[1]!)?.size ?? 0;

/**
 * SMOVE source destination member. Both keys are looked up first; a missing source answers 0 before
 * any type check of the destination; the same key answers membership without changing anything.
 */
const smove: Handler = (s, argv) => {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const member = argv[3]!;
  const db = s.db;
  const srcEntry = db.lookup(srcKey);
  const dstEntry = db.lookup(dstKey);
  if (srcEntry === undefined) return 0;
  const src = srcEntry.value;
  if (typeof src === "string" || src.type !== "set") throw WRONGTYPE;
  const dstValue = dstEntry?.value;
  if (dstValue !== undefined && (typeof dstValue === "string" || dstValue.type !== "set")) throw WRONGTYPE;
  const srcSet = src as SetValue;
  let dstSet = dstValue as SetValue | undefined;
  if (srcSet === dstSet) return srcSet.has(member) ? 1 : 0;
  if (!srcSet.remove(member)) return 0;
  s.engine.notify(NOTIFY_SET, "srem", srcKey, db.id);
  if (srcSet.size === 0) {
    db.delete(srcKey);
    s.engine.notify(NOTIFY_GENERIC, "del", srcKey, db.id);
  }
  const limits = encodingLimits(s.engine);
  if (dstSet === undefined) {
    dstSet = SetValue.create(member, 1, limits);
    db.add(dstKey, dstSet);
  }
  s.engine.touch();
  if (dstSet.add(member, limits)) {
    s.engine.touch();
    s.engine.notify(NOTIFY_SET, "sadd", dstKey, db.id);
  }
  return 1;
};

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked first, then the key (a
 * missing key answers an empty scan before the options are even parsed), then the options.
 */
const sscan: Handler = (s, argv) => {
  parseCursor(argv[2]!);
  const set = readSet(s, argv[1]!);
  if (set === undefined) return ["0", []];
  const { cursor, count, pattern } = parseScanArgs(argv, 2);
  const out: string[] = [];
  const next = set.scan(cursor, count, out, pattern === undefined ? undefined : compileGlob(pattern));
  return [String(next), out];
};

export const COMMANDS: CommandDef[] = [
  { name: "sadd", handler: sadd },
  { name: "srem", handler: srem },
  { name: "sismember", handler: sismember },
  { name: "smismember", handler: smismember },
  { name: "scard", handler: scard },
  { name: "smove", handler: smove },
  { name: "sscan", handler: sscan },
  ...SET_ALGEBRA_COMMANDS,
  ...SET_RANDOM_COMMANDS,
];


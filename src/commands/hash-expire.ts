/**
 * Hash-field expiration, Redis 7.4 (t_hash.c hexpireGenericCommand, httlGenericCommand,
 * hpersistCommand): HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT, HTTL, HPTTL, HEXPIRETIME, HPEXPIRETIME,
 * HPERSIST. Their rows join the hash table in hash.ts.
 *
 * Rules kept from 7.4:
 *  - Checks in Redis's order: the key's type, then the time (integer, ≥ 0, absolute result at most
 *    2^46 - 1 ms), then NX|XX|GT|LT, then the FIELDS keyword, numfields and its agreement with the
 *    argument count. A missing key answers -2 for every field.
 *  - Per-field reply codes: -2 no such field, 0 condition not met, 1 set, 2 deleted because the time
 *    is not in the future; HTTL & co. -2 / -1 (no TTL) / the time; HPERSIST -2 / -1 / 1.
 *  - A compact hash becomes listpackex as soon as a HEXPIRE-family command addresses it, even when no
 *    field changes.
 *  - Effects: fields deleted by a past time are propagated as HDEL at once; the command itself as
 *    HPEXPIREAT <absolute ms> with only the fields it set (numfields rewritten when some were
 *    dropped), or not at all when it set none. Events: `hexpire`, or `hdel` when a field was deleted
 *    (plus `del` when the hash emptied); `hpersist`.
 */
import type { CommandDef } from "../engine/command-types.js";
import {
  HFE_EXPIRE_NEGATIVE,
  HFE_FIELDS_MISSING,
  HFE_NUMFIELDS_EXPIRE,
  HFE_NUMFIELDS_MISMATCH,
  HFE_NUMFIELDS_POSITIVE,
  type RedisError,
  invalidExpireTime,
} from "../engine/errors.js";
import { int64Arg, parseInt64 } from "../engine/int64.js";
import { readObject } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_HASH } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import {
  type HashValue,
  hashDelete,
  hashEnableFieldTtls,
  hashFieldTtl,
  hashLength,
  hashNextFieldExpiry,
  hashPersistField,
  hashSetFieldTtl,
} from "../types/hash/hash-value.js";
import { cArgIs } from "./hash-args.js";
import { reclaimExpiredFields } from "./hash-lookup.js";

/** HFE_MAX_ABS_TIME_MSEC: EB_EXPIRE_TIME_MAX (2^48 - 1) >> 2, the latest absolute field expiry. */
const HFE_MAX_ABS_TIME_MSEC = 2 ** 46 - 1;

/** The NX|XX|GT|LT condition (at most one). */
const Cond = { None: 0, NX: 1, XX: 2, GT: 3, LT: 4 } as const;
type Cond = (typeof Cond)[keyof typeof Cond];

/**
 * FIELDS numfields field…: the keyword at numFieldsAt - 1, then numfields (an integer ≥ 1, else
 * `numFieldsError`) matching the fields that follow. Returns numfields.
 */
function fieldsArg(argv: readonly string[], numFieldsAt: number, numFieldsError: RedisError): number {
  if (!cArgIs(argv[numFieldsAt - 1]!, "fields")) throw HFE_FIELDS_MISSING;
  const n = parseInt64(argv[numFieldsAt]!);
  if (n === undefined || n < 1) throw numFieldsError;
  if (n !== argv.length - numFieldsAt - 1) throw HFE_NUMFIELDS_MISMATCH;
  return n as number;
}

/** The hash at `key` with its due fields reclaimed, after the caller's validation. */
function reclaimed(s: Session, key: string, h: HashValue | undefined): HashValue | undefined {
  return h === undefined ? undefined : reclaimExpiredFields(s, key, h);
}

/**
 * HEXPIRE/HPEXPIRE/HEXPIREAT/HPEXPIREAT key time [NX|XX|GT|LT] FIELDS numfields field…
 * `unitMs` scales the time; `relative` adds the command's time; `cmdName` names the command in errors.
 */
function hexpireGeneric(s: Session, argv: readonly string[], unitMs: 1 | 1000, relative: boolean, cmdName: string): Reply {
  const key = argv[1]!;
  const found = readObject<HashValue>(s, key, "hash", true);
  const n = int64Arg(argv[2]!);
  if (n < 0) throw HFE_EXPIRE_NEGATIVE;
  // Anything beyond 2^53 is far beyond the 2^46 ms limit.
  if (typeof n === "bigint") throw invalidExpireTime(cmdName);
  let at = n;
  if (unitMs === 1000) {
    if (at > Math.floor(HFE_MAX_ABS_TIME_MSEC / 1000)) throw invalidExpireTime(cmdName);
    at *= 1000;
  }
  const engine = s.engine;
  const base = relative ? engine.now : 0;
  if (at > HFE_MAX_ABS_TIME_MSEC - base) throw invalidExpireTime(cmdName);
  at += base;

  let cond: Cond = Cond.None;
  const opt = argv[3]!;
  if (cArgIs(opt, "nx")) cond = Cond.NX;
  else if (cArgIs(opt, "xx")) cond = Cond.XX;
  else if (cArgIs(opt, "gt")) cond = Cond.GT;
  else if (cArgIs(opt, "lt")) cond = Cond.LT;
  const numFieldsAt = cond === Cond.None ? 4 : 5;
  const numFields = fieldsArg(argv, numFieldsAt, HFE_NUMFIELDS_EXPIRE);

  const out: number[] = new Array<number>(numFields);
  const h = reclaimed(s, key, found);
  if (h === undefined) return out.fill(-2);

  hashEnableFieldTtls(h);
  const db = s.db;
  const pastDeletes = at <= engine.now && engine.expireAllowed();
  const setFields: string[] = [];
  let deleted = 0;
  for (let i = 0; i < numFields; i++) {
    const field = argv[numFieldsAt + 1 + i]!;
    const prev = hashFieldTtl(h, field);
    if (prev === undefined) {
      out[i] = -2;
      continue;
    }
    // A field without TTL counts as never expiring: XX and GT fail on it, LT and NX pass.
    const unmet =
      prev === 0
        ? cond === Cond.XX || cond === Cond.GT
        : cond === Cond.NX || (cond === Cond.GT && prev >= at) || (cond === Cond.LT && prev <= at);
    if (unmet) {
      out[i] = 0;
      continue;
    }
    if (pastDeletes) {
      engine.propagate(db.id, ["HDEL", key, field]);
      hashDelete(h, field);
      deleted++;
      out[i] = 2;
      continue;
    }
    hashSetFieldTtl(h, field, at);
    setFields.push(field);
    out[i] = 1;
  }

  const updated = setFields.length;
  if (deleted + updated > 0) {
    engine.touch(deleted + updated);
    if (deleted > 0 && hashLength(h) === 0) {
      db.delete(key);
      engine.notify(NOTIFY_HASH, "hdel", key, db.id);
      engine.notify(NOTIFY_GENERIC, "del", key, db.id);
    } else {
      engine.notify(NOTIFY_HASH, deleted > 0 ? "hdel" : "hexpire", key, db.id);
      if (updated > 0) db.memberExpiry.register(key, hashNextFieldExpiry(h));
    }
  }
  if (updated === 0) {
    s.rewrittenArgv = [];
  } else {
    // HPEXPIREAT with the absolute time and only the fields that were set.
    const effect = [cmdName === "hpexpireat" ? argv[0]! : "HPEXPIREAT", key, relative || unitMs !== 1 ? String(at) : argv[2]!];
    for (let j = 3; j < numFieldsAt; j++) effect.push(argv[j]!);
    effect.push(updated === numFields ? argv[numFieldsAt]! : String(updated));
    effect.push(...setFields);
    s.rewrittenArgv = effect;
  }
  return out;
}

/**
 * HTTL/HPTTL/HEXPIRETIME/HPEXPIRETIME key FIELDS numfields field…: -2 no such field, -1 no TTL, else the
 * remaining time (relative, from the command's time) or the absolute time, seconds rounded up.
 */
function httlGeneric(s: Session, argv: readonly string[], unitMs: 1 | 1000, relative: boolean): Reply {
  const key = argv[1]!;
  const found = readObject<HashValue>(s, key, "hash");
  const numFields = fieldsArg(argv, 3, HFE_NUMFIELDS_POSITIVE);
  const out: number[] = new Array<number>(numFields);
  const h = reclaimed(s, key, found);
  if (h === undefined) return out.fill(-2);
  const now = s.engine.now;
  const base = relative ? now : 0;
  // 7.4 already answers -2 for a listpackex field expiring this very millisecond (a hashtable does not).
  const dueNow = h.encoding() === "listpackex";
  for (let i = 0; i < numFields; i++) {
    const at = hashFieldTtl(h, argv[4 + i]!);
    if (at === undefined) out[i] = -2;
    else if (at === 0) out[i] = -1;
    else if (at < now || (dueNow && at === now)) out[i] = -2;
    else out[i] = unitMs === 1000 ? Math.floor((at + 999 - base) / 1000) : at - base;
  }
  return out;
}

/** HPERSIST key FIELDS numfields field…: -2 no such field, -1 no TTL, 1 TTL removed. */
function hpersist(s: Session, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const found = readObject<HashValue>(s, key, "hash", true);
  const numFields = fieldsArg(argv, 3, HFE_NUMFIELDS_POSITIVE);
  const out: number[] = new Array<number>(numFields);
  const h = reclaimed(s, key, found);
  if (h === undefined) return out.fill(-2);
  const now = s.engine.now;
  let changed = false;
  for (let i = 0; i < numFields; i++) {
    const field = argv[4 + i]!;
    const at = hashFieldTtl(h, field);
    if (at === undefined) out[i] = -2;
    else if (at === 0) out[i] = -1;
    else if (at < now) out[i] = -2;
    else {
      hashPersistField(h, field);
      out[i] = 1;
      changed = true;
    }
  }
  if (changed) {
    s.engine.notify(NOTIFY_HASH, "hpersist", key, s.db.id);
    s.engine.touch();
  }
  return out;
}

export const HASH_EXPIRE_COMMANDS: CommandDef[] = [
  { name: "hexpire", handler: (s, argv) => hexpireGeneric(s, argv, 1000, true, "hexpire") },
  { name: "hpexpire", handler: (s, argv) => hexpireGeneric(s, argv, 1, true, "hpexpire") },
  { name: "hexpireat", handler: (s, argv) => hexpireGeneric(s, argv, 1000, false, "hexpireat") },
  { name: "hpexpireat", handler: (s, argv) => hexpireGeneric(s, argv, 1, false, "hpexpireat") },
  { name: "httl", handler: (s, argv) => httlGeneric(s, argv, 1000, true) },
  { name: "hpttl", handler: (s, argv) => httlGeneric(s, argv, 1, true) },
  { name: "hexpiretime", handler: (s, argv) => httlGeneric(s, argv, 1000, false) },
  { name: "hpexpiretime", handler: (s, argv) => httlGeneric(s, argv, 1, false) },
  { name: "hpersist", handler: hpersist },
];

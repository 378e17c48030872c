/**
 * How the hash commands find a hash, with lazy field expiry (Redis 7.4 hash-field TTLs).
 *
 * Every hash command goes through readHash/writeHash, so no command ever sees a field whose TTL has
 * passed: fields due before the command's time snapshot are reclaimed first, each propagated as
 * `HDEL key field`, with one `hexpired` event for the key, and a hash emptied that way is deleted
 * (`del` event) so the command then sees no key. A hash without field TTLs costs one comparison.
 *
 * The active side lives here too: the expirer registered with the keyspace's member-expiry index,
 * which the engine's cron runs, with the same effects.
 *
 * Deliberate simplification against 7.4: Redis reclaims only the field a point read touches, and
 * HLEN/HGETALL count or skip expired fields without reclaiming them, so its answers for fields that
 * expired moments ago depend on how far its active cycle got; here every access reclaims every due
 * field, which is what Redis answers once its active cycle has run.
 */
import type { Db } from "../engine/keyspace.js";
import type { Engine } from "../engine/engine.js";
import { readObject } from "../engine/lookup.js";
import { registerMemberExpirer } from "../engine/member-expiry.js";
import { NOTIFY_GENERIC, NOTIFY_HASH } from "../engine/notify.js";
import type { Session } from "../engine/session.js";
import {
  type HashValue,
  hashExpireFields,
  hashLength,
  hashNextFieldExpiry,
} from "../types/hash/hash-value.js";

/** The hash at `key` for a read (keyspace hit/miss counted); WRONGTYPE for other types. */
export function readHash(s: Session, key: string): HashValue | undefined {
  const h = readObject<HashValue>(s, key, "hash");
  return h === undefined ? undefined : reclaimExpiredFields(s, key, h);
}

/** The hash at `key` for a write (no statistics); WRONGTYPE for other types. */
export function writeHash(s: Session, key: string): HashValue | undefined {
  const h = readObject<HashValue>(s, key, "hash", true);
  return h === undefined ? undefined : reclaimExpiredFields(s, key, h);
}

/**
 * Reclaims the fields of `h` (at `key`) due before the command's time; returns the hash, or undefined
 * when that emptied and deleted it. Nothing is reclaimed while a dataset loads.
 */
export function reclaimExpiredFields(s: Session, key: string, h: HashValue): HashValue | undefined {
  const next = hashNextFieldExpiry(h);
  if (next === 0) return h;
  const engine = s.engine;
  if (next >= engine.now || !engine.expireAllowed()) return h;
  const expired: string[] = [];
  hashExpireFields(h, engine.now, false, Infinity, expired);
  return fieldsExpired(engine, s.db, key, h, expired) ? undefined : h;
}

/**
 * The effects of fields removed by expiry: HDEL propagated per field, `hexpired`, and the key deleted
 * (`del`) when nothing is left. WATCHers of the key are told. Returns true when the key was deleted.
 */
function fieldsExpired(engine: Engine, db: Db, key: string, h: HashValue, fields: readonly string[]): boolean {
  for (const field of fields) engine.propagate(db.id, ["HDEL", key, field]);
  engine.notify(NOTIFY_HASH, "hexpired", key, db.id);
  let deleted = false;
  if (hashLength(h) === 0) {
    db.delete(key);
    engine.notify(NOTIFY_GENERIC, "del", key, db.id);
    deleted = true;
  }
  if (engine.transactions.watching) engine.transactions.touchKey(db.id, key);
  return deleted;
}

// The active cycle (7.4 activeExpireHashFieldCycle): fields due at `now` or before, within the quota.
registerMemberExpirer("hash", (db, key, value, now, quota) => {
  const h = value as HashValue;
  const expired: string[] = [];
  hashExpireFields(h, now, true, quota, expired);
  if (expired.length > 0) fieldsExpired(db.engine, db, key, h, expired);
  return expired.length;
});

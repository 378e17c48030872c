/**
 * Active expiry of members that carry their own TTL (Redis 7.4 hash-field expiration; any future type
 * with per-member TTLs plugs in the same way).
 *
 * Each database keeps a MemberExpiryIndex of the keys whose value has such members, ordered by the
 * earliest member expiry (Redis's db->hexpires). The cron pops the keys that are due and hands each to
 * its type's expirer, which deletes the due members with the type's own effects (a hash propagates
 * HDEL and notifies `hexpired`) and may delete the emptied key. Types register their expirer once, when
 * their command module loads (registerMemberExpirer).
 *
 * The index is lazy, like the TTL heaps: an entry is live while `when` maps its key to its time.
 * Registering an earlier time leaves the later entry stale; a key whose members' TTLs went away stays
 * registered until popped, and is then simply dropped. The keyspace forgets a key when it is removed
 * and registers values it adopts (RENAME, MOVE, COPY, loading), so no key is missed.
 */
import type { Db } from "./keyspace.js";
import { TtlHeap } from "./ttl-heap.js";
import type { ObjectValue, TypeName } from "./value.js";

/**
 * Deletes up to `quota` members of `value` (at `key` in `db`) due at `now` (inclusive), with the
 * type's effects; returns how many it deleted.
 */
export type MemberExpirer = (db: Db, key: string, value: ObjectValue, now: number, quota: number) => number;

const expirers = new Map<TypeName, MemberExpirer>();

/** Installs the active expirer of a type's members (called once by the type's command module). */
export function registerMemberExpirer(type: TypeName, expirer: MemberExpirer): void {
  expirers.set(type, expirer);
}

/** Keys with TTL-carrying members, by earliest member expiry. register/popDue are O(log n). */
export class MemberExpiryIndex {
  private readonly when = new Map<string, number>();
  private readonly heap = new TtlHeap();

  /** Keys registered. */
  get size(): number {
    return this.when.size;
  }

  /** Records that `key` has a member due at `at` (> 0); a later time than the one held is ignored. */
  register(key: string, at: number): void {
    const held = this.when.get(key);
    if (held !== undefined && held <= at) return;
    this.when.set(key, at);
    this.heap.push(at, key);
    if (this.heap.length > 2 * this.when.size + 64) this.heap.rebuild(this.when);
  }

  forget(key: string): void {
    this.when.delete(key);
  }

  clear(): void {
    this.when.clear();
    this.heap.clear();
  }

  /** Unregisters and returns the earliest key due at `now` (inclusive), or undefined. */
  popDue(now: number): string | undefined {
    for (;;) {
      const at = this.heap.topAt();
      if (at > now) return undefined;
      const key = this.heap.topField();
      this.heap.pop();
      if (this.when.get(key) === at) {
        this.when.delete(key);
        return key;
      }
    }
  }
}

/** Registers `value` at `key` when it has members with a TTL (the keyspace calls this on adoption). */
export function trackMemberExpiry(db: Db, key: string, value: ObjectValue): void {
  const next = value.nextMemberExpiry?.() ?? 0;
  if (next > 0) db.memberExpiry.register(key, next);
}

/**
 * One active pass over a database: expires due members of due keys, earliest first, until `quota`
 * members were deleted or nothing more is due. Returns the number deleted.
 */
export function activeExpireMembers(db: Db, now: number, quota: number): number {
  const index = db.memberExpiry;
  let done = 0;
  while (done < quota) {
    const key = index.popDue(now);
    if (key === undefined) break;
    const e = db.peek(key);
    if (e === undefined || typeof e.value === "string") continue;
    const value = e.value;
    const expirer = expirers.get(value.type);
    if (expirer === undefined) continue;
    done += expirer(db, key, value, now, quota - done);
    // Still there with members to expire later (or left over by the quota): back in the index.
    if (db.peek(key)?.value === value) trackMemberExpiry(db, key, value);
  }
  return done;
}

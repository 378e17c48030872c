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
  private at: number[] = [];
  private key: string[] = [];

  /** Keys registered. */
  get size(): number {
    return this.when.size;
  }

  /** Records that `key` has a member due at `at` (> 0); a later time than the one held is ignored. */
  register(key: string, at: number): void {
    const held = this.when.get(key);
    if (held !== undefined && held <= at) return;
    this.when.set(key, at);
    this.push(at, key);
    if (this.at.length > 2 * this.when.size + 64) this.rebuild();
  }

  forget(key: string): void {
    this.when.delete(key);
  }

  clear(): void {
    this.when.clear();
    this.at = [];
    this.key = [];
  }

  /** Unregisters and returns the earliest key due at `now` (inclusive), or undefined. */
  popDue(now: number): string | undefined {
    for (;;) {
      if (this.at.length === 0) return undefined;
      const at = this.at[0]!;
      if (at > now) return undefined;
      const key = this.key[0]!;
      this.pop();
      if (this.when.get(key) === at) {
        this.when.delete(key);
        return key;
      }
    }
  }

  private push(at: number, key: string): void {
    const a = this.at;
    const k = this.key;
    let i = a.length;
    a.push(at);
    k.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= at) break;
      a[i] = a[parent]!;
      k[i] = k[parent]!;
      i = parent;
    }
    a[i] = at;
    k[i] = key;
  }

  private pop(): void {
    const a = this.at;
    const k = this.key;
    const lastAt = a.pop()!;
    const lastKey = k.pop()!;
    const n = a.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && a[child + 1]! < a[child]!) child++;
      if (a[child]! >= lastAt) break;
      a[i] = a[child]!;
      k[i] = k[child]!;
      i = child;
    }
    a[i] = lastAt;
    k[i] = lastKey;
  }

  private rebuild(): void {
    this.at = [];
    this.key = [];
    for (const [key, at] of this.when) this.push(at, key);
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

/**
 * One database of the keyspace: the single owner of keys (DESIGN.md convention 4). Only this module
 * creates and deletes keys; it expires them lazily on lookup (Redis's expireIfNeeded) and exposes the
 * sampling the active expiry cycle needs.
 *
 * Invariants:
 *  - `dict` maps every live key to its Entry; `entry.expireAt` is 0 or an absolute Unix ms time, and
 *    a key with a TTL is also in `volatile`.
 *  - Every key has a stable slot in `slots` (slot-table.ts) for its whole life: SCAN's cursor is a
 *    slot index, so a key present for the whole iteration is returned.
 *  - A key whose value has members with their own TTL (hash fields) is registered in `memberExpiry`
 *    by its earliest member expiry (registration on add/set; removal forgets it).
 *  - A key whose expireAt < now (strictly: Redis expires when now > when) is logically absent; lookups
 *    delete it and report the deletion through `onExpired` (propagated as DEL, notified `expired`).
 */
import type { Engine } from "./engine.js";
import { accessedLru, initialLru } from "./lru.js";
import { MemberExpiryIndex, trackMemberExpiry } from "./member-expiry.js";
import { SlotTable } from "./slot-table.js";
import type { Value } from "./value.js";

export class Entry {
  /** Absolute expiry in Unix ms, 0 for none. */
  expireAt = 0;
  /** Redis's 24-bit LRU clock (seconds) or LFU counter: written on access, read by OBJECT and eviction. */
  lru = 0;
  /** Strings only: the value was modified in place (APPEND, SETRANGE …), so OBJECT ENCODING says raw. */
  raw = false;
  /**
   * Strings only: the value was stored as created, without Redis's tryObjectEncoding (INCRBYFLOAT's
   * result), so a numeric value reports embstr/raw rather than int.
   */
  noInt = false;
  constructor(
    public value: Value,
    /** Index in Db.slots. */
    public slot: number,
  ) {}
}

export class Db {
  dict = new Map<string, Entry>();
  volatile = new Set<string>();
  private slots = new SlotTable();
  private volatileCursor: Iterator<string> | undefined;
  /** Keys whose value has members with their own TTL (hash fields), for active expiry (member-expiry.ts). */
  memberExpiry = new MemberExpiryIndex();
  /** Average TTL estimate, for INFO keyspace. */
  avgTtl = 0;

  constructor(
    readonly engine: Engine,
    readonly id: number,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /**
   * The live entry for `key`, expiring it first if its time has passed. O(1).
   * An access updates the key's LRU clock / LFU counter unless `touch` is false (Redis's
   * LOOKUP_NOTOUCH: EXISTS, TYPE, TTL, OBJECT, and expiry-only checks).
   */
  lookup(key: string, touch = true): Entry | undefined {
    const e = this.dict.get(key);
    if (e === undefined) return undefined;
    if (e.expireAt !== 0 && e.expireAt < this.engine.now && this.engine.expireAllowed()) {
      this.expireKey(key);
      return undefined;
    }
    if (touch) e.lru = this.engine.lfuPolicy ? accessedLru(this.engine, e.lru) : this.engine.lruClockNow;
    return e;
  }

  /** The entry without expiring it (for KEYS/SCAN filters, DBSIZE-like views and persistence). */
  peek(key: string): Entry | undefined {
    return this.dict.get(key);
  }

  /** True when the entry is logically expired at the current command time. */
  isExpired(e: Entry): boolean {
    return e.expireAt !== 0 && e.expireAt < this.engine.now;
  }

  /** Creates `key` (which must not exist) with `value`. */
  add(key: string, value: Value): Entry {
    const e = new Entry(value, this.slots.add(key));
    e.lru = initialLru(this.engine);
    this.dict.set(key, e);
    if (typeof value !== "string") trackMemberExpiry(this, key, value);
    this.engine.keyAdded(this, key);
    return e;
  }

  /**
   * Sets `key` to `value`, creating it or overwriting any value of any type. The TTL is removed unless
   * `keepTtl`. Returns the entry.
   */
  set(key: string, value: Value, keepTtl = false): Entry {
    const e = this.lookup(key);
    if (e === undefined) return this.add(key, value);
    // An overwrite is a deletion for blocked XREADGROUP clients (dbSetValue's signalDeletedKeyAsReady).
    this.engine.blocking.keyDeleted(this.id, key);
    e.value = value;
    e.raw = false;
    e.noInt = false;
    if (typeof value !== "string") trackMemberExpiry(this, key, value);
    if (!keepTtl && e.expireAt !== 0) this.clearExpire(key, e);
    return e;
  }

  /** Deletes `key`; true when it existed. O(1). */
  delete(key: string): boolean {
    const e = this.dict.get(key);
    if (e === undefined) return false;
    this.remove(key, e);
    return true;
  }

  private remove(key: string, e: Entry): void {
    this.dict.delete(key);
    // Blocked XREADGROUP clients hear of a deleted key (dbGenericDelete's signalDeletedKeyAsReady).
    this.engine.blocking.keyDeleted(this.id, key);
    if (e.expireAt !== 0) this.volatile.delete(key);
    if (this.memberExpiry.size !== 0) this.memberExpiry.forget(key);
    this.slots.remove(e.slot);
  }

  /** Deletes an expired key and tells the engine (propagation, notification, stats). */
  expireKey(key: string): void {
    const e = this.dict.get(key);
    if (e === undefined) return;
    this.remove(key, e);
    this.engine.keyExpired(this, key);
  }

  setExpire(key: string, e: Entry, at: number): void {
    if (e.expireAt === 0) this.volatile.add(key);
    e.expireAt = at;
  }

  clearExpire(key: string, e: Entry): boolean {
    if (e.expireAt === 0) return false;
    e.expireAt = 0;
    this.volatile.delete(key);
    return true;
  }

  /** Removes every key. */
  clear(): void {
    this.dict.clear();
    this.volatile.clear();
    this.slots.clear();
    this.memberExpiry.clear();
    this.volatileCursor = undefined;
  }

  /** Exchanges all contents with `other` (SWAPDB). O(1). */
  swapWith(other: Db): void {
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.volatile, other.volatile] = [other.volatile, this.volatile];
    [this.slots, other.slots] = [other.slots, this.slots];
    [this.memberExpiry, other.memberExpiry] = [other.memberExpiry, this.memberExpiry];
    [this.avgTtl, other.avgTtl] = [other.avgTtl, this.avgTtl];
    this.volatileCursor = other.volatileCursor = undefined;
  }

  /**
   * One SCAN step: visits slots from `cursor` until `count` keys were seen (Redis 7.2 counts sampled
   * keys, not returned ones) or 10×count slots were visited (its bound on sparse tables), returns the
   * keys found (including logically expired ones: the caller filters) and the next cursor (0 when
   * done). O(count).
   */
  scanSlots(cursor: number, count: number, out: string[]): number {
    return this.slots.scan(cursor, count, out);
  }

  /** A uniformly random live key (expired ones skipped by the caller), or undefined when empty. */
  randomKey(rand: () => number): string | undefined {
    return this.slots.random(rand);
  }

  /**
   * Up to `n` keys with a TTL, continuing round-robin from where the last call stopped (the active
   * expiry cycle's sample). O(n).
   */
  sampleVolatile(n: number, out: string[]): void {
    if (this.volatile.size === 0) return;
    for (let i = 0; i < n && i < this.volatile.size; i++) {
      let it = this.volatileCursor;
      if (it === undefined) it = this.volatileCursor = this.volatile.values();
      let r = it.next();
      if (r.done) {
        it = this.volatileCursor = this.volatile.values();
        r = it.next();
        if (r.done) return;
      }
      out.push(r.value);
    }
  }
}

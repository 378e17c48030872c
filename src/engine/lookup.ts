/**
 * Typed key lookups shared by every command group: the WRONGTYPE check and the keyspace hit/miss
 * statistics live here, once.
 */
import { WRONGTYPE } from "./errors.js";
import type { Entry } from "./keyspace.js";
import { NOTIFY_KEY_MISS } from "./notify.js";
import type { Session } from "./session.js";
import type { ObjectValue } from "./value.js";

/** lookupRead flags (Redis's LOOKUP_*): leave the key's LRU/LFU data alone; no keymiss event. */
export const LOOKUP_NOTOUCH = 1;
export const LOOKUP_NONOTIFY = 2;

/** A read lookup: counts a keyspace hit or miss, and notifies `keymiss` on a miss (lookupKey). */
export function lookupRead(s: Session, key: string, flags = 0): Entry | undefined {
  const e = s.db.lookup(key, (flags & LOOKUP_NOTOUCH) === 0);
  if (e === undefined) {
    s.engine.stats.keyspaceMisses++;
    if ((flags & LOOKUP_NONOTIFY) === 0) s.engine.notify(NOTIFY_KEY_MISS, "keymiss", key, s.db.id);
  } else s.engine.stats.keyspaceHits++;
  return e;
}

/** The string at `key`, undefined when missing; WRONGTYPE for other types. */
export function readString(s: Session, key: string): string | undefined {
  const e = lookupRead(s, key);
  if (e === undefined) return undefined;
  const v = e.value;
  if (typeof v !== "string") throw WRONGTYPE;
  return v;
}

/** The entry at `key` for a write, undefined when missing; WRONGTYPE when it is not a string. */
export function writeStringEntry(s: Session, key: string): Entry | undefined {
  const e = s.db.lookup(key);
  if (e !== undefined && typeof e.value !== "string") throw WRONGTYPE;
  return e;
}

/** The object of type `type` at `key`, undefined when missing; WRONGTYPE otherwise. */
export function readObject<T extends ObjectValue>(
  s: Session,
  key: string,
  type: T["type"],
  forWrite = false,
): T | undefined {
  const e = forWrite ? s.db.lookup(key) : lookupRead(s, key);
  if (e === undefined) return undefined;
  const v = e.value;
  if (typeof v === "string" || v.type !== type) throw WRONGTYPE;
  return v as T;
}

/**
 * Typed lookups of set keys for the set commands: a read counts keyspace hits/misses (lookupKeyRead),
 * a write lookup does not (lookupKeyWrite); both expire the key lazily and answer WRONGTYPE for a key
 * of another type.
 */
import { readObject } from "../engine/lookup.js";
import type { Session } from "../engine/session.js";
import type { SetValue } from "../types/set/set-value.js";

/** The set at `key` for reading, undefined when missing. */
export function readSet(s: Session, key: string): SetValue | undefined {
  return readObject<SetValue>(s, key, "set");
}

/** The set at `key` for writing, undefined when missing. */
export function writeSet(s: Session, key: string): SetValue | undefined {
  return readObject<SetValue>(s, key, "set", true);
}

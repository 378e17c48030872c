/**
 * What the geo commands need of sorted sets, in one place: a typed read lookup, member scores, a walk
 * over a score interval [min, max) that can stop early, the ZADD that GEOADD turns into, and storing
 * a search's result as a new sorted set (encoded for its size, as zsetConvertToListpackIfNeeded does).
 */
import { encodingLimits } from "../engine/encoding-limits.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { type ZsetValue, zsetFromSorted, zsetScore } from "../types/zset/zset-value.js";
import { zsetRangeByScore } from "../types/zset/zset-ranges.js";
import { zaddGeneric } from "./zset.js";
import { readZset } from "./zset-lookup.js";

export interface GeoZset {
  score(member: string): number | undefined;
  /** Visits members with min ≤ score < max in order until `visit` returns false. */
  scanRange(min: number, max: number, visit: (member: string, score: number) => boolean): void;
}

class ZsetView implements GeoZset {
  constructor(private readonly z: ZsetValue) {}

  score(member: string): number | undefined {
    return zsetScore(this.z, member);
  }

  scanRange(min: number, max: number, visit: (member: string, score: number) => boolean): void {
    // The range walk stops when its callback returns false.
    zsetRangeByScore(this.z, { min, max, minex: false, maxex: true }, false, 0, -1, visit);
  }
}

/** The sorted set at `key` for reading (WRONGTYPE for other types), undefined when missing. */
export function readGeoZset(s: Session, key: string): GeoZset | undefined {
  const z = readZset(s, key);
  return z === undefined ? undefined : new ZsetView(z);
}

/**
 * GEOADD is ZADD with encoded scores (replaceClientCommandVector + zaddCommand): runs ZADD's handler
 * on `zargv` and logs that ZADD as the effect.
 */
export function runZadd(s: Session, zargv: string[]): Reply {
  const reply = zaddGeneric(s, zargv, 0);
  if (s.rewrittenArgv === undefined) s.rewrittenArgv = zargv;
  return reply;
}

/** setKey of a new sorted set holding `entries` ([score, member]; members distinct). */
export function storeGeoResult(s: Session, key: string, entries: [number, string][]): void {
  const seen = new Set<string>();
  const unique = entries.filter(([, m]) => !seen.has(m) && (seen.add(m), true));
  unique.sort((a, b) => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let maxLen = 0;
  for (const [, m] of unique) if (m.length > maxLen) maxLen = m.length;
  const z = zsetFromSorted(
    unique.map(([, m]) => m),
    unique.map(([sc]) => sc),
    maxLen,
    encodingLimits(s.engine),
  );
  s.db.set(key, z);
}

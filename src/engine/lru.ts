/**
 * Per-key access bookkeeping in Redis's own 24-bit `lru` field (evict.c, object.c), kept in Entry.lru:
 *
 *  - LRU policies (and no policy): the LRU clock, Unix seconds modulo 2^24, taken from the time the
 *    cron caches (`engine.cachedTime`, Redis's server.lruclock), so an access reads no clock.
 *  - LFU policies (`engine.lfuPolicy`): (minutes modulo 2^16) << 8 | a logarithmic 8-bit counter that
 *    decays by one per `lfu-decay-time` minutes, incremented with probability 1/((c-5)·factor+1).
 *
 * Switching policy at run time reinterprets the existing fields, as Redis does.
 * OBJECT IDLETIME/FREQ read it; eviction can rank keys with the same functions.
 */
import type { Engine } from "./engine.js";

export const LRU_CLOCK_MAX = (1 << 24) - 1;
/** A new key's LFU counter, so that it is not evicted before it had a chance to be accessed. */
export const LFU_INIT_VAL = 5;

/** Redis's LRU_CLOCK(): seconds, 24 bits. */
export function lruClock(engine: Engine): number {
  return engine.lruClockNow;
}

function lfuMinutes(engine: Engine): number {
  return Math.floor(engine.cachedTime / 60_000) & 65535;
}

/** The field of a newly created key (initObjectLRUOrLFU). */
export function initialLru(engine: Engine): number {
  return engine.lfuPolicy ? (lfuMinutes(engine) << 8) | LFU_INIT_VAL : lruClock(engine);
}

/** The field after an access (lookupKey without LOOKUP_NOTOUCH; updateLFU under LFU). */
export function accessedLru(engine: Engine, lru: number): number {
  if (!engine.lfuPolicy) return lruClock(engine);
  let counter = lfuDecrAndReturn(engine, lru);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    const p = 1 / (base * Number(engine.config.get("lfu-log-factor")) + 1);
    if (engine.rng.next() < p) counter++;
  }
  return (lfuMinutes(engine) << 8) | counter;
}

/** Milliseconds since the last access, at one-second resolution (estimateObjectIdleTime). */
export function estimateIdleMs(engine: Engine, lru: number): number {
  const now = lruClock(engine);
  // The wrap-around branch is Redis's, off-by-one included.
  return (now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru)) * 1000;
}

/** The LFU counter after decay for the time elapsed since the last access (LFUDecrAndReturn). */
export function lfuDecrAndReturn(engine: Engine, lru: number): number {
  const ldt = lru >>> 8;
  const counter = lru & 255;
  const decay = Number(engine.config.get("lfu-decay-time"));
  if (decay === 0) return counter;
  const now = lfuMinutes(engine);
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods = Math.floor(elapsed / decay);
  return periods > counter ? 0 : counter - periods;
}

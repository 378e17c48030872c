/**
 * The `save <seconds> <changes>` rules and the automatic AOF rewrite trigger, as serverCron checks
 * them (server.c). Pure functions of the state they are given; the persistence cron calls them.
 */

export interface SaveRule {
  seconds: number;
  changes: number;
}

/** The `save` config value ("3600 1 300 100", canonical pairs, "" for none) as rules. */
export function parseSaveRules(value: string): SaveRule[] {
  const parts = value.split(" ").filter((p) => p !== "");
  const rules: SaveRule[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) rules.push({ seconds: Number(parts[i]), changes: Number(parts[i + 1]) });
  return rules;
}

/** CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, rules wait this long before trying again. */
export const BGSAVE_RETRY_DELAY_MS = 5000;

export interface SaveState {
  dirty: number;
  /** Unix ms of the last successful save, of the last attempt, and whether that attempt worked. */
  lastSave: number;
  lastTry: number;
  lastOk: boolean;
}

/**
 * The first rule that asks for a BGSAVE now, or undefined: enough changes, strictly more than its
 * seconds since the last save, and not right after a failure (server.c serverCron).
 */
export function dueSaveRule(rules: readonly SaveRule[], s: SaveState, now: number): SaveRule | undefined {
  const sinceSave = Math.floor(now / 1000) - Math.floor(s.lastSave / 1000);
  const sinceTry = Math.floor(now / 1000) - Math.floor(s.lastTry / 1000);
  for (const r of rules) {
    if (s.dirty >= r.changes && sinceSave > r.seconds && (sinceTry > BGSAVE_RETRY_DELAY_MS / 1000 || s.lastOk)) return r;
  }
  return undefined;
}

/**
 * Whether the AOF has grown enough for an automatic rewrite: above auto-aof-rewrite-min-size and at
 * least auto-aof-rewrite-percentage larger than after the last rewrite (0 disables).
 */
export function aofRewriteDue(currentSize: number, baseSize: number, percentage: number, minSize: number): boolean {
  if (percentage <= 0 || currentSize <= minSize) return false;
  const base = baseSize > 0 ? baseSize : 1;
  const growth = Math.floor((currentSize * 100) / base) - 100;
  return growth >= percentage;
}

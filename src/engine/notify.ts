/**
 * Keyspace-notification classes (notify.c): the letters of `notify-keyspace-events` and their flag
 * bits. Handlers call `engine.notify(NOTIFY_STRING, "set", key, db)` after a change; the engine
 * publishes only the classes the configuration enables.
 */

export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m (not part of A)
export const NOTIFY_MODULE = 1 << 12; // d
export const NOTIFY_NEW = 1 << 13; // n (not part of A)
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED |
  NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

export const notifyFlags = { K: NOTIFY_KEYSPACE, E: NOTIFY_KEYEVENT } as const;

const LETTERS: [string, number][] = [
  ["g", NOTIFY_GENERIC],
  ["$", NOTIFY_STRING],
  ["l", NOTIFY_LIST],
  ["s", NOTIFY_SET],
  ["h", NOTIFY_HASH],
  ["z", NOTIFY_ZSET],
  ["x", NOTIFY_EXPIRED],
  ["e", NOTIFY_EVICTED],
  ["K", NOTIFY_KEYSPACE],
  ["E", NOTIFY_KEYEVENT],
  ["t", NOTIFY_STREAM],
  ["m", NOTIFY_KEY_MISS],
  ["d", NOTIFY_MODULE],
  ["n", NOTIFY_NEW],
];

/** keyspaceEventsStringToFlags: undefined for an unknown letter. */
export function parseNotifyFlags(s: string): number | undefined {
  let flags = 0;
  for (const c of s) {
    if (c === "A") {
      flags |= NOTIFY_ALL;
      continue;
    }
    const hit = LETTERS.find(([l]) => l === c);
    if (hit === undefined) return undefined;
    flags |= hit[1];
  }
  return flags;
}

/** keyspaceEventsFlagsToString: the canonical form CONFIG GET prints. */
export function formatNotifyFlags(flags: number): string {
  let s = "";
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    s += "A";
  } else {
    for (const [l, f] of LETTERS) {
      if (f === NOTIFY_KEYSPACE || f === NOTIFY_KEYEVENT || f === NOTIFY_KEY_MISS || f === NOTIFY_NEW) continue;
      if ((flags & f) !== 0) s += l;
    }
    // Redis prints "n" here, inside the not-"A" branch: with A set, n is not shown (notify.c 7.2).
    if ((flags & NOTIFY_NEW) !== 0) s += "n";
  }
  if ((flags & NOTIFY_KEYSPACE) !== 0) s += "K";
  if ((flags & NOTIFY_KEYEVENT) !== 0) s += "E";
  if ((flags & NOTIFY_KEY_MISS) !== 0) s += "m";
  return s;
}

/**
 * SPOP and SRANDMEMBER (t_set.c spopCommand / spopWithCountCommand / srandmemberWithCountCommand).
 *
 * Effects follow Redis 7.2's propagation (DESIGN.md convention 5): SPOP is logged as SREM of what was
 * popped — in batches of 1024 members for a count — and as DEL (UNLINK under lazyfree-lazy-server-del)
 * when a count takes the whole set. Counts are parsed before the key is looked up, with Redis's texts;
 * huge counts answer at once: a count at least the set's size returns the whole set, and a negative
 * SRANDMEMBER count whose reply could not be built is refused rather than allocated.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import {
  MUST_BE_POSITIVE,
  NOT_INTEGER,
  RANDOM_REPLY_TOO_LARGE,
  SYNTAX,
  valueMustBetween,
} from "../engine/errors.js";
import { INT64_MAX, INT64_MIN, parseInt64 } from "../engine/int64.js";
import { lookupRead } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_SET } from "../engine/notify.js";
import { type Reply, SetReply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { setUnion } from "../types/set/set-algebra.js";
import { setPopMany, setRandomDistinct, setRandomWithRepeats } from "../types/set/set-random.js";
import { readSet, writeSet } from "./set-lookup.js";

/** SPOP's effects: at most this many members per logged SREM (Redis's batch size). */
const SREM_BATCH = 1024;

/**
 * The largest SRANDMEMBER reply with repeats we build. Redis has no limit (it streams the reply while
 * memory lasts); 2^24 members is far beyond any sensible request yet still buildable in a browser.
 */
export const RANDOM_REPLY_MAX = 1 << 24;

/** SPOP key [count]. */
const spop: Handler = (s, argv) => {
  if (argv.length === 3) return spopWithCount(s, argv);
  if (argv.length > 3) throw SYNTAX;
  const key = argv[1]!;
  const set = writeSet(s, key);
  if (set === undefined) return null;
  const rng = s.engine.rng;
  const member = set.popRandom(() => rng.next());
  s.engine.notify(NOTIFY_SET, "spop", key, s.db.id);
  s.rewrittenArgv = ["SREM", key, member];
  if (set.size === 0) {
    s.db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, s.db.id);
  }
  s.engine.touch();
  return member;
};

/** SPOP key count: `count` is a non-negative long, checked before the key. */
function spopWithCount(s: Session, argv: readonly string[]): Reply {
  const parsed = parseInt64(argv[2]!);
  if (parsed === undefined || parsed < 0) throw MUST_BE_POSITIVE;
  const key = argv[1]!;
  const set = writeSet(s, key);
  if (set === undefined || parsed === 0) return new SetReply([]);
  const size = set.size;
  const db = s.db;
  s.engine.notify(NOTIFY_SET, "spop", key, db.id);
  if (parsed >= size) {
    // The whole set, in the order of the union Redis builds from it to reply (integers come first,
    // ascending, when they fit an intset); that union looks the key up again, as a read.
    lookupRead(s, key);
    const members = setUnion([set], encodingLimits(s.engine)).members();
    s.engine.touch(size);
    db.delete(key);
    s.engine.notify(NOTIFY_GENERIC, "del", key, db.id);
    s.rewrittenArgv = [s.engine.config.get("lazyfree-lazy-server-del") === "yes" ? "UNLINK" : "DEL", key];
    return new SetReply(members);
  }
  const count = Number(parsed);
  s.engine.touch(count);
  const rng = s.engine.rng;
  const popped = setPopMany(set, count, () => rng.next(), encodingLimits(s.engine));
  for (let i = 0; i < popped.length; i += SREM_BATCH) {
    s.engine.propagate(db.id, ["SREM", key, ...popped.slice(i, i + SREM_BATCH)]);
  }
  // Logged through the SREM batches above, not as itself.
  s.rewrittenArgv = [];
  return new SetReply(popped);
}

/** SRANDMEMBER key [count]. */
const srandmember: Handler = (s, argv) => {
  if (argv.length === 3) return srandmemberWithCount(s, argv);
  if (argv.length > 3) throw SYNTAX;
  const set = readSet(s, argv[1]!);
  if (set === undefined) return null;
  const rng = s.engine.rng;
  return set.random(() => rng.next());
};

/**
 * SRANDMEMBER key count: a count in [-LONG_MAX, LONG_MAX]; negative means |count| members with
 * repeats, positive up to count distinct members.
 */
function srandmemberWithCount(s: Session, argv: readonly string[]): Reply {
  const parsed = parseInt64(argv[2]!);
  if (parsed === undefined) throw NOT_INTEGER;
  if (parsed === INT64_MIN) throw valueMustBetween(-INT64_MAX, INT64_MAX);
  const set = readSet(s, argv[1]!);
  if (set === undefined || parsed === 0) return [];
  const rng = s.engine.rng;
  const rand = () => rng.next();
  if (parsed < 0 || parsed === 1) {
    const n = parsed < 0 ? -Number(parsed) : 1;
    if (n > RANDOM_REPLY_MAX) throw RANDOM_REPLY_TOO_LARGE;
    return setRandomWithRepeats(set, n, rand);
  }
  return setRandomDistinct(set, Number(parsed), rand);
}

export const SET_RANDOM_COMMANDS: CommandDef[] = [
  { name: "spop", handler: spop },
  { name: "srandmember", handler: srandmember },
];

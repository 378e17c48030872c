/**
 * ZRANDMEMBER key [count [WITHSCORES]] (t_zset.c zrandmemberCommand, zrandmemberWithCountCommand).
 *
 * The count is parsed before the key is looked up (a long within ±LONG_MAX), then the syntax of the
 * rest; with WITHSCORES a count beyond ±LONG_MAX/2 is "value is out of range". A negative count asks
 * for |count| members with repeats, in draw order; a positive one for distinct members (see
 * src/types/zset/zset-random.ts for the cases). Like SRANDMEMBER, a repeated-draw reply too large to
 * ever build is refused instead of allocated (Redis would stream it until memory runs out).
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { NOT_INTEGER, OUT_OF_RANGE, RANDOM_REPLY_TOO_LARGE, SYNTAX, valueMustBetween } from "../engine/errors.js";
import { INT64_MAX, INT64_MIN, parseInt64 } from "../engine/int64.js";
import type { Reply } from "../engine/reply.js";
import { cOption } from "../types/string/extended-args.js";
import { zsetRandomDistinct, zsetRandomMember, zsetRandomWithRepeats } from "../types/zset/zset-random.js";
import { RANDOM_REPLY_MAX } from "./set-random.js";
import { readZset, replyEmitter } from "./zset-lookup.js";

const HALF_LONG_MAX = INT64_MAX / 2n;

const zrandmember: Handler = (s, argv) => {
  if (argv.length >= 3) {
    const l = parseInt64(argv[2]!);
    if (l === undefined) throw NOT_INTEGER;
    if (l === INT64_MIN) throw valueMustBetween(-INT64_MAX, INT64_MAX);
    if (argv.length > 4 || (argv.length === 4 && cOption(argv[3]!) !== "WITHSCORES")) throw SYNTAX;
    const withScores = argv.length === 4;
    if (withScores && (l < -HALF_LONG_MAX || l > HALF_LONG_MAX)) throw OUT_OF_RANGE;
    const z = readZset(s, argv[1]!);
    if (z === undefined || l === 0) return [];
    const rng = s.engine.rng;
    const rand = () => rng.next();
    const out: Reply[] = [];
    const emit = replyEmitter(s, out, withScores);
    if (l < 0 || l === 1) {
      const n = l < 0 ? -Number(l) : 1;
      if (n > RANDOM_REPLY_MAX) throw RANDOM_REPLY_TOO_LARGE;
      zsetRandomWithRepeats(z, n, rand, emit);
    } else {
      zsetRandomDistinct(z, Number(l), rand, emit);
    }
    return out;
  }
  const z = readZset(s, argv[1]!);
  if (z === undefined) return null;
  const rng = s.engine.rng;
  return zsetRandomMember(z, () => rng.next())[0];
};

export const ZSET_RANDOM_COMMANDS: CommandDef[] = [{ name: "zrandmember", handler: zrandmember }];

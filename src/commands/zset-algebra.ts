/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD (t_zset.c zunionInterDiffGenericCommand).
 *
 * Order of checks, as Redis: numkeys (an integer, at least 1, no more than the arguments left), then
 * every input key is looked up as a read — sorted sets and plain sets are accepted, anything else is
 * WRONGTYPE at once — and only then the options: WEIGHTS (one per key, "weight value is not a float"),
 * AGGREGATE SUM|MIN|MAX (not for ZDIFF), WITHSCORES (not for the STORE forms), LIMIT (ZINTERCARD only).
 *
 * A STORE replaces the destination with the result, created in the encoding its size calls for
 * (zsetConvertToListpackIfNeeded), or deletes the destination when the result is empty.
 */
import type { CommandDef } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import { LIMIT_NEGATIVE, SYNTAX, WRONGTYPE, ZSET_WEIGHT_NOT_FLOAT, zsetNeedsInputKey } from "../engine/errors.js";
import { parseDouble } from "../engine/float.js";
import { INT64_MAX, intArg } from "../engine/int64.js";
import { lookupRead } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_ZSET } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import type { SetValue } from "../types/set/set-value.js";
import { cOption } from "../types/string/extended-args.js";
import {
  AGGREGATE_MAX,
  AGGREGATE_MIN,
  AGGREGATE_SUM,
  type Aggregate,
  type AlgebraResult,
  type AlgebraSource,
  zsetDiff,
  zsetInter,
  zsetInterCard,
  zsetUnion,
} from "../types/zset/zset-algebra.js";
import { type ZsetValue, zsetFromSorted } from "../types/zset/zset-value.js";
import { longInRange } from "./list-common.js";
import { replyEmitter } from "./zset-lookup.js";

const UNION = 0;
const INTER = 1;
const DIFF = 2;
const INTERCARD = 3;
type Op = typeof UNION | typeof INTER | typeof DIFF | typeof INTERCARD;

const AGGREGATES: Record<string, Aggregate> = { SUM: AGGREGATE_SUM, MIN: AGGREGATE_MIN, MAX: AGGREGATE_MAX };
const STORE_EVENTS = ["zunionstore", "zinterstore", "zdiffstore"];

/**
 * The whole command: `name` is Redis's declared name (for the numkeys error), `dst` the STORE
 * destination, `numkeysIdx` where numkeys is.
 */
function zsetAlgebra(s: Session, argv: readonly string[], name: string, op: Op, dst: string | undefined, numkeysIdx: number): Reply {
  const setnum = intArg(argv[numkeysIdx]!);
  if (setnum < 1) throw zsetNeedsInputKey(name);
  if (setnum > argv.length - (numkeysIdx + 1)) throw SYNTAX;

  const srcs: AlgebraSource[] = new Array<AlgebraSource>(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const e = lookupRead(s, argv[j]!);
    let value: ZsetValue | SetValue | undefined;
    if (e !== undefined) {
      const v = e.value;
      if (typeof v === "string" || (v.type !== "zset" && v.type !== "set")) throw WRONGTYPE;
      value = v as ZsetValue | SetValue;
    }
    srcs[i] = { value, weight: 1 };
  }

  let aggregate: Aggregate = AGGREGATE_SUM;
  let withScores = false;
  let limit = 0;
  const combining = op === UNION || op === INTER;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const opt = cOption(argv[j]!);
    if (combining && remaining >= setnum + 1 && opt === "WEIGHTS") {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(argv[j]!);
        if (w === undefined) throw ZSET_WEIGHT_NOT_FLOAT;
        srcs[i]!.weight = w;
      }
    } else if (combining && remaining >= 2 && opt === "AGGREGATE") {
      const a = AGGREGATES[cOption(argv[j + 1]!)];
      if (a === undefined) throw SYNTAX;
      aggregate = a;
      j += 2;
    } else if (remaining >= 1 && dst === undefined && op !== INTERCARD && opt === "WITHSCORES") {
      withScores = true;
      j++;
    } else if (op === INTERCARD && remaining >= 2 && opt === "LIMIT") {
      limit = longInRange(argv[j + 1]!, 0n, INT64_MAX, LIMIT_NEGATIVE);
      j += 2;
    } else {
      throw SYNTAX;
    }
  }

  if (op === INTERCARD) return zsetInterCard(srcs, limit);
  const result: AlgebraResult = op === UNION ? zsetUnion(srcs, aggregate) : op === INTER ? zsetInter(srcs, aggregate) : zsetDiff(srcs);

  if (dst !== undefined) {
    const db = s.db;
    const n = result.members.length;
    if (n > 0) {
      db.set(dst, zsetFromSorted(result.members, result.scores, result.maxLen, encodingLimits(s.engine)));
      s.engine.notify(NOTIFY_ZSET, STORE_EVENTS[op]!, dst, db.id);
      s.engine.touch();
      return n;
    }
    if (db.delete(dst)) {
      s.engine.notify(NOTIFY_GENERIC, "del", dst, db.id);
      s.engine.touch();
    }
    return 0;
  }
  const out: Reply[] = [];
  const emit = replyEmitter(s, out, withScores);
  for (let i = 0; i < result.members.length; i++) emit(result.members[i]!, result.scores[i]!);
  return out;
}

export const ZSET_ALGEBRA_COMMANDS: CommandDef[] = [
  { name: "zunion", handler: (s, argv) => zsetAlgebra(s, argv, "zunion", UNION, undefined, 1) },
  { name: "zinter", handler: (s, argv) => zsetAlgebra(s, argv, "zinter", INTER, undefined, 1) },
  { name: "zdiff", handler: (s, argv) => zsetAlgebra(s, argv, "zdiff", DIFF, undefined, 1) },
  { name: "zintercard", handler: (s, argv) => zsetAlgebra(s, argv, "zintercard", INTERCARD, undefined, 1) },
  { name: "zunionstore", handler: (s, argv) => zsetAlgebra(s, argv, "zunionstore", UNION, argv[1]!, 2) },
  { name: "zinterstore", handler: (s, argv) => zsetAlgebra(s, argv, "zinterstore", INTER, argv[1]!, 2) },
  { name: "zdiffstore", handler: (s, argv) => zsetAlgebra(s, argv, "zdiffstore", DIFF, argv[1]!, 2) },
];

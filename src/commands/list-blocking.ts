/**
 * The blocking list commands (t_list.c, Redis 7.2): BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH.
 *
 * Each answers at once when a list is there (and is then logged as its non-blocking form: LPOP key,
 * LPOP key count, LMOVE …, RPOPLPUSH …), or parks the session on its keys (DESIGN.md convention 8):
 * when one of them becomes a list, the engine runs the command again. A parked command times out with
 * a null array (RESP2 `*-1`) — BLMOVE/BRPOPLPUSH too — while inside MULTI or a script nothing blocks:
 * BLPOP/BRPOP/BLMPOP answer a null array and BLMOVE/BRPOPLPUSH a null bulk at once, as Redis does.
 *
 * Argument order matters for which error wins: BLPOP parses its timeout before looking at any key,
 * BLMPOP parses numkeys/LEFT|RIGHT/COUNT before the timeout, BLMOVE its directions before it.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { NullArray, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { timeoutSecondsArg } from "../engine/timeout.js";
import { type ListEnd, listPop } from "../types/list/list-value.js";
import {
  type MpopArgs,
  listElementsRemoved,
  listEndArg,
  listMove,
  mpopFirst,
  parseMpopArgs,
  popName,
  writeList,
} from "./list-common.js";

/** blockingPopGenericCommand for BLPOP/BRPOP: the first non-empty list among argv[1 … n−2]. */
function blockingPop(s: Session, argv: readonly string[], where: ListEnd): Reply {
  const timeoutAt = timeoutSecondsArg(s, argv[argv.length - 1]!);
  const last = argv.length - 1;
  for (let j = 1; j < last; j++) {
    const key = argv[j]!;
    const l = writeList(s, key);
    if (l === undefined) continue;
    const v = listPop(l, where)!;
    listElementsRemoved(s, key, l, where, 1);
    s.rewrittenArgv = [popName(where), key];
    return [key, v];
  }
  return s.engine.blocking.blockOn(s, argv.slice(1, last), timeoutAt, NullArray.instance, "list");
}

/** BLMPOP timeout numkeys key [key …] LEFT|RIGHT [COUNT count]. */
const blmpop: Handler = (s, argv) => {
  const a: MpopArgs = parseMpopArgs(argv, 2);
  const timeoutAt = timeoutSecondsArg(s, argv[1]!);
  const r = mpopFirst(s, argv, a);
  if (r !== undefined) return r;
  return s.engine.blocking.blockOn(s, argv.slice(a.keysFrom, a.keysTo), timeoutAt, NullArray.instance, "list");
};

/**
 * blmoveGenericCommand: moves at once when the source exists (WRONGTYPE for a non-list source or
 * destination), else blocks on the source alone. `logged` is the non-blocking form to propagate.
 */
function blockingMove(
  s: Session,
  argv: readonly string[],
  from: ListEnd,
  to: ListEnd,
  timeoutAt: number,
  logged: string[],
): Reply {
  const srcKey = argv[1]!;
  const src = writeList(s, srcKey);
  if (src === undefined) {
    if (s.denyBlocking) return null;
    return s.engine.blocking.blockOn(s, [srcKey], timeoutAt, NullArray.instance, "list");
  }
  const v = listMove(s, srcKey, src, argv[2]!, from, to);
  s.rewrittenArgv = logged;
  return v;
}

const blmove: Handler = (s, argv) => {
  const from = listEndArg(argv[3]!);
  const to = listEndArg(argv[4]!);
  const timeoutAt = timeoutSecondsArg(s, argv[5]!);
  return blockingMove(s, argv, from, to, timeoutAt, ["LMOVE", argv[1]!, argv[2]!, argv[3]!, argv[4]!]);
};

const brpoplpush: Handler = (s, argv) => {
  const timeoutAt = timeoutSecondsArg(s, argv[3]!);
  return blockingMove(s, argv, "tail", "head", timeoutAt, ["RPOPLPUSH", argv[1]!, argv[2]!]);
};

export const COMMANDS: CommandDef[] = [
  { name: "blpop", handler: (s, argv) => blockingPop(s, argv, "head") },
  { name: "brpop", handler: (s, argv) => blockingPop(s, argv, "tail") },
  { name: "blmpop", handler: blmpop },
  { name: "blmove", handler: blmove },
  { name: "brpoplpush", handler: brpoplpush },
];

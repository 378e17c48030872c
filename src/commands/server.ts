/**
 * The server group (db.c, server.c): DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, plus COMMAND
 * (server-command.ts), CONFIG (server-config.ts), INFO (server-info.ts) and DEBUG (server-debug.ts).
 *
 * Whole-database changes go through the engine (emptyDb, swapDbs) so WATCH, blocked clients and
 * tracking hear of them. FLUSHDB/FLUSHALL are always propagated, even when nothing was removed
 * (Redis's forceCommandPropagation), so a replica or AOF flushes too.
 */
import type { CommandDef } from "../engine/command-types.js";
import { DB_INDEX_OUT_OF_RANGE, SWAPDB_INVALID_FIRST, SWAPDB_INVALID_SECOND, SYNTAX, type RedisError } from "../engine/errors.js";
import { parseInt64 } from "../engine/int64.js";
import { OK, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { COMMAND_COMMANDS } from "./server-command.js";
import { CONFIG_COMMANDS } from "./server-config.js";
import { DEBUG_COMMANDS } from "./server-debug.js";
import { INFO_COMMANDS } from "./server-info.js";
import { SLOWLOG_COMMANDS } from "./server-slowlog.js";

/** getFlushCommandFlags: no option, SYNC or ASYNC. Both run synchronously in-process. */
function checkFlushArgs(argv: readonly string[]): void {
  if (argv.length === 1) return;
  const opt = argv[1]!.toLowerCase();
  if (argv.length === 2 && (opt === "sync" || opt === "async")) return;
  throw SYNTAX;
}

/**
 * Accounts a flush: removed keys dirty the dataset (and call() logs the command); a flush that removed
 * nothing is still logged (forceCommandPropagation), without counting as a change.
 */
function flushed(s: Session, argv: readonly string[], removed: number): Reply {
  if (removed > 0) s.engine.touch(removed);
  else s.engine.propagate(s.db.id, argv.slice());
  return OK;
}

/** getIntFromObjectOrReply with a message: the same text for "not an integer" and "not an int". */
function dbIndexArg(arg: string, err: RedisError): number {
  const n = parseInt64(arg);
  if (n === undefined || n < -2147483648 || n > 2147483647) throw err;
  return Number(n);
}

export const COMMANDS: CommandDef[] = [
  {
    name: "dbsize",
    // Like Redis, keys that expired but were not reclaimed yet still count.
    handler: (s) => s.db.size,
  },
  {
    name: "flushdb",
    handler: (s, argv) => {
      checkFlushArgs(argv);
      return flushed(s, argv, s.engine.emptyDb(s.db));
    },
  },
  {
    name: "flushall",
    handler: (s, argv) => {
      checkFlushArgs(argv);
      let removed = 0;
      for (const db of s.engine.allDbs()) removed += s.engine.emptyDb(db);
      // Redis 7.2 also saves an RDB here when save points are configured (flushAllDataAndResetRDB),
      // which resets the dirty counter; that belongs to the persistence layer.
      return flushed(s, argv, removed);
    },
  },
  {
    name: "swapdb",
    handler: (s, argv) => {
      const a = dbIndexArg(argv[1]!, SWAPDB_INVALID_FIRST);
      const b = dbIndexArg(argv[2]!, SWAPDB_INVALID_SECOND);
      const n = s.engine.databaseCount;
      if (a < 0 || a >= n || b < 0 || b >= n) throw DB_INDEX_OUT_OF_RANGE;
      if (a !== b) s.engine.swapDbs(s.engine.db(a), s.engine.db(b));
      s.engine.touch();
      return OK;
    },
  },
  {
    name: "time",
    handler: (s) => {
      // The command's time snapshot gives the seconds and milliseconds; the clock's microsecond
      // reading adds the digits below a millisecond.
      const ms = s.engine.now;
      const micros = s.engine.clock.micros?.() ?? 0;
      return [String(Math.floor(ms / 1000)), String((ms % 1000) * 1000 + (micros % 1000))];
    },
  },
  ...COMMAND_COMMANDS,
  ...CONFIG_COMMANDS,
  ...INFO_COMMANDS,
  ...DEBUG_COMMANDS,
  ...SLOWLOG_COMMANDS,
];

/**
 * The persistence commands (rdb.c, aof.c, server.c): SAVE, BGSAVE [SCHEDULE], LASTSAVE,
 * BGREWRITEAOF, SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], with Redis's replies and errors.
 *
 * Handlers stay synchronous (DESIGN.md convention 2): they start the work on the engine's
 * persistence layer (src/persistence/persistence.ts) and, where Redis answers only once the work is
 * done (SAVE, SHUTDOWN), hand the pending completion to the session gate, which holds the reply.
 * An engine created without storage gets a memory-backed persistence layer on first use.
 *
 * DEBUG RELOAD is registered here too: the dataset goes through an RDB image and back (encode,
 * decode, atomic replace), synchronously as in Redis; the image is also written as dump.rdb.
 *
 * "In EXEC" is the session's denyBlocking flag (set for EXEC and scripts): Redis schedules
 * BGSAVE/BGREWRITEAOF there instead of snapshotting half a transaction.
 */
import type { CommandDef } from "../engine/command-types.js";
import { errorText, RedisError, SYNTAX } from "../engine/errors.js";
import { OK, SimpleString, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { memoryStorage } from "../persistence/backends/memory.js";
import { persistenceFor, persistenceOf } from "../persistence/open.js";
import type { Persistence } from "../persistence/persistence.js";
import { isGated } from "../persistence/session-gate.js";
import { applyDataset, decodeRdb, encodeRdbToBytes, takeSnapshot } from "../persistence/rdb/index.js";
import { registerDebugSubcommand } from "./server-debug.js";

const BGSAVE_IN_PROGRESS = errorText("ERR Background save already in progress");
/** shared.err: a bare "-ERR" (what Redis answers when a save fails). */
const BARE_ERR = new RedisError("ERR");
const REWRITE_IN_PROGRESS = errorText("ERR Background append only file rewriting already in progress");

function layer(s: Session): Persistence {
  return persistenceFor(s.engine, memoryStorage);
}

/** Hands an asynchronous completion to the session gate (or lets it run when the session has none). */
function defer(s: Session, p: Persistence, work: Promise<Reply | undefined>): void {
  if (isGated(s)) p.pendingGate = work;
  else void work.catch(() => undefined);
}

function save(s: Session): Reply {
  const p = layer(s);
  if (p.child === "rdb") throw BGSAVE_IN_PROGRESS;
  let work: Promise<Reply | undefined>;
  try {
    work = p.saveSync().then(
      () => undefined,
      () => BARE_ERR,
    );
  } catch {
    return BARE_ERR;
  }
  defer(s, p, work);
  return OK;
}

function bgsave(s: Session, argv: readonly string[]): Reply {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && argv[1]!.toLowerCase() === "schedule") schedule = true;
    else throw SYNTAX;
  }
  const p = layer(s);
  if (p.child === "rdb") throw BGSAVE_IN_PROGRESS;
  if (p.child !== undefined || s.denyBlocking) {
    if (schedule || s.denyBlocking) {
      p.scheduleBgsave();
      return new SimpleString("Background saving scheduled");
    }
    throw errorText(
      "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
    );
  }
  if (!p.startBgsave()) throw BARE_ERR;
  return new SimpleString("Background saving started");
}

function bgrewriteaof(s: Session): Reply {
  const p = layer(s);
  if (p.child === "aof") throw REWRITE_IN_PROGRESS;
  if (p.child !== undefined || s.denyBlocking) {
    p.rewriteScheduled = true;
    return new SimpleString("Background append only file rewriting scheduled");
  }
  if (!p.startRewrite()) {
    throw errorText("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
  }
  return new SimpleString("Background append only file rewriting started");
}

function shutdown(s: Session, argv: readonly string[]): Reply {
  let nosave = false;
  let saveFlag = false;
  let force = false;
  let abort = false;
  let flags = 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === "nosave") nosave = true;
    else if (a === "save") saveFlag = true;
    else if (a === "now") flags++;
    else if (a === "force") force = true;
    else if (a === "abort") abort = true;
    else throw SYNTAX;
    if (a !== "abort") flags++;
  }
  if ((abort && flags > 0) || (nosave && saveFlag)) throw SYNTAX;
  // No shutdown ever waits for replicas here, so there is never one to abort.
  if (abort) throw errorText("ERR No shutdown in progress.");
  const engine = s.engine;
  const p = layer(s);
  const work = p.shutdown({ save: saveFlag, nosave, force }).then(
    () => {
      // The engine closes once this reply has been handed back (in-process: the caller gets OK;
      // over a socket the connection closes, as after Redis's SHUTDOWN).
      queueMicrotask(() => engine.close());
      return undefined;
    },
    () => errorText("ERR Errors trying to SHUTDOWN. Check logs."),
  );
  defer(s, p, work);
  return OK;
}

/** DEBUG RELOAD: save (the RDB image of this instant) and load it back. */
function debugReload(s: Session, argv: readonly string[]): Reply {
  for (const opt of argv.slice(2)) {
    const o = opt.toLowerCase();
    if (o === "merge" || o === "noflush" || o === "nosave") {
      throw errorText(`ERR DEBUG RELOAD ${opt.toUpperCase()} is not supported here`);
    }
    throw errorText("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
  }
  const engine = s.engine;
  const p = layer(s);
  const compression = engine.config.get("rdbcompression") === "yes";
  const checksum = engine.config.get("rdbchecksum") === "yes";
  const bytes = encodeRdbToBytes(takeSnapshot(engine), { compression, checksum });
  applyDataset(engine, decodeRdb(bytes));
  engine.dirty = 0;
  defer(
    s,
    p,
    p.storage.write(engine.config.get("dbfilename"), bytes).then(
      () => undefined,
      () => BARE_ERR,
    ),
  );
  return OK;
}

registerDebugSubcommand("reload", -2, debugReload);

export const COMMANDS: CommandDef[] = [
  { name: "save", handler: (s) => save(s) },
  { name: "bgsave", handler: (s, argv) => bgsave(s, argv) },
  // An engine that never persisted reports its start, as a fresh redis-server does.
  { name: "lastsave", handler: (s) => Math.floor((persistenceOf(s.engine)?.lastSave ?? s.engine.startTime) / 1000) },
  { name: "bgrewriteaof", handler: (s) => bgrewriteaof(s) },
  { name: "shutdown", handler: (s, argv) => shutdown(s, argv) },
];

/**
 * The session gate: how persistence reaches the replies without the engine knowing about it.
 *
 * Every session the engine creates after `installSessionGate` has its `exec` wrapped. The wrapper
 * costs one boolean test per command unless the persistence layer is `guarded`, and then:
 *  - MISCONF: while the last BGSAVE failed (stop-writes-on-bgsave-error) or AOF writes fail, write
 *    commands are refused with Redis's MISCONF text (writeCommandsDeniedByDiskError); inside MULTI
 *    the transaction is flagged, as a refused queued command does in Redis.
 *  - The durability barrier (appendfsync always): when a command's execution unit appended to the
 *    AOF, its reply is handed back as a PendingReply that resolves once the AOF writer reports the
 *    batch durable. Transports already wait for a PendingReply (it is how blocking commands answer
 *    later) and keep replies in order, so nothing in them changes; a client never sees "OK" for a
 *    write that a crash could lose. Several connections writing at once share one flush (group
 *    commit, aof/writer.ts); one connection's pipeline waits for each write in turn, since a
 *    transport executes nothing behind a pending reply.
 *  - Deferred replies: SAVE and SHUTDOWN finish asynchronously (the storage is); their handler sets
 *    `pendingGate`, and the reply waits for it (and is replaced by its error, if any).
 *
 * `engine.close()` is wrapped too, so closing an engine also stops its persistence (AOF flushed,
 * timers stopped; no RDB save: that is SHUTDOWN's job).
 */
import type { Engine } from "../engine/engine.js";
import { F_WRITE } from "../engine/command-types.js";
import { errorText, RedisError } from "../engine/errors.js";
import { PendingReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import type { Persistence } from "./persistence.js";

const gated = new WeakSet<Session>();

/** Whether `s` runs through the gate (sessions created before persistence was attached do not). */
export function isGated(s: Session): boolean {
  return gated.has(s);
}

const NEVER_CANCEL = (): void => undefined;

function takeGate(p: Persistence, r: Reply | PendingReply): Reply | PendingReply {
  const gate = p.pendingGate;
  if (gate === undefined) return r;
  p.pendingGate = undefined;
  const base = r instanceof PendingReply ? r.promise : Promise.resolve(r);
  return new PendingReply(
    Promise.all([base, gate]).then(
      ([reply, override]) => override ?? reply,
      (e: unknown) => errorText(e instanceof RedisError ? e.message : `ERR ${e instanceof Error ? e.message : String(e)}`),
    ),
    r instanceof PendingReply ? r.cancel : NEVER_CANCEL,
  );
}

function durable(p: Persistence, reply: Reply): Promise<Reply> {
  return p.whenDurable().then(
    () => reply,
    (e: unknown) => errorText(`MISCONF Errors writing to the AOF file: ${e instanceof Error ? e.message : String(e)}`),
  );
}

function guardedExec(p: Persistence, s: Session, exec: (argv: readonly string[]) => Reply | PendingReply, argv: readonly string[]): Reply | PendingReply {
  const denied = p.writeDenied();
  if (denied !== undefined) {
    const cmd = s.engine.lookupCommand(argv[0] ?? "");
    if (cmd !== undefined && (cmd.bits & F_WRITE) !== 0) {
      if (s.multi !== undefined) s.multi.aborted = true;
      const e = errorText(denied);
      s.engine.countErrorReply(e);
      return e;
    }
  }
  const w = p.aofState !== "off" && p.engine.config.get("appendfsync") === "always" ? p.writer : undefined;
  const before = w?.appendedSeq ?? 0;
  let r = exec(argv);
  if (p.pendingGate !== undefined) r = takeGate(p, r);
  if (w === undefined) return r;
  if (r instanceof PendingReply) {
    // A parked command writes when it is served later: wait for durability after that.
    return new PendingReply(
      r.promise.then((v) => durable(p, v)),
      r.cancel,
    );
  }
  if (w.appendedSeq === before) return r;
  return new PendingReply(durable(p, r), NEVER_CANCEL);
}

/** Wraps the engine's session creation and close for `p` (see the header). */
export function installSessionGate(engine: Engine, p: Persistence): void {
  const create = engine.createSession.bind(engine);
  engine.createSession = (): Session => {
    const s = create();
    const exec = s.exec.bind(s);
    gated.add(s);
    s.exec = (argv) => {
      if (!p.guarded) {
        const r = exec(argv);
        return p.pendingGate === undefined ? r : takeGate(p, r);
      }
      return guardedExec(p, s, exec, argv);
    };
    return s;
  };
  const close = engine.close.bind(engine);
  engine.close = (): void => {
    close();
    void p.close().catch(() => undefined);
  };
}

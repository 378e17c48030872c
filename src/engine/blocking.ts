/**
 * Blocking commands, done as Redis does them (blocked.c; DESIGN.md convention 8).
 *
 * A blocking handler that cannot answer yet calls `blockOn(s, keys, timeoutAt, timeoutReply)` and
 * returns what it gives back. Outside MULTI and scripts that parks the session: dispatch hands the
 * transport a PendingReply, and the session waits on its keys without blocking anyone else. Inside
 * MULTI or a script nothing blocks: the command answers as if it had timed out at once.
 *
 * When a key with waiters is created (Db.add) or signalled (XADD into an existing stream), it is
 * marked ready; once the current execution unit ends, the waiters of each ready key are served in
 * FIFO order by running their command again, as a unit of its own. A command that still cannot answer
 * stays parked in its place; one that answers is unparked from all its keys. Serving repeats while
 * new keys became ready (BLMOVE can feed the next waiter).
 *
 * Timeouts follow the engine clock: a real timer for the system clock, the clock's advance for a
 * ManualClock. A session that disconnects or is unblocked with CLIENT UNBLOCK is removed from every
 * queue first, so nothing is popped for a client that is gone.
 */
import type { Command } from "./command-types.js";
import type { Engine } from "./engine.js";
import { RedisError } from "./errors.js";
import { NoReply, PendingReply, type Reply } from "./reply.js";
import type { Session } from "./session.js";
import { type TypeName, typeOf } from "./value.js";

/** What a handler returns to say "park me". Never reaches a transport. */
export const BLOCKED: Reply = NoReply.instance;

/**
 * Optional extras of a block request (XREAD/XREADGROUP):
 *  - `argv`: the command to run again when woken, instead of the request as sent. XREAD BLOCK
 *    resolves `$` to the stream's last ID when it blocks (Redis rewrites the client's argv), so a
 *    re-run does not wait for entries after whatever arrives next.
 *  - `unblockOnNoKey`: wake also when a key is deleted, overwritten or flushed (XREADGROUP answers
 *    the NOGROUP/WRONGTYPE error then, as Redis 7.2 does).
 */
export interface BlockOptions {
  argv?: readonly string[];
  unblockOnNoKey?: boolean;
}

interface Waiter {
  session: Session;
  cmd: Command;
  argv: readonly string[];
  /** `db\0key` ids. */
  keys: string[];
  /** Absolute Unix ms, 0 for none. */
  timeoutAt: number;
  timeoutReply: Reply;
  /** Served only when a ready key holds this type (blocked.c's btype check); undefined: any change. */
  type: TypeName | undefined;
  /** Also served when a key is deleted, overwritten or flushed (XREADGROUP; see BlockOptions). */
  unblockOnNoKey: boolean;
  resolve: (r: Reply) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const UNBLOCKED_ERROR = new RedisError("UNBLOCKED client unblocked via CLIENT UNBLOCK");

function keyId(db: number, key: string): string {
  return `${db}\0${key}`;
}

export class Blocking {
  /** Waiters by key id, FIFO. */
  private readonly byKey = new Map<string, Waiter[]>();
  private readonly bySession = new Map<Session, Waiter>();
  private ready = new Set<string>();
  /** The request a handler made during the current call. */
  private request:
    | { keys: string[]; timeoutAt: number; timeoutReply: Reply; type: TypeName | undefined; opts: BlockOptions | undefined }
    | undefined;
  private serving = false;
  /**
   * True while a block request or a ready key may need handling: dispatch's hot path reads this one
   * field instead of asking twice.
   */
  attention = false;

  constructor(private readonly engine: Engine) {}

  /** Number of parked sessions (INFO blocked_clients). */
  get blockedClients(): number {
    return this.bySession.size;
  }

  /** Number of keys with waiters (INFO total_blocking_keys). */
  get blockingKeys(): number {
    return this.byKey.size;
  }

  isBlocked(s: Session): boolean {
    return this.bySession.has(s);
  }

  /**
   * Called by a blocking handler that cannot answer now. Returns the reply the handler must return:
   * BLOCKED normally, or `timeoutReply` where blocking is not allowed (MULTI, scripts). With `type`,
   * the session is woken only when a ready key holds a value of that type (a list waiter sleeps on
   * through a SET of its key, as in Redis). `opts` (BlockOptions): the request to run again instead
   * of `argv`, and whether a deleted key wakes the session too.
   */
  blockOn(s: Session, keys: readonly string[], timeoutAt: number, timeoutReply: Reply, type?: TypeName, opts?: BlockOptions): Reply {
    if (s.denyBlocking) return timeoutReply;
    this.request = { keys: keys.map((k) => keyId(s.db.id, k)), timeoutAt, timeoutReply, type, opts };
    this.attention = true;
    return BLOCKED;
  }

  /** After call(): turns a block request into a parked session and its PendingReply. */
  park(s: Session, cmd: Command, argv: readonly string[]): PendingReply {
    const req = this.request!;
    this.request = undefined;
    let resolve!: (r: Reply) => void;
    const promise = new Promise<Reply>((r) => (resolve = r));
    const w: Waiter = {
      session: s,
      cmd,
      argv: req.opts?.argv ?? argv,
      keys: req.keys,
      timeoutAt: req.timeoutAt,
      timeoutReply: req.timeoutReply,
      type: req.type,
      unblockOnNoKey: req.opts?.unblockOnNoKey === true,
      resolve,
      timer: undefined,
    };
    for (const k of w.keys) {
      const q = this.byKey.get(k);
      if (q === undefined) this.byKey.set(k, [w]);
      else if (!q.includes(w)) q.push(w);
    }
    this.bySession.set(s, w);
    this.watchDbChanges();
    s.blocked = true;
    if (w.timeoutAt !== 0 && this.engine.usesRealTimers()) {
      const delay = Math.max(0, w.timeoutAt - this.engine.clock.now());
      w.timer = setTimeout(() => this.checkTimeouts(), delay + 1);
    }
    return new PendingReply(promise, () => this.unpark(w));
  }

  /** True when the last handler asked to block (and `park` must follow). */
  takeRequest(): boolean {
    if (this.request === undefined && this.ready.size === 0) this.attention = false;
    return this.request !== undefined;
  }

  /** Drops a request that was not parked (the command was re-run while already parked). */
  clearRequest(): void {
    this.request = undefined;
  }

  /** A key was created or signalled: its waiters get a chance after the current unit. */
  signal(db: number, key: string): void {
    if (this.byKey.size === 0) return;
    const id = keyId(db, key);
    if (this.byKey.has(id)) {
      this.ready.add(id);
      this.attention = true;
    }
  }

  get hasReady(): boolean {
    return this.ready.size > 0;
  }

  /** Serves waiters on ready keys (handleClientsBlockedOnKeys). Runs their commands again. */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.size > 0) {
        const batch = this.ready;
        this.ready = new Set();
        for (const id of batch) {
          const q = this.byKey.get(id);
          if (q === undefined) continue;
          // Serve in FIFO order; stop early if the key's waiters are all served.
          for (const w of [...q]) {
            if (!this.bySession.has(w.session)) continue;
            if (w.type !== undefined && !w.unblockOnNoKey && !this.keyHolds(id, w.type)) continue;
            const reply = this.engine.rerun(w.session, w.cmd, w.argv);
            if (this.request !== undefined) {
              // Still cannot answer: stays parked in its place.
              this.request = undefined;
              continue;
            }
            this.unpark(w);
            w.resolve(reply);
          }
        }
      }
    } finally {
      this.serving = false;
    }
  }

  /** Answers every waiter whose time is up with its timeout reply. */
  checkTimeouts(): void {
    if (this.bySession.size === 0) return;
    const now = this.engine.clock.now();
    for (const w of [...this.bySession.values()]) {
      // Strictly after the deadline, as timeout.c checkBlockedClientTimeout (timeout < now).
      if (w.timeoutAt !== 0 && now > w.timeoutAt) {
        this.unpark(w);
        w.resolve(w.timeoutReply);
      }
    }
  }

  /** CLIENT UNBLOCK: answers the session's wait with its timeout reply or the UNBLOCKED error. */
  unblock(s: Session, withError: boolean): boolean {
    const w = this.bySession.get(s);
    if (w === undefined) return false;
    this.unpark(w);
    w.resolve(withError ? UNBLOCKED_ERROR : w.timeoutReply);
    return true;
  }

  /** A session went away: remove it from every queue without answering. */
  forget(s: Session): void {
    const w = this.bySession.get(s);
    if (w !== undefined) this.unpark(w);
  }

  // ---- Waiters that must hear of a key's deletion (Redis 7.2 blockForKeys' unblock_on_nokey, used by
  // XREADGROUP: a deleted key or a key of another type means the group is gone, and the re-run
  // command answers the error). The keyspace calls keyDeleted when it removes or overwrites a key;
  // FLUSHDB/FLUSHALL reach us through the engine's dbChangeListeners (signalFlushedDb), and SWAPDB
  // too, where every waiter of either database gets a chance (scanDatabaseForReadyKeys /
  // scanDatabaseForDeletedKeys): the type check and the re-run decide who is served.

  private dbChangesHooked = false;

  /** A key was deleted or overwritten: waiters that asked for it get a chance (signalDeletedKeyAsReady). */
  keyDeleted(db: number, key: string): void {
    if (this.byKey.size === 0) return;
    const id = keyId(db, key);
    const q = this.byKey.get(id);
    if (q !== undefined && q.some((w) => w.unblockOnNoKey)) {
      this.ready.add(id);
      this.attention = true;
    }
  }

  private watchDbChanges(): void {
    if (this.dbChangesHooked) return;
    this.dbChangesHooked = true;
    this.engine.dbChangeListeners.push((a, b) => {
      for (const [id, q] of this.byKey) {
        const db = Number(id.slice(0, id.indexOf("\0")));
        if (db !== a.id && db !== b?.id) continue;
        if (b !== undefined || q.some((w) => w.unblockOnNoKey)) {
          this.ready.add(id);
          this.attention = true;
        }
      }
    });
  }

  /** True when the key of `id` exists (not logically expired) and holds a value of `type`. */
  private keyHolds(id: string, type: TypeName): boolean {
    const sep = id.indexOf("\0");
    const db = this.engine.db(Number(id.slice(0, sep)));
    const e = db.peek(id.slice(sep + 1));
    return e !== undefined && !db.isExpired(e) && typeOf(e.value) === type;
  }

  private unpark(w: Waiter): void {
    if (this.bySession.get(w.session) !== w) return;
    this.bySession.delete(w.session);
    w.session.blocked = false;
    if (w.timer !== undefined) clearTimeout(w.timer);
    for (const k of w.keys) {
      const q = this.byKey.get(k);
      if (q === undefined) continue;
      const i = q.indexOf(w);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) this.byKey.delete(k);
    }
  }
}

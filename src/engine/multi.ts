/**
 * MULTI/EXEC and WATCH (multi.c). A session in MULTI queues every command except EXEC, DISCARD,
 * MULTI, WATCH, QUIT and RESET; a command rejected while queueing (unknown, wrong arity, not allowed
 * in a transaction) flags the transaction so EXEC answers EXECABORT. EXEC runs the queue as one
 * execution unit: time frozen at its start, no blocking, its effects one atomic batch.
 *
 * WATCH: each watched key remembers its sessions. A write command that dirtied the dataset marks the
 * sessions watching any key it writes (found through the command's key specs: specs flagged RO are
 * reads) as CAS-dirty, and so do FLUSHDB/FLUSHALL/SWAPDB for whole databases and the deletion of an
 * expired key. A watched key that was alive at WATCH time and is logically expired at EXEC aborts too
 * (isWatchedKeyExpired). Nothing here costs anything while nobody watches.
 */
import type { Command } from "./command-types.js";
import type { Engine } from "./engine.js";
import type { Db } from "./keyspace.js";
import { getCommandKeys } from "./key-specs.js";
import type { Session } from "./session.js";

export interface MultiState {
  queue: { cmd: Command; argv: readonly string[] }[];
  /** A command was rejected while queueing: EXEC answers EXECABORT. */
  aborted: boolean;
}

interface WatchedKey {
  db: Db;
  key: string;
  /** The key was logically expired when WATCH ran. */
  expiredAtWatch: boolean;
}

function keyId(db: number, key: string): string {
  return `${db}\0${key}`;
}

export class Transactions {
  /** Watched key id → sessions watching it. */
  private readonly watchers = new Map<string, Set<Session>>();
  private readonly bySession = new Map<Session, Map<string, WatchedKey>>();
  private readonly casDirty = new Set<Session>();

  constructor(engine: Engine) {
    engine.dbChangeListeners.push((db, other) => {
      this.touchDb(db, other);
      if (other !== undefined) this.touchDb(other, db);
    });
    engine.sessionResetHooks.push((s) => {
      s.multi = undefined;
      s.multiCount = -1;
      this.unwatch(s);
    });
  }

  get watching(): boolean {
    return this.watchers.size > 0;
  }

  watch(s: Session, db: Db, key: string): void {
    const id = keyId(db.id, key);
    let mine = this.bySession.get(s);
    if (mine === undefined) this.bySession.set(s, (mine = new Map()));
    if (mine.has(id)) return;
    const e = db.peek(key);
    mine.set(id, { db, key, expiredAtWatch: e !== undefined && db.isExpired(e) });
    let set = this.watchers.get(id);
    if (set === undefined) this.watchers.set(id, (set = new Set()));
    set.add(s);
  }

  unwatch(s: Session): void {
    const mine = this.bySession.get(s);
    this.casDirty.delete(s);
    if (mine === undefined) return;
    for (const id of mine.keys()) {
      const set = this.watchers.get(id);
      set?.delete(s);
      if (set?.size === 0) this.watchers.delete(id);
    }
    this.bySession.delete(s);
  }

  /** True when EXEC must fail because a watched key changed (or expired since WATCH). */
  isCasDirty(s: Session): boolean {
    if (this.casDirty.has(s)) return true;
    const mine = this.bySession.get(s);
    if (mine === undefined) return false;
    for (const w of mine.values()) {
      if (w.expiredAtWatch) continue;
      const e = w.db.peek(w.key);
      if (e !== undefined && w.db.isExpired(e)) return true;
    }
    return false;
  }

  /** signalModifiedKey / touchWatchedKey. */
  touchKey(db: number, key: string): void {
    const set = this.watchers.get(keyId(db, key));
    if (set === undefined) return;
    for (const s of set) this.casDirty.add(s);
  }

  /** After a write command dirtied the dataset: marks the watchers of the keys it writes. */
  touchCommandKeys(s: Session, cmd: Command, argv: readonly string[]): void {
    for (const ref of getCommandKeys(cmd, argv)) {
      if (ref.flags.includes("RO")) continue;
      const key = argv[ref.pos];
      if (key !== undefined) this.touchKey(s.db.id, key);
    }
  }

  /**
   * touchAllWatchedKeysInDb, called before `emptied` is flushed or swapped with `replacedWith`: a
   * watched key of `emptied` counts as modified when it exists there or in its replacement.
   */
  private touchDb(emptied: Db, replacedWith: Db | undefined): void {
    for (const [s, mine] of this.bySession) {
      for (const w of mine.values()) {
        if (w.db !== emptied) continue;
        if (emptied.peek(w.key) !== undefined || replacedWith?.peek(w.key) !== undefined) {
          this.casDirty.add(s);
          break;
        }
      }
    }
  }

  /** A session went away. */
  forget(s: Session): void {
    this.unwatch(s);
  }
}

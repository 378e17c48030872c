/**
 * The engine: databases, sessions, the command table and dispatch, `call()` with its effects log,
 * and the time-driven work (active expiry). Everything a command does is synchronous inside call();
 * the only asynchronous edges are transports, persistence backends and timers (DESIGN.md §1).
 *
 * Dispatch follows Redis's processCommand order: lookup → subcommand → arity → call. call() takes the
 * command's time snapshot (keys cannot expire half-way through a command), runs the handler, and, when
 * the handler dirtied the dataset, appends its effect (the request, or the rewrite the handler asked
 * for) to the current execution unit's batch, which is handed to effect listeners (AOF) when the unit
 * ends.
 */
import { type Clock, type Rng, systemClock, mathRng, ManualClock } from "./clock.js";
import {
  type Command,
  type CommandDef,
  F_MULTI_EXEMPT,
  F_NO_AUTH,
  F_NO_MULTI,
  F_WRITE,
  flagBits,
} from "./command-types.js";
import { Blocking } from "./blocking.js";
import { type MultiState, Transactions } from "./multi.js";
import { ConfigStore } from "./config.js";
import {
  COMMAND_NOT_ALLOWED_IN_MULTI,
  NOAUTH,
  RedisError,
  unknownCommand,
  unknownSubcommand,
  wrongArity,
  errorText,
} from "./errors.js";
import { Db } from "./keyspace.js";
import { type PendingReply, QUEUED, type Reply } from "./reply.js";
import { Session } from "./session.js";
import { COMMAND_META } from "../commands/meta.generated.js";
import { ALL_COMMANDS } from "../commands/index.js";
import { registerCoreConfig } from "./config-params.js";
import { notifyFlags, NOTIFY_EXPIRED, NOTIFY_NEW } from "./notify.js";
import { activeExpireMembers } from "./member-expiry.js";
import { PubSub } from "./pubsub.js";
import { SlowLog } from "./slowlog.js";

export interface EngineOptions {
  /** Time source; a ManualClock lets tests move time by hand. */
  clock?: Clock;
  /** Randomness (RANDOMKEY, SPOP, eviction sampling); a SeededRng makes runs reproducible. */
  rng?: Rng;
  /** Redis configuration directives by their own names, e.g. `{ hz: "10", maxmemory: "100mb" }`. */
  config?: Record<string, string | number>;
}

/** One effect: a command to log for replay, in the database it applies to. */
export interface Effect {
  db: number;
  argv: string[];
}

export type EffectListener = (batch: readonly Effect[]) => void;

export class Engine {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly config = new ConfigStore();
  /** Sessions parked by blocking commands, and the waking of them. */
  readonly blocking: Blocking = new Blocking(this);
  /** The command table by name; lower- and upper-case spellings both map, so dispatch rarely lowercases. */
  readonly commands = new Map<string, Command>();
  private nowMs: number;
  /** False at the start of each execution unit: the clock is read at most once per unit, on demand. */
  private nowFresh = true;
  /** Changes since the last save (Redis's server.dirty). */
  dirty = 0;
  readonly startTime: number;
  readonly stats = {
    totalCommands: 0,
    totalConnections: 0,
    expiredKeys: 0,
    expiredStalePerc: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    rejectedCalls: 0,
    /** Error replies sent to clients (INFO total_error_replies), and per error code (INFO errorstats). */
    totalErrorReplies: 0,
    errorCodes: new Map<string, number>(),
  };
  /**
   * Told when a whole database changes at once: before FLUSHDB/FLUSHALL empty one (`other` undefined)
   * and after SWAPDB exchanged two. WATCH, blocked clients and tracking register here.
   */
  readonly dbChangeListeners: Array<(db: Db, other: Db | undefined) => void> = [];
  /** Run by RESET (and by anything resetting a connection): pub/sub, MULTI/WATCH, tracking undo their per-session state. */
  readonly sessionResetHooks: Array<(s: Session) => void> = [];
  /** MULTI/EXEC state and WATCH bookkeeping (needs the two hook lists above). */
  readonly transactions: Transactions = new Transactions(this);
  /** The notify-keyspace-events flags, cached from the config. */
  notifyMask = 0;
  /** maxmemory-policy is an LFU one (cached from the config): Entry.lru then holds LFU data (lru.ts). */
  lfuPolicy = false;
  /** DEBUG SET-ACTIVE-EXPIRE: tests switch the active cycle off to observe lazy expiry alone. */
  activeExpireEnabled = true;
  /** Publishes a message to a channel (pub/sub installs it); returns receivers. */
  publish: (channel: string, message: string) => number = () => 0;
  /** Pub/sub subscriptions and delivery (pubsub.ts); declared after `publish`, which it installs. */
  readonly pubsub: PubSub = new PubSub(this);
  /** SLOWLOG and commandstats time (slowlog.ts). */
  readonly slowlog = new SlowLog();

  private readonly dbs: Db[] = [];
  private readonly sessions = new Map<number, Session>();
  private nextSessionId = 1;
  private loading = false;
  private effectListeners: EffectListener[] = [];
  private batch: Effect[] = [];
  /** Nesting of execution units (a command inside EXEC or a script does not end the unit). */
  private unitDepth = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribeClock: (() => void) | undefined;
  /**
   * Time cached by the cron (Redis's server.unixtime / lruclock): for bookkeeping that tolerates
   * a tick of staleness (idle times, LRU), so the hot path reads no clock.
   */
  cachedTime: number;
  /** Redis's LRU clock (seconds, 24 bits) derived from cachedTime: what an access stamps on a key. */
  lruClockNow = 0;
  private closed = false;

  constructor(options: EngineOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rng = options.rng ?? mathRng;
    this.nowMs = this.clock.now();
    this.startTime = this.nowMs;
    this.cachedTime = this.nowMs;
    this.lruClockNow = Math.floor(this.nowMs / 1000) & 0xffffff;
    registerCoreConfig(this);
    const initial = Object.entries(options.config ?? {}).map(([k, v]): [string, string] => [k, String(v)]);
    if (initial.length > 0) {
      try {
        this.config.setMany(initial, true);
      } catch (e) {
        throw new Error(`createEngine: ${(e as Error).message.replace(/^ERR /, "")}`);
      }
    }
    const databases = Number(this.config.get("databases"));
    for (let i = 0; i < databases; i++) this.dbs.push(new Db(this, i));
    this.buildCommandTable(ALL_COMMANDS);
    this.startCron();
  }

  /**
   * The current command's time snapshot (Unix ms): read from the clock the first time a command asks,
   * then frozen until the execution unit ends, so keys cannot expire half-way through a command,
   * an EXEC or a script (Redis's commandTimeSnapshot). Commands that never look at time never pay
   * for a clock read.
   */
  get now(): number {
    if (!this.nowFresh) {
      this.nowMs = this.clock.now();
      this.nowFresh = true;
    }
    return this.nowMs;
  }

  set now(ms: number) {
    this.nowMs = ms;
    this.nowFresh = true;
  }

  // ---------------------------------------------------------------- databases and sessions

  db(index: number): Db {
    const d = this.dbs[index];
    if (d === undefined) throw new RangeError(`no database ${index}`);
    return d;
  }

  get databaseCount(): number {
    return this.dbs.length;
  }

  allDbs(): readonly Db[] {
    return this.dbs;
  }

  createSession(): Session {
    if (this.closed) throw new Error("engine is closed");
    const s = new Session(this, this.nextSessionId++);
    // A connection is authenticated from the start when no password is set at the time it connects.
    s.authenticated = this.config.get("requirepass") === "";
    this.sessions.set(s.id, s);
    this.stats.totalConnections++;
    return s;
  }

  session(id: number): Session | undefined {
    return this.sessions.get(id);
  }

  allSessions(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** Called by Session.close(). */
  sessionClosed(s: Session): void {
    this.transactions.forget(s);
    this.blocking.forget(s);
    this.pubsub.forget(s); // a disconnect drops subscriptions silently, as freeClient does
    this.sessions.delete(s.id);
  }

  // ---------------------------------------------------------------- dispatch

  /** Looks a command up by name as sent (any case). */
  lookupCommand(name: string): Command | undefined {
    return this.commands.get(name) ?? this.commands.get(name.toLowerCase());
  }

  /**
   * Runs one command for a session: Redis's checks, then call(). Never throws; errors are returned as
   * RedisError replies.
   */
  exec(s: Session, argv: readonly string[]): Reply | PendingReply {
    // The hot path: a known command, no subcommand, right arity, not in MULTI. Everything else
    // (and every error) goes through execChecked, which is the whole of processCommand's order.
    const cmd = this.commands.get(argv[0]!);
    if (cmd === undefined || cmd.subcommands !== undefined || s.multi !== undefined || s.closed || !s.authenticated) {
      return this.execChecked(s, argv);
    }
    const n = argv.length;
    const arity = cmd.arity;
    if (arity > 0 ? n !== arity : n < -arity) return this.execChecked(s, argv);
    // run(), folded in: one frame less on every command.
    s.lastInteraction = this.cachedTime;
    s.lastCommand = cmd.fullName;
    const reply = this.call(s, cmd, argv);
    if (this.blocking.attention) return this.afterBlockingAttention(s, cmd, argv, reply);
    return reply;
  }

  /** processCommand's checks in Redis's order: lookup, subcommand, arity, MULTI queueing. */
  private execChecked(s: Session, argv: readonly string[]): Reply | PendingReply {
    if (s.closed) return errorText("ERR connection closed");
    const name = argv[0];
    if (name === undefined) return errorText("ERR empty command");
    let cmd = this.commands.get(name);
    if (cmd === undefined) {
      cmd = this.commands.get(name.toLowerCase());
      if (cmd === undefined) {
        this.stats.rejectedCalls++;
        if (s.multi !== undefined) s.multi.aborted = true;
        return unknownCommand(name, argv.slice(1));
      }
    }
    if (cmd.subcommands !== undefined && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1]!.toLowerCase());
      if (sub === undefined) {
        this.stats.rejectedCalls++;
        if (s.multi !== undefined) s.multi.aborted = true;
        return unknownSubcommand(argv[1]!, cmd.name);
      }
      cmd = sub;
    }
    const n = argv.length;
    const arity = cmd.arity;
    if ((arity > 0 && n !== arity) || n < -arity) {
      cmd.rejectedCalls++;
      this.stats.rejectedCalls++;
      if (s.multi !== undefined) s.multi.aborted = true;
      return wrongArity(cmd.fullName);
    }
    if (!s.authenticated && (cmd.bits & F_NO_AUTH) === 0 && this.config.get("requirepass") !== "") {
      // server.c authRequired: after lookup and arity, before MULTI queueing.
      cmd.rejectedCalls++;
      this.stats.rejectedCalls++;
      if (s.multi !== undefined) s.multi.aborted = true;
      return NOAUTH;
    }
    if (s.multi !== undefined && (cmd.bits & F_MULTI_EXEMPT) === 0) return this.queue(s, cmd, argv);
    return this.run(s, cmd, argv);
  }

  /** Runs a checked command for a session and parks it or wakes waiters as blocking requires. */
  private run(s: Session, cmd: Command, argv: readonly string[]): Reply | PendingReply {
    s.lastInteraction = this.cachedTime;
    s.lastCommand = cmd.fullName;
    const reply = this.call(s, cmd, argv);
    if (this.blocking.attention) return this.afterBlockingAttention(s, cmd, argv, reply);
    return reply;
  }

  /** After a command that asked to block or made keys ready: park it, or serve the waiters. */
  private afterBlockingAttention(s: Session, cmd: Command, argv: readonly string[], reply: Reply): Reply | PendingReply {
    if (this.blocking.takeRequest()) return this.blocking.park(s, cmd, argv);
    if (this.blocking.hasReady && this.unitDepth === 0) this.blocking.serveReady();
    return reply;
  }

  /** Queues a command inside MULTI (processCommand's queueMultiCommand). */
  private queue(s: Session, cmd: Command, argv: readonly string[]): Reply {
    const multi = s.multi!;
    if ((cmd.bits & F_NO_MULTI) !== 0) {
      multi.aborted = true;
      cmd.rejectedCalls++;
      return COMMAND_NOT_ALLOWED_IN_MULTI;
    }
    multi.queue.push({ cmd, argv: argv.slice() });
    s.multiCount = multi.queue.length;
    return QUEUED;
  }

  /**
   * EXEC's body: runs the queued commands as one execution unit (time frozen at its start, nothing
   * blocks, one atomic effects batch) and returns their replies.
   */
  execQueued(s: Session, queue: MultiState["queue"]): Reply[] {
    const replies: Reply[] = [];
    const deny = s.denyBlocking;
    s.denyBlocking = true;
    try {
      for (const { cmd, argv } of queue) replies.push(this.call(s, cmd, argv));
    } finally {
      s.denyBlocking = deny;
    }
    return replies;
  }

  /** Runs a parked session's command again as an execution unit of its own (blocking.ts). */
  rerun(s: Session, cmd: Command, argv: readonly string[]): Reply {
    return this.call(s, cmd, argv);
  }

  /** True when timeouts need real timers (not a ManualClock, whose advance drives them). */
  usesRealTimers(): boolean {
    return !(this.clock instanceof ManualClock);
  }

  /** Marks a key ready for sessions blocked on it (XADD into an existing stream, and key creation). */
  signalKeyAsReady(db: Db, key: string): void {
    this.blocking.signal(db.id, key);
  }

  /**
   * Runs a resolved command: time snapshot, handler, effects. The unit of atomicity for persistence
   * is the outermost call (a command, an EXEC, a script).
   */
  call(s: Session, cmd: Command, argv: readonly string[]): Reply {
    const outermost = this.unitDepth === 0;
    if (outermost) this.nowFresh = false;
    this.unitDepth++;
    const dirtyBefore = this.dirty;
    const t0 = (cmd.bits & this.slowlog.untimedMask) === 0 ? SlowLog.now() : -1;
    let reply: Reply;
    try {
      reply = cmd.handler(s, argv);
    } catch (e) {
      reply = e instanceof RedisError ? e : this.internalError(cmd, e);
    }
    this.unitDepth--;
    cmd.calls++;
    if (t0 >= 0) this.slowlog.timed(s, cmd, argv, t0, this.clock.now());
    this.stats.totalCommands++;
    if (reply instanceof RedisError) cmd.failedCalls++;
    // The write tail lives in its own method so the read path stays small enough to inline well.
    if (this.dirty !== dirtyBefore) this.afterDirty(s, cmd, argv);
    else if (s.rewrittenArgv !== undefined) s.rewrittenArgv = undefined;
    if (outermost && this.batch.length > 0) this.flushEffects();
    return reply;
  }

  /** A command moved the dirty counter: WATCH invalidation and the effect for propagation. */
  private afterDirty(s: Session, cmd: Command, argv: readonly string[]): void {
    const rewritten = s.rewrittenArgv;
    if (rewritten !== undefined) s.rewrittenArgv = undefined;
    if ((cmd.bits & F_WRITE) === 0) return;
    if (this.transactions.watching) this.transactions.touchCommandKeys(s, cmd, argv);
    if (this.effectListeners.length > 0) {
      if (rewritten === undefined) this.batch.push({ db: s.db.id, argv: argv.slice() });
      else if (rewritten.length > 0) this.batch.push({ db: s.db.id, argv: rewritten });
    }
  }

  private internalError(cmd: Command, e: unknown): RedisError {
    // An engine bug must never take the process down or leave a half-reply; say so in the reply.
    const msg = e instanceof Error ? e.message : String(e);
    return errorText(`ERR internal error in '${cmd.fullName}': ${msg}`);
  }

  // ---------------------------------------------------------------- effects (propagation)

  /** Logs an extra effect in the current unit (e.g. a DEL for a key found expired). */
  propagate(db: number, argv: string[]): void {
    if (this.effectListeners.length === 0) return;
    this.batch.push({ db, argv });
    if (this.unitDepth === 0) this.flushEffects();
  }

  /** Subscribes to the effect batches (one per execution unit). Returns an unsubscribe function. */
  onEffects(listener: EffectListener): () => void {
    this.effectListeners.push(listener);
    return () => {
      this.effectListeners = this.effectListeners.filter((l) => l !== listener);
    };
  }

  private flushEffects(): void {
    const batch = this.batch;
    this.batch = [];
    for (const l of this.effectListeners) l(batch);
  }

  // ---------------------------------------------------------------- keyspace events

  /** Keyspace notification (notify.c): publishes to __keyspace@db__:key and/or __keyevent@db__:event. */
  notify(type: number, event: string, key: string, dbId: number): void {
    const mask = this.notifyMask;
    if ((mask & type) === 0) return;
    if ((mask & notifyFlags.K) !== 0) this.publish(`__keyspace@${dbId}__:${key}`, event);
    if ((mask & notifyFlags.E) !== 0) this.publish(`__keyevent@${dbId}__:${event}`, key);
  }

  /** Called by the keyspace when a key is created. */
  keyAdded(db: Db, key: string): void {
    this.blocking.signal(db.id, key);
    if (this.notifyMask !== 0) this.notify(NOTIFY_NEW, "new", key, db.id);
  }

  /** Called by the keyspace after it deleted an expired key. */
  keyExpired(db: Db, key: string): void {
    if (this.transactions.watching) this.transactions.touchKey(db.id, key);
    this.stats.expiredKeys++;
    this.propagate(db.id, ["DEL", key]);
    if (this.notifyMask !== 0) this.notify(NOTIFY_EXPIRED, "expired", key, db.id);
  }

  /** Keys are not expired while a dataset is being loaded. */
  expireAllowed(): boolean {
    return !this.loading;
  }

  setLoading(on: boolean): void {
    this.loading = on;
  }

  /** Counts an error reply delivered to a client, by its code (the first word, as Redis's errorstats). */
  countErrorReply(e: RedisError): void {
    this.stats.totalErrorReplies++;
    const code = e.code;
    this.stats.errorCodes.set(code, (this.stats.errorCodes.get(code) ?? 0) + 1);
  }

  /** Empties a database (FLUSHDB, FLUSHALL): listeners first, then the keys. Returns the keys removed. */
  emptyDb(db: Db): number {
    for (const l of this.dbChangeListeners) l(db, undefined);
    const n = db.size;
    db.clear();
    return n;
  }

  /** SWAPDB: exchanges the contents of two databases; sessions stay on their db numbers. */
  swapDbs(a: Db, b: Db): void {
    a.swapWith(b);
    for (const l of this.dbChangeListeners) l(a, b);
  }

  /** Marks `n` changes to the dataset (server.dirty): drives propagation and save rules. */
  touch(n = 1): void {
    this.dirty += n;
  }

  // ---------------------------------------------------------------- time-driven work

  private startCron(): void {
    if (this.clock instanceof ManualClock) {
      this.unsubscribeClock = this.clock.onAdvance(() => this.cron());
      return;
    }
    const tick = () => {
      this.cron();
      this.timer = setTimeout(tick, Math.max(1, Math.floor(1000 / this.hz())));
      (this.timer as { unref?: () => void }).unref?.();
    };
    this.timer = setTimeout(tick, Math.floor(1000 / this.hz()));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private hz(): number {
    return Number(this.config.get("hz"));
  }

  /** serverCron: runs the active expiry cycle (one slow cycle per hz tick of elapsed time). */
  cron(): void {
    if (this.closed) return;
    this.now = this.clock.now();
    this.cachedTime = this.now;
    this.lruClockNow = Math.floor(this.cachedTime / 1000) & 0xffffff;
    this.activeExpireCycle();
    this.blocking.checkTimeouts();
  }

  /**
   * Redis's slow active expiry cycle (expire.c): per database, sample up to 20 keys with a TTL, delete
   * the expired ones, and repeat while more than 10% of a sample had expired, within a time budget of
   * 25% of one hz tick. With a ManualClock the budget is counted in loops, so tests are deterministic.
   */
  activeExpireCycle(): void {
    if (this.loading || !this.activeExpireEnabled) return;
    const effort = Number(this.config.get("active-expire-effort")) - 1;
    const keysPerLoop = 20 + (20 / 4) * effort;
    const acceptableStale = 10 - effort;
    const start = Date.now();
    const budgetMs = ((25 + 2 * effort) * 1000) / this.hz() / 100;
    // Hash fields with a TTL first, as 7.4's activeExpireCycle does (10000 fields a second at most).
    const fieldQuota = Math.max(1, Math.floor(10000 / this.hz()));
    for (const db of this.dbs) if (db.memberExpiry.size !== 0) activeExpireMembers(db, this.now, fieldQuota);
    const sample: string[] = [];
    let loops = 0;
    let sampled = 0;
    let expired = 0;
    for (const db of this.dbs) {
      for (;;) {
        if (db.volatile.size === 0) break;
        sample.length = 0;
        db.sampleVolatile(keysPerLoop, sample);
        let dbExpired = 0;
        for (const key of sample) {
          const e = db.peek(key);
          if (e !== undefined && db.isExpired(e)) {
            db.expireKey(key);
            dbExpired++;
          }
        }
        sampled += sample.length;
        expired += dbExpired;
        loops++;
        if ((loops & 15) === 0 && Date.now() - start > budgetMs) break;
        if (sample.length === 0 || (dbExpired * 100) / sample.length <= acceptableStale) break;
        if (loops > 100_000) break;
      }
    }
    if (sampled > 0) {
      const perc = expired / sampled;
      this.stats.expiredStalePerc = perc * 0.05 + this.stats.expiredStalePerc * 0.95;
    }
  }

  /** Stops timers and closes every session. The engine answers nothing afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.unsubscribeClock?.();
    for (const s of [...this.sessions.values()]) s.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---------------------------------------------------------------- the command table

  private buildCommandTable(defs: readonly CommandDef[]): void {
    const byName = new Map<string, Command>();
    const make = (def: CommandDef | undefined, name: string): Command => {
      const meta = COMMAND_META[name];
      if (meta === undefined) throw new Error(`command ${name} has no metadata row`);
      const sep = name.indexOf("|");
      // One literal with every field in one order: a single hidden class for all commands.
      return {
        group: meta.group,
        container: meta.container,
        arity: meta.arity,
        flags: meta.flags,
        since: meta.since,
        acl: meta.acl,
        keys: meta.keys,
        keySpecs: meta.keySpecs,
        docFlags: meta.docFlags,
        deprecatedSince: meta.deprecatedSince,
        replacedBy: meta.replacedBy,
        tips: meta.tips,
        name: sep < 0 ? name : name.slice(sep + 1),
        fullName: name,
        handler: def?.handler ?? containerHandler(name),
        getKeys: def?.getKeys,
        subcommands: undefined,
        parent: undefined,
        bits: flagBits(meta.flags, name),
        calls: 0,
        rejectedCalls: 0,
        failedCalls: 0,
        usec: 0,
      };
    };
    for (const def of defs) {
      const sep = def.name.indexOf("|");
      if (sep < 0) {
        byName.set(def.name, make(def, def.name));
        continue;
      }
      const parentName = def.name.slice(0, sep);
      let parent = byName.get(parentName);
      if (parent === undefined) {
        parent = make(undefined, parentName);
        byName.set(parentName, parent);
      }
      parent.subcommands ??= new Map();
      const sub = make(def, def.name);
      sub.parent = parent;
      parent.subcommands.set(sub.name, sub);
    }
    for (const [name, cmd] of byName) {
      this.commands.set(name, cmd);
      this.commands.set(name.toUpperCase(), cmd);
    }
  }
}

/** A container called without a subcommand; arity (-2) already rejects that, so this never runs. */
function containerHandler(name: string) {
  return (): Reply => {
    throw wrongArity(name);
  };
}


/**
 * A session is one client connection: its selected database, protocol version, name and per-call
 * state. Handlers receive the session as their context (`s.db`, `s.engine`, `s.engine.now`), so the
 * hot path allocates no context object per command.
 */
import type { Engine } from "./engine.js";
import type { MultiState } from "./multi.js";
import type { Db } from "./keyspace.js";
import { RedisError } from "./errors.js";
import { NoReply, PendingReply, type Reply } from "./reply.js";
import { execSubscribed, FrameSequence } from "./pubsub.js";

const REPLY_OFF = 1;
/** The reply of the command running now is dropped (Redis's CLIENT_REPLY_SKIP). */
const REPLY_SKIP = 2;
const REPLY_SKIP_NEXT = 4;
const REPLY_CLOSE = 8;

export class Session {
  /** The selected database. */
  db: Db;
  /** RESP protocol version negotiated with HELLO. */
  resp: 2 | 3 = 2;
  /** CLIENT SETNAME. */
  name = "";
  /** CLIENT SETINFO lib-name / lib-ver. */
  libName = "";
  libVer = "";
  readonly createdAt: number;
  lastInteraction: number;
  lastCommand = "NULL";
  closed = false;
  /** Set by a handler that wants its effect logged differently from its request (convention 5). */
  rewrittenArgv: string[] | undefined = undefined;
  /** Address shown by CLIENT LIST/INFO (transports set a real one). */
  addr = "127.0.0.1:0";
  laddr = "127.0.0.1:6379";
  /** Receives RESP3 push frames and pub/sub messages (set by the transport). */
  onPush: ((frame: Reply) => void) | undefined = undefined;
  /** Called once when the session is closed by the server side (CLIENT KILL, QUIT, engine shutdown). */
  onClose: (() => void) | undefined = undefined;
  /** AUTH / HELLO AUTH: the user this connection acts as, and whether it has authenticated. */
  user = "default";
  authenticated = true;
  /**
   * CLIENT REPLY OFF/SKIP and close-after-reply, as bits (REPLY_*): exec's hot path tests one field
   * for all of them. The accessors below are how everything else reads and sets them.
   */
  private replyBits = 0;
  /** CLIENT REPLY OFF: no reply is delivered until CLIENT REPLY ON (pushes still are). */
  get replyOff(): boolean {
    return (this.replyBits & REPLY_OFF) !== 0;
  }
  set replyOff(on: boolean) {
    this.setReplyBit(REPLY_OFF, on);
  }
  /** CLIENT REPLY SKIP: the next command's reply is dropped (Redis's CLIENT_REPLY_SKIP_NEXT). */
  get replySkipNext(): boolean {
    return (this.replyBits & REPLY_SKIP_NEXT) !== 0;
  }
  set replySkipNext(on: boolean) {
    this.setReplyBit(REPLY_SKIP_NEXT, on);
  }
  /** QUIT, or CLIENT KILL of this very connection: close once the current reply has been produced. */
  get closeAfterReply(): boolean {
    return (this.replyBits & REPLY_CLOSE) !== 0;
  }
  set closeAfterReply(on: boolean) {
    this.setReplyBit(REPLY_CLOSE, on);
  }
  /** CLIENT NO-EVICT / CLIENT NO-TOUCH (the keyspace and eviction honour them). */
  noEvict = false;
  noTouch = false;
  /**
   * Pub/sub subscription counts, kept by the pub/sub module: CLIENT LIST's sub/psub/ssub, and a RESP2
   * session with any subscription answers PING in the subscribed form.
   */
  readonly subscriptions = { channels: 0, patterns: 0, shardChannels: 0 };
  /** Any subscription at all (Redis's CLIENT_PUBSUB), kept by pub/sub: exec tests this one field. */
  pubsubMode = false;
  /** Commands queued since MULTI, or -1 outside a transaction (CLIENT LIST's multi=, flag x); kept by MULTI. */
  multiCount = -1;
  /** The open transaction (MULTI … EXEC), or undefined. */
  multi: MultiState | undefined = undefined;
  /** Parked by a blocking command (CLIENT LIST flag b, INFO blocked_clients); kept by blocking. */
  blocked = false;
  /** Inside EXEC or a script: blocking commands answer at once as if timed out (CLIENT_DENY_BLOCKING). */
  denyBlocking = false;

  constructor(
    readonly engine: Engine,
    readonly id: number,
  ) {
    this.db = engine.db(0);
    this.createdAt = engine.clock.now();
    this.lastInteraction = this.createdAt;
  }

  /**
   * Runs one command and returns its reply (errors are returned as RedisError values), or a
   * PendingReply when a blocking command parked the session.
   */
  exec(argv: readonly string[]): Reply | PendingReply {
    // Pub/sub: a RESP2 connection with subscriptions runs only the pub/sub context's commands.
    const r = this.pubsubMode ? execSubscribed(this, argv) : this.engine.exec(this, argv);
    if (r instanceof RedisError) this.engine.countErrorReply(r);
    return this.replyBits === 0 ? r : this.applyReplyMode(r);
  }

  /**
   * CLIENT REPLY OFF/SKIP as Redis applies them: the state after the command decides (REPLY ON
   * answers OK, REPLY OFF/SKIP answer nothing), then a pending SKIP moves on to the next command.
   */
  private applyReplyMode(reply: Reply | PendingReply): Reply | PendingReply {
    let r = reply;
    const bits = this.replyBits;
    if ((bits & (REPLY_OFF | REPLY_SKIP)) !== 0) {
      // (Un)subscribe confirmations are push-class output (CLIENT_PUSHING): never silenced.
      if (!(r instanceof FrameSequence)) {
        r = r instanceof PendingReply ? new PendingReply(r.promise.then(() => NoReply.instance), r.cancel) : NoReply.instance;
      }
    }
    this.replyBits = (bits & ~(REPLY_SKIP | REPLY_SKIP_NEXT)) | ((bits & REPLY_SKIP_NEXT) !== 0 ? REPLY_SKIP : 0);
    if ((bits & REPLY_CLOSE) !== 0) this.closeAfterCurrentReply();
    return r;
  }

  private setReplyBit(bit: number, on: boolean): void {
    this.replyBits = on ? this.replyBits | bit : this.replyBits & ~bit;
  }

  /**
   * CLIENT REPLY. ON clears OFF and the current command's skip (so CLIENT REPLY ON itself answers),
   * OFF silences from now on, SKIP (ignored while OFF) silences the next command.
   */
  setReplyMode(mode: "on" | "off" | "skip"): void {
    if (mode === "on") {
      this.replyOff = false;
      this.setReplyBit(REPLY_SKIP, false);
    } else if (mode === "off") {
      this.replyOff = true;
    } else if (!this.replyOff) {
      this.replySkipNext = true;
    }
  }

  get dbIndex(): number {
    return this.db.id;
  }

  select(index: number): void {
    this.db = this.engine.db(index);
  }

  /** Closes the session: it runs no more commands. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.engine.sessionClosed(this);
    this.onClose?.();
  }

  /**
   * QUIT's close: the session stops taking commands now, but the transport hears of it (onClose)
   * only after the reply just produced has been handed back, so "+OK" still reaches the caller.
   */
  private closeAfterCurrentReply(): void {
    if (this.closed) return;
    this.closed = true;
    this.engine.sessionClosed(this);
    const cb = this.onClose;
    if (cb !== undefined) queueMicrotask(cb);
  }
}

/**
 * `Redis`: the ioredis-compatible client. Commands go through one seam (`sendCommand` → Transport);
 * the default transport runs them on an in-process engine session.
 *
 * Lifecycle (ioredis 5): status `wait` (lazyConnect) → `connecting` → `connect` → (handshake:
 * SELECT db, CLIENT SETNAME) → `ready`; quit/disconnect → `close` → `end`; an unexpected close with a
 * numeric retryStrategy → `close` → `reconnecting` → `connecting` … Status changes are synchronous;
 * the event of the same name is emitted on a later microtask. Commands issued before `ready` wait in
 * the offline queue (or reject when enableOfflineQueue is false); after `end` they reject with
 * "Connection is closed.".
 *
 * Hot path: when ready (no auto-pipelining, not subscribed), a plain command is one engine call and
 * one `Promise.resolve/reject` of the decoded reply: no deferred, no queue, no extra promise layer.
 */
import { fromText, toText } from "../engine/bytes.js";
import type { Engine } from "../engine/engine.js";
import { RedisError } from "../engine/errors.js";
import { OK, PushReply, type Reply } from "../engine/reply.js";
import { binToBytes } from "./bytes.js";
import { asCallback, type Callback } from "./callback.js";
import { Command, KIND_PLAIN, KIND_QUIT, KIND_SELECT, KIND_SUBSCRIBE, KIND_UNSUBSCRIBE, type CommandOptions } from "./command.js";
import { COMMAND_LIST, commandMethod, defineCommandMethods, installCommands, type Commands } from "./commander.js";
import { addressKey, engineAt } from "./engine-registry.js";
import { EventEmitter } from "./event-emitter.js";
import { InProcessTransport } from "./in-process-transport.js";
import { parseOptions, type RedisOptions, type ResolvedRedisOptions } from "./options.js";
import { Pipeline, wrapMultiResult, type BatchRunner, type PipelineEntry } from "./pipeline.js";
import { ClientFailure, type RawResult } from "./raw-result.js";
import { CONNECTION_CLOSED_ERROR_MSG, ReplyError } from "./reply-error.js";
import { ScanStream, type ScanStreamOptions } from "./scan-stream.js";
import { SubscriptionSet, subscribeKindOf } from "./subscriptions.js";
import type { Transport, TransportSink } from "./transport.js";

export type RedisStatus = "wait" | "reconnecting" | "connecting" | "connect" | "ready" | "close" | "end";

/** ioredis's `condition`: the connection's selected db and subscriptions. */
export interface Condition {
  select: number;
  subscriber: SubscriptionSet | false;
}

const UTF8: CommandOptions = { replyEncoding: "utf8" };

/** ioredis's VALID_IN_SUBSCRIBER_MODE (RESP2 subscriber mode). */
const VALID_IN_SUBSCRIBER_MODE = new Set(["subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit"]);

/** ioredis's notAllowedAutoPipelineCommands. */
const NOT_AUTO_PIPELINED = new Set(["auth", "info", "script", "quit", "cluster", "pipeline", "multi", "subscribe", "psubscribe", "unsubscribe", "unpsubscribe", "select", "client"]);

const INT = /^-?\d+$/;

function closedError(): Error {
  return new Error(CONNECTION_CLOSED_ERROR_MSG);
}

function noop(): void {}

/** A command whose reply is still on its way (a blocking command, or an asynchronous transport). */
interface Inflight {
  command: Command;
  resolve: (r: RawResult) => void;
}

/** A pipeline waiting in the offline queue. */
interface QueuedBatch {
  commands: readonly Command[];
  resolve: (r: RawResult[] | Promise<RawResult[]>) => void;
}

/**
 * The number of subscriptions a (un)subscribe reply reports: its last confirmation's count, as
 * ioredis resolves it. The reply is the list of confirmations, one [kind, name, count] frame per
 * name (arrays, or RESP3 push frames from the engine), or a single such frame.
 */
function subscriptionCount(reply: Reply): number | undefined {
  const frame = (r: Reply | undefined): readonly Reply[] | undefined =>
    r instanceof PushReply ? r.items : Array.isArray(r) && typeof r[0] === "string" ? r : undefined;
  const items = frame(reply) ?? (Array.isArray(reply) ? frame(reply[reply.length - 1]) : undefined);
  const n = items?.[2];
  return typeof n === "number" ? n : typeof n === "bigint" ? Number(n) : undefined;
}

type ConstructorArgs =
  | []
  | [port: number]
  | [pathOrUrl: string]
  | [port: number, host: string]
  | [options: RedisOptions]
  | [port: number, options: RedisOptions]
  | [pathOrUrl: string, options: RedisOptions]
  | [port: number, host: string, options: RedisOptions];

// The generated command methods (installed on the prototype at the end of this module).
export interface Redis extends Omit<Commands, "multi" | "exec"> {}

export class Redis extends EventEmitter implements BatchRunner {
  /** The Command class with the global transformer registry (setArgumentTransformer …). */
  static readonly Command = Command;
  static readonly ReplyError = ReplyError;
  static readonly Pipeline = Pipeline;

  static createClient(...args: ConstructorArgs): Redis {
    return new Redis(...args);
  }

  /** The merged options (public and mutable, as in ioredis). */
  readonly options: ResolvedRedisOptions;
  status: RedisStatus = "wait";
  readonly isCluster = false;
  condition: Condition;

  /** @internal integer replies as strings (cached from options). */
  readonly _stringNumbers: boolean;

  private transport: Transport | undefined = undefined;
  /** Ready, connected, not subscribed, not auto-pipelining: commands take the direct path. */
  private fast = false;
  private readonly autoPipelining: boolean;
  private autoQueue: Command[] = [];
  private offlineQueue: (Command | QueuedBatch)[] = [];
  private inflight = new Set<Inflight>();
  /** Commands in flight when the connection dropped, to resend after reconnecting. */
  private resendQueue: Inflight[] = [];
  private prevSubscriptions: SubscriptionSet | undefined = undefined;
  /** The db selected when the connection dropped: reconnecting selects it again. */
  private prevSelect: number | undefined = undefined;
  private connectionEpoch = 0;
  private manuallyClosing = false;
  private retryAttempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(...args: ConstructorArgs);
  constructor(...args: unknown[]) {
    super();
    this.options = parseOptions(args);
    this._stringNumbers = this.options.stringNumbers === true;
    this.autoPipelining = this.options.enableAutoPipelining === true;
    this.condition = { select: this.options.db, subscriber: false };
    if (this.options.lazyConnect) this.setStatus("wait");
    else this.connect().catch(noop);
  }

  // ---------------------------------------------------------------- the seam

  /**
   * Sends a command; resolves with its decoded reply. Generated methods, `call`/`callBuffer`,
   * `multi({ pipeline: false })` and the client-level `exec()` come through here; pipelines hand
   * their whole queue to `_runBatch` instead.
   */
  sendCommand(command: Command): Promise<unknown> {
    if (this.fast && command.kind === KIND_PLAIN) {
      const r = this.transport!.exec(command.argv);
      if (r instanceof Promise) return this.settleAsync(command, r);
      return command.settle(r, this._stringNumbers);
    }
    return this.sendSlow(command, true);
  }

  private sendSlow(command: Command, mayAutoPipeline: boolean): Promise<unknown> {
    if (this.status === "wait") this.connect().catch(noop);
    if (this.status === "end") return command.reject(closedError());
    if (mayAutoPipeline && this.autoPipelining && this.autoPipelined(command)) {
      if (this.autoQueue.length === 0) queueMicrotask(() => this.flushAutoPipeline());
      this.autoQueue.push(command);
      return command.promise;
    }
    if (this.status !== "ready" || this.transport === undefined) {
      if (!this.options.enableOfflineQueue) {
        return command.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
      }
      if (command.kind === KIND_QUIT && this.offlineQueue.length === 0) {
        this.disconnect();
        return command.settle(OK, this._stringNumbers);
      }
      this.offlineQueue.push(command);
      return command.promise;
    }
    return this.execute(command);
  }

  /** Runs a command now (connection ready) and settles it. */
  private execute(command: Command): Promise<unknown> {
    const r = this.runOne(command);
    if (r instanceof Promise) return this.settleAsync(command, r);
    return r instanceof ClientFailure ? command.reject(r.error) : command.settle(r, this._stringNumbers);
  }

  private settleAsync(command: Command, p: Promise<Reply>): Promise<unknown> {
    const out = command.promise;
    this.track(command, p).then((r) => {
      if (r instanceof ClientFailure) command.reject(r.error);
      else command.settle(r, this._stringNumbers);
    }, noop);
    return out;
  }

  /** Follows a reply in flight; the connection closing settles it with a failure (or resends it). */
  private track(command: Command, p: Promise<Reply>): Promise<RawResult> {
    return new Promise<RawResult>((resolve) => {
      const entry: Inflight = { command, resolve };
      this.inflight.add(entry);
      this.follow(entry, p);
    });
  }

  private follow(entry: Inflight, p: Promise<Reply>): void {
    p.then(
      (reply) => {
        if (this.inflight.delete(entry)) entry.resolve(reply);
      },
      (e: unknown) => {
        if (this.inflight.delete(entry)) entry.resolve(new ClientFailure(e instanceof Error ? e : new Error(String(e))));
      },
    );
  }

  /**
   * One command on the live connection: the transport's reply, or a client-side failure. Client-side
   * work (select tracking, quit, subscriptions, subscriber-mode checks) happens here.
   */
  private runOne(command: Command): RawResult | Promise<Reply> {
    const t = this.transport;
    if (t === undefined) return new ClientFailure(closedError());
    if (command.kind === KIND_PLAIN && this.condition.subscriber === false) return t.exec(command.argv);
    const lower = command.name.toLowerCase();
    if (this.condition.subscriber !== false && !VALID_IN_SUBSCRIBER_MODE.has(lower)) {
      return new ClientFailure(new Error("Connection in subscriber mode, only subscriber commands may be used"));
    }
    switch (command.kind) {
      case KIND_QUIT:
        // Answered here: the session is closed, as Redis does after replying +OK to QUIT.
        this.manuallyClosing = true;
        this.closeTransport();
        return OK;
      case KIND_SELECT: {
        const db = command.argv[1];
        if (db !== undefined && INT.test(db)) {
          const n = Number.parseInt(db, 10);
          if (this.condition.select !== n) {
            this.condition.select = n;
            this.emit("select", n);
          }
        }
        return t.exec(command.argv);
      }
      case KIND_SUBSCRIBE:
      case KIND_UNSUBSCRIBE: {
        const r = t.exec(command.argv);
        return r instanceof Promise ? r.then((x) => this.afterSubscribe(command, lower, x)) : this.afterSubscribe(command, lower, r);
      }
      default:
        return t.exec(command.argv);
    }
  }

  /** Updates the subscription set; the command resolves with the subscription count, as in ioredis. */
  private afterSubscribe(command: Command, lower: string, reply: Reply): Reply {
    if (reply instanceof RedisError) return reply;
    const kind = subscribeKindOf(lower);
    const set = this.condition.subscriber === false ? new SubscriptionSet() : this.condition.subscriber;
    const names = command.argv;
    if (command.kind === KIND_SUBSCRIBE) {
      for (let i = 1; i < names.length; i++) set.add(kind, names[i]!);
    } else if (names.length === 1) {
      set.clear(kind);
    } else {
      for (let i = 1; i < names.length; i++) set.del(kind, names[i]!);
    }
    this.condition.subscriber = set.isEmpty() ? false : set;
    this.updateFast();
    return subscriptionCount(reply) ?? set.size;
  }

  /** @internal Runs a pipeline's commands in order; raw results (synchronously when possible). */
  _runBatch(commands: readonly Command[]): RawResult[] | Promise<RawResult[]> {
    if (this.status === "wait") this.connect().catch(noop);
    if (this.status === "end") return commands.map(() => new ClientFailure(closedError()));
    if (this.status === "ready" && this.transport !== undefined) return this.runBatchNow(commands);
    if (!this.options.enableOfflineQueue) {
      const msg = "Stream isn't writeable and enableOfflineQueue options is false";
      return commands.map(() => new ClientFailure(new Error(msg)));
    }
    return new Promise<RawResult[]>((resolve) => this.offlineQueue.push({ commands, resolve }));
  }

  private runBatchNow(commands: readonly Command[]): RawResult[] | Promise<RawResult[]> {
    const n = commands.length;
    const out = new Array<RawResult | Promise<RawResult>>(n);
    let pending = false;
    for (let i = 0; i < n; i++) {
      const cmd = commands[i]!;
      const r = this.runOne(cmd);
      if (r instanceof Promise) {
        pending = true;
        out[i] = this.track(cmd, r);
      } else {
        out[i] = r;
      }
    }
    return pending ? Promise.all(out) : (out as RawResult[]);
  }

  // ---------------------------------------------------------------- auto-pipelining

  private autoPipelined(command: Command): boolean {
    const name = command.name.toLowerCase();
    return !NOT_AUTO_PIPELINED.has(name) && !this.options.autoPipeliningIgnoredCommands.includes(name);
  }

  /** Commands queued for the next auto-pipeline flush. */
  get autoPipelineQueueSize(): number {
    return this.autoQueue.length;
  }

  private flushAutoPipeline(): void {
    const queue = this.autoQueue;
    this.autoQueue = [];
    for (const cmd of queue) this.sendSlow(cmd, false);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Connects (the first command does it too under lazyConnect); resolves when ready. */
  connect(callback?: Callback<void>): Promise<void> {
    const p = new Promise<void>((resolve, reject) => {
      if (this.status === "connecting" || this.status === "connect" || this.status === "ready") {
        reject(new Error("Redis is already connecting/connected"));
        return;
      }
      this.connectionEpoch += 1;
      const epoch = this.connectionEpoch;
      this.setStatus("connecting");
      this.condition = { select: this.prevSelect ?? this.options.db, subscriber: false };
      this.prevSelect = undefined;
      queueMicrotask(() => {
        this.open(epoch).then(resolve, reject);
      });
    });
    return asCallback(p, callback);
  }

  private async open(epoch: number): Promise<void> {
    if (epoch !== this.connectionEpoch || this.status !== "connecting") throw closedError();
    let transport: Transport;
    try {
      transport = this.makeTransport();
      const opened = transport.open(this.sinkFor(epoch));
      if (opened instanceof Promise) await opened;
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.flushQueue(err);
      this.silentEmit("error", err);
      this.setStatus("end");
      throw err;
    }
    if (epoch !== this.connectionEpoch || this.status !== "connecting") {
      transport.close();
      throw closedError();
    }
    this.transport = transport;
    this.setStatus("connect");
    for (const argv of this.handshake()) {
      let reply = transport.exec(argv);
      if (reply instanceof Promise) reply = await reply;
      if (reply instanceof RedisError) this.silentEmit("error", new ReplyError(reply.message));
      if (epoch !== this.connectionEpoch || this.transport !== transport) throw closedError();
    }
    this.setStatus("ready");
    this.retryAttempts = 0;
    this.restoreAfterReconnect();
    this.flushOfflineQueue();
  }

  private handshake(): string[][] {
    const out: string[][] = [];
    // ioredis authenticates first (AUTH [username] password), then SELECT and CLIENT SETNAME.
    const { username, password } = this.options;
    if (typeof password === "string" && password !== "") {
      out.push(typeof username === "string" && username !== "" ? ["auth", fromText(username), fromText(password)] : ["auth", fromText(password)]);
    }
    if (this.condition.select !== 0) out.push(["select", String(this.condition.select)]);
    const name = this.options.connectionName;
    if (typeof name === "string" && name !== "") out.push(["client", "setname", fromText(name)]);
    return out;
  }

  private makeTransport(): Transport {
    if (this.options.transport !== undefined) return this.options.transport();
    const engine: Engine = this.options.engine ?? engineAt(addressKey(this.options));
    return new InProcessTransport(engine);
  }

  private sinkFor(epoch: number): TransportSink {
    return {
      push: (frame) => {
        if (epoch === this.connectionEpoch) this.onPush(frame);
      },
      closed: () => {
        if (epoch !== this.connectionEpoch || this.transport === undefined) return;
        this.transport = undefined;
        this.handleClose();
      },
    };
  }

  /** After a reconnect: re-subscribe and resend what was in flight (autoResubscribe / autoResend…). */
  private restoreAfterReconnect(): void {
    const subs = this.prevSubscriptions;
    this.prevSubscriptions = undefined;
    if (subs !== undefined && this.options.autoResubscribe) {
      for (const kind of ["subscribe", "psubscribe", "ssubscribe"] as const) {
        const names = subs.channels(kind);
        if (names.length > 0) this.sendCommand(new Command(kind, names.map(binToBytes), UTF8)).catch(noop);
      }
    }
    const resend = this.resendQueue;
    this.resendQueue = [];
    for (const entry of resend) {
      const r = this.runOne(entry.command);
      if (r instanceof Promise) {
        this.inflight.add(entry);
        this.follow(entry, r);
      } else {
        entry.resolve(r);
      }
    }
  }

  private flushOfflineQueue(): void {
    while (this.offlineQueue.length > 0 && this.status === "ready") {
      const item = this.offlineQueue.shift()!;
      if (item instanceof Command) this.execute(item).catch(noop);
      else item.resolve(this.runBatchNow(item.commands));
    }
  }

  /** Rejects everything queued or in flight with `err`. */
  private flushQueue(err: Error): void {
    const offline = this.offlineQueue;
    this.offlineQueue = [];
    for (const item of offline) {
      if (item instanceof Command) item.reject(err);
      else item.resolve(item.commands.map(() => new ClientFailure(err)));
    }
    const auto = this.autoQueue;
    this.autoQueue = [];
    for (const cmd of auto) cmd.reject(err);
    const inflight = [...this.inflight, ...this.resendQueue];
    this.inflight.clear();
    this.resendQueue = [];
    for (const entry of inflight) entry.resolve(new ClientFailure(err));
  }

  private closeTransport(): void {
    const t = this.transport;
    if (t === undefined) return;
    this.transport = undefined;
    t.close();
    this.handleClose();
  }

  /** The connection is gone: ioredis's closeHandler (end, or reconnect per retryStrategy). */
  private handleClose(): void {
    const prev = this.status;
    this.transport = undefined;
    this.connectionEpoch += 1;
    this.setStatus("close");
    if (prev === "ready") {
      this.prevSelect = this.condition.select;
      if (this.condition.subscriber !== false) this.prevSubscriptions = this.condition.subscriber;
    }
    this.condition = { select: this.condition.select, subscriber: false };
    if (this.manuallyClosing) {
      this.manuallyClosing = false;
      this.toEnd();
      return;
    }
    const strategy = this.options.retryStrategy;
    const delay = typeof strategy === "function" ? strategy(++this.retryAttempts) : undefined;
    if (typeof delay !== "number") {
      this.toEnd();
      return;
    }
    // Commands in flight wait for the new connection (autoResendUnfulfilledCommands) or fail now.
    const inflight = [...this.inflight];
    this.inflight.clear();
    if (this.options.autoResendUnfulfilledCommands) this.resendQueue.push(...inflight);
    else for (const entry of inflight) entry.resolve(new ClientFailure(closedError()));
    this.setStatus("reconnecting", delay);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch(noop);
    }, delay);
    const max = this.options.maxRetriesPerRequest;
    if (typeof max === "number" && max >= 0 && this.retryAttempts % (max + 1) === 0) {
      const err = new Error(
        `Reached the max retries per request limit (which is ${max}). Refer to "maxRetriesPerRequest" option for details.`,
      );
      err.name = "MaxRetriesPerRequestError";
      this.flushQueue(err);
    }
  }

  private toEnd(): void {
    this.prevSelect = undefined;
    this.prevSubscriptions = undefined;
    this.setStatus("end");
    this.flushQueue(closedError());
  }

  /**
   * Closes the connection now; pending commands reject with "Connection is closed.". With
   * `reconnect`, reconnects as after an unexpected close (commands in flight are resent).
   */
  disconnect(reconnect = false): void {
    if (!reconnect) this.manuallyClosing = true;
    if (this.reconnectTimer !== undefined && !reconnect) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
    }
    if (this.transport !== undefined) {
      this.closeTransport();
    } else if (this.status === "wait" || this.status === "connecting" || this.status === "connect") {
      this.handleClose();
    } else if (this.status === "reconnecting" && !reconnect) {
      this.manuallyClosing = false;
      this.connectionEpoch += 1;
      this.toEnd();
    }
  }

  /** Deprecated alias of disconnect(). */
  end(): void {
    this.disconnect();
  }

  /** A new client with the same options (and so the same engine), overridden by `override`. */
  duplicate(override?: RedisOptions): Redis {
    return new Redis({ ...this.options, ...override });
  }

  /** `normal`, or `subscriber` while subscribed. */
  get mode(): "normal" | "subscriber" {
    return this.condition.subscriber === false ? "normal" : "subscriber";
  }

  private setStatus(status: RedisStatus, arg?: unknown): void {
    this.status = status;
    this.updateFast();
    queueMicrotask(() => {
      this.emit(status, arg);
    });
  }

  private updateFast(): void {
    this.fast =
      this.status === "ready" && this.transport !== undefined && this.condition.subscriber === false && !this.autoPipelining;
  }

  /** Emits `event` only when someone listens; an unheard error is logged, as ioredis does. */
  private silentEmit(event: string, arg: unknown): void {
    if (event === "error") {
      if (this.status === "end") return;
      if (this.manuallyClosing && arg instanceof Error && arg.message === CONNECTION_CLOSED_ERROR_MSG) return;
    }
    if (this.listenerCount(event) > 0) {
      this.emit(event, arg);
      return;
    }
    if (arg instanceof Error) console.error("[redis-anywhere] Unhandled error event:", arg.stack ?? arg.message);
  }

  // ---------------------------------------------------------------- pub/sub

  /** A push from the engine (pub/sub message): emitted on a later microtask, in arrival order. */
  private onPush(frame: Reply): void {
    const items = frame instanceof PushReply ? frame.items : Array.isArray(frame) ? frame : undefined;
    if (items === undefined) return;
    queueMicrotask(() => this.emitPush(items));
  }

  private emitPush(items: readonly Reply[]): void {
    const kind = items[0];
    if (typeof kind !== "string") return;
    const s = (i: number): string => {
      const x = items[i];
      return typeof x === "string" ? x : "";
    };
    switch (kind.toLowerCase()) {
      case "message":
      case "smessage": {
        const event = kind.toLowerCase();
        if (this.listenerCount(event) > 0) this.emit(event, toText(s(1)), toText(s(2)));
        this.emit(`${event}Buffer`, binToBytes(s(1)), binToBytes(s(2)));
        return;
      }
      case "pmessage": {
        const pattern = toText(s(1));
        if (this.listenerCount("pmessage") > 0) this.emit("pmessage", pattern, toText(s(2)), toText(s(3)));
        this.emit("pmessageBuffer", pattern, binToBytes(s(2)), binToBytes(s(3)));
        return;
      }
      default:
      // Subscribe confirmations and other pushes carry nothing for listeners.
    }
  }

  // ---------------------------------------------------------------- pipelines and transactions

  /** A pipeline, optionally pre-filled with `[name, ...args]` rows. */
  pipeline(commands?: readonly (readonly unknown[])[]): Pipeline {
    const p = new Pipeline(this);
    if (Array.isArray(commands)) p.addBatch(commands);
    return p;
  }

  /**
   * A transaction pipeline (MULTI … EXEC), optionally pre-filled; `multi({ pipeline: false })` sends
   * MULTI at once and resolves "OK" (then commands resolve "QUEUED" and `exec()` sends EXEC).
   */
  multi(options: { pipeline: false }): Promise<"OK">;
  multi(commands?: readonly (readonly unknown[])[], options?: { pipeline?: boolean }): Pipeline;
  multi(options: { pipeline?: boolean }): Pipeline;
  multi(
    commands?: readonly (readonly unknown[])[] | { pipeline?: boolean },
    options?: { pipeline?: boolean },
  ): Pipeline | Promise<"OK"> {
    let rows: readonly (readonly unknown[])[] | undefined;
    if (Array.isArray(commands)) rows = commands;
    else if (options === undefined && commands !== undefined) options = commands as { pipeline?: boolean };
    if (options?.pipeline === false) return this.sendCommand(new Command("multi", [], UTF8)) as Promise<"OK">;
    const p = new Pipeline(this, true);
    p.multi();
    if (rows !== undefined) p.addBatch(rows);
    return p;
  }

  /** EXEC on the connection (after `multi({ pipeline: false })`): `[[err] | [null, v], …]` or null. */
  exec(callback?: Callback<PipelineEntry[] | null>): Promise<PipelineEntry[] | null> {
    const p = this.sendCommand(new Command("exec", [], UTF8)).then((r) => (Array.isArray(r) ? wrapMultiResult(r) : null));
    return asCallback(p, callback);
  }

  // ---------------------------------------------------------------- scan streams

  /** SCAN as a stream of pages (ioredis's scanStream). */
  scanStream(options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("scan", undefined, options);
  }
  scanBufferStream(options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("scanBuffer", undefined, options);
  }
  sscanStream(key: string | Uint8Array, options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("sscan", key, options);
  }
  sscanBufferStream(key: string | Uint8Array, options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("sscanBuffer", key, options);
  }
  hscanStream(key: string | Uint8Array, options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("hscan", key, options);
  }
  hscanBufferStream(key: string | Uint8Array, options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("hscanBuffer", key, options);
  }
  zscanStream(key: string | Uint8Array, options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("zscan", key, options);
  }
  zscanBufferStream(key: string | Uint8Array, options: ScanStreamOptions = {}): ScanStream {
    return this.createScanStream("zscanBuffer", key, options);
  }

  private createScanStream(method: string, key: string | Uint8Array | undefined, options: ScanStreamOptions): ScanStream {
    const fn = (this as unknown as Record<string, (args: unknown[]) => Promise<unknown>>)[method]!;
    return new ScanStream((args) => fn.call(this, args), key, options);
  }

  // ---------------------------------------------------------------- builtins

  /** The command names with generated methods. */
  getBuiltinCommands(): string[] {
    return [...COMMAND_LIST];
  }

  /** The method pair for a command name, without installing it (ioredis's createBuiltinCommand). */
  createBuiltinCommand(name: string): { string: (...args: unknown[]) => unknown; buffer: (...args: unknown[]) => unknown } {
    return { string: commandMethod(name, "utf8"), buffer: commandMethod(name, null) };
  }

  /** Adds `name` and `nameBuffer` methods (on this client) for a command the list does not have. */
  addBuiltinCommand(name: string): void {
    defineCommandMethods(this, [name]);
  }
}

installCommands(Redis.prototype);

/**
 * One TCP client of the server: its socket, its engine Session, the request parser and the output
 * queue. What networking.c does per client, in the same order:
 *
 *  - Input is parsed and run command by command, each reply queued in order; the queue goes out in
 *    one write when the received data is used up, so a pipeline costs one write, not one per reply.
 *  - A blocking command (a PendingReply) stops processing: later requests stay unparsed in the query
 *    buffer until it is answered, so nothing overtakes it (Redis's CLIENT_BLOCKED). A disconnect
 *    cancels it: nothing is popped for a client that is gone.
 *  - QUIT, CLIENT KILL of itself and protocol errors close the connection once the reply is written
 *    (CLIENT_CLOSE_AFTER_REPLY); nothing after them is processed. CLIENT KILL from another client
 *    and the limits below close it at once.
 *  - Limits: client-query-buffer-limit on unparsed input (closed without a reply, as Redis does),
 *    proto-max-bulk-len inside the parser, output-buffer limits per client class (checked whenever
 *    output is queued and by the server's cron), the idle `timeout` (checked by the cron).
 *  - Pushes (RESP3 `>` frames, pub/sub messages) are queued in order with replies and flushed at the
 *    end of the current processing, or on the next microtask when the client is idle.
 *
 * Replies are encoded as binary strings (resp-encode.ts) and written as latin1, i.e. byte for byte.
 * Big values (≥ 64 KB) are written as chunks of their own instead of being joined with small ones,
 * so a large value is copied once into the socket, never concatenated into a bigger string.
 */
import { RedisError, errorText } from "../engine/errors.js";
import { PendingReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import type { Engine } from "../engine/engine.js";
import { clientInfoLine } from "../commands/connection-client.js";
import { authRequired } from "./auth-gate.js";
import type { SocketLike } from "./node-api.js";
import { latin1Decoder } from "./node-api.js";
import { outputLimitReached, parseOutputLimits, type SoftLimitState } from "./output-limits.js";
import { encodeReply } from "./resp-encode.js";
import { ProtocolError, RequestParser } from "./resp-parse.js";

export type LogLevel = "debug" | "verbose" | "notice" | "warning";

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly engine: Engine;
  log(level: LogLevel, message: string): void;
  /** Called once when the connection is gone, whatever closed it. */
  removed(conn: ClientConnection): void;
}

/** Replies at least this long are written on their own rather than joined with their neighbours. */
const BIG_CHUNK = 64 * 1024;
/** Output queued in the socket beyond this pauses reading until it drains (input backpressure). */
const PAUSE_READING_AT = 4 * 1024 * 1024;
/** Long pipelines hand their replies to the socket every this many requests, to notice backpressure. */
const FLUSH_EVERY = 512;

const decodeLatin1 = latin1Decoder();

/** Redis's address form: ip:port, IPv6 in brackets, IPv4-mapped IPv6 shown as plain IPv4. */
export function formatAddr(ip: string | undefined, port: number | undefined): string {
  let host = ip ?? "?";
  if (host.startsWith("::ffff:") && host.includes(".")) host = host.slice(7);
  return host.includes(":") ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}

export class ClientConnection {
  readonly session: Session;
  /** Wall-clock ms of the last read or write (Redis's lastinteraction), for the idle timeout. */
  lastActivity = Date.now();
  private readonly parser: RequestParser;
  /** Encoded replies and pushes not yet handed to the socket. */
  private out: string[] = [];
  private processing = false;
  private flushQueued = false;
  /** The blocking command being waited for; nothing else is processed meanwhile. */
  private blocked: PendingReply | undefined = undefined;
  /** Close once the queued output is written (QUIT, protocol error). */
  private closing = false;
  private closed = false;
  private pausedForOutput = false;
  private readonly softLimit: SoftLimitState = { softSince: 0 };

  constructor(
    private readonly socket: SocketLike,
    private readonly host: ConnectionHost,
  ) {
    const s = host.engine.createSession();
    this.session = s;
    s.addr = formatAddr(socket.remoteAddress, socket.remotePort);
    s.laddr = formatAddr(socket.localAddress, socket.localPort);
    s.onPush = (frame) => this.push(frame);
    // Closed from the engine side: CLIENT KILL by another client, engine shutdown. QUIT also lands
    // here (a microtask later), after `closing` was set, and then the orderly close wins.
    s.onClose = () => {
      if (!this.closing) this.destroy();
    };
    this.parser = decodeLatin1 === undefined ? new RequestParser() : new RequestParser({ decode: decodeLatin1 });
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("drain", () => this.onDrain());
    socket.on("error", () => this.destroy());
    // The peer closed its side (read() returns 0 in Redis). Replies already produced still go out; a
    // pending blocking command is cancelled.
    socket.on("end", () => {
      if (this.blocked !== undefined) this.destroy();
      else if (!this.closed) this.closeAfterReply();
    });
    socket.on("close", () => this.teardown());
  }

  /** One CLIENT LIST line, for log messages. */
  describe(): string {
    return clientInfoLine(this.session);
  }

  /** True while a blocking command is pending (idle timeouts do not apply then). */
  get isBlocked(): boolean {
    return this.blocked !== undefined;
  }

  /** A subscribed client (pub/sub output limits apply, idle timeouts do not). */
  get isPubSub(): boolean {
    const sub = this.session.subscriptions;
    return sub.channels + sub.patterns + sub.shardChannels > 0;
  }

  /** Bytes of output written but not yet taken by the kernel, plus what is still queued here. */
  get pendingOutput(): number {
    let n = this.socket.writableLength;
    for (const c of this.out) n += c.length;
    return n;
  }

  // ------------------------------------------------------------------------------------ input

  private onData(chunk: Uint8Array): void {
    if (this.closed || this.closing) return;
    this.lastActivity = Date.now();
    const config = this.host.engine.config;
    const p = this.parser;
    p.feed(chunk);
    if (p.pendingBytes > Number(config.get("client-query-buffer-limit"))) {
      this.host.log("warning", `Closing client that reached max query buffer length: ${this.describe()}`);
      this.destroy();
      return;
    }
    if (this.blocked !== undefined) return;
    p.maxBulkLen = Number(config.get("proto-max-bulk-len"));
    this.process();
  }

  /**
   * Runs every complete request in the buffer, in order, until one blocks, the client closes, or
   * the client stops reading its replies (then the rest waits in the query buffer until the socket
   * drains, so a pipeline of big replies never piles up in memory all at once).
   */
  private process(): void {
    const s = this.session;
    const p = this.parser;
    this.processing = true;
    let n = 0;
    try {
      while (!this.closing && !this.closed && !this.pausedForOutput) {
        p.authRequired = !s.authenticated && authRequired(s);
        const argv = p.next();
        if (argv === undefined) break;
        if (argv instanceof ProtocolError) {
          this.protocolError(argv);
          break;
        }
        const reply = this.execute(argv);
        if (reply instanceof PendingReply) {
          this.park(reply);
          break;
        }
        encodeReply(reply, s.resp, this.out);
        // QUIT, or CLIENT KILL of this very connection: the reply goes out, then the connection closes.
        if (s.closed) this.closing = true;
        if (++n % FLUSH_EVERY === 0) this.flush();
      }
    } finally {
      this.processing = false;
    }
    this.flush();
    if (this.closing) this.closeAfterReply();
  }

  private execute(argv: string[]): Reply | PendingReply {
    const s = this.session;
    try {
      return s.exec(argv);
    } catch (e) {
      // Dispatch answers errors as replies; anything thrown is an engine bug, and it must not take
      // the server (and every other client) down with it.
      const msg = e instanceof Error ? e.message : String(e);
      this.host.log("warning", `Internal error running '${argv[0]}': ${msg}`);
      return errorText(`ERR internal error: ${msg}`);
    }
  }

  private park(pending: PendingReply): void {
    this.blocked = pending;
    const resume = (reply: Reply): void => {
      if (this.blocked !== pending) return; // cancelled: the client is gone
      this.blocked = undefined;
      if (this.closed) return;
      encodeReply(reply, this.session.resp, this.out);
      if (this.session.closed) this.closing = true;
      this.process();
    };
    pending.promise.then(resume, (e: unknown) => resume(errorText(`ERR ${e instanceof Error ? e.message : String(e)}`)));
  }

  private protocolError(e: ProtocolError): void {
    this.host.engine.countErrorReply(new RedisError(`ERR ${e.message}`));
    this.out.push(`-ERR ${e.message}\r\n`);
    this.host.log("verbose", `Protocol error (${e.message}) from client: ${this.describe()}`);
    this.closing = true;
  }

  // ------------------------------------------------------------------------------------ output

  private push(frame: Reply): void {
    if (this.closed || this.closing) return;
    encodeReply(frame, this.session.resp, this.out);
    if (this.processing || this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** Hands the queued output to the socket, then applies the output limits and backpressure. */
  private flush(): void {
    const out = this.out;
    if (out.length === 0 || this.closed) return;
    this.out = [];
    const sock = this.socket;
    let big = false;
    for (const c of out) if (c.length >= BIG_CHUNK) big = true;
    if (!big) {
      sock.write(out.length === 1 ? out[0]! : out.join(""), "latin1");
    } else {
      // A large value goes out as its own chunk; the small pieces around it are joined.
      sock.cork();
      let from = 0;
      for (let i = 0; i < out.length; i++) {
        if (out[i]!.length < BIG_CHUNK) continue;
        if (from < i) sock.write(out.slice(from, i).join(""), "latin1");
        sock.write(out[i]!, "latin1");
        from = i + 1;
      }
      if (from < out.length) sock.write(out.slice(from).join(""), "latin1");
      sock.uncork();
    }
    this.lastActivity = Date.now();
    if (this.checkOutputLimits(this.lastActivity)) return;
    if (!this.pausedForOutput && sock.writableLength > PAUSE_READING_AT && !this.isPubSub) {
      this.pausedForOutput = true;
      sock.pause();
    }
  }

  private onDrain(): void {
    if (!this.pausedForOutput || this.closed) return;
    this.pausedForOutput = false;
    this.socket.resume();
    // Requests that arrived while the client was not reading are waiting in the query buffer.
    if (this.blocked === undefined) this.process();
  }

  /**
   * Closes the client if its pending output is over its class's limit (true then). Called when
   * output is queued and by the server cron, so a soft limit's grace period is noticed even when
   * nothing more is written.
   */
  checkOutputLimits(nowMs: number): boolean {
    if (this.closed) return true;
    const limits = parseOutputLimits(this.host.engine.config.get("client-output-buffer-limit"));
    const limit = this.isPubSub ? limits.pubsub : limits.normal;
    if (limit.hard === 0 && limit.soft === 0) return false;
    if (!outputLimitReached(this.pendingOutput, limit, this.softLimit, nowMs)) return false;
    this.host.log(
      "warning",
      `Client ${this.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`,
    );
    this.destroy();
    return true;
  }

  // ------------------------------------------------------------------------------------ closing

  /** Writes what is queued, then closes (CLIENT_CLOSE_AFTER_REPLY). */
  private closeAfterReply(): void {
    this.flush();
    this.teardown();
    this.socket.end();
  }

  /** Closes at once, dropping queued output (kills, limits, errors, server shutdown). */
  destroy(): void {
    this.teardown();
    if (!this.socket.destroyed) this.socket.destroy();
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.out = [];
    const pending = this.blocked;
    this.blocked = undefined;
    pending?.cancel();
    const s = this.session;
    s.onClose = undefined;
    s.onPush = undefined;
    s.close();
    this.host.removed(this);
  }
}

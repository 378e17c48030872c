/**
 * Differential testing against a real redis-server (DESIGN.md §7 tier 3).
 *
 * Each test file that calls `startOracle()` gets its OWN redis-server process listening on a private
 * unix socket, so FLUSHALL, SWAPDB, CONFIG SET and SELECT in one file cannot disturb another, and files
 * can run in parallel. Commands are sent as raw RESP and the raw reply bytes are kept, so the
 * comparison is exact: status vs bulk, null bulk vs null array, error text, integer vs string.
 *
 * Our side encodes the engine's Reply with the same RESP encoder the server mode uses.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, type Engine, type EngineOptions, type Session } from "../../src/index.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";

let haveServer: boolean | undefined;
/** True when a redis-server binary is installed (differential tests skip otherwise). */
export function oracleAvailable(): boolean {
  haveServer ??= spawnSync("redis-server", ["--version"]).status === 0;
  return haveServer;
}

/** A binary string (one char per byte) from text or bytes. */
export function bin(x: string | Uint8Array): string {
  return typeof x === "string" ? Buffer.from(x, "utf8").toString("latin1") : Buffer.from(x).toString("latin1");
}

/** Where a complete RESP frame starting at `pos` ends, or -1 if `buf` does not hold all of it yet. */
export function frameEnd(buf: string, pos: number): number {
  const nl = buf.indexOf("\r\n", pos);
  if (nl < 0) return -1;
  const type = buf[pos];
  const head = buf.slice(pos + 1, nl);
  const after = nl + 2;
  switch (type) {
    case "+":
    case "-":
    case ":":
    case "_":
    case ",":
    case "#":
    case "(":
      return after;
    case "$":
    case "=":
    case "!": {
      const n = Number(head);
      if (n < 0) return after;
      return buf.length >= after + n + 2 ? after + n + 2 : -1;
    }
    case "*":
    case "~":
    case ">":
    case "%": {
      let n = Number(head);
      if (n < 0) return after;
      if (type === "%") n *= 2;
      let p = after;
      for (let i = 0; i < n; i++) {
        p = frameEnd(buf, p);
        if (p < 0) return -1;
      }
      return p;
    }
    default:
      throw new Error(`bad RESP type ${JSON.stringify(type)} in ${JSON.stringify(buf.slice(pos, pos + 40))}`);
  }
}

/** A parsed reply: strings for bulk/simple strings and doubles, numbers for integers, arrays for
 * arrays, sets, maps (flat) and pushes, null for nulls, RespError for errors, booleans as 1/0. */
export type Resp = string | number | null | RespError | Resp[];
export class RespError {
  constructor(readonly message: string) {}
}

/** Parses one whole RESP2/RESP3 frame (binary string) into JS values. */
export function parseFrame(frame: string): Resp {
  let pos = 0;
  const line = (): string => {
    const nl = frame.indexOf("\r\n", pos);
    const s = frame.slice(pos, nl);
    pos = nl + 2;
    return s;
  };
  const value = (): Resp => {
    const type = frame[pos++];
    const head = line();
    switch (type) {
      case "+":
      case ",":
      case "(":
        return head;
      case "-":
        return new RespError(head);
      case ":":
        return Number(head);
      case "#":
        return head === "t" ? 1 : 0;
      case "_":
        return null;
      case "$":
      case "=": {
        const n = Number(head);
        if (n < 0) return null;
        const s = frame.slice(pos, pos + n);
        pos += n + 2;
        return type === "=" ? s.slice(4) : s;
      }
      case "*":
      case "~":
      case ">":
      case "%": {
        let n = Number(head);
        if (n < 0) return null;
        if (type === "%") n *= 2;
        const out: Resp[] = [];
        for (let i = 0; i < n; i++) out.push(value());
        return out;
      }
      default:
        throw new Error(`unexpected RESP type ${JSON.stringify(type)} in ${JSON.stringify(frame.slice(0, 80))}`);
    }
  };
  return value();
}

/** Encodes a request as a RESP multibulk (binary string). */
export function encodeRequest(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** One raw RESP connection to a server: requests out, whole reply frames (binary strings) back. */
export class RawConnection {
  private buf = "";
  private waiters: Array<(frame: string) => void> = [];
  constructor(private readonly sock: Socket) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => {
      this.buf += d;
      for (;;) {
        if (this.waiters.length === 0 || this.buf.length === 0) break;
        const end = frameEnd(this.buf, 0);
        if (end < 0) break;
        const frame = this.buf.slice(0, end);
        this.buf = this.buf.slice(end);
        this.waiters.shift()!(frame);
      }
    });
  }

  /** Connects to a unix socket path, retrying while the server is not listening yet. */
  static async open(path: string, attempts = 200): Promise<RawConnection> {
    for (let attempt = 0; ; attempt++) {
      try {
        const sock = await new Promise<Socket>((resolve, reject) => {
          const s = createConnection(path, () => resolve(s));
          s.once("error", reject);
        });
        return new RawConnection(sock);
      } catch (e) {
        if (attempt >= attempts) throw e;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }

  /** Sends one command; resolves with the raw reply frame (binary string). */
  send(argv: readonly string[]): Promise<string> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.sock.write(Buffer.from(encodeRequest(argv), "latin1"));
    });
  }

  close(): void {
    this.sock.destroy();
  }
}

export class Oracle {
  private readonly extra: RawConnection[] = [];
  private constructor(
    private readonly proc: ChildProcess,
    private readonly conn: RawConnection,
    private readonly dir: string,
    /** The unix socket path, for other clients (e.g. the real ioredis) to connect to this oracle. */
    readonly path: string,
  ) {}

  static async start(extraArgs: string[] = []): Promise<Oracle> {
    const dir = mkdtempSync(join(tmpdir(), "ra-oracle-"));
    const sockPath = join(dir, "redis.sock");
    const proc = spawn(
      "redis-server",
      [
        "--port", "0", "--unixsocket", sockPath, "--save", "", "--appendonly", "no", "--dir", dir,
        "--enable-debug-command", "yes", "--enable-protected-configs", "yes", ...extraArgs,
      ],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 500 && !existsSync(sockPath); i++) await new Promise((r) => setTimeout(r, 10));
    // The socket file appears at bind(), before listen(): under load a first connect can be refused.
    try {
      return new Oracle(proc, await RawConnection.open(sockPath), dir, sockPath);
    } catch (e) {
      proc.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** Sends one command on the oracle's own connection; resolves with the raw reply frame. */
  send(argv: readonly string[]): Promise<string> {
    return this.conn.send(argv);
  }

  /** Another connection to this oracle (closed with it). */
  async connect(): Promise<RawConnection> {
    const c = await RawConnection.open(this.path);
    this.extra.push(c);
    return c;
  }

  async close(): Promise<void> {
    this.conn.close();
    for (const c of this.extra) c.close();
    this.proc.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts a private redis-server for this test file, or undefined when none is installed. */
export async function startOracle(extraArgs: string[] = []): Promise<Oracle | undefined> {
  if (!oracleAvailable()) return undefined;
  return Oracle.start(extraArgs);
}

/** Our engine, answering with RESP frames like the oracle. */
export class Ours {
  readonly engine: Engine;
  readonly session: Session;
  constructor(options: EngineOptions = {}) {
    this.engine = createEngine(options);
    this.session = this.engine.createSession();
  }
  async send(argv: readonly string[]): Promise<string> {
    let r: Reply | PendingReply = this.session.exec(argv);
    if (r instanceof PendingReply) r = await r.promise;
    return encodeReplyString(r, this.session.resp);
  }
  close(): void {
    this.engine.close();
  }
}

/** A pair of targets receiving the same commands. */
export class Pair {
  readonly log: string[][] = [];
  constructor(
    readonly oracle: Oracle,
    readonly ours: Ours,
  ) {}

  /** Sends argv (text or binary strings) to both and returns both raw replies. */
  async both(argv: readonly string[]): Promise<{ ours: string; theirs: string }> {
    this.log.push([...argv]);
    const [theirs, ours] = await Promise.all([this.oracle.send(argv), this.ours.send(argv)]);
    return { ours, theirs };
  }

  async close(): Promise<void> {
    this.ours.close();
    await this.oracle.close();
  }
}

/** Readable form of a raw frame for assertion messages. */
export function show(frame: string): string {
  return JSON.stringify(frame);
}

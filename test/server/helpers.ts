/**
 * Helpers for the server tests: a raw RESP socket client that reads whole reply frames, and an
 * asynchronous child-process runner (never spawnSync: our server runs in the test's own event loop,
 * so a synchronous child would deadlock against it).
 */
import { spawn } from "node:child_process";
import { createConnection, type Socket } from "node:net";
import { frameEnd, encodeRequest } from "../support/differential.js";

export { encodeRequest };

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A raw connection: write bytes, await reply frames (binary strings) or the close. */
export class Raw {
  private buf = "";
  private waiters: Array<() => void> = [];
  closed = false;
  private constructor(readonly sock: Socket) {
    sock.on("data", (d) => {
      this.buf += d.toString("latin1");
      this.wake();
    });
    sock.on("close", () => {
      this.closed = true;
      this.wake();
    });
    sock.on("error", () => {});
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static open(port: number): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ host: "127.0.0.1", port }, () => resolve(new Raw(s)));
      s.once("error", reject);
    });
  }

  /** Writes a binary string as bytes. */
  write(data: string): void {
    this.sock.write(Buffer.from(data, "latin1"));
  }

  /** Writes commands as multibulks, all in one write (a pipeline). */
  send(...commands: (readonly string[])[]): void {
    this.write(commands.map(encodeRequest).join(""));
  }

  /** Everything received and not yet taken as frames. */
  get pending(): string {
    return this.buf;
  }

  /** Resolves with the next `n` reply frames; rejects after `ms` or if the connection closes first. */
  async frames(n: number, ms = 5000): Promise<string[]> {
    const deadline = Date.now() + ms;
    const out: string[] = [];
    while (out.length < n) {
      const end = this.buf.length === 0 ? -1 : frameEnd(this.buf, 0);
      if (end >= 0) {
        out.push(this.buf.slice(0, end));
        this.buf = this.buf.slice(end);
        continue;
      }
      if (this.closed) throw new Error(`connection closed after ${out.length} of ${n} frames: ${JSON.stringify(out)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${out.length} of ${n} frames: ${JSON.stringify(out)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return out;
  }

  /** One command, one reply frame. */
  async call(...argv: string[]): Promise<string> {
    this.send(argv);
    return (await this.frames(1))[0]!;
  }

  /** Resolves true once the server closed the connection, false after `ms`. */
  async waitClosed(ms = 3000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  close(): void {
    this.sock.destroy();
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program asynchronously; `input` goes to its stdin. Kills it after `timeoutMs`. */
export function run(cmd: string, args: readonly string[], options: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("latin1")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("latin1")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** redis-cli against a port (installed with Debian's redis-tools). */
export function redisCli(port: number, args: readonly string[], input?: string | Buffer): Promise<RunResult> {
  return run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], input === undefined ? {} : { input });
}

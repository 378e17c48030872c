/**
 * Vitest globalSetup: starts ONE real `redis-server` (the "oracle", DESIGN.md §6–7) for the whole run.
 *
 * - Listens on a free loopback port (found by binding port 0 in Node first; retried if another process
 *   grabs it before redis-server does), with persistence off and a fresh temporary `--dir`, plus
 *   `--enable-debug-command yes --enable-protected-configs yes` so tests may use DEBUG and CONFIG SET.
 * - Exposes the port to test files as `inject("redisPort")`; 0 means "no oracle" (redis-server is not
 *   installed, or it failed to start), and tests that need it skip (see test/support/oracle.ts).
 * - Stops the server and removes its directory in teardown (and, as a last resort, when this process exits).
 *
 * `startRedisServer()` is exported so test/support/oracle.ts can start a PRIVATE server for a test file
 * that must touch server-global state (FLUSHALL, SWAPDB, CONFIG SET, pub/sub, SCRIPT/FUNCTION FLUSH …).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Port of the shared oracle redis-server on 127.0.0.1, or 0 when there is none. */
    redisPort: number;
  }
}


export interface RedisServerHandle {
  readonly port: number;
  readonly pid: number | undefined;
  readonly dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

let available: boolean | undefined;
/** True when a `redis-server` binary can be run. */
export function redisServerAvailable(): boolean {
  available ??= spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  return available;
}

/** A loopback TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

/** Resolves true once `PING` on 127.0.0.1:port answers `+PONG`, false on any failure. */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: "127.0.0.1", port });
    let data = "";
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once("error", () => done(false));
    sock.once("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => {
      data += d.toString("latin1");
      if (data.includes("\r\n")) done(data.startsWith("+PONG"));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function waitExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    proc.once("exit", () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Every server started by this process, killed synchronously if the process exits without teardown. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackForExit(proc: ChildProcess): void {
  live.add(proc);
  proc.once("exit", () => live.delete(proc));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const p of live) p.kill("SIGKILL");
  });
}

async function tryStart(extraArgs: readonly string[]): Promise<RedisServerHandle | string> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "redis-anywhere-oracle-"));
  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--save", "",
    "--appendonly", "no",
    "--daemonize", "no",
    "--dir", dir,
    "--enable-debug-command", "yes",
    "--enable-protected-configs", "yes",
    ...extraArgs,
  ];
  const proc = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  trackForExit(proc);
  let log = "";
  const keep = (d: Buffer): void => {
    log = (log + d.toString("utf8")).slice(-4000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  let spawnError: Error | undefined;
  proc.once("error", (e) => (spawnError = e));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      proc.kill("SIGTERM");
      if (!(await waitExit(proc, 2000))) {
        proc.kill("SIGKILL");
        await waitExit(proc, 2000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (spawnError) break;
    if (proc.exitCode !== null || proc.signalCode !== null) break;
    if (await pingOnce(port)) {
      // Output is only needed for start-up diagnostics; stop buffering it.
      proc.stdout?.off("data", keep);
      proc.stderr?.off("data", keep);
      proc.stdout?.resume();
      proc.stderr?.resume();
      return { port, pid: proc.pid, dir, stop };
    }
    await sleep(25);
  }
  await stop();
  return `redis-server ${args.join(" ")} did not answer PING on port ${port}` +
    (spawnError ? `: ${spawnError.message}` : "") + (log ? `\n--- its output ---\n${log}` : "");
}

/**
 * Starts a redis-server on a free loopback port and waits until it answers PING.
 * Retries a few times with a new port (another process may take the port between probe and bind).
 */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServerHandle> {
  let last = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const r = await tryStart(extraArgs);
    if (typeof r !== "string") return r;
    last = r;
  }
  throw new Error(last);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!redisServerAvailable()) {
    console.warn(
      "[redis-anywhere] redis-server is not installed: differential / oracle tests will be skipped " +
        "(install it with: sudo apt-get install redis-server).",
    );
    project.provide("redisPort", 0);
    return async () => {};
  }
  let server: RedisServerHandle;
  try {
    server = await startRedisServer();
  } catch (e) {
    // An installed but broken redis-server is a real failure of the test environment, not a skip.
    if (process.env["REDIS_ANYWHERE_NO_ORACLE"] === "1") {
      console.warn(`[redis-anywhere] oracle failed to start, skipping oracle tests: ${String(e)}`);
      project.provide("redisPort", 0);
      return async () => {};
    }
    throw e;
  }
  project.provide("redisPort", server.port);
  return () => server.stop();
}

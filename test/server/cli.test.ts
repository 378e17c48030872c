/**
 * `redis-anywhere serve` as a process (the built dist/cli/bin.js, as `npx redis-anywhere serve` runs
 * it; `npm test` builds first): start-up, options and config file, refusals, graceful shutdown.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Raw, run } from "./helpers.js";

const BIN = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));
const built = existsSync(BIN);
const dir = mkdtempSync(join(tmpdir(), "ra-cli-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  proc: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the server with `--port 0` and resolves once it printed the port it listens on. */
function start(args: string[]): Promise<Started> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(proc);
    let out = "";
    const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
    const onData = (d: Buffer): void => {
      out += d.toString("utf8");
      const m = /Ready to accept connections tcp on \S+:(\d+)/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]), output: () => out, exited });
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

describe.skipIf(!built)("redis-anywhere serve (the CLI)", () => {
  it("serves, and shuts down gracefully on SIGTERM", async () => {
    const s = await start([]);
    const r = await Raw.open(s.port);
    expect(await r.call("SET", "k", "v")).toBe("+OK\r\n");
    expect(await r.call("CONFIG", "GET", "port")).toBe(`*2\r\n$4\r\nport\r\n$${String(s.port).length}\r\n${s.port}\r\n`);
    s.proc.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(await r.waitClosed()).toBe(true);
    expect(s.output()).toContain("Received SIGTERM scheduling shutdown...");
    expect(s.output()).toContain("bye bye");
  });

  it("reads a redis.conf; command-line options win; SIGINT stops it too", async () => {
    const conf = join(dir, "redis.conf");
    writeFileSync(
      conf,
      ["# test config", "timeout 7", 'requirepass "from file"', "hz 20", "maxclients 50", "daemonize no", "loglevel verbose"].join("\n"),
    );
    const s = await start(["--config", conf, "--timeout", "9"]);
    expect(s.output()).toContain("ignoring 'daemonize no' (line 6)");
    const r = await Raw.open(s.port);
    expect(await r.call("PING")).toBe("-NOAUTH Authentication required.\r\n");
    expect(await r.call("AUTH", "from file")).toBe("+OK\r\n");
    expect(await r.call("CONFIG", "GET", "timeout")).toBe("*2\r\n$7\r\ntimeout\r\n$1\r\n9\r\n");
    expect(await r.call("CONFIG", "GET", "maxclients")).toBe("*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n");
    // A network server defaults DEBUG off, as redis-server does.
    expect((await r.call("DEBUG", "SLEEP", "0")).startsWith("-ERR DEBUG command not allowed")).toBe(true);
    s.proc.kill("SIGINT");
    expect(await s.exited).toBe(0);
  });

  it("--dir persists there: data written before SIGTERM is served after a restart", async () => {
    const data = join(dir, "data");
    mkdirSync(data, { recursive: true });
    const first = await start(["--dir", data, "--appendonly", "yes"]);
    const r1 = await Raw.open(first.port);
    expect(await r1.call("SET", "durable", "yes")).toBe("+OK\r\n");
    expect(await r1.call("RPUSH", "l", "a", "b")).toBe(":2\r\n");
    first.proc.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const second = await start(["--dir", data, "--appendonly", "yes"]);
    const r2 = await Raw.open(second.port);
    expect(await r2.call("GET", "durable")).toBe("$3\r\nyes\r\n");
    expect(await r2.call("LRANGE", "l", "0", "-1")).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("refuses a non-loopback bind without a password, and bad config", async () => {
    const node = process.execPath;
    const open = await run(node, [BIN, "serve", "--port", "0", "--bind", "0.0.0.0"]);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain("refusing to listen on 0.0.0.0 without a password (protected mode)");
    const bad = await run(node, [BIN, "serve", "--port", "abc"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("*** FATAL CONFIG FILE ERROR (redis-anywhere) ***");
    expect(bad.stderr).toContain("argument couldn't be parsed into an integer");
    const help = await run(node, [BIN, "serve", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: redis-anywhere serve");
  });

  it("listens on every address with a password", async () => {
    const s = await start(["--bind", "0.0.0.0", "--requirepass", "pw"]);
    const r = await Raw.open(s.port);
    expect(await r.call("AUTH", "pw")).toBe("+OK\r\n");
    expect((await r.call("CLIENT", "INFO")).includes(`laddr=127.0.0.1:${s.port}`)).toBe(true);
    s.proc.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });
});

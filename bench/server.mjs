// Server mode: redis-benchmark against our server (`redis-anywhere serve`, dist/cli/bin.js) and
// against a redis-server on the same machine, in the same run, side by side.
//
// Both servers run as child processes on free loopback ports and get the same redis-benchmark runs,
// interleaved test by test (ours, then redis-server) so drift hits both alike: the tests
// (set, get, incr, lpush, rpop, sadd, hset, zadd, lrange_100), each without pipelining (50 clients,
// one request in flight each) and with -P 16. Tests whose commands our engine does not have yet are
// shown as "n/a" for ours. Figures are requests per second as redis-benchmark reports them (--csv).
//
// Skipped with a note when redis-benchmark is not installed; redis-server's column is "n/a" without
// redis-server. Takes about 15 s (-n 20000 unpipelined, 100000 pipelined; a quarter with --quick).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as api from "../dist/index.js";
import { formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "server";

/** redis-benchmark's tests and the commands each sends. */
const TESTS = {
  set: ["set"],
  get: ["get"],
  incr: ["incr"],
  lpush: ["lpush"],
  rpop: ["rpop"],
  sadd: ["sadd"],
  hset: ["hset"],
  zadd: ["zadd"],
  lrange_100: ["lpush", "lrange"],
};

const installed = (cmd) => spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns a server and resolves once `ready` matches its output. */
function startProcess(cmd, args, ready) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (d) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ proc, match: m });
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.once("error", reject);
    proc.once("exit", (code) => reject(new Error(`${cmd} exited with ${code}: ${out}`)));
  });
}

function stop(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.removeAllListeners("exit");
    proc.once("exit", () => resolve());
    proc.kill("SIGTERM");
    setTimeout(() => proc.kill("SIGKILL"), 3000).unref();
  });
}

/** One redis-benchmark run; resolves with requests per second, or undefined on failure. */
function benchmark(port, test, n, pipeline) {
  return new Promise((resolve) => {
    const args = ["-h", "127.0.0.1", "-p", String(port), "-t", test, "-n", String(n), "-P", String(pipeline), "--csv"];
    const proc = spawn("redis-benchmark", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    proc.stdout.on("data", (d) => (out += d.toString()));
    proc.stderr.on("data", () => {});
    proc.on("exit", (code) => {
      const m = /^"[^"]+","([0-9.]+)"/m.exec(out);
      resolve(code === 0 && m ? Number(m[1]) : undefined);
    });
  });
}

export async function run(cfg) {
  if (!installed("redis-benchmark")) {
    console.log(`\n${name}: skipped (redis-benchmark is not installed: apt-get install redis-tools)`);
    return { name, checks: [] };
  }
  const probe = api.createEngine();
  const implemented = (t) => TESTS[t].every((c) => probe.lookupCommand(c) !== undefined);
  const wanted = cfg.filter.map((f) => f.toLowerCase());
  const tests = Object.keys(TESTS).filter((t) => wanted.length === 0 || wanted.includes(t) || wanted.includes(name));
  if (tests.length === 0) {
    probe.close();
    return { name, checks: [] };
  }

  const bin = fileURLToPath(new URL("../dist/cli/bin.js", import.meta.url));
  const ours = await startProcess(process.execPath, [bin, "serve", "--port", "0", "--save", ""], /Ready to accept connections tcp on \S+:(\d+)/);
  const oursPort = Number(ours.match[1]);
  let redis;
  let redisPort;
  let redisDir;
  if (installed("redis-server")) {
    redisPort = await freePort();
    redisDir = mkdtempSync(join(tmpdir(), "ra-bench-redis-"));
    redis = await startProcess(
      "redis-server",
      ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisDir],
      /Ready to accept connections/,
    );
  }

  const scale = cfg.quick ? 0.25 : 1;
  const modes = [
    { label: "P1", pipeline: 1, n: Math.round(20_000 * scale) },
    { label: "P16", pipeline: 16, n: Math.round(100_000 * scale) },
  ];
  const rows = [];
  try {
    for (const t of tests) {
      const row = [t];
      for (const m of modes) {
        const o = implemented(t) ? await benchmark(oursPort, t, m.n, m.pipeline) : undefined;
        const r = redis ? await benchmark(redisPort, t, m.n, m.pipeline) : undefined;
        row.push(formatOps(o), formatOps(r), o !== undefined && r !== undefined ? formatRatio(o / r) : "n/a");
      }
      rows.push(row);
    }
  } finally {
    probe.close();
    await stop(ours.proc);
    if (redis) await stop(redis.proc);
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
  }

  console.log(
    `\n${name}: redis-benchmark requests per second, ours (redis-anywhere serve) vs redis-server` +
      `${redis ? "" : " (not installed)"}; 50 clients; P1 -n ${modes[0].n}, P16 -n ${modes[1].n}`,
  );
  printTable(["test", "ours P1", "redis P1", "ours/redis", "ours P16", "redis P16", "ours/redis"], rows);
  console.log("  n/a for ours: the engine does not have that test's commands yet.");
  return { name, checks: [] };
}

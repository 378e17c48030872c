// Persistence figures, on the fs backend in a temporary directory, beside redis-server on the same data
// (when it is installed):
//   SAVE and load of N small keys (SET key:i value-i) and of one N-field hash, and
//   AOF replay of N commands (an INCR file of N SETs, loaded with appendonly yes).
// redis-server's side: the same data sent over a socket, then its SAVE and its restart time (process
// start to the first PONG after loading) on the same files; for the AOF, our AOF folder loaded by it.
//
// N is 1,000,000 (the issue's size); `--size=N` picks another, `--quick` uses 100,000.
// Run alone: `node bench/persistence.mjs [--size=N]` (after `npm run build`), or via bench/run.mjs.
// Printing only: no target here fails anything.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine, persistenceOf } from "../dist/node.js";
import { printTable, settings } from "./lib.mjs";

export const name = "persistence";

const now = () => performance.now();
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function sizeArg(argv, quick) {
  const a = argv.find((x) => x.startsWith("--size="));
  if (a !== undefined) return Number(a.slice(7));
  return quick ? 100_000 : 1_000_000;
}

/** Runs `fill(session)` on a fresh engine persisted in `dir`. */
async function filledEngine(dir, config, fill) {
  const engine = await createEngine({ dir, config: { save: "", ...config } });
  const s = engine.createSession();
  fill(s);
  return engine;
}

const fillKeys = (n) => (s) => {
  for (let i = 0; i < n; i++) s.exec(["SET", `key:${i}`, `value-${i}`]);
};
const fillHash = (n) => (s) => {
  const argv = ["HSET", "big"];
  for (let i = 0; i < n; i++) {
    argv.push(`field:${i}`, `value-${i}`);
    if (argv.length >= 2002) {
      s.exec(argv);
      argv.length = 2;
    }
  }
  if (argv.length > 2) s.exec(argv);
};

/** Our SAVE (snapshot + encode + durable write) and load (read + decode + apply) of dump.rdb. */
async function ours(label, n, fill) {
  const dir = mkdtempSync(join(tmpdir(), "ra-bench-"));
  try {
    const engine = await filledEngine(dir, { appendonly: "no" }, fill);
    const p = persistenceOf(engine);
    const t0 = now();
    await p.saveSync();
    const save = now() - t0;
    engine.close();
    const size = statSync(join(dir, "dump.rdb")).size;
    const t1 = now();
    const loaded = await createEngine({ dir, config: { appendonly: "no", save: "" } });
    const load = now() - t1;
    const keys = loaded.db(0).size;
    loaded.close();
    return { label, save, load, size, keys, dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** An AOF folder holding N SET commands in its INCR file, and our time to replay it. */
async function aofReplay(n) {
  const dir = mkdtempSync(join(tmpdir(), "ra-bench-aof-"));
  const engine = await createEngine({
    dir,
    config: { appendonly: "yes", appendfsync: "everysec", save: "", "auto-aof-rewrite-percentage": "0" },
  });
  const s = engine.createSession();
  const t0 = now();
  for (let i = 0; i < n; i++) {
    s.exec(["SET", `key:${i}`, `value-${i}`]);
    // Let the writer drain now and then, as a running server's event loop would.
    if ((i & 0xffff) === 0xffff) await new Promise((r) => setImmediate(r));
  }
  await persistenceOf(engine).whenDurable();
  const write = now() - t0;
  await persistenceOf(engine).close();
  engine.close();
  const size = statSync(join(dir, "appendonlydir", "appendonly.aof.1.incr.aof")).size;
  const t1 = now();
  const loaded = await createEngine({ dir, config: { appendonly: "yes", save: "" } });
  const load = now() - t1;
  const keys = loaded.db(0).size;
  await persistenceOf(loaded).close();
  loaded.close();
  return { write, load, size, keys, dir };
}

// ---------------------------------------------------------------- redis-server

const hasRedis = () => spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

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

/** Sends RESP bytes and resolves with the replies once `expect` replies arrived. */
function talk(port, chunks, expect) {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: "127.0.0.1", port });
    let got = "";
    let count = 0;
    sock.once("error", reject);
    sock.on("data", (d) => {
      const text = d.toString("latin1");
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
      got = (got + text).slice(-200);
      if (count >= expect) {
        sock.destroy();
        resolve(got);
      }
    });
    sock.once("connect", async () => {
      for (const c of chunks) if (!sock.write(c)) await new Promise((r) => sock.once("drain", r));
    });
  });
}

const resp = (argv) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

/** Starts redis-server on `dir`; resolves with its handle once it answers PONG (loading done). */
async function startRedis(dir, extra) {
  const port = await freePort();
  const t0 = now();
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", ...extra], {
    stdio: "ignore",
  });
  for (;;) {
    if (proc.exitCode !== null) throw new Error("redis-server exited");
    try {
      const r = await talk(port, ["PING\r\n"], 1);
      if (r.startsWith("+PONG")) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const ready = now() - t0;
  const stop = () =>
    new Promise((resolve) => {
      proc.once("exit", resolve);
      proc.kill("SIGKILL");
    });
  return { port, ready, stop };
}

/** redis-server's SAVE and restart time on the same data. */
async function theirs(n, kind) {
  const dir = mkdtempSync(join(tmpdir(), "ra-bench-redis-"));
  try {
    const srv = await startRedis(dir, ["--appendonly", "no"]);
    const chunks = [];
    let cmds = 0;
    let buf = "";
    const push = (argv) => {
      buf += resp(argv);
      cmds++;
      if (buf.length > 1 << 20) {
        chunks.push(buf);
        buf = "";
      }
    };
    if (kind === "keys") for (let i = 0; i < n; i++) push(["SET", `key:${i}`, `value-${i}`]);
    else {
      let argv = ["HSET", "big"];
      for (let i = 0; i < n; i++) {
        argv.push(`field:${i}`, `value-${i}`);
        if (argv.length >= 2002) {
          push(argv);
          argv = ["HSET", "big"];
        }
      }
      if (argv.length > 2) push(argv);
    }
    if (buf.length > 0) chunks.push(buf);
    await talk(srv.port, chunks, cmds);
    const t0 = now();
    await talk(srv.port, [resp(["SAVE"])], 1);
    const save = now() - t0;
    await srv.stop();
    const again = await startRedis(dir, ["--appendonly", "no"]);
    await again.stop();
    return { save, load: again.ready, size: statSync(join(dir, "dump.rdb")).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** redis-server loading our AOF folder (the same N commands). */
async function theirAofReplay(ourDir) {
  const dir = mkdtempSync(join(tmpdir(), "ra-bench-redis-aof-"));
  try {
    mkdirSync(join(dir, "appendonlydir"));
    cpSync(join(ourDir, "appendonlydir"), join(dir, "appendonlydir"), { recursive: true });
    const srv = await startRedis(dir, ["--appendonly", "yes", "--auto-aof-rewrite-percentage", "0"]);
    await srv.stop();
    return { load: srv.ready };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(cfg = settings()) {
  const argv = process.argv.slice(2);
  // `node bench/run.mjs GET MGET` picks operations of the other benches: skip unless asked for.
  if (cfg.filter.length > 0 && !cfg.filter.some((f) => /^(persistence|save|aof)$/i.test(f))) return { checks: [] };
  const n = sizeArg(argv, cfg.quick);
  const fmt = n.toLocaleString("en-US");
  console.log(`\n== persistence (fs backend, ${fmt} items${hasRedis() ? ", beside redis-server" : ""}) ==`);
  const redis = hasRedis();
  const rows = [];
  const dirs = [];
  try {
    for (const [label, kind, fill] of [
      [`${fmt} small keys`, "keys", fillKeys(n)],
      [`${fmt}-field hash`, "hash", fillHash(n)],
    ]) {
      const r = await ours(label, n, fill);
      dirs.push(r.dir);
      const t = redis ? await theirs(n, kind) : undefined;
      rows.push([
        `${label}: SAVE`,
        secs(r.save),
        t ? secs(t.save) : "-",
        mb(r.size),
        t ? mb(t.size) : "-",
      ]);
      rows.push([`${label}: load at start`, secs(r.load), t ? secs(t.load) : "-", "", ""]);
    }
    const a = await aofReplay(n);
    dirs.push(a.dir);
    const t = redis ? await theirAofReplay(a.dir) : undefined;
    rows.push([`AOF: append ${fmt} SETs (everysec)`, secs(a.write), "", mb(a.size), ""]);
    rows.push([`AOF: replay ${fmt} commands at start`, secs(a.load), t ? secs(t.load) : "-", "", ""]);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  printTable(["operation", "redis-anywhere", "redis-server", "our file", "redis file"], rows);
  console.log("(redis-server: SAVE as the client sees it; load = process start to the first PONG, loading done)");
  return { checks: [] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();

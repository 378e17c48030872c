/**
 * `redis-anywhere serve` (`npm run serve`): the engine as a Redis server on a TCP port, for
 * redis-cli, redis-benchmark and clients in any language.
 *
 *   redis-anywhere serve [--port 6379] [--bind 127.0.0.1] [--requirepass pw] [--maxclients n]
 *                        [--config redis.conf] [--<directive> <value> …]
 *
 * Options are redis-server's: `--name value …` for any directive the engine knows (timeout, hz,
 * maxmemory, notify-keyspace-events …), after the config file's, so they win. A non-loopback bind
 * needs a password (protected mode). `--dir` persists there as redis-server does. SIGTERM and
 * SIGINT shut down gracefully: stop listening, disconnect clients, close the engine.
 *
 * Logs go to stdout in redis-server's layout (`pid:M 01 Jan 2024 10:00:00.000 * message`), filtered by
 * `loglevel`. Host code: Node APIs are typed locally (src/server/node-api.ts).
 */
import { createEngine, shutdownEngine } from "../index.js";
import { createEngine as createPersistentEngine } from "../node.js";
import { ConfigError, parseConfigText, parseOptionArgs, type Directive } from "../server/config-file.js";
import { loadModule, nodeProcess, type FsModuleLike } from "../server/node-api.js";
import { serve, type LogLevel } from "../server/serve.js";
import { resolveSettings } from "../server/server-settings.js";
import { REDIS_VERSION } from "../engine/version.js";

const USAGE = `Usage: redis-anywhere serve [options]

Runs the engine as a Redis server (RESP2/RESP3 over TCP), in memory.

Options:
  --port <n>              TCP port (default 6379; 0 picks a free one)
  --bind <addr> [addr…]   addresses to listen on (default 127.0.0.1); a non-loopback
                          address needs --requirepass (or --protected-mode no)
  --requirepass <pw>      clients must AUTH <pw> (or HELLO 3 AUTH default <pw>)
  --maxclients <n>        refuse connections beyond n (default 10000)
  --timeout <seconds>     close clients idle this long (default 0: never)
  --config <file>         read directives from a redis.conf (command-line options win)
  --<directive> <value>   any other configuration directive the engine supports
  --dir <path>            data directory: dump.rdb and appendonlydir/ as redis-server lays them out
                          (with --appendonly yes / --save "60 1000"); without it, data is in memory
  -h, --help              this help
`;

const LEVELS: Record<string, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
const LEVEL_MARK: Record<LogLevel, string> = { debug: ".", verbose: "-", notice: "*", warning: "#" };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function timestamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return (
    `${p(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
  );
}

/** Runs the server until a signal stops it. Returns the exit code for start-up failures. */
export async function main(args: readonly string[]): Promise<number> {
  const proc = nodeProcess();
  if (args.includes("-h") || args.includes("--help")) {
    proc.stdout.write(USAGE);
    return 0;
  }
  let threshold = LEVELS["notice"]!;
  const log = (level: LogLevel, message: string): void => {
    if (LEVELS[level]! < threshold) return;
    proc.stdout.write(`${proc.pid}:M ${timestamp(new Date())} ${LEVEL_MARK[level]} ${message}\n`);
  };

  let engine;
  let settings;
  try {
    const { directives: cli, positional } = parseOptionArgs(args);
    if (positional.length > 1) throw new ConfigError(undefined, `unexpected argument '${positional[1]}'\n\n${USAGE}`);
    const configPaths = [...positional, ...cli.filter((d) => d.name === "config").map((d) => d.args[0] ?? "")];
    const fromFile: Directive[] = [];
    for (const d of cli) if (d.name === "config" && d.args.length !== 1) throw new ConfigError(d, "--config takes one file");
    if (configPaths.length > 1) throw new ConfigError(undefined, "only one configuration file can be given");
    if (configPaths[0] !== undefined) {
      const fs = (await loadModule("node:fs")) as FsModuleLike;
      let text: string;
      try {
        text = fs.readFileSync(configPaths[0], "latin1");
      } catch (e) {
        throw new ConfigError(undefined, `Fatal error, can't open config file '${configPaths[0]}': ${(e as Error).message}`);
      }
      fromFile.push(...parseConfigText(text));
    }
    // Redis's defaults for a network server, before the file and the options.
    const defaults: Directive[] = [
      { name: "enable-debug-command", args: ["no"], origin: "defaults", text: "enable-debug-command no" },
      { name: "enable-protected-configs", args: ["no"], origin: "defaults", text: "enable-protected-configs no" },
    ];
    const probe = createEngine();
    try {
      settings = resolveSettings([...defaults, ...fromFile, ...cli.filter((d) => d.name !== "config")], probe.config);
    } finally {
      probe.close();
    }
    threshold = LEVELS[settings.engineConfig["loglevel"] ?? "notice"] ?? threshold;
    for (const w of settings.warnings) log("warning", w);
    engine =
      settings.dir === undefined
        ? createEngine({ config: settings.engineConfig })
        : await createPersistentEngine({ dir: settings.dir, config: settings.engineConfig });
  } catch (e) {
    proc.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  let handle;
  try {
    handle = await serve({ engine, port: settings.port, bind: settings.bind, log });
  } catch (e) {
    engine.close();
    const err = e as Error & { code?: string };
    const reason = err.code === "EADDRINUSE" ? `port ${settings.port} is already in use` : err.message;
    proc.stderr.write(`redis-anywhere serve: ${reason}\n`);
    return 1;
  }
  if (settings.dir === undefined) {
    log("notice", "No --dir given: the data lives in memory only and is lost when the server stops.");
  } else {
    log("notice", `Data directory ${settings.dir} (appendonly ${engine.config.get("appendonly")}, save "${engine.config.get("save")}")`);
  }
  log("notice", `redis-anywhere (Redis ${REDIS_VERSION} engine), pid=${proc.pid}, just started`);
  log("notice", `Ready to accept connections tcp on ${handle.addresses.join(" ")}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      log("warning", `Received ${signal} again: exiting now.`);
      proc.exit(1);
    }
    stopping = true;
    log("warning", `Received ${signal} scheduling shutdown...`);
    void handle.close().then(async () => {
      // Like Redis's SIGTERM: flush the AOF and save a snapshot when save rules are set.
      if (settings.dir !== undefined) await shutdownEngine(engine).catch((e: unknown) => log("warning", `Error saving on shutdown: ${String(e)}`));
      else engine.close();
      log("warning", "redis-anywhere is now ready to exit, bye bye...");
      proc.exit(0);
    });
  };
  proc.on("SIGTERM", () => shutdown("SIGTERM"));
  proc.on("SIGINT", () => shutdown("SIGINT"));
  return 0;
}

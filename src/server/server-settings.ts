/**
 * Turns configuration directives (from a redis.conf and the command line, config-file.ts) into what
 * the server needs: where to listen, the password, and the engine's configuration. Every directive
 * the engine's config store knows is accepted with config.c's validation and messages; port, bind,
 * requirepass and maxclients also shape the listener. Pure: the caller passes the config store to
 * validate against.
 *
 * Refused on purpose, with a clear reason: `include` (one file only). `dir` is the data directory
 * (fs persistence there, as redis-server lays it out), kept apart from the engine config. Directives the
 * engine does not know (daemonize, logfile, unixsocket …) are ignored with a warning, so a stock
 * redis.conf still loads.
 */
import type { ConfigStore } from "../engine/config.js";
import { ConfigError, type Directive } from "./config-file.js";

export interface ServeSettings {
  port: number;
  bind: string[];
  /** The password, when one was configured. */
  requirepass: string | undefined;
  /** Engine configuration by Redis's names, for createEngine({ config }). */
  engineConfig: Record<string, string>;
  /** Directives that were ignored, one message each. */
  warnings: string[];
  /** The data directory (`dir`): persistence on the filesystem there; undefined keeps data in memory. */
  dir: string | undefined;
}

/** MULTI_ARG_CONFIG parameters: their arguments are joined with spaces. */
const MULTI_ARG = new Set(["save", "client-output-buffer-limit", "latency-tracking-info-percentiles", "bind"]);
/** Parameters whose repeated lines add up instead of replacing (save rules, one line per class). */
const CUMULATIVE = new Set(["save", "client-output-buffer-limit"]);

/**
 * Resolves directives in order (later ones win). Throws ConfigError, in Redis's report layout, for
 * the first invalid one.
 */
export function resolveSettings(directives: readonly Directive[], config: ConfigStore): ServeSettings {
  const settings: ServeSettings = { port: 6379, bind: ["127.0.0.1"], requirepass: undefined, engineConfig: {}, warnings: [], dir: undefined };
  const engineConfig = settings.engineConfig;
  const cumulativeSeen = new Set<string>();
  for (const d of directives) {
    const fail = (reason: string): never => {
      throw new ConfigError(d, reason);
    };
    if (d.name === "include") fail("include is not supported by redis-anywhere: put every directive in one file");
    if (d.name === "dir") {
      if (d.args.length !== 1 || d.args[0] === "") fail("wrong number of arguments");
      settings.dir = d.args[0];
      continue;
    }
    const param = config.param(d.name);
    if (param === undefined) {
      settings.warnings.push(`ignoring '${d.text}' (${d.origin}): not a directive redis-anywhere supports`);
      continue;
    }
    const multi = MULTI_ARG.has(param.name);
    if (!multi && d.args.length !== 1) fail("wrong number of arguments");
    if (multi && d.args.length === 0) fail("wrong number of arguments");
    let value = d.args.join(" ");
    if (CUMULATIVE.has(param.name)) {
      // The first line replaces the default, later ones add to it; `save ""` clears the rules.
      const before = engineConfig[param.name];
      if (cumulativeSeen.has(param.name) && before !== undefined && before !== "" && value !== "") value = `${before} ${value}`;
      cumulativeSeen.add(param.name);
    }
    let canonical = value;
    try {
      canonical = param.parse(value);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    switch (param.name) {
      case "port":
        settings.port = Number(canonical);
        continue;
      case "bind":
        settings.bind = d.args.flatMap((a) => a.split(" ")).filter((a) => a !== "");
        continue;
      case "requirepass":
        settings.requirepass = value;
        break;
    }
    engineConfig[param.name] = CUMULATIVE.has(param.name) ? value : canonical;
  }
  return settings;
}

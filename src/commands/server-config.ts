/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP (config.c). The parameters and their validation live
 * in engine/config-params.ts and the store's semantics (atomic multi-set, alias names, glob matching)
 * in engine/config.ts; this file only speaks the commands.
 */
import type { Command, CommandDef } from "../engine/command-types.js";
import type { Engine } from "../engine/engine.js";
import { CONFIG_NO_FILE, SYNTAX } from "../engine/errors.js";
import { protectedActionAllowed } from "../engine/config-params.js";
import { MapReply, OK, type Reply } from "../engine/reply.js";
import { helpReply, sessionIsLocal } from "./connection-client.js";
import { topLevelCommands } from "./server-command.js";

const CONFIG_HELP = [
  "GET <pattern>",
  "    Return parameters matching the glob-like <pattern> and their values.",
  "SET <directive> <value>",
  "    Set the configuration <directive> to <value>.",
  "RESETSTAT",
  "    Reset statistics reported by the INFO command.",
  "REWRITE",
  "    Rewrite the configuration file.",
];

/** CONFIG RESETSTAT: every counter INFO reports goes back to zero (resetServerStats, resetCommandTableStats). */
export function resetStats(engine: Engine): void {
  // The stats record grows as features add counters; reset whatever it holds, numbers and tallies alike.
  const stats = engine.stats as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(stats)) {
    if (typeof v === "number") stats[k] = 0;
    else if (v instanceof Map) v.clear();
  }
  const reset = (c: Command): void => {
    c.calls = 0;
    c.failedCalls = 0;
    c.rejectedCalls = 0;
    c.usec = 0;
    for (const sub of c.subcommands?.values() ?? []) reset(sub);
  };
  for (const c of topLevelCommands(engine)) reset(c);
}

export const CONFIG_COMMANDS: CommandDef[] = [
  {
    name: "config|get",
    handler: (s, argv) => {
      const out: Reply[] = [];
      for (const [name, value] of s.engine.config.match(argv.slice(2))) out.push(name, value);
      return new MapReply(out);
    },
  },
  {
    name: "config|set",
    handler: (s, argv) => {
      // Name/value pairs only: an odd count is a syntax error (arity already demands one pair).
      if (argv.length % 2 !== 0) throw SYNTAX;
      const pairs: [string, string][] = [];
      for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
      const allowProtected = protectedActionAllowed(s.engine.config.get("enable-protected-configs"), sessionIsLocal(s));
      s.engine.config.setMany(pairs, { allowProtected });
      return OK;
    },
  },
  {
    name: "config|resetstat",
    handler: (s) => {
      resetStats(s.engine);
      return OK;
    },
  },
  {
    name: "config|rewrite",
    handler: () => {
      // An in-process engine is configured by its embedder, never from a file.
      throw CONFIG_NO_FILE;
    },
  },
  {
    name: "config|help",
    handler: (_s, argv) => helpReply(argv[0]!, CONFIG_HELP),
  },
];

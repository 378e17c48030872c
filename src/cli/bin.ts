#!/usr/bin/env node
/**
 * The `redis-anywhere` command (package.json "bin"):
 *   redis-anywhere serve [options]   the engine as a Redis server over TCP (src/cli/serve.ts)
 *   redis-anywhere [console]         the interactive console on an embedded engine (src/cli/console.ts)
 * Each subcommand's module is loaded only when chosen, so the console never loads the server.
 */
import { nodeProcess } from "../server/node-api.js";

const proc = nodeProcess();
const [sub, ...rest] = proc.argv.slice(2);

if (sub === "serve") {
  const { main } = await import("./serve.js");
  const code = await main(rest);
  if (code !== 0) proc.exit(code);
} else if (sub === undefined || sub === "console") {
  await import("./console.js");
} else {
  proc.stderr.write(
    `redis-anywhere: unknown command '${sub}'\n` +
      "Usage: redis-anywhere serve [options]   (a Redis server; --help for its options)\n" +
      "       redis-anywhere [console]         (an interactive console on an embedded engine)\n",
  );
  proc.exit(1);
}

/**
 * The behaviour suites written for describeBoth (test/behaviour/*.test.ts and
 * test/client/behaviour.test.ts: ioredis semantics, checked there against a real redis-server) run
 * here once more with the real ioredis talking TCP to our server. describeBoth is swapped for
 * describeOurs, so each body gets a target whose connect() is `new IORedis({ port })` on our server.
 * New behaviour files are picked up automatically.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { vi } from "vitest";

vi.mock("../support/targets.js", async () => {
  const { describeOurs } = await import("../support/tcp-target.js");
  return { describeBoth: describeOurs };
});

const behaviourDir = fileURLToPath(new URL("../behaviour/", import.meta.url));
const files = [
  ...readdirSync(behaviourDir)
    .filter((f) => f.endsWith(".test.ts"))
    .sort()
    .map((f) => pathToFileURL(`${behaviourDir}${f}`).href),
  new URL("../client/behaviour.test.ts", import.meta.url).href,
];
for (const f of files) await import(f);

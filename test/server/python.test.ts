/**
 * Debian's python3-redis (redis-py) running classic patterns (test/server/python/*.py) against our
 * server and against a real redis-server: the printed results must be identical. python3-redis works
 * only with the system interpreter (/usr/bin/python3). A script whose commands our engine does not
 * have yet (COMMAND INFO answers nil for them) is skipped, with the reason in its title.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from "../setup/redis-server.js";
import { startOurServer, type OurServer } from "../support/tcp-target.js";
import { run } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const haveRedisPy = spawnSync(PYTHON, ["-c", "import redis"]).status === 0;
const SCRIPTS_DIR = fileURLToPath(new URL("./python/", import.meta.url));

/** Each script and the commands it needs beyond strings, keys and transactions. */
const SCRIPTS: Record<string, string[]> = {
  "cache_aside.py": ["get", "set", "incr", "mget", "scan", "ttl"],
  "pipelines.py": ["multi", "exec", "watch", "incrby"],
  "pubsub_patterns.py": ["subscribe", "psubscribe", "publish", "punsubscribe", "unsubscribe", "pubsub"],
  "streams_groups.py": ["xadd", "xgroup", "xreadgroup", "xack", "xpending", "xautoclaim", "xinfo", "xtrim", "xrange"],
};

/** The commands COMMAND INFO does not know on our engine (nil entries). */
function missingCommands(names: readonly string[]): string[] {
  const engine = createEngine();
  const reply = engine.createSession().exec(["COMMAND", "INFO", ...names]);
  engine.close();
  if (!Array.isArray(reply)) throw new Error("COMMAND INFO did not answer an array");
  return names.filter((_, i) => reply[i] === null);
}

describe.skipIf(!haveRedisPy || !redisServerAvailable())("python3-redis patterns: ours vs redis-server", () => {
  let ours: OurServer;
  let redis: RedisServerHandle;
  beforeAll(async () => {
    [ours, redis] = await Promise.all([startOurServer(), startRedisServer()]);
  });
  afterAll(async () => {
    await Promise.all([ours?.close(), redis?.stop()]);
  });

  for (const [script, needs] of Object.entries(SCRIPTS)) {
    const missing = missingCommands(needs);
    const title =
      missing.length === 0
        ? `${script} prints the same against both`
        : `${script} (skipped: the engine does not answer ${missing.map((m) => m.toUpperCase()).join(", ")} yet)`;
    it.skipIf(missing.length > 0)(title, async () => {
      const path = `${SCRIPTS_DIR}${script}`;
      const [a, b] = await Promise.all([run(PYTHON, ["-B", path, String(ours.port)]), run(PYTHON, ["-B", path, String(redis.port)])]);
      expect(b.code, `against redis-server: ${b.stderr}`).toBe(0);
      expect(a.stderr).toBe("");
      expect(a.code).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stdout.split("\n").length).toBeGreaterThan(5);
    });
  }
});

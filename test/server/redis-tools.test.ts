/**
 * Debian's redis-tools against our server: redis-cli (commands, output compared with a real
 * redis-server, --pipe mass insertion, --scan) and redis-benchmark with the test list.
 * Skipped when redis-cli is not installed (.ci/run and scripts/ensure-redis.mjs install it).
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from "../setup/redis-server.js";
import { startOurServer, type OurServer } from "../support/tcp-target.js";
import { redisCli, run } from "./helpers.js";

const haveCli = spawnSync("redis-cli", ["--version"]).status === 0;
const haveBenchmark = spawnSync("redis-benchmark", ["--version"]).status === 0;

describe.skipIf(!haveCli)("redis-cli against our server", () => {
  let ours: OurServer;
  let redis: RedisServerHandle | undefined;
  beforeAll(async () => {
    ours = await startOurServer();
    if (redisServerAvailable()) redis = await startRedisServer();
  });
  afterAll(async () => {
    await ours?.close();
    await redis?.stop();
  });

  it("runs commands given as arguments", async () => {
    expect((await redisCli(ours.port, ["SET", "cli:a", "hello world"])).stdout).toBe("OK\n");
    expect((await redisCli(ours.port, ["GET", "cli:a"])).stdout).toBe("hello world\n");
    expect((await redisCli(ours.port, ["INCR", "cli:n"])).stdout).toBe("1\n");
    expect((await redisCli(ours.port, ["-n", "3", "SET", "cli:db3", "x"])).stdout).toBe("OK\n");
    expect((await redisCli(ours.port, ["-n", "3", "DBSIZE"])).stdout).toBe("1\n");
    expect((await redisCli(ours.port, ["-3", "HELLO", "3"])).stdout).toMatch(/^proto\s3$/m);
  });

  it.skipIf(!redisServerAvailable())("prints the same as against redis-server, for a script on stdin", async () => {
    const script = [
      "SET s:1 hello",
      "APPEND s:1 \" world\"",
      "GET s:1",
      "SET s:bin \"\\x00\\xff\\n\"",
      "GET s:bin",
      "STRLEN s:bin",
      "INCRBYFLOAT s:f 1.5",
      "MSET s:a 1 s:b 2",
      "MGET s:a s:b s:none",
      "EXPIRE s:a 100",
      "TTL s:a",
      "TYPE s:a",
      "INCR s:1",
      "NOSUCHCOMMAND x",
      "GET",
      "CLIENT SETNAME cli-test",
      "CLIENT GETNAME",
      "ECHO 'single quoted'",
      "EXISTS s:a s:b s:none",
      "DEL s:a s:b",
      "DBSIZE",
    ].join("\n");
    await Promise.all([redisCli(ours.port, ["FLUSHALL"]), redisCli(redis!.port, ["FLUSHALL"])]);
    for (const flags of [[], ["--no-raw"], ["--raw"], ["--csv"]]) {
      const [a, b] = await Promise.all([redisCli(ours.port, flags, script), redisCli(redis!.port, flags, script)]);
      expect(a.stdout, `flags ${flags.join(" ")}`).toBe(b.stdout);
      await Promise.all([redisCli(ours.port, ["FLUSHALL"]), redisCli(redis!.port, ["FLUSHALL"])]);
    }
  });

  it("--pipe mass insertion (RESP and inline), with the error count", async () => {
    const n = 20_000;
    let data = "";
    for (let i = 0; i < n; i++) {
      const k = `mass:${i}`;
      const v = `value-${i}`;
      data += i % 2 === 0 ? `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n` : `SET ${k} ${v}\r\n`;
    }
    data += "INCR mass:0\r\n";
    const r = await run("redis-cli", ["-p", String(ours.port), "--pipe"], { input: data });
    // redis-cli --pipe exits with 1 when any reply was an error.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`errors: 1, replies: ${n + 1}`);
    expect((await redisCli(ours.port, ["GET", "mass:19999"])).stdout).toBe("value-19999\n");
    expect((await redisCli(ours.port, ["EVAL_RO_NOT_A_COMMAND"])).stdout).toContain("unknown command");
  });

  it("--scan lists every matching key exactly once", async () => {
    const args: string[] = ["MSET"];
    for (let i = 0; i < 3000; i++) args.push(`scan:${i}`, "v");
    for (let i = 0; i < 500; i++) args.push(`other:${i}`, "v");
    await redisCli(ours.port, args);
    const r = await redisCli(ours.port, ["--scan", "--pattern", "scan:*"]);
    const keys = r.stdout.trim().split("\n");
    expect(keys.length).toBe(3000);
    expect(new Set(keys).size).toBe(3000);
    expect(keys.every((k) => k.startsWith("scan:"))).toBe(true);
    const all = await redisCli(ours.port, ["--scan"]);
    expect(all.stdout.trim().split("\n").length).toBeGreaterThanOrEqual(3500);
  });
});

/** redis-benchmark's tests and the commands each one sends. */
const BENCH_TESTS: Record<string, string[]> = {
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

describe.skipIf(!haveBenchmark)("redis-benchmark against our server", () => {
  let ours: OurServer;
  beforeAll(async () => {
    ours = await startOurServer();
  });
  afterAll(async () => {
    await ours?.close();
  });

  const probe = createEngine();
  const implemented = (t: string): boolean => BENCH_TESTS[t]!.every((c) => probe.lookupCommand(c) !== undefined);
  probe.close();
  const tests = Object.keys(BENCH_TESTS);
  const bench = (list: string) =>
    run("redis-benchmark", ["-h", "127.0.0.1", "-p", String(ours.port), "-t", list, "-P", "16", "-n", "3000", "-c", "10", "--csv"], {
      timeoutMs: 60_000,
    });

  it(`-t ${tests.join(",")} -P 16 completes (commands not implemented yet fail as unknown commands)`, async () => {
    if (tests.every(implemented)) {
      const r = await bench(tests.join(","));
      expect(r.code, r.stderr).toBe(0);
      for (const t of tests) expect(r.stdout).toMatch(new RegExp(`^"${t === "lrange_100" ? "LRANGE_100 \\(first 100 elements\\)" : t.toUpperCase()}","[0-9.]+"`, "m"));
      return;
    }
    // redis-benchmark stops at the first error reply, so each test runs on its own.
    for (const t of tests) {
      const r = await bench(t);
      if (implemented(t)) {
        expect(r.code, `${t}: ${r.stderr}`).toBe(0);
        expect(r.stdout, t).toMatch(/^"[A-Z_0-9 ()a-z]+","[0-9.]+"/m);
      } else {
        expect(r.code, t).toBe(1);
        expect(r.stderr, t).toMatch(/^Error from server: ERR unknown command '/m);
      }
    }
    // The server is fine afterwards.
    expect((await redisCli(ours.port, ["PING"])).stdout).toBe("PONG\n");
  });
});

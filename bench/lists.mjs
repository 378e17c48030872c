// LPUSH + RPOP (one push and one pop per operation, so a list keeps its length) on a short list
// (100 elements) and a long one (100,000), four ways, in this process:
//   client        our ioredis-compatible client, `await redis.lpush(k, v); await redis.rpop(k)`
//   engine        the engine's dispatch, `session.exec(["LPUSH", k, v])` then `["RPOP", k]`, synchronous
//   array loop    a bare JS array used as a queue (`push` + `shift`), the cheapest thing JS offers
//   ioredis-mock  the same awaited pair on ioredis-mock
// Target (issue 3): the cost per operation must not grow with the list's size — for the client and
// the engine, long-list ops/s ≥ 0.7 × short-list ops/s. Ratios to the array baseline and to
// ioredis-mock are printed without a target.
import RedisMock from "ioredis-mock";
import * as api from "../dist/index.js";
import { check, closeClient, compare, consume, makeClient, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "lists";

const SIZES = { short: 100, long: 100_000 };
const VALUE = "value-0123456789"; // 16 bytes

/** `n` elements, pushed 1000 per RPUSH. */
async function prefillAwaited(store, key, n) {
  for (let i = 0; i < n; i += 1000) await store.rpush(key, ...Array.from({ length: Math.min(1000, n - i) }, () => VALUE));
}

function prefillEngine(session, key, n) {
  for (let i = 0; i < n; i += 1000) {
    const r = session.exec(["RPUSH", key, ...Array.from({ length: Math.min(1000, n - i) }, () => VALUE)]);
    if (r instanceof Error) throw r;
  }
}

export async function run(cfg) {
  const { redis, reason } = await makeClient(api);
  const engine = api.createEngine();
  const session = engine.createSession();
  const mock = new RedisMock();
  const arrays = {};

  for (const [size, n] of Object.entries(SIZES)) {
    const key = `list:${size}`;
    if (redis !== undefined) await prefillAwaited(redis, key, n);
    await prefillAwaited(mock, key, n);
    prefillEngine(session, key, n);
    arrays[size] = Array.from({ length: n }, () => VALUE);
  }
  if (session.exec(["LLEN", "list:long"]) !== SIZES.long) throw new Error("engine prefill failed");
  if ((await mock.llen("list:long")) !== SIZES.long) throw new Error("ioredis-mock prefill failed");

  const variantsFor = (size) => {
    const key = `list:${size}`;
    const arr = arrays[size];
    const v = {};
    if (redis !== undefined) {
      v.client = async (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += await redis.lpush(key, VALUE);
          if ((await redis.rpop(key)) === VALUE) acc++;
        }
        consume(acc);
      };
    }
    v.engine = (n) => {
      let acc = 0;
      const push = ["LPUSH", key, VALUE];
      const pop = ["RPOP", key];
      for (let i = 0; i < n; i++) {
        acc += session.exec(push);
        if (session.exec(pop) === VALUE) acc++;
      }
      consume(acc);
    };
    v.arrayLoop = (n) => {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        acc += arr.push(VALUE);
        if (arr.shift() === VALUE) acc++;
      }
      consume(acc);
    };
    v.mock = async (n) => {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        acc += await mock.lpush(key, VALUE);
        if ((await mock.rpop(key)) === VALUE) acc++;
      }
      consume(acc);
    };
    return v;
  };

  const results = {};
  for (const size of Object.keys(SIZES)) {
    const op = `LPUSH+RPOP ${size}`;
    if (cfg.filter.length > 0 && !cfg.filter.some((f) => op.toUpperCase().startsWith(f.toUpperCase()))) continue;
    results[size] = await compare(variantsFor(size), cfg);
  }
  if (session.exec(["LLEN", "list:long"]) !== SIZES.long) throw new Error("the engine's list changed length");

  closeClient(redis);
  mock.disconnect();
  engine.close();

  // ---------------------------------------------------------------------------------------- report
  console.log(`\n${name}: LPUSH+RPOP pairs per second (median of ${cfg.rounds} round(s) × ${cfg.ms} ms; higher is better)`);
  if (redis === undefined) console.log(`  client: not measured (${reason})`);
  const rows = [];
  for (const [size, r] of Object.entries(results)) {
    rows.push([
      `${size} (${SIZES[size].toLocaleString("en")})`,
      formatOps(r.client),
      formatOps(r.engine),
      formatOps(r.arrayLoop),
      formatOps(r.mock),
      formatRatio(r.arrayLoop / r.engine),
      formatRatio(r.client / r.mock),
    ]);
  }
  printTable(["list", "client", "engine", "array loop", "ioredis-mock", "engine÷array", "client/mock"], rows);
  console.log(
    "  engine÷array: cost per pair relative to a bare array queue (1.00× = as cheap).\n" +
      "  client/mock: how many times faster the client is than ioredis-mock.",
  );
  const checks = [];
  if (results.short !== undefined && results.long !== undefined) {
    for (const v of ["client", "engine"]) {
      const ratio = results.long[v] / results.short[v];
      checks.push(check(`LPUSH+RPOP: ${v} ops/s on 100k ÷ on 100 elements`, ratio, ">=", 0.7));
    }
  }
  return { name, results, checks };
}

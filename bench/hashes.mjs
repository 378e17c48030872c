// HSET and HGET on a 100-field hash (a listpack) and a 10,000-field hash (a hashtable), five ways, in
// this process:
//   client        our ioredis-compatible client, `await redis.hset(key, f, v)`, one awaited call at a time
//   engine        the engine's dispatch, `session.exec(["HSET", key, f, v])`, synchronous
//   Map loop      a bare Map of Maps doing the same work in a plain loop
//   Map awaited   the same Map work awaited one operation at a time
//   ioredis-mock  the same awaited loop on ioredis-mock
// Each variant has its own prefilled hashes; HSET overwrites existing fields (the hash keeps its size)
// and HGET reads them, cycling through the fields in order.
//
// Target (issue 3): cost per operation must not grow with the hash's size. For client and engine, the
// cost at 10,000 fields ÷ the cost at 100 fields is checked to be ≤ 1.5 (a hashtable lookup is O(1); a
// 100-field listpack is scanned linearly, as in Redis, so the small hash is not the cheaper one).
import RedisMock from "ioredis-mock";
import * as api from "../dist/index.js";
import { check, closeClient, compare, consume, makeClient, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "hashes";

const SIZES = [100, 10_000];
const VALUE = "value-0123456789"; // 16 bytes

/** Field names f0 … f(n-1). */
function fieldsOf(n) {
  return Array.from({ length: n }, (_, i) => `f${i}`);
}

/** HSET argv chunks that fill `key` with `fields` → VALUE. */
function fillArgs(key, fields) {
  const chunks = [];
  for (let i = 0; i < fields.length; i += 1000) {
    const args = [key];
    for (const f of fields.slice(i, i + 1000)) args.push(f, VALUE);
    chunks.push(args);
  }
  return chunks;
}

export async function run(cfg) {
  const engine = api.createEngine();
  const session = engine.createSession();
  const { redis, reason } = await makeClient(api);
  const mock = new RedisMock();
  const maps = { loop: new Map(), await: new Map() };

  const keyOf = (size) => `hash:${size}`;
  const fields = Object.fromEntries(SIZES.map((n) => [n, fieldsOf(n)]));

  for (const size of SIZES) {
    const key = keyOf(size);
    for (const args of fillArgs(key, fields[size])) {
      if (redis !== undefined) await redis.hset(...args);
      await mock.hset(...args);
      const r = session.exec(["HSET", ...args]);
      if (r instanceof Error) throw r;
    }
    for (const m of [maps.loop, maps.await]) m.set(key, new Map(fields[size].map((f) => [f, VALUE])));
  }
  const encodings = SIZES.map((n) => `${n} fields: ${session.exec(["OBJECT", "ENCODING", keyOf(n)])}`).join(", ");

  /** The five variants of one operation on the hash of `size` fields. */
  const variantsFor = (op, size) => {
    const key = keyOf(size);
    const fs = fields[size];
    const n = fs.length;
    const v = {};
    if (op === "HSET") {
      if (redis !== undefined) {
        v.client = async (count) => {
          for (let i = 0, j = 0; i < count; i++) {
            await redis.hset(key, fs[j], VALUE);
            if (++j === n) j = 0;
          }
        };
      }
      v.engine = (count) => {
        for (let i = 0, j = 0; i < count; i++) {
          session.exec(["HSET", key, fs[j], VALUE]);
          if (++j === n) j = 0;
        }
      };
      v.mapLoop = (count) => {
        for (let i = 0, j = 0; i < count; i++) {
          maps.loop.get(key).set(fs[j], VALUE);
          if (++j === n) j = 0;
        }
      };
      v.mapAwait = async (count) => {
        for (let i = 0, j = 0; i < count; i++) {
          await maps.await.get(key).set(fs[j], VALUE);
          if (++j === n) j = 0;
        }
      };
      v.mock = async (count) => {
        for (let i = 0, j = 0; i < count; i++) {
          await mock.hset(key, fs[j], VALUE);
          if (++j === n) j = 0;
        }
      };
    } else {
      if (redis !== undefined) {
        v.client = async (count) => {
          let acc = 0;
          for (let i = 0, j = 0; i < count; i++) {
            if ((await redis.hget(key, fs[j])) === VALUE) acc++;
            if (++j === n) j = 0;
          }
          consume(acc);
        };
      }
      v.engine = (count) => {
        let acc = 0;
        for (let i = 0, j = 0; i < count; i++) {
          if (session.exec(["HGET", key, fs[j]]) === VALUE) acc++;
          if (++j === n) j = 0;
        }
        consume(acc);
      };
      v.mapLoop = (count) => {
        let acc = 0;
        for (let i = 0, j = 0; i < count; i++) {
          if (maps.loop.get(key).get(fs[j]) === VALUE) acc++;
          if (++j === n) j = 0;
        }
        consume(acc);
      };
      v.mapAwait = async (count) => {
        let acc = 0;
        for (let i = 0, j = 0; i < count; i++) {
          if ((await maps.await.get(key).get(fs[j])) === VALUE) acc++;
          if (++j === n) j = 0;
        }
        consume(acc);
      };
      v.mock = async (count) => {
        let acc = 0;
        for (let i = 0, j = 0; i < count; i++) {
          if ((await mock.hget(key, fs[j])) === VALUE) acc++;
          if (++j === n) j = 0;
        }
        consume(acc);
      };
    }
    return v;
  };

  // Sanity: every store holds the prefilled value before anything is timed.
  if (session.exec(["HGET", keyOf(10_000), "f9999"]) !== VALUE) throw new Error("engine HGET did not return the prefilled value");
  if ((await mock.hget(keyOf(100), "f99")) !== VALUE) throw new Error("ioredis-mock HGET did not return the prefilled value");
  if (redis !== undefined && (await redis.hget(keyOf(100), "f0")) !== VALUE) throw new Error("client HGET failed");

  const results = {};
  for (const op of ["HSET", "HGET"]) {
    if (cfg.filter.length > 0 && !cfg.filter.some((f) => f.toUpperCase() === op)) continue;
    for (const size of SIZES) results[`${op} ${size}`] = await compare(variantsFor(op, size), cfg);
  }

  closeClient(redis);
  mock.disconnect();
  engine.close();

  // ---------------------------------------------------------------------------------------- report
  console.log(`\n${name}: operations per second (median of ${cfg.rounds} round(s) × ${cfg.ms} ms; higher is better)`);
  console.log(`  engine encodings: ${encodings}`);
  if (redis === undefined) console.log(`  client: not measured (${reason})`);
  const rows = [];
  for (const [label, r] of Object.entries(results)) {
    rows.push([
      label,
      formatOps(r.client),
      formatOps(r.engine),
      formatOps(r.mapLoop),
      formatOps(r.mapAwait),
      formatOps(r.mock),
      formatRatio(r.client / r.mock),
      formatRatio(r.mapLoop / r.engine),
    ]);
  }
  printTable(["op fields", "client", "engine", "Map loop", "Map awaited", "ioredis-mock", "client/mock", "engine÷MapLoop"], rows);

  const checks = [];
  const growth = [];
  for (const op of ["HSET", "HGET"]) {
    const small = results[`${op} ${SIZES[0]}`];
    const large = results[`${op} ${SIZES[1]}`];
    if (small === undefined || large === undefined) continue;
    const row = [op];
    for (const kind of ["client", "engine", "mapLoop", "mock"]) {
      // Cost per op at 10,000 fields relative to 100 fields: ops/s(100) ÷ ops/s(10,000).
      const ratio = small[kind] / large[kind];
      row.push(formatRatio(ratio));
      if (kind === "client" || kind === "engine") checks.push(check(`${op} ${kind}: cost at 10k fields ÷ cost at 100`, ratio, "<=", 1.5));
    }
    growth.push(row);
  }
  console.log("\n  cost per op at 10,000 fields ÷ cost at 100 fields (1.00× = no growth with size):");
  printTable(["op", "client", "engine", "Map loop", "ioredis-mock"], growth);
  return { name, results, checks };
}

// SET, GET, INCR and MGET (10 keys), each five ways, in this process:
//   client        our ioredis-compatible client, `await redis.set(k, v)`, one awaited call at a time
//   engine        the engine's dispatch, `session.exec(["SET", k, v])`, synchronous, no promise
//   Map loop      a bare Map doing the equivalent work in a plain loop
//   Map awaited   the same Map work, `await map.set(k, v)` one at a time (the floor for any awaited API)
//   ioredis-mock  the same awaited loop on ioredis-mock
// Each variant has its own store, its own key space of 10,000 keys cycled in order, and (for GET, INCR
// and MGET) the same prefilled data.
//
// Targets (issue "bench"): for SET and GET, client ops/s ≥ 2 × ioredis-mock's; client cost per op
// ≤ 1.5 × an awaited Map op; engine cost per op ≤ 4 × a Map-loop op. Ratios are also shown for INCR and
// MGET, without a target.
import RedisMock from "ioredis-mock";
import * as api from "../dist/index.js";
import { check, closeClient, compare, consume, makeClient, formatOps, formatRatio, keySpace, printTable } from "./lib.mjs";

export const name = "strings";

const N = 10_000;
const VALUE = "value-0123456789"; // 16 bytes
const MGET_WIDTH = 10;

/** MGET groups: 10 consecutive keys per group, N / 10 groups covering the key space. */
function groupsOf(keys) {
  const groups = [];
  for (let i = 0; i + MGET_WIDTH <= keys.length; i += MGET_WIDTH) groups.push(keys.slice(i, i + MGET_WIDTH));
  return groups;
}

/** Prefills an awaited store (client or ioredis-mock) with `keys` → value, 1000 keys per MSET. */
async function prefill(store, keys, value) {
  for (let i = 0; i < keys.length; i += 1000) {
    const args = [];
    for (const k of keys.slice(i, i + 1000)) args.push(k, value);
    await store.mset(...args);
  }
}

function prefillEngine(session, keys, value) {
  for (let i = 0; i < keys.length; i += 1000) {
    const argv = ["MSET"];
    for (const k of keys.slice(i, i + 1000)) argv.push(k, value);
    const r = session.exec(argv);
    if (r instanceof Error) throw r;
  }
}

function prefillMap(map, keys, value) {
  for (const k of keys) map.set(k, value);
}

/**
 * The variants of one operation. `op` receives (store kind, store) and returns run(n). Variants whose
 * store is missing (no client yet) are left out.
 */
function variants(stores, make) {
  const v = {};
  for (const kind of ["client", "engine", "mapLoop", "mapAwait", "mock"]) {
    if (stores[kind] !== undefined) v[kind] = make[kind](stores[kind]);
  }
  return v;
}

export async function run(cfg) {
  const { redis, reason } = await makeClient(api);
  const engine = api.createEngine();
  const session = engine.createSession();
  const mock = new RedisMock();
  const maps = { loop: new Map(), await: new Map() };
  const stores = { client: redis, engine: session, mapLoop: maps.loop, mapAwait: maps.await, mock };

  // Each operation gets its own key prefix, so one operation's writes never feed another's reads.
  const setKeys = keySpace("set:", N);
  const getKeys = keySpace("get:", N);
  const incrKeys = keySpace("incr:", N);
  const mgetKeys = keySpace("mget:", N);
  const mgetGroups = groupsOf(mgetKeys);
  const mgetArgv = mgetGroups.map((g) => ["MGET", ...g]);

  // Prefill GET and MGET keys with the value, INCR keys with a counter.
  for (const [keys, value] of [
    [getKeys, VALUE],
    [mgetKeys, VALUE],
    [incrKeys, "100"],
  ]) {
    if (redis !== undefined) await prefill(redis, keys, value);
    await prefill(mock, keys, value);
    prefillEngine(session, keys, value);
    prefillMap(maps.loop, keys, value);
    prefillMap(maps.await, keys, value);
  }

  /** A key cursor over one key space; each variant gets its own. */
  const cursor = () => ({ j: 0 });

  const ops = {
    SET: {
      client: (r, c = cursor()) => async (n) => {
        for (let i = 0; i < n; i++) {
          await r.set(setKeys[c.j], VALUE);
          if (++c.j === N) c.j = 0;
        }
      },
      engine: (s, c = cursor()) => (n) => {
        for (let i = 0; i < n; i++) {
          s.exec(["SET", setKeys[c.j], VALUE]);
          if (++c.j === N) c.j = 0;
        }
      },
      mapLoop: (m, c = cursor()) => (n) => {
        for (let i = 0; i < n; i++) {
          m.set(setKeys[c.j], VALUE);
          if (++c.j === N) c.j = 0;
        }
      },
      mapAwait: (m, c = cursor()) => async (n) => {
        for (let i = 0; i < n; i++) {
          await m.set(setKeys[c.j], VALUE);
          if (++c.j === N) c.j = 0;
        }
      },
      mock: (r, c = cursor()) => async (n) => {
        for (let i = 0; i < n; i++) {
          await r.set(setKeys[c.j], VALUE);
          if (++c.j === N) c.j = 0;
        }
      },
    },
    GET: {
      client: (r, c = cursor()) => async (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          if (await r.get(getKeys[c.j]) === VALUE) acc++;
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      engine: (s, c = cursor()) => (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          if (s.exec(["GET", getKeys[c.j]]) === VALUE) acc++;
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      mapLoop: (m, c = cursor()) => (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          if (m.get(getKeys[c.j]) === VALUE) acc++;
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      mapAwait: (m, c = cursor()) => async (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          if (await m.get(getKeys[c.j]) === VALUE) acc++;
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      mock: (r, c = cursor()) => async (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          if (await r.get(getKeys[c.j]) === VALUE) acc++;
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
    },
    INCR: {
      client: (r, c = cursor()) => async (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += await r.incr(incrKeys[c.j]);
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      engine: (s, c = cursor()) => (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += s.exec(["INCR", incrKeys[c.j]]);
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      // Redis keeps the counter as a string value: the equivalent Map work parses, adds and formats.
      mapLoop: (m, c = cursor()) => (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          const k = incrKeys[c.j];
          const v = m.get(k);
          const next = (v === undefined ? 0 : Number(v)) + 1;
          m.set(k, String(next));
          acc += next;
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      mapAwait: (m, c = cursor()) => async (n) => {
        let acc = 0;
        const incr = (k) => {
          const v = m.get(k);
          const next = (v === undefined ? 0 : Number(v)) + 1;
          m.set(k, String(next));
          return next;
        };
        for (let i = 0; i < n; i++) {
          acc += await incr(incrKeys[c.j]);
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
      mock: (r, c = cursor()) => async (n) => {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += await r.incr(incrKeys[c.j]);
          if (++c.j === N) c.j = 0;
        }
        consume(acc);
      },
    },
    MGET: {
      client: (r, c = cursor()) => async (n) => {
        let acc = 0;
        const G = mgetGroups.length;
        for (let i = 0; i < n; i++) {
          acc += (await r.mget(mgetGroups[c.j])).length;
          if (++c.j === G) c.j = 0;
        }
        consume(acc);
      },
      engine: (s, c = cursor()) => (n) => {
        let acc = 0;
        const G = mgetArgv.length;
        for (let i = 0; i < n; i++) {
          acc += s.exec(mgetArgv[c.j]).length;
          if (++c.j === G) c.j = 0;
        }
        consume(acc);
      },
      mapLoop: (m, c = cursor()) => (n) => {
        let acc = 0;
        const G = mgetGroups.length;
        for (let i = 0; i < n; i++) {
          const g = mgetGroups[c.j];
          const out = new Array(g.length);
          for (let q = 0; q < g.length; q++) out[q] = m.get(g[q]) ?? null;
          acc += out.length;
          if (++c.j === G) c.j = 0;
        }
        consume(acc);
      },
      mapAwait: (m, c = cursor()) => async (n) => {
        let acc = 0;
        const G = mgetGroups.length;
        const mget = (g) => {
          const out = new Array(g.length);
          for (let q = 0; q < g.length; q++) out[q] = m.get(g[q]) ?? null;
          return out;
        };
        for (let i = 0; i < n; i++) {
          acc += (await mget(mgetGroups[c.j])).length;
          if (++c.j === G) c.j = 0;
        }
        consume(acc);
      },
      mock: (r, c = cursor()) => async (n) => {
        let acc = 0;
        const G = mgetGroups.length;
        for (let i = 0; i < n; i++) {
          acc += (await r.mget(mgetGroups[c.j])).length;
          if (++c.j === G) c.j = 0;
        }
        consume(acc);
      },
    },
  };

  // Sanity: every variant computes the same thing before it is timed.
  if (redis !== undefined) {
    const g = await redis.get(getKeys[0]);
    if (g !== VALUE) throw new Error(`client GET returned ${JSON.stringify(g)}`);
  }
  if (session.exec(["GET", getKeys[0]]) !== VALUE) throw new Error("engine GET did not return the prefilled value");
  if ((await mock.get(getKeys[N - 1])) !== VALUE) throw new Error("ioredis-mock GET did not return the prefilled value");
  if (maps.loop.get(incrKeys[0]) !== "100") throw new Error("Map prefill failed");

  const results = {};
  for (const [op, make] of Object.entries(ops)) {
    if (cfg.filter.length > 0 && !cfg.filter.some((f) => f.toUpperCase() === op)) continue;
    results[op] = await compare(variants(stores, make), cfg);
  }

  closeClient(redis);
  mock.disconnect();
  engine.close();

  // ---------------------------------------------------------------------------------------- report
  console.log(`\n${name}: operations per second (median of ${cfg.rounds} round(s) × ${cfg.ms} ms; higher is better)`);
  if (redis === undefined) console.log(`  client: not measured (${reason})`);
  const rows = [];
  const checks = [];
  for (const [op, r] of Object.entries(results)) {
    const clientVsMock = r.client / r.mock;
    const clientCost = r.mapAwait / r.client; // cost per op relative to an awaited Map op
    const engineCost = r.mapLoop / r.engine; // cost per op relative to a Map-loop op
    rows.push([
      op,
      formatOps(r.client),
      formatOps(r.engine),
      formatOps(r.mapLoop),
      formatOps(r.mapAwait),
      formatOps(r.mock),
      formatRatio(clientVsMock),
      formatRatio(clientCost),
      formatRatio(engineCost),
    ]);
    if (op === "SET" || op === "GET") {
      checks.push(check(`${op}: client ops/s ÷ ioredis-mock ops/s`, clientVsMock, ">=", 2));
      checks.push(check(`${op}: client cost ÷ awaited-Map cost`, clientCost, "<=", 1.5));
      checks.push(check(`${op}: engine cost ÷ Map-loop cost`, engineCost, "<=", 4));
    }
  }
  printTable(
    ["op", "client", "engine", "Map loop", "Map awaited", "ioredis-mock", "client/mock", "client÷awaitMap", "engine÷MapLoop"],
    rows,
  );
  console.log(
    "  client/mock: how many times faster the client is (ops/s ratio).\n" +
      "  client÷awaitMap, engine÷MapLoop: cost per operation relative to the Map baseline (1.00× = as cheap).",
  );
  return { name, results, checks };
}

// SADD and SISMEMBER on a small set (100 members) and a large one (100,000 members), each five ways:
//   client        our ioredis-compatible client, `await redis.sadd(k, m)`, one awaited call at a time
//   engine        the engine's dispatch, `session.exec(["SADD", k, m])`, synchronous
//   Set loop      a bare JS Set doing the same work in a plain loop
//   Set awaited   the same Set work awaited one operation at a time
//   ioredis-mock  the same awaited loop on ioredis-mock
//
// SADD inserts a new member and removes the one inserted SIZE steps earlier (one SADD + one SREM per
// operation), so the set keeps its size while every SADD really inserts. SISMEMBER alternates hits and
// misses. Each size has its own key and member pool; all variants start from the same members.
//
// What to read: the "large÷small" column — cost per operation on the large set over the small one —
// should stay near the bare Set's own ratio (memory effects aside, both are O(1)); the targets check
// that the engine's and the client's growth is within 1.5× the bare Set's.
import RedisMock from "ioredis-mock";
import * as api from "../dist/index.js";
import { check, closeClient, compare, consume, makeClient, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "sets";

const SIZES = { small: 100, large: 100_000 };

/** Members `prefix0 …` — 2 × size of them: the set holds a sliding window of `size`. */
function pool(prefix, size) {
  return Array.from({ length: 2 * size }, (_, i) => `${prefix}${i}`);
}

async function prefillAwaited(store, key, members) {
  for (let i = 0; i < members.length; i += 1000) await store.sadd(key, ...members.slice(i, i + 1000));
}

function prefillEngine(session, key, members) {
  for (let i = 0; i < members.length; i += 1000) {
    const r = session.exec(["SADD", key, ...members.slice(i, i + 1000)]);
    if (r instanceof Error) throw r;
  }
}

export async function run(cfg) {
  const { redis, reason } = await makeClient(api);
  const engine = api.createEngine();
  const session = engine.createSession();
  const mock = new RedisMock();

  const results = {};
  for (const [sizeName, size] of Object.entries(SIZES)) {
    const key = `set:${sizeName}`;
    const members = pool(`member:${sizeName}:`, size);
    const initial = members.slice(0, size);
    const jsLoop = new Set(initial);
    const jsAwait = new Set(initial);
    if (redis !== undefined) await prefillAwaited(redis, key, initial);
    await prefillAwaited(mock, key, initial);
    prefillEngine(session, key, initial);
    if (session.exec(["SCARD", key]) !== size) throw new Error("engine prefill failed");

    // The sliding window: step j inserts members[(j + size) % 2size] and removes members[j % 2size].
    const P = 2 * size;
    const window = () => ({ j: 0 });
    const probes = Array.from({ length: 1024 }, (_, i) => (i % 2 === 0 ? members[(i * 7919) % size] : `absent:${i}`));

    const ops = {
      SADD: {
        client: (r, c = window()) => async (n) => {
          for (let i = 0; i < n; i++) {
            await r.sadd(key, members[(c.j + size) % P]);
            await r.srem(key, members[c.j]);
            if (++c.j === P) c.j = 0;
          }
        },
        engine: (s, c = window()) => (n) => {
          for (let i = 0; i < n; i++) {
            s.exec(["SADD", key, members[(c.j + size) % P]]);
            s.exec(["SREM", key, members[c.j]]);
            if (++c.j === P) c.j = 0;
          }
        },
        setLoop: (set, c = window()) => (n) => {
          for (let i = 0; i < n; i++) {
            set.add(members[(c.j + size) % P]);
            set.delete(members[c.j]);
            if (++c.j === P) c.j = 0;
          }
        },
        setAwait: (set, c = window()) => async (n) => {
          for (let i = 0; i < n; i++) {
            await set.add(members[(c.j + size) % P]);
            await set.delete(members[c.j]);
            if (++c.j === P) c.j = 0;
          }
        },
        mock: (r, c = window()) => async (n) => {
          for (let i = 0; i < n; i++) {
            await r.sadd(key, members[(c.j + size) % P]);
            await r.srem(key, members[c.j]);
            if (++c.j === P) c.j = 0;
          }
        },
      },
      SISMEMBER: {
        client: (r, c = window()) => async (n) => {
          let acc = 0;
          for (let i = 0; i < n; i++) {
            acc += await r.sismember(key, probes[c.j & 1023]);
            c.j++;
          }
          consume(acc);
        },
        engine: (s, c = window()) => (n) => {
          let acc = 0;
          for (let i = 0; i < n; i++) {
            acc += s.exec(["SISMEMBER", key, probes[c.j & 1023]]);
            c.j++;
          }
          consume(acc);
        },
        setLoop: (set, c = window()) => (n) => {
          let acc = 0;
          for (let i = 0; i < n; i++) {
            if (set.has(probes[c.j & 1023])) acc++;
            c.j++;
          }
          consume(acc);
        },
        setAwait: (set, c = window()) => async (n) => {
          let acc = 0;
          for (let i = 0; i < n; i++) {
            if (await set.has(probes[c.j & 1023])) acc++;
            c.j++;
          }
          consume(acc);
        },
        mock: (r, c = window()) => async (n) => {
          let acc = 0;
          for (let i = 0; i < n; i++) {
            acc += await r.sismember(key, probes[c.j & 1023]);
            c.j++;
          }
          consume(acc);
        },
      },
    };

    const stores = { client: redis, engine: session, setLoop: jsLoop, setAwait: jsAwait, mock };
    for (const [op, make] of Object.entries(ops)) {
      if (cfg.filter.length > 0 && !cfg.filter.some((f) => f.toUpperCase() === op)) continue;
      const variants = {};
      for (const kind of Object.keys(make)) if (stores[kind] !== undefined) variants[kind] = make[kind](stores[kind]);
      results[`${op} ${sizeName}`] = await compare(variants, cfg);
    }
    // The sliding window keeps every store at `size` members.
    if (session.exec(["SCARD", key]) !== size || jsLoop.size !== size) throw new Error(`${key}: size drifted`);
  }

  closeClient(redis);
  mock.disconnect();
  engine.close();

  // ---------------------------------------------------------------------------------------- report
  console.log(
    `\n${name}: operations per second (median of ${cfg.rounds} round(s) × ${cfg.ms} ms; higher is better); ` +
      `small = ${SIZES.small} members, large = ${SIZES.large.toLocaleString("en")}; one SADD op = SADD + SREM`,
  );
  if (redis === undefined) console.log(`  client: not measured (${reason})`);
  const rows = [];
  for (const [label, r] of Object.entries(results)) {
    rows.push([
      label,
      formatOps(r.client),
      formatOps(r.engine),
      formatOps(r.setLoop),
      formatOps(r.setAwait),
      formatOps(r.mock),
      formatRatio(r.client / r.mock),
      formatRatio(r.setLoop / r.engine),
    ]);
  }
  printTable(["op", "client", "engine", "Set loop", "Set awaited", "ioredis-mock", "client/mock", "engine÷SetLoop"], rows);

  // Growth: cost per op on the large set ÷ on the small set, per variant.
  const checks = [];
  const growthRows = [];
  for (const op of ["SADD", "SISMEMBER"]) {
    const small = results[`${op} small`];
    const large = results[`${op} large`];
    if (small === undefined || large === undefined) continue;
    const growth = (kind) => small[kind] / large[kind];
    growthRows.push([op, ...["client", "engine", "setLoop", "setAwait", "mock"].map((k) => formatRatio(growth(k)))]);
    const base = growth("setLoop");
    checks.push(check(`${op}: engine large÷small cost ÷ bare Set's`, growth("engine") / base, "<=", 1.5));
    if (redis !== undefined) checks.push(check(`${op}: client large÷small cost ÷ awaited Set's`, growth("client") / growth("setAwait"), "<=", 1.5));
  }
  console.log("\ncost per operation, large set ÷ small set (1.00× = no growth):");
  printTable(["op", "client", "engine", "Set loop", "Set awaited", "ioredis-mock"], growthRows);
  return { name, results, checks };
}

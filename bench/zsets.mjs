// ZADD, ZSCORE, ZRANK and ZRANGE 0 9 on a small sorted set (100 members: listpack) and a large one
// (100,000 members: skip list), three ways in the same process:
//   engine        the engine's dispatch, `session.exec(["ZADD", k, score, m])`, synchronous
//   zset API      the type's functions (zsetAdd, zsetScore, zsetRank, zsetRangeByRank) on a value
//   sorted array  a baseline: a Map member → score plus parallel arrays kept sorted by binary-search
//                 insertion (splice), the obvious hand-written alternative
//
// ZADD moves an existing member to a new random score (an update: remove + reinsert), so the sets
// keep their size. ZSCORE and ZRANK look up members present in the set; ZRANGE reads the 10 lowest.
//
// What to read: the sorted array's ZADD is O(N) (the splice shifts on average half the arrays) while
// the skip list's is O(log N), so on the large set the skip list must win ZADD clearly; ZRANK is
// O(log N) for both. The targets check that on the large set the engine's ZADD beats the baseline's
// and that the skip list's ZADD and ZRANK cost grows little from small to large.
import * as api from "../dist/index.js";
import { ZaddResult, zsetAdd, zsetCreate, zsetRank, zsetScore } from "../dist/types/zset/zset-value.js";
import { zsetRangeByRank } from "../dist/types/zset/zset-ranges.js";
import { check, compare, consume, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "zsets";

const SIZES = { small: 100, large: 100_000 };
const LIMITS = { zsetMaxListpackEntries: 128, zsetMaxListpackValue: 64 };

/** A deterministic stream of floats in [0, 1). */
function lcg(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/** The baseline: member → score, and members/scores sorted by (score, member). */
class SortedArray {
  constructor() {
    this.byMember = new Map();
    this.members = [];
    this.scores = [];
  }
  /** First index whose (score, member) is not below (s, m). */
  lowerBound(s, m) {
    let lo = 0;
    let hi = this.scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ms = this.scores[mid];
      if (ms < s || (ms === s && this.members[mid] < m)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  add(s, m) {
    const cur = this.byMember.get(m);
    if (cur !== undefined) {
      if (cur === s) return 0;
      const i = this.lowerBound(cur, m);
      this.members.splice(i, 1);
      this.scores.splice(i, 1);
    }
    const j = this.lowerBound(s, m);
    this.members.splice(j, 0, m);
    this.scores.splice(j, 0, s);
    this.byMember.set(m, s);
    return cur === undefined ? 1 : 0;
  }
  score(m) {
    return this.byMember.get(m);
  }
  rank(m) {
    const s = this.byMember.get(m);
    return s === undefined ? -1 : this.lowerBound(s, m);
  }
  range10() {
    return this.members.slice(0, 10);
  }
}

export async function run(cfg) {
  const engine = api.createEngine();
  const session = engine.createSession();
  const results = {};
  for (const [sizeName, size] of Object.entries(SIZES)) {
    const key = `zset:${sizeName}`;
    const rand = lcg(size);
    const members = Array.from({ length: size }, (_, i) => `member:${i}`);
    const value = zsetCreate(size, 0, LIMITS);
    const res = new ZaddResult();
    const base = new SortedArray();
    for (let i = 0; i < size; i += 1000) {
      const args = [];
      for (let k = i; k < Math.min(size, i + 1000); k++) {
        const s = Math.floor(rand() * 1e6);
        args.push(String(s), members[k]);
        zsetAdd(value, s, members[k], 0, LIMITS, res);
        base.add(s, members[k]);
      }
      session.exec(["ZADD", key, ...args]);
    }
    if (session.exec(["ZCARD", key]) !== size) throw new Error("engine prefill failed");
    // Pre-drawn work so every variant does the same operations.
    const N = 4096;
    // Odd passes over the list add 0.5 to every score, so a member really moves each time.
    const updates = Array.from({ length: N }, () => [Math.floor(rand() * 1e6), members[Math.floor(rand() * size)]]);
    const updateArgs = [0, 0.5].map((d) => updates.map(([s, m]) => ["ZADD", key, String(s + d), m]));
    const shift = (j) => ((j >> 12) & 1) * 0.5;
    const probes = Array.from({ length: N }, () => members[Math.floor(rand() * size)]);
    const cursor = () => ({ j: 0 });

    const ops = {
      ZADD: {
        engine: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++, c.j++) session.exec(updateArgs[(c.j >> 12) & 1][c.j & (N - 1)]);
        },
        api: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++, c.j++) {
            const u = updates[c.j & (N - 1)];
            zsetAdd(value, u[0] + shift(c.j), u[1], 0, LIMITS, res);
          }
        },
        array: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++, c.j++) {
            const u = updates[c.j & (N - 1)];
            base.add(u[0] + shift(c.j), u[1]);
          }
        },
      },
      ZSCORE: {
        engine: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++) consume(session.exec(["ZSCORE", key, probes[c.j++ & (N - 1)]]));
        },
        api: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++) consume(zsetScore(value, probes[c.j++ & (N - 1)]));
        },
        array: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++) consume(base.score(probes[c.j++ & (N - 1)]));
        },
      },
      ZRANK: {
        engine: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++) consume(session.exec(["ZRANK", key, probes[c.j++ & (N - 1)]]));
        },
        api: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++) consume(zsetRank(value, probes[c.j++ & (N - 1)], false));
        },
        array: (c = cursor()) => (n) => {
          for (let i = 0; i < n; i++) consume(base.rank(probes[c.j++ & (N - 1)]));
        },
      },
      "ZRANGE 0 9": {
        engine: () => (n) => {
          const argv = ["ZRANGE", key, "0", "9"];
          for (let i = 0; i < n; i++) consume(session.exec(argv));
        },
        api: () => (n) => {
          for (let i = 0; i < n; i++) {
            const out = [];
            zsetRangeByRank(value, 0, 9, false, (m) => void out.push(m));
            consume(out);
          }
        },
        array: () => (n) => {
          for (let i = 0; i < n; i++) consume(base.range10());
        },
      },
    };
    for (const [op, make] of Object.entries(ops)) {
      if (cfg.filter.length > 0 && !cfg.filter.some((f) => f.toUpperCase() === op.split(" ")[0])) continue;
      const variants = {};
      for (const kind of Object.keys(make)) variants[kind] = make[kind]();
      results[`${op} ${sizeName}`] = await compare(variants, cfg);
    }
    if (session.exec(["ZCARD", key]) !== size || base.members.length !== size) throw new Error(`${key}: size drifted`);
  }
  engine.close();

  console.log(
    `\n${name}: operations per second (median of ${cfg.rounds} round(s) × ${cfg.ms} ms; higher is better); ` +
      `small = ${SIZES.small} members (listpack), large = ${SIZES.large.toLocaleString("en")} (skip list); ZADD updates a score`,
  );
  const rows = [];
  for (const [label, r] of Object.entries(results)) {
    rows.push([label, formatOps(r.engine), formatOps(r.api), formatOps(r.array), formatRatio(r.api / r.array)]);
  }
  printTable(["op", "engine", "zset API", "sorted array", "API÷array"], rows);

  const checks = [];
  const zaddLarge = results["ZADD large"];
  if (zaddLarge !== undefined) checks.push(check("ZADD on 100k members: engine ÷ sorted array", zaddLarge.engine / zaddLarge.array, ">=", 1));
  for (const op of ["ZADD", "ZRANK"]) {
    const small = results[`${op} small`];
    const large = results[`${op} large`];
    if (small === undefined || large === undefined) continue;
    checks.push(check(`${op}: zset API cost, large ÷ small`, small.api / large.api, "<=", 8));
  }
  return { name, results, checks };
}

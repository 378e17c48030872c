/**
 * Seeded random sequences for SORT and SORT_RO against a real redis-server: lists, sets (intsets and
 * others), string weights and hash weights are built and changed with RPUSH/LPUSH/LREM/SADD/SREM/SET/
 * HSET/DEL/EXPIRE, and SORTs with random option lists (repeated and conflicting options, BY and GET
 * patterns that hit, miss, hit the wrong type or are constant, LIMITs of every size, STORE into any
 * key) are compared.
 *
 * What is compared: lists and intsets (whose order is fixed) byte for byte; other sets byte for byte
 * when the sort fully determines the order (numeric sorts, which break ties by the element; ALPHA
 * without BY when no element holds a NUL, or when storing), otherwise — nothing to sort, or ALPHA BY
 * with tied weights, which keep the set's unspecified iteration order — as multisets of GET groups
 * when the whole result is returned, and by length when a LIMIT cuts it. Errors are compared exactly.
 * A STORE destination is compared with LRANGE afterwards (and brought in line with ours when its
 * order was not comparable, so the sequence goes on from one state).
 *
 * Seed: env SEED (test/support/seeded.ts); a failing assertion prints the last commands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Oracle, oracleAvailable, type Pair, show, startOracle } from "../support/differential.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { parseResp, type Resp } from "./set-support.js";
import { bothSort } from "./sort-support.js";
import { closeAllPairs, freshPair } from "./string-support.js";

const LISTS = ["l1", "l2"];
const SETS = ["s1", "s2"];
const DESTS = ["d1", "d2", "l1", "s1", "str", "w_1"];
const MAX = "9223372036854775807";
const MIN = "-9223372036854775808";

function element(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-6, 12)), 8],
    [() => rng.pick(["1.5", "-0.5", "1e1", "0x10", "inf", "-inf", "-0", " 3", "007"]), 2],
    [() => rng.pick(["abc", "x", "3a", "", "nan", "1e-310", "\x00", "\xff", "a\x00b", "a\x00c"]), 1],
    [() => rng.string(rng.int(1, 2), "abc"), 4],
  ])();
}

function weight(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-3, 3)), 8],
    [() => rng.pick(["2.5", "-0.25", "1e2", "0x8", "inf", "-inf", ""]), 2],
    [() => rng.pick(["x", "y", "x\x00z", "\xfe", "bad"]), 2],
  ])();
}

function limitArg(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-2, 12)), 10],
    [() => rng.pick([MAX, MIN, "x", "1.5", "9223372036854775808"]), 1],
  ])();
}

interface SortPlan {
  argv: string[];
  /** What decides whether the reply's order is comparable on a non-intset set. */
  dontSort: boolean;
  alpha: boolean;
  by: boolean;
  store: boolean;
  limit: boolean;
  gets: number;
}

function sortCommand(rng: Rng, key: string): SortPlan {
  const ro = rng.chance(0.2);
  const argv = [ro ? "SORT_RO" : "SORT", key];
  const plan: SortPlan = { argv, dontSort: false, alpha: false, by: false, store: false, limit: false, gets: 0 };
  const n = rng.int(0, 5);
  for (let i = 0; i < n; i++) {
    const opt = rng.weighted<string>([
      ["ASC", 2], ["DESC", 3], ["ALPHA", 3], ["LIMIT", 3], ["BY", 4], ["GET", 3],
      ["STORE", ro ? 0.2 : 2], ["bogus", 0.2],
    ]);
    if (opt === "LIMIT") {
      argv.push(rng.chance(0.5) ? "limit" : "LIMIT", limitArg(rng), limitArg(rng));
      plan.limit = true;
    } else if (opt === "BY") {
      const p = rng.pick(["w_*", "w_*", "h_*->f", "h_*->g", "nosort", "const", "*", "str_*", "h_*", "w_*->f"]);
      argv.push("BY", p);
      if (!p.includes("*")) plan.dontSort = true;
      plan.by = true;
    } else if (opt === "GET") {
      argv.push("GET", rng.pick(["#", "w_*", "h_*->f", "h_*->g", "const", "h_*"]));
      plan.gets++;
    } else if (opt === "STORE") {
      argv.push("STORE", rng.pick(DESTS));
      plan.store = true;
    } else {
      if (opt === "ALPHA") plan.alpha = true;
      argv.push(opt);
    }
  }
  // A LIMIT, BY, GET or STORE missing its arguments now and then.
  if (rng.chance(0.03)) argv.push(rng.pick(["LIMIT", "BY", "GET", "STORE"]));
  return plan;
}

function groups(r: Resp, size: number): string[] | undefined {
  if (!Array.isArray(r)) return undefined;
  const out: string[] = [];
  for (let i = 0; i < r.length; i += size) out.push(JSON.stringify(r.slice(i, i + size)));
  return out.sort();
}

describe.skipIf(!oracleAvailable())("SORT: random sequences vs redis-server", () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = (await startOracle(["--list-max-listpack-size", "4", "--hash-max-listpack-entries", "3"]))!;
  });
  afterAll(async () => {
    closeAllPairs();
    await oracle?.close();
  });

  function context(pair: Pair, argv: readonly string[]): string {
    return `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-40))}`;
  }

  async function same(pair: Pair, argv: readonly string[]): Promise<void> {
    const r = await pair.both(argv);
    expect(show(r.ours), context(pair, argv)).toBe(show(r.theirs));
  }

  /** Copies our value of `key` (a list) to the oracle, so both go on from one state. */
  async function alignList(pair: Pair, key: string): Promise<void> {
    const ours = parseResp(await pair.ours.send(["LRANGE", key, "0", "-1"]));
    await pair.oracle.send(["DEL", key]);
    if (Array.isArray(ours) && ours.length > 0) await pair.oracle.send(["RPUSH", key, ...(ours as string[])]);
  }

  async function runSort(pair: Pair, rng: Rng, elementsWithNul: Set<string>): Promise<void> {
    const key = rng.weighted<string>([
      [rng.pick(LISTS), 5], [rng.pick(SETS), 4], ["missing", 0.5], ["str", 0.3], ["h_1", 0.2],
    ]);
    const plan = sortCommand(rng, key);
    const { argv } = plan;
    // The source's type and encoding before the SORT (which may store over it).
    const isSet = parseResp(await pair.oracle.send(["TYPE", key])) === "set";
    const intset = isSet && parseResp(await pair.oracle.send(["OBJECT", "ENCODING", key])) === "intset";
    const r = await bothSort(pair, argv);
    const ours = parseResp(r.ours);
    const theirs = parseResp(r.theirs);
    // Whether the order of the result (the reply, or the stored list) is fixed on both sides.
    let ordered = !isSet || intset;
    if (!ordered) {
      const dontSort = plan.dontSort && !plan.store;
      const alphaBy = plan.alpha && plan.by && !plan.dontSort;
      // strcoll stops at a NUL: "a\0b", "a\0c" and "a" compare equal without STORE.
      const nulTies = plan.alpha && !plan.by && !plan.store && elementsWithNul.size > 0;
      ordered = !dontSort && !alphaBy && !nulTies;
    }
    if (ordered || !Array.isArray(theirs) || !Array.isArray(ours)) {
      expect(show(r.ours), context(pair, argv)).toBe(show(r.theirs));
    } else if (!plan.limit) {
      expect(groups(ours, Math.max(1, plan.gets)), context(pair, argv)).toEqual(groups(theirs, Math.max(1, plan.gets)));
    } else {
      expect(ours.length, context(pair, argv)).toBe(theirs.length);
    }
    const storeAt = argv.lastIndexOf("STORE");
    if (storeAt > 0 && storeAt + 1 < argv.length && typeof ours === "number") {
      const dest = argv[storeAt + 1]!;
      const lr = await pair.both(["LRANGE", dest, "0", "-1"]);
      if (ordered) expect(show(lr.ours), context(pair, ["LRANGE", dest])).toBe(show(lr.theirs));
      else await alignList(pair, dest);
    }
  }

  it("mixed sequences keep every comparable reply identical", async () => {
    const rng = seededRng("sort-random");
    for (let round = 0; round < 6; round++) {
      const config = { "list-max-listpack-size": "4", "hash-max-listpack-entries": "3" };
      const pair = await freshPair(oracle, { config });
      const withNul = new Set<string>();
      const add = (xs: readonly string[]) => {
        for (const x of xs) if (x.includes("\0")) withNul.add(x);
      };
      for (let step = 0; step < 160; step++) {
        const kind = rng.weighted<string>([
          ["push", 5], ["sadd", 4], ["srem", 1], ["lrem", 1], ["weight", 4], ["hash", 3], ["del", 0.7],
          ["expire", 0.4], ["sort", 9],
        ]);
        if (kind === "push") {
          const xs = Array.from({ length: rng.int(1, 4) }, () => element(rng));
          add(xs);
          await same(pair, [rng.pick(["RPUSH", "LPUSH"]), rng.pick(LISTS), ...xs]);
        } else if (kind === "sadd") {
          const ints = rng.chance(0.7);
          const xs = Array.from({ length: rng.int(1, 4) }, () => (ints ? String(rng.int(-8, 12)) : element(rng)));
          add(xs);
          await same(pair, ["SADD", rng.pick(SETS), ...xs]);
        } else if (kind === "srem") {
          await same(pair, ["SREM", rng.pick(SETS), element(rng), String(rng.int(-8, 12))]);
        } else if (kind === "lrem") {
          await same(pair, ["LREM", rng.pick(LISTS), String(rng.int(-2, 2)), element(rng)]);
        } else if (kind === "weight") {
          await same(pair, ["SET", `w_${element(rng)}`, weight(rng)]);
        } else if (kind === "hash") {
          await same(pair, ["HSET", `h_${element(rng)}`, rng.pick(["f", "g"]), weight(rng)]);
        } else if (kind === "del") {
          const keys = [...LISTS, ...SETS, "d1", "d2", `w_${element(rng)}`, `h_${element(rng)}`];
          await same(pair, ["DEL", rng.pick(keys)]);
        } else if (kind === "expire") {
          // Far in the future, or already past (the key goes at once): nothing depends on timing.
          const key = rng.pick([...LISTS, ...SETS, `w_${element(rng)}`, "d1"]);
          await same(pair, rng.chance(0.5) ? ["EXPIRE", key, "100000"] : ["PEXPIRE", key, "-1"]);
        } else {
          await runSort(pair, rng, withNul);
        }
        if (rng.chance(0.02)) await same(pair, ["SET", "str", "v"]);
      }
    }
  });
});

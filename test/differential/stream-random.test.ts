/**
 * Seeded random command sequences over a few stream keys, sent to our engine and to redis-server,
 * every reply compared: XADD (explicit, `ms-*`, trims), XDEL, XTRIM (exact, approximate, LIMIT),
 * XRANGE / XREVRANGE, XLEN, XINFO STREAM (node figures), XSETID, and the group commands (XGROUP,
 * XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO GROUPS / CONSUMERS / STREAM FULL) — times
 * compared structurally. Node limits change between runs so nodes close by count and by bytes.
 *
 * Consumers are created with XGROUP CREATECONSUMER before anything names them, and XSETID never goes
 * below the stream's top: the sequences stay clear of the places where 7.0 and 7.2 differ
 * (known-differences.ts, stream group). Seed: env SEED (test/support/seeded.ts).
 */
import { describe, it } from "vitest";
import { oracleAvailable, type Pair, parseFrame } from "../support/differential.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { dropFields, fullInfo, pendingRows, same, sameShape, timeFields } from "./stream-support.js";
import { oracleSuite } from "./string-support.js";

const KEYS = ["s1", "s2", "s3"];
const GROUPS = ["g1", "g2"];
const CONSUMERS = ["c1", "c2", "c3"];

interface Run {
  label: string;
  config: [string, string][];
  steps: number;
}

const RUNS: Run[] = [
  { label: "default node limits", config: [], steps: 700 },
  { label: "5 entries per node", config: [["stream-node-max-entries", "5"]], steps: 700 },
  { label: "300-byte nodes", config: [["stream-node-max-entries", "0"], ["stream-node-max-bytes", "300"]], steps: 600 },
];

describe.skipIf(!oracleAvailable())("random stream sequences vs redis-server", () => {
  const suite = oracleSuite();

  for (const run of RUNS) {
    it(run.label, async () => {
      const rng = seededRng(`stream random ${run.label}`);
      const pair = await suite.fresh();
      for (const [k, v] of run.config) await same(pair, ["CONFIG", "SET", k, v]);
      try {
        await sequence(pair, rng, run.steps);
      } finally {
        await same(pair, ["CONFIG", "SET", "stream-node-max-entries", "100"]);
        await same(pair, ["CONFIG", "SET", "stream-node-max-bytes", "4096"]);
      }
    });
  }
});

/** Our engine's answer, parsed (to steer the sequence; the suite.oracle's is compared, not consulted). */
async function ask(pair: Pair, argv: string[]): Promise<unknown> {
  return parseFrame(await pair.ours.send(argv));
}

async function sequence(pair: Pair, rng: Rng, steps: number): Promise<void> {
  // Per key: the last ms used and the consumers created per group.
  const lastMs = new Map<string, number>(KEYS.map((k) => [k, 0]));
  const created = new Set<string>();
  const knownIds = new Map<string, string[]>(KEYS.map((k) => [k, []]));
  const someId = (key: string): string => {
    const ids = knownIds.get(key)!;
    if (ids.length > 0 && rng.chance(0.8)) return rng.pick(ids);
    return `${rng.int(0, lastMs.get(key)! + 2)}-${rng.int(0, 3)}`;
  };
  const bound = (key: string, start: boolean): string => {
    const r = rng.int(0, 9);
    if (r === 0) return start ? "-" : "+";
    if (r === 1) return `(${someId(key)}`;
    if (r === 2) return String(rng.int(0, lastMs.get(key)! + 1));
    return someId(key);
  };
  const fields = (): string[] => {
    const n = rng.int(1, 3);
    const out: string[] = [];
    const same = rng.chance(0.6);
    for (let i = 0; i < n; i++) {
      out.push(same ? `f${i}` : `f${rng.int(0, 5)}`);
      out.push(rng.pick([String(rng.int(-300, 300)), "x".repeat(rng.int(0, 60)), "", "v", "\x00\xff"]));
    }
    return out;
  };

  for (let step = 0; step < steps; step++) {
    const key = rng.pick(KEYS);
    const group = rng.pick(GROUPS);
    const consumer = rng.pick(CONSUMERS);
    const op = rng.int(0, 99);
    if (op < 30) {
      // XADD with an explicit or half-explicit ID, sometimes trimming.
      let ms = lastMs.get(key)! + (rng.chance(0.6) ? rng.int(0, 2) : -rng.int(0, 1));
      if (ms < 0) ms = 0;
      const id = rng.chance(0.3) ? `${ms}-*` : rng.chance(0.2) ? String(ms) : `${ms}-${rng.int(0, 4)}`;
      const trim: string[] = [];
      if (rng.chance(0.25)) {
        const approx = rng.pick(["", "~", "="]);
        if (rng.chance(0.6)) trim.push("MAXLEN", ...(approx === "" ? [] : [approx]), String(rng.int(0, 60)));
        else trim.push("MINID", ...(approx === "" ? [] : [approx]), someId(key));
        if (approx === "~" && rng.chance(0.3)) trim.push("LIMIT", String(rng.int(0, 30)));
      }
      const nomk = rng.chance(0.05) ? ["NOMKSTREAM"] : [];
      const reply = parseFrame(await same(pair, ["XADD", key, ...nomk, ...trim, id, ...fields()]));
      if (typeof reply === "string") {
        lastMs.set(key, Number(reply.split("-")[0]));
        knownIds.get(key)!.push(reply);
      }
    } else if (op < 36) {
      const ids: string[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) ids.push(someId(key));
      await same(pair, ["XDEL", key, ...ids]);
    } else if (op < 40) {
      const approx = rng.pick(["", "~", "="]);
      const args = rng.chance(0.6) ? ["MAXLEN", ...(approx === "" ? [] : [approx]), String(rng.int(0, 80))] : ["MINID", ...(approx === "" ? [] : [approx]), someId(key)];
      if (approx === "~" && rng.chance(0.4)) args.push("LIMIT", String(rng.int(0, 40)));
      await same(pair, ["XTRIM", key, ...args]);
    } else if (op < 48) {
      const count = rng.chance(0.5) ? ["COUNT", String(rng.int(-1, 6))] : [];
      if (rng.chance(0.5)) await same(pair, ["XRANGE", key, bound(key, true), bound(key, false), ...count]);
      else await same(pair, ["XREVRANGE", key, bound(key, false), bound(key, true), ...count]);
    } else if (op < 52) {
      await same(pair, rng.chance(0.3) ? ["XLEN", key] : ["XINFO", "STREAM", key]);
    } else if (op < 54) {
      // XSETID at or above the top (7.0 and 7.2 agree there).
      const info = (await ask(pair, ["XINFO", "STREAM", key])) as unknown[];
      if (!Array.isArray(info)) continue;
      const last = String(info[info.indexOf("last-generated-id") + 1]);
      const [ms] = last.split("-");
      const next = rng.chance(0.2) ? last : `${Number(ms) + rng.int(1, 2)}-${rng.int(0, 9)}`;
      const opts = rng.chance(0.3) ? ["ENTRIESADDED", String(rng.int(0, 500))] : [];
      await same(pair, ["XSETID", key, next, ...opts]);
      lastMs.set(key, Math.max(lastMs.get(key)!, Number(ms) + 2));
    } else if (op < 60) {
      const sub = rng.int(0, 5);
      if (sub <= 1) {
        const id = rng.pick(["$", "0", someId(key)]);
        const extra = rng.chance(0.3) ? ["ENTRIESREAD", String(rng.int(-1, 30))] : [];
        await same(pair, ["XGROUP", "CREATE", key, group, id, ...(rng.chance(0.3) ? ["MKSTREAM"] : []), ...extra]);
      } else if (sub === 2) {
        await same(pair, ["XGROUP", "SETID", key, group, rng.pick(["$", "0", someId(key)]), ...(rng.chance(0.3) ? ["ENTRIESREAD", String(rng.int(0, 30))] : [])]);
      } else if (sub === 3 && rng.chance(0.3)) {
        await same(pair, ["XGROUP", "DESTROY", key, group]);
        for (const c of CONSUMERS) created.delete(`${key}/${group}/${c}`);
      } else if (sub === 4 && rng.chance(0.4)) {
        await same(pair, ["XGROUP", "DELCONSUMER", key, group, consumer]);
        created.delete(`${key}/${group}/${consumer}`);
      } else {
        const r = parseFrame(await same(pair, ["XGROUP", "CREATECONSUMER", key, group, consumer]));
        if (r === 1 || r === 0) created.add(`${key}/${group}/${consumer}`);
      }
    } else if (!created.has(`${key}/${group}/${consumer}`)) {
      // Group reads and claims only with existing consumers (7.2 creates them even when nothing is served).
      const r = parseFrame(await same(pair, ["XGROUP", "CREATECONSUMER", key, group, consumer]));
      if (r === 1 || r === 0) created.add(`${key}/${group}/${consumer}`);
    } else if (op < 74) {
      const count = rng.chance(0.6) ? ["COUNT", String(rng.int(0, 5))] : [];
      const noack = rng.chance(0.15) ? ["NOACK"] : [];
      const id = rng.chance(0.7) ? ">" : rng.pick(["0", someId(key)]);
      await same(pair, ["XREADGROUP", "GROUP", group, consumer, ...count, ...noack, "STREAMS", key, id]);
    } else if (op < 79) {
      const ids: string[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) ids.push(someId(key));
      await same(pair, ["XACK", key, group, ...ids]);
    } else if (op < 85) {
      if (rng.chance(0.4)) await same(pair, ["XPENDING", key, group]);
      else {
        const c = rng.chance(0.3) ? [consumer] : [];
        const idle = rng.chance(0.2) ? ["IDLE", rng.pick(["0", "3600000"])] : [];
        await sameShape(pair, ["XPENDING", key, group, ...idle, bound(key, true), bound(key, false), String(rng.int(0, 8)), ...c], pendingRows);
      }
    } else if (op < 91) {
      const ids: string[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) ids.push(someId(key));
      const opts: string[] = [];
      if (rng.chance(0.3)) opts.push("JUSTID");
      if (rng.chance(0.2)) opts.push("FORCE");
      if (rng.chance(0.2)) opts.push("RETRYCOUNT", String(rng.int(0, 9)));
      if (rng.chance(0.2)) opts.push("IDLE", "7200000");
      if (rng.chance(0.1)) opts.push("LASTID", someId(key));
      const minIdle = rng.pick(["0", "0", "3600000"]);
      await same(pair, ["XCLAIM", key, group, consumer, minIdle, ...ids, ...opts]);
    } else if (op < 95) {
      const opts = rng.chance(0.5) ? ["COUNT", String(rng.int(1, 6))] : [];
      if (rng.chance(0.3)) opts.push("JUSTID");
      await same(pair, ["XAUTOCLAIM", key, group, consumer, rng.pick(["0", "3600000"]), bound(key, true).replace(/^\+$/, "0"), ...opts]);
    } else if (op < 97) {
      await same(pair, ["XINFO", "GROUPS", key]);
    } else if (op < 99) {
      await sameShape(pair, ["XINFO", "CONSUMERS", key, group], timeFields, dropFields("inactive"));
    } else {
      await sameShape(pair, ["XINFO", "STREAM", key, "FULL", "COUNT", String(rng.int(0, 5))], fullInfo, dropFields("active-time"));
    }
  }
  for (const key of KEYS) {
    await same(pair, ["XRANGE", key, "-", "+"]);
    await same(pair, ["XINFO", "STREAM", key]);
    await same(pair, ["XINFO", "GROUPS", key]);
    await sameShape(pair, ["XINFO", "STREAM", key, "FULL", "COUNT", "0"], fullInfo, dropFields("active-time"));
  }
}

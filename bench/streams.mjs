// Streams: XADD, XRANGE … COUNT 10 from a random point, and XREADGROUP … COUNT 10 > through the
// engine's dispatch (`session.exec`, synchronous), each beside a by-hand baseline in the same process:
//   XADD        an array push of [id, fields] with a time-based "ms-seq" ID made the same way
//   XRANGE      a binary search over that sorted array of entries, then a slice of 10
//   XREADGROUP  a cursor over the array plus a Map as the pending list (id → delivery record)
//
// What to read: the engine's XADD also keeps Redis's node layout (byte sizes, SAMEFIELDS) and its
// metadata, and its XREADGROUP keeps the group PEL and the consumer PEL in ID order; the ratios say
// what that costs over the bare data structures. XRANGE seeks by binary search over nodes then inside
// a node, so its cost should barely grow from 1,000 to 100,000 entries (the target below).
import * as api from "../dist/index.js";
import { check, compare, consume, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "streams";

const SMALL = 1_000;
const LARGE = 100_000;
/** The XADD variants start over after this many entries, so memory stays bounded. */
const XADD_RESET = 200_000;

function fill(s, key, n) {
  for (let i = 1; i <= n; i++) s.exec(["XADD", key, `${i}-0`, "field", `value-${i}`, "n", String(i)]);
}

/** The baseline's sorted array of [id ms, id seq, fields]. */
function fillArray(n) {
  const a = [];
  for (let i = 1; i <= n; i++) a.push([i, 0, ["field", `value-${i}`, "n", String(i)]]);
  return a;
}

function lowerBound(a, ms) {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid][0] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function run(cfg) {
  const engine = api.createEngine();
  const s = engine.createSession();
  fill(s, "small", SMALL);
  fill(s, "large", LARGE);
  fill(s, "grouped", LARGE);
  s.exec(["XGROUP", "CREATE", "grouped", "g", "0"]);
  const small = fillArray(SMALL);
  const large = fillArray(LARGE);

  let seed = 7;
  const rnd = (n) => 1 + ((seed = (seed * 1103515245 + 12345) >>> 0) % n);

  let added = 0;
  let arr = [];
  let lastMs = 0;
  let lastSeq = 0;
  const pending = new Map();
  let cursor = 0;

  const variants = {
    "XADD (engine)": (n) => {
      for (let i = 0; i < n; i++) {
        if (++added > XADD_RESET) {
          s.exec(["DEL", "adds"]);
          added = 0;
        }
        consume(s.exec(["XADD", "adds", "*", "field", "value", "n", String(i)]));
      }
    },
    "XADD (array push)": (n) => {
      for (let i = 0; i < n; i++) {
        if (arr.length >= XADD_RESET) arr = [];
        const ms = Date.now();
        if (ms > lastMs) {
          lastMs = ms;
          lastSeq = 0;
        } else lastSeq++;
        const id = `${lastMs}-${lastSeq}`;
        arr.push([lastMs, lastSeq, ["field", "value", "n", String(i)]]);
        consume(id);
      }
    },
    "XRANGE 1k (engine)": (n) => {
      for (let i = 0; i < n; i++) consume(s.exec(["XRANGE", "small", String(rnd(SMALL)), "+", "COUNT", "10"]));
    },
    "XRANGE 1k (sorted array)": (n) => {
      for (let i = 0; i < n; i++) {
        const at = lowerBound(small, rnd(SMALL));
        consume(small.slice(at, at + 10).map((e) => [`${e[0]}-${e[1]}`, e[2].slice()]));
      }
    },
    "XRANGE 100k (engine)": (n) => {
      for (let i = 0; i < n; i++) consume(s.exec(["XRANGE", "large", String(rnd(LARGE)), "+", "COUNT", "10"]));
    },
    "XRANGE 100k (sorted array)": (n) => {
      for (let i = 0; i < n; i++) {
        const at = lowerBound(large, rnd(LARGE));
        consume(large.slice(at, at + 10).map((e) => [`${e[0]}-${e[1]}`, e[2].slice()]));
      }
    },
    "XREADGROUP (engine)": (n) => {
      for (let i = 0; i < n; i++) {
        const r = s.exec(["XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "grouped", ">"]);
        if (!Array.isArray(r)) s.exec(["XGROUP", "SETID", "grouped", "g", "0"]);
        consume(r);
      }
    },
    "XREADGROUP (cursor + Map)": (n) => {
      for (let i = 0; i < n; i++) {
        if (cursor >= large.length) cursor = 0;
        const batch = large.slice(cursor, cursor + 10);
        cursor += batch.length;
        const now = Date.now();
        for (const e of batch) pending.set(`${e[0]}-${e[1]}`, { time: now, count: 1, consumer: "c" });
        consume(batch.map((e) => [`${e[0]}-${e[1]}`, e[2].slice()]));
      }
    },
  };
  const ops = await compare(variants, cfg);
  console.log(`\nstreams: XRANGE/XREADGROUP on ${LARGE.toLocaleString("en")} entries (median ops/s; engine ÷ by-hand cost per op)`);
  const rows = [];
  const names = Object.keys(ops);
  for (let i = 0; i < names.length; i += 2) {
    const [e, b] = [names[i], names[i + 1]];
    rows.push([e.replace(" (engine)", ""), formatOps(ops[e]), formatOps(ops[b]), /\((.*)\)$/.exec(b)[1], formatRatio(ops[b] / ops[e])]);
  }
  printTable(["op", "engine", "by hand", "by hand is", "engine÷by-hand"], rows);
  engine.close();
  const growth = ops["XRANGE 1k (engine)"] / ops["XRANGE 100k (engine)"];
  return { checks: [check("streams: XRANGE COUNT 10 cost, 100k entries ÷ 1k entries", growth, "<=", 2)] };
}

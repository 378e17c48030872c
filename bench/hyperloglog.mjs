// HyperLogLog: PFADD and PFCOUNT through the engine's dispatch, on a dense HLL (12 KB, O(1) adds) and
// on sparse ones (run-length opcodes, each add walks them), beside a bare JS Set doing the exact
// counting an app would otherwise do (Set.add / Set.size). PFCOUNT is measured cached (the header's
// cardinality is valid: O(1)) and uncached (a PFADD of a new element first invalidates it, so the
// figure is one PFADD plus a full estimate); the union count and PFMERGE read all 16384 registers.
//
// What to read: the engine's PFADD should stay within a small factor of Set.add (a hash and a 2-byte
// edit of the string), while its memory stays 12 KB where the Set grows with every element.
import * as api from "../dist/index.js";
import { compare, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "hyperloglog";

const DENSE_PREFILL = 50_000;
const SPARSE_KEYS = 64;
const SPARSE_LIFE = 400; // adds per sparse key before it is recreated (stays well below promotion)

function exec(s, argv) {
  const r = s.exec(argv);
  if (r instanceof Error) throw r;
  return r;
}

export async function run(cfg) {
  const engine = api.createEngine();
  const s = engine.createSession();
  for (const key of ["dense", "dense2", "dense3"]) {
    for (let i = 0; i < DENSE_PREFILL; i += 1000) {
      exec(s, ["PFADD", key, ...Array.from({ length: 1000 }, (_, j) => `${key}:${i + j}`)]);
    }
  }
  if (exec(s, ["PFDEBUG", "ENCODING", "dense"]).value !== "dense") throw new Error("prefill did not make a dense HLL");
  exec(s, ["PFADD", "sparse1k", ...Array.from({ length: 1000 }, (_, i) => `s:${i}`)]);
  if (exec(s, ["PFDEBUG", "ENCODING", "sparse1k"]).value !== "sparse") throw new Error("sparse1k is not sparse");

  let next = 0;
  const fresh = () => `new:${next++}`;
  const set = new Set();
  let sparseOps = 0;

  const variants = {
    "PFADD new element, dense": (n) => {
      for (let i = 0; i < n; i++) exec(s, ["PFADD", "dense", fresh()]);
    },
    "PFADD new element, sparse (≤ 400 elements)": (n) => {
      for (let i = 0; i < n; i++) {
        const k = sparseOps % SPARSE_KEYS;
        const key = `sp${k}`;
        if (Math.floor(sparseOps / SPARSE_KEYS) % SPARSE_LIFE === 0) exec(s, ["DEL", key]);
        exec(s, ["PFADD", key, fresh()]);
        sparseOps++;
      }
    },
    "Set.add new element": (n) => {
      for (let i = 0; i < n; i++) set.add(fresh());
      if (set.size > 1_000_000) set.clear();
    },
    "PFCOUNT cached": (n) => {
      for (let i = 0; i < n; i++) exec(s, ["PFCOUNT", "dense2"]);
    },
    "Set.size": (n) => {
      let x = 0;
      for (let i = 0; i < n; i++) x += set.size;
      return x;
    },
    "PFADD + PFCOUNT, dense (uncached)": (n) => {
      for (let i = 0; i < n; i++) {
        exec(s, ["PFADD", "dense3", fresh()]);
        exec(s, ["PFCOUNT", "dense3"]);
      }
    },
    "PFADD + PFCOUNT, sparse 1000 (uncached)": (n) => {
      for (let i = 0; i < n; i++) {
        // An element already counted leaves the registers alone; SETRANGE of the cache byte invalidates.
        exec(s, ["SETRANGE", "sparse1k", "15", "\x80"]);
        exec(s, ["PFCOUNT", "sparse1k"]);
      }
    },
    "PFCOUNT of 3 dense keys (union)": (n) => {
      for (let i = 0; i < n; i++) exec(s, ["PFCOUNT", "dense", "dense2", "dense3"]);
    },
    "PFMERGE 2 dense into a third": (n) => {
      for (let i = 0; i < n; i++) exec(s, ["PFMERGE", "merged", "dense", "dense2"]);
    },
  };
  const ops = await compare(variants, cfg);
  console.log("\nhyperloglog (median ops/s; relative to Set.add where it applies)");
  const base = ops["Set.add new element"];
  printTable(
    ["op", "ops/s", "÷ Set.add"],
    Object.keys(ops).map((k) => [k, formatOps(ops[k]), k.startsWith("PFADD new") || k === "Set.add new element" ? formatRatio(ops[k] / base) : ""]),
  );
  console.log(`memory: the dense HLL is 12304 bytes for ~${formatOps(DENSE_PREFILL)} + elements; the Set holds every string it saw`);
  engine.close();
  return { checks: [] };
}

// Shared helpers for the benchmarks: timing, interleaved rounds, tables and target checks.
//
// A variant is a function `run(n)` that performs n operations (returning a promise when they are
// awaited). Keeping the loop inside the variant lets a "plain loop" really be a plain loop: the harness
// adds one call per batch, not one per operation.
//
// Benchmarks print figures and PASS/FAIL lines; they never fail a build (DESIGN.md: no timed
// assertions in tests).

/** Results of the measured operations flow here, so no engine can drop the work as dead code. */
export let sink = 0;
export function consume(x) {
  if (x !== undefined && x !== null) sink = (sink + (typeof x === "string" ? x.length : 1)) | 0;
}

const now = () => performance.now();

/** Settings from the command line: `--quick` for a fast smoke run, `--ms=N` per measurement, `--rounds=N`. */
export function settings(argv = process.argv.slice(2)) {
  const get = (name) => {
    const a = argv.find((x) => x.startsWith(`--${name}=`));
    return a === undefined ? undefined : Number(a.slice(name.length + 3));
  };
  const quick = argv.includes("--quick");
  return {
    quick,
    /** Measured time per variant per round. */
    ms: get("ms") ?? (quick ? 60 : 300),
    /** Rounds (variants are interleaved, and the median round is kept). */
    rounds: get("rounds") ?? (quick ? 1 : 3),
    /** Warm-up time per variant before the first round (lets the JIT settle). */
    warmupMs: get("warmup") ?? (quick ? 30 : 200),
    filter: argv.filter((x) => !x.startsWith("--")),
  };
}

async function runBatch(run, n) {
  const r = run(n);
  if (r !== undefined && typeof r.then === "function") await r;
}

/**
 * Runs `run` in batches for about `ms` milliseconds and returns operations per second. The batch size
 * grows until one batch takes at least a millisecond or two, so timer reads cost nothing measurable.
 */
export async function measure(run, ms) {
  let n = 16;
  for (;;) {
    const t0 = now();
    await runBatch(run, n);
    if (now() - t0 >= 2 || n >= 1 << 22) break;
    n *= 2;
  }
  let ops = 0;
  const start = now();
  let elapsed = 0;
  do {
    await runBatch(run, n);
    ops += n;
    elapsed = now() - start;
  } while (elapsed < ms);
  return (ops * 1000) / elapsed;
}

/**
 * Measures every variant (`{ name: run }`) in interleaved rounds (a, b, c, a, b, c …), after a warm-up of
 * each, and returns `{ name: median ops/s }`. Interleaving spreads drift (other processes, GC, turbo)
 * over all variants instead of penalising whichever runs last.
 */
export async function compare(variants, { ms, rounds, warmupMs }) {
  const names = Object.keys(variants);
  for (const name of names) await measure(variants[name], warmupMs);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) samples[name].push(await measure(variants[name], ms));
  }
  const result = {};
  for (const name of names) {
    const s = samples[name].sort((a, b) => a - b);
    result[name] = s[Math.floor(s.length / 2)];
  }
  return result;
}

/** `n` keys `prefix0 … prefix(n-1)`. */
export function keySpace(prefix, n = 10_000) {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** 1234567 → "1.23M", 45678 → "45.7k". */
export function formatOps(x) {
  if (x === undefined || !Number.isFinite(x)) return "n/a";
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

export function formatRatio(x) {
  return x === undefined || !Number.isFinite(x) ? "n/a" : `${x.toFixed(2)}×`;
}

/** Prints rows (arrays of cells) under a header, columns padded; the first column left-aligned. */
export function printTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c] ?? "").length)));
  const line = (r) =>
    r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/**
 * A target from an issue: `value` compared with `limit` by `op` (">=" or "<="). Returns the check
 * (printed later by run.mjs); `value` undefined means the variant could not run.
 */
export function check(label, value, op, limit) {
  const pass = value !== undefined && Number.isFinite(value) && (op === ">=" ? value >= limit : value <= limit);
  return { label, value, op, limit, pass };
}

export function printChecks(checks) {
  const rows = checks.map((c) => [c.label, formatRatio(c.value), `${c.op} ${c.limit}`, c.pass ? "PASS" : "FAIL"]);
  printTable(["target", "measured", "wanted", "result"], rows);
}

/**
 * Our client on an in-process engine (a fresh one unless given), checked with one round trip, or the
 * reason it cannot run (so a bench still prints the other columns).
 */
export async function makeClient(api, engine = api.createEngine()) {
  const Redis = api.default;
  if (typeof Redis !== "function") return { reason: "dist/index.js has no default export (the client)" };
  try {
    const redis = new Redis({ engine });
    await redis.ping();
    return { redis };
  } catch (e) {
    return { reason: `client failed: ${e?.message ?? e}` };
  }
}

/** Closes a client made by makeClient (nothing when it could not be made). */
export function closeClient(redis) {
  redis?.disconnect();
}

// Runs every benchmark and prints its figures, then the issue targets as PASS/FAIL lines.
// Run after `npm run build` (`npm run bench` does both). Options (after `--` with npm):
//   --quick        a short smoke run (figures are noisy)
//   --ms=N         measured milliseconds per variant per round (default 300)
//   --rounds=N     interleaved rounds, the median is kept (default 3)
//   --warmup=N     warm-up milliseconds per variant (default 200)
//   SET GET …      only these operations
//   --size=N       items in the persistence figures (default 1,000,000; --quick 100,000)
// Printing only: a FAIL never changes the exit code (DESIGN.md: no timed assertions).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printChecks, settings } from "./lib.mjs";

if (!existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)))) {
  console.error("bench: dist/ is missing; run `npm run bench` (it builds first) or `npm run build`.");
  process.exit(1);
}

// One module per area; each exports `name` and `run(settings)` → { checks }.
const BENCHES = ["./strings.mjs", "./breakdown.mjs", "./sets.mjs", "./hashes.mjs", "./server.mjs", "./lists.mjs", "./persistence.mjs", "./zsets.mjs", "./hyperloglog.mjs", "./streams.mjs", "./geo.mjs"];

const cfg = settings();
console.log(
  `redis-anywhere bench: Node ${process.version}, ${process.platform}/${process.arch}; ` +
    `${cfg.rounds} round(s) × ${cfg.ms} ms per variant${cfg.quick ? " (--quick)" : ""}`,
);
const t0 = performance.now();
const checks = [];
for (const path of BENCHES) {
  const bench = await import(path);
  const result = await bench.run(cfg);
  checks.push(...result.checks);
}
if (checks.length > 0) {
  console.log("\ntargets (from the issues):");
  printChecks(checks);
  const failed = checks.filter((c) => !c.pass).length;
  console.log(failed === 0 ? "\nall targets met" : `\n${failed} of ${checks.length} targets not met`);
}
console.log(`(bench took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

/**
 * `npm run test:crash -- --seed N --runs M [--min-ms A --max-ms B]`: the long SIGKILL crash run
 * (crash-harness.mjs) against the built engine (npm run build first; the script does).
 */
import { crashRuns } from "./crash-harness.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
};
const seed = opt("seed", Number(process.env.SEED ?? 1));
const runs = opt("runs", 50);
const started = Date.now();
const r = await crashRuns({
  seed,
  runs,
  minMs: opt("min-ms", 20),
  maxMs: opt("max-ms", 600),
  log: (l) => console.log(l),
});
console.log(`crash run: seed ${seed}, ${r.runs} kills, ${r.totalAcks} acknowledged steps, all present (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/**
 * Vitest configuration.
 *
 * - One shared oracle redis-server per run is started by test/setup/redis-server.ts (globalSetup) and
 *   its port is given to tests as inject("redisPort") (0 = none; oracle tests skip).
 * - Test files run in child processes (`forks`: robust with native handles and child processes), at
 *   most 2 at a time by default (the CI machine has 2 cores). Each running file gets a distinct
 *   VITEST_POOL_ID, which test/support/oracle.ts maps to its own DB on the shared oracle, so the cap
 *   must stay ≤ 15. Override with VITEST_MAX_WORKERS.
 * - Results also go to .vitest-results.json (JSON reporter) for .ci/run's summary line.
 */
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const maxWorkers = Math.min(
  15,
  Math.max(1, Number(process.env["VITEST_MAX_WORKERS"]) || Math.min(2, availableParallelism())),
);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**"],
    globalSetup: ["test/setup/redis-server.ts"],
    pool: "forks",
    maxWorkers,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
  },
});

/**
 * Crash tests, bounded for `npm test` (the long run: `npm run test:crash -- --seed N --runs M`):
 *  - a child process writing with appendfsync always (fs backend) is killed with SIGKILL at random
 *    moments and restarted; every acknowledged write is there and nothing is half-applied;
 *  - with fake-indexeddb, the engine is dropped mid-batch (its persistence abandoned, transactions
 *    in flight left to finish or not) and reopened, several times over: same guarantees.
 * The fs run uses the built engine (dist/, as `npm test` builds it) and is skipped when it is missing.
 */
import "fake-indexeddb/auto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import type { Engine } from "../../src/engine/engine.js";
import { PendingReply } from "../../src/engine/reply.js";
import { indexedDbStorage } from "../../src/persistence/backends/indexeddb.js";
import { persistenceOf } from "../../src/persistence/open.js";
import { seededRng, testSeed } from "../support/seeded.js";
import { cmd, sleep } from "./helpers.js";
// @ts-expect-error: a plain .mjs module without type declarations
import { crashRuns } from "./crash-harness.mjs";

const built = existsSync(fileURLToPath(new URL("../../dist/node.js", import.meta.url)));

describe("SIGKILL during appendfsync always (fs backend)", () => {
  it.skipIf(!built)("every acknowledged write survives, nothing half-applied", async () => {
    const r = (await crashRuns({ seed: testSeed(), runs: 5, minMs: 30, maxMs: 300 })) as { totalAcks: number };
    expect(r.totalAcks).toBeGreaterThan(0);
  }, 60_000);
});

describe("an engine dropped mid-batch (fake-indexeddb)", () => {
  async function check(e: Engine, writers: number): Promise<number[]> {
    const s = e.createSession();
    const next: number[] = [];
    for (let c = 0; c < writers; c++) {
      const n = Number((await cmd(s, "GET", `next:${c}`)) ?? 0);
      expect(await cmd(s, "LRANGE", `log:${c}`, 0, -1)).toEqual(Array.from({ length: n }, (_, i) => String(i)));
      expect(await cmd(s, "EXISTS", `k:${c}:${n}`)).toBe(0);
      if (n > 0) expect(await cmd(s, "EXISTS", `k:${c}:${n - 1}`)).toBe(1);
      next.push(n);
    }
    return next;
  }

  it("nothing acknowledged is lost, nothing half-applied appears", async () => {
    const rng = seededRng("idb-crash");
    const name = `crash-${testSeed()}`;
    const writers = 3;
    const acked = Array.from({ length: writers }, () => -1);
    for (let round = 0; round < 8; round++) {
      const e = await createEngine({
        storage: indexedDbStorage(name),
        config: { appendonly: "yes", appendfsync: "always", save: "" },
      });
      const next = await check(e, writers);
      for (let c = 0; c < writers; c++) expect(next[c]).toBeGreaterThanOrEqual(acked[c]! + 1);
      let alive = true;
      const loops = Array.from({ length: writers }, async (_, c) => {
        const w = e.createSession();
        for (let i = next[c]!; alive; i++) {
          w.exec(["MULTI"]);
          w.exec(["SET", `k:${c}:${i}`, `v${i}`]);
          w.exec(["RPUSH", `log:${c}`, String(i)]);
          w.exec(["SET", `next:${c}`, String(i + 1)]);
          const r = w.exec(["EXEC"]);
          const reply = r instanceof PendingReply ? await r.promise : r;
          if (!alive) return;
          if (!Array.isArray(reply)) throw new Error(`EXEC answered ${String(reply)}`);
          acked[c] = i;
          if (c === 0 && i % 25 === 24) w.exec(["BGREWRITEAOF"]);
        }
      });
      // Drop the engine at a random moment: no close, no flush; in-flight transactions may or may not land.
      await sleep(Math.floor(rng.float() * 60));
      alive = false;
      persistenceOf(e)!.abandon();
      e.close();
      await Promise.race([Promise.all(loops), sleep(50)]);
    }
    const last = await createEngine({ storage: indexedDbStorage(name), config: { appendonly: "yes", save: "" } });
    const next = await check(last, writers);
    for (let c = 0; c < writers; c++) expect(next[c]).toBeGreaterThanOrEqual(acked[c]! + 1);
    expect(acked.some((a) => a > 10)).toBe(true);
  }, 60_000);
});

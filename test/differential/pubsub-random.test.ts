/**
 * Seeded random pub/sub sequences over four connections, against a real redis-server: subscribes
 * and unsubscribes of every kind, publishes, introspection, PING, RESET, commands refused in the
 * RESP2 subscribed context, and switches between RESP2 and RESP3. Every frame every connection
 * receives is compared after each step.
 *
 * Connection 0 does most of the publishing (a RESP2 subscriber may not publish); the others mostly
 * subscribe. Each channel matches at most one pattern, so the order of messages is Redis's fixed one; only the
 * replies of an argument-less UNSUBSCRIBE (hash order in Redis) are compared as multisets.
 * Seed: env SEED (test/support/seeded.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Oracle, oracleAvailable, startOracle } from "../support/differential.js";
import { type Rng, seededRng } from "../support/seeded.js";
import { PubSubPair } from "./pubsub-support.js";

const CONNECTIONS = 4;
const STEPS = 600;
const CHANNELS = ["a1", "a2", "b1", "bb", "c1", "c3", "d", "\xff\x00"];
const PATTERNS = ["a*", "b?", "c[12]", "\xff*"];
const SHARDS = ["s1", "s2", "a1"];

function some(rng: Rng, from: readonly string[], min: number, max: number): string[] {
  return Array.from({ length: rng.int(min, max) }, () => rng.pick(from));
}

function step(rng: Rng): string[] {
  return rng.weighted<() => string[]>([
    [() => ["SUBSCRIBE", ...some(rng, CHANNELS, 1, 3)], 10],
    [() => ["UNSUBSCRIBE", ...some(rng, CHANNELS, 0, 2)], 2],
    [() => ["PSUBSCRIBE", ...some(rng, PATTERNS, 1, 2)], 6],
    [() => ["PUNSUBSCRIBE", ...some(rng, PATTERNS, 0, 2)], 1],
    [() => ["SSUBSCRIBE", ...some(rng, SHARDS, 1, 2)], 2],
    [() => ["SUNSUBSCRIBE", ...some(rng, SHARDS, 0, 2)], 1],
    [() => ["PUBLISH", rng.pick(CHANNELS), rng.string(rng.int(0, 6), "xyz\r\n\x00")], 14],
    [() => ["SPUBLISH", rng.pick(SHARDS), rng.string(rng.int(0, 4))], 3],
    [() => ["PUBSUB", "NUMSUB", ...some(rng, CHANNELS, 0, 3)], 1],
    [() => ["PUBSUB", "SHARDNUMSUB", ...some(rng, SHARDS, 1, 2)], 1],
    [() => ["PUBSUB", "NUMPAT"], 1],
    [() => (rng.chance(0.5) ? ["PING"] : ["PING", rng.string(2)]), 1],
    [() => ["GET", "k"], 1],
    [() => ["SET", "k", rng.string(2)], 1],
    [() => ["RESET"], 0.2],
    [() => ["HELLO", rng.pick(["2", "3"])], 0.7],
  ])();
}

describe.skipIf(!oracleAvailable())("pub/sub random sequences vs redis-server", () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = (await startOracle())!;
  });
  afterAll(async () => {
    await oracle?.close();
  });

  it(`${STEPS} random steps over ${CONNECTIONS} connections`, async () => {
    const rng = seededRng("pubsub-random");
    const p = await PubSubPair.open(oracle, CONNECTIONS);
    let delivered = 0;
    try {
      for (let n = 0; n < STEPS; n++) {
        const argv = step(rng);
        const cmd = argv[0]!;
        // Connection 0 never subscribes and does most of the publishing (a RESP2 subscriber's PUBLISH is refused).
        const publishing = cmd.endsWith("PUBLISH");
        const subscribing = cmd.endsWith("SUBSCRIBE");
        const i = (publishing ? rng.chance(0.8) : !subscribing && rng.chance(0.2)) ? 0 : rng.int(1, CONNECTIONS - 1);
        const all = argv.length === 1 && cmd.endsWith("UNSUBSCRIBE");
        const got = await p.run(i, [argv], { unordered: all, skipCompare: cmd === "HELLO" });
        if (cmd.endsWith("PUBLISH")) for (let j = 0; j < CONNECTIONS; j++) if (j !== i) delivered += got.ours[j]!.length;
      }
    } finally {
      p.close();
    }
    expect(delivered).toBeGreaterThan(STEPS / 5);
  });
});

/**
 * A stand-alone primary's answers to the cluster and replication commands, against a real
 * redis-server (started without cluster support): the "cluster support disabled" errors, ROLE, and
 * WAIT with zero replicas (immediate, blocking until its timeout, and inside MULTI), with argument
 * errors in Redis's order. WAITAOF is 7.2-only (test/commands/replication.test.ts).
 */
import { describe, it } from "vitest";
import { oracleAvailable } from "../support/differential.js";
import { oracleSuite, scenario } from "./string-support.js";

describe.skipIf(!oracleAvailable())("cluster and replication commands vs redis-server", () => {
  const suite = oracleSuite();

  it("answers as a primary without cluster support or replicas", async () => {
    const pair = await suite.fresh();
    await scenario(pair, [
      ["READONLY"], ["READWRITE"], ["ASKING"], ["READONLY", "x"], ["CLUSTER", "INFO"], ["CLUSTER", "KEYSLOT", "a"], ["cluster", "nodes"],
      ["CLUSTER", "HELP"], ["CLUSTER", "BOGUS"], ["CLUSTER"], ["ROLE"], ["ROLE", "x"],
      ["WAIT", "0", "0"], ["WAIT", "-1", "5"], ["WAIT", "x", "0"], ["WAIT", "0", "x"], ["WAIT", "0", "-1"], ["WAIT", "x", "-1"], ["WAIT", "1", "20"],
      ["WAIT", "0"], ["MULTI"], ["WAIT", "3", "0"], ["ROLE"], ["EXEC"],
    ]);
  });
});

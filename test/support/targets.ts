/**
 * Behaviour tests through the public client only (DESIGN.md §7 tier 2): the same test body runs
 * against our `Redis` on a fresh in-process engine and against the real ioredis 5 on a private
 * redis-server, so a test that passes on both pins ioredis-and-Redis behaviour, not our guess of it.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { Redis as IORedis } from "ioredis";
import Redis, { createEngine, type Engine } from "../../src/index.js";
import { oracleAvailable, startOracle, type Oracle } from "./differential.js";

/** The client surface the behaviour tests use: ioredis's, as both targets provide it. */
export type AnyRedis = IORedis;

export interface Target {
  name: "ours" | "redis";
  /** A new connection to this target's server (a fresh engine per file for ours). */
  connect(options?: Record<string, unknown>): AnyRedis;
}

/**
 * Runs `body` once per target. Connections made with `t.connect()` are closed after the file;
 * the real server is skipped when redis-server is not installed.
 */
export function describeBoth(title: string, body: (t: Target) => void): void {
  describe(`${title} [ours]`, () => {
    let engine: Engine | undefined;
    const clients: AnyRedis[] = [];
    beforeAll(() => {
      engine = createEngine();
    });
    afterAll(async () => {
      for (const c of clients) c.disconnect();
      engine?.close();
    });
    body({
      name: "ours",
      connect(options = {}) {
        const c = new Redis({ ...options, engine: engine! }) as unknown as AnyRedis;
        clients.push(c);
        return c;
      },
    });
  });
  describe.skipIf(!oracleAvailable())(`${title} [redis]`, () => {
    let oracle: Oracle | undefined;
    const clients: AnyRedis[] = [];
    beforeAll(async () => {
      oracle = await startOracle();
    });
    afterAll(async () => {
      for (const c of clients) c.disconnect();
      await oracle?.close();
    });
    body({
      name: "redis",
      connect(options = {}) {
        const c = new IORedis({ ...options, path: oracle!.path });
        clients.push(c);
        return c;
      },
    });
  });
}

/**
 * Targets reached over TCP: our engine behind `serve()` on a free loopback port, and a private real
 * redis-server. The same test body runs against both with real network clients (ioredis, node-redis,
 * redis-cli …), so what passes on both is the client's and Redis's behaviour over the wire, not our
 * in-process client's reading of it. Like targets.ts's describeBoth, with ports instead of engines.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { Redis as IORedis, type RedisOptions } from "ioredis";
import { createEngine, type Engine } from "../../src/index.js";
import { serve, type ServeOptions, type ServerHandle } from "../../src/server/serve.js";
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from "../setup/redis-server.js";

/** Our server on 127.0.0.1 with a free port, and its engine. */
export interface OurServer {
  readonly engine: Engine;
  readonly handle: ServerHandle;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts our server on a free loopback port (port 0), on a fresh engine unless one is given. */
export async function startOurServer(
  options: { config?: Record<string, string>; engine?: Engine } & Omit<Partial<ServeOptions>, "engine"> = {},
): Promise<OurServer> {
  const { config, engine: given, ...rest } = options;
  const engine = given ?? createEngine(config === undefined ? {} : { config });
  const handle = await serve({ port: 0, bind: "127.0.0.1", ...rest, engine });
  return {
    engine,
    handle,
    port: handle.port,
    async close() {
      await handle.close();
      engine.close();
    },
  };
}

export interface TcpTarget {
  name: "ours" | "redis";
  /** The port, valid inside tests and hooks (set in beforeAll). */
  readonly port: number;
  /** A real ioredis client on this target (closed after the file). */
  connect(options?: RedisOptions): IORedis;
}

function clientsFor(name: TcpTarget["name"], portOf: () => number) {
  const clients: IORedis[] = [];
  const target: TcpTarget = {
    name,
    get port() {
      return portOf();
    },
    connect(options = {}) {
      const c = new IORedis({ ...options, host: "127.0.0.1", port: portOf() });
      clients.push(c);
      return c;
    },
  };
  const disconnectAll = (): void => {
    for (const c of clients) c.disconnect();
  };
  return { target, disconnectAll };
}

/** Runs `body` against our server over TCP only. */
export function describeOurs(title: string, body: (t: TcpTarget) => void, options: { config?: Record<string, string> } = {}): void {
  describe(`${title} [ours over tcp]`, () => {
    let server: OurServer | undefined;
    const { target, disconnectAll } = clientsFor("ours", () => server!.port);
    beforeAll(async () => {
      server = await startOurServer(options);
    });
    afterAll(async () => {
      disconnectAll();
      await server?.close();
    });
    body(target);
  });
}

/** Runs `body` against our server over TCP and against a private redis-server (skipped if none). */
export function describeTcp(title: string, body: (t: TcpTarget) => void): void {
  describeOurs(title, body);
  describe.skipIf(!redisServerAvailable())(`${title} [redis]`, () => {
    let server: RedisServerHandle | undefined;
    const { target, disconnectAll } = clientsFor("redis", () => server!.port);
    beforeAll(async () => {
      server = await startRedisServer();
    });
    afterAll(async () => {
      disconnectAll();
      await server?.stop();
    });
    body(target);
  });
}

/**
 * Helpers for tests that compare against a real redis-server (the "oracle", DESIGN.md §6–7).
 *
 * Getting a client:
 *
 *   import { connectOracle, haveOracle } from "../support/oracle.js";
 *   describe.skipIf(!haveOracle())("ZADD vs redis-server", () => {
 *     let real: Redis;
 *     beforeAll(async () => { real = await connectOracle(); });   // empty DB, ready to use
 *     afterAll(() => real.quit());
 *     ...
 *   });
 *
 * Isolation (how parallel test files stay out of each other's way):
 *
 * - test/setup/redis-server.ts (vitest globalSetup) starts ONE shared redis-server per vitest run on a
 *   free loopback port; `oraclePort()` is that port, or 0 when redis-server is not installed.
 * - Vitest runs at most `maxWorkers` test files at once, and gives each running file a distinct
 *   `VITEST_POOL_ID` in 1..maxWorkers (a worker slot is reused only after its previous file finished).
 *   `connectOracle()` selects DB number = VITEST_POOL_ID (1..15; DB 0 is left for humans poking at the
 *   server) and FLUSHDBs it, so two files running at the same time never share a keyspace and every
 *   file starts from an empty one. Several clients in one file share that file's DB.
 * - Anything that is NOT per-DB must not be done on the shared server: FLUSHALL, SWAPDB, SELECT,
 *   MOVE/COPY to another db, CONFIG SET, DEBUG that changes state, SCRIPT/FUNCTION FLUSH or LOAD,
 *   CLIENT KILL/PAUSE, pub/sub and keyspace notifications (channels are server-wide), ACL, SHUTDOWN.
 *   A file that needs those calls `startPrivateOracle()` and gets its own redis-server (~10 ms to start).
 *
 * Comparing answers: `rawCommand(client, argv)` sends any command through ioredis's `callBuffer` and
 * returns `{ ok: value }` or `{ err: message }`, with values normalized so that deep equality of two
 * results means byte equality of the replies (see `normalizeReply`). It works on any client with an
 * ioredis-shaped `callBuffer`, so the same call can be made on our client and on the oracle's.
 */
import { inject } from "vitest";
import { Redis, type RedisOptions } from "ioredis";
import { startRedisServer, type RedisServerHandle } from "../setup/redis-server.js";

/** Port of the shared oracle on 127.0.0.1, or 0 when no redis-server is available. */
export function oraclePort(): number {
  const port = inject("redisPort");
  return typeof port === "number" ? port : 0;
}

/** True when the shared oracle is running (use with `describe.skipIf(!haveOracle())`). */
export function haveOracle(): boolean {
  return oraclePort() > 0;
}

/** The DB this test file owns on the shared oracle (1..15, from vitest's worker slot). */
export function oracleDb(): number {
  const id = Number(process.env["VITEST_POOL_ID"] ?? "1");
  if (!Number.isInteger(id) || id < 1) return 1;
  if (id > 15) {
    throw new Error(
      `VITEST_POOL_ID=${id}: the shared oracle has only DBs 1..15 for parallel files; ` +
        "lower maxWorkers in vitest.config.ts or use startPrivateOracle()",
    );
  }
  return id;
}

/** Extra ioredis options for oracle clients; host/port/db are set by the helpers. */
export type OracleClientOptions = Omit<RedisOptions, "host" | "port" | "db" | "lazyConnect">;

async function connectTo(port: number, db: number, options: OracleClientOptions): Promise<Redis> {
  const client = new Redis({
    // Fail fast instead of retrying forever if the oracle dies mid-test.
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    ...options,
    host: "127.0.0.1",
    port,
    db,
    lazyConnect: true,
  });
  await client.connect();
  return client;
}

/**
 * A real ioredis client on the shared oracle, SELECTed to this file's own DB, which is flushed first
 * unless `{ flush: false }` (use that for a second client in the same file). Throws when there is no
 * oracle: guard the suite with `haveOracle()`.
 */
export async function connectOracle(
  options: OracleClientOptions & { flush?: boolean } = {},
): Promise<Redis> {
  const port = oraclePort();
  if (port === 0) throw new Error("no oracle redis-server (guard this suite with haveOracle())");
  const { flush = true, ...rest } = options;
  const client = await connectTo(port, oracleDb(), rest);
  if (flush) await client.flushdb();
  return client;
}

/** A redis-server of this test file's own, for tests that change server-global state. */
export interface PrivateOracle {
  readonly port: number;
  /** A new ioredis client on this server (DB 0 unless told otherwise). */
  connect(options?: OracleClientOptions & { db?: number }): Promise<Redis>;
  /** Quits the clients made by `connect` and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a private redis-server (same flags as the shared one, plus `extraArgs`, e.g.
 * `["--notify-keyspace-events", "KEA"]`). Throws when redis-server is not installed: guard with
 * `haveOracle()`.
 */
export async function startPrivateOracle(extraArgs: readonly string[] = []): Promise<PrivateOracle> {
  if (!haveOracle()) throw new Error("no redis-server available (guard this suite with haveOracle())");
  const server: RedisServerHandle = await startRedisServer(extraArgs);
  const clients: Redis[] = [];
  return {
    port: server.port,
    async connect(options = {}) {
      const { db = 0, ...rest } = options;
      const c = await connectTo(server.port, db, rest);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await server.stop();
    },
  };
}

/** One reply, normalized: Buffers that are valid UTF-8 become strings, others stay Buffers. */
export type NormalizedReply =
  | null
  | number
  | string
  | Buffer
  | { err: string }
  | NormalizedReply[];

export type RawResult = { ok: NormalizedReply } | { err: string };

/** Anything with ioredis's `callBuffer` (the real ioredis, ioredis-mock, our client). */
export interface CallBufferClient {
  callBuffer(command: string, ...args: (string | Buffer | number)[]): Promise<unknown>;
}

/**
 * Normalizes a reply so that deep equality means byte equality: a Buffer becomes a string when it
 * round-trips through UTF-8 (readable diffs), otherwise it stays a Buffer (vitest compares bytes).
 * Errors nested in arrays (EXEC, pipelines) become `{ err: message }`.
 */
export function normalizeReply(value: unknown): NormalizedReply {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) {
    const s = value.toString("utf8");
    return Buffer.from(s, "utf8").equals(value) ? s : value;
  }
  if (value instanceof Uint8Array) return normalizeReply(Buffer.from(value));
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { err: value.message };
  if (Array.isArray(value)) return value.map(normalizeReply);
  throw new Error(`unexpected reply value ${String(value)}`);
}

/**
 * Sends `argv` (command name first) and returns `{ ok: reply }` or `{ err: message }`, where message is
 * the server's exact error text (e.g. "WRONGTYPE Operation against a key holding the wrong kind of value").
 */
export async function rawCommand(
  client: CallBufferClient,
  argv: readonly (string | Buffer)[],
): Promise<RawResult> {
  const [name, ...args] = argv;
  if (name === undefined) throw new Error("rawCommand: empty argv");
  try {
    const reply = await client.callBuffer(typeof name === "string" ? name : name.toString("latin1"), ...args);
    return { ok: normalizeReply(reply) };
  } catch (e) {
    return { err: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The RESP server: `serve({ engine, port, bind, … })` puts a TCP listener in front of an engine so
 * that any Redis client or tool (redis-cli, redis-benchmark, ioredis, node-redis, redis-py …) can use
 * it. Node-only host code: the engine core knows nothing about it.
 *
 * What it adds to the engine, as redis-server does:
 *  - one engine Session per connection (client-connection.ts), with the peer's real addresses for
 *    CLIENT LIST / CLIENT KILL;
 *  - `bind`: several addresses (Redis's list form; "-addr" may be unavailable, "*" is every IPv4 and
 *    "::*" every IPv6 address); like protected mode, a non-loopback address is refused unless a
 *    password is set or protected-mode is "no";
 *  - `maxclients` (CONFIG's value, live): a connection beyond it is answered
 *    "-ERR max number of clients reached" and closed;
 *  - requirepass for network clients (auth-gate.ts), set from `requirepass` or the engine's config;
 *  - a cron at the engine's hz (clientsCron): idle `timeout` and output-buffer limits.
 *
 * `close()` stops listening and closes every client; it does not close the engine (the caller owns
 * it). The CLI (src/cli/serve.ts) wires signals to it.
 */
import type { Engine } from "../engine/engine.js";
import { ClientConnection, type ConnectionHost, type LogLevel } from "./client-connection.js";
import { loadModule, type NetModuleLike, type NetServerLike, type SocketLike, type TimerHandle } from "./node-api.js";

export type { LogLevel } from "./client-connection.js";

export interface ServeOptions {
  engine: Engine;
  /** TCP port; 0 picks a free one (read it back from the handle). Default 6379. */
  port?: number;
  /** Addresses to listen on, in redis.conf's `bind` form. Default "127.0.0.1". */
  bind?: string | readonly string[];
  /** Sets the engine's requirepass (AUTH / HELLO AUTH); "" or absent keeps the engine's. */
  requirepass?: string;
  /** Sets the engine's maxclients (the limit is read live, so CONFIG SET maxclients works too). */
  maxclients?: number;
  /** Receives the server's log lines (connection problems, limits); nothing is printed without it. */
  log?: (level: LogLevel, message: string) => void;
}

export interface ServerHandle {
  /** The port listened on (the real one when 0 was asked for). */
  readonly port: number;
  /** Every listening address as host:port. */
  readonly addresses: readonly string[];
  /** Connected clients. */
  readonly clientCount: number;
  /** Stops listening and disconnects every client. Idempotent. */
  close(): Promise<void>;
}

/** One address to listen on: Redis's "-" prefix marks it optional (skipped when unavailable). */
interface BindAddress {
  host: string;
  optional: boolean;
}

/** Parses bind addresses in redis.conf form ("127.0.0.1 -::1", "*", "::*"). */
export function parseBind(bind: string | readonly string[]): BindAddress[] {
  const words = typeof bind === "string" ? bind.split(/\s+/) : bind.flatMap((b) => b.split(/\s+/));
  const out: BindAddress[] = [];
  for (const w of words) {
    if (w === "") continue;
    const optional = w.startsWith("-");
    let host = optional ? w.slice(1) : w;
    if (host === "*") host = "0.0.0.0";
    else if (host === "::*") host = "::";
    out.push({ host, optional });
  }
  return out;
}

/** Loopback addresses (127.0.0.0/8, ::1, localhost): reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host) || /^::ffff:127\./i.test(host);
}

/** The error serve() throws for a non-loopback address without a password (protected mode). */
export class ProtectedModeError extends Error {
  constructor(host: string) {
    super(
      `refusing to listen on ${host} without a password (protected mode): any host that can reach this ` +
        `address could read and change every key. Set a password with --requirepass <password> (or ` +
        `requirepass in the config file), listen on a loopback address (--bind 127.0.0.1), or, on a ` +
        `network you trust, turn the protection off with --protected-mode no.`,
    );
    this.name = "ProtectedModeError";
  }
}

function listen(server: NetServerLike, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.removeAllListeners("error");
      server.on("error", () => {
        // Errors after listening (EMFILE on accept …) must not take the process down.
      });
      const a = server.address();
      resolve(typeof a === "object" && a !== null ? a.port : port);
    });
  });
}

function closeServer(server: NetServerLike): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts listening; resolves once every (non-optional) address is bound. */
export async function serve(options: ServeOptions): Promise<ServerHandle> {
  const { engine } = options;
  const log = options.log ?? (() => {});
  if (options.requirepass !== undefined && options.requirepass !== "") {
    engine.config.setMany([["requirepass", options.requirepass]], { atStartup: true });
  }
  if (options.maxclients !== undefined) {
    engine.config.setMany([["maxclients", String(options.maxclients)]], { atStartup: true });
  }
  const addresses = parseBind(options.bind ?? "127.0.0.1");
  if (addresses.length === 0) throw new Error("serve: no address to listen on");
  const unprotected = engine.config.get("requirepass") === "" && engine.config.get("protected-mode") === "yes";
  if (unprotected) {
    const open = addresses.find((a) => !isLoopback(a.host));
    if (open !== undefined) throw new ProtectedModeError(open.host);
  }

  const net = (await loadModule("node:net")) as NetModuleLike;
  const clients = new Set<ClientConnection>();
  let closing = false;
  const host: ConnectionHost = {
    engine,
    log,
    removed: (c) => clients.delete(c),
  };

  const accept = (socket: SocketLike): void => {
    socket.on("error", () => {
      // A reset during accept or the rejection below: the socket is going away either way.
    });
    if (closing || engine.isClosed) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    if (clients.size >= Number(engine.config.get("maxclients"))) {
      // acceptCommonHandler: told why, then closed; the error is not a reply to any command.
      socket.write("-ERR max number of clients reached\r\n", "latin1");
      socket.end();
      log("verbose", "Error registering fd event for the new client: max number of clients reached");
      return;
    }
    clients.add(new ClientConnection(socket, host));
  };

  const servers: NetServerLike[] = [];
  const bound: string[] = [];
  let port = options.port ?? 6379;
  try {
    for (const a of addresses) {
      const server = net.createServer({ noDelay: true }, accept);
      try {
        port = await listen(server, port, a.host);
      } catch (e) {
        if (a.optional) {
          log("warning", `Could not create server TCP listening socket ${a.host}:${port}: ${(e as Error).message}`);
          continue;
        }
        throw e;
      }
      servers.push(server);
      bound.push(a.host.includes(":") ? `[${a.host}]:${port}` : `${a.host}:${port}`);
    }
  } catch (e) {
    await Promise.all(servers.map(closeServer));
    throw e;
  }
  if (servers.length === 0) throw new Error("serve: none of the bind addresses could be used");
  // CONFIG GET port / bind answer with what is really in use (informational: never fatal).
  for (const [name, value] of [
    ["port", String(port)],
    ["bind", addresses.map((a) => (a.optional ? `-${a.host}` : a.host)).join(" ")],
  ] as const) {
    try {
      engine.config.setMany([[name, value]], { atStartup: true });
    } catch {
      // e.g. more than 16 bind addresses, which redis.conf could not express either
    }
  }

  // clientsCron: idle timeouts and output limits, at the engine's hz.
  const cron = (): void => {
    const now = Date.now();
    const idleMs = Number(engine.config.get("timeout")) * 1000;
    for (const c of [...clients]) {
      if (c.checkOutputLimits(now)) continue;
      // Blocked and subscribed clients never time out for being idle.
      if (idleMs > 0 && !c.isBlocked && !c.isPubSub && now - c.lastActivity > idleMs) {
        log("verbose", "Closing idle client");
        c.destroy();
      }
    }
  };
  const hz = Math.max(1, Number(engine.config.get("hz")));
  const timer = setInterval(cron, Math.floor(1000 / hz)) as unknown as TimerHandle;
  timer.unref?.();

  let closed: Promise<void> | undefined;
  return {
    port,
    addresses: bound,
    get clientCount() {
      return clients.size;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(timer as unknown as ReturnType<typeof setInterval>);
        const done = Promise.all(servers.map(closeServer));
        for (const c of [...clients]) c.destroy();
        await done;
      })();
      return closed;
    },
  };
}

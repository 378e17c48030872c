/**
 * Client options: ioredis 5's defaults and its constructor-argument rules. Arguments are merged
 * "first one wins" (lodash defaults), so in `(port, host, options)` the explicit port and host beat
 * the object's. Strings are URLs (`redis://[user:pass@]host[:port][/db][?opts]`, `rediss://…`,
 * `//host:port`, `host:port`), unix paths (`/tmp/redis.sock[?opts]`) or a numeric port. The result is
 * a plain, public, mutable object; `duplicate()` spreads it into a new client.
 */
import type { Engine } from "../engine/engine.js";
import type { TransportFactory } from "./transport.js";

export interface RedisOptions {
  port?: number | undefined;
  host?: string | undefined;
  path?: string | undefined;
  /** Database selected on connect. */
  db?: number | undefined;
  /** Prepended to every key argument (not to patterns or replies). */
  keyPrefix?: string | Uint8Array | undefined;
  /** Do not connect until `connect()` or the first command. */
  lazyConnect?: boolean | undefined;
  /** Batch the commands issued in one tick. */
  enableAutoPipelining?: boolean | undefined;
  autoPipeliningIgnoredCommands?: string[] | undefined;
  /** Integer replies as strings. */
  stringNumbers?: boolean | undefined;
  /** CLIENT SETNAME on connect. */
  connectionName?: string | null | undefined;
  /** Queue commands issued before the connection is ready (else they reject). */
  enableOfflineQueue?: boolean | undefined;
  /** Delay before reconnecting after an unexpected close; a non-number means give up. */
  retryStrategy?: ((times: number) => number | void | null) | null | undefined;
  maxRetriesPerRequest?: number | null | undefined;
  autoResubscribe?: boolean | undefined;
  autoResendUnfulfilledCommands?: boolean | undefined;
  username?: string | null | undefined;
  password?: string | null | undefined;
  /** The engine to talk to in-process (else the engine registered for host/port or path). */
  engine?: Engine | undefined;
  /** Makes the transport for each connection (defaults to in-process on `engine`). */
  transport?: TransportFactory | undefined;
  /** Other ioredis options are accepted and kept (libraries read some of them back). */
  [option: string]: unknown;
}

/** The merged options: every default present. */
export interface ResolvedRedisOptions extends RedisOptions {
  port: number;
  host: string;
  db: number;
  keyPrefix: string | Uint8Array;
  lazyConnect: boolean;
  enableAutoPipelining: boolean;
  autoPipeliningIgnoredCommands: string[];
  stringNumbers: boolean;
  connectionName: string | null;
  enableOfflineQueue: boolean;
  retryStrategy: ((times: number) => number | void | null) | null;
  maxRetriesPerRequest: number | null;
  autoResubscribe: boolean;
  autoResendUnfulfilledCommands: boolean;
}

/** ioredis 5.11's DEFAULT_REDIS_OPTIONS (the keys libraries may read back). */
export function defaultOptions(): ResolvedRedisOptions {
  return {
    port: 6379,
    host: "localhost",
    family: 0,
    connectTimeout: 10000,
    disconnectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(times * 50, 2000),
    keepAlive: 0,
    noDelay: true,
    connectionName: null,
    disableClientInfo: false,
    clientInfoTag: undefined,
    sentinels: null,
    name: null,
    role: "master",
    sentinelRetryStrategy: (times: number) => Math.min(times * 10, 1000),
    sentinelReconnectStrategy: () => 60000,
    natMap: null,
    enableTLSForSentinelMode: false,
    updateSentinels: true,
    failoverDetector: false,
    username: null,
    password: null,
    db: 0,
    enableOfflineQueue: true,
    enableReadyCheck: true,
    autoResubscribe: true,
    autoResendUnfulfilledCommands: true,
    lazyConnect: false,
    keyPrefix: "",
    reconnectOnError: null,
    readOnly: false,
    stringNumbers: false,
    maxRetriesPerRequest: 20,
    maxLoadingRetryTime: 10000,
    enableAutoPipelining: false,
    autoPipeliningIgnoredCommands: [],
    sentinelMaxConnections: 10,
    blockingTimeoutGrace: 100,
  };
}

const INT = /^-?\d+$/;

/** lodash `defaults`: copies the keys of `source` that `target` lacks (or holds undefined). */
function fillDefaults(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) {
    if (target[key] === undefined) target[key] = source[key];
  }
}

function queryOptions(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  params.forEach((value, key) => {
    const n = key === "family" ? Number.parseInt(value, 10) : Number.NaN;
    out[key] = Number.isNaN(n) ? value : n;
  });
  return out;
}

/** ioredis's parseURL: a URL, a unix path or a port number as options. */
export function parseURL(url: string): Record<string, unknown> {
  if (INT.test(url)) return { port: url };
  const protocol = /^rediss?:\/\//i.test(url);
  const relative = url.startsWith("//");
  if (url[0] === "/" && !relative) {
    const q = url.indexOf("?");
    const result: Record<string, unknown> = { path: q < 0 ? url : url.slice(0, q) };
    if (q >= 0) fillDefaults(result, queryOptions(new URLSearchParams(url.slice(q + 1))));
    return result;
  }
  const parsed = new URL(protocol ? url : relative ? `redis:${url}` : `redis://${url}`);
  const result: Record<string, unknown> = {};
  if (parsed.username !== "" || parsed.password !== "") {
    result["username"] = decodeURIComponent(parsed.username);
    result["password"] = decodeURIComponent(parsed.password);
  }
  if (parsed.pathname !== "" && parsed.pathname !== "/") {
    if (protocol || relative) result["db"] = parsed.pathname.slice(1);
    else result["path"] = parsed.pathname;
  }
  if (parsed.hostname !== "") result["host"] = parsed.hostname.replace(/^\[|\]$/g, "");
  if (parsed.port !== "") result["port"] = parsed.port;
  fillDefaults(result, queryOptions(parsed.searchParams));
  return result;
}

/** Merges constructor arguments as ioredis's parseOptions does. */
export function parseOptions(args: readonly unknown[]): ResolvedRedisOptions {
  const options: Record<string, unknown> = {};
  let tls = false;
  for (const arg of args) {
    if (arg === null || arg === undefined) continue;
    if (typeof arg === "object") {
      fillDefaults(options, arg as Record<string, unknown>);
    } else if (typeof arg === "string") {
      fillDefaults(options, parseURL(arg));
      if (arg.startsWith("rediss://")) tls = true;
    } else if (typeof arg === "number") {
      options["port"] = arg;
    } else {
      throw new Error(`Invalid argument ${String(arg)}`);
    }
  }
  if (tls) fillDefaults(options, { tls: true });
  // Written into the defaults literal (rather than the other way round) so the result keeps V8's
  // fast properties: the client reads a few options per command.
  const result = defaultOptions() as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined) result[key] = options[key];
  }
  if (typeof result["port"] === "string") result["port"] = Number.parseInt(result["port"], 10);
  if (typeof result["db"] === "string") result["db"] = Number.parseInt(result["db"], 10);
  return result as ResolvedRedisOptions;
}

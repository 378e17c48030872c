/**
 * In-process "servers" by address. Clients that name the same host and port (or unix path) share one
 * engine, made lazily on first use, just as two ioredis clients pointed at one server share its
 * data; `duplicate()` keeps the address, so duplicates share too. An engine that was closed is
 * replaced by a fresh one on the next connect (a restarted server, with no persistence configured).
 * `localhost`, `127.0.0.1` and `::1` are one address.
 */
import { Engine } from "../engine/engine.js";

const engines = new Map<string, Engine>();

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/** The registry key for an address. */
export function addressKey(address: { host?: string | undefined; port?: number | undefined; path?: string | undefined | null }): string {
  if (typeof address.path === "string" && address.path !== "") return `unix:${address.path}`;
  const host = address.host ?? "localhost";
  return `${LOOPBACK.has(host) ? "127.0.0.1" : host}:${address.port ?? 6379}`;
}

/** The engine serving `key`, created on first use (or after the previous one was closed). */
export function engineAt(key: string): Engine {
  let e = engines.get(key);
  if (e === undefined || e.isClosed) {
    e = new Engine();
    engines.set(key, e);
  }
  return e;
}

/** Closes and forgets every registry engine (tests; explicitly passed engines are not touched). */
export function closeRegistryEngines(): void {
  for (const e of engines.values()) e.close();
  engines.clear();
}

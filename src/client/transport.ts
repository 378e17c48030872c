/**
 * The client's one seam to an engine (DESIGN.md convention 9). The client builds Commands (argv as
 * binary strings) and a Transport executes them; in-process, worker and socket transports implement
 * only this, so pipelines, MULTI and auto-pipelining work over every one of them.
 *
 * Contract:
 *  - `open(sink)` connects (in-process: creates an engine session). It may throw or reject; the
 *    client then reports the error and ends, as ioredis does when its connector fails.
 *  - `exec(argv)` runs one command and answers with the engine's Reply — synchronously when it can
 *    (the in-process engine), else with a promise. Replies come back in the order commands were
 *    given, as on a Redis connection (a blocked command holds back those sent after it).
 *    Error replies are RedisError values, never rejections; a rejection means the transport failed.
 *  - Server-initiated events go to the sink: `push` for pub/sub messages and RESP3 push frames (the
 *    client emits them on a later microtask), `closed` when the server side dropped the connection
 *    (CLIENT KILL, engine shutdown). `close()` from the client does not call `closed`.
 *  - `close()` drops the connection; commands still in flight are abandoned (the client rejects
 *    them, or resends them after a reconnect).
 */
import type { Reply } from "../engine/reply.js";

export interface TransportSink {
  push(frame: Reply): void;
  closed(): void;
}

export interface Transport {
  open(sink: TransportSink): void | Promise<void>;
  exec(argv: readonly string[]): Reply | Promise<Reply>;
  close(): void;
}

/** Makes a fresh transport for each connection attempt. */
export type TransportFactory = () => Transport;

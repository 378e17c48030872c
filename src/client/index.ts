/**
 * The ioredis-compatible client: `Redis` (default export of the package too), its Command/Pipeline
 * classes, ReplyError, and the transport seam for other transports.
 */
export { Redis, type RedisStatus, type Condition } from "./redis.js";
export { Command, type CommandOptions } from "./command.js";
export { Pipeline, type PipelineEntry } from "./pipeline.js";
export { ReplyError, CONNECTION_CLOSED_ERROR_MSG } from "./reply-error.js";
export type { RedisOptions, ResolvedRedisOptions } from "./options.js";
export type { Transport, TransportSink, TransportFactory } from "./transport.js";
export { InProcessTransport } from "./in-process-transport.js";
export type { Callback } from "./callback.js";
export type { ReplyValue } from "./reply-convert.js";
export type { CommandName } from "./command-names.js";
export { EventEmitter } from "./event-emitter.js";
export { ScanStream, type ScanStreamOptions } from "./scan-stream.js";

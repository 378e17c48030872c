/**
 * What a command produced before it is decoded for its caller: the engine's Reply, or a client-side
 * failure (connection closed, subscriber mode, offline queue disabled) that rejects with a plain Error.
 */
import type { Reply } from "../engine/reply.js";

export class ClientFailure {
  constructor(readonly error: Error) {}
}

export type RawResult = Reply | ClientFailure;

/**
 * Errors the client rejects with. `ReplyError` is what a Redis error reply becomes: name
 * "ReplyError", message the server's text ("WRONGTYPE Operation against …"), and for a command's
 * own reply `.command = { name, args }`, as ioredis (redis-errors) shapes it. Connection-state
 * errors are plain `Error`s with ioredis's texts.
 */

/** ioredis's CONNECTION_CLOSED_ERROR_MSG (libraries compare against it). */
export const CONNECTION_CLOSED_ERROR_MSG = "Connection is closed.";

export class ReplyError extends Error {
  /** The command whose reply this is: its name as sent and its arguments (prefixed keys included). */
  declare command?: { name: string; args: unknown[] };
  /** Set on an EXEC error by multi().exec(): the errors of the commands queued before it. */
  declare previousErrors?: Error[];

  constructor(message: string) {
    super(message);
  }
}
// On the prototype, not an own property, as in redis-errors (so it does not show up as a key).
Object.defineProperty(ReplyError.prototype, "name", {
  value: "ReplyError",
  configurable: true,
  writable: true,
});

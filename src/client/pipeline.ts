/**
 * Pipelines and MULTI transactions, with ioredis's results:
 *
 *  - `pipeline()` queues commands (chainable; `length` counts them) and `exec()` sends them in order
 *    and resolves `[[err, result] | [null, result], …]`; a command's error never rejects exec.
 *  - `multi()` is a pipeline in transaction mode: MULTI, the commands, EXEC. exec() resolves the EXEC
 *    reply wrapped as `[[null, v] | [err], …]` (each element decoded by its own command: text or
 *    bytes, hgetall → object), `null` after a WATCH conflict, and rejects with EXEC's error (EXECABORT)
 *    carrying `previousErrors` (the queue-time errors). Callbacks of queued commands get "QUEUED".
 *  - Inside a plain pipeline, `multi()` … `exec()` is an inline transaction: exec() then only queues
 *    EXEC and returns the pipeline; its entry holds the decoded EXEC array, unwrapped.
 *
 * The pipeline runs through the client's batch path (Redis#_runBatch): in-process and ready, the
 * whole batch runs synchronously and exec() resolves once.
 */
import { RedisError } from "../engine/errors.js";
import type { Reply } from "../engine/reply.js";
import { asCallback, type Callback } from "./callback.js";
import { Command, type CommandOptions } from "./command.js";
import { installCommands, type ChainableCommands } from "./commander.js";
import { ClientFailure, type RawResult } from "./raw-result.js";
import { ReplyError } from "./reply-error.js";

/** One pipeline entry: `[error]` or `[null, result]`. */
export type PipelineEntry = [error: Error | null, result?: unknown];

/** What a pipeline needs from its client. */
export interface BatchRunner {
  readonly options: { readonly keyPrefix?: string | Uint8Array | undefined };
  /** @internal Runs commands in order; raw results, synchronously when possible. */
  _runBatch(commands: readonly Command[]): RawResult[] | Promise<RawResult[]>;
  /** @internal */
  readonly _stringNumbers: boolean;
}

const UTF8: CommandOptions = { replyEncoding: "utf8" };

/** ioredis's wrapMultiResult: EXEC's array as `[err]` / `[null, value]` entries; null stays null. */
export function wrapMultiResult(arr: unknown): PipelineEntry[] | null {
  if (!Array.isArray(arr)) return null;
  return arr.map((v): PipelineEntry => (v instanceof Error ? [v] : [null, v]));
}

// The generated methods are declared here and installed on the prototype below.
export interface Pipeline extends Omit<ChainableCommands<Pipeline>, "multi" | "exec"> {}

export class Pipeline {
  readonly isPipeline = true;
  readonly isCluster = false;
  readonly options: BatchRunner["options"];
  private _queue: Command[] = [];
  private _transactions = 0;
  private _executed: Promise<PipelineEntry[]> | undefined = undefined;

  constructor(
    readonly redis: BatchRunner,
    /** Made by `redis.multi()`: exec() unwraps the EXEC result. */
    private readonly transaction = false,
  ) {
    this.options = redis.options;
  }

  /** The number of queued commands. */
  get length(): number {
    return this._queue.length;
  }

  /** Queues a command; returns the pipeline (the seam the generated methods call). */
  sendCommand(command: Command): this {
    if (this._transactions > 0) command.inTransaction = true;
    this._queue.push(command);
    return this;
  }

  /** Queues `[name, ...args]` rows, as `pipeline(commands)` does. */
  addBatch(commands: readonly (readonly unknown[])[]): this {
    const self = this as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const row of commands) {
      const [name, ...args] = row;
      const method = self[String(name)];
      if (typeof method !== "function") throw new Error(`Unknown command ${String(name)}`);
      method.apply(this, args);
    }
    return this;
  }

  /** Starts a transaction inside the pipeline (MULTI). */
  multi(callback?: Callback): this {
    this._transactions += 1;
    return this.sendCommand(new Command("multi", [], UTF8, callback));
  }

  /**
   * Sends the queued commands. With an open transaction this queues EXEC instead (and, for a
   * `redis.multi()` pipeline, then sends everything).
   */
  exec(callback?: Callback<PipelineEntry[] | null>): Promise<PipelineEntry[] | null> {
    if (this._transactions > 0) {
      this._transactions -= 1;
      this.sendCommand(new Command("exec", [], UTF8));
      if (!this.transaction) return this as unknown as Promise<PipelineEntry[] | null>;
    }
    const results = this.run();
    if (!this.transaction) return asCallback(results, callback);
    return asCallback(
      results.then((entries) => {
        const last = entries[entries.length - 1];
        if (last === undefined) {
          throw new Error("Pipeline cannot be used to send any commands when the `exec()` has been called on it.");
        }
        const err = last[0];
        if (err !== null) {
          const previous: Error[] = [];
          for (let i = 0; i < entries.length - 1; i++) {
            const e = entries[i]![0];
            if (e !== null) previous.push(e);
          }
          (err as ReplyError).previousErrors = previous;
          throw err;
        }
        return wrapMultiResult(last[1]);
      }),
      callback,
    );
  }

  /** Runs the queue once (a second exec() gets the same results). */
  private run(): Promise<PipelineEntry[]> {
    if (this._executed !== undefined) return this._executed;
    const queue = this._queue;
    if (queue.length === 0) return (this._executed = Promise.resolve([]));
    const raws = this.redis._runBatch(queue);
    this._executed = Array.isArray(raws) ? Promise.resolve(this.fill(raws)) : raws.then((r) => this.fill(r));
    return this._executed;
  }

  /** Decodes each raw result for its command (EXEC's elements for the commands they answer). */
  private fill(raws: readonly RawResult[]): PipelineEntry[] {
    const queue = this._queue;
    const sn = this.redis._stringNumbers;
    const out = new Array<PipelineEntry>(queue.length);
    for (let i = 0; i < queue.length; i++) {
      const cmd = queue[i]!;
      const raw = raws[i] as RawResult;
      let entry: PipelineEntry;
      if (raw instanceof ClientFailure) {
        entry = [raw.error];
      } else if (Array.isArray(raw) && cmd.name.toLowerCase() === "exec") {
        entry = [null, this.decodeExec(raw, i, sn)];
      } else {
        const d = cmd.decode(raw, sn);
        entry = d.error !== null ? [d.error] : [null, d.value];
      }
      cmd.notify(entry[0], entry[1]);
      out[i] = entry;
    }
    return out;
  }

  /** EXEC's elements, each decoded by the queued command it answers (the ones just before EXEC). */
  private decodeExec(items: readonly Reply[], execAt: number, sn: boolean): unknown[] {
    const n = items.length;
    const out = new Array<unknown>(n);
    for (let j = 0; j < n; j++) {
      const item = items[j]!;
      const cmd = this._queue[execAt - (n - j)];
      if (item instanceof RedisError) out[j] = new ReplyError(item.message);
      else if (cmd === undefined) out[j] = item;
      else {
        const d = cmd.decode(item, sn);
        out[j] = d.error ?? d.value;
      }
    }
    return out;
  }
}

installCommands(Pipeline.prototype);

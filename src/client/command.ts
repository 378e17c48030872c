/**
 * A command on its way to the engine and back: the name, the binary argv, how to decode the reply,
 * and its promise. Every client method builds one and hands it to `sendCommand` (the one seam,
 * DESIGN.md convention 9).
 *
 * The argv is built once in the constructor, in ioredis's order: flatten the arguments one level,
 * run the command's argument transformer (on the flattened, still-raw values), convert each value to
 * bytes (strings as UTF-8, Buffers/Uint8Arrays as they are, numbers with String(), null/undefined as
 * ""), then prefix the key positions with `keyPrefix` (per @ioredis/commands getKeyIndexes).
 *
 * The promise is made lazily. A command answered synchronously (the in-process engine) settles
 * with `Promise.resolve/reject(value)`: one promise per call, no executor closure. A deferred is made
 * only when somebody asks for `promise` before the reply exists (offline queue, blocking commands,
 * user-built commands).
 */
import { exists, getKeyIndexes } from "@ioredis/commands";
import { fromText, toText } from "../engine/bytes.js";
import { RedisError } from "../engine/errors.js";
import type { Reply } from "../engine/reply.js";
import { binToBytes, binToText, bytesToBin, isBytes, textToBin } from "./bytes.js";
import { asCallback, type Callback } from "./callback.js";
import { convertReply, type ReplyValue } from "./reply-convert.js";
import { ReplyError } from "./reply-error.js";
import {
  type ArgumentTransformer,
  type ReplyTransformer,
  argumentTransformers,
  registryState,
  replyTransformers,
  setArgumentTransformer,
  setReplyTransformer,
} from "./transformers.js";

export interface CommandOptions {
  /** "utf8" decodes bulk and status replies to text; null (the default) keeps them as bytes. */
  replyEncoding?: string | null | undefined;
  /** Prepended to every key argument. */
  keyPrefix?: string | Uint8Array | undefined;
  readOnly?: boolean | undefined;
}

/** What the client does besides sending (see Redis#runOne). */
export const KIND_PLAIN = 0;
export const KIND_SELECT = 1;
export const KIND_QUIT = 2;
export const KIND_SUBSCRIBE = 3;
export const KIND_UNSUBSCRIBE = 4;

const KINDS: { [name: string]: number } = Object.assign(Object.create(null) as object, {
  select: KIND_SELECT,
  quit: KIND_QUIT,
  subscribe: KIND_SUBSCRIBE,
  psubscribe: KIND_SUBSCRIBE,
  ssubscribe: KIND_SUBSCRIBE,
  unsubscribe: KIND_UNSUBSCRIBE,
  punsubscribe: KIND_UNSUBSCRIBE,
  sunsubscribe: KIND_UNSUBSCRIBE,
});

function kindOf(name: string): number {
  const k = KINDS[name];
  if (k !== undefined) return k;
  return name === name.toLowerCase() ? KIND_PLAIN : (KINDS[name.toLowerCase()] ?? KIND_PLAIN);
}

const NO_OPTIONS: CommandOptions = {};

/**
 * What a generated method knows about its command, computed once instead of per call: its kind, and
 * its transformers as of registry version `version` (re-read after any registration).
 */
export interface MethodInfo {
  readonly kind: number;
  version: number;
  argT: ArgumentTransformer | undefined;
  replyT: ReplyTransformer | undefined;
}

/** The MethodInfo for a command name. */
export function methodInfo(name: string): MethodInfo {
  return { kind: kindOf(name), version: -1, argT: undefined, replyT: undefined };
}

/** ioredis's toArg, producing bytes: null/undefined → "", Buffers raw, strings UTF-8, else String(). */
export function toArg(x: unknown): string {
  if (typeof x === "string") return textToBin(x);
  if (typeof x === "number") return String(x);
  if (x === null || x === undefined) return "";
  if (isBytes(x)) return bytesToBin(x);
  return fromText(String(x));
}

/** `args.flat()`: one level. */
function flatten(args: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const a of args) {
    if (Array.isArray(a)) for (const b of a as unknown[]) out.push(b);
    else out.push(a);
  }
  return out;
}

/** The user-level argument list (flattened, transformed), as ioredis keeps it in `command.args`. */
function userArgs(name: string, raw: readonly unknown[]): unknown[] {
  const flat = flatten(raw);
  const t = argumentTransformers.get(name);
  return t === undefined ? flat : t(flat);
}

/** Indexes (into argv, name at 0) of the key arguments, or none when the command is unknown. */
function keyPositions(name: string, argv: readonly string[]): number[] {
  if (!exists(name, { caseInsensitive: true })) return [];
  return getKeyIndexes(name, argv.slice(1), { nameCaseInsensitive: true }).map((i) => i + 1);
}

export class Command {
  /** ioredis's per-name flag lists, for code that calls Command.checkFlag. */
  static readonly FLAGS: { readonly [flag: string]: readonly string[] } = {
    VALID_IN_SUBSCRIBER_MODE: ["subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit"],
    VALID_IN_MONITOR_MODE: ["monitor", "auth"],
    ENTER_SUBSCRIBER_MODE: ["subscribe", "psubscribe", "ssubscribe"],
    EXIT_SUBSCRIBER_MODE: ["unsubscribe", "punsubscribe", "sunsubscribe"],
    WILL_DISCONNECT: ["quit"],
    HANDSHAKE_COMMANDS: ["auth", "select", "client", "readonly", "info"],
    IGNORE_RECONNECT_ON_ERROR: ["client"],
    BLOCKING_COMMANDS: ["blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax", "bzmpop", "blmpop", "xread", "xreadgroup"],
    LAST_ARG_TIMEOUT_COMMANDS: ["blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax"],
    FIRST_ARG_TIMEOUT_COMMANDS: ["bzmpop", "blmpop"],
    BLOCK_OPTION_COMMANDS: ["xread", "xreadgroup"],
  };

  /** True when `commandName` (any case) is in ioredis's flag list `flagName`. */
  static checkFlag(flagName: string, commandName: string): boolean {
    return Command.FLAGS[flagName]?.includes(commandName.toLowerCase()) ?? false;
  }

  /** Registers an argument transformer for `name` (global, as in ioredis). */
  static setArgumentTransformer(name: string, fn: ArgumentTransformer): void {
    setArgumentTransformer(name, fn);
  }

  /** Registers a reply transformer for `name` (global, as in ioredis). */
  static setReplyTransformer(name: string, fn: ReplyTransformer): void {
    setReplyTransformer(name, fn);
  }

  // Fields are declared and assigned in the constructor (not initialised as class fields): one
  // object shape, no define-then-assign, on the hottest allocation of the client.
  /** The name as given (generated methods send lower case; `call` keeps the caller's spelling). */
  declare readonly name: string;
  /** The request as the engine takes it: binary strings, argv[0] the name. */
  declare readonly argv: string[];
  /** "utf8" (text replies) or null (bytes), as ioredis's replyEncoding. */
  declare readonly replyEncoding: string | null;
  declare readonly callback: Callback | undefined;
  /** select/quit/(un)subscribe get client-side handling besides being sent. */
  declare readonly kind: number;
  /** The reply transformer (looked up when the command is made). */
  declare private readonly replyT: ReplyTransformer | undefined;
  /** Set for commands queued between MULTI and EXEC in a pipeline. */
  declare inTransaction: boolean;
  declare isReadOnly: boolean;
  /** True once resolve/reject has run. */
  declare isResolved: boolean;

  declare private readonly rawArgs: readonly unknown[];
  declare private _promise: Promise<unknown> | undefined;
  declare private _resolve: ((v: unknown) => void) | undefined;
  declare private _reject: ((e: unknown) => void) | undefined;
  declare private _args: unknown[] | undefined;

  /**
   * `info` is internal: generated methods pass what they precomputed for their (lower-case ASCII)
   * command name.
   */
  constructor(
    name: string,
    args: readonly unknown[] = [],
    options: CommandOptions = NO_OPTIONS,
    callback?: Callback,
    info?: MethodInfo,
  ) {
    this.name = name;
    this.rawArgs = args;
    this.replyEncoding = options.replyEncoding ?? null;
    this.callback = callback;
    this.inTransaction = false;
    this.isReadOnly = options.readOnly === true;
    this.isResolved = false;
    this._promise = undefined;
    this._resolve = undefined;
    this._reject = undefined;
    this._args = undefined;
    let wireName: string;
    let t: ArgumentTransformer | undefined;
    if (info === undefined) {
      this.kind = kindOf(name);
      wireName = textToBin(name);
      t = argumentTransformers.get(name);
      this.replyT = replyTransformers.get(name);
    } else {
      this.kind = info.kind;
      wireName = name;
      if (info.version !== registryState.version) {
        info.argT = argumentTransformers.get(name);
        info.replyT = replyTransformers.get(name);
        info.version = registryState.version;
      }
      t = info.argT;
      this.replyT = info.replyT;
    }
    let argv: string[];
    if (t === undefined) {
      // Exact-size array for the common case (no nested arrays to flatten).
      const n = args.length;
      argv = new Array<string>(n + 1);
      argv[0] = wireName;
      for (let i = 0; i < n; i++) {
        const a = args[i];
        if (typeof a === "string") argv[i + 1] = textToBin(a);
        else if (Array.isArray(a)) {
          argv = [wireName];
          for (const x of flatten(args)) argv.push(toArg(x));
          break;
        } else argv[i + 1] = toArg(a);
      }
    } else {
      argv = [wireName];
      for (const a of t(flatten(args))) argv.push(toArg(a));
    }
    const prefix = options.keyPrefix;
    if (prefix !== undefined && prefix !== "" && !(isBytes(prefix) && prefix.length === 0)) {
      const p = typeof prefix === "string" ? fromText(prefix) : bytesToBin(prefix);
      for (const i of keyPositions(name, argv)) argv[i] = p + argv[i]!;
    }
    this.argv = argv;
  }

  /**
   * The arguments as ioredis reports them (in ReplyError#command): flattened, transformed, strings
   * for text and numbers, Buffers for byte arguments, keys with their prefix. Built on demand.
   */
  get args(): unknown[] {
    if (this._args === undefined) {
      const user = userArgs(this.name, this.rawArgs);
      const out: unknown[] = [];
      for (let i = 1; i < this.argv.length; i++) {
        const bin = this.argv[i]!;
        out.push(isBytes(user[i - 1]) ? binToBytes(bin) : toText(bin));
      }
      this._args = out;
    }
    return this._args;
  }

  /** The keys this command touches (prefixed), as text. */
  getKeys(): string[] {
    return keyPositions(this.name, this.argv).map((i) => toText(this.argv[i]!));
  }

  /** The command's promise (made on first use; the callback, if any, is attached to it). */
  get promise(): Promise<unknown> {
    if (this._promise === undefined) {
      this._promise = new Promise<unknown>((resolve, reject) => {
        this._resolve = resolve;
        this._reject = reject;
      });
      if (this.callback !== undefined) asCallback(this._promise, this.callback);
    }
    return this._promise;
  }

  /** Settles with a final (already converted) value. */
  resolve(value: unknown): Promise<unknown> {
    return this.finish(value, false);
  }

  /** Settles with an error. */
  reject(err: Error): Promise<unknown> {
    return this.finish(err, true);
  }

  /**
   * Settles from the engine's reply: decodes it (text or bytes, stringNumbers), runs the reply
   * transformer, or rejects with a ReplyError for an error reply. Returns the promise.
   */
  settle(reply: Reply, stringNumbers: boolean): Promise<unknown> {
    let value: unknown;
    if (typeof reply === "string") {
      value = this.replyEncoding === null ? binToBytes(reply) : binToText(reply);
    } else if (reply instanceof RedisError) {
      return this.finish(this.replyError(reply), true);
    } else {
      value = convertReply(reply, this.replyEncoding === null, stringNumbers);
    }
    const t = this.replyT;
    if (t !== undefined) {
      try {
        value = t(value as ReplyValue);
      } catch (e) {
        return this.finish(e, true);
      }
    }
    return this.finish(value, false);
  }

  /**
   * The reply decoded for this command, or the ReplyError it stands for (used for pipeline entries
   * and EXEC elements; the promise is not touched).
   */
  decode(reply: Reply, stringNumbers: boolean): { error: Error | null; value: unknown } {
    if (reply instanceof RedisError) return { error: this.replyError(reply), value: undefined };
    let value: unknown = convertReply(reply, this.replyEncoding === null, stringNumbers);
    const t = this.replyT;
    if (t !== undefined) {
      try {
        value = t(value as ReplyValue);
      } catch (e) {
        return { error: e instanceof Error ? e : new Error(String(e)), value: undefined };
      }
    }
    return { error: null, value };
  }

  /** Settles the promise only if somebody holds it (a pipeline entry with a callback, say). */
  notify(error: Error | null, value: unknown): void {
    if (this._promise === undefined && this.callback === undefined) return;
    if (error !== null) this.finish(error, true);
    else this.finish(value, false);
  }

  /** The ReplyError for an error reply to this command, with `.command`. */
  replyError(err: RedisError): ReplyError {
    const e = new ReplyError(err.message);
    e.command = { name: this.name, args: this.args };
    return e;
  }

  private finish(value: unknown, failed: boolean): Promise<unknown> {
    if (this.isResolved) return this.promise;
    this.isResolved = true;
    if (this._resolve !== undefined) {
      if (failed) this._reject!(value);
      else this._resolve(value);
      return this._promise!;
    }
    const p = failed ? Promise.reject(value) : Promise.resolve(value);
    this._promise = p;
    if (this.callback !== undefined) asCallback(p, this.callback);
    return p;
  }
}

/**
 * The command methods, generated at module load from @ioredis/commands `list` (minus `monitor`,
 * plus `sentinel`, as ioredis does): `name(...args[, callback])` decodes replies as UTF-8 text,
 * `nameBuffer(...)` returns bytes. Each builds a Command and hands it to `this.sendCommand`, so the
 * Redis client and pipelines share them (a pipeline's sendCommand queues and returns the pipeline).
 */
import { list } from "@ioredis/commands";
import type { Callback } from "./callback.js";
import { Command, methodInfo, type CommandOptions } from "./command.js";
import type { CommandName } from "./command-names.js";
import type { ReplyValue } from "./reply-convert.js";

/** The names that get generated methods. */
export const COMMAND_LIST: readonly string[] = [...list.filter((n) => n !== "monitor"), "sentinel"];

/**
 * A generated method on the client: resolves with the decoded reply; an optional node-style callback
 * comes last. (Per-command signatures and reply types are to come; `T` lets callers state theirs.)
 */
export interface CommandMethod {
  <T = ReplyValue>(...args: [...args: unknown[], callback: Callback<T>]): Promise<T>;
  <T = ReplyValue>(...args: unknown[]): Promise<T>;
}

/** `call(name, ...args)` on the client. */
export interface CallMethod {
  <T = ReplyValue>(command: string, ...args: [...args: unknown[], callback: Callback<T>]): Promise<T>;
  <T = ReplyValue>(command: string, ...args: unknown[]): Promise<T>;
}

/** Every generated method, as the client exposes them. */
export type Commands = { [K in CommandName]: CommandMethod } & {
  [K in CommandName as `${K}Buffer`]: CommandMethod;
} & { call: CallMethod; callBuffer: CallMethod; send_command: CallMethod };

/** Every generated method, as a pipeline exposes them (chainable). */
export type ChainableCommands<P> = { [K in CommandName]: (...args: unknown[]) => P } & {
  [K in CommandName as `${K}Buffer`]: (...args: unknown[]) => P;
} & {
  call: (command: string, ...args: unknown[]) => P;
  callBuffer: (command: string, ...args: unknown[]) => P;
  send_command: (command: string, ...args: unknown[]) => P;
};

/** What generated methods need from `this`. */
export interface CommandHost {
  readonly options: { readonly keyPrefix?: string | Uint8Array | undefined };
  sendCommand(command: Command): unknown;
}

const UTF8: CommandOptions = { replyEncoding: "utf8" };
const BUFFER: CommandOptions = { replyEncoding: null };

function splitCallback(args: unknown[]): Callback | undefined {
  const last = args[args.length - 1];
  if (typeof last !== "function") return undefined;
  args.pop();
  return last as Callback;
}

/** The method for command `name` ("utf8" → text replies, null → bytes). */
export function commandMethod(name: string, encoding: "utf8" | null): (this: CommandHost, ...args: unknown[]) => unknown {
  const plain = encoding === null ? BUFFER : UTF8;
  const info = /^[a-z_-]+$/.test(name) ? methodInfo(name) : undefined;
  return function (this: CommandHost, ...args: unknown[]): unknown {
    const cb = splitCallback(args);
    const prefix = this.options.keyPrefix;
    const options = prefix ? { replyEncoding: encoding, keyPrefix: prefix } : plain;
    return this.sendCommand(new Command(name, args, options, cb, info));
  };
}

/** `call(name, ...args)` / `callBuffer`: any command by name, spelled as given. */
export function callMethod(encoding: "utf8" | null): (this: CommandHost, name: string, ...args: unknown[]) => unknown {
  const plain = encoding === null ? BUFFER : UTF8;
  return function (this: CommandHost, name: string, ...args: unknown[]): unknown {
    const cb = splitCallback(args);
    const prefix = this.options.keyPrefix;
    const options = prefix ? { replyEncoding: encoding, keyPrefix: prefix } : plain;
    return this.sendCommand(new Command(name, args, options, cb));
  };
}

/** Defines `name` and `nameBuffer` on `target` for each name it does not define itself. */
export function defineCommandMethods(target: object, names: readonly string[]): void {
  const t = target as Record<string, unknown>;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(t, name)) t[name] = commandMethod(name, "utf8");
    const b = `${name}Buffer`;
    if (!Object.prototype.hasOwnProperty.call(t, b)) t[b] = commandMethod(name, null);
  }
}

/** Installs every command method plus `call`, `callBuffer` and `send_command` on a prototype. */
export function installCommands(proto: object): void {
  defineCommandMethods(proto, COMMAND_LIST);
  const t = proto as Record<string, unknown>;
  t["call"] = callMethod("utf8");
  t["callBuffer"] = callMethod(null);
  t["send_command"] = t["call"];
}

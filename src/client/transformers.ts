/**
 * Argument and reply transformers: the global registry behind `Redis.Command.setArgumentTransformer`
 * / `setReplyTransformer`, seeded with ioredis 5's built-ins. Transformers are looked up by the
 * command name exactly as sent (ioredis does not lowercase: `call("HGETALL", k)` gets the flat array).
 *
 * - mset, msetnx: a single Map or plain object argument expands to k, v, k, v … (Map order or
 *   Object.keys order).
 * - hset, hmset: (key, Map | object) expands the same way after the key.
 * - hgetall: the flat field/value array becomes a plain object. Fields that would collide with an
 *   inherited property (`__proto__`, `constructor`, …) are defined as own properties, so they neither
 *   change the prototype nor get lost; a missing key gives `{}`.
 */
import type { ReplyValue } from "./reply-convert.js";

export type ArgumentTransformer = (args: unknown[]) => unknown[];
export type ReplyTransformer = (reply: ReplyValue) => ReplyValue;

export const argumentTransformers = new Map<string, ArgumentTransformer>();
export const replyTransformers = new Map<string, ReplyTransformer>();

/** Bumped on every registration, so generated methods can cache their lookups. */
export const registryState = { version: 0 };

export function setArgumentTransformer(name: string, fn: ArgumentTransformer): void {
  argumentTransformers.set(name, fn);
  registryState.version++;
}

export function setReplyTransformer(name: string, fn: ReplyTransformer): void {
  replyTransformers.set(name, fn);
  registryState.version++;
}

/** Map entries or an object's own enumerable properties as k, v, k, v … */
function pairs(x: object): unknown[] {
  const out: unknown[] = [];
  if (x instanceof Map) {
    for (const [k, v] of x as Map<unknown, unknown>) out.push(k, v);
  } else {
    const o = x as Record<string, unknown>;
    for (const k of Object.keys(o)) out.push(k, o[k]);
  }
  return out;
}

function isPairsObject(x: unknown): x is object {
  return typeof x === "object" && x !== null && !(x instanceof Uint8Array) && !Array.isArray(x);
}

export const msetArguments: ArgumentTransformer = (args) =>
  args.length === 1 && isPairsObject(args[0]) ? pairs(args[0]) : args;

export const hsetArguments: ArgumentTransformer = (args) =>
  args.length === 2 && isPairsObject(args[1]) ? [args[0], ...pairs(args[1])] : args;

const decoder = new TextDecoder();

/** The flat HGETALL reply as an object (field names as text even for hgetallBuffer, as in ioredis). */
export const hgetallReply: ReplyTransformer = (reply) => {
  const obj: { [key: string]: ReplyValue } = {};
  if (!Array.isArray(reply)) return obj;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const f = reply[i];
    const key = typeof f === "string" ? f : f instanceof Uint8Array ? decoder.decode(f) : String(f);
    const value = reply[i + 1];
    if (key in obj) {
      Object.defineProperty(obj, key, { value, configurable: true, enumerable: true, writable: true });
    } else {
      obj[key] = value;
    }
  }
  return obj;
};

setArgumentTransformer("mset", msetArguments);
setArgumentTransformer("msetnx", msetArguments);
setArgumentTransformer("hset", hsetArguments);
setArgumentTransformer("hmset", hsetArguments);
setReplyTransformer("hgetall", hgetallReply);

/**
 * Engine replies → what ioredis callers receive (its "legacy" RESP2 mapping, ioredis 5 behaviour):
 * bulk and status strings → UTF-8 text (or bytes for `…Buffer` calls), integers → numbers (strings
 * under `stringNumbers`), null bulk and null array → null, maps → flat arrays, sets → arrays,
 * doubles → Redis's RESP2 text, booleans → 1/0, verbatim strings → their text, nested error replies
 * → ReplyError values (a top-level error is the caller's business: it rejects).
 *
 * The common cases (a bulk string, an integer, null, "OK") are tested first and allocate nothing
 * for ASCII text (toText is the identity there).
 */
import { toText } from "../engine/bytes.js";
import { RedisError } from "../engine/errors.js";
import { formatDouble } from "../engine/float.js";
import {
  BooleanReply,
  DoubleReply,
  MapReply,
  NoReply,
  NullArray,
  PushReply,
  type Reply,
  SetReply,
  SimpleString,
  VerbatimReply,
} from "../engine/reply.js";
import { binToBytes } from "./bytes.js";
import { ReplyError } from "./reply-error.js";

/** A reply as the client hands it out. */
export type ReplyValue =
  | string
  | number
  | null
  | undefined
  | Uint8Array
  | Error
  | ReplyValue[]
  | { [key: string]: ReplyValue };

/** A binary string as text (UTF-8) or as bytes. */
export function convertString(bin: string, buffers: boolean): string | Uint8Array {
  return buffers ? binToBytes(bin) : toText(bin);
}

/** Converts one engine reply (recursively). `r` must not be a top-level error the caller rejects on. */
export function convertReply(r: Reply, buffers: boolean, stringNumbers: boolean): ReplyValue {
  if (typeof r === "string") return buffers ? binToBytes(r) : toText(r);
  if (typeof r === "number") return stringNumbers ? String(r) : r;
  if (r === null) return null;
  if (Array.isArray(r)) return convertArray(r, buffers, stringNumbers);
  if (r instanceof SimpleString) return buffers ? binToBytes(r.value) : r.value;
  if (typeof r === "bigint") return stringNumbers ? String(r) : Number(r);
  if (r instanceof RedisError) return new ReplyError(r.message);
  if (r instanceof NullArray) return null;
  if (r instanceof MapReply) return convertArray(r.entries, buffers, stringNumbers);
  if (r instanceof SetReply) return convertArray(r.items, buffers, stringNumbers);
  if (r instanceof DoubleReply) {
    const s = r.text ?? formatDouble(r.value);
    return buffers ? binToBytes(s) : s;
  }
  if (r instanceof BooleanReply) return stringNumbers ? (r.value ? "1" : "0") : r.value ? 1 : 0;
  if (r instanceof VerbatimReply) return buffers ? binToBytes(r.text) : toText(r.text);
  if (r instanceof PushReply) return convertArray(r.items, buffers, stringNumbers);
  if (r instanceof NoReply) return undefined;
  return undefined;
}

/** A fresh array: engine reply arrays may be shared with the engine and are never mutated here. */
function convertArray(items: readonly Reply[], buffers: boolean, stringNumbers: boolean): ReplyValue[] {
  const n = items.length;
  const out = new Array<ReplyValue>(n);
  for (let i = 0; i < n; i++) out[i] = convertReply(items[i]!, buffers, stringNumbers);
  return out;
}

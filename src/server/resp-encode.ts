/**
 * RESP2/RESP3 reply encoding (the server's output and the shape the differential tests compare).
 * Output is a binary string (one char per byte); the socket layer turns it into bytes once.
 *
 * RESP2 folds RESP3 types as Redis does: maps become flat arrays, sets arrays, doubles bulk strings,
 * booleans integers, verbatim strings bulk strings, and nulls `$-1` or `*-1` by their kind.
 */
import { RedisError } from "../engine/errors.js";
import { formatDouble } from "../engine/float.js";
import { FrameSequence } from "../engine/pubsub.js";
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

/** Appends the encoding of `r` to `out` (an array of chunks joined once by the caller). */
export function encodeReply(r: Reply, proto: 2 | 3, out: string[]): void {
  if (typeof r === "string") {
    out.push(`$${r.length}\r\n`, r, "\r\n");
  } else if (typeof r === "number" || typeof r === "bigint") {
    out.push(`:${r}\r\n`);
  } else if (r === null) {
    out.push(proto === 3 ? "_\r\n" : "$-1\r\n");
  } else if (Array.isArray(r)) {
    // Pub/sub confirmations: several top-level frames, written one after the other (pubsub.ts).
    if (!(r instanceof FrameSequence)) out.push(`*${r.length}\r\n`);
    for (const x of r) encodeReply(x, proto, out);
  } else if (r instanceof SimpleString) {
    out.push(`+${r.value}\r\n`);
  } else if (r instanceof RedisError) {
    out.push(`-${r.message}\r\n`);
  } else if (r instanceof NullArray) {
    out.push(proto === 3 ? "_\r\n" : "*-1\r\n");
  } else if (r instanceof MapReply) {
    out.push(proto === 3 ? `%${r.entries.length / 2}\r\n` : `*${r.entries.length}\r\n`);
    for (const x of r.entries) encodeReply(x, proto, out);
  } else if (r instanceof SetReply) {
    out.push(proto === 3 ? `~${r.items.length}\r\n` : `*${r.items.length}\r\n`);
    for (const x of r.items) encodeReply(x, proto, out);
  } else if (r instanceof DoubleReply) {
    const s = r.text ?? formatDouble(r.value);
    out.push(proto === 3 ? `,${s}\r\n` : `$${s.length}\r\n${s}\r\n`);
  } else if (r instanceof BooleanReply) {
    out.push(proto === 3 ? (r.value ? "#t\r\n" : "#f\r\n") : r.value ? ":1\r\n" : ":0\r\n");
  } else if (r instanceof VerbatimReply) {
    if (proto === 3) out.push(`=${r.text.length + 4}\r\n${r.format}:`, r.text, "\r\n");
    else out.push(`$${r.text.length}\r\n`, r.text, "\r\n");
  } else if (r instanceof PushReply) {
    out.push(proto === 3 ? `>${r.items.length}\r\n` : `*${r.items.length}\r\n`);
    for (const x of r.items) encodeReply(x, proto, out);
  } else if (r instanceof NoReply) {
    // nothing is written
  }
}

/** The whole encoding of one reply as a binary string. */
export function encodeReplyString(r: Reply, proto: 2 | 3): string {
  const out: string[] = [];
  encodeReply(r, proto, out);
  return out.join("");
}

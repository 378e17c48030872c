/**
 * Byte values at the client edge. The engine speaks binary strings (one char per byte,
 * src/engine/bytes.ts); users hand us Buffers or Uint8Arrays and `…Buffer` methods hand Buffers back.
 * Node's Buffer is used when the host has one (it is a Uint8Array, so callers that only know
 * Uint8Array are served too); elsewhere plain Uint8Arrays are used. No Node import: the global is
 * looked up at run time.
 */
import { fromBytes, fromText, toBytes, toText } from "../engine/bytes.js";

/** The part of Node's Buffer constructor we use. */
interface BufferConstructorLike {
  from(s: string, encoding: "latin1"): Uint8Array;
  from(data: ArrayBuffer, byteOffset: number, length: number): Uint8Array & { toString(enc: "latin1"): string };
  isBuffer(x: unknown): boolean;
}

const NodeBuffer = (globalThis as { Buffer?: BufferConstructorLike }).Buffer;

/** True when the host has Node's Buffer (so `…Buffer` methods return Buffers). */
export const hasNodeBuffer = NodeBuffer !== undefined;

/** A binary string as bytes: a Buffer when the host has one, else a Uint8Array. O(n). */
export function binToBytes(bin: string): Uint8Array {
  return NodeBuffer !== undefined ? NodeBuffer.from(bin, "latin1") : toBytes(bin);
}

/** Bytes (Buffer or any Uint8Array) as a binary string. O(n). */
export function bytesToBin(bytes: Uint8Array): string {
  if (NodeBuffer !== undefined) {
    const view = NodeBuffer.isBuffer(bytes)
      ? (bytes as Uint8Array & { toString(enc: "latin1"): string })
      : NodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    return view.toString("latin1");
  }
  return fromBytes(bytes);
}

/** True for Buffers and other byte arrays (the values sent binary-safe). */
export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}

/**
 * UTF-8 text → binary string (fromText), with a loop instead of a regex for short strings: most
 * keys and values are short ASCII, which is returned as is.
 */
export function textToBin(s: string): string {
  const n = s.length;
  if (n > 32) return fromText(s);
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return fromText(s);
  return s;
}

/** Binary string → UTF-8 text (toText), looping over short strings instead of a regex. */
export function binToText(s: string): string {
  const n = s.length;
  if (n > 32) return toText(s);
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return toText(s);
  return s;
}

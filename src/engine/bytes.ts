/**
 * Bytes inside the engine are "binary strings": JS strings whose char codes are the bytes (0–255).
 * Map keys hash natively, `<` compares like memcmp (Redis's lexicographic order), `.length` is the
 * byte length, and ASCII input needs no conversion at all. Conversion happens only at the edges:
 * the client (UTF-8 text, Buffers), RESP and persistence (Uint8Array).
 */

const NON_ASCII = /[^\x00-\x7f]/;
const HIGH_BYTE = /[\x80-\xff]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

/** UTF-8 encode JS text into a binary string. O(n); identity for ASCII. */
export function fromText(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return fromBytes(encoder.encode(text));
}

/** Decode a binary string as UTF-8 text (invalid sequences become U+FFFD, like Buffer#toString). */
export function toText(bin: string): string {
  if (!HIGH_BYTE.test(bin)) return bin;
  return decoder.decode(toBytes(bin));
}

/** Bytes to a binary string. */
export function fromBytes(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n < 4096) {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  let s = "";
  for (let i = 0; i < n; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(i + 4096, n)) as unknown as number[]);
  }
  return s;
}

/** A binary string to bytes. */
export function toBytes(bin: string): Uint8Array {
  const n = bin.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** True when every char of `s` is a byte (0–255), i.e. `s` is a valid binary string. */
export function isBinaryString(s: string): boolean {
  return !/[^\x00-\xff]/.test(s);
}

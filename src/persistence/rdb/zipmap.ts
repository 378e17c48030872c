/**
 * Zipmaps (zipmap.c), the hash blob of Redis ≤ 2.4 (RDB_TYPE_HASH_ZIPMAP). Read-only.
 *
 *   <count: 1 byte, 254+ = unknown> (<len> <field> <len> <free: 1 byte> <value> <free bytes>)* <0xFF>
 *   len = 1 byte < 254, or 254 followed by a u32 (little-endian on every host Redis ran on)
 *
 * Validated like zipmapValidateIntegrity: every piece inside the blob, non-empty, count matches.
 */
import { latin1 } from "./reader.js";

/** [field, value, field, value …] of a zipmap. */
export function parseZipmap(zm: Uint8Array, fail: (msg: string, at: number) => Error): string[] {
  const size = zm.length;
  if (size < 2) throw fail(`zipmap of ${size} bytes is too short`, 0);
  if (zm[size - 1] !== 0xff) throw fail("zipmap does not end with its 0xFF terminator", size - 1);
  const last = size - 1;
  const out: string[] = [];
  let p = 1;
  // Reads a length at p (zipmapDecodeLength: any first byte ≥ 254 takes the 5-byte form).
  const readLen = (): number => {
    if (p > last) throw fail("zipmap length runs past the end", p);
    const b = zm[p]!;
    if (b < 254) {
      p += 1;
      return b;
    }
    if (p + 5 > last) throw fail("zipmap length runs past the end", p);
    const n = (zm[p + 1]! | (zm[p + 2]! << 8) | (zm[p + 3]! << 16) | (zm[p + 4]! << 24)) >>> 0;
    p += 5;
    return n;
  };
  while (zm[p] !== 0xff) {
    const flen = readLen();
    if (p + flen > last) throw fail("zipmap field runs past the end", p);
    const field = latin1(zm, p, p + flen);
    p += flen;
    const vlen = readLen();
    if (p + 1 > last) throw fail("zipmap value runs past the end", p);
    const free = zm[p]!;
    p += 1;
    if (p + vlen + free > last) throw fail("zipmap value runs past the end", p);
    const value = latin1(zm, p, p + vlen);
    p += vlen + free;
    out.push(field, value);
    if (p > last) throw fail("zipmap entry runs past the end", p);
  }
  if (out.length === 0) throw fail("empty zipmap", 0);
  if (zm[0] !== 254 && zm[0] !== out.length / 2) throw fail(`zipmap header counts ${zm[0]} entries, it holds ${out.length / 2}`, 0);
  return out;
}

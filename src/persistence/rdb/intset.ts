/**
 * Intsets (intset.c): a sorted array of distinct integers, the blob of RDB_TYPE_SET_INTSET.
 *
 *   <encoding u32 LE: 2, 4 or 8 (bytes per value)> <length u32 LE> <values, little-endian, ascending>
 *
 * The writer picks the narrowest width that holds every member (as intsetAdd's upgrades end up);
 * the parser validates like intsetValidateIntegrity in deep mode (size, non-empty, strictly
 * ascending, hence no duplicates).
 */

/** An intset of canonical int64 decimal strings given in ascending numeric order. */
export function intsetOf(sortedMembers: readonly string[]): Uint8Array {
  const values = sortedMembers.map((m) => BigInt(m));
  let width = 2;
  for (const v of values) {
    if (v < -2147483648n || v > 2147483647n) {
      width = 8;
      break;
    }
    if (v < -32768n || v > 32767n) width = 4;
  }
  const out = new Uint8Array(8 + values.length * width);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, width, true);
  dv.setUint32(4, values.length, true);
  let p = 8;
  for (const v of values) {
    if (width === 2) dv.setInt16(p, Number(v), true);
    else if (width === 4) dv.setInt32(p, Number(v), true);
    else dv.setBigInt64(p, v, true);
    p += width;
  }
  return out;
}

/** Parses and validates an intset; members come back as decimal strings, ascending. */
export function parseIntset(blob: Uint8Array, fail: (msg: string, at: number) => Error): string[] {
  if (blob.length < 8) throw fail(`intset of ${blob.length} bytes is shorter than its header`, 0);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.length);
  const width = dv.getUint32(0, true);
  if (width !== 2 && width !== 4 && width !== 8) throw fail(`invalid intset encoding ${width}`, 0);
  const count = dv.getUint32(4, true);
  if (8 + count * width !== blob.length) throw fail(`intset of ${count} × ${width}-byte values cannot be ${blob.length} bytes`, 4);
  if (count === 0) throw fail("empty intset", 4);
  const out: string[] = [];
  let prev: bigint | number | undefined;
  for (let i = 0; i < count; i++) {
    const p = 8 + i * width;
    const v = width === 2 ? dv.getInt16(p, true) : width === 4 ? dv.getInt32(p, true) : dv.getBigInt64(p, true);
    if (prev !== undefined && !(v > prev)) throw fail("intset values are not strictly ascending", p);
    prev = v;
    out.push(String(v));
  }
  return out;
}

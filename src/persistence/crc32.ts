/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final xor 0xFFFFFFFF: zlib's
 * crc32), table-driven and incremental. The AOF writer puts one over each appended group of records
 * in a `#CRC32:` annotation line (aof/records.ts), so flipped bytes inside a RESP file are detected on
 * load; RESP itself has no checksum. Check value: crc32("123456789") = 0xcbf43926.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The running state for "nothing yet"; pass it to crc32Update, then crc32Final. */
export const CRC32_INIT = 0xffffffff;

/** Continues a running CRC over bytes [start, end). O(end - start). */
export function crc32Update(state: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = state;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/** The CRC value of a running state. */
export function crc32Final(state: number): number {
  return (state ^ 0xffffffff) >>> 0;
}

/** CRC-32 of a whole buffer. */
export function crc32(bytes: Uint8Array): number {
  return crc32Final(crc32Update(CRC32_INIT, bytes));
}

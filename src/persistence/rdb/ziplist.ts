/**
 * Ziplists (ziplist.c), the compact blob of Redis ≤ 6.2, still found in old RDB files (list, hash
 * and zset ziplists, quicklist-1 nodes). Read-only: we never write them.
 *
 *   <zlbytes u32 LE> <zltail u32 LE> <zllen u16 LE, 65535 = unknown> <entry>* <0xFF>
 *   entry = <prevlen: 1 byte < 254, or 0xFE + u32 LE> <encoding> <data>
 *
 * Encodings: 00pppppp / 01pppppp qqqqqqqq (14-bit big-endian) / 10xxxxxx + u32 big-endian string
 * lengths; 0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8 (little-endian), 0xF1–0xFD an
 * immediate 0–12. Validated like ziplistValidateIntegrity in deep mode: sizes, every entry's prevlen
 * equal to the previous entry's size, the tail offset pointing at the last entry, the count.
 */
import { latin1 } from "./reader.js";

const ZL_HDR = 10;

export function parseZiplist(zl: Uint8Array, fail: (msg: string, at: number) => Error): string[] {
  const size = zl.length;
  if (size < ZL_HDR + 1) throw fail(`ziplist of ${size} bytes is shorter than its header`, 0);
  const u32 = (p: number) => (zl[p]! | (zl[p + 1]! << 8) | (zl[p + 2]! << 16) | (zl[p + 3]! << 24)) >>> 0;
  const bytes = u32(0);
  if (bytes !== size) throw fail(`ziplist header says ${bytes} bytes, the blob has ${size}`, 0);
  if (zl[size - 1] !== 0xff) throw fail("ziplist does not end with its 0xFF terminator", size - 1);
  const tail = u32(4);
  if (tail > size - 1) throw fail(`ziplist tail offset ${tail} is outside the blob`, 4);
  const header = zl[8]! | (zl[9]! << 8);
  const last = size - 1;
  const out: string[] = [];
  let p = ZL_HDR;
  let prevSize = 0;
  let prevStart = -1;
  while (zl[p] !== 0xff) {
    if (p >= last) throw fail("ziplist entry runs past the end", p);
    const start = p;
    let prevlen: number;
    if (zl[p]! < 254) {
      prevlen = zl[p]!;
      p += 1;
    } else {
      if (p + 5 > last) throw fail("ziplist prevlen runs past the end", p);
      prevlen = u32(p + 1);
      p += 5;
    }
    if (prevlen !== prevSize) throw fail(`ziplist entry says the previous one has ${prevlen} bytes, it has ${prevSize}`, start);
    if (p >= last) throw fail("ziplist entry header runs past the end", p);
    const enc = zl[p]!;
    let value: string;
    if (enc < 0xc0) {
      let n: number;
      let hdr: number;
      const kind = enc & 0xc0;
      if (kind === 0x00) {
        n = enc & 0x3f;
        hdr = 1;
      } else if (kind === 0x40) {
        if (p + 2 > last) throw fail("ziplist string header runs past the end", p);
        n = ((enc & 0x3f) << 8) | zl[p + 1]!;
        hdr = 2;
      } else {
        if (p + 5 > last) throw fail("ziplist string header runs past the end", p);
        n = ((zl[p + 1]! << 24) | (zl[p + 2]! << 16) | (zl[p + 3]! << 8) | zl[p + 4]!) >>> 0;
        hdr = 5;
      }
      if (p + hdr + n > last) throw fail("ziplist string entry runs past the end", p);
      value = latin1(zl, p + hdr, p + hdr + n);
      p += hdr + n;
    } else {
      let width: number;
      if (enc === 0xfe) width = 1;
      else if (enc === 0xc0) width = 2;
      else if (enc === 0xf0) width = 3;
      else if (enc === 0xd0) width = 4;
      else if (enc === 0xe0) width = 8;
      else if (enc >= 0xf1 && enc <= 0xfd) width = 0;
      else throw fail(`invalid ziplist entry encoding 0x${enc.toString(16)}`, p);
      if (p + 1 + width > last) throw fail("ziplist integer entry runs past the end", p);
      const d = p + 1;
      if (width === 0) value = String((enc & 0x0f) - 1);
      else if (width === 1) value = String((zl[d]! << 24) >> 24);
      else if (width === 2) value = String(((zl[d]! | (zl[d + 1]! << 8)) << 16) >> 16);
      else if (width === 3) value = String(((zl[d]! | (zl[d + 1]! << 8) | (zl[d + 2]! << 16)) << 8) >> 8);
      else if (width === 4) value = String(zl[d]! | (zl[d + 1]! << 8) | (zl[d + 2]! << 16) | (zl[d + 3]! << 24));
      else {
        let v = 0n;
        for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(zl[d + k]!);
        value = BigInt.asIntN(64, v).toString();
      }
      p += 1 + width;
    }
    prevSize = p - start;
    prevStart = start;
    out.push(value);
  }
  if (p !== last) throw fail("ziplist ends before its last byte", p);
  if (prevStart >= 0 && prevStart !== tail) throw fail(`ziplist tail offset ${tail} is not the last entry (${prevStart})`, 4);
  if (header !== 65535 && header !== out.length) throw fail(`ziplist header counts ${header} entries, it holds ${out.length}`, 8);
  return out;
}

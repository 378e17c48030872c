/**
 * Listpacks (listpack.c), the blob format of Redis 7's compact encodings: lists' quicklist nodes,
 * small sets, hashes and sorted sets, and stream nodes.
 *
 *   <total-bytes u32 LE> <num-elements u16 LE, 65535 = unknown> <entry>* <0xFF>
 *   entry = <encoding+data> <backlen: the size of encoding+data, 1–5 bytes, read right to left>
 *
 * Integers take 1–9 bytes (7-bit unsigned, 13-, 16-, 24-, 32-, 64-bit signed), strings a 1-, 2- or
 * 5-byte length header. The writer uses the integer form exactly when Redis would (lpStringToInt64:
 * the canonical decimal of an int64), so our blobs are byte-identical to Redis's.
 *
 * The parser validates like lpValidateIntegrity in deep mode: header size = blob size, terminator,
 * every entry inside the blob with a backlen matching its size, entry count = header count.
 */
import { latin1 } from "./reader.js";
import { ByteWriter } from "./writer.js";

export type LpEntry = string | number | bigint;

const LP_HDR = 6;
const LP_EOF = 0xff;
const INT64_RE = /^(?:0|-?[1-9][0-9]{0,18})$/;
const MIN64 = -(2n ** 63n);
const MAX64 = 2n ** 63n - 1n;

/** lpStringToInt64: the value of a canonical int64 decimal string, else undefined. */
function asInt64(s: string): number | bigint | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  const c0 = s.charCodeAt(0);
  if (c0 !== 45 && (c0 < 48 || c0 > 57)) return undefined;
  if (!INT64_RE.test(s)) return undefined;
  if (n < 16) return Number(s);
  const b = BigInt(s);
  if (b < MIN64 || b > MAX64) return undefined;
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

function backlenSize(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/** Builds a listpack from entries (strings as binary strings; numbers must be int64 integers). */
export class ListpackWriter {
  private readonly w = new ByteWriter(256);
  private count = 0;

  constructor() {
    this.w.pos = LP_HDR;
  }

  get length(): number {
    return this.count;
  }

  /** Bytes the listpack takes now, terminator included. */
  get bytes(): number {
    return this.w.pos + 1;
  }

  /** Appends a string, in its integer form when Redis would store it so. */
  addString(s: string): void {
    const v = asInt64(s);
    if (v !== undefined) this.addInt(v);
    else this.addRaw(s);
  }

  /** Appends an integer (lpAppendInteger). */
  addInt(v: number | bigint): void {
    const w = this.w;
    const start = w.pos;
    w.ensure(10);
    const b = w.buf;
    let p = w.pos;
    if (typeof v === "number" && v >= 0 && v <= 127) {
      b[p++] = v;
    } else if (typeof v === "number" && v >= -4096 && v <= 4095) {
      const u = v < 0 ? v + 8192 : v;
      b[p++] = 0xc0 | (u >> 8);
      b[p++] = u & 0xff;
    } else if (typeof v === "number" && v >= -32768 && v <= 32767) {
      const u = v < 0 ? v + 65536 : v;
      b[p++] = 0xf1;
      b[p++] = u & 0xff;
      b[p++] = u >> 8;
    } else if (typeof v === "number" && v >= -8388608 && v <= 8388607) {
      const u = v < 0 ? v + 16777216 : v;
      b[p++] = 0xf2;
      b[p++] = u & 0xff;
      b[p++] = (u >> 8) & 0xff;
      b[p++] = u >> 16;
    } else if (typeof v === "number" && v >= -2147483648 && v <= 2147483647) {
      b[p++] = 0xf3;
      b[p++] = v & 0xff;
      b[p++] = (v >> 8) & 0xff;
      b[p++] = (v >> 16) & 0xff;
      b[p++] = (v >> 24) & 0xff;
    } else {
      let x = BigInt.asUintN(64, BigInt(v));
      b[p++] = 0xf4;
      for (let k = 0; k < 8; k++) {
        b[p++] = Number(x & 0xffn);
        x >>= 8n;
      }
    }
    w.pos = p;
    this.backlen(p - start);
  }

  /** Appends a string in string form. */
  addRaw(s: string): void {
    const w = this.w;
    const n = s.length;
    const start = w.pos;
    w.ensure(n + 10);
    const b = w.buf;
    if (n < 64) {
      b[w.pos++] = 0x80 | n;
    } else if (n < 4096) {
      b[w.pos++] = 0xe0 | (n >> 8);
      b[w.pos++] = n & 0xff;
    } else {
      b[w.pos++] = 0xf0;
      b[w.pos++] = n & 0xff;
      b[w.pos++] = (n >>> 8) & 0xff;
      b[w.pos++] = (n >>> 16) & 0xff;
      b[w.pos++] = (n >>> 24) & 0xff;
    }
    w.binary(s);
    this.backlen(w.pos - start);
  }

  private backlen(l: number): void {
    const w = this.w;
    w.ensure(5);
    const b = w.buf;
    // lpEncodeBacklen: most significant 7-bit group first; every byte but the first has bit 7 set.
    const size = backlenSize(l);
    for (let k = size - 1; k >= 0; k--) {
      const group = (l / 2 ** (7 * k)) & 127;
      b[w.pos++] = k === size - 1 ? group : group | 128;
    }
    this.count++;
  }

  /** The finished listpack. The writer must not be used afterwards. */
  finish(): Uint8Array {
    const w = this.w;
    w.u8(LP_EOF);
    const total = w.pos;
    const b = w.buf;
    b[0] = total & 0xff;
    b[1] = (total >>> 8) & 0xff;
    b[2] = (total >>> 16) & 0xff;
    b[3] = (total >>> 24) & 0xff;
    const num = this.count < 65535 ? this.count : 65535;
    b[4] = num & 0xff;
    b[5] = num >> 8;
    return w.view();
  }
}

/** A listpack built from strings. */
export function listpackOf(values: readonly string[]): Uint8Array {
  const lp = new ListpackWriter();
  for (const v of values) lp.addString(v);
  return lp.finish();
}

/**
 * Parses and validates a listpack blob. `fail(message, blobOffset)` builds the error to throw (it
 * knows where the blob sits in the file). Integers come back as numbers (bigint beyond 2^53).
 */
export function parseListpack(lp: Uint8Array, fail: (msg: string, at: number) => Error): LpEntry[] {
  const size = lp.length;
  if (size < LP_HDR + 1) throw fail(`listpack of ${size} bytes is shorter than its header`, 0);
  const total = (lp[0]! | (lp[1]! << 8) | (lp[2]! << 16) | (lp[3]! << 24)) >>> 0;
  if (total !== size) throw fail(`listpack header says ${total} bytes, the blob has ${size}`, 0);
  if (lp[size - 1] !== LP_EOF) throw fail("listpack does not end with its 0xFF terminator", size - 1);
  const numele = lp[4]! | (lp[5]! << 8);
  const out: LpEntry[] = [];
  let p = LP_HDR;
  const last = size - 1;
  while (p < last) {
    const start = p;
    const c = lp[p]!;
    let encLen: number;
    let value: LpEntry;
    if ((c & 0x80) === 0) {
      encLen = 1;
      value = c;
    } else if ((c & 0xc0) === 0x80) {
      const n = c & 0x3f;
      encLen = 1 + n;
      if (p + encLen > last) throw fail("listpack string entry runs past the end", p);
      value = latin1(lp, p + 1, p + 1 + n);
    } else if ((c & 0xe0) === 0xc0) {
      encLen = 2;
      if (p + 2 > last) throw fail("listpack integer entry runs past the end", p);
      const u = ((c & 0x1f) << 8) | lp[p + 1]!;
      value = u >= 4096 ? u - 8192 : u;
    } else if ((c & 0xf0) === 0xe0) {
      if (p + 2 > last) throw fail("listpack string header runs past the end", p);
      const n = ((c & 0x0f) << 8) | lp[p + 1]!;
      encLen = 2 + n;
      if (p + encLen > last) throw fail("listpack string entry runs past the end", p);
      value = latin1(lp, p + 2, p + 2 + n);
    } else if (c === 0xf0) {
      if (p + 5 > last) throw fail("listpack string header runs past the end", p);
      const n = (lp[p + 1]! | (lp[p + 2]! << 8) | (lp[p + 3]! << 16) | (lp[p + 4]! << 24)) >>> 0;
      encLen = 5 + n;
      if (p + encLen > last) throw fail("listpack string entry runs past the end", p);
      value = latin1(lp, p + 5, p + 5 + n);
    } else if (c === 0xf1) {
      encLen = 3;
      if (p + 3 > last) throw fail("listpack integer entry runs past the end", p);
      const u = lp[p + 1]! | (lp[p + 2]! << 8);
      value = (u << 16) >> 16;
    } else if (c === 0xf2) {
      encLen = 4;
      if (p + 4 > last) throw fail("listpack integer entry runs past the end", p);
      const u = lp[p + 1]! | (lp[p + 2]! << 8) | (lp[p + 3]! << 16);
      value = (u << 8) >> 8;
    } else if (c === 0xf3) {
      encLen = 5;
      if (p + 5 > last) throw fail("listpack integer entry runs past the end", p);
      value = lp[p + 1]! | (lp[p + 2]! << 8) | (lp[p + 3]! << 16) | (lp[p + 4]! << 24);
    } else if (c === 0xf4) {
      encLen = 9;
      if (p + 9 > last) throw fail("listpack integer entry runs past the end", p);
      const lo = (lp[p + 1]! | (lp[p + 2]! << 8) | (lp[p + 3]! << 16) | (lp[p + 4]! << 24)) >>> 0;
      const hi = lp[p + 5]! | (lp[p + 6]! << 8) | (lp[p + 7]! << 16) | (lp[p + 8]! << 24);
      // |hi| < 2^21 keeps hi·2^32 + lo within 2^53: exact as a number.
      value = hi >= -2097152 && hi < 2097152 ? hi * 4294967296 + lo : (BigInt(hi) << 32n) | BigInt(lo);
    } else {
      throw fail(`invalid listpack entry encoding 0x${c.toString(16)}`, p);
    }
    const bl = backlenSize(encLen);
    p += encLen;
    if (p + bl > last) throw fail("listpack entry's back-length runs past the end", start);
    // The back-length, read right to left as lpDecodeBacklen does, must give the entry's size.
    let v = 0;
    let shift = 0;
    let q = p + bl - 1;
    for (;;) {
      const byte = lp[q]!;
      v += (byte & 127) * 2 ** shift;
      if ((byte & 128) === 0) break;
      shift += 7;
      q--;
      if (shift > 28 || q < p) throw fail("listpack entry has an invalid back-length", p);
    }
    if (q !== p || v !== encLen) throw fail(`listpack entry's back-length says ${v}, the entry has ${encLen} bytes`, p);
    p += bl;
    out.push(value);
  }
  if (numele !== 65535 && numele !== out.length) {
    throw fail(`listpack header counts ${numele} entries, it holds ${out.length}`, 4);
  }
  return out;
}

/** An entry as Redis hands it out as a string (lpGet with a buffer: integers as ll2string). */
export function lpString(e: LpEntry): string {
  return typeof e === "string" ? e : String(e);
}

/** An entry that must be an integer (stream metadata, TTLs); undefined for a string entry. */
export function lpInteger(e: LpEntry): number | bigint | undefined {
  return typeof e === "string" ? undefined : e;
}


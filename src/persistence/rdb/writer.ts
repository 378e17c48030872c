/**
 * ByteWriter: a growable byte buffer with the RDB primitives (rdbSaveLen, rdbSaveRawString with its
 * integer and LZF forms, little-endian times, binary doubles).
 *
 * Strings inside the engine are binary strings (one char per byte, src/engine/bytes.ts); they are
 * written byte for byte, never through a text encoder.
 *
 * `take()` hands the written bytes over and starts a fresh buffer, so a generator can yield
 * chunks without copying them.
 */
import { RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF, RDB_ENCVAL } from "./constants.js";
import { lzfCompress } from "./lzf.js";

const INITIAL = 1 << 16;
const scratchF64 = new Float64Array(1);
const scratchBytes = new Uint8Array(scratchF64.buffer);
/** True on little-endian hosts (every one JS runs on in practice): doubles are stored LE. */
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = INITIAL) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** The bytes written so far (a view; valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** Hands over the bytes written so far and starts an empty buffer. */
  take(capacity = INITIAL): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(capacity);
    this.pos = 0;
    return out;
  }

  u8(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A binary string's bytes, as they are. */
  binary(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  u16le(v: number): void {
    this.ensure(2);
    this.buf[this.pos++] = v & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
  }

  u32le(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.pos++] = v & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 24) & 0xff;
  }

  /** A signed 64-bit little-endian integer (rdbSaveMillisecondTime). */
  i64le(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(typeof v === "number" ? Math.trunc(v) : v));
    this.ensure(8);
    for (let k = 0; k < 8; k++) {
      this.buf[this.pos++] = Number(x & 0xffn);
      x >>= 8n;
    }
  }

  /** An IEEE-754 binary64, little-endian (rdbSaveBinaryDoubleValue). */
  f64le(v: number): void {
    scratchF64[0] = v;
    this.ensure(8);
    for (let k = 0; k < 8; k++) this.buf[this.pos++] = scratchBytes[HOST_LE ? k : 7 - k]!;
  }

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit big-endian or 64-bit big-endian forms. */
  len(n: number | bigint): void {
    if (typeof n === "number" && n < 64) {
      this.u8(n);
    } else if (typeof n === "number" && n < 16384) {
      this.ensure(2);
      this.buf[this.pos++] = (n >>> 8) | 0x40;
      this.buf[this.pos++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      const v = Number(n);
      this.ensure(5);
      const b = this.buf;
      b[this.pos++] = 0x80;
      b[this.pos++] = (v >>> 24) & 0xff;
      b[this.pos++] = (v >>> 16) & 0xff;
      b[this.pos++] = (v >>> 8) & 0xff;
      b[this.pos++] = v & 0xff;
    } else {
      let x = BigInt.asUintN(64, BigInt(n));
      this.ensure(9);
      this.buf[this.pos++] = 0x81;
      for (let k = 7; k >= 0; k--) {
        this.buf[this.pos + k] = Number(x & 0xffn);
        x >>= 8n;
      }
      this.pos += 8;
    }
  }

  /**
   * rdbSaveRawString for a binary string: the integer forms when the string is the canonical
   * decimal of a value fitting 32 bits (≤ 11 chars), else LZF when `compress` and the string is over
   * 20 bytes and LZF saves at least 4 bytes, else length + bytes.
   */
  string(s: string, compress: boolean): void {
    const n = s.length;
    if (n <= 11 && n > 0 && this.tryInt(s)) return;
    if (compress && n > 20) {
      const raw = new Uint8Array(n);
      for (let i = 0; i < n; i++) raw[i] = s.charCodeAt(i);
      if (this.tryLzf(raw)) return;
    }
    this.len(n);
    this.binary(s);
  }

  /** rdbSaveRawString for bytes (listpacks, intsets). */
  blob(b: Uint8Array, compress: boolean): void {
    if (b.length <= 11 && b.length > 0) {
      let s = "";
      for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
      if (this.tryInt(s)) return;
    }
    if (compress && b.length > 20 && this.tryLzf(b)) return;
    this.len(b.length);
    this.bytes(b);
  }

  /** rdbTryIntegerEncoding: writes the int8/16/32 form of a canonical decimal string, if it has one. */
  private tryInt(s: string): boolean {
    const c0 = s.charCodeAt(0);
    if (c0 !== 45 && (c0 < 48 || c0 > 57)) return false;
    // string2ll's canonical form: no leading zeros (except "0"), no "-0", digits only.
    if (!/^(?:0|-?[1-9][0-9]*)$/.test(s)) return false;
    const v = Number(s);
    if (v >= -128 && v <= 127) {
      this.ensure(2);
      this.buf[this.pos++] = (RDB_ENCVAL << 6) | RDB_ENC_INT8;
      this.buf[this.pos++] = v & 0xff;
    } else if (v >= -32768 && v <= 32767) {
      this.ensure(3);
      this.buf[this.pos++] = (RDB_ENCVAL << 6) | RDB_ENC_INT16;
      this.buf[this.pos++] = v & 0xff;
      this.buf[this.pos++] = (v >> 8) & 0xff;
    } else if (v >= -2147483648 && v <= 2147483647) {
      this.ensure(5);
      this.buf[this.pos++] = (RDB_ENCVAL << 6) | RDB_ENC_INT32;
      this.buf[this.pos++] = v & 0xff;
      this.buf[this.pos++] = (v >> 8) & 0xff;
      this.buf[this.pos++] = (v >> 16) & 0xff;
      this.buf[this.pos++] = (v >> 24) & 0xff;
    } else {
      return false;
    }
    return true;
  }

  /** rdbSaveLzfStringObject: only when LZF saves at least 4 bytes. */
  private tryLzf(raw: Uint8Array): boolean {
    const packed = lzfCompress(raw, raw.length - 4);
    if (packed === undefined) return false;
    this.u8((RDB_ENCVAL << 6) | RDB_ENC_LZF);
    this.len(packed.length);
    this.len(raw.length);
    this.bytes(packed);
    return true;
  }
}

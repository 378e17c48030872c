/**
 * ByteReader: a cursor over an RDB file or DUMP payload with the RDB primitives (rdbLoadLen,
 * rdbGenericLoadStringObject with its int/LZF forms, times, doubles).
 *
 * Every read checks the bytes are there first and throws an RdbError naming the offset and what was
 * being read (`context`, e.g. `key "user:1" in db 0`), so truncations and corruptions are reported
 * precisely and nothing ever reads past the input. Strings come back as binary strings (one char per
 * byte); blobs (listpacks, intsets …) as byte views, copied only when they had to be decompressed.
 */
import { RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF, RDB_TYPE_NAMES } from "./constants.js";
import { RdbError } from "./errors.js";
import { lzfDecompress } from "./lzf.js";

const scratchF64 = new Float64Array(1);
const scratchBytes = new Uint8Array(scratchF64.buffer);
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const CHUNK = 8192;

/** bytes[start, end) as a binary string. O(n). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 24) {
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  if (n <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  const parts: string[] = [];
  for (let i = start; i < end; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, Math.min(i + CHUNK, end)) as unknown as number[]));
  }
  return parts.join("");
}

/** A string as read: its bytes, or the value of an integer-encoded string. */
export class ByteReader {
  pos: number;
  /** What is being read, for messages ("DUMP payload"); see `where`. */
  context = "";
  /**
   * The key being read, kept as raw parts so that the hot loop builds no message text: the words
   * are only assembled when an error is reported.
   */
  keyName: string | undefined = undefined;
  keyType = -1;
  keyDb = -1;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    /** Reads stop here (a DUMP payload's body ends before its footer). */
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** " (key "k" (hash) in db 0)" or "" : where the reader is, for messages. */
  where(): string {
    let ctx = this.context;
    if (this.keyType >= 0) {
      const type = RDB_TYPE_NAMES[this.keyType] ?? `type ${this.keyType}`;
      ctx = this.keyName === undefined ? `a key of type ${type} in db ${this.keyDb}` : `key ${JSON.stringify(this.keyName)} (${type}) in db ${this.keyDb}`;
    }
    return ctx === "" ? "" : ` (${ctx})`;
  }

  /** An RdbError for corrupt data at `at` (default: the current position). */
  corrupt(what: string, at = this.pos): RdbError {
    const where = this.where();
    return new RdbError(`RDB corrupt at offset ${at}${where}: ${what}`, "corrupt", at);
  }

  /** Throws the truncation error unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      const where = this.where();
      throw new RdbError(
        `RDB truncated at offset ${this.pos}${where}: ${what} needs ${n} bytes, ${this.end - this.pos} left`,
        "truncated",
        this.pos,
      );
    }
  }

  u8(what = "a type byte"): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  /** A view of the next n bytes. */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  u32le(what: string): number {
    this.need(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A signed 32-bit little-endian value (RDB_OPCODE_EXPIRETIME's seconds). */
  i32le(what: string): number {
    return this.u32le(what) | 0;
  }

  /** A signed 64-bit little-endian value (ms times), as a number (exact up to 2^53). */
  i64le(what: string): number {
    this.need(8, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 8;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
    return hi * 4294967296 + lo;
  }

  /** An unsigned 64-bit big-endian value (stream IDs in raw form). */
  u64be(what: string): bigint {
    this.need(8, what);
    let v = 0n;
    for (let k = 0; k < 8; k++) v = (v << 8n) | BigInt(this.bytes[this.pos++]!);
    return v;
  }

  f64le(what: string): number {
    this.need(8, what);
    for (let k = 0; k < 8; k++) scratchBytes[HOST_LE ? k : 7 - k] = this.bytes[this.pos++]!;
    return scratchF64[0]!;
  }

  f32le(what: string): number {
    this.need(4, what);
    const dv = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4);
    this.pos += 4;
    return dv.getFloat32(0, true);
  }

  /**
   * rdbLoadLen where a plain length is expected. The special-encoding form (11xxxxxx) is refused:
   * no Redis writes it there. Returns a bigint only through lenBig.
   */
  len(what: string): number {
    const at = this.pos;
    const v = this.lenBig(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.corrupt(`${what} ${v} is not a plausible length`, at);
    return Number(v);
  }

  /** rdbLoadLen for values that may use all 64 bits (stream IDs and counters). */
  lenBig(what: string): bigint {
    const at = this.pos;
    const b0 = this.u8(what);
    const type = b0 >> 6;
    if (type === 0) return BigInt(b0 & 0x3f);
    if (type === 1) return BigInt(((b0 & 0x3f) << 8) | this.u8(what));
    if (b0 === 0x80) {
      this.need(4, what);
      const b = this.bytes;
      const p = this.pos;
      this.pos += 4;
      return BigInt(((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0);
    }
    if (b0 === 0x81) return this.u64be(what);
    if (type === 3) throw this.corrupt(`${what}: found a special string encoding (0x${hex(b0)}) where a length was expected`, at);
    throw this.corrupt(`${what}: unknown length encoding 0x${hex(b0)}`, at);
  }

  /**
   * A collection's element count: also checked against the bytes left (every element takes at
   * least `minBytes`), so a corrupted count fails at once instead of after a huge allocation.
   */
  count(what: string, minBytes = 1): number {
    const at = this.pos;
    const n = this.len(what);
    if (n * minBytes > this.end - this.pos) {
      // Either the count is corrupt or the input was cut short: reported as truncation (the
      // elements are missing either way), with the count in the message.
      const where = this.where();
      throw new RdbError(
        `RDB truncated or corrupt at offset ${at}${where}: ${what} is ${n}, but only ${this.end - this.pos} bytes are left`,
        "truncated",
        at,
      );
    }
    return n;
  }

  /** rdbGenericLoadStringObject as a binary string (integer forms become their decimal text). */
  string(what = "a string"): string {
    const at = this.pos;
    const b0 = this.u8(what);
    const type = b0 >> 6;
    let n: number;
    if (type === 0) n = b0 & 0x3f;
    else if (type === 1) n = ((b0 & 0x3f) << 8) | this.u8(what);
    else if (type === 3) return this.special(b0 & 0x3f, what, at);
    else {
      this.pos = at;
      n = this.len(what);
    }
    this.need(n, `${what} of ${n} bytes`);
    const s = latin1(this.bytes, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** A string's bytes (listpacks, ziplists, intsets): a view when stored raw. */
  blob(what: string): Uint8Array {
    const at = this.pos;
    const b0 = this.u8(what);
    if (b0 >> 6 === 3) {
      const enc = b0 & 0x3f;
      if (enc === RDB_ENC_LZF) return this.lzf(what);
      const s = this.special(enc, what, at);
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out;
    }
    this.pos = at;
    const n = this.len(what);
    return this.take(n, `${what} of ${n} bytes`);
  }

  private special(enc: number, what: string, at: number): string {
    switch (enc) {
      case RDB_ENC_INT8: {
        const v = this.u8(what);
        return String((v << 24) >> 24);
      }
      case RDB_ENC_INT16: {
        this.need(2, what);
        const v = this.bytes[this.pos]! | (this.bytes[this.pos + 1]! << 8);
        this.pos += 2;
        return String((v << 16) >> 16);
      }
      case RDB_ENC_INT32:
        return String(this.i32le(what));
      case RDB_ENC_LZF: {
        const out = this.lzf(what);
        return latin1(out, 0, out.length);
      }
      default:
        throw this.corrupt(`${what}: unknown string encoding type ${enc}`, at);
    }
  }

  private lzf(what: string): Uint8Array {
    const clen = this.len(`${what} (LZF compressed length)`);
    const at = this.pos;
    const len = this.len(`${what} (LZF original length)`);
    // LZF expands at most 88-fold (a 3-byte reference yields 264 bytes): a larger claim is corrupt.
    if (len > clen * 88) throw this.corrupt(`${what}: LZF string claims ${len} bytes from ${clen} compressed`, at);
    const packed = this.take(clen, `${what} (LZF data of ${clen} bytes)`);
    const out = lzfDecompress(packed, len);
    if (out === undefined) throw this.corrupt(`${what}: invalid LZF compressed string (${clen} → ${len} bytes)`, at);
    return out;
  }
}

export function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}

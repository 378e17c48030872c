/**
 * LZF, the compression Redis uses for long strings in RDB files (lzf_c.c / lzf_d.c format), written
 * from the format's definition:
 *
 *   a control byte c < 32          a literal run: the next c + 1 bytes are copied as they are;
 *   a control byte c ≥ 32          a back reference: length L = c >> 5 (7 means "7 + the next byte"),
 *                                  then one more byte; L + 2 bytes are copied from
 *                                  distance ((c & 31) << 8 | byte) + 1 behind the output position
 *                                  (byte by byte, so a reference may overlap what it produces).
 *
 * So a match is 3…264 bytes long and at most 8192 bytes back, and a literal run is 1…32 bytes.
 *
 * The compressor is greedy: a hash of the next three bytes finds the latest earlier position with
 * the same hash, and a match found there is extended as far as it goes. The hash table is shared
 * between calls and never cleared: each call owns a fresh range of "generation" positions, so entries
 * left by earlier calls are recognised as foreign in O(1) (RDB files hold millions of short strings,
 * and clearing 64 KB per string would dominate).
 */

const HLOG = 14;
const HSIZE = 1 << HLOG;
const MAX_LIT = 32;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

const htab = new Int32Array(HSIZE);
/** htab holds base + position; positions of earlier calls are below this call's base. */
let base = 1;

function hash(a: number, b: number, c: number): number {
  return Math.imul((a << 16) | (b << 8) | c, 0x9e3779b1) >>> (32 - HLOG);
}

/**
 * Compresses `input`; returns undefined when the result would be longer than `maxOut` bytes (Redis
 * keeps a string raw unless LZF saves at least 4 bytes). O(n).
 */
export function lzfCompress(input: Uint8Array, maxOut: number): Uint8Array | undefined {
  const n = input.length;
  if (n === 0 || maxOut <= 0) return undefined;
  if (base > 0x3fffffff - n - MAX_OFF) {
    htab.fill(0);
    base = 1;
  }
  const b0 = base;
  base += n + MAX_OFF + 1;
  const out = new Uint8Array(Math.min(maxOut, n + (n >> 5) + 2));
  const cap = Math.min(maxOut, out.length);
  let op = 0;
  let lit = 0; // start of the pending literal run
  let ip = 0;

  // Emits input[lit, ip) as literal runs of at most 32 bytes; false when the output is full.
  const flushLiterals = (): boolean => {
    while (lit < ip) {
      const run = Math.min(MAX_LIT, ip - lit);
      if (op + 1 + run > cap) return false;
      out[op++] = run - 1;
      for (let k = 0; k < run; k++) out[op++] = input[lit + k]!;
      lit += run;
    }
    return true;
  };

  while (ip + 2 < n) {
    const h = hash(input[ip]!, input[ip + 1]!, input[ip + 2]!);
    const ref = htab[h]! - b0;
    htab[h] = b0 + ip;
    const off = ip - ref - 1;
    if (
      ref >= 0 &&
      off >= 0 &&
      off < MAX_OFF &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      const maxLen = Math.min(MAX_REF, n - ip);
      let len = 3;
      while (len < maxLen && input[ref + len] === input[ip + len]) len++;
      if (!flushLiterals()) return undefined;
      const l = len - 2;
      if (l < 7) {
        if (op + 2 > cap) return undefined;
        out[op++] = (l << 5) | (off >> 8);
      } else {
        if (op + 3 > cap) return undefined;
        out[op++] = (7 << 5) | (off >> 8);
        out[op++] = l - 7;
      }
      out[op++] = off & 0xff;
      // Index the positions inside the match too (cheap, and it finds more matches later).
      const end = ip + len;
      for (let p = ip + 1; p + 2 < n && p < end; p++) htab[hash(input[p]!, input[p + 1]!, input[p + 2]!)] = b0 + p;
      ip = end;
      lit = ip;
    } else {
      ip++;
    }
  }
  ip = n;
  if (!flushLiterals()) return undefined;
  return out.subarray(0, op);
}

/**
 * Decompresses `input`, which must expand to exactly `outLen` bytes. Returns undefined for anything
 * that is not such a stream (a reference before the start, a run past either end, a wrong length),
 * like lzf_decompress returning 0 or a different size. O(outLen).
 */
export function lzfDecompress(input: Uint8Array, outLen: number): Uint8Array | undefined {
  const out = new Uint8Array(outLen);
  const inEnd = input.length;
  let ip = 0;
  let op = 0;
  while (ip < inEnd) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outLen || ip + run > inEnd) return undefined;
      out.set(input.subarray(ip, ip + run), op);
      ip += run;
      op += run;
    } else {
      let len = ctrl >> 5;
      if (ip >= inEnd) return undefined;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= inEnd) return undefined;
      }
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++]!;
      len += 2;
      if (op + len > outLen || ref < 0) return undefined;
      if (op - ref >= len) {
        out.copyWithin(op, ref, ref + len);
        op += len;
      } else {
        for (let k = 0; k < len; k++) out[op + k] = out[ref + k]!;
        op += len;
      }
    }
  }
  return op === outLen ? out : undefined;
}

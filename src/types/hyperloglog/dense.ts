/**
 * The dense HLL codec: 16384 registers of 6 bits packed LSB first after the 16-byte header, read and
 * written directly on the engine string (hyperloglog.c's HLL_DENSE_GET/SET_REGISTER).
 *
 * A register update rewrites two bytes as slices around them: V8 keeps the result as a rope over the
 * old string and flattens it (one 12 KB copy) on the next read, so PFADD costs well under a
 * microsecond instead of the tens it would take to decode and re-encode 12 KB per call.
 *
 * Like Redis (whose sds always has a NUL terminator after its last byte) the last register's second
 * byte is the one just past the end: it reads as 0 and only zero bits are ever written to it.
 */
import { fromBytes } from "../../engine/bytes.js";
import { CARD_MSB, HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_REGISTER_MAX, HLL_REGISTERS } from "./layout.js";

/** An empty dense HLL (all registers 0, cached cardinality 0 and valid). */
export const HLL_EMPTY_DENSE = "HYLL" + "\x00".repeat(HLL_DENSE_SIZE - 4);

/** The value of register `reg` of a dense HLL. O(1). */
export function denseGet(v: string, reg: number): number {
  const bit = reg * 6;
  const at = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  return ((v.charCodeAt(at) >>> fb) | ((v.charCodeAt(at + 1) | 0) << (8 - fb))) & HLL_REGISTER_MAX;
}

/**
 * hllDenseSet: the HLL with register `reg` raised to `count` when that is more than its value, or
 * undefined when the register already holds at least `count`. With `invalidate`, the cached
 * cardinality is marked invalid in the same edit (PFADD does it once anything changed; one edit
 * instead of two keeps the rope shallow). O(1) (a rope).
 */
export function denseSetIfGreater(v: string, reg: number, count: number, invalidate: boolean): string | undefined {
  const bit = reg * 6;
  const at = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  const b0 = v.charCodeAt(at);
  const b1 = v.charCodeAt(at + 1) | 0;
  if (count <= (((b0 >>> fb) | (b1 << fb8)) & HLL_REGISTER_MAX)) return undefined;
  const n0 = ((b0 & ~(HLL_REGISTER_MAX << fb)) | (count << fb)) & 0xff;
  const n1 = ((b1 & ~(HLL_REGISTER_MAX >>> fb8)) | (count >>> fb8)) & 0xff;
  const b15 = v.charCodeAt(CARD_MSB);
  const head =
    invalidate && (b15 & 0x80) === 0
      ? v.slice(0, CARD_MSB) + String.fromCharCode(b15 | 0x80) + v.slice(HLL_HDR_SIZE, at)
      : v.slice(0, at);
  // The last register's second byte is the terminator: only zero bits land there, nothing to write.
  if (at + 1 >= v.length) return head + String.fromCharCode(n0);
  return head + String.fromCharCode(n0, n1) + v.slice(at + 2);
}

/** hllDenseRegHisto: adds every register's value to `histo` (64 counters). O(16384). */
export function denseHisto(v: string, histo: Int32Array): void {
  // Four registers per 3 bytes, decoded inline: this loop is PFCOUNT's whole cost on a dense HLL.
  for (let at = HLL_HDR_SIZE, end = v.length; at < end; at += 3) {
    const b0 = v.charCodeAt(at);
    const b1 = v.charCodeAt(at + 1);
    const b2 = v.charCodeAt(at + 2);
    histo[b0 & 63]!++;
    histo[((b0 >>> 6) | (b1 << 2)) & 63]!++;
    histo[((b1 >>> 4) | (b2 << 4)) & 63]!++;
    histo[b2 >>> 2]!++;
  }
}

/** hllMerge's dense branch: raises every `max[i]` to register i of `v`. O(16384). */
export function denseMergeInto(v: string, max: Uint8Array): void {
  for (let at = HLL_HDR_SIZE, reg = 0; reg < HLL_REGISTERS; at += 3, reg += 4) {
    const b0 = v.charCodeAt(at);
    const b1 = v.charCodeAt(at + 1);
    const b2 = v.charCodeAt(at + 2);
    const r0 = b0 & 63;
    const r1 = ((b0 >>> 6) | (b1 << 2)) & 63;
    const r2 = ((b1 >>> 4) | (b2 << 4)) & 63;
    const r3 = b2 >>> 2;
    if (r0 > max[reg]!) max[reg] = r0;
    if (r1 > max[reg + 1]!) max[reg + 1] = r1;
    if (r2 > max[reg + 2]!) max[reg + 2] = r2;
    if (r3 > max[reg + 3]!) max[reg + 3] = r3;
  }
}

/** Every register of a dense HLL, in order (PFDEBUG GETREG). O(16384). */
export function denseRegisters(v: string): Uint8Array {
  const out = new Uint8Array(HLL_REGISTERS);
  denseMergeInto(v, out);
  return out;
}

/** A dense HLL with header `header` (16 bytes) and `regs` (16384 values ≤ 63). O(16384). */
export function denseFromRegisters(header: string, regs: Uint8Array): string {
  const bytes = new Uint8Array((HLL_REGISTERS * 6) / 8);
  for (let reg = 0, at = 0; reg < HLL_REGISTERS; reg += 4, at += 3) {
    const r0 = regs[reg]! & 63;
    const r1 = regs[reg + 1]! & 63;
    const r2 = regs[reg + 2]! & 63;
    const r3 = regs[reg + 3]! & 63;
    bytes[at] = r0 | (r1 << 6);
    bytes[at + 1] = (r1 >>> 2) | (r2 << 4);
    bytes[at + 2] = (r2 >>> 4) | (r3 << 2);
  }
  return header + fromBytes(bytes);
}

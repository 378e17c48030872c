/**
 * The bitmap group (bitops.c, Redis 7.2): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO over string values (src/types/string/bits.ts).
 *
 * Invariants: every argument is parsed, in Redis's order, before the key is touched; a write pads
 * the string with zero bytes up to the highest bit it reaches (lookupStringForBitCommand) and leaves
 * it `raw`-encoded, as Redis's unshared sds is; dirty and the `setbit` event count real changes.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { SYNTAX, STRING_TOO_LONG, errorText } from "../engine/errors.js";
import { int64Arg, parseInt64 } from "../engine/int64.js";
import { readString, writeStringEntry } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_STRING } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { protoMaxBulkLen } from "./string.js";
import {
  OVERFLOW_FAIL,
  OVERFLOW_SAT,
  OVERFLOW_WRAP,
  bitpos,
  getBit,
  getBitfield,
  growZero,
  popcount,
  popcountByte,
  setBitfield,
  setByte,
  signedOverflow,
  toSigned,
  unsignedOverflow,
} from "../types/string/bits.js";

const BIT_OFFSET_ERROR = errorText("ERR bit offset is not an integer or out of range");
const BIT_VALUE_ERROR = errorText("ERR bit is not an integer or out of range");
const BITFIELD_TYPE_ERROR = errorText(
  "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.",
);


/** parseInt64 as a bigint (the bit arithmetic here needs all 64 bits). */
function parseBig(arg: string): bigint | undefined {
  const v = parseInt64(arg);
  return v === undefined ? undefined : BigInt(v);
}

/** getBitOffsetFromArgument: a bit offset, `#n` meaning n·bits when `bits` is given (BITFIELD). */
function bitOffsetArg(s: Session, arg: string, bits = 0): number {
  const hash = bits > 0 && arg.startsWith("#");
  let v = parseBig(hash ? arg.slice(1) : arg);
  if (v === undefined) throw BIT_OFFSET_ERROR;
  // C multiplies in 64 bits (overflow wraps); the range check below then refuses what is absurd.
  if (hash) v = BigInt.asIntN(64, v * BigInt(bits));
  if (v < 0n || v >> 3n >= BigInt(protoMaxBulkLen(s))) throw BIT_OFFSET_ERROR;
  return Number(v);
}

/** getLongLongFromObjectOrReply, as a bigint. */
function int64(arg: string): bigint {
  return BigInt(int64Arg(arg));
}

/**
 * lookupStringForBitCommand: the string at `key` (created, or padded) long enough to hold bit
 * `maxbit`. Returns the current bytes and whether the key was created or grew.
 */
function stringForBits(s: Session, key: string, maxbit: number): { value: string; grew: boolean } {
  const bytes = Math.floor(maxbit / 8) + 1;
  const e = writeStringEntry(s, key);
  if (bytes > 0x1fffffe8) throw STRING_TOO_LONG; // beyond what a JS string can hold
  if (e === undefined) {
    const value = "\0".repeat(bytes);
    s.db.add(key, value).raw = true;
    return { value, grew: true };
  }
  const old = e.value as string;
  const value = growZero(old, bytes);
  e.value = value;
  e.raw = true;
  return { value, grew: value.length !== old.length };
}

function storeBits(s: Session, key: string, value: string): void {
  const e = s.db.lookup(key)!;
  e.value = value;
  e.raw = true;
}

/** SETBIT key offset value: the bit's old value. */
const setbit: Handler = (s, argv) => {
  const key = argv[1]!;
  const offset = bitOffsetArg(s, argv[2]!);
  const on = parseBig(argv[3]!);
  if (on === undefined || (on !== 0n && on !== 1n)) throw BIT_VALUE_ERROR;
  const { value, grew } = stringForBits(s, key, offset);
  const old = getBit(value, offset);
  if (grew || old !== Number(on)) {
    const byte = Math.floor(offset / 8);
    const shift = 7 - (offset % 8);
    const b = (value.charCodeAt(byte) & ~(1 << shift)) | (Number(on) << shift);
    storeBits(s, key, setByte(value, byte, b));
    s.engine.notify(NOTIFY_STRING, "setbit", key, s.db.id);
    s.engine.touch();
  }
  return old;
};

/** GETBIT key offset. */
const getbit: Handler = (s, argv) => {
  const offset = bitOffsetArg(s, argv[2]!);
  const v = readString(s, argv[1]!);
  return v === undefined ? 0 : getBit(v, offset);
};

/**
 * The byte range [start, end] and edge masks of BITCOUNT/BITPOS's optional range (BYTE or BIT units),
 * or undefined for an empty range. `end` undefined: to the end of the string.
 */
interface BitRange {
  start: number;
  end: number;
  /** Bits of the first / last byte that lie outside the range (BIT unit only). */
  firstMask: number;
  lastMask: number;
}

function resolveRange(len: number, startArg: bigint, endArg: bigint, isBit: boolean): BitRange {
  const totlen = BigInt(isBit ? len * 8 : len);
  let start = startArg < 0n ? totlen + startArg : startArg;
  let end = endArg < 0n ? totlen + endArg : endArg;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= totlen) end = totlen - 1n;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - Number(start & 7n))) - 1) & 0xff;
    lastMask = (1 << (7 - Number(end & 7n))) - 1;
    start >>= 3n;
    end >>= 3n;
  }
  // Beyond 2^53 only when start > end (an empty range), so the conversions lose nothing that matters.
  return { start: Number(start), end: Number(end), firstMask, lastMask };
}

function unitArg(arg: string): boolean {
  const u = arg.toLowerCase();
  if (u === "bit") return true;
  if (u === "byte") return false;
  throw SYNTAX;
}

/** BITCOUNT key [start end [BYTE|BIT]]. */
const bitcount: Handler = (s, argv) => {
  const v = readString(s, argv[1]!);
  if (v === undefined) return 0;
  let r: BitRange;
  if (argv.length === 4 || argv.length === 5) {
    const start = int64(argv[2]!);
    const end = int64(argv[3]!);
    if (start < 0n && end < 0n && start > end) return 0;
    const isBit = argv.length === 5 ? unitArg(argv[4]!) : false;
    r = resolveRange(v.length, start, end, isBit);
  } else if (argv.length === 2) {
    r = { start: 0, end: v.length - 1, firstMask: 0, lastMask: 0 };
  } else {
    throw SYNTAX;
  }
  if (r.start > r.end) return 0;
  let count = popcount(v, r.start, r.end);
  if (r.firstMask !== 0) count -= popcountByte(v.charCodeAt(r.start) & r.firstMask);
  if (r.lastMask !== 0) count -= popcountByte(v.charCodeAt(r.end) & r.lastMask);
  return count;
};

/** BITPOS key bit [start [end [BYTE|BIT]]]. */
const bitposCmd: Handler = (s, argv) => {
  const bitArg = int64(argv[2]!);
  if (bitArg !== 0n && bitArg !== 1n) throw errorText("ERR The bit argument must be 1 or 0.");
  const bit = Number(bitArg) as 0 | 1;
  const v = readString(s, argv[1]!);
  if (v === undefined) return bit === 1 ? -1 : 0;
  let r: BitRange;
  let endGiven = false;
  if (argv.length >= 4 && argv.length <= 6) {
    const start = int64(argv[3]!);
    const isBit = argv.length === 6 ? unitArg(argv[5]!) : false;
    let end: bigint;
    if (argv.length >= 5) {
      end = int64(argv[4]!);
      endGiven = true;
    } else {
      end = isBit ? BigInt(v.length) * 8n + 7n : BigInt(v.length) - 1n;
    }
    r = resolveRange(v.length, start, end, isBit);
  } else if (argv.length === 3) {
    r = { start: 0, end: v.length - 1, firstMask: 0, lastMask: 0 };
  } else {
    throw SYNTAX;
  }
  if (r.start > r.end) return -1;
  // The bytes of the range, with the bits outside it forced to the value not looked for.
  const first = r.start;
  const count = r.end - r.start + 1;
  const masked = (i: number): number => {
    let b = v.charCodeAt(first + i);
    if (i === 0 && r.firstMask !== 0) b = bit === 1 ? b & ~r.firstMask : b | r.firstMask;
    if (i === count - 1 && r.lastMask !== 0) b = bit === 1 ? b & ~r.lastMask : b | r.lastMask;
    return b & 0xff;
  };
  const pos = bitpos(masked, count, bit);
  // Looking for a 0 in an explicit range with none: the padding on the right does not count.
  if (endGiven && bit === 0 && pos === count * 8) return -1;
  return pos === -1 ? -1 : pos + first * 8;
};

/** BITOP AND|OR|XOR|NOT destkey key …: the result's length. */
const bitop: Handler = (s, argv) => {
  const op = argv[1]!.toLowerCase();
  if (op !== "and" && op !== "or" && op !== "xor" && op !== "not") throw SYNTAX;
  if (op === "not" && argv.length !== 4) throw errorText("ERR BITOP NOT must be called with a single source key.");
  const dest = argv[2]!;
  const srcs: string[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = readString(s, argv[j]!) ?? "";
    srcs.push(v);
    if (v.length > maxlen) maxlen = v.length;
  }
  if (maxlen === 0) {
    if (s.db.delete(dest)) {
      s.engine.notify(NOTIFY_GENERIC, "del", dest, s.db.id);
      s.engine.touch();
    }
    return 0;
  }
  const out = new Array<number>(maxlen);
  for (let i = 0; i < maxlen; i++) {
    const b0 = srcs[0]!;
    let o = i < b0.length ? b0.charCodeAt(i) : 0;
    if (op === "not") o = ~o & 0xff;
    for (let k = 1; k < srcs.length; k++) {
      const src = srcs[k]!;
      const b = i < src.length ? src.charCodeAt(i) : 0;
      if (op === "and") o &= b;
      else if (op === "or") o |= b;
      else o ^= b;
    }
    out[i] = o;
  }
  let result = "";
  for (let i = 0; i < maxlen; i += 8192) result += String.fromCharCode(...out.slice(i, i + 8192));
  s.db.set(dest, result).raw = true;
  s.engine.notify(NOTIFY_STRING, "set", dest, s.db.id);
  s.engine.touch();
  return maxlen;
};

// ---------------------------------------------------------------------------------------- BITFIELD

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;

interface FieldOp {
  opcode: number;
  offset: number;
  value: bigint;
  owtype: number;
  bits: number;
  signed: boolean;
}

/** getBitfieldTypeFromArgument: [signed, bits]. */
function fieldTypeArg(arg: string): [boolean, number] {
  const c = arg[0];
  if (c !== "i" && c !== "u") throw BITFIELD_TYPE_ERROR;
  const signed = c === "i";
  const bits = parseBig(arg.slice(1));
  if (bits === undefined || bits < 1n || (signed && bits > 64n) || (!signed && bits > 63n)) throw BITFIELD_TYPE_ERROR;
  return [signed, Number(bits)];
}

function bitfieldGeneric(s: Session, argv: readonly string[], readOnlyCommand: boolean): Reply {
  const key = argv[1]!;
  const ops: FieldOp[] = [];
  let owtype = OVERFLOW_WRAP;
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j]!.toLowerCase();
    let opcode: number;
    if (sub === "get" && rem >= 2) opcode = OP_GET;
    else if (sub === "set" && rem >= 3) opcode = OP_SET;
    else if (sub === "incrby" && rem >= 3) opcode = OP_INCRBY;
    else if (sub === "overflow" && rem >= 1) {
      const t = argv[++j]!.toLowerCase();
      if (t === "wrap") owtype = OVERFLOW_WRAP;
      else if (t === "sat") owtype = OVERFLOW_SAT;
      else if (t === "fail") owtype = OVERFLOW_FAIL;
      else throw errorText("ERR Invalid OVERFLOW type specified");
      continue;
    } else throw SYNTAX;
    const [signed, bits] = fieldTypeArg(argv[j + 1]!);
    const offset = bitOffsetArg(s, argv[j + 2]!, bits);
    let value = 0n;
    if (opcode !== OP_GET) {
      readonly = false;
      if (highestWrite < offset + bits - 1) highestWrite = offset + bits - 1;
      value = int64(argv[j + 3]!);
    }
    ops.push({ opcode, offset, value, owtype, bits, signed });
    j += opcode === OP_GET ? 2 : 3;
  }

  let current: string;
  let grew = false;
  if (readonly) {
    current = readString(s, key) ?? "";
  } else {
    if (readOnlyCommand) throw errorText("ERR BITFIELD_RO only supports the GET subcommand");
    ({ value: current, grew } = stringForBits(s, key, highestWrite));
  }

  const out: Reply[] = [];
  let changes = 0;
  for (const op of ops) {
    if (op.opcode === OP_GET) {
      const raw = getBitfield(current, op.offset, op.bits);
      out.push(int64Reply(op.signed ? toSigned(raw, op.bits) : raw));
      continue;
    }
    const rawOld = getBitfield(current, op.offset, op.bits);
    let overflow: boolean;
    let newval: bigint;
    let retval: bigint;
    let replacement: bigint;
    if (op.signed) {
      const oldval = toSigned(rawOld, op.bits);
      if (op.opcode === OP_INCRBY) {
        [overflow, replacement] = signedOverflow(oldval, op.value, op.bits, op.owtype);
        newval = overflow ? replacement : oldval + op.value;
        retval = newval;
      } else {
        newval = op.value;
        [overflow, replacement] = signedOverflow(newval, 0n, op.bits, op.owtype);
        if (overflow) newval = replacement;
        retval = oldval;
      }
      if (overflow && op.owtype === OVERFLOW_FAIL) {
        out.push(null);
        continue;
      }
      out.push(int64Reply(retval));
      current = setBitfield(current, op.offset, op.bits, BigInt.asUintN(64, newval));
      if (grew || oldval !== newval) changes++;
    } else {
      const oldval = rawOld;
      if (op.opcode === OP_INCRBY) {
        newval = BigInt.asUintN(64, oldval + op.value);
        [overflow, replacement] = unsignedOverflow(oldval, op.value, op.bits, op.owtype);
        if (overflow) newval = replacement;
        retval = newval;
      } else {
        newval = BigInt.asUintN(64, op.value);
        [overflow, replacement] = unsignedOverflow(newval, 0n, op.bits, op.owtype);
        if (overflow) newval = replacement;
        retval = oldval;
      }
      if (overflow && op.owtype === OVERFLOW_FAIL) {
        out.push(null);
        continue;
      }
      out.push(int64Reply(BigInt.asIntN(64, retval)));
      current = setBitfield(current, op.offset, op.bits, newval);
      if (grew || oldval !== newval) changes++;
    }
  }
  if (!readonly) storeBits(s, key, current);
  if (changes > 0) {
    s.engine.notify(NOTIFY_STRING, "setbit", key, s.db.id);
    s.engine.touch(changes);
  }
  return out;
}

/** An integer reply: a number when safe, else a bigint. */
function int64Reply(v: bigint): number | bigint {
  return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
}

export const COMMANDS: CommandDef[] = [
  { name: "setbit", handler: setbit },
  { name: "getbit", handler: getbit },
  { name: "bitcount", handler: bitcount },
  { name: "bitpos", handler: bitposCmd },
  { name: "bitop", handler: bitop },
  { name: "bitfield", handler: (s, argv) => bitfieldGeneric(s, argv, false) },
  { name: "bitfield_ro", handler: (s, argv) => bitfieldGeneric(s, argv, true) },
];

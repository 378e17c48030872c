/**
 * Stream entry IDs (t_stream.c streamID): two unsigned 64-bit parts, milliseconds and sequence,
 * held as ONE 128-bit bigint `ms << 64 | seq`. That single value orders exactly like Redis's
 * big-endian rax keys (plain `<`), is a Map key by value, and makes streamIncrID/streamDecrID plain
 * `+ 1n` / `- 1n` (a sequence overflow carries into the milliseconds, as Redis does by hand).
 *
 * Invariant: every StreamId is in [0, ID_MAX]; both parts are exact up to 2^64 − 1.
 */

export type StreamId = bigint;

export const U64_MAX = (1n << 64n) - 1n;
/** 18446744073709551615-18446744073709551615, what `+` means. */
export const ID_MAX: StreamId = (1n << 128n) - 1n;
export const ID_ZERO: StreamId = 0n;

export function makeId(ms: bigint, seq: bigint): StreamId {
  return (ms << 64n) | seq;
}

export function idMs(id: StreamId): bigint {
  return id >> 64n;
}

export function idSeq(id: StreamId): bigint {
  return id & U64_MAX;
}

const SAFE = 9007199254740991n;

/** The `<ms>-<seq>` text of an ID (createStreamIDString). */
export function formatId(id: StreamId): string {
  const ms = id >> 64n;
  const seq = id & U64_MAX;
  // Numbers print faster than bigints; both parts are exact below 2^53.
  if (ms <= SAFE && seq <= SAFE) return `${Number(ms)}-${Number(seq)}`;
  return `${ms}-${seq}`;
}

/** streamIncrID: the successor, or undefined for ID_MAX (Redis wraps to 0-0 and reports an error). */
export function incrId(id: StreamId): StreamId | undefined {
  return id === ID_MAX ? undefined : id + 1n;
}

/** streamDecrID: the predecessor, or undefined for 0-0. */
export function decrId(id: StreamId): StreamId | undefined {
  return id === 0n ? undefined : id - 1n;
}

/** The 16-byte big-endian form (streamEncodeID) as a binary string: rax keys, RDB PEL records. */
export function idKeyBytes(id: StreamId): string {
  let s = "";
  for (let shift = 120n; shift >= 0n; shift -= 8n) s += String.fromCharCode(Number((id >> shift) & 0xffn));
  return s;
}

// ------------------------------------------------------------------ parsing (streamGenericParseIDOrReply)

const LONG_STR_SIZE = 21;

/** util.c string2ll on a C string: canonical int64 decimal only. */
function string2ll(s: string): bigint | undefined {
  const n = s.length;
  if (n === 0 || n >= LONG_STR_SIZE) return undefined;
  if (n === 1 && s === "0") return 0n;
  let p = 0;
  if (s.charCodeAt(0) === 45) {
    p = 1;
    if (n === 1) return undefined;
  }
  const c = s.charCodeAt(p);
  if (c < 49 || c > 57) return undefined;
  for (let i = p + 1; i < n; i++) {
    const d = s.charCodeAt(i);
    if (d < 48 || d > 57) return undefined;
  }
  const v = BigInt(s);
  if (v < -(1n << 63n) || v > (1n << 63n) - 1n) return undefined;
  return v;
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * glibc strtoull(s, &end, 10) accepting only a full conversion: leading white space, an optional
 * sign (a minus negates modulo 2^64), at least one digit, nothing after, no overflow.
 */
function strtoullWhole(s: string): bigint | undefined {
  let p = 0;
  const n = s.length;
  while (p < n && isCSpace(s.charCodeAt(p))) p++;
  let negative = false;
  const sign = s.charCodeAt(p);
  if (sign === 43 || sign === 45) {
    negative = sign === 45;
    p++;
  }
  const digitsFrom = p;
  while (p < n) {
    const d = s.charCodeAt(p);
    if (d < 48 || d > 57) break;
    p++;
  }
  if (p === digitsFrom || p !== n) return undefined;
  const mag = BigInt(s.slice(digitsFrom, p));
  if (mag > U64_MAX) return undefined; // ERANGE
  return negative ? BigInt.asUintN(64, -mag) : mag;
}

/** util.c string2ull: string2ll first (negative refused), else strtoull's forgiving forms. */
function string2ull(s: string): bigint | undefined {
  const ll = string2ll(s);
  if (ll !== undefined) return ll < 0n ? undefined : ll;
  return strtoullWhole(s);
}

export interface ParsedId {
  id: StreamId;
  /** False for the XADD `<ms>-*` form (the sequence is to be generated). */
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply without the reply: undefined when the text is not a valid ID.
 * `-`/`+` are the extremes unless `strict`; an incomplete ID gets `missingSeq`; `<ms>-*` is accepted
 * only with `allowSeqStar` (XADD). Like Redis, the text is read as a C string (it ends at a NUL byte)
 * and anything over 127 bytes is refused.
 */
export function parseStreamId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar = false): ParsedId | undefined {
  if (arg.length > 127) return undefined;
  const nul = arg.indexOf("\0");
  const buf = nul < 0 ? arg : arg.slice(0, nul);
  if (buf === "-") return strict ? undefined : { id: 0n, seqGiven: true };
  if (buf === "+") return strict ? undefined : { id: ID_MAX, seqGiven: true };
  const dot = buf.indexOf("-");
  const ms = string2ull(dot < 0 ? buf : buf.slice(0, dot));
  if (ms === undefined) return undefined;
  if (dot < 0) return { id: makeId(ms, missingSeq), seqGiven: true };
  const rest = buf.slice(dot + 1);
  if (allowSeqStar && rest === "*") return { id: makeId(ms, 0n), seqGiven: false };
  const seq = string2ull(rest);
  if (seq === undefined) return undefined;
  return { id: makeId(ms, seq), seqGiven: true };
}

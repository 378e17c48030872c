/**
 * The RESP request parser: bytes in, argument vectors (binary strings) out, following Redis's
 * networking.c (processInputBuffer, processMultibulkBuffer, processInlineBuffer) rule for rule, with
 * its protocol error texts. Pure: no Node or DOM APIs, so the server and the AOF loader share it.
 *
 * It is incremental: `feed()` appends whatever arrived, `next()` returns one complete command, or
 * undefined while the command is still half-sent. Parsing resumes where it stopped (line-end searches
 * remember how far they got), so a command that arrives a byte at a time costs O(its length). The
 * buffer grows by doubling and is compacted only when space runs out, and each argument is decoded
 * once, so feeding n bytes costs O(n) overall: no re-scanning, no repeated concatenation.
 *
 * Redis details kept on purpose:
 *  - the request kind is decided by the first byte: '*' is a multibulk, anything else an inline line;
 *  - the search for a line end is C's strchr on a NUL-terminated buffer: a NUL byte before the CR (or
 *    LF for inline) hides it, and the request waits until the 64 KB line limit turns it into an error;
 *  - "\r" is enough to end a header line: the byte after it is skipped, whatever it is, and so are the
 *    two bytes after a bulk's payload;
 *  - `*0` and negative counts are empty requests (skipped), and so are blank inline lines;
 *  - counts and lengths are string2ll numbers: no sign but '-', no leading zeros, no spaces;
 *  - an unauthenticated client is limited to 10 arguments and 16 KB bulks (Redis 7.2).
 *
 * After a protocol error the parser is spent: every later `next()` returns the same error (the
 * connection is closed once the error is written, as Redis does).
 */
import { fromBytes } from "../engine/bytes.js";
import { splitArgs } from "./split-args.js";

/** A request Redis refuses: `message` is the reply text after "-ERR " (e.g. "Protocol error: …"). */
export class ProtocolError {
  constructor(readonly message: string) {}
}

/** Turns buffer bytes [start, end) into a binary string (one char per byte). */
export type ByteDecoder = (bytes: Uint8Array, start: number, end: number) => string;

export interface ParserOptions {
  /** Faster decoding where the platform has one (Node's latin1); the default is pure JS. */
  decode?: ByteDecoder;
}

/** PROTO_INLINE_MAX_SIZE: the longest header or inline line without its line end. */
export const INLINE_MAX_SIZE = 64 * 1024;
const UNAUTH_MAX_ARGS = 10;
const UNAUTH_MAX_BULK = 16 * 1024;
const INT_MAX = 2147483647;
/** LONG_STR_SIZE: string2ll refuses 21 characters or more. */
const LONG_STR_SIZE = 21;
const LLONG_MAX_DIGITS = "9223372036854775807";
const LLONG_MIN_DIGITS = "9223372036854775808";
const CR = 0x0d;
const LF = 0x0a;
const INITIAL_SIZE = 16 * 1024;
/** An idle buffer larger than this is dropped rather than kept for the next request. */
const KEEP_SIZE = 256 * 1024;

const NONE = 0;
const INLINE = 1;
const MULTIBULK = 2;

function defaultDecode(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return fromBytes(bytes.subarray(start, end));
}

/**
 * string2ll over bytes [start, end): a decimal long long with Redis's strictness. Returns undefined
 * when invalid. Values beyond 2^53 lose precision, which no caller can notice: every caller compares
 * them with limits far below that (INT_MAX, proto-max-bulk-len); validity itself is decided exactly.
 */
export function parseLength(b: Uint8Array, start: number, end: number): number | undefined {
  const len = end - start;
  if (len === 0 || len >= LONG_STR_SIZE) return undefined;
  if (len === 1 && b[start] === 0x30) return 0;
  let p = start;
  let negative = false;
  if (b[p] === 0x2d) {
    negative = true;
    p++;
    if (p === end) return undefined;
  }
  const first = b[p]!;
  if (first < 0x31 || first > 0x39) return undefined;
  let v = first - 0x30;
  for (let i = p + 1; i < end; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) return undefined;
    v = v * 10 + (c - 0x30);
  }
  const digits = end - p;
  if (digits > 19) return undefined;
  if (digits === 19) {
    // Doubles cannot tell 2^63 - 1 from 2^63: compare the digits with the long long limit instead.
    const limit = negative ? LLONG_MIN_DIGITS : LLONG_MAX_DIGITS;
    for (let i = 0; i < 19; i++) {
      const d = b[p + i]!;
      const l = limit.charCodeAt(i);
      if (d !== l) {
        if (d > l) return undefined;
        break;
      }
    }
  }
  return negative ? -v : v;
}

export class RequestParser {
  /** proto-max-bulk-len; the owner keeps it current (CONFIG SET may change it). */
  maxBulkLen = 512 * 1024 * 1024;
  /** Whether the client must still authenticate (tightens the limits); set before each next(). */
  authRequired = false;

  private buf: Uint8Array = new Uint8Array(0);
  /** Next unparsed byte (Redis's qb_pos). */
  private pos = 0;
  /** End of the data received. */
  private end = 0;
  private reqType = NONE;
  /** Bulks still to read in the current multibulk (0: the count line is not read yet). */
  private multibulkLen = 0;
  /** Length of the bulk being read, or -1 when its "$" line is not read yet. */
  private bulkLen = -1;
  private argv: string[] = [];
  /** Where the line-end search resumes, so a slowly arriving line is scanned once. */
  private scanFrom = 0;
  private failed: ProtocolError | undefined = undefined;
  private readonly decode: ByteDecoder;

  constructor(options: ParserOptions = {}) {
    this.decode = options.decode ?? defaultDecode;
  }

  /**
   * Bytes received but not yet consumed: Redis's query buffer length, which
   * client-query-buffer-limit caps (arguments already read out of a half-sent command do not count).
   */
  get pendingBytes(): number {
    return this.end - this.pos;
  }

  /** True when a command has been started but not finished (or unparsed bytes are waiting). */
  get midRequest(): boolean {
    return this.end > this.pos || this.reqType !== NONE;
  }

  /** Appends received data: bytes, or a binary string (one char per byte). Amortized O(length). */
  feed(data: Uint8Array | string): void {
    const n = data.length;
    if (n === 0) return;
    this.reserve(n);
    if (typeof data === "string") {
      const b = this.buf;
      let e = this.end;
      for (let i = 0; i < n; i++) b[e++] = data.charCodeAt(i);
    } else {
      this.buf.set(data, this.end);
    }
    this.end += n;
  }

  /**
   * The next complete command, undefined when more bytes are needed, or a ProtocolError (final).
   * Empty requests (blank lines, `*0`) are skipped.
   */
  next(): string[] | ProtocolError | undefined {
    if (this.failed !== undefined) return this.failed;
    while (this.pos < this.end) {
      if (this.reqType === NONE) this.reqType = this.buf[this.pos] === 0x2a ? MULTIBULK : INLINE;
      const r = this.reqType === INLINE ? this.inline() : this.multibulk();
      if (r === undefined) break;
      if (r instanceof ProtocolError) {
        this.failed = r;
        return r;
      }
      this.reset();
      if (r.length > 0) return r;
    }
    this.compactIfIdle();
    return undefined;
  }

  private reset(): void {
    this.reqType = NONE;
    this.multibulkLen = 0;
    this.bulkLen = -1;
    this.argv = [];
  }

  /** Index of `target` at or after `from`, or -1 if absent or hidden behind a NUL (C strchr). */
  private strchr(from: number, target: number): number {
    const b = this.buf;
    const end = this.end;
    for (let i = Math.max(from, this.scanFrom); i < end; i++) {
      const c = b[i]!;
      if (c === target) {
        this.scanFrom = i;
        return i;
      }
      if (c === 0) {
        // Nothing past a NUL is ever seen for this line, however much more arrives.
        this.scanFrom = Infinity;
        return -1;
      }
    }
    this.scanFrom = end;
    return -1;
  }

  private consumeTo(p: number): void {
    this.pos = p;
    this.scanFrom = p;
  }

  private inline(): string[] | ProtocolError | undefined {
    const start = this.pos;
    const nl = this.strchr(start, LF);
    if (nl < 0) {
      if (this.end - start > INLINE_MAX_SIZE) return new ProtocolError("Protocol error: too big inline request");
      return undefined;
    }
    const lineEnd = nl !== start && this.buf[nl - 1] === CR ? nl - 1 : nl;
    const args = splitArgs(this.decode(this.buf, start, lineEnd));
    if (args === undefined) return new ProtocolError("Protocol error: unbalanced quotes in request");
    this.consumeTo(nl + 1);
    return args;
  }

  /**
   * Reads one header line starting at `pos`: returns the index of its CR, undefined while incomplete,
   * or a ProtocolError (`tooBig`) when 64 KB arrived without one.
   */
  private headerLine(tooBig: string): number | ProtocolError | undefined {
    const start = this.pos;
    const cr = this.strchr(start, CR);
    if (cr < 0) {
      if (this.end - start > INLINE_MAX_SIZE) return new ProtocolError(`Protocol error: ${tooBig}`);
      return undefined;
    }
    // The CR must not be the last byte: the byte after it (normally LF) has to be there too.
    if (cr > this.end - 2) return undefined;
    return cr;
  }

  private multibulk(): string[] | ProtocolError | undefined {
    const b = this.buf;
    if (this.multibulkLen === 0) {
      const cr = this.headerLine("too big mbulk count string");
      if (typeof cr !== "number") return cr;
      const ll = parseLength(b, this.pos + 1, cr);
      if (ll === undefined || ll > INT_MAX) return new ProtocolError("Protocol error: invalid multibulk length");
      if (ll > UNAUTH_MAX_ARGS && this.authRequired) {
        return new ProtocolError("Protocol error: unauthenticated multibulk length");
      }
      this.consumeTo(cr + 2);
      if (ll <= 0) return this.argv;
      this.multibulkLen = ll;
    }
    while (this.multibulkLen > 0) {
      if (this.bulkLen === -1) {
        const cr = this.headerLine("too big bulk count string");
        if (typeof cr !== "number") return cr;
        const c = b[this.pos]!;
        if (c !== 0x24) {
          // addReplyErrorFormat turns CR and LF into spaces so the reply stays one line.
          const shown = c === CR || c === LF ? " " : String.fromCharCode(c);
          return new ProtocolError(`Protocol error: expected '$', got '${shown}'`);
        }
        const ll = parseLength(b, this.pos + 1, cr);
        if (ll === undefined || ll < 0 || ll > this.maxBulkLen) return new ProtocolError("Protocol error: invalid bulk length");
        if (ll > UNAUTH_MAX_BULK && this.authRequired) return new ProtocolError("Protocol error: unauthenticated bulk length");
        this.consumeTo(cr + 2);
        this.bulkLen = ll;
      }
      const len = this.bulkLen;
      if (this.end - this.pos < len + 2) return undefined;
      this.argv.push(this.decode(this.buf, this.pos, this.pos + len));
      this.consumeTo(this.pos + len + 2);
      this.bulkLen = -1;
      this.multibulkLen--;
    }
    return this.argv;
  }

  /**
   * Ensures room for `n` more bytes after `end`. Compaction moves the unparsed bytes only when at
   * least as many were consumed (so each move is paid for by consumed bytes); otherwise the buffer
   * doubles. Either way a byte is copied O(1) times on average. The room for a big bulk is not
   * reserved up front from its announced length: a hostile "$536870912" costs nothing until the bytes
   * actually arrive (client-query-buffer-limit caps those).
   */
  private reserve(n: number): void {
    const used = this.end - this.pos;
    if (this.end + n <= this.buf.length) return;
    if (this.pos >= used && used + n <= this.buf.length) {
      this.buf.copyWithin(0, this.pos, this.end);
    } else {
      let size = Math.max(INITIAL_SIZE, this.buf.length);
      while (size < used + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.pos, this.end), 0);
      this.buf = next;
    }
    this.scanFrom -= this.pos;
    this.end = used;
    this.pos = 0;
  }

  /** Between requests, with nothing pending: rewind, and let a big buffer go (Redis's querybuf resize). */
  private compactIfIdle(): void {
    if (this.pos !== this.end || this.reqType !== NONE) return;
    this.pos = 0;
    this.end = 0;
    this.scanFrom = 0;
    if (this.buf.length > KEEP_SIZE) this.buf = new Uint8Array(0);
  }
}

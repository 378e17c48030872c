/**
 * RESP request encoding, in one place: a command is a multibulk of bulk strings
 * (`*<argc>\r\n` then `$<len>\r\n<bytes>\r\n` per argument), exactly what Redis writes into its AOF
 * (catAppendOnlyGenericCommand) and what a client sends. Arguments are binary strings (one char per
 * byte, src/engine/bytes.ts), written straight into a growing byte buffer: no intermediate strings.
 * The AOF writer, the RESP base of a rewrite and the tests all encode through here; decoding is the
 * server's RequestParser (src/server/resp-parse.ts).
 */

/** A growable byte buffer; `take()` hands out what was written and starts over. */
export class ByteBuilder {
  private buf: Uint8Array;
  /** Bytes written so far. */
  length = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Room for `n` more bytes: the buffer to write into at `length` (the caller advances `length`). */
  claim(n: number): Uint8Array {
    this.reserve(n);
    return this.buf;
  }

  /** Appends a binary string (chars 0–255). O(length). */
  binary(s: string): void {
    const n = s.length;
    this.reserve(n);
    const b = this.buf;
    let at = this.length;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.length = at;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** The bytes written so far (a view: valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of the bytes written, and the builder emptied. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** Decimal digits of a non-negative integer. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** Writes the decimal form of `n` at `at`, returning the position after it. */
function writeDecimal(b: Uint8Array, at: number, n: number, width: number): number {
  let p = at + width;
  for (let i = 0; i < width; i++) {
    b[--p] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + width;
}

/**
 * Appends one command in RESP multibulk form. One size computation and one reservation per command,
 * then a single pass writing bytes (this runs for every write the AOF logs). O(command bytes).
 */
export function writeCommand(out: ByteBuilder, argv: readonly string[]): void {
  const n = argv.length;
  const nd = digits(n);
  let size = 3 + nd;
  for (let i = 0; i < n; i++) {
    const len = argv[i]!.length;
    size += 5 + digits(len) + len;
  }
  const b = out.claim(size);
  let at = out.length;
  b[at++] = 0x2a; // '*'
  at = writeDecimal(b, at, n, nd);
  b[at++] = 0x0d;
  b[at++] = 0x0a;
  for (let i = 0; i < n; i++) {
    const a = argv[i]!;
    const len = a.length;
    b[at++] = 0x24; // '$'
    at = writeDecimal(b, at, len, digits(len));
    b[at++] = 0x0d;
    b[at++] = 0x0a;
    for (let j = 0; j < len; j++) b[at++] = a.charCodeAt(j);
    b[at++] = 0x0d;
    b[at++] = 0x0a;
  }
  out.length = at;
}

/** One command as bytes. */
export function encodeCommand(argv: readonly string[]): Uint8Array {
  const b = new ByteBuilder(64);
  writeCommand(b, argv);
  return b.take();
}

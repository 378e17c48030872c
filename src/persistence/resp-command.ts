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

/** Appends one command in RESP multibulk form. */
export function writeCommand(out: ByteBuilder, argv: readonly string[]): void {
  out.binary(`*${argv.length}\r\n`);
  for (const a of argv) {
    out.binary(`$${a.length}\r\n`);
    out.binary(a);
    out.binary("\r\n");
  }
}

/** One command as bytes. */
export function encodeCommand(argv: readonly string[]): Uint8Array {
  const b = new ByteBuilder(64);
  writeCommand(b, argv);
  return b.take();
}

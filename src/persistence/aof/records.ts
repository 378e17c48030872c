/**
 * AOF records: effects batches in, RESP bytes out (AofEncoder), and a RESP AOF file in, commands out
 * (parseAofFile), with the integrity annotations that let a load tell a torn tail from corruption.
 *
 * What is written, as Redis 7.2 writes it (feedAppendOnlyFile, propagatePendingCommands):
 *  - each execution unit's effects; a unit with more than one effect is wrapped in MULTI … EXEC;
 *  - `SELECT <db>` before a command whose database differs from the last one written (and always
 *    before the first command of a file); MULTI and EXEC themselves never trigger a SELECT.
 *
 * Integrity: RESP has no checksum, so after each group of records handed to the backend in one
 * append, the encoder writes an annotation line `#CRC32:<8 hex digits>\r\n`: the CRC-32 of every byte
 * since the previous annotation of the file (or its start). Redis skips lines starting with "#" when
 * it loads an AOF (aof.c, "Skip annotations") and redis-check-aof accepts them, so files stay
 * Redis's. On load:
 *  - an annotation whose CRC does not match is corruption, reported with its offset;
 *  - records after the last annotation (a file a real redis-server appended to) are loaded as Redis
 *    would, unverified;
 *  - an incomplete last record is a torn tail only if nothing complete follows it: appends are
 *    prefix-atomic, so a complete annotation line after the "incomplete" record proves a damaged
 *    length rather than a torn write; a tail of NUL bytes (a file extended but never written before
 *    a power loss) is torn too;
 *  - a file ending inside MULTI is torn back to before the MULTI (Redis's valid_before_multi);
 *  - every RESP file we create starts with `#redis-anywhere\r\n`, and once complete (a rotated
 *    INCR, a command-form BASE) ends with `#END\r\n`: a file of ours without its end marker was cut
 *    short (at a record or group boundary, where nothing else shows), which the loader refuses for
 *    every file but the INCR file still being appended to (load.ts);
 *  - anything that is not `*` or `#` where a record starts, a count below 1, or a malformed header is
 *    a format error ("Bad file format reading the append only file").
 *
 * Parsing uses the server's RequestParser (one RESP codec, src/server/resp-parse.ts); this module
 * adds only the record-boundary rules above.
 */
import type { Effect } from "../../engine/engine.js";
import { ProtocolError, RequestParser, type ByteDecoder } from "../../server/resp-parse.js";
import { CRC32_INIT, crc32Final, crc32Update } from "../crc32.js";
import { ByteBuilder, writeCommand } from "../resp-command.js";

const HASH = 0x23; // '#'
const STAR = 0x2a; // '*'
const CR = 0x0d;
const LF = 0x0a;
const ANNOTATION = "#CRC32:";
/** The end marker: closes a file that will receive no more records (a rotated INCR, a RESP base). */
const END_LINE = "#END\r\n";

/** The first line of every RESP file we create: marks it as ours (then it must end with END_LINE once closed). */
const HEADER_LINE = "#redis-anywhere\r\n";

function asciiBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** The end marker's bytes. */
export function endMarker(): Uint8Array {
  return asciiBytes(END_LINE);
}

/** The header line's bytes (a new INCR file's initial content, a RESP base's first line). */
export function fileHeader(): Uint8Array {
  return asciiBytes(HEADER_LINE);
}

/** Turns effects batches into AOF bytes for one file at a time. */
export class AofEncoder {
  private readonly out = new ByteBuilder(16 * 1024);
  /** The database the file's last command ran in; -1 forces a SELECT (a new file). */
  private selectedDb = -1;
  /** Running CRC of the file's bytes since its last annotation (bytes already handed out included). */
  private crc = CRC32_INIT;

  /** Bytes encoded and not yet taken. */
  get pendingBytes(): number {
    return this.out.length;
  }

  /**
   * Starts a new file: the next command gets a SELECT. `crcState` continues a file that already has
   * bytes after its last annotation (an INCR file reopened after a load).
   */
  startFile(crcState = CRC32_INIT): void {
    this.selectedDb = -1;
    this.crc = crcState;
  }

  /** Encodes one execution unit's effects. */
  addBatch(batch: readonly Effect[]): void {
    if (batch.length === 0) return;
    const wrap = batch.length > 1;
    if (wrap) writeCommand(this.out, ["MULTI"]);
    for (const e of batch) {
      if (e.db !== this.selectedDb) {
        writeCommand(this.out, ["SELECT", String(e.db)]);
        this.selectedDb = e.db;
      }
      writeCommand(this.out, e.argv);
    }
    if (wrap) writeCommand(this.out, ["EXEC"]);
  }

  /** Appends raw commands (a RESP base is written through here too). */
  addCommand(argv: readonly string[]): void {
    writeCommand(this.out, argv);
  }

  /**
   * Everything encoded since the last call, closed by its CRC annotation, as one chunk to append;
   * undefined when nothing is pending.
   */
  takeGroup(): Uint8Array | undefined {
    if (this.out.length === 0) return undefined;
    const body = this.out.view();
    const crc = crc32Final(crc32Update(this.crc, body));
    this.out.binary(`${ANNOTATION}${crc.toString(16).padStart(8, "0")}\r\n`);
    this.crc = CRC32_INIT;
    return this.out.take();
  }
}

/** A load-stopping problem in an AOF file. */
export class AofFormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`Bad file format reading the append only file ${file} at offset ${offset}: ${reason}`);
  }
}

export interface ParsedAof {
  /** Commands in file order (SELECT, MULTI and EXEC included), torn tail excluded. */
  commands: string[][];
  /** File length. */
  size: number;
  /** End of the last complete record kept: the length to truncate to when `torn` is set. */
  validEnd: number;
  /** Why the tail after validEnd was dropped (a torn write), or undefined when the file is whole. */
  torn: string | undefined;
  /** CRC state over [last annotation end, validEnd): what an encoder appending here continues from. */
  crcState: number;
  /** How many CRC annotations were verified. */
  verifiedGroups: number;
  /** The kept part ends with the end marker. */
  endMarked: boolean;
  /** The kept part ends right after a verified checksum line (a group boundary of ours). */
  endsAtAnnotation: boolean;
  /** The file starts with our header line (it was created by redis-anywhere). */
  ours: boolean;
}

export interface ParseOptions {
  /** Faster byte decoding where the platform has one (Node's latin1). */
  decode?: ByteDecoder;
}

function isHex8(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 8; i++) {
    const c = b[at + i];
    if (c === undefined || !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function startsWithAt(b: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Whether [from, end) contains a complete `#CRC32:xxxxxxxx\r\n` line starting a line. */
function hasCompleteAnnotation(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) {
    if (b[i] !== HASH || (i > 0 && b[i - 1] !== LF)) continue;
    const h = i + ANNOTATION.length;
    if (startsWithAt(b, i, ANNOTATION) && isHex8(b, h) && b[h + 8] === CR && b[h + 9] === LF) return true;
  }
  return false;
}

function allZero(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * The multibulk count at `at` (which holds '*'), or undefined when its line is not complete yet,
 * or NaN when it is not a number.
 */
function countAt(b: Uint8Array, at: number): number | undefined {
  let i = at + 1;
  let n = 0;
  let digits = 0;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c === CR) return digits === 0 ? NaN : neg ? -n : n;
    if (c < 0x30 || c > 0x39 || digits > 10) return NaN;
    n = n * 10 + (c - 0x30);
    digits++;
  }
  return undefined;
}

/**
 * Parses one RESP AOF file (not an RDB). Throws AofFormatError for corruption; reports a torn tail
 * in the result. O(size).
 */
export function parseAofFile(file: string, bytes: Uint8Array, options: ParseOptions = {}): ParsedAof {
  const parser = new RequestParser(options.decode === undefined ? {} : { decode: options.decode });
  parser.maxBulkLen = Number.MAX_SAFE_INTEGER;
  parser.feed(bytes);
  const total = bytes.length;
  const commands: string[][] = [];
  let crc = CRC32_INIT;
  let verifiedGroups = 0;
  let validEnd = 0;
  let validCrc = CRC32_INIT;
  let validCommands = 0;
  // MULTI state: where the open transaction began, to roll back to if the file ends inside it.
  let inMulti = false;
  let beforeMulti = 0;
  let beforeMultiCrc = CRC32_INIT;
  let beforeMultiCommands = 0;
  let torn: string | undefined;
  let lastAnnotationEnd = 0;
  let endMarked = false;
  let endMarkedAt = -1;

  for (;;) {
    const at = total - parser.pendingBytes;
    if (at >= total) break;
    const first = bytes[at]!;
    if (first === 0 && allZero(bytes, at)) {
      torn = `a run of NUL bytes from offset ${at} (a write that never reached the disk)`;
      break;
    }
    if (first !== STAR && first !== HASH) {
      throw new AofFormatError(file, at, `expected '*' or '#' at the start of a record, got byte ${first}`);
    }
    if (first === STAR) {
      const n = countAt(bytes, at);
      if (n !== undefined && (Number.isNaN(n) || n < 1)) {
        throw new AofFormatError(file, at, "invalid multibulk count");
      }
    }
    const r = parser.next();
    if (r instanceof ProtocolError) throw new AofFormatError(file, at, r.message);
    if (r === undefined) {
      if (hasCompleteAnnotation(bytes, at)) {
        throw new AofFormatError(file, at, "a record runs past the checksum annotation that follows it (damaged length)");
      }
      torn = `incomplete record at offset ${at}`;
      break;
    }
    const end = total - parser.pendingBytes;
    if (first === HASH) {
      if (startsWithAt(bytes, at, ANNOTATION)) {
        const h = at + ANNOTATION.length;
        let lineEnd = end;
        while (lineEnd > at && (bytes[lineEnd - 1] === LF || bytes[lineEnd - 1] === CR)) lineEnd--;
        if (lineEnd - h !== 8 || !isHex8(bytes, h)) throw new AofFormatError(file, at, "malformed checksum annotation");
        let expected = 0;
        for (let i = h; i < h + 8; i++) expected = expected * 16 + parseInt(String.fromCharCode(bytes[i]!), 16);
        const actual = crc32Final(crc);
        if (actual !== expected) {
          throw new AofFormatError(
            file,
            at,
            `checksum mismatch (annotation says ${expected.toString(16).padStart(8, "0")}, the records before it give ${actual.toString(16).padStart(8, "0")})`,
          );
        }
        verifiedGroups++;
        crc = CRC32_INIT;
        lastAnnotationEnd = end;
      }
      else if (end - at === END_LINE.length && startsWithAt(bytes, at, END_LINE)) {
        endMarked = true;
        endMarkedAt = end;
      }
      // Other annotations (#TS:…) are skipped, as Redis does; they are not covered by a checksum.
    } else {
      crc = crc32Update(crc, bytes, at, end);
      const argv = r;
      commands.push(argv);
      const name = argv[0]!.toLowerCase();
      if (name === "multi") {
        if (!inMulti) {
          inMulti = true;
          beforeMulti = at;
          beforeMultiCrc = validCrc;
          beforeMultiCommands = commands.length - 1;
        }
      } else if (name === "exec") {
        inMulti = false;
      }
    }
    if (!inMulti) {
      validEnd = end;
      validCrc = crc;
      validCommands = commands.length;
    }
  }
  if (torn === undefined && verifiedGroups > 0 && lastAnnotationEnd < total && hasCompleteAnnotation(bytes, lastAnnotationEnd)) {
    // A checksum line swallowed by the records before it: a damaged length made them run over it.
    throw new AofFormatError(file, lastAnnotationEnd, "a checksum annotation is not where a record boundary is (damaged length)");
  }
  if (inMulti) {
    torn ??= `the file ends inside MULTI (from offset ${beforeMulti})`;
    validEnd = beforeMulti;
    validCrc = beforeMultiCrc;
    validCommands = beforeMultiCommands;
  }
  if (torn !== undefined) commands.length = validCommands;
  return {
    commands,
    size: total,
    validEnd,
    torn,
    crcState: validCrc,
    verifiedGroups,
    endMarked: endMarked && endMarkedAt === validEnd,
    endsAtAnnotation: verifiedGroups > 0 && lastAnnotationEnd === validEnd,
    ours: startsWithAt(bytes, 0, HEADER_LINE),
  };
}

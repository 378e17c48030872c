/**
 * The multi-part AOF manifest (aof.c, Redis 7): which files make up the AOF and in what order.
 *
 *   file appendonly.aof.1.base.rdb seq 1 type b
 *   file appendonly.aof.1.incr.aof seq 1 type i
 *
 * One line per file, "file <name> seq <n> type <b|h|i>", the name quoted as sdscatrepr does when it
 * needs it; the BASE first, then HISTORY, then INCR files in sequence order. Parsing follows
 * aofLoadManifestFromFile rule for rule, with its error texts: comment lines (#) are skipped, a line
 * must end in "\n" within 1024 bytes, key/value pairs in any order and case, names must be bare file
 * names, at most one BASE, INCR sequence numbers strictly increasing.
 *
 * File names: <appendfilename>.<seq>.base.rdb (aof-use-rdb-preamble yes) or .base.aof, and
 * <appendfilename>.<seq>.incr.aof.
 *
 * Integrity: a single flipped bit can turn "type i" into "type h" (an INCR file silently dropped) and
 * a manifest cut at a line end still parses, so the manifests we write start with a comment line,
 * `# redis-anywhere crc32 <8 hex digits>`, the CRC-32 of every byte after it. Redis skips comment
 * lines (and drops this one when it rewrites the manifest); when the line is there, the load checks
 * it. Without it (a manifest from redis-server) the manifest is taken as Redis takes it.
 */
import { splitArgs } from "../../server/split-args.js";
import { crc32 } from "../crc32.js";

export type AofFileType = "b" | "h" | "i";

export interface AofFileInfo {
  name: string;
  seq: number;
  type: AofFileType;
}

export interface AofManifest {
  base: AofFileInfo | undefined;
  /** HISTORY files: replaced by a rewrite, awaiting deletion. */
  history: AofFileInfo[];
  /** INCR files, in sequence order. */
  incrs: AofFileInfo[];
  /** The highest BASE and INCR sequence numbers handed out (names of new files continue from them). */
  baseSeq: number;
  incrSeq: number;
}

/** A manifest Redis would refuse; `message` is aof.c's text, `line` the offending line when there is one. */
export class ManifestError extends Error {
  constructor(
    readonly reason: string,
    readonly lineNumber?: number,
    readonly line?: string,
  ) {
    super(lineNumber === undefined ? reason : `${reason} (manifest line ${lineNumber}: '${line ?? ""}')`);
  }
}

const MANIFEST_MAX_LINE = 1024;

export function emptyManifest(): AofManifest {
  return { base: undefined, history: [], incrs: [], baseSeq: 0, incrSeq: 0 };
}

export function cloneManifest(m: AofManifest): AofManifest {
  return {
    base: m.base === undefined ? undefined : { ...m.base },
    history: m.history.map((f) => ({ ...f })),
    incrs: m.incrs.map((f) => ({ ...f })),
    baseSeq: m.baseSeq,
    incrSeq: m.incrSeq,
  };
}

/** C isprint for a byte. */
function isPrint(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

/** sdsneedsrepr: whether a name must be quoted to survive sdssplitargs. */
function needsRepr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || !isPrint(c) || c === 0x20) return true;
  }
  return false;
}

/** sdscatrepr: a double-quoted, escaped form. */
function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (isPrint(c)) out += ch;
    else out += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return `${out}"`;
}

function formatLine(f: AofFileInfo): string {
  return `file ${needsRepr(f.name) ? repr(f.name) : f.name} seq ${f.seq} type ${f.type}\n`;
}

const CHECKSUM_PREFIX = "# redis-anywhere crc32 ";

function crcOfText(text: string): string {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  return crc32(b).toString(16).padStart(8, "0");
}

/**
 * The manifest's text (getAofManifestAsString): BASE, then HISTORY, then INCR files, after the
 * checksum comment unless `checksum` is false (then byte for byte what Redis writes).
 */
export function formatManifest(m: AofManifest, checksum = true): string {
  let out = "";
  if (m.base !== undefined) out += formatLine(m.base);
  for (const f of m.history) out += formatLine(f);
  for (const f of m.incrs) out += formatLine(f);
  return checksum ? `${CHECKSUM_PREFIX}${crcOfText(out)}\n${out}` : out;
}

/** C atoll: leading blanks, a sign, digits; anything else stops it (0 when nothing parses). */
function atoll(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** Parses a manifest's text (a binary string). Throws ManifestError with aof.c's reasons. */
export function parseManifest(text: string): AofManifest {
  const firstLine = text.slice(0, text.indexOf("\n") < 0 ? text.length : text.indexOf("\n") + 1);
  if (text.length > 0 && CHECKSUM_PREFIX.startsWith(firstLine)) {
    // Our checksum line, cut before its end: the manifest was truncated.
    throw new ManifestError("The AOF manifest is damaged: it was cut inside its checksum line");
  }
  if (text.startsWith(CHECKSUM_PREFIX)) {
    const nl = text.indexOf("\n");
    const stated = text.slice(CHECKSUM_PREFIX.length, nl < 0 ? text.length : nl);
    const actual = crcOfText(nl < 0 ? "" : text.slice(nl + 1));
    if (stated !== actual) {
      throw new ManifestError(`The AOF manifest is damaged: its checksum says ${stated}, its content gives ${actual}`);
    }
  }
  const m = emptyManifest();
  let maxSeq = 0;
  let lineNumber = 0;
  let pos = 0;
  while (pos < text.length) {
    // fgets with a 1025-byte buffer: a line is read up to and including "\n", or 1024 bytes.
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl + 1;
    const raw = text.slice(pos, Math.min(end, pos + MANIFEST_MAX_LINE));
    pos += raw.length;
    lineNumber++;
    if (raw.startsWith("#")) continue;
    if (!raw.includes("\n")) throw new ManifestError("The AOF manifest file contains too long line", lineNumber, raw);
    const line = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    if (line === "") throw new ManifestError("Invalid AOF manifest file format", lineNumber, line);
    const argv = splitArgs(line);
    if (argv === undefined || argv.length < 6 || argv.length % 2 !== 0) {
      throw new ManifestError("Invalid AOF manifest file format", lineNumber, line);
    }
    let name: string | undefined;
    let seq = 0;
    let type = "";
    for (let i = 0; i < argv.length; i += 2) {
      const k = argv[i]!.toLowerCase();
      const v = argv[i + 1]!;
      if (k === "file") {
        if (v.includes("/")) throw new ManifestError("File can't be a path, just a filename", lineNumber, line);
        name = v;
      } else if (k === "seq") {
        seq = atoll(v);
      } else if (k === "type") {
        type = v.charAt(0);
      }
    }
    if (name === undefined || name === "" || seq === 0 || type === "") {
      throw new ManifestError("Invalid AOF manifest file format", lineNumber, line);
    }
    if (type === "b") {
      if (m.base !== undefined) throw new ManifestError("Found duplicate base file information", lineNumber, line);
      m.base = { name, seq, type };
      m.baseSeq = seq;
    } else if (type === "h") {
      m.history.push({ name, seq, type });
    } else if (type === "i") {
      if (seq <= maxSeq) throw new ManifestError("Found a non-monotonic sequence number", lineNumber, line);
      m.incrs.push({ name, seq, type });
      m.incrSeq = seq;
      maxSeq = seq;
    } else {
      throw new ManifestError("Unknown AOF file type", lineNumber, line);
    }
  }
  if (lineNumber === 0) throw new ManifestError("Found an empty AOF manifest");
  return m;
}

/** The manifest's own file name. */
export function manifestName(aofFilename: string): string {
  return `${aofFilename}.manifest`;
}

export function baseFileName(aofFilename: string, seq: number, rdbPreamble: boolean): string {
  return `${aofFilename}.${seq}.base.${rdbPreamble ? "rdb" : "aof"}`;
}

export function incrFileName(aofFilename: string, seq: number): string {
  return `${aofFilename}.${seq}.incr.aof`;
}

/** Adds a new INCR file (getNewIncrAofName) and returns it. */
export function addIncr(m: AofManifest, aofFilename: string): AofFileInfo {
  const seq = ++m.incrSeq;
  const f: AofFileInfo = { name: incrFileName(aofFilename, seq), seq, type: "i" };
  m.incrs.push(f);
  return f;
}

/** Installs a new BASE, turning the previous one into HISTORY (getNewBaseFileNameAndMarkPreAsHistory). */
export function replaceBase(m: AofManifest, aofFilename: string, rdbPreamble: boolean): AofFileInfo {
  if (m.base !== undefined) m.history.unshift({ ...m.base, type: "h" });
  const seq = ++m.baseSeq;
  const f: AofFileInfo = { name: baseFileName(aofFilename, seq, rdbPreamble), seq, type: "b" };
  m.base = f;
  return f;
}

/**
 * After a rewrite: every INCR file but the ones still being written becomes HISTORY
 * (markRewrittenIncrAofAsHistory). `keep` is how many of the newest INCR files stay.
 */
export function retireIncrs(m: AofManifest, keep: number): void {
  const cut = Math.max(0, m.incrs.length - keep);
  const retired = m.incrs.splice(0, cut);
  for (let i = retired.length - 1; i >= 0; i--) m.history.unshift({ ...retired[i]!, type: "h" });
}

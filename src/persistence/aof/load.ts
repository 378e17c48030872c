/**
 * Loading a multi-part AOF (loadAppendOnlyFiles / loadSingleAppendOnlyFile): read the manifest and
 * every file it lists, parse and validate all of it, and only then apply — a load that fails leaves
 * the engine untouched and the files as they were.
 *
 * Rules, as Redis 7.2 has them:
 *  - no manifest: no AOF (an old single-file `appendonly.aof` at the root is taken as the BASE and
 *    migrated into the folder afterwards, as aofUpgradePrepare does);
 *  - a file listed but missing is fatal; empty files count as nothing; all empty = no AOF;
 *  - a file that starts with "REDIS" is an RDB (the base, or an old preamble) followed by commands;
 *  - a torn tail (records.ts) is cut off only in the LAST file and only with aof-load-truncated yes;
 *    the cut is applied to the file before the data is applied (Redis truncate()s it);
 *  - a format error, a checksum mismatch, an RDB error or an unknown command anywhere is fatal.
 * Commands are replayed through a session of the engine, MULTI … EXEC included, with the engine in
 * loading mode (no expiry); replies (errors included) are discarded, as Redis's fake client does.
 */
import type { Engine } from "../../engine/engine.js";
import { RedisError } from "../../engine/errors.js";
import { PendingReply } from "../../engine/reply.js";
import type { ByteDecoder } from "../../server/resp-parse.js";
import { applyDataset, decodeRdb, RdbError, type RdbDataset } from "../rdb/index.js";
import { type Storage, joinName } from "../storage.js";
import { type AofManifest, ManifestError, manifestName, parseManifest } from "./manifest.js";
import { AofFormatError, parseAofFile } from "./records.js";
import { fromBytes } from "../../engine/bytes.js";

/** A fatal AOF load problem; the message says which file and why. */
export class AofLoadError extends Error {
  override readonly name = "AofLoadError";
}

interface FilePlan {
  /** Storage name. */
  name: string;
  size: number;
  dataset: RdbDataset | undefined;
  commands: string[][];
}

export interface AofLoadPlan {
  manifest: AofManifest;
  files: FilePlan[];
  /** A torn tail to cut before applying (last file only, aof-load-truncated yes). */
  truncate: { name: string; length: number; reason: string } | undefined;
  /** The last INCR file (appends continue there): name, size after any cut, CRC state. */
  lastIncr: { name: string; size: number; crcState: number } | undefined;
  /** Sizes for INFO and auto-rewrite: BASE file and everything. */
  baseSize: number;
  totalSize: number;
  /** An old single-file AOF at the root that must be moved into the folder once loaded. */
  upgradeFrom: string | undefined;
}

export interface AofReadOptions {
  storage: Storage;
  /** appenddirname and appendfilename. */
  dir: string;
  filename: string;
  loadTruncated: boolean;
  decode?: ByteDecoder;
  /** Checks a command can be replayed: an error text, or undefined. */
  validate: (argv: readonly string[]) => string | undefined;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads and validates the whole AOF. Undefined when there is none (or it is empty). */
export async function readAof(o: AofReadOptions): Promise<AofLoadPlan | undefined> {
  const mName = joinName(o.dir, manifestName(o.filename));
  const mBytes = await o.storage.read(mName);
  let manifest: AofManifest;
  let upgradeFrom: string | undefined;
  if (mBytes === undefined) {
    const old = await o.storage.read(o.filename);
    if (old === undefined) return undefined;
    upgradeFrom = o.filename;
    manifest = { base: { name: o.filename, seq: 1, type: "b" }, history: [], incrs: [], baseSeq: 1, incrSeq: 0 };
  } else {
    try {
      manifest = parseManifest(fromBytes(mBytes));
    } catch (e) {
      if (e instanceof ManifestError) throw new AofLoadError(`Fatal AOF manifest file error in ${mName}: ${e.message}`);
      throw e;
    }
  }
  const listed = [...(manifest.base === undefined ? [] : [manifest.base]), ...manifest.incrs];
  if (listed.length === 0) return undefined;

  const files: FilePlan[] = [];
  let truncate: AofLoadPlan["truncate"];
  let lastIncr: AofLoadPlan["lastIncr"];
  let baseSize = 0;
  let totalSize = 0;
  for (let i = 0; i < listed.length; i++) {
    const info = listed[i]!;
    const isLast = i === listed.length - 1;
    const name = upgradeFrom !== undefined ? upgradeFrom : joinName(o.dir, info.name);
    const bytes = await o.storage.read(name);
    if (bytes === undefined) throw new AofLoadError(`The AOF file ${info.name} listed in the manifest does not exist`);
    totalSize += bytes.length;
    if (info.type === "b") baseSize = bytes.length;
    const plan: FilePlan = { name, size: bytes.length, dataset: undefined, commands: [] };
    let tail = bytes;
    let tailStart = 0;
    if (bytes.length >= 5 && fromBytes(bytes.subarray(0, 5)) === "REDIS") {
      try {
        plan.dataset = decodeRdb(bytes, { allowTrailingBytes: true });
      } catch (e) {
        const what = e instanceof RdbError ? e.message : describe(e);
        throw new AofLoadError(`Error reading the RDB base file ${info.name}, AOF loading aborted: ${what}`);
      }
      tailStart = plan.dataset.byteLength;
      tail = bytes.subarray(tailStart);
    }
    let parsed;
    try {
      parsed = parseAofFile(info.name, tail, o.decode === undefined ? {} : { decode: o.decode });
    } catch (e) {
      if (e instanceof AofFormatError) {
        throw new AofLoadError(
          `Bad file format reading the append only file ${info.name} at offset ${tailStart + e.offset}: ${e.reason}. ` +
            "Make a backup of your AOF file, then use redis-check-aof --fix <filename.manifest>",
        );
      }
      throw e;
    }
    plan.commands = parsed.commands;
    const open = info.type === "i" && isLast;
    if (!open && (parsed.ours || parsed.verifiedGroups > 0) && !parsed.endMarked && parsed.torn === undefined) {
      throw new AofLoadError(
        `The AOF file ${info.name} does not end with the end marker of a complete file: it was cut short (or appended to by another program)`,
      );
    }
    if (parsed.torn !== undefined) {
      if (info.type === "b" && upgradeFrom === undefined) {
        throw new AofLoadError(`The AOF base file ${info.name} is incomplete (${parsed.torn})`);
      }
      if (!isLast) {
        throw new AofLoadError(`Fatal error: the truncated file is not the last file (${info.name}: ${parsed.torn})`);
      }
      if (!o.loadTruncated) {
        throw new AofLoadError(
          `Unexpected end of file reading the append only file ${info.name} (${parsed.torn}). You can: ` +
            "1) Make a backup of your AOF file, then use redis-check-aof --fix <filename.manifest>. " +
            "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.",
        );
      }
      const length = tailStart + parsed.validEnd;
      truncate = { name, length, reason: parsed.torn };
      totalSize -= bytes.length - length;
      plan.size = length;
    }
    for (const argv of plan.commands) {
      const problem = o.validate(argv);
      if (problem !== undefined) throw new AofLoadError(`${problem} reading the append only file ${info.name}`);
    }
    if (info.type === "i" && isLast) lastIncr = { name, size: plan.size, crcState: parsed.crcState };
    files.push(plan);
  }
  if (totalSize === 0) return undefined;
  return { manifest, files, truncate, lastIncr, baseSize, totalSize, upgradeFrom };
}

/** The replay check: a known command (and subcommand) with the right number of arguments. */
export function replayCheck(engine: Engine): (argv: readonly string[]) => string | undefined {
  return (argv) => {
    const name = argv[0] ?? "";
    let cmd = engine.lookupCommand(name);
    if (cmd === undefined) return `Unknown command '${name}'`;
    if (cmd.subcommands !== undefined && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1]!.toLowerCase());
      if (sub === undefined) return `Unknown subcommand '${argv[1]}' of '${name}'`;
      cmd = sub;
    }
    const n = argv.length;
    if ((cmd.arity > 0 && n !== cmd.arity) || n < -cmd.arity) return `Wrong number of arguments for '${cmd.fullName}'`;
    return undefined;
  };
}

export interface ReplayResult {
  keysLoaded: number;
  commands: number;
  /** Commands that answered an error (discarded, as Redis does) and the first such error. */
  errors: number;
  firstError: string | undefined;
}

/**
 * Applies a validated plan: the RDB parts through applyDataset (keeping expired keys, as an AOF
 * base must), then every command in order. The engine should be empty (a fresh engine at startup).
 */
export function applyAof(engine: Engine, plan: AofLoadPlan): ReplayResult {
  const result: ReplayResult = { keysLoaded: 0, commands: 0, errors: 0, firstError: undefined };
  engine.setLoading(true);
  const s = engine.createSession();
  s.denyBlocking = true;
  try {
    for (const f of plan.files) {
      if (f.dataset !== undefined) result.keysLoaded += applyDataset(engine, f.dataset, { keepExpired: true }).keysLoaded;
      for (const argv of f.commands) {
        const r = s.exec(argv);
        result.commands++;
        if (r instanceof PendingReply) {
          // Nothing blocks during a load (denyBlocking); never leave a parked session behind.
          r.cancel();
        } else if (r instanceof RedisError) {
          result.errors++;
          result.firstError ??= `${argv[0]}: ${r.message}`;
        } else if (Array.isArray(r)) {
          for (const x of r) {
            if (x instanceof RedisError) {
              result.errors++;
              result.firstError ??= `${argv[0]}: ${x.message}`;
            }
          }
        }
      }
    }
    // A file ending inside MULTI was cut back by the parser; a stray open MULTI is discarded.
    if (s.multi !== undefined) s.exec(["DISCARD"]);
  } finally {
    s.close();
    engine.setLoading(false);
  }
  return result;
}

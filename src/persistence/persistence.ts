/**
 * The persistence layer of one engine: loading at startup, RDB snapshots (SAVE, BGSAVE, save rules),
 * the multi-part AOF (appending, appendfsync, BGREWRITEAOF and automatic rewrites, switching it on
 * and off at run time), SHUTDOWN, and INFO persistence — Redis's server.c/rdb.c/aof.c behaviour on
 * top of a Storage backend.
 *
 * Shape of the work:
 *  - Everything that must see one instant of the dataset (a snapshot, an AOF rotation) happens
 *    synchronously, between execution units; the serialization and the storage I/O that follow are
 *    asynchronous and sliced (slices.ts), so other clients keep being served. Redis's "child
 *    process" is a background job here, and as in Redis at most one runs at a time (`child`);
 *    BGSAVE/BGREWRITEAOF asked for meanwhile are scheduled and started by the cron.
 *  - A background job starts on a microtask, never inside a unit (Redis defers BGSAVE inside EXEC
 *    for the same reason): its snapshot can never hold half a transaction.
 *  - The cron (1000/hz ms, or every ManualClock advance) checks save rules, the automatic AOF
 *    rewrite, scheduled jobs and, like serverCron, retries nothing itself: the AOF writer retries
 *    its own failed writes.
 *
 * Loading (load()): with appendonly yes the AOF (aof/load.ts) wins; with no AOF yet, dump.rdb is
 * loaded if present and the AOF is created from it (Redis 7.2 would start empty here and ignore the
 * RDB; starting from the data the user has is the safer reading of "AOF first when enabled, else
 * RDB"). With appendonly no, dump.rdb. Any error rejects and leaves both the engine and the files as
 * they were.
 */
import type { Engine } from "../engine/engine.js";
import { ManualClock } from "../engine/clock.js";
import { fromBytes, toBytes } from "../engine/bytes.js";
import type { Reply } from "../engine/reply.js";
import { RedisError } from "../engine/errors.js";
import type { ByteDecoder } from "../server/resp-parse.js";
import { applyDataset, decodeRdb, encodeRdb, takeSnapshot, type RdbSnapshot } from "./rdb/index.js";
import { type Storage, joinName } from "./storage.js";
import {
  type AofManifest,
  addIncr,
  baseFileName,
  cloneManifest,
  emptyManifest,
  formatManifest,
  manifestName,
  parseManifest,
  retireIncrs,
} from "./aof/manifest.js";
import { applyAof, readAof, replayCheck } from "./aof/load.js";
import { encodeRespBase } from "./aof/resp-base.js";
import { fileHeader } from "./aof/records.js";
import { AofWriter, type FsyncPolicy } from "./aof/writer.js";
import { aofRewriteDue, dueSaveRule, parseSaveRules } from "./save-rules.js";
import { CancelledError, collectInSlices } from "./slices.js";
import { registerPersistence, type PersistenceInfo } from "./registry.js";

export type LogLevel = "warning" | "notice" | "verbose";

export interface PersistenceOptions {
  storage: Storage;
  /** Faster byte decoding for AOF replay where the platform has one (Node's latin1). */
  decode?: ByteDecoder;
  /** Where Redis would log (truncated AOF, failed saves …). Default: warnings to console.warn. */
  log?: (level: LogLevel, message: string) => void;
  /** How long a background job works before yielding (ms). Default 10. */
  sliceMs?: number;
  /** AOF timers (ms): the everysec flush and the retry after a failed write. Defaults 1000. */
  aofFlushIntervalMs?: number;
  aofRetryDelayMs?: number;
}

/** What load() found and did. */
export interface LoadReport {
  source: "aof" | "rdb" | "none";
  keysLoaded: number;
  keysExpired: number;
  /** AOF only: commands replayed, the ones that answered an error, the torn tail cut off. */
  commands: number;
  commandErrors: number;
  truncated: string | undefined;
}

type Child = "rdb" | "aof" | undefined;
type AofState = "off" | "on" | "wait_rewrite";

const RDB_MISCONF =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. " +
  "Commands that may modify the data set are disabled, because this instance is configured to report errors " +
  "during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs " +
  "for details about the RDB error.";

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Persistence implements PersistenceInfo {
  readonly storage: Storage;
  private readonly decode: ByteDecoder | undefined;
  private readonly log: (level: LogLevel, message: string) => void;
  private readonly sliceMs: number;
  private readonly aofFlushIntervalMs: number | undefined;
  private readonly aofRetryDelayMs: number | undefined;

  // ---- RDB state (server.lastsave, lastbgsave_status …)
  /** Unix ms of the last successful save (LASTSAVE), of the last BGSAVE attempt. */
  lastSave: number;
  private lastBgsaveTry = 0;
  lastBgsaveOk = true;
  private lastBgsaveTimeSec = -1;
  private rdbSaves = 0;
  private keysLoaded = 0;
  private keysExpired = 0;

  // ---- background jobs
  /** The running background job (Redis's child_type), its start (ms) and cancellation flag. */
  child: Child = undefined;
  private childStart = 0;
  private cancelChild = false;
  private childDone: Promise<void> = Promise.resolve();
  private bgsaveScheduled = false;
  rewriteScheduled = false;

  // ---- AOF state
  aofState: AofState = "off";
  writer: AofWriter | undefined = undefined;
  private manifest: AofManifest = emptyManifest();
  /** aof_current_size = sizeOffset + bytes the writer appended; aof_base_size after the last rewrite. */
  private sizeOffset = 0;
  private rewriteBaseSize = 0;
  private aofRewrites = 0;
  private lastRewriteOk = true;
  private rewriteFailures = 0;
  private lastRewriteTimeSec = -1;
  private lastRewriteFailure = 0;
  /** appendonly was switched on while another job ran, or its first rewrite failed: start it later. */
  private rewriteScheduledForEnable = false;
  private lastWriteError: Error | undefined = undefined;

  // ---- wiring
  /** A reply the running command must wait for (SAVE, SHUTDOWN), handed to the session gate. */
  pendingGate: Promise<Reply | undefined> | undefined = undefined;
  /** True when the session gate must look at every command (appendfsync always, MISCONF). */
  guarded = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribeClock: (() => void) | undefined;
  private unsubscribeEffects: (() => void) | undefined;
  private closed = false;
  private shuttingDown = false;

  constructor(
    readonly engine: Engine,
    options: PersistenceOptions,
  ) {
    this.storage = options.storage;
    this.decode = options.decode;
    this.log =
      options.log ??
      ((level, message) => {
        if (level === "warning") console.warn(`redis-anywhere: ${message}`);
      });
    this.sliceMs = options.sliceMs ?? 10;
    this.aofFlushIntervalMs = options.aofFlushIntervalMs;
    this.aofRetryDelayMs = options.aofRetryDelayMs;
    this.lastSave = engine.clock.now();
    registerPersistence(engine, this);
  }

  // ---------------------------------------------------------------- configuration

  private cfg(name: string): string {
    return this.engine.config.get(name);
  }

  private get aofDir(): string {
    return this.cfg("appenddirname");
  }

  private get aofFilename(): string {
    return this.cfg("appendfilename");
  }

  private get rdbName(): string {
    return this.cfg("dbfilename");
  }

  private get policy(): FsyncPolicy {
    return this.cfg("appendfsync") as FsyncPolicy;
  }

  private aofPath(base: string): string {
    return joinName(this.aofDir, base);
  }

  /** Recomputes whether every command must pass the session gate. */
  updateGuard(): void {
    this.guarded =
      (this.aofState !== "off" && this.policy === "always") || this.writeDenied() !== undefined;
  }

  /** The MISCONF error writes get now, if any (writeCommandsDeniedByDiskError). */
  writeDenied(): string | undefined {
    if (
      !this.lastBgsaveOk &&
      this.cfg("stop-writes-on-bgsave-error") === "yes" &&
      parseSaveRules(this.cfg("save")).length > 0
    ) {
      return RDB_MISCONF;
    }
    if (this.aofState !== "off" && this.lastWriteError !== undefined) {
      return `MISCONF Errors writing to the AOF file: ${this.lastWriteError.message}`;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- startup

  /** Loads the dataset from storage (see the header). Call once, on a fresh engine. */
  async load(): Promise<LoadReport> {
    const report: LoadReport = {
      source: "none",
      keysLoaded: 0,
      keysExpired: 0,
      commands: 0,
      commandErrors: 0,
      truncated: undefined,
    };
    if (this.cfg("appendonly") === "yes") {
      const plan = await readAof({
        storage: this.storage,
        dir: this.aofDir,
        filename: this.aofFilename,
        loadTruncated: this.cfg("aof-load-truncated") === "yes",
        validate: replayCheck(this.engine),
        ...(this.decode === undefined ? {} : { decode: this.decode }),
      });
      if (plan !== undefined) {
        // Applied first: should the data be refused (a type the engine cannot hold yet), no file
        // has been changed. The engine is discarded by the caller when load() rejects.
        const r = applyAof(this.engine, plan);
        if (plan.truncate !== undefined) {
          const t = plan.truncate;
          this.log("warning", `!!! Warning: short read while loading the AOF file ${t.name} (${t.reason}) !!!`);
          this.log("warning", `!!! Truncating the AOF ${t.name} at offset ${t.length} !!!`);
          const bytes = await this.storage.read(t.name);
          if (bytes === undefined) throw new Error(`the AOF file ${t.name} vanished while loading`);
          await this.storage.write(t.name, bytes.subarray(0, t.length));
          report.truncated = t.reason;
        }
        if (r.errors > 0) this.log("warning", `${r.errors} commands of the AOF answered an error while loading; first: ${r.firstError ?? ""}`);
        report.source = "aof";
        report.keysLoaded = r.keysLoaded;
        report.commands = r.commands;
        report.commandErrors = r.errors;
        this.manifest = plan.manifest;
        this.sizeOffset = plan.totalSize;
        this.rewriteBaseSize = plan.baseSize;
        if (plan.upgradeFrom !== undefined) await this.upgradeOldAof(plan.upgradeFrom);
        await this.openAofOnStart(plan.lastIncr);
        this.finishLoad(report);
        return report;
      }
    }
    const rdb = await this.storage.read(this.rdbName);
    if (rdb !== undefined) {
      let ds;
      try {
        ds = decodeRdb(rdb);
      } catch (e) {
        throw new Error(`Fatal error loading the DB from ${this.rdbName}: ${errorMessage(e)}`);
      }
      this.engine.setLoading(true);
      try {
        const r = applyDataset(this.engine, ds);
        report.keysLoaded = r.keysLoaded;
        report.keysExpired = r.keysExpired;
      } finally {
        this.engine.setLoading(false);
      }
      report.source = "rdb";
    }
    if (this.cfg("appendonly") === "yes") {
      // No AOF yet: create it from the dataset just loaded (aofOpenIfNeededOnServerStart).
      this.manifest = (await this.readManifest()) ?? emptyManifest();
      await this.writeBaseNow();
      await this.openAofOnStart(undefined);
    }
    this.finishLoad(report);
    return report;
  }

  private finishLoad(report: LoadReport): void {
    this.keysLoaded = report.keysLoaded;
    this.keysExpired = report.keysExpired;
    // Loading is not a change to save (Redis resets server.dirty after loading).
    this.engine.dirty = 0;
    this.lastSave = this.engine.clock.now();
  }

  /** aofUpgradePrepare: an old single-file AOF becomes the BASE of a manifest in the folder. */
  private async upgradeOldAof(oldName: string): Promise<void> {
    const bytes = await this.storage.read(oldName);
    if (bytes === undefined) return;
    await this.storage.write(this.aofPath(oldName), bytes);
    this.manifest = { base: { name: oldName, seq: 1, type: "b" }, history: [], incrs: [], baseSeq: 1, incrSeq: 0 };
    await this.writeManifest(this.manifest);
    await this.storage.delete(oldName);
    this.log("notice", `Successfully migrated an old-style AOF file (${oldName}) into the AOF directory (${this.aofDir}).`);
  }

  /** Writes a BASE from the current dataset synchronously-consistent (startup only). */
  private async writeBaseNow(): Promise<void> {
    const m = cloneManifest(this.manifest);
    const base = await this.writeBase(takeSnapshot(this.engine), m.baseSeq + 1);
    if (m.base !== undefined) m.history.unshift({ ...m.base, type: "h" });
    m.base = base.info;
    m.baseSeq = base.info.seq;
    retireIncrs(m, 0);
    this.manifest = m;
    this.sizeOffset = base.size;
    this.rewriteBaseSize = base.size;
    this.log("notice", `Creating AOF base file ${base.info.name} on server start`);
  }

  /** Opens the last INCR file for appending, creating one if there is none, and persists the manifest. */
  private async openAofOnStart(lastIncr: { name: string; size: number; crcState: number } | undefined): Promise<void> {
    const m = this.manifest;
    let file: string;
    if (lastIncr !== undefined) {
      file = lastIncr.name;
    } else {
      file = this.aofPath(addIncr(m, this.aofFilename).name);
      await this.storage.write(file, fileHeader());
    }
    await this.writeManifest(m);
    await this.deleteHistory();
    this.startWriter(file, lastIncr?.size ?? fileHeader().length, lastIncr?.crcState);
    this.aofState = "on";
  }

  private startWriter(file: string, size: number, crcState: number | undefined): void {
    this.writer = new AofWriter({
      storage: this.storage,
      file,
      fileSize: size,
      ...(crcState === undefined ? {} : { crcState }),
      policy: this.policy,
      onStatus: (e) => {
        if (e !== undefined) this.log("warning", `Error writing to the AOF file: ${e.message}`);
        else if (this.lastWriteError !== undefined) this.log("warning", "AOF write error looks solved. Redis can write again.");
        this.lastWriteError = e;
        this.updateGuard();
      },
      ...(this.aofFlushIntervalMs === undefined ? {} : { flushIntervalMs: this.aofFlushIntervalMs }),
      ...(this.aofRetryDelayMs === undefined ? {} : { retryDelayMs: this.aofRetryDelayMs }),
    });
    // Effects are collected only while an AOF takes them: without a listener the engine builds no
    // batches at all, so an RDB-only engine pays nothing per write.
    this.unsubscribeEffects ??= this.engine.onEffects((batch) => {
      if (this.aofState !== "off") this.writer?.append(batch);
    });
  }

  private stopEffects(): void {
    this.unsubscribeEffects?.();
    this.unsubscribeEffects = undefined;
  }

  /**
   * Starts the run-time side once loaded: effects go to the AOF, the cron runs, CONFIG SET of the
   * persistence directives takes effect.
   */
  start(): void {
    // FLUSHALL saves when save rules exist (Redis 7.2): this engine's FLUSHALL handler is wrapped.
    const flushall = this.engine.lookupCommand("flushall");
    if (flushall !== undefined) {
      const handler = flushall.handler;
      flushall.handler = (s, argv) => {
        const r = handler(s, argv);
        // Right away, inside the command, as flushallCommand's rdbSave is.
        if (!this.closed && !(r instanceof RedisError)) this.afterFlushall();
        return r;
      };
    }
    this.hookConfig("appendonly", (v) => {
      if (v === "yes" && this.aofState === "off") this.startAppendOnly();
      else if (v === "no" && this.aofState !== "off") void this.stopAppendOnly();
    });
    this.hookConfig("appendfsync", (v) => {
      if (this.writer !== undefined) this.writer.policy = v as FsyncPolicy;
      this.updateGuard();
    });
    for (const name of ["save", "stop-writes-on-bgsave-error"]) this.hookConfig(name, () => this.updateGuard());
    const clock = this.engine.clock;
    if (clock instanceof ManualClock) {
      this.unsubscribeClock = clock.onAdvance(() => this.cron());
    } else {
      const tick = (): void => {
        this.cron();
        const hz = Number(this.cfg("hz")) || 10;
        this.timer = setTimeout(tick, Math.max(1, Math.floor(1000 / hz)));
        (this.timer as { unref?: () => void }).unref?.();
      };
      this.timer = setTimeout(tick, 100);
      (this.timer as { unref?: () => void }).unref?.();
    }
    this.updateGuard();
  }

  private hookConfig(name: string, fn: (value: string) => void): void {
    const p = this.engine.config.param(name);
    if (p === undefined) return;
    const prev = p.apply;
    p.apply = (v) => {
      prev?.(v);
      if (!this.closed) fn(v);
    };
  }

  // ---------------------------------------------------------------- cron

  /** serverCron's persistence part. */
  cron(): void {
    if (this.closed || this.shuttingDown) return;
    const now = this.engine.clock.now();
    if (this.child === undefined) {
      if (this.rewriteScheduledForEnable && this.aofState === "off" && this.cfg("appendonly") === "yes") {
        if (!this.rewriteLimited(now)) {
          this.rewriteScheduledForEnable = false;
          this.startAppendOnly();
        }
      } else if (this.rewriteScheduled) {
        this.startRewrite();
      } else if (this.bgsaveScheduled) {
        this.startBgsave();
      } else {
        const rules = parseSaveRules(this.cfg("save"));
        const due = dueSaveRule(
          rules,
          { dirty: this.engine.dirty, lastSave: this.lastSave, lastTry: this.lastBgsaveTry, lastOk: this.lastBgsaveOk },
          now,
        );
        if (due !== undefined) {
          this.log("notice", `${due.changes} changes in ${due.seconds} seconds. Saving...`);
          this.startBgsave();
        } else if (this.aofState === "on" && this.writer !== undefined) {
          const perc = Number(this.cfg("auto-aof-rewrite-percentage"));
          const min = Number(this.cfg("auto-aof-rewrite-min-size"));
          if (aofRewriteDue(this.aofCurrentSize, this.rewriteBaseSize, perc, min) && !this.rewriteLimited(now)) {
            this.log("notice", `Starting automatic rewriting of AOF on ${Math.floor((this.aofCurrentSize * 100) / Math.max(1, this.rewriteBaseSize)) - 100}% growth`);
            this.startRewrite();
          }
        }
      }
    }
    this.updateGuard();
  }

  /**
   * aofRewriteLimited: after 3 consecutive failures, automatic rewrites wait 1, 2, 4 … 60 minutes
   * after the last failure (each attempt opens a new INCR file). BGREWRITEAOF is never limited.
   */
  private rewriteLimited(now: number): boolean {
    if (this.rewriteFailures < 3) return false;
    const minutes = Math.min(60, 2 ** (this.rewriteFailures - 3));
    return now - this.lastRewriteFailure < minutes * 60_000;
  }

  get aofCurrentSize(): number {
    return this.sizeOffset + (this.writer?.appendedBytes ?? 0);
  }

  // ---------------------------------------------------------------- RDB

  /**
   * FLUSHALL with save rules saves the (now empty) dataset right after the command, and a BGSAVE
   * in progress is dropped: its snapshot is of data that no longer exists (flushAllDataAndResetRDB).
   */
  private afterFlushall(): void {
    if (this.child === "rdb") this.cancelChild = true;
    if (parseSaveRules(this.cfg("save")).length === 0) return;
    this.saveSync().catch((e: unknown) => this.log("warning", `Saving after FLUSHALL failed: ${errorMessage(e)}`));
  }

  /**
   * SAVE: the snapshot and its encoding happen now (blocking, as Redis's SAVE does); the returned
   * promise settles when the file is durably written.
   */
  saveSync(): Promise<void> {
    const snapshot = takeSnapshot(this.engine);
    const dirtyBefore = this.engine.dirty;
    const chunks = [...encodeRdb(snapshot, this.rdbOptions())];
    return this.storage.write(this.rdbName, chunks).then(
      () => {
        this.engine.dirty -= dirtyBefore;
        this.lastSave = this.engine.clock.now();
        this.lastBgsaveOk = true;
        this.rdbSaves++;
        this.updateGuard();
        this.log("notice", "DB saved on disk");
      },
      (e: unknown) => {
        this.log("warning", `Failed saving the DB: ${errorMessage(e)}`);
        throw e;
      },
    );
  }

  private rdbOptions(): { compression: boolean; checksum: boolean } {
    return { compression: this.cfg("rdbcompression") === "yes", checksum: this.cfg("rdbchecksum") === "yes" };
  }

  /** BGSAVE: false when a background job already runs. The snapshot is taken on a microtask. */
  startBgsave(): boolean {
    if (this.child !== undefined || this.closed) return false;
    this.bgsaveScheduled = false;
    this.beginChild("rdb");
    this.lastBgsaveTry = this.engine.clock.now();
    this.childDone = new Promise<void>((resolve) => {
      queueMicrotask(() => {
        void this.runBgsave().finally(resolve);
      });
    });
    return true;
  }

  private async runBgsave(): Promise<void> {
    const start = this.engine.clock.now();
    const dirtyBefore = this.engine.dirty;
    try {
      const snapshot = takeSnapshot(this.engine);
      const chunks = await collectInSlices(encodeRdb(snapshot, this.rdbOptions()), this.sliceMs, () => this.cancelChild);
      await this.storage.write(this.rdbName, chunks);
      this.engine.dirty -= dirtyBefore;
      this.lastSave = this.engine.clock.now();
      this.lastBgsaveOk = true;
      this.rdbSaves++;
      this.log("notice", "Background saving terminated with success");
    } catch (e) {
      if (e instanceof CancelledError) {
        this.log("notice", "Background saving cancelled");
      } else {
        this.lastBgsaveOk = false;
        this.log("warning", `Background saving error: ${errorMessage(e)}`);
      }
    } finally {
      this.lastBgsaveTimeSec = Math.round((this.engine.clock.now() - start) / 1000);
      this.endChild();
    }
  }

  /** Schedules a BGSAVE for when the running job ends (BGSAVE SCHEDULE, BGSAVE inside EXEC). */
  scheduleBgsave(): void {
    this.bgsaveScheduled = true;
  }

  private beginChild(kind: Child): void {
    this.child = kind;
    this.childStart = this.engine.clock.now();
    this.cancelChild = false;
  }

  private endChild(): void {
    this.child = undefined;
    this.cancelChild = false;
    this.updateGuard();
  }

  // ---------------------------------------------------------------- AOF rewrite

  /**
   * BGREWRITEAOF: false when a background job already runs. At the split point (a microtask, between
   * units) new writes move to a fresh INCR file and the snapshot is taken; the new BASE is then
   * written in slices, and the manifest switched to BASE + the INCR files opened since; the
   * replaced files are deleted after.
   */
  startRewrite(atSplit?: () => void): boolean {
    if (this.child !== undefined || this.closed) return false;
    this.rewriteScheduled = false;
    this.beginChild("aof");
    this.childDone = new Promise<void>((resolve) => {
      queueMicrotask(() => {
        void this.runRewrite(atSplit).finally(resolve);
      });
    });
    return true;
  }

  /** `atSplit` runs at the split point, right before the snapshot (CONFIG SET appendonly yes starts its writer there). */
  private async runRewrite(atSplit?: () => void): Promise<void> {
    const start = this.engine.clock.now();
    const preamble = this.cfg("aof-use-rdb-preamble") === "yes";
    const waitRewrite = this.aofState === "wait_rewrite";
    try {
      if (this.cancelChild) throw new CancelledError();
      // The split point: synchronous from here to the snapshot, so no unit lands on both sides.
      atSplit?.();
      if (this.aofState === "on" && this.writer !== undefined) {
        const m = cloneManifest(this.manifest);
        const incr = addIncr(m, this.aofFilename);
        this.manifest = m;
        this.writer.rotate(this.aofPath(incr.name), () => this.writeManifest(m));
        this.log("notice", `Creating AOF incr file ${incr.name} on background rewrite`);
      }
      const snapshot = takeSnapshot(this.engine);
      const baseSeq = this.manifest.baseSeq + 1;
      const base = await this.writeBase(snapshot, baseSeq, preamble);
      if (this.cancelChild) throw new CancelledError();
      const finish = async (): Promise<void> => {
        const m = cloneManifest(this.manifest);
        if (m.base !== undefined) m.history.unshift({ ...m.base, type: "h" });
        m.base = base.info;
        m.baseSeq = base.info.seq;
        // The INCR file being written stays; every older one is covered by the new BASE.
        retireIncrs(m, this.aofState === "off" ? 0 : 1);
        await this.writeManifest(m);
        this.manifest = m;
        await this.deleteHistory();
      };
      if (this.writer !== undefined) await this.writer.enqueue(finish);
      else await finish();
      this.sizeOffset = base.size + (this.writer?.incrSize ?? 0) - (this.writer?.appendedBytes ?? 0);
      this.rewriteBaseSize = this.aofCurrentSize;
      this.aofRewrites++;
      this.lastRewriteOk = true;
      this.rewriteFailures = 0;
      if (waitRewrite && this.aofState === "wait_rewrite") this.aofState = "on";
      this.log("notice", "Background AOF rewrite finished successfully");
    } catch (e) {
      if (e instanceof CancelledError) {
        this.log("notice", "Background AOF rewrite cancelled");
      } else {
        this.lastRewriteOk = false;
        this.rewriteFailures++;
        this.lastRewriteFailure = this.engine.clock.now();
        this.log("warning", `Background AOF rewrite terminated with error: ${errorMessage(e)}`);
      }
      if (waitRewrite && this.aofState === "wait_rewrite") {
        // The INCR started for this rewrite has no BASE to go with: drop it and try again later.
        await this.abandonWaitRewrite();
        if (!(e instanceof CancelledError)) this.rewriteScheduledForEnable = true;
      }
    } finally {
      this.lastRewriteTimeSec = Math.round((this.engine.clock.now() - start) / 1000);
      // A scheduled retry (appendonly still waiting for its first rewrite) is the cron's job,
      // subject to the same back-off as automatic rewrites.
      this.endChild();
    }
  }

  /** Writes a BASE file (RDB with aof-base, or commands) for `snapshot` under sequence `seq`. */
  private async writeBase(
    snapshot: RdbSnapshot,
    seq: number,
    preamble = this.cfg("aof-use-rdb-preamble") === "yes",
  ): Promise<{ info: { name: string; seq: number; type: "b" }; size: number }> {
    const name = baseFileName(this.aofFilename, seq, preamble);
    const gen = preamble ? encodeRdb(snapshot, { ...this.rdbOptions(), aofBase: true }) : encodeRespBase(snapshot);
    const chunks = await collectInSlices(gen, this.sliceMs, () => this.cancelChild);
    let size = 0;
    for (const c of chunks) size += c.length;
    await this.storage.write(this.aofPath(name), chunks);
    return { info: { name, seq, type: "b" }, size };
  }

  private async readManifest(): Promise<AofManifest | undefined> {
    const bytes = await this.storage.read(this.aofPath(manifestName(this.aofFilename)));
    return bytes === undefined ? undefined : parseManifest(fromBytes(bytes));
  }

  private writeManifest(m: AofManifest): Promise<void> {
    return this.storage.write(this.aofPath(manifestName(this.aofFilename)), toBytes(formatManifest(m)));
  }

  /** aofDelHistoryFiles: deletes HISTORY files, then records that they are gone. */
  private async deleteHistory(): Promise<void> {
    const m = this.manifest;
    if (m.history.length === 0) return;
    for (const f of m.history) {
      this.log("verbose", `Removing the history file ${f.name}`);
      await this.storage.delete(this.aofPath(f.name));
    }
    m.history = [];
    await this.writeManifest(m);
  }

  // ---------------------------------------------------------------- appendonly on / off at run time

  /**
   * CONFIG SET appendonly yes (startAppendOnly): writes from now on go to a new INCR file that no
   * manifest names yet (AOF_WAIT_REWRITE), a rewrite writes the BASE for this instant, and only then
   * does the manifest switch to BASE + that INCR.
   */
  startAppendOnly(): void {
    if (this.aofState !== "off" || this.closed) return;
    if (this.child !== undefined) {
      // Another job runs: start once it ends (aof_rewrite_scheduled).
      this.rewriteScheduledForEnable = true;
      return;
    }
    this.aofState = "wait_rewrite";
    this.beginChild("aof");
    this.childDone = (async () => {
      try {
        const existing = await this.readManifest().catch(() => undefined);
        this.manifest = existing ?? emptyManifest();
        const m = cloneManifest(this.manifest);
        const incr = addIncr(m, this.aofFilename);
        // Not persisted: the manifest names this INCR only together with its BASE.
        this.manifest = m;
        const file = this.aofPath(incr.name);
        await this.storage.write(file, fileHeader());
        this.endChild();
        // Writes go to the new INCR from the very instant the rewrite takes its snapshot.
        this.startRewrite(() => {
          this.sizeOffset = 0;
          this.startWriter(file, fileHeader().length, undefined);
        });
        await this.childDone;
      } catch (e) {
        this.endChild();
        this.log("warning", `Redis needs to enable the AOF but can't trigger a background AOF rewrite operation: ${errorMessage(e)}`);
        await this.abandonWaitRewrite();
        this.rewriteScheduledForEnable = true;
      }
    })();
    this.updateGuard();
  }

  private async abandonWaitRewrite(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    this.aofState = "off";
    this.stopEffects();
    if (w !== undefined) {
      const file = w.currentFile;
      w.abandon();
      await this.storage.delete(file).catch(() => undefined);
    }
    this.manifest = (await this.readManifest().catch(() => undefined)) ?? emptyManifest();
    this.updateGuard();
  }

  /** CONFIG SET appendonly no (stopAppendOnly): flush, fsync, stop; a rewrite in progress is cancelled. */
  async stopAppendOnly(): Promise<void> {
    if (this.aofState === "off") return;
    const waiting = this.aofState === "wait_rewrite";
    this.aofState = "off";
    if (this.child === "aof") {
      this.cancelChild = true;
      await this.childDone;
    }
    const w = this.writer;
    this.writer = undefined;
    this.stopEffects();
    if (w !== undefined) {
      if (waiting) w.abandon();
      else await w.stop();
    }
    this.lastWriteError = undefined;
    this.updateGuard();
  }

  // ---------------------------------------------------------------- durability, shutdown

  /** Resolves when every AOF write so far is durable (immediately when the AOF is off). */
  whenDurable(): Promise<void> {
    return this.writer === undefined || this.aofState === "off" ? Promise.resolve() : this.writer.whenDurable();
  }

  /** Waits for the running background job, if any. */
  waitForBackgroundJob(): Promise<void> {
    return this.childDone;
  }

  /**
   * SHUTDOWN (prepareForShutdown): cancels a background job, flushes the AOF, saves an RDB when
   * asked or when save rules exist (unless `nosave`), then stops. Rejects, leaving everything
   * running, if the save fails and `force` is not set.
   */
  async shutdown(opts: { save?: boolean; nosave?: boolean; force?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.shuttingDown = true;
    try {
      if (this.child !== undefined) {
        this.cancelChild = true;
        await this.childDone;
      }
      if (this.writer !== undefined && this.aofState === "on") await this.writer.whenDurable().catch(() => undefined);
      const save = opts.save === true || (opts.nosave !== true && parseSaveRules(this.cfg("save")).length > 0);
      if (save) {
        try {
          await this.saveSync();
        } catch (e) {
          if (opts.force !== true) throw e;
        }
      }
    } catch (e) {
      this.shuttingDown = false;
      throw e;
    }
    await this.close();
  }

  /** Stops the persistence layer: flushes and stops the AOF, stops the cron. No RDB save. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.unsubscribeClock?.();
    this.unsubscribeEffects?.();
    this.cancelChild = true;
    await this.childDone.catch(() => undefined);
    const w = this.writer;
    if (w !== undefined) {
      if (this.aofState === "wait_rewrite") w.abandon();
      else await w.stop();
    }
    await this.storage.close?.();
  }

  /**
   * Drops everything in flight without writing (tests of crashes: the process "dies" here). Pending
   * appends are lost exactly as they would be if the process were killed.
   */
  abandon(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.unsubscribeClock?.();
    this.unsubscribeEffects?.();
    this.cancelChild = true;
    this.writer?.abandon();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---------------------------------------------------------------- INFO

  infoFields(): Array<[string, string | number]> {
    const now = this.engine.clock.now();
    const sec = (ms: number): number => Math.floor(ms / 1000);
    const aofOn = this.aofState !== "off";
    const fields: Array<[string, string | number]> = [
      ["loading", 0],
      ["async_loading", 0],
      ["current_cow_peak", 0],
      ["current_cow_size", 0],
      ["current_cow_size_age", 0],
      ["current_fork_perc", "0.00"],
      ["current_save_keys_processed", 0],
      ["current_save_keys_total", 0],
      ["rdb_changes_since_last_save", this.engine.dirty],
      ["rdb_bgsave_in_progress", this.child === "rdb" ? 1 : 0],
      ["rdb_last_save_time", sec(this.lastSave)],
      ["rdb_last_bgsave_status", this.lastBgsaveOk ? "ok" : "err"],
      ["rdb_last_bgsave_time_sec", this.lastBgsaveTimeSec],
      ["rdb_current_bgsave_time_sec", this.child === "rdb" ? sec(now - this.childStart) : -1],
      ["rdb_saves", this.rdbSaves],
      ["rdb_last_cow_size", 0],
      ["rdb_last_load_keys_expired", this.keysExpired],
      ["rdb_last_load_keys_loaded", this.keysLoaded],
      ["aof_enabled", aofOn ? 1 : 0],
      ["aof_rewrite_in_progress", this.child === "aof" ? 1 : 0],
      ["aof_rewrite_scheduled", this.rewriteScheduled || this.rewriteScheduledForEnable ? 1 : 0],
      ["aof_last_rewrite_time_sec", this.lastRewriteTimeSec],
      ["aof_current_rewrite_time_sec", this.child === "aof" ? sec(now - this.childStart) : -1],
      ["aof_last_bgrewrite_status", this.lastRewriteOk ? "ok" : "err"],
      ["aof_rewrites", this.aofRewrites],
      ["aof_rewrites_consecutive_failures", this.rewriteFailures],
      ["aof_last_write_status", this.lastWriteError === undefined ? "ok" : "err"],
      ["aof_last_cow_size", 0],
      ["module_fork_in_progress", 0],
      ["module_fork_last_cow_size", 0],
    ];
    if (aofOn) {
      fields.push(
        ["aof_current_size", this.aofCurrentSize],
        ["aof_base_size", this.rewriteBaseSize],
        ["aof_pending_rewrite", this.rewriteScheduled ? 1 : 0],
        ["aof_buffer_length", 0],
        ["aof_pending_bio_fsync", 0],
        ["aof_delayed_fsync", 0],
      );
    }
    return fields;
  }
}

/**
 * The AOF writer: turns effects batches into appends on the current INCR file, applies the
 * appendfsync policy, and tells waiters when a batch is durable (the durability barrier).
 *
 * Ordering: all storage work (appends, flushes, file creation, manifest writes) runs through one
 * FIFO queue, one operation at a time, so bytes reach each file in batch order and a manifest never
 * names a file that is not there yet. Batches are encoded synchronously as their unit ends
 * (`append`), then cut into a group — everything encoded since the last cut, one append call, one
 * CRC annotation — whenever the queue is idle: while one append (or fsync) is in flight, later
 * batches pile up and go out together (group commit), so the write rate adapts to the backend.
 *
 * appendfsync:
 *  - always:   each group's append is followed by a flush; a batch counts as durable (and its
 *              waiters are released) only after that flush. Transports hold the client's reply
 *              until then (see session-gate.ts).
 *  - everysec: appends as above; a flush of the last written file once a second (a timer).
 *  - no:       appends only; the backend decides (flushes still happen on rotation and close).
 *
 * Failures: an append or flush that fails stays at the head of the queue and is retried every
 * second (Redis retries in serverCron); meanwhile `lastError` is set — the persistence layer answers
 * writes with MISCONF — and the batches waiting for durability are answered with the error. A failed
 * append never leaves half a record: backends cut a partial append back (fs.ts) or apply it whole
 * (IndexedDB, memory).
 */
import type { Effect } from "../../engine/engine.js";
import type { Storage } from "../storage.js";
import { AofEncoder, endMarker, fileHeader } from "./records.js";

export type FsyncPolicy = "always" | "everysec" | "no";

interface Op {
  run: () => Promise<void>;
  /** Storage writes of data are retried until they succeed; one-off operations report and drop. */
  retry: boolean;
  done?: (e?: Error) => void;
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface AofWriterOptions {
  storage: Storage;
  /** The INCR file appended to (a full storage name). */
  file: string;
  /** Its current length, and the CRC state of its bytes after the last annotation (from the load). */
  fileSize?: number;
  crcState?: number;
  policy: FsyncPolicy;
  /** Told of every failure and recovery (INFO's aof_last_write_status, logs). */
  onStatus?: (error: Error | undefined) => void;
  /** Timers: the everysec flush and the retry after a failure (ms). Injected so tests run fast. */
  flushIntervalMs?: number;
  retryDelayMs?: number;
}

export class AofWriter {
  private readonly storage: Storage;
  private readonly encoder = new AofEncoder();
  /** The file new batches go to. */
  private target: string;
  private readonly ops: Op[] = [];
  private running = false;
  private scheduled = false;
  private stopped = false;
  private waiters: Waiter[] = [];
  private flushTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onStatus: ((error: Error | undefined) => void) | undefined;
  private readonly retryDelayMs: number;
  /** The file the last append went to and whether it has unflushed bytes. */
  private lastWritten = "";
  private unflushed = false;
  /** Told when the queue runs dry or fails (stop() waits on it). */
  private idle: (() => void) | undefined = undefined;

  /** Batches encoded so far; a batch's sequence number is this count right after it. */
  appendedSeq = 0;
  /** Batches whose bytes were appended (visible to a reader) / made durable. */
  writtenSeq = 0;
  durableSeq = 0;
  /** Bytes in the current INCR file, and appended to INCR files since this writer started. */
  incrSize: number;
  appendedBytes = 0;
  /** Set while appends or flushes fail (aof_last_write_status:err), cleared by the next success. */
  lastError: Error | undefined = undefined;
  policy: FsyncPolicy;

  constructor(o: AofWriterOptions) {
    this.storage = o.storage;
    this.target = o.file;
    this.incrSize = o.fileSize ?? 0;
    this.policy = o.policy;
    this.onStatus = o.onStatus;
    this.retryDelayMs = o.retryDelayMs ?? 1000;
    this.encoder.startFile(o.crcState);
    const every = o.flushIntervalMs ?? 1000;
    this.flushTimer = setInterval(() => {
      if (this.policy === "everysec") this.requestFlush();
    }, every);
    (this.flushTimer as { unref?: () => void }).unref?.();
  }

  /** The INCR file batches go to now. */
  get currentFile(): string {
    return this.target;
  }

  /** Encodes one execution unit's effects and schedules its append. O(batch bytes). */
  append(batch: readonly Effect[]): void {
    if (this.stopped || batch.length === 0) return;
    this.encoder.addBatch(batch);
    this.appendedSeq++;
    this.schedule();
  }

  /**
   * Resolves when every batch appended so far is durable (forcing a flush under everysec/no);
   * rejects with the write error if the writer is failing.
   */
  whenDurable(): Promise<void> {
    const seq = this.appendedSeq;
    if (this.durableSeq >= seq) return Promise.resolve();
    if (this.lastError !== undefined) return Promise.reject(this.lastError);
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
    if (this.policy !== "always") this.requestFlush();
    else this.schedule();
    return p;
  }

  /**
   * Switches appends to a new INCR file at this very instant (a rewrite's split point): what was
   * encoded so far goes to the old file, which gets its end marker and is flushed; the new file is
   * created (empty) and `publish` records it (the manifest), both before anything is appended to it.
   */
  rotate(file: string, publish: () => Promise<void>): void {
    this.cutGroup();
    const old = this.target;
    // The old file is complete: its end marker lets a load tell it from one cut short (records.ts).
    const marker = endMarker();
    this.ops.push({ run: () => this.storage.append(old, marker), retry: true });
    this.ops.push({ run: () => this.flushFile(old, this.writtenSeq), retry: true });
    const header = fileHeader();
    this.ops.push({
      run: async () => {
        await this.storage.write(file, header);
        this.appendedBytes += header.length;
        if (file === this.target) this.incrSize += header.length;
      },
      retry: true,
    });
    this.ops.push({ run: publish, retry: true });
    this.target = file;
    this.incrSize = 0;
    this.encoder.startFile();
    this.schedule();
  }

  /** Runs a one-off storage operation in order with the appends (a manifest switch, deletions). */
  enqueue(run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.ops.push({ run, retry: false, done: (e) => (e === undefined ? resolve() : reject(e)) });
      this.schedule();
    });
  }

  /**
   * Appends and flushes everything pending, then stops (CONFIG SET appendonly no, close). A writer
   * that is failing stops at once: what it could not write is lost, as it would be in a crash.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    if (this.lastError === undefined) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        this.requestFlush();
        if (this.ops.length === 0 && !this.running) resolve();
      });
      this.idle = undefined;
    }
    this.stopped = true;
    if (this.flushTimer !== undefined) clearInterval(this.flushTimer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const err = this.lastError ?? new Error("the AOF was closed");
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  /** Drops everything without writing (an engine closed by a crash test, a failed start). */
  abandon(): void {
    this.stopped = true;
    this.ops.length = 0;
    if (this.flushTimer !== undefined) clearInterval(this.flushTimer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  // ---------------------------------------------------------------- internals

  private schedule(): void {
    if (this.scheduled || this.running || this.stopped) return;
    this.scheduled = true;
    // A microtask: a burst of synchronous commands ends up in one group.
    queueMicrotask(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  /** Queues a flush of the last written file when it has unflushed bytes. */
  private requestFlush(): void {
    if (this.stopped) return;
    this.cutGroup();
    if (!this.unflushed && this.ops.length === 0) {
      this.durableSeq = Math.max(this.durableSeq, this.writtenSeq);
      this.release();
      return;
    }
    this.ops.push({ run: () => this.flushFile(this.lastWritten, -1), retry: true });
    this.schedule();
  }

  /** Moves the encoded bytes into an append operation. */
  private cutGroup(): void {
    const bytes = this.encoder.takeGroup();
    if (bytes === undefined) return;
    const seq = this.appendedSeq;
    const file = this.target;
    this.ops.push({
      run: async () => {
        await this.storage.append(file, bytes);
        this.writtenSeq = seq;
        this.appendedBytes += bytes.length;
        if (file === this.target) this.incrSize += bytes.length;
        this.lastWritten = file;
        this.unflushed = true;
      },
      retry: true,
    });
    if (this.policy === "always") this.ops.push({ run: () => this.flushFile(file, seq), retry: true });
  }

  /** Flushes `file`; `seq` is the batch count it makes durable (-1: whatever was written by then). */
  private async flushFile(file: string, seq: number): Promise<void> {
    const upTo = seq < 0 ? this.writtenSeq : seq;
    if (file !== "") await this.storage.flush(file);
    if (file === this.lastWritten) this.unflushed = this.writtenSeq > upTo;
    this.durableSeq = Math.max(this.durableSeq, upTo);
    this.release();
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= this.durableSeq) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  private async pump(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (;;) {
        if (this.ops.length === 0) this.cutGroup();
        const op = this.ops[0];
        if (op === undefined) break;
        try {
          await op.run();
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          if (!op.retry) {
            this.ops.shift();
            op.done?.(err);
            continue;
          }
          this.fail(err);
          return;
        }
        this.ops.shift();
        op.done?.();
        if (this.lastError !== undefined) {
          this.lastError = undefined;
          this.onStatus?.(undefined);
        }
      }
    } finally {
      this.running = false;
    }
    // Batches that arrived during the last await were cut above; this catches any left over (never
    // while failing: the retry timer drives that).
    if (this.encoder.pendingBytes > 0 && this.lastError === undefined) this.schedule();
    else this.idle?.();
  }

  private fail(err: Error): void {
    this.lastError = err;
    this.onStatus?.(err);
    this.idle?.();
    for (const w of this.waiters.splice(0)) w.reject(err);
    if (this.retryTimer === undefined && !this.stopped) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.pump();
      }, this.retryDelayMs);
      (this.retryTimer as { unref?: () => void }).unref?.();
    }
  }
}

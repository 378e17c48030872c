/**
 * ScanStream: ioredis's `scanStream` / `sscanStream` / `hscanStream` / `zscanStream` (and their
 * `…BufferStream` twins). It behaves like a Node `stream.Readable` in object mode — `data` with one
 * array per SCAN reply page (empty pages included, as ioredis pushes them), then `end`; `error`;
 * `pause()`/`resume()`; `close()` stops after the page in flight — without importing Node's stream,
 * so it works in browsers and workers too. It is also async-iterable (`for await (const page of s)`).
 *
 * Flow: like a Readable, it starts flowing when a `data` listener is added (or `resume()` is called),
 * fetches one page at a time, and stops fetching while paused.
 */
import { EventEmitter, type Listener } from "./event-emitter.js";

export interface ScanStreamOptions {
  /** Glob pattern (MATCH). */
  match?: string;
  /** SCAN's TYPE filter. */
  type?: string;
  /** COUNT hint. */
  count?: number;
  /** HSCAN NOVALUES (Redis 7.4+). */
  noValues?: boolean;
}

/** What the stream needs from the client: the SCAN-family method to call. */
export type ScanCaller = (args: string[]) => Promise<unknown>;

export class ScanStream extends EventEmitter {
  /** Readable-compatible flags. */
  readable = true;
  readableEnded = false;
  destroyed = false;
  readonly readableObjectMode = true;
  private cursor = "0";
  private drained = false;
  private flowing = false;
  private fetching = false;
  private buffered: unknown[][] = [];
  private ended = false;

  constructor(
    private readonly call: ScanCaller,
    private readonly key: string | Uint8Array | undefined,
    private readonly opt: ScanStreamOptions = {},
  ) {
    super();
  }

  // The client's EventEmitter routes on() through addListener(): one place to start the flow.
  override addListener(event: string | symbol, listener: Listener): this {
    super.addListener(event, listener);
    if (event === "data" && !this.flowing && !this.pausedByUser) this.resume();
    return this;
  }

  private pausedByUser = false;

  /** Stops emitting pages (the page being fetched is buffered). */
  pause(): this {
    this.flowing = false;
    this.pausedByUser = true;
    return this;
  }

  /** Starts or restarts the flow of pages. */
  resume(): this {
    this.pausedByUser = false;
    if (this.flowing) return this;
    this.flowing = true;
    queueMicrotask(() => this.pump());
    return this;
  }

  isPaused(): boolean {
    return !this.flowing;
  }

  /** ioredis's close(): no more pages are fetched; `end` follows the page in flight. */
  close(): void {
    this.drained = true;
  }

  /** Stops at once; no `end` is emitted. */
  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = false;
    this.drained = true;
    this.flowing = false;
    if (error !== undefined) queueMicrotask(() => this.emit("error", error));
    queueMicrotask(() => this.emit("close"));
    return this;
  }

  private pump(): void {
    while (this.flowing && this.buffered.length > 0) this.emit("data", this.buffered.shift()!);
    if (!this.flowing || this.destroyed) return;
    if (this.drained) {
      this.finish();
      return;
    }
    if (this.fetching) return;
    this.fetching = true;
    const args: string[] = [this.cursor];
    if (this.opt.match !== undefined) args.push("MATCH", this.opt.match);
    if (this.opt.type !== undefined) args.push("TYPE", this.opt.type);
    if (this.opt.count !== undefined) args.push("COUNT", String(this.opt.count));
    if (this.opt.noValues === true) args.push("NOVALUES");
    const full = this.key === undefined ? args : [this.key as string, ...args];
    this.call(full).then(
      (res) => {
        this.fetching = false;
        if (this.destroyed) return;
        const [cursor, page] = res as [unknown, unknown[]];
        this.cursor = typeof cursor === "string" ? cursor : new TextDecoder().decode(cursor as Uint8Array);
        if (this.cursor === "0") this.drained = true;
        this.buffered.push(page);
        this.pump();
      },
      (err: unknown) => {
        this.fetching = false;
        this.emit("error", err);
      },
    );
  }

  private finish(): void {
    if (this.ended || this.buffered.length > 0) return;
    this.ended = true;
    this.readable = false;
    this.readableEnded = true;
    this.emit("end");
    this.emit("close");
  }

  /** Async iteration over pages: `for await (const keys of redis.scanStream()) …`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<unknown[], void, undefined> {
    const pages: unknown[][] = [];
    let done = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const signal = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    this.on("data", (p: unknown[]) => {
      pages.push(p);
      signal();
    });
    this.once("end", () => {
      done = true;
      signal();
    });
    this.once("error", (e: unknown) => {
      failure = e;
      done = true;
      signal();
    });
    try {
      for (;;) {
        if (pages.length > 0) {
          yield pages.shift()!;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (done) return;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      if (!done) this.close();
    }
  }
}

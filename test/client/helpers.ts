/** Test helpers for the client: a scripted transport, event recording, ticks. */
import type { Reply } from "../../src/engine/reply.js";
import type { Transport, TransportSink } from "../../src/client/transport.js";
import type { EventEmitter } from "../../src/client/event-emitter.js";

/** A transport answering from a function, recording every argv (binary strings). */
export class ScriptedTransport implements Transport {
  readonly sent: string[][] = [];
  sink: TransportSink | undefined;
  closed = false;
  constructor(private readonly answer: (argv: readonly string[]) => Reply | Promise<Reply>) {}
  open(sink: TransportSink): void {
    this.sink = sink;
  }
  exec(argv: readonly string[]): Reply | Promise<Reply> {
    this.sent.push([...argv]);
    return this.answer(argv);
  }
  close(): void {
    this.closed = true;
  }
}

/** Records the named events of `emitter`, in order. */
export function record(emitter: EventEmitter, events: readonly string[]): string[] {
  const seen: string[] = [];
  for (const e of events) emitter.on(e, () => seen.push(e));
  return seen;
}

/** Resolves after pending microtasks and one macrotask. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `emitter` emits `event`. */
export function once(emitter: EventEmitter, event: string): Promise<unknown[]> {
  return new Promise((resolve) => emitter.once(event, (...args: unknown[]) => resolve(args)));
}

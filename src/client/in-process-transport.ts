/**
 * The in-process transport: one engine Session per connection, replies straight from the
 * synchronous `session.exec`. Only a blocking command that parked its session (a PendingReply)
 * makes things asynchronous: until it is answered, later commands wait behind it, in order, just as
 * they would on a Redis connection; `close()` cancels it (nothing is popped for a client that left).
 */
import type { Engine } from "../engine/engine.js";
import { errorText } from "../engine/errors.js";
import { PendingReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import type { Transport, TransportSink } from "./transport.js";

const CLOSED = errorText("ERR connection closed");

export class InProcessTransport implements Transport {
  private session: Session | undefined = undefined;
  /** The last reply still pending; commands sent meanwhile chain behind it. */
  private tail: Promise<Reply> | undefined = undefined;
  private readonly parked = new Set<PendingReply>();

  constructor(readonly engine: Engine) {}

  open(sink: TransportSink): void {
    const s = this.engine.createSession();
    s.onPush = (frame) => sink.push(frame);
    s.onClose = () => {
      if (this.session !== s) return;
      this.session = undefined;
      this.cancelParked();
      sink.closed();
    };
    this.session = s;
  }

  /** The engine session behind this connection (undefined once closed). */
  get currentSession(): Session | undefined {
    return this.session;
  }

  exec(argv: readonly string[]): Reply | Promise<Reply> {
    if (this.tail === undefined) return this.run(argv);
    const p = this.tail.then(() => this.run(argv));
    this.setTail(p);
    return p;
  }

  close(): void {
    const s = this.session;
    if (s === undefined) return;
    this.session = undefined;
    s.onClose = undefined;
    s.onPush = undefined;
    this.cancelParked();
    s.close();
  }

  private run(argv: readonly string[]): Reply | Promise<Reply> {
    const s = this.session;
    if (s === undefined) return CLOSED;
    const r = s.exec(argv);
    if (!(r instanceof PendingReply)) return r;
    this.parked.add(r);
    const p = r.promise.then(
      (reply) => {
        this.parked.delete(r);
        return reply;
      },
      (e: unknown) => {
        this.parked.delete(r);
        return errorText(e instanceof Error ? e.message : String(e));
      },
    );
    this.setTail(p);
    return p;
  }

  private setTail(p: Promise<Reply>): void {
    this.tail = p;
    const clear = (): void => {
      if (this.tail === p) this.tail = undefined;
    };
    p.then(clear, clear);
  }

  private cancelParked(): void {
    for (const r of this.parked) r.cancel();
    this.parked.clear();
  }
}

/**
 * Differential harness for pub/sub: several connections on each side (raw sockets to the oracle,
 * engine sessions on ours), where everything a connection receives — replies, confirmations, pushed
 * messages — is kept as one byte stream and compared frame by frame.
 *
 * After each step every connection is synced: `PING <marker>` is sent on it and frames are read up
 * to the marker's answer. Redis runs one connection's commands in order and writes a message into
 * the subscriber's output buffer while the publishing command runs, so once the step's own
 * connection answered its marker, everything the step caused is ahead of the other markers.
 */
import { createConnection, type Socket } from "node:net";
import { expect } from "vitest";
import { createEngine, type Engine, type EngineOptions, type Session } from "../../src/index.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import { encodeReply } from "../../src/server/resp-encode.js";
import { encodeRequest, frameEnd, parseFrame, type Oracle } from "../support/differential.js";
import { knownDifference } from "./known-differences.js";

/** Splits a byte stream into whole frames (the stream must end on a frame boundary). */
export function splitFrames(buf: string): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < buf.length) {
    const end = frameEnd(buf, p);
    if (end < 0) throw new Error(`partial frame in ${JSON.stringify(buf.slice(p, p + 80))}`);
    out.push(buf.slice(p, end));
    p = end;
  }
  return out;
}

/** One socket to the oracle that keeps every byte received. */
class OracleStream {
  buf = "";
  private wake: (() => void) | undefined;
  closed = false;
  constructor(private readonly sock: Socket) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => {
      this.buf += d;
      this.wake?.();
    });
    sock.on("close", () => {
      this.closed = true;
      this.wake?.();
    });
  }

  static async open(path: string): Promise<OracleStream> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(path, () => resolve(s));
      s.once("error", reject);
    });
    return new OracleStream(sock);
  }

  write(argvs: readonly (readonly string[])[]): void {
    this.sock.write(Buffer.from(argvs.map(encodeRequest).join(""), "latin1"));
  }

  /** Waits until `done(buf)` holds (or the socket closed), for at most 5 s. */
  async until(done: (buf: string) => boolean): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!done(this.buf) && !this.closed) {
      if (Date.now() > deadline) throw new Error(`oracle stream stuck at ${JSON.stringify(this.buf.slice(-200))}`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 50);
      });
    }
  }

  close(): void {
    this.sock.destroy();
  }
}

/** One engine session that keeps everything it would write to a socket. */
class OurStream {
  private out: string[] = [];
  closed = false;
  constructor(readonly session: Session) {
    session.onPush = (frame) => encodeReply(frame, session.resp, this.out);
    session.onClose = () => {
      this.closed = true;
    };
  }

  get buf(): string {
    return this.out.join("");
  }

  set buf(v: string) {
    this.out = v === "" ? [] : [v];
  }

  async run(argvs: readonly (readonly string[])[]): Promise<void> {
    for (const argv of argvs) {
      if (this.session.closed) return;
      let r: Reply | PendingReply = this.session.exec(argv);
      if (r instanceof PendingReply) r = await r.promise;
      encodeReply(r, this.session.resp, this.out);
    }
  }
}

let markerSeq = 0;

/** True when `frame` is the answer to PING `marker` (plain, or the RESP2 subscribed form). */
function isMarker(frame: string, marker: string): boolean {
  const v = parseFrame(frame);
  return v === marker || (Array.isArray(v) && v.length === 2 && v[0] === "pong" && v[1] === marker);
}

export interface StepOptions {
  /** Compare the frames as multisets: Redis walks hash tables there (UNSUBSCRIBE all, patterns). */
  unordered?: boolean;
  /** Do not compare (e.g. HELLO's version field), only consume. */
  skipCompare?: boolean;
  /** The step closes its connection (QUIT): it is not synced afterwards. */
  closes?: boolean;
  /** Leave the step's own connection unsynced (it is inside MULTI, where PING would be queued). */
  noSelfSync?: boolean;
}

/** What each connection received during one step, on both sides. */
export interface StepFrames {
  ours: string[][];
  theirs: string[][];
}

/** N connections to the oracle and N sessions on a fresh engine, paired by index. */
export class PubSubPair {
  readonly log: string[] = [];
  private constructor(
    private readonly theirs: OracleStream[],
    private readonly ours: OurStream[],
    readonly engine: Engine,
  ) {}

  static async open(oracle: Oracle, n: number, options: EngineOptions = {}): Promise<PubSubPair> {
    await oracle.send(["FLUSHALL"]);
    const theirs: OracleStream[] = [];
    for (let i = 0; i < n; i++) theirs.push(await OracleStream.open(oracle.path));
    const engine = createEngine(options);
    const ours = theirs.map(() => new OurStream(engine.createSession()));
    return new PubSubPair(theirs, ours, engine);
  }

  /** Our session behind connection `i`. */
  session(i: number): Session {
    return this.ours[i]!.session;
  }

  /**
   * Runs `argvs` on connection `i` of both sides, syncs every connection and compares what each one
   * received, frame by frame. Returns both sides' frames per connection.
   */
  async run(i: number, argvs: readonly (readonly string[])[], options: StepOptions = {}): Promise<StepFrames> {
    this.log.push(`${i}: ${argvs.map((a) => a.join(" ")).join(" | ")}`);
    this.theirs[i]!.write(argvs);
    await this.ours[i]!.run(argvs);
    const order = [i, ...this.theirs.map((_, j) => j).filter((j) => j !== i)];
    const result: StepFrames = { ours: this.theirs.map(() => []), theirs: this.theirs.map(() => []) };
    for (const j of order) {
      if (j === i && options.closes === true) {
        await this.theirs[j]!.until(() => false);
        this.compare(j, this.theirs[j]!.buf, this.ours[j]!.buf, argvs, options, result);
        this.theirs[j]!.buf = "";
        this.ours[j]!.buf = "";
        continue;
      }
      if (this.theirs[j]!.closed || (j === i && options.noSelfSync === true)) continue;
      const marker = `sync-${++markerSeq}`;
      this.theirs[j]!.write([["PING", marker]]);
      await this.ours[j]!.run([["PING", marker]]);
      await this.theirs[j]!.until((buf) => {
        const frames = completeFrames(buf);
        return frames.length > 0 && isMarker(frames[frames.length - 1]!, marker);
      });
      const strip = (buf: string): string => {
        const frames = splitFrames(buf);
        expect(isMarker(frames[frames.length - 1]!, marker), `sync marker on ${j}: ${JSON.stringify(frames)}`).toBe(true);
        return frames.slice(0, -1).join("");
      };
      const t = strip(this.theirs[j]!.buf);
      const o = strip(this.ours[j]!.buf);
      this.theirs[j]!.buf = "";
      this.ours[j]!.buf = "";
      this.compare(j, t, o, j === i ? argvs : [], options, result);
    }
    return result;
  }

  private compare(
    j: number,
    theirs: string,
    ours: string,
    argvs: readonly (readonly string[])[],
    options: StepOptions,
    result: StepFrames,
  ): void {
    const t = splitFrames(theirs);
    const o = splitFrames(ours);
    result.ours[j] = o;
    result.theirs[j] = t;
    if (options.skipCompare === true || argvs.some((a) => knownDifference(a) !== undefined)) return;
    const where = `connection ${j}\nlog:\n${this.log.slice(-20).join("\n")}`;
    if (options.unordered === true) {
      // The order of names is Redis's hash order; the kinds and counts still come in sequence.
      expect(o.map(shape), where).toEqual(t.map(shape));
      expect(o.map(content).sort(), where).toEqual(t.map(content).sort());
    } else {
      expect(o, where).toEqual(t);
    }
  }

  close(): void {
    for (const t of this.theirs) t.close();
    this.engine.close();
  }
}

const CONFIRMATIONS = new Set(["subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe"]);

/** A frame without the part whose order is Redis's hash order (the name of a confirmation, a pattern). */
function shape(frame: string): string {
  const v = parseFrame(frame);
  if (!Array.isArray(v) || typeof v[0] !== "string") return frame;
  if (CONFIRMATIONS.has(v[0])) return JSON.stringify([v[0], v[2]]);
  if (v[0] === "pmessage") return JSON.stringify([v[0], v[2], v[3]]);
  return frame;
}

/** A frame without its position-dependent part (a confirmation's running count). */
function content(frame: string): string {
  const v = parseFrame(frame);
  if (Array.isArray(v) && typeof v[0] === "string" && CONFIRMATIONS.has(v[0])) return JSON.stringify([v[0], v[1]]);
  return frame;
}

/** The whole frames at the start of `buf` (a partial tail is left out). */
function completeFrames(buf: string): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < buf.length) {
    const end = frameEnd(buf, p);
    if (end < 0) break;
    out.push(buf.slice(p, end));
    p = end;
  }
  return out;
}

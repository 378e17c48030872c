/**
 * Shared pieces of the string group's differential tests: a fresh pair per scenario, a way to create
 * a non-string key on both sides (the real list type when our engine has it, else a stand-in value,
 * so WRONGTYPE paths are compared today), the OBJECT ENCODING comparison, and a keyspace-event
 * recorder on the oracle.
 */
import { createConnection, type Socket } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import type { ObjectValue } from "../../src/engine/value.js";
import { stringEntryEncoding } from "../../src/types/string/encoding.js";
import { encodeRequest, frameEnd, type Oracle, Ours, Pair, show, startOracle } from "../support/differential.js";
import { knownDifference } from "./known-differences.js";

/** A stand-in list for our side while the list type is not built. */
export class StandInList implements ObjectValue {
  readonly type = "list" as const;
  encoding(): string {
    return "listpack";
  }
  clone(): StandInList {
    return new StandInList();
  }
}

const created: Ours[] = [];

/** Empties the oracle's current database and gives a fresh engine on our side. */
export async function freshPair(oracle: Oracle, options: ConstructorParameters<typeof Ours>[0] = {}): Promise<Pair> {
  await oracle.send(["FLUSHALL"]);
  const ours = new Ours(options);
  created.push(ours);
  return new Pair(oracle, ours);
}

/** Closes every engine freshPair created (call in afterAll; the oracle is closed by its owner). */
export function closeAllPairs(): void {
  for (const o of created.splice(0)) o.close();
}

/** A differential test file's private redis-server and the pairs made on it. */
export interface OracleSuite {
  /** The server (set once the suite's beforeAll has run). */
  readonly oracle: Oracle;
  /** A fresh pair: the oracle's database emptied, a new engine on our side. */
  fresh(options?: ConstructorParameters<typeof Ours>[0]): Promise<Pair>;
  /** A fresh pair with a string at "str" (the key for WRONGTYPE checks). */
  withString(): Promise<Pair>;
}

/**
 * Call inside a describe (skipped with `oracleAvailable()`): starts one redis-server for it before its
 * tests and closes it, and every engine made through it, afterwards.
 */
export function oracleSuite(): OracleSuite {
  let oracle: Oracle | undefined;
  beforeAll(async () => {
    oracle = await startOracle();
    if (oracle === undefined) throw new Error("redis-server could not be started");
  });
  afterAll(async () => {
    closeAllPairs();
    await oracle?.close();
  });
  const suite: OracleSuite = {
    get oracle(): Oracle {
      if (oracle === undefined) throw new Error("the oracle is not started yet (use it inside a test)");
      return oracle;
    },
    fresh: (options = {}) => freshPair(suite.oracle, options),
    async withString() {
      const pair = await freshPair(suite.oracle);
      await same(pair, ["SET", "str", "v"]);
      return pair;
    },
  };
  return suite;
}

/** Makes `key` a list on both sides (it must be missing on both). */
export async function makeList(pair: Pair, key: string): Promise<void> {
  const theirs = await pair.oracle.send(["RPUSH", key, "x"]);
  expect(theirs).toBe(":1\r\n");
  if (pair.ours.engine.lookupCommand("rpush") !== undefined) {
    expect(await pair.ours.send(["RPUSH", key, "x"])).toBe(":1\r\n");
  } else {
    pair.ours.engine.db(pair.ours.session.dbIndex).add(key, new StandInList());
  }
}

/** Sends argv to both and expects byte-identical replies (unless a known 7.0/7.2 difference applies). */
export async function same(pair: Pair, argv: readonly string[]): Promise<string> {
  const r = await pair.both(argv);
  if (knownDifference(argv) === undefined) {
    expect(show(r.ours), `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-30))}`).toBe(show(r.theirs));
  }
  return r.ours;
}

/** Runs a scenario: every command's reply compared. */
export async function scenario(pair: Pair, steps: readonly (readonly string[])[]): Promise<void> {
  for (const argv of steps) await same(pair, argv);
}

/**
 * Compares OBJECT ENCODING of `key`: the oracle's answer against what our entry reports. A key that
 * is missing or expired must be missing on both sides.
 */
export async function sameEncoding(pair: Pair, key: string): Promise<void> {
  const theirs = await pair.oracle.send(["OBJECT", "ENCODING", key]);
  const e = pair.ours.engine.db(pair.ours.session.dbIndex).lookup(key, false);
  // A stand-in list has no real encoding to compare.
  if (e !== undefined && typeof e.value !== "string") return;
  const enc = e === undefined ? undefined : stringEntryEncoding(e);
  const ours = enc === undefined ? "$-1\r\n" : `$${enc.length}\r\n${enc}\r\n`;
  expect(ours, `OBJECT ENCODING ${JSON.stringify(key)}\nlog: ${JSON.stringify(pair.log.slice(-30))}`).toBe(theirs);
}

/** The bulk strings of a flat array frame (pub/sub messages). */
function bulks(frame: string): string[] {
  const out: string[] = [];
  let p = frame.indexOf("\r\n") + 2;
  while (p < frame.length) {
    const nl = frame.indexOf("\r\n", p);
    const n = Number(frame.slice(p + 1, nl));
    out.push(frame.slice(nl + 2, nl + 2 + n));
    p = nl + 2 + n + 2;
  }
  return out;
}

/**
 * Runs `body` (commands sent to both sides through `pair`) with keyspace events on (`flags`) and
 * expects our engine to publish the same channels and messages, in the same order, as the oracle.
 */
export async function sameEvents(pair: Pair, body: () => Promise<void>, flags = "KEAmn"): Promise<void> {
  const { oracle } = pair;
  await same(pair, ["CONFIG", "SET", "notify-keyspace-events", flags]);
  const rec = await EventRecorder.open(oracle.path);
  const ours: [string, string][] = [];
  const engine = pair.ours.engine;
  const publish = engine.publish;
  engine.publish = (channel, message) => {
    ours.push([channel, message]);
    return 0;
  };
  try {
    await body();
    expect(ours).toEqual(await rec.drain(oracle));
  } finally {
    engine.publish = publish;
    rec.close();
    await pair.both(["CONFIG", "SET", "notify-keyspace-events", ""]);
  }
}

/** Records the keyspace events the oracle publishes, on a second connection. */
export class EventRecorder {
  private buf = "";
  private readonly frames: string[] = [];
  private waiting: (() => void) | undefined;
  private constructor(private readonly sock: Socket) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => {
      this.buf += d;
      for (;;) {
        const end = this.buf.length === 0 ? -1 : frameEnd(this.buf, 0);
        if (end < 0) break;
        this.frames.push(this.buf.slice(0, end));
        this.buf = this.buf.slice(end);
      }
      this.waiting?.();
    });
  }

  static async open(path: string): Promise<EventRecorder> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(path, () => resolve(s));
      s.once("error", reject);
    });
    const rec = new EventRecorder(sock);
    sock.write(Buffer.from(encodeRequest(["PSUBSCRIBE", "__key*__:*"]) + encodeRequest(["SUBSCRIBE", "sentinel"]), "latin1"));
    await rec.until((f) => f.includes("sentinel"));
    rec.frames.length = 0;
    return rec;
  }

  private async until(done: (frame: string) => boolean): Promise<void> {
    for (;;) {
      const i = this.frames.findIndex(done);
      if (i >= 0) return;
      await new Promise<void>((r) => (this.waiting = r));
    }
  }

  /**
   * The [channel, message] pairs published since the last call: a PUBLISH to the sentinel channel
   * (sent on `oracle`) marks the end.
   */
  async drain(oracle: Oracle): Promise<[string, string][]> {
    await oracle.send(["PUBLISH", "sentinel", "end"]);
    await this.until((f) => bulks(f)[0] === "message");
    const out: [string, string][] = [];
    for (const f of this.frames.splice(0)) {
      const parts = bulks(f); // pmessage pattern channel message
      if (parts[0] === "pmessage") out.push([parts[2]!, parts[3]!]);
    }
    return out;
  }

  close(): void {
    this.sock.destroy();
  }
}

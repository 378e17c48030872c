/**
 * Fuzzing the server with bad input, for a bounded time (about 2.5 s) and with a seeded generator
 * (SEED=… replays a run, see test/support/seeded.ts): random bytes, valid requests with mutated
 * bytes, absurd counts and lengths, half-sent requests then a hang-up, inline lines with broken
 * quotes, floods of short connections. Throughout, a well-behaved client keeps getting right answers;
 * afterwards the server still answers new connections, every key written before is intact, and every
 * fuzz connection is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "node:net";
import { startOurServer, type OurServer } from "../support/tcp-target.js";
import { seededRng, type Rng } from "../support/seeded.js";
import { Raw, encodeRequest, sleep } from "./helpers.js";

/** Requests that only touch fz:* keys (or nothing): mutations of them are what the fuzzer sends. */
const TEMPLATES: string[][] = [
  ["SET", "fz:a", "value"],
  ["GET", "fz:a"],
  ["APPEND", "fz:b", "\x00\xff\r\n"],
  ["INCR", "fz:n"],
  ["DEL", "fz:a", "fz:b"],
  ["MSET", "fz:c", "1", "fz:d", "2"],
  ["EXPIRE", "fz:c", "100"],
  ["PING"],
  ["ECHO", "hello"],
  ["HELLO", "3"],
  ["CLIENT", "SETNAME", "fuzzer"],
  ["CLIENT", "REPLY", "OFF"],
  ["SELECT", "1"],
  ["MULTI"],
  ["EXEC"],
  ["SCAN", "0", "MATCH", "fz:*"],
  ["GETRANGE", "fz:a", "0", "-1"],
  ["SETRANGE", "fz:e", "5", "xyz"],
  ["QUIT"],
];

function randomBytes(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0, 255));
  return s;
}

/** Flips, inserts, deletes or truncates bytes of a valid request. */
function mutate(rng: Rng, s: string): string {
  let out = s;
  const edits = rng.int(1, 4);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const at = rng.int(0, out.length - 1);
    const kind = rng.int(0, 3);
    if (kind === 0) out = out.slice(0, at) + String.fromCharCode(rng.int(0, 255)) + out.slice(at + 1);
    else if (kind === 1) out = out.slice(0, at) + rng.pick(["\r\n", "*", "$", "-1", "9999999999", "\0", '"', "'"]) + out.slice(at);
    else if (kind === 2) out = out.slice(0, at) + out.slice(at + rng.int(1, 8));
    else out = out.slice(0, at);
  }
  return out;
}

/** One fuzz payload, as the chunks to send. */
function payload(rng: Rng): string[] {
  const valid = (): string => encodeRequest(rng.pick(TEMPLATES));
  let data: string;
  switch (rng.int(0, 6)) {
    case 0:
      data = randomBytes(rng, rng.int(1, 3000));
      break;
    case 1:
      data = mutate(rng, valid() + valid());
      break;
    case 2:
      data = rng.pick([
        "*99999999999999999999\r\n",
        "*2147483647\r\n$2147483647\r\n",
        "*1\r\n$536870912\r\n" + randomBytes(rng, 5000),
        "*-2147483649\r\n",
        "*3\r\n$3\r\nSET\r\n$4\r\nfz:z\r\n$-00\r\n",
        "$1\r\na\r\n",
        "*1\r\n$1\r\nab\r\n*1\r\n$4\r\nPING\r\n",
      ]);
      break;
    case 3: {
      const v = valid() + valid();
      data = v.slice(0, rng.int(1, v.length - 1));
      break;
    }
    case 4:
      data = `${rng.pick(["ECHO", "SET fz:q", "PING", "GET"])} ${rng.pick(['"unterminated', "'x'y", '"a"b', "\\x", '"\\x4"', "a b c"])}\r\n`;
      break;
    case 5:
      data = valid().repeat(rng.int(1, 50)) + randomBytes(rng, rng.int(0, 50));
      break;
    default:
      data = "x".repeat(rng.int(60_000, 70_000));
  }
  const chunks: string[] = [];
  let pos = 0;
  while (pos < data.length) {
    const n = rng.chance(0.5) ? data.length - pos : rng.int(1, data.length - pos);
    chunks.push(data.slice(pos, pos + n));
    pos += n;
  }
  return chunks;
}

/** Sends the chunks (a little apart), reads whatever comes back for a moment, then hangs up. */
function attack(port: number, chunks: string[], rng: Rng): Promise<void> {
  const lingerMs = rng.pick([0, 5, 30]);
  return new Promise((resolve) => {
    const sock = createConnection({ host: "127.0.0.1", port });
    const done = (): void => {
      sock.destroy();
      resolve();
    };
    sock.on("error", done);
    sock.on("close", done);
    sock.on("data", () => {});
    sock.on("connect", async () => {
      for (const c of chunks) {
        if (sock.destroyed) return;
        sock.write(Buffer.from(c, "latin1"));
        if (chunks.length > 1) await sleep(1);
      }
      setTimeout(done, lingerMs);
    });
  });
}

describe("fuzzing the server", () => {
  let server: OurServer;
  beforeAll(async () => {
    server = await startOurServer({ config: { "enable-debug-command": "no" } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("survives bad input: other clients carry on and stored data is intact", async () => {
    const rng = seededRng("server fuzz");
    const control = await Raw.open(server.port);
    const expected = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      const v = i % 3 === 0 ? `\x00bin\xff${i}\r\n` : `value-${i}`;
      expected.set(`ctl:${i}`, v);
      expect(await control.call("SET", `ctl:${i}`, v)).toBe("+OK\r\n");
    }

    // A well-behaved client working all through the fuzzing.
    let stop = false;
    let checks = 0;
    const steady = (async () => {
      while (!stop) {
        const i = checks % 200;
        const v = expected.get(`ctl:${i}`)!;
        expect(await control.call("GET", `ctl:${i}`)).toBe(`$${v.length}\r\n${v}\r\n`);
        checks++;
        await sleep(2);
      }
    })();

    const deadline = Date.now() + 2500;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    while (Date.now() < deadline && sent < 4000) {
      const p = attack(server.port, payload(rng), rng);
      inFlight.add(p);
      void p.then(() => inFlight.delete(p));
      sent++;
      if (inFlight.size >= 16) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    stop = true;
    await steady;

    expect(sent).toBeGreaterThan(100);
    expect(checks).toBeGreaterThan(20);
    // Everything written before is intact, and the server takes new clients.
    for (const [k, v] of expected) expect(await control.call("GET", k)).toBe(`$${v.length}\r\n${v}\r\n`);
    const fresh = await Raw.open(server.port);
    expect(await fresh.call("PING")).toBe("+PONG\r\n");
    expect(await fresh.call("DBSIZE")).toMatch(/^:\d+\r\n$/);
    // Every fuzz connection is gone (only the control and fresh clients remain).
    for (let i = 0; i < 50 && server.handle.clientCount > 2; i++) await sleep(20);
    expect(server.handle.clientCount).toBe(2);
    control.close();
    fresh.close();
  });
});

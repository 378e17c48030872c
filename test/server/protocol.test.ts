/**
 * Raw bytes on a socket, compared with a real redis-server: the same payload is sent to our server
 * and to redis-server, and everything each writes back (and whether it closed the connection) must be
 * identical. Covers valid pipelines, inline quoting, Redis's parser quirks, every protocol error,
 * the unauthenticated limits, and some seeded binary garbage. Payloads only use commands without side
 * effects, so they can run in parallel on one pair of servers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "node:net";
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from "../setup/redis-server.js";
import { startOurServer, type OurServer } from "../support/tcp-target.js";
import { seededRng } from "../support/seeded.js";

export interface Exchange {
  output: string;
  closed: boolean;
}

/**
 * Sends `payload` (binary string) in `chunks` pieces; resolves with all output once the server
 * closed the connection or was quiet for `quietMs`.
 */
export function exchange(port: number, payload: string | string[], quietMs = 150): Promise<Exchange> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: "127.0.0.1", port });
    let output = "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ output, closed });
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    sock.on("data", (d) => {
      output += d.toString("latin1");
      arm();
    });
    sock.on("close", () => finish(true));
    sock.on("error", () => finish(true));
    sock.on("connect", async () => {
      for (const part of Array.isArray(payload) ? payload : [payload]) {
        sock.write(Buffer.from(part, "latin1"));
        await new Promise((r) => setTimeout(r, 5));
      }
      arm();
    });
  });
}

const big = (n: number, c = "x"): string => c.repeat(n);

/** Named payloads; arrays are sent as separate writes (half-sent requests). */
const PAYLOADS: Record<string, string | string[]> = {
  "multibulk pipeline": "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n*2\r\n$4\r\nping\r\n$1\r\nx\r\n",
  "inline pipeline": "PING\r\nECHO hello\nping   x  \r\n\r\n\n",
  "inline quoting": 'ECHO "a\\x41\\x42 \\n\\t\\"q\\"" \r\nECHO \'it\\\'s\'\r\nECHO a"b c"d\r\nECHO "\\xzz\\q"\r\n',
  "half-sent in pieces": ["*2\r", "\n$4\r\nEC", "HO\r\n$3\r\na", "bc\r\n", "PI", "NG\r\n"],
  "empty requests": "*0\r\n*-1\r\n*-100\r\n\r\nPING\r\n",
  "lax line ends": "*1\rX$4\rYPINGzz*2\r\n$4\r\nECHO\r\n$1\r\nqAB",
  "unknown command": "NOSUCH a b\r\n*2\r\n$6\r\nnosuch\r\n$1\r\nz\r\nPING\r\n",
  "wrong arity": "*1\r\n$4\r\nECHO\r\nPING\r\n",
  "invalid multibulk length": "PING\r\n*x\r\nPING\r\n",
  "multibulk length overflow": "*2147483648\r\n",
  "multibulk leading zero": "*01\r\n$4\r\nPING\r\n",
  "expected $": "*1\r\n+PING\r\n",
  "expected $ got CR": "*1\r\n\r\n$4\r\nPING\r\n",
  "negative bulk length": "*1\r\n$-1\r\n",
  "bulk length too big": "*1\r\n$536870913\r\n",
  "bulk length garbage": "*1\r\n$4x\r\nPING\r\n",
  "unbalanced quotes": 'ECHO "abc\r\nPING\r\n',
  "quote glued to a word": 'ECHO "abc"def\r\n',
  "too big inline": big(70000),
  "too big mbulk count": `*${big(70000, "1")}`,
  "too big bulk count": `*1\r\n$${big(70000, "1")}`,
  "NUL hides the newline": ["PI\0NG\r\n", big(70000)],
  "half-sent then closed": "*3\r\n$4\r\nECHO\r\n$3\r\nab",
  "empty command name": '*1\r\n$0\r\n\r\n""\r\n',
  "binary payload": `*2\r\n$4\r\nECHO\r\n$6\r\n\x00\xff\r\n\x80\x7f\r\n`,
};

/** Seeded binary garbage, some of it starting like a real request. */
function garbage(count: number): Record<string, string> {
  const rng = seededRng("protocol garbage");
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const n = rng.int(1, 200);
    let s = ["*", "*3\r\n$", "$", "", "PING "][i % 5]!;
    // Printable garbage: error replies echo arguments, and both servers must agree on them.
    for (let j = 0; j < n; j++) s += String.fromCharCode(rng.chance(0.9) ? rng.int(32, 126) : 13);
    out[`garbage #${i}`] = s;
  }
  return out;
}

describe.skipIf(!redisServerAvailable())("raw protocol: our server vs redis-server", () => {
  let ours: OurServer;
  let redis: RedisServerHandle;
  let oursAuth: OurServer;
  let redisAuth: RedisServerHandle;
  beforeAll(async () => {
    [ours, redis, oursAuth, redisAuth] = await Promise.all([
      startOurServer(),
      startRedisServer(),
      startOurServer({ requirepass: "s3cret" }),
      startRedisServer(),
    ]);
    // Set after start: the start-up probe's PING must not need a password.
    const r = await exchange(redisAuth.port, "CONFIG SET requirepass s3cret\r\n");
    expect(r.output).toBe("+OK\r\n");
  });
  afterAll(async () => {
    await Promise.all([ours?.close(), redis?.stop(), oursAuth?.close(), redisAuth?.stop()]);
  });

  const compareAll = async (payloads: Record<string, string | string[]>, a: () => number, b: () => number) => {
    const names = Object.keys(payloads);
    const results = await Promise.all(
      names.map((n) => Promise.all([exchange(a(), payloads[n]!), exchange(b(), payloads[n]!)])),
    );
    for (let i = 0; i < names.length; i++) {
      const [o, r] = results[i]!;
      expect({ payload: names[i], ...o }).toEqual({ payload: names[i], ...r });
    }
  };

  it("answers every payload exactly as redis-server does", async () => {
    await compareAll(PAYLOADS, () => ours.port, () => redis.port);
  });

  it("and seeded garbage too", async () => {
    await compareAll(garbage(40), () => ours.port, () => redis.port);
  });

  it("applies the unauthenticated limits and NOAUTH before AUTH", async () => {
    const payloads: Record<string, string | string[]> = {
      "too many args before auth": `*11\r\n${"$1\r\na\r\n".repeat(11)}`,
      "ten args are fine": `*10\r\n${"$1\r\na\r\n".repeat(10)}`,
      "big bulk before auth": "*2\r\n$4\r\nECHO\r\n$16385\r\n",
      "noauth, unknown, arity, auth": "GET k\r\nNOSUCH\r\nGET\r\nAUTH wrong\r\nAUTH default wrong\r\nAUTH s3cret\r\nPING\r\n",
      // (HELLO's NOAUTH text changed in 7.2, so only its WRONGPASS is compared here.)
      "hello auth": "HELLO 2 AUTH default wrong\r\nAUTH s3cret\r\nPING\r\n",
      "multi then noauth": "MULTI\r\nPING\r\nQUIT\r\n",
    };
    await compareAll(payloads, () => oursAuth.port, () => redisAuth.port);
  });
});

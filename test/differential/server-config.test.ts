/**
 * CONFIG GET / SET against a private redis-server: every parameter we register answers CONFIG GET
 * with the server's default (under its own name and every alias), glob patterns select the same
 * names, and CONFIG SET accepts and rejects the same values with the same texts and canonical forms
 * (memory units, case, clamping, unsigned ranges …), alone and several at a time.
 *
 * Our engine is created with the oracle's persistence settings (`save ""`). Values that would
 * disturb the oracle's own connection (tiny timeouts, output-buffer limits, ports) are not sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frameEnd, oracleAvailable, Ours, Pair, show, startOracle } from "../support/differential.js";
import { knownDifference } from "./known-differences.js";

/** Parses a RESP2 CONFIG GET reply (flat array of bulk strings) into pairs. */
function pairs(frame: string): [string, string][] {
  const out: string[] = [];
  let pos = frame.indexOf("\r\n") + 2;
  while (pos < frame.length) {
    const nl = frame.indexOf("\r\n", pos);
    const len = Number(frame.slice(pos + 1, nl));
    out.push(frame.slice(nl + 2, nl + 2 + len));
    pos = nl + 2 + len + 2;
  }
  if (frameEnd(frame, 0) !== frame.length) throw new Error(`bad frame ${show(frame)}`);
  const res: [string, string][] = [];
  for (let i = 0; i < out.length; i += 2) res.push([out[i]!, out[i + 1]!]);
  return res;
}

const GENERIC_VALUES = [
  "0", "1", "-1", "2", "100", "10000", "abc", "", "1.5", "+1", " 1", "1 ", "01", "0x10",
  "99999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
  "1k", "1kb", "1KB", "2m", "3mb", "1g", "2Gb", "1tb", "10b", "-1mb", "kb", "1 mb",
  "50%", "0%", "-5%", "yes", "no", "YES", "No", "maybe", "y",
];

/** Values per parameter where the generic list would be unsafe for the oracle or pointless. */
const VALUES: Record<string, string[]> = {
  port: ["abc", "-1", "65536", "1.5", ""],
  bind: [],
  timeout: ["abc", "-1", "", "1.5", "2147483648"],
  maxclients: ["abc", "-1", "0", "", "4294967296", "10000"],
  maxmemory: ["abc", "-1", "", "-1mb", "1.5", "1tb", "0", "2gb", "99999999999999999999", "18446744073709551616", "0"],
  "maxmemory-clients": ["abc", "0", "1gb", "50%", "100%", "101%", "-5%", "0%", "%", "1.5%", "", "-1", "0"],
  dir: ["/tmp", ""],
  dbfilename: ["dump.rdb", "a/b.rdb", "a\\b", "", "x.rdb", "dump.rdb"],
  "client-output-buffer-limit": [
    "pubsub 32mb 8mb 60",
    "replica 256mb 64mb 60 pubsub 1gb 0 0",
    "slave 1 2 3",
    "normal 0 0 0",
    "master 1 1 1",
    "pubsub 1 2",
    "pubsub x 1 1",
    "pubsub 1 1 -1",
    "pubsub 1 1 1.5",
    "foo 1 1 1",
    "",
    "pubsub 33554432 8388608 60 slave 268435456 67108864 60",
  ],
  save: ["3600 1", "10", "0 1", "1 -1", "", "3600  1", "+10 5", "10 abc", "1 2 3 4", " 1 1", "900 1 300 10", "5 4294967297", ""],
  "latency-tracking-info-percentiles": ["50 99", "101", "abc", "", "0 100", "-1", "99.99 0.5", "1e1", "nan", "50  99", "50 99 99.9"],
  "notify-keyspace-events": ["KEA", "Ex", "x", "q", "", "AKE", "gxeKE", "A$lshzxetd", "KA", "mn", "Am", "KEgmn", "An", "AnKE", "nd", ""],
  requirepass: ["secret", "", "a b"],
  "enable-debug-command": ["no", "yes"],
  "enable-protected-configs": ["no"],
  appendonly: ["yes", "no", "maybe"],
};

/** The default each parameter must be put back to after its values were tried (the oracle's). */
const RESTORE: Record<string, string> = { save: "", dir: "/tmp" };

describe.skipIf(!oracleAvailable())("CONFIG vs redis-server", () => {
  let pair: Pair;
  const log: string[] = [];

  beforeAll(async () => {
    const oracle = await startOracle();
    if (oracle === undefined) throw new Error("oracle vanished");
    pair = new Pair(oracle, new Ours({ config: { save: "", port: 0 } }));
    // Both sides work from the same directory.
    await pair.both(["CONFIG", "SET", "dir", "/tmp"]);
  });
  afterAll(async () => {
    await pair?.close();
  });

  async function same(...argv: string[]): Promise<string> {
    log.push(argv.join(" "));
    const r = await pair.both(argv);
    if (knownDifference(argv) === undefined) {
      expect(r.ours, `${argv.map((a) => JSON.stringify(a)).join(" ")}\n  recent: ${log.slice(-6).join(" | ")}`).toBe(r.theirs);
    }
    return r.ours;
  }

  /** Our registered names: primaries and aliases (CONFIG GET * lists both). */
  function ourNames(): string[] {
    return pairs(pair.ours.engine.config.match(["*"]).flatMap(([n, v]) => [n, v]).reduce((f, x) => `${f}$${x.length}\r\n${x}\r\n`, `*${pair.ours.engine.config.match(["*"]).length * 2}\r\n`)).map(([n]) => n);
  }

  it("every parameter's default, under every name and in any case", async () => {
    const names = ourNames();
    expect(names.length).toBeGreaterThan(60);
    for (const name of names) {
      if (name === "port") continue; // the oracle listens on a unix socket only (port 0)
      await same("CONFIG", "GET", name);
      await same("CONFIG", "GET", name.toUpperCase());
    }
  });

  it("glob patterns, several patterns, duplicates, unknown names", async () => {
    const known = new Set(ourNames());
    for (const pats of [["*"], ["*max*"], ["hash-*"], ["*-ziplist-*"], ["MAXMEMORY*"], ["maxmemory", "maxmemory"], ["maxmemory", "MAXMEMORY"], ["max?emory"], ["[hz]*"], ["*", "hz"], ["nosuch"], ["nosuch*"], ["hz", "nosuch", "HZ", "timeout"]]) {
      const argv = ["CONFIG", "GET", ...pats];
      const r = await pair.both(argv);
      const theirs = new Map(pairs(r.theirs));
      const ours = new Map(pairs(r.ours));
      // The server knows parameters we do not register: compare on ours, and ours must all be there.
      for (const [n, v] of ours) {
        if (n === "port" || knownDifference(["CONFIG", "GET", n]) !== undefined) continue;
        expect(theirs.get(n), `${pats.join(" ")}: ${n}`).toBe(v);
      }
      for (const n of theirs.keys()) if (known.has(n.toLowerCase()) && !ours.has(n)) expect.fail(`${pats.join(" ")}: we miss ${n}`);
    }
    await same("CONFIG", "GET");
    // Several names: the server answers in its hash table's order, so compare as maps.
    const r = await pair.both(["CONFIG", "GET", "hz", "maxmemory", "nosuch", "HZ"]);
    expect(pairs(r.ours).sort()).toEqual(pairs(r.theirs).sort());
  });

  it("CONFIG SET: accepted values, canonical forms and error texts, parameter by parameter", async () => {
    const names = ourNames();
    for (const name of names) {
      const values = VALUES[name] ?? GENERIC_VALUES;
      const before = pairs(await pair.oracle.send(["CONFIG", "GET", name]))[0]?.[1] ?? "";
      for (const v of values) {
        await same("CONFIG", "SET", name, v);
        await same("CONFIG", "GET", name);
      }
      const restore = RESTORE[name] ?? before;
      await pair.both(["CONFIG", "SET", name, restore]);
      await same("CONFIG", "GET", name);
    }
  });

  it("CONFIG SET of several parameters is atomic and reports the first problem", async () => {
    await same("CONFIG", "SET", "hz", "20", "maxmemory-policy", "allkeys-lru");
    await same("CONFIG", "GET", "hz");
    await same("CONFIG", "GET", "maxmemory-policy");
    await same("CONFIG", "SET", "hz", "30", "maxmemory-policy", "bogus");
    await same("CONFIG", "GET", "hz");
    await same("CONFIG", "SET", "hz", "abc", "nosuch", "1");
    await same("CONFIG", "SET", "nosuch", "1", "hz", "abc");
    await same("CONFIG", "SET", "hz", "abc", "databases", "3");
    await same("CONFIG", "SET", "databases", "3", "hz", "abc");
    await same("CONFIG", "SET", "DATABASES", "3");
    await same("CONFIG", "SET", "rdbchecksum", "no");
    await same("CONFIG", "SET", "appendfilename", "x.aof");
    await same("CONFIG", "SET", "appenddirname", "d");
    await same("CONFIG", "SET", "hz", "10", "HZ", "11");
    await same("CONFIG", "SET", "hz", "10", "maxmemory", "1", "hz", "11");
    await same("CONFIG", "SET", "hash-max-ziplist-entries", "1", "hash-max-listpack-entries", "2");
    await same("CONFIG", "GET", "hash-max-ziplist-entries");
    await same("CONFIG", "SET", "hash-max-listpack-entries", "3", "hash-max-ziplist-entries", "4");
    await same("CONFIG", "GET", "hash-max-listpack-entries");
    await same("CONFIG", "SET", "hash-max-ziplist-entries", "x");
    await same("CONFIG", "SET", "Hash-Max-Ziplist-Entries", "x");
    await same("CONFIG", "SET", "lua-time-limit", "x");
    await same("CONFIG", "SET", "hash-max-listpack-entries", "512");
    await same("CONFIG", "SET", "maxmemory-policy", "noeviction", "hz", "10");
    await same("CONFIG", "SET", "hz");
    await same("CONFIG", "SET", "hz", "1", "timeout");
    await same("CONFIG", "SET");
    await same("CONFIG", "SET", "", "");
  });

  it("CONFIG RESETSTAT, REWRITE, HELP and unknown subcommands", async () => {
    await same("CONFIG", "RESETSTAT");
    await same("CONFIG", "RESETSTAT", "x");
    await same("CONFIG", "REWRITE");
    await same("CONFIG", "REWRITE", "x");
    await same("CONFIG", "HELP");
    await same("CONFIG", "HELP", "x");
    await same("CONFIG");
    await same("CONFIG", "NOSUCH");
    await same("config", "get-all");
  });
});

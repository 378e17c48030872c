/**
 * The server group through the engine alone: propagation and dirty-counter effects of the FLUSH
 * commands and SWAPDB, the hooks other modules rely on, INFO's counters (errorstats, commandstats,
 * keyspace, the dirty counter), CONFIG RESETSTAT, protected configs, DEBUG's subset and the key-spec
 * interpreter behind COMMAND GETKEYS.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, ManualClock, SeededRng, type Effect, type Engine, type Session } from "../../src/index.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";
import { keysFromSpecs } from "../../src/engine/key-specs.js";
import { registerDebugSubcommand } from "../../src/commands/server-debug.js";
import type { KeySpec } from "../../src/engine/command-types.js";

let engine: Engine;
afterEach(() => engine?.close());

function make(config: Record<string, string | number> = {}, clock = new ManualClock()): Engine {
  engine = createEngine({ clock, rng: new SeededRng(7), config });
  return engine;
}

function reply(s: Session, ...argv: string[]): Reply {
  const r = s.exec(argv);
  if (r instanceof PendingReply) throw new Error("unexpected pending reply");
  return r;
}

function run(s: Session, ...argv: string[]): string {
  return encodeReplyString(reply(s, ...argv), s.resp);
}

function info(s: Session, ...sections: string[]): string {
  return (reply(s, "INFO", ...sections) as { text: string }).text;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)\\r$`, "m").exec(text)?.[1];
}

describe("FLUSHDB, FLUSHALL, SWAPDB", () => {
  it("dirty counts removed keys; an empty flush changes nothing but is still logged", () => {
    const e = make();
    const s = e.createSession();
    const batches: Effect[][] = [];
    e.onEffects((b) => batches.push([...b]));
    run(s, "SET", "a", "1");
    run(s, "SET", "b", "2");
    const d0 = e.dirty;
    batches.length = 0;
    expect(run(s, "FLUSHDB")).toBe("+OK\r\n");
    expect(e.dirty - d0).toBe(2);
    expect(run(s, "FLUSHDB", "ASYNC")).toBe("+OK\r\n");
    expect(e.dirty - d0).toBe(2);
    expect(batches).toEqual([[{ db: 0, argv: ["FLUSHDB"] }], [{ db: 0, argv: ["FLUSHDB", "ASYNC"] }]]);
    run(s, "SELECT", "3");
    run(s, "SET", "c", "3");
    batches.length = 0;
    expect(run(s, "FLUSHALL", "SYNC")).toBe("+OK\r\n");
    expect(batches).toEqual([[{ db: 3, argv: ["FLUSHALL", "SYNC"] }]]);
    expect(run(s, "FLUSHALL", "NOW")).toBe("-ERR syntax error\r\n");
  });

  it("tells the whole-database listeners before a flush and after a swap", () => {
    const e = make();
    const s = e.createSession();
    const seen: string[] = [];
    e.dbChangeListeners.push((db, other) => seen.push(other === undefined ? `flush ${db.id} size ${db.size}` : `swap ${db.id} ${other.id}`));
    run(s, "SET", "a", "1");
    run(s, "FLUSHDB");
    run(s, "SWAPDB", "2", "5");
    run(s, "SWAPDB", "1", "1");
    run(s, "FLUSHALL");
    expect(seen.slice(0, 3)).toEqual(["flush 0 size 1", "swap 2 5", "flush 0 size 0"]);
    expect(seen).toHaveLength(2 + e.databaseCount);
  });

  it("SWAPDB exchanges contents, TTLs included, and every session keeps its number", () => {
    const e = make();
    const a = e.createSession();
    const b = e.createSession();
    run(a, "SET", "k", "v");
    run(a, "EXPIRE", "k", "100");
    run(b, "SELECT", "1");
    expect(run(a, "SWAPDB", "0", "1")).toBe("+OK\r\n");
    expect(run(b, "GET", "k")).toBe("$1\r\nv\r\n");
    expect(run(b, "TTL", "k")).toBe(":100\r\n");
    expect(run(a, "DBSIZE")).toBe(":0\r\n");
    expect(run(a, "SWAPDB", "0", "x")).toBe("-ERR invalid second DB index\r\n");
    expect(run(a, "SWAPDB", "0", "16")).toBe("-ERR DB index is out of range\r\n");
  });

  it("the database count comes from the databases setting", () => {
    const s = make({ databases: 2 }).createSession();
    expect(run(s, "SELECT", "1")).toBe("+OK\r\n");
    expect(run(s, "SELECT", "2")).toBe("-ERR DB index is out of range\r\n");
    expect(run(s, "SWAPDB", "0", "2")).toBe("-ERR DB index is out of range\r\n");
  });
});

describe("TIME", () => {
  it("reads the engine clock: seconds and microseconds as bulk strings", () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1) + 1234);
    const s = make({}, clock).createSession();
    expect(run(s, "TIME")).toBe(`*2\r\n$10\r\n${Date.UTC(2025, 0, 1) / 1000 + 1}\r\n$6\r\n234000\r\n`);
  });
});

describe("INFO", () => {
  it("counts commands, errors by code, keyspace and the dirty counter", () => {
    const e = make();
    const s = e.createSession();
    run(s, "SET", "a", "1");
    run(s, "SET", "b", "1");
    run(s, "EXPIRE", "b", "10");
    run(s, "GET", "a");
    run(s, "GET", "nope");
    run(s, "NOSUCH");
    run(s, "GET");
    run(s, "HELLO", "9");
    const text = info(s, "everything");
    expect(field(text, "redis_version")).toBe("7.2.4");
    expect(field(text, "rdb_changes_since_last_save")).toBe("3");
    expect(field(text, "keyspace_hits")).toBe("1");
    expect(field(text, "keyspace_misses")).toBe("1");
    expect(field(text, "total_error_replies")).toBe("3");
    expect(field(text, "errorstat_ERR")).toBe("count=2");
    expect(field(text, "errorstat_NOPROTO")).toBe("count=1");
    expect(field(text, "cmdstat_set")).toBe("calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0");
    expect(field(text, "cmdstat_get")).toBe("calls=2,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0");
    expect(field(text, "cmdstat_hello")).toBe("calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1");
    expect(field(text, "db0")).toBe("keys=2,expires=1,avg_ttl=0");
    expect(field(text, "connected_clients")).toBe("1");
    expect(field(text, "role")).toBe("master");
    expect(text.startsWith("# Server\r\n")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    // Default sections: no commandstats; sections are case-insensitive and printed in Redis's order.
    expect(info(s)).not.toContain("# Commandstats");
    expect([...info(s, "KEYSPACE", "server").matchAll(/^# (\w+)/gm)].map((m) => m[1])).toEqual(["Server", "Keyspace"]);
    expect(encodeReplyString(reply(s, "INFO", "cluster"), 3)).toBe("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
  });

  it("CONFIG RESETSTAT zeroes the counters, not the dataset", () => {
    const e = make();
    const s = e.createSession();
    run(s, "SET", "a", "1");
    run(s, "GET", "x");
    run(s, "NOSUCH");
    expect(run(s, "CONFIG", "RESETSTAT")).toBe("+OK\r\n");
    const text = info(s, "stats", "commandstats", "errorstats", "keyspace");
    expect(field(text, "keyspace_misses")).toBe("0");
    expect(field(text, "total_error_replies")).toBe("0");
    expect(text).not.toContain("errorstat_");
    expect(text).not.toContain("cmdstat_get");
    // A command is counted once it has run: RESETSTAT itself shows, this INFO does not yet.
    // Its own call is counted after it ran, with its time (CONFIG is timed: slowlog.ts).
    expect(field(text, "cmdstat_config\\|resetstat")).toMatch(/^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    expect(text).not.toContain("cmdstat_info");
    expect(field(text, "db0")).toBe("keys=1,expires=0,avg_ttl=0");
  });
});

describe("CONFIG", () => {
  it("createEngine applies the config and refuses bad values in CONFIG SET's words", () => {
    const s = make({ hz: "100", "maxmemory-policy": "allkeys-lfu", "notify-keyspace-events": "KEA" }).createSession();
    expect(run(s, "CONFIG", "GET", "hz")).toBe("*2\r\n$2\r\nhz\r\n$3\r\n100\r\n");
    expect(engine.lfuPolicy).toBe(true);
    expect(engine.notifyMask).not.toBe(0);
    expect(() => createEngine({ config: { hz: "fast" } })).toThrow(
      "createEngine: CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer",
    );
  });

  it("protected parameters and DEBUG follow enable-protected-configs / enable-debug-command", () => {
    const e = make({ "enable-protected-configs": "no", "enable-debug-command": "local" });
    const s = e.createSession();
    expect(run(s, "CONFIG", "SET", "dbfilename", "x.rdb")).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n",
    );
    expect(run(s, "DEBUG", "SLEEP", "0")).toBe("+OK\r\n");
    s.addr = "10.1.2.3:4567";
    expect(run(s, "DEBUG", "SLEEP", "0")).toMatch(/^-ERR DEBUG command not allowed\. If the enable-debug-command option is set to "local"/);
  });

  it("notify-keyspace-events shows Redis's form but keeps every flag (n next to A)", () => {
    const s = make().createSession();
    expect(run(s, "CONFIG", "SET", "notify-keyspace-events", "KEAn")).toBe("+OK\r\n");
    expect(run(s, "CONFIG", "GET", "notify-keyspace-events")).toBe("*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n");
    const events: string[] = [];
    engine.publish = (channel) => events.push(channel);
    run(s, "SET", "k", "v");
    expect(events).toContain("__keyevent@0__:new");
  });

  it("REWRITE has no file to write", () => {
    const s = make().createSession();
    expect(run(s, "CONFIG", "REWRITE")).toBe("-ERR The server is running without a config file\r\n");
  });
});

describe("DEBUG", () => {
  it("SLEEP waits on a real clock and returns at once on a manual one", () => {
    const s = make().createSession();
    expect(run(s, "DEBUG", "SLEEP", "100")).toBe("+OK\r\n");
    engine.close();
    engine = createEngine();
    const t = engine.createSession();
    const start = Date.now();
    expect(run(t, "DEBUG", "SLEEP", "0.05")).toBe("+OK\r\n");
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
  });

  it("SET-ACTIVE-EXPIRE switches the active expiry cycle", () => {
    const clock = new ManualClock();
    const e = make({}, clock);
    const s = e.createSession();
    run(s, "DEBUG", "SET-ACTIVE-EXPIRE", "0");
    expect(e.activeExpireEnabled).toBe(false);
    run(s, "SET", "k", "v", "PX", "10");
    clock.advance(1000);
    expect(e.db(0).size).toBe(1);
    run(s, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
    clock.advance(1000);
    expect(e.db(0).size).toBe(0);
  });

  it("OBJECT prints Redis's line without touching or expiring the key", () => {
    const s = make().createSession();
    run(s, "SET", "n", "42");
    run(s, "SET", "s", "x".repeat(50));
    expect(run(s, "DEBUG", "OBJECT", "n")).toMatch(
      /^\+Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int serializedlength:2 lru:\d+ lru_seconds_idle:0\r\n$/,
    );
    expect(run(s, "DEBUG", "OBJECT", "s")).toMatch(/ refcount:1 encoding:raw serializedlength:51 /);
    expect(run(s, "DEBUG", "OBJECT", "none")).toBe("-ERR no such key\r\n");
  });

  it("PROTOCOL push goes through the session's push channel in RESP3", () => {
    const s = make().createSession();
    const pushed: string[] = [];
    s.onPush = (f) => pushed.push(encodeReplyString(f, 3));
    expect(run(s, "DEBUG", "PROTOCOL", "push")).toBe("-ERR RESP2 is not supported by this command\r\n");
    run(s, "HELLO", "3");
    expect(run(s, "DEBUG", "PROTOCOL", "push")).toBe("$40\r\nSome real reply following the push reply\r\n");
    expect(pushed).toEqual([">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n"]);
  });

  it("other modules can add subcommands; unknown ones answer Redis's text", () => {
    registerDebugSubcommand("test-only-echo", -3, (_s, argv) => argv.slice(2));
    const s = make().createSession();
    expect(run(s, "DEBUG", "TEST-ONLY-ECHO", "a", "b")).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    expect(run(s, "DEBUG", "TEST-ONLY-ECHO")).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'TEST-ONLY-ECHO'. Try DEBUG HELP.\r\n",
    );
    expect(run(s, "debug", "jmap")).toBe("-ERR unknown subcommand or wrong number of arguments for 'jmap'. Try DEBUG HELP.\r\n");
  });
});

describe("key specs (COMMAND GETKEYS)", () => {
  const spec = (bs: KeySpec["bs"], fk: KeySpec["fk"], flags: string[] = ["RO"]): KeySpec => ({ flags, bs, fk });

  it("keyword searches forward from startfrom, or backward when it is negative", () => {
    const fwd = spec({ type: "keyword", keyword: "STREAMS", startfrom: 1 }, { type: "range", lastkey: -1, keystep: 1, limit: 2 });
    expect(keysFromSpecs([fwd], ["XREAD", "COUNT", "2", "streams", "a", "b", "0", "0"])?.map((k) => k.pos)).toEqual([4, 5]);
    const back = spec({ type: "keyword", keyword: "STORE", startfrom: -2 }, { type: "range", lastkey: 0, keystep: 1, limit: 0 });
    expect(keysFromSpecs([back], ["CMD", "STORE", "x", "STORE", "y", "z"])?.map((k) => k.pos)).toEqual([4]);
    expect(keysFromSpecs([back], ["CMD", "a", "b"])).toEqual([]);
  });

  it("keynum specs read the count; out-of-range or bad counts make the spec unusable", () => {
    const keynum = spec({ type: "index", index: 2 }, { type: "keynum", keynumidx: 0, firstkey: 1, keystep: 1 });
    expect(keysFromSpecs([keynum], ["EVAL", "s", "2", "a", "b", "c"])?.map((k) => k.pos)).toEqual([3, 4]);
    expect(keysFromSpecs([keynum], ["EVAL", "s", "3", "a"])).toBeUndefined();
    expect(keysFromSpecs([keynum], ["EVAL", "s", "x", "a"])).toBeUndefined();
    expect(keysFromSpecs([keynum], ["EVAL", "s", "-1", "a"])).toBeUndefined();
  });

  it("negative last keys and NOT_KEY / INCOMPLETE specs", () => {
    const range = spec({ type: "index", index: 1 }, { type: "range", lastkey: -2, keystep: 2, limit: 0 });
    expect(keysFromSpecs([range], ["MSET", "a", "1", "b", "2"])?.map((k) => k.pos)).toEqual([1, 3]);
    const notKey = spec({ type: "index", index: 1 }, { type: "range", lastkey: 0, keystep: 1, limit: 0 }, ["NOT_KEY"]);
    expect(keysFromSpecs([notKey], ["X", "a"])).toEqual([]);
    expect(keysFromSpecs([notKey], ["X", "a"], true)?.map((k) => k.pos)).toEqual([1]);
    const incomplete = spec({ type: "index", index: 1 }, { type: "range", lastkey: 0, keystep: 1, limit: 0 }, ["RO", "INCOMPLETE"]);
    expect(keysFromSpecs([incomplete], ["X", "a"])).toBeUndefined();
  });

  it("COMMAND GETKEYSANDFLAGS uses SET's procedure for its variable flags", () => {
    const s = make().createSession();
    expect(run(s, "COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "GET")).toBe("*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
    expect(run(s, "COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  });
});

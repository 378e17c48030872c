/**
 * The connection group through the engine alone: what a differential test cannot observe on one
 * socket (QUIT and CLIENT KILL closing sessions, CLIENT REPLY silencing replies, several sessions in
 * CLIENT LIST), and the session state HELLO, RESET and AUTH leave behind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, ManualClock, RedisError, SeededRng, type Engine, type Session } from "../../src/index.js";
import { NoReply, PendingReply, type Reply } from "../../src/engine/reply.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";

let engine: Engine;
afterEach(() => engine?.close());

function make(config: Record<string, string | number> = {}): Engine {
  engine = createEngine({ clock: new ManualClock(), rng: new SeededRng(1), config });
  return engine;
}

/** Runs a command and returns its RESP frame in the session's protocol ("" when nothing is sent). */
function run(s: Session, ...argv: string[]): string {
  const r = s.exec(argv);
  if (r instanceof PendingReply) throw new Error("unexpected pending reply");
  return encodeReplyString(r, s.resp);
}

function reply(s: Session, ...argv: string[]): Reply {
  const r = s.exec(argv);
  if (r instanceof PendingReply) throw new Error("unexpected pending reply");
  return r;
}

describe("QUIT", () => {
  it("answers +OK first, then the session is closed and its transport told", async () => {
    const s = make().createSession();
    let closedBeforeReply = true;
    let told = 0;
    s.onClose = () => told++;
    const frame = run(s, "QUIT");
    closedBeforeReply = told > 0;
    expect(frame).toBe("+OK\r\n");
    expect(closedBeforeReply).toBe(false);
    expect(s.closed).toBe(true);
    expect(engine.session(s.id)).toBeUndefined();
    await Promise.resolve();
    expect(told).toBe(1);
    expect(run(s, "PING")).toMatch(/^-ERR/);
  });
});

describe("CLIENT KILL", () => {
  it("closes the other session at once; the caller is skipped unless SKIPME no", async () => {
    const e = make();
    const a = e.createSession();
    const b = e.createSession();
    let bClosed = false;
    b.onClose = () => (bClosed = true);
    expect(run(a, "CLIENT", "KILL", "ID", String(b.id))).toBe(":1\r\n");
    expect(bClosed).toBe(true);
    expect(b.closed).toBe(true);
    expect(run(a, "CLIENT", "KILL", "ID", String(a.id))).toBe(":0\r\n");
    expect(a.closed).toBe(false);
    expect(run(a, "CLIENT", "KILL", "ID", String(a.id), "SKIPME", "no")).toBe(":1\r\n");
    expect(a.closed).toBe(true);
  });

  it("old form by address (may kill itself), TYPE and USER filters", () => {
    const e = make();
    const a = e.createSession();
    const b = e.createSession();
    b.addr = "10.0.0.2:5000";
    const c = e.createSession();
    c.addr = "10.0.0.3:5000";
    c.subscriptions.channels = 1;
    expect(run(a, "CLIENT", "KILL", "10.0.0.9:1")).toBe("-ERR No such client\r\n");
    expect(run(a, "CLIENT", "KILL", "10.0.0.2:5000")).toBe("+OK\r\n");
    expect(b.closed).toBe(true);
    expect(run(a, "CLIENT", "KILL", "TYPE", "pubsub")).toBe(":1\r\n");
    expect(c.closed).toBe(true);
    const d = e.createSession();
    expect(run(a, "CLIENT", "KILL", "USER", "default")).toBe(":1\r\n");
    expect(d.closed).toBe(true);
    expect(a.closed).toBe(false);
    expect(run(a, "CLIENT", "KILL", "127.0.0.1:0")).toBe("+OK\r\n");
    expect(a.closed).toBe(true);
  });
});

describe("CLIENT REPLY", () => {
  it("OFF silences every reply until ON; SKIP silences just the next command", () => {
    const s = make().createSession();
    expect(reply(s, "CLIENT", "REPLY", "OFF")).toBe(NoReply.instance);
    expect(reply(s, "SET", "k", "v")).toBe(NoReply.instance);
    expect(reply(s, "GET", "nosuchcommand-typo", "x")).toBe(NoReply.instance);
    expect(reply(s, "CLIENT", "REPLY", "SKIP")).toBe(NoReply.instance);
    expect(run(s, "CLIENT", "REPLY", "ON")).toBe("+OK\r\n");
    expect(run(s, "GET", "k")).toBe("$1\r\nv\r\n");
    expect(reply(s, "CLIENT", "REPLY", "SKIP")).toBe(NoReply.instance);
    expect(reply(s, "GET", "k")).toBe(NoReply.instance);
    expect(run(s, "GET", "k")).toBe("$1\r\nv\r\n");
    // ON right after SKIP still answers: it clears the skip of its own reply.
    reply(s, "CLIENT", "REPLY", "SKIP");
    expect(run(s, "CLIENT", "REPLY", "ON")).toBe("+OK\r\n");
  });

  it("errors are silenced too, and RESET turns replies back on", () => {
    const s = make().createSession();
    reply(s, "CLIENT", "REPLY", "OFF");
    expect(reply(s, "NOSUCH")).toBe(NoReply.instance);
    expect(run(s, "RESET")).toBe("+RESET\r\n");
    expect(run(s, "PING")).toBe("+PONG\r\n");
  });
});

describe("HELLO, AUTH and RESET", () => {
  it("HELLO 3 switches the protocol and answers Redis's map", () => {
    const s = make().createSession();
    const frame = run(s, "HELLO", "3", "SETNAME", "me");
    expect(s.resp).toBe(3);
    expect(frame).toBe(
      `%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.4\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:${s.id}\r\n` +
        "$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n",
    );
    expect(run(s, "CLIENT", "GETNAME")).toBe("$2\r\nme\r\n");
  });

  it("AUTH and HELLO AUTH follow requirepass", () => {
    const e = make({ requirepass: "s3cret" });
    const s = e.createSession();
    expect(run(s, "AUTH", "wrong")).toBe("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    expect(run(s, "AUTH", "s3cret")).toBe("+OK\r\n");
    expect(run(s, "AUTH", "default", "s3cret")).toBe("+OK\r\n");
    expect(run(s, "AUTH", "other", "s3cret")).toMatch(/^-WRONGPASS/);
    expect(run(s, "HELLO", "3", "AUTH", "default", "nope")).toMatch(/^-WRONGPASS/);
    expect(s.resp).toBe(2);
    // RESET de-authenticates when a password is required (clientSetDefaultAuth).
    run(s, "RESET");
    expect(s.authenticated).toBe(false);
    expect(run(s, "HELLO", "3")).toMatch(/^-NOAUTH HELLO must be called/);
    expect(run(s, "HELLO", "3", "AUTH", "default", "s3cret")).toMatch(/^%7\r\n/);
    expect(s.authenticated).toBe(true);
  });

  it("RESET: db 0, RESP2, no name, flags cleared, module hooks run; lib-name stays", () => {
    const e = make();
    const s = e.createSession();
    const seen: number[] = [];
    e.sessionResetHooks.push((x) => seen.push(x.id));
    run(s, "HELLO", "3", "SETNAME", "n");
    run(s, "SELECT", "4");
    run(s, "CLIENT", "NO-EVICT", "on");
    run(s, "CLIENT", "NO-TOUCH", "on");
    run(s, "CLIENT", "SETINFO", "LIB-NAME", "mylib");
    expect(run(s, "RESET")).toBe("+RESET\r\n");
    expect([s.dbIndex, s.resp, s.name, s.noEvict, s.noTouch, s.libName]).toEqual([0, 2, "", false, false, "mylib"]);
    expect(seen).toEqual([s.id]);
  });

  it("PING in a subscribed RESP2 session answers the array form", () => {
    const s = make().createSession();
    s.subscriptions.channels = 1;
    expect(run(s, "PING")).toBe("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
    expect(run(s, "PING", "hi")).toBe("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
    s.resp = 3;
    expect(run(s, "PING")).toBe("+PONG\r\n");
  });
});

describe("CLIENT LIST / INFO / ID", () => {
  it("one line per session, filters by TYPE and ID, flags and counters", () => {
    const e = make();
    const a = e.createSession();
    const b = e.createSession();
    b.multiCount = 2;
    b.noEvict = true;
    run(a, "CLIENT", "SETNAME", "alpha");
    const list = (reply(a, "CLIENT", "LIST") as { text: string }).text;
    const lines = list.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^id=${a.id} addr=127\\.0\\.0\\.1:0 laddr=127\\.0\\.0\\.1:6379 fd=-1 name=alpha age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 `));
    expect(lines[0]).toMatch(/ argv-mem=10 .* cmd=client\|list user=default redir=-1 resp=2 lib-name= lib-ver=$/);
    expect(lines[1]).toMatch(/ flags=xe db=0 .* multi=2 .* cmd=NULL /);
    expect((reply(a, "CLIENT", "LIST", "ID", String(b.id), "999") as { text: string }).text.split("\n")).toHaveLength(2);
    expect((reply(a, "CLIENT", "LIST", "TYPE", "pubsub") as { text: string }).text).toBe("");
    expect((reply(a, "CLIENT", "LIST", "TYPE", "normal") as { text: string }).text.split("\n")).toHaveLength(3);
    expect(run(a, "CLIENT", "ID")).toBe(`:${a.id}\r\n`);
    expect((reply(b, "CLIENT", "INFO") as { text: string }).text).toMatch(new RegExp(`^id=${b.id} .*\\n$`));
  });

  it("age and idle follow the engine clock", () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    engine = createEngine({ clock, rng: new SeededRng(1) });
    const a = engine.createSession();
    const b = engine.createSession();
    clock.advance(5000);
    run(b, "PING");
    clock.advance(3000);
    // The caller's own command counts as an interaction (idle=0), as in Redis.
    const text = (reply(a, "CLIENT", "LIST") as { text: string }).text;
    expect(text).toMatch(new RegExp(`id=${a.id} .* age=8 idle=0 `));
    expect(text).toMatch(new RegExp(`id=${b.id} .* age=8 idle=3 `));
  });

  it("CLIENT HELP names the command as typed", () => {
    const s = make().createSession();
    const help = reply(s, "client", "help") as { value: string }[];
    expect(help[0]!.value).toBe("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    expect(help.at(-1)!.value).toBe("    Print this help.");
    expect(reply(s, "CLIENT", "SETINFO", "lib-ver", "1.0\x00 x")).not.toBeInstanceOf(RedisError);
  });
});

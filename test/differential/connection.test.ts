/**
 * Differential tests of the connection group against a real redis-server (a private one for this
 * file: SELECT, HELLO and RESET change connection state). Replies are compared byte for byte; HELLO's
 * map is compared with the server version blanked out (we claim 7.2, the oracle is 7.0) and the
 * connection id replaced (ids differ between the two servers). Commands that end the connection or
 * silence it (QUIT, CLIENT KILL of itself, CLIENT REPLY OFF) are covered by test/commands/connection.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bin, oracleAvailable, Ours, Pair, show, startOracle } from "../support/differential.js";
import { knownDifference } from "./known-differences.js";
import { REDIS_VERSION } from "../../src/engine/version.js";

describe.skipIf(!oracleAvailable())("connection group vs redis-server", () => {
  let pair: Pair;

  beforeAll(async () => {
    const oracle = await startOracle();
    if (oracle === undefined) throw new Error("oracle vanished");
    pair = new Pair(oracle, new Ours());
  });
  afterAll(async () => {
    await pair?.close();
  });
  beforeEach(async () => {
    await pair.both(["RESET"]);
    await pair.both(["FLUSHALL"]);
    pair.log.length = 0;
  });

  const context = () => `\n  log (last 20):\n    ${pair.log.slice(-20).map((a) => show(a.join(" "))).join("\n    ")}`;

  async function same(...argv: string[]): Promise<string> {
    const r = await pair.both(argv);
    if (knownDifference(argv) === undefined) expect(r.ours, `${argv.join(" ")}${context()}`).toBe(r.theirs);
    return r.ours;
  }

  /** HELLO's reply with the version and the connection id made comparable. */
  async function sameHello(...argv: string[]): Promise<void> {
    const r = await pair.both(argv);
    const norm = (frame: string): string =>
      frame
        .replace(/\$7\r\nversion\r\n\$\d+\r\n[0-9.]+\r\n/, "$7\r\nversion\r\n$<v>\r\n<version>\r\n")
        .replace(/\$2\r\nid\r\n:\d+\r\n/, "$2\r\nid\r\n:<id>\r\n");
    expect(norm(r.ours), `${argv.join(" ")}${context()}`).toBe(norm(r.theirs));
    if (r.ours.startsWith("%") || r.ours.startsWith("*")) expect(r.ours).toContain(`\r\n${REDIS_VERSION}\r\n`);
  }

  it("PING and ECHO, in RESP2 and RESP3", async () => {
    await same("PING");
    await same("ping", "hello");
    await same("PING", "");
    await same("PING", bin("héllo\x00\xff"));
    await same("PING", "a", "b");
    await same("ECHO");
    await same("ECHO", "x", "y");
    await same("ECHO", bin("binary\r\n\x00"));
    await same("echo", "");
    await sameHello("HELLO", "3");
    await same("PING");
    await same("PING", "x");
    await same("ECHO", "y");
    await same("PING", "a", "b");
  });

  it("SELECT: ranges, integer parsing, per-db keyspaces", async () => {
    for (const arg of ["0", "15", "16", "-1", "abc", "1.5", " 1", "1 ", "+1", "01", "99999999999", "-99999999999", "2147483648", "-2147483649", ""]) {
      await same("SELECT", arg);
    }
    await same("SELECT");
    await same("SELECT", "1", "2");
    await same("SELECT", "3");
    await same("SET", "k", "in3");
    await same("SELECT", "4");
    await same("GET", "k");
    await same("DBSIZE");
    await same("SELECT", "3");
    await same("GET", "k");
    await same("DBSIZE");
  });

  it("HELLO: protocol versions, AUTH, SETNAME and their errors", async () => {
    await sameHello("HELLO");
    await sameHello("HELLO", "2");
    await sameHello("HELLO", "3");
    await sameHello("HELLO");
    await sameHello("HELLO", "2");
    for (const v of ["1", "4", "0", "-1", "abc", "3.0", "99999999999999999999", ""]) await same("HELLO", v);
    await same("HELLO", "3", "foo");
    await same("HELLO", "3", "AUTH");
    await same("HELLO", "3", "AUTH", "default");
    await same("HELLO", "3", "SETNAME");
    await same("HELLO", "3", "setname", "a b");
    await same("HELLO", "3", "SETNAME", "x\n");
    await same("HELLO", "3", "AUTH", "nobody", "pw");
    await same("HELLO", "3", "AUTH", "Default", "pw");
    await same("HELLO", "2", "SETNAME", "ok", "bogus");
    await sameHello("HELLO", "3", "AUTH", "default", "anything");
    await sameHello("HELLO", "2", "auth", "default", "", "setname", "conn-1");
    await same("CLIENT", "GETNAME");
    await sameHello("HELLO", "3", "SETNAME", "");
    await same("CLIENT", "GETNAME");
    await sameHello("HELLO", "2", "SETNAME", "a", "SETNAME", "b");
    await same("CLIENT", "GETNAME");
    // A failing HELLO changes nothing: protocol and name stay.
    await same("HELLO", "3", "SETNAME", "bad name");
    await same("CLIENT", "GETNAME");
    await same("PING");
  });

  it("AUTH without requirepass", async () => {
    await same("AUTH");
    await same("AUTH", "pw");
    await same("AUTH", "default", "pw");
    await same("AUTH", "default", "");
    await same("AUTH", "nobody", "pw");
    await same("AUTH", "a", "b", "c");
  });

  it("CLIENT SETNAME / GETNAME / SETINFO validation", async () => {
    await same("CLIENT", "GETNAME");
    await same("CLIENT", "SETNAME", "myname");
    await same("CLIENT", "GETNAME");
    for (const bad of ["a b", "a\nb", "tab\t", bin("é"), "\x7f", "\x01"]) await same("CLIENT", "SETNAME", bad);
    await same("CLIENT", "GETNAME");
    await same("CLIENT", "SETNAME", "!~{}[]:=");
    await same("CLIENT", "GETNAME");
    await same("CLIENT", "SETNAME", "");
    await same("CLIENT", "GETNAME");
    await same("CLIENT", "SETNAME");
    await same("CLIENT", "SETNAME", "a", "b");
    await same("CLIENT", "GETNAME", "x");
    await same("CLIENT", "ID", "x");
    // 7.2-only subcommands: compared only where a known difference does not apply.
    await same("CLIENT", "SETINFO", "lib-name", "redis-anywhere");
    await same("CLIENT", "SETINFO", "LIB-VER", "1.0");
    await same("CLIENT", "SETINFO", "lib-name", "a b");
    await same("CLIENT", "SETINFO", "foo", "bar");
  });

  it("CLIENT KILL, LIST, REPLY, NO-EVICT, NO-TOUCH argument errors", async () => {
    await same("CLIENT", "KILL");
    await same("CLIENT", "KILL", "1.2.3.4:5");
    await same("CLIENT", "KILL", "ADDR", "1.2.3.4:5");
    await same("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME", "no");
    await same("CLIENT", "KILL", "LADDR", "1.2.3.4:5");
    await same("CLIENT", "KILL", "ID", "999999");
    await same("CLIENT", "KILL", "ID", "0");
    await same("CLIENT", "KILL", "ID", "-5");
    await same("CLIENT", "KILL", "ID", "abc");
    await same("CLIENT", "KILL", "TYPE", "foo");
    await same("CLIENT", "KILL", "TYPE", "master");
    await same("CLIENT", "KILL", "TYPE", "replica");
    await same("CLIENT", "KILL", "TYPE", "pubsub");
    await same("CLIENT", "KILL", "USER", "nobody");
    await same("CLIENT", "KILL", "SKIPME", "maybe");
    await same("CLIENT", "KILL", "FOO", "bar");
    await same("CLIENT", "KILL", "ID", "5", "SKIPME");
    await same("CLIENT", "KILL", "ID", "abc", "FOO", "bar");
    await same("CLIENT", "LIST", "TYPE", "foo");
    await same("CLIENT", "LIST", "TYPE");
    await same("CLIENT", "LIST", "TYPE", "master");
    await same("CLIENT", "LIST", "TYPE", "replica");
    await same("CLIENT", "LIST", "ID");
    await same("CLIENT", "LIST", "ID", "abc");
    await same("CLIENT", "LIST", "ID", "99999");
    await same("CLIENT", "LIST", "ID", "99999", "x");
    await same("CLIENT", "LIST", "foo");
    await same("CLIENT", "LIST", "foo", "bar", "baz");
    await same("CLIENT", "INFO", "x");
    await same("CLIENT", "REPLY");
    await same("CLIENT", "REPLY", "maybe");
    await same("CLIENT", "REPLY", "ON");
    await same("CLIENT", "NO-EVICT", "maybe");
    await same("CLIENT", "NO-EVICT", "on");
    await same("CLIENT", "NO-EVICT", "OFF");
    await same("CLIENT", "NO-EVICT");
    await same("CLIENT", "NO-TOUCH", "on");
    await same("CLIENT", "NO-TOUCH", "maybe");
    await same("CLIENT");
    await same("CLIENT", "NOSUCH");
    await same("client", "nosuch", "a", "b");
  });

  it("CLIENT INFO and CLIENT LIST have Redis's fields, in order", async () => {
    const fields = (frame: string): string[] =>
      frame
        .split("\r\n")[1]!
        .split(" ")
        .map((kv) => kv.slice(0, kv.indexOf("=")));
    const theirs = await pair.oracle.send(["CLIENT", "INFO"]);
    const ours = await pair.ours.send(["CLIENT", "INFO"]);
    // 7.2 appends lib-name and lib-ver (CLIENT SETINFO), which 7.0 does not print.
    expect(fields(ours)).toEqual([...fields(theirs), "lib-name", "lib-ver"]);
    expect(ours).toMatch(/^\$\d+\r\nid=\d+ .* cmd=client\|info user=default redir=-1 resp=2 lib-name=\S* lib-ver=\S*\n\r\n$/);
    const list = await pair.ours.send(["CLIENT", "LIST"]);
    expect(list).toMatch(/ cmd=client\|list /);
  });

  it("RESET returns the connection to its initial state", async () => {
    await sameHello("HELLO", "3", "SETNAME", "before");
    await same("SELECT", "5");
    await same("SET", "k", "v");
    await same("CLIENT", "NO-EVICT", "on");
    await same("RESET");
    await same("RESET", "x");
    await same("CLIENT", "GETNAME");
    await same("GET", "k");
    await same("PING");
    await same("SELECT", "5");
    await same("GET", "k");
  });
});

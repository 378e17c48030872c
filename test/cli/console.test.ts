/**
 * The `npm start` console: redis-cli's argument splitting and reply formatting (src/cli/format.ts),
 * the Console class on an engine, and the built program driven through a pipe.
 *
 * Formatting is checked against literals and, when redis-server and redis-cli are installed, against
 * redis-cli itself: the same command is sent to a private redis-server once over a raw socket (we format
 * the raw RESP frame) and once through `redis-cli --no-raw` (its human format); the texts must be equal.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { RedisError } from "../../src/engine/errors.js";
import { type Oracle, type RawConnection, startOracle } from "../support/differential.js";
import { BooleanReply, DoubleReply, MapReply, NullArray, OK, SetReply } from "../../src/engine/reply.js";
import {
  Console,
  formatCliReply,
  formatFrame,
  formatReply,
  parseResp,
  quoteRepr,
  splitArgs,
} from "../../src/cli/format.js";

describe("splitArgs (redis-cli's sdssplitargs)", () => {
  it.each([
    ["", []],
    ["   ", []],
    ["set a 1", ["set", "a", "1"]],
    ["  set   a\t1  ", ["set", "a", "1"]],
    ['set k "hello world"', ["set", "k", "hello world"]],
    ["set k 'hello world'", ["set", "k", "hello world"]],
    ['set k "\\x41\\x62\\n\\r\\t\\b\\a\\\\\\"\\q"', ["set", "k", "Ab\n\r\t\b\x07\\\"q"]],
    ['"\\xzz"', ["xzz"]],
    ["'it\\'s' 'a\\nb'", ["it's", "a\\nb"]],
    ['a"b c"', ["ab c"]],
    ['""', [""]],
    ["''", [""]],
    ['"\\xff\\x00"', ["\xff\x00"]],
  ])("%j", (line, expected) => {
    expect(splitArgs(line)).toEqual(expected);
  });

  it.each([['"abc'], ["'abc"], ['"a"b'], ["'a'b"], ['"abc\\']])("rejects unbalanced quotes: %j", (line) => {
    expect(splitArgs(line)).toBeUndefined();
  });
});

describe("reply formatting (redis-cli's TTY format)", () => {
  it("quotes bulk strings like sdscatrepr", () => {
    expect(quoteRepr("value")).toBe('"value"');
    expect(quoteRepr('a"\\\n\r\t\x07\b\x01\x7f\xc3\xa9 ~')).toBe('"a\\"\\\\\\n\\r\\t\\a\\b\\x01\\x7f\\xc3\\xa9 ~"');
    expect(quoteRepr("")).toBe('""');
  });

  it("prints every frame of a reply made of several (SUBSCRIBE to two channels)", () => {
    const frames = "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n";
    expect(formatFrame(frames)).toBe('1) "subscribe"\n2) "a"\n3) (integer) 1\n1) "subscribe"\n2) "b"\n3) (integer) 2\n');
  });

  it("formats engine replies", () => {
    expect(formatReply(OK)).toBe("OK\n");
    expect(formatReply(1)).toBe("(integer) 1\n");
    expect(formatReply(-9223372036854775808n)).toBe("(integer) -9223372036854775808\n");
    expect(formatReply(null)).toBe("(nil)\n");
    expect(formatReply(NullArray.instance)).toBe("(nil)\n");
    expect(formatReply("value")).toBe('"value"\n');
    expect(formatReply(new RedisError("ERR syntax error"))).toBe("(error) ERR syntax error\n");
    expect(formatReply([])).toBe("(empty array)\n");
    expect(formatReply(["a", 1, null, ["b", ["c"]], []])).toBe(
      '1) "a"\n2) (integer) 1\n3) (nil)\n4) 1) "b"\n   2) 1) "c"\n5) (empty array)\n',
    );
  });

  it("pads indexes to the widest one, and nested prefixes grow with it", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => String(i));
    const out = formatReply([eleven]);
    expect(out.split("\n").slice(0, 2)).toEqual(['1)  1) "0"', '    2) "1"']);
    expect(out.split("\n")[10]).toBe('   11) "10"');
  });

  it("folds RESP3 types on RESP2 and shows them on RESP3", () => {
    const map = new MapReply(["f", "v", "g", 2]);
    expect(formatReply(map, 2)).toBe('1) "f"\n2) "v"\n3) "g"\n4) (integer) 2\n');
    expect(formatReply(map, 3)).toBe('1# "f" => "v"\n2# "g" => (integer) 2\n');
    expect(formatReply(new MapReply([]), 3)).toBe("(empty hash)\n");
    expect(formatReply(new SetReply(["x"]), 3)).toBe('1~ "x"\n');
    expect(formatReply(new SetReply([]), 3)).toBe("(empty set)\n");
    expect(formatReply(new DoubleReply(1.5), 3)).toBe("(double) 1.5\n");
    expect(formatReply(new DoubleReply(1.5), 2)).toBe('"1.5"\n');
    expect(formatReply(BooleanReply.TRUE, 3)).toBe("(true)\n");
    expect(formatReply(BooleanReply.FALSE, 2)).toBe("(integer) 0\n");
    expect(formatReply(null, 3)).toBe("(nil)\n");
  });

  it("parses RESP3 frames redis-cli can receive", () => {
    expect(formatFrame("(12345678901234567890\r\n")).toBe("(big number) 12345678901234567890\n");
    expect(formatFrame("=7\r\ntxt:abc\r\n")).toBe("abc\n");
    expect(formatFrame("|1\r\n+a\r\n+b\r\n:1\r\n")).toBe("(integer) 1\n");
    // A multi-line map value starts on its own line; a one-line one stays beside its key.
    expect(formatFrame("%1\r\n$1\r\nk\r\n*2\r\n:1\r\n:2\r\n")).toBe('1# "k" => \n   1) (integer) 1\n   2) (integer) 2\n');
    expect(formatFrame("%1\r\n$1\r\nk\r\n%1\r\n$1\r\nf\r\n:1\r\n")).toBe('1# "k" => 1# "f" => (integer) 1\n');
    expect(formatCliReply(parseResp(">2\r\n$7\r\nmessage\r\n$1\r\nx\r\n")[0])).toBe('1) "message"\n2) "x"\n');
  });
});

describe("Console", () => {
  it("runs typed lines on its engine", async () => {
    const con = new Console(createEngine());
    expect(await con.line("SET greeting \"hello world\"")).toBe("OK\n");
    expect(await con.line("GET greeting")).toBe('"hello world"\n');
    expect(await con.line('SET bin "\\xc3\\xa9"')).toBe("OK\n");
    expect(await con.line("GET bin")).toBe('"\\xc3\\xa9"\n');
    expect(await con.line("SET utf é")).toBe("OK\n");
    expect(await con.line("GET utf")).toBe('"\\xc3\\xa9"\n');
    expect(await con.line("GET nothing")).toBe("(nil)\n");
    expect(await con.line("")).toBe("");
    expect(await con.line('GET "open')).toBe("Invalid argument(s)\n");
    expect(await con.line("2 GET greeting")).toBe('"hello world"\n"hello world"\n');
    expect(await con.line("0 GET greeting")).toBe("Invalid redis-cli repeat command option value.\n");
    expect(await con.line("NOSUCHCOMMAND x")).toBe(
      "(error) ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' \n",
    );
    expect(await con.line("help")).toContain('"help <command>"');
    expect(await con.line("help get")).toContain("group: string");
    expect(await con.line("quit")).toBeNull();
    expect(await con.line("EXIT")).toBeNull();
    con.close();
  });

  it("shows the selected database in the prompt", () => {
    const con = new Console(createEngine());
    expect(con.prompt).toBe("redis-anywhere> ");
    con.session.select(1);
    expect(con.prompt).toBe("redis-anywhere[1]> ");
    con.close();
  });

  const multiEngine = createEngine();
  it.skipIf(!multiEngine.commands.has("multi"))("marks a transaction in the prompt, as redis-cli does", async () => {
    const con = new Console(multiEngine);
    expect(await con.line("MULTI")).toBe("OK\n");
    expect(con.prompt).toBe("redis-anywhere(TX)> ");
    await con.line("EXEC");
    expect(con.prompt).toBe("redis-anywhere> ");
    con.close();
  });
});

const builtConsole = fileURLToPath(new URL("../../dist/cli/console.js", import.meta.url));

describe.skipIf(!existsSync(builtConsole))("the built console (npm start), fed through a pipe", () => {
  it("prints replies line by line and exits at end of input", () => {
    const r = spawnSync(process.execPath, [builtConsole], {
      input: 'SET a 1\nGET a\n\nSET b "x\\ny"\nGET b\nGET missing\n',
      encoding: "latin1",
      timeout: 20_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('OK\n"1"\nOK\n"x\\ny"\n(nil)\n');
  });

  it("stops at quit", () => {
    const r = spawnSync(process.execPath, [builtConsole], {
      input: "SET a 1\nquit\nGET a\n",
      encoding: "latin1",
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("OK\n");
  });
});

// ------------------------------------------------------------------ against the real redis-cli

const haveRedis =
  spawnSync("redis-server", ["--version"]).status === 0 && spawnSync("redis-cli", ["--version"]).status === 0;

describe.skipIf(!haveRedis)("formatting matches redis-cli --no-raw", () => {
  let oracle: Oracle | undefined;
  let sockPath = "";
  const conns: Record<2 | 3, RawConnection | undefined> = { 2: undefined, 3: undefined };

  beforeAll(async () => {
    oracle = await startOracle();
    sockPath = oracle!.path;
    conns[2] = await oracle!.connect();
    conns[3] = await oracle!.connect();
    await conns[3].send(["HELLO", "3"]);
    const setup: string[][] = [
      ["SET", "k", "v"],
      ["SET", "bin", 'a"\\\x01\x7f\t\n\xc3\xa9 ~'],
      ["SET", "empty", ""],
      ["RPUSH", "list", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"],
      ["HSET", "hash", "f1", "v1", "f2", "2"],
      ["SADD", "ints", "3", "1", "2"],
      ["ZADD", "z", "1.5", "m", "2", "n"],
    ];
    for (const argv of setup) await conns[2].send(argv);
  });

  afterAll(async () => {
    await oracle?.close();
  });

  const cases: string[][] = [
    ["SET", "k", "v"],
    ["GET", "k"],
    ["GET", "missing"],
    ["GET", "bin"],
    ["GET", "empty"],
    ["EXISTS", "k", "missing"],
    ["LRANGE", "list", "0", "-1"],
    ["LRANGE", "missing", "0", "-1"],
    ["HGETALL", "hash"],
    ["HGETALL", "missing"],
    ["SMEMBERS", "ints"],
    ["SMEMBERS", "missing"],
    ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
    ["ZSCORE", "z", "m"],
    ["ZSCORE", "z", "missing"],
    ["EVAL", "return {1,{2,{3,'x'}},'y',{},{1,2,3,4,5,6,7,8,9,10}}", "0"],
    ["SCAN", "0", "MATCH", "nothing*"],
    ["CONFIG", "GET", "maxmemory"],
    ["COMMAND", "DOCS", "GET"],
    ["COMMAND", "INFO", "GET"],
    ["NOSUCHCOMMAND", "x"],
    ["GET"],
    ["INCR", "hash"],
    // bignum and attrib are left out: redis-cli 7.0's hiredis cannot read them.
    ["DEBUG", "PROTOCOL", "verbatim"],
    ["DEBUG", "PROTOCOL", "map"],
    ["DEBUG", "PROTOCOL", "set"],
    ["DEBUG", "PROTOCOL", "true"],
    ["DEBUG", "PROTOCOL", "false"],
    ["DEBUG", "PROTOCOL", "double"],
    ["DEBUG", "PROTOCOL", "null"],
  ];

  for (const proto of [2, 3] as const) {
    it.each(cases.map((c) => [c.join(" "), c] as const))(`RESP${proto}: %s`, async (_name, argv) => {
      const frame = await conns[proto]!.send(argv);
      const cli = spawnSync("redis-cli", ["-s", sockPath, "--no-raw", ...(proto === 3 ? ["-3"] : []), ...argv], {
        encoding: "latin1",
      });
      expect(cli.status).toBe(0);
      expect(formatFrame(frame)).toBe(cli.stdout);
    });
  }
});

/**
 * redis.conf syntax and command-line options, turned into server settings and engine configuration.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { ConfigError, parseConfigText, parseOptionArgs } from "../../src/server/config-file.js";
import { resolveSettings } from "../../src/server/server-settings.js";
import { isLoopback, parseBind } from "../../src/server/serve.js";

const store = () => {
  const e = createEngine();
  e.close(); // the config store stays readable
  return e.config;
};

describe("redis.conf parsing", () => {
  it("splits lines like Redis: comments, blanks, quotes, case-insensitive names", () => {
    const text = [
      "# a comment",
      "",
      "   port 7000   ",
      "REQUIREPASS \"p w\\x21\"",
      "save 900 1",
      "save 60 10000",
      "  # indented comment",
      "client-output-buffer-limit pubsub 64mb 16mb 90",
      "bind 127.0.0.1 -::1",
      "daemonize no",
    ].join("\r\n");
    const d = parseConfigText(text);
    expect(d.map((x) => [x.name, x.args, x.origin])).toEqual([
      ["port", ["7000"], "line 3"],
      ["requirepass", ["p w!"], "line 4"],
      ["save", ["900", "1"], "line 5"],
      ["save", ["60", "10000"], "line 6"],
      ["client-output-buffer-limit", ["pubsub", "64mb", "16mb", "90"], "line 8"],
      ["bind", ["127.0.0.1", "-::1"], "line 9"],
      ["daemonize", ["no"], "line 10"],
    ]);
    const s = resolveSettings(d, store());
    expect(s.port).toBe(7000);
    expect(s.requirepass).toBe("p w!");
    expect(s.bind).toEqual(["127.0.0.1", "-::1"]);
    expect(s.engineConfig["save"]).toBe("900 1 60 10000");
    expect(s.engineConfig["client-output-buffer-limit"]).toBe("pubsub 64mb 16mb 90");
    expect(s.warnings).toEqual(["ignoring 'daemonize no' (line 10): not a directive redis-anywhere supports"]);
    const e = createEngine({ config: s.engineConfig });
    expect(e.config.get("client-output-buffer-limit")).toBe(
      "normal 0 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90",
    );
    expect(e.config.get("save")).toBe("900 1 60 10000");
    e.close();
  });

  it("reports errors in Redis's layout", () => {
    const err = (text: string): string => {
      try {
        resolveSettings(parseConfigText(text), store());
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err('port 1\nrequirepass "abc')).toBe(
      "\n*** FATAL CONFIG FILE ERROR (redis-anywhere) ***\nReading the configuration file, at line 2\n>>> 'requirepass \"abc'\nUnbalanced quotes in configuration line",
    );
    expect(err("port abc")).toContain("argument couldn't be parsed into an integer");
    expect(err("port 1 2")).toContain("wrong number of arguments");
    expect(err("maxmemory-policy sometimes")).toContain("argument(s) must be one of the following");
    expect(err("include other.conf")).toContain("include is not supported");

  });

  it("takes redis-server's command-line form, after the file", () => {
    const { directives, positional } = parseOptionArgs(["my.conf", "--port", "0", "--save", "", "--bind", "127.0.0.1", "::1", "--timeout=5"]);
    expect(positional).toEqual(["my.conf"]);
    expect(directives.map((d) => [d.name, d.args])).toEqual([
      ["port", ["0"]],
      ["save", [""]],
      ["bind", ["127.0.0.1", "::1"]],
      ["timeout", ["5"]],
    ]);
    const s = resolveSettings([...parseConfigText("port 7000\ntimeout 9\nsave 1 1"), ...directives], store());
    expect(s.port).toBe(0);
    expect(s.engineConfig["timeout"]).toBe("5");
    expect(s.engineConfig["save"]).toBe("");
    expect(s.bind).toEqual(["127.0.0.1", "::1"]);
  });
});

describe("bind addresses", () => {
  it("parses Redis's forms and knows loopback", () => {
    expect(parseBind("* -::* 127.0.0.1")).toEqual([
      { host: "0.0.0.0", optional: false },
      { host: "::", optional: true },
      { host: "127.0.0.1", optional: false },
    ]);
    expect(["127.0.0.1", "127.1.2.3", "::1", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "10.0.0.1", "192.168.1.1"].some(isLoopback)).toBe(false);
  });
});

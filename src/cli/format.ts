/**
 * The console's pure parts, shaped after redis-cli so that a session reads the same as one against a
 * real server: splitting a typed line into arguments (redis-cli's sdssplitargs) and printing a reply
 * in redis-cli's human ("TTY") format.
 *
 * Everything here works on binary strings (one char per byte, see engine/bytes.ts): a `\x41` escape
 * yields one byte, and replies print their bytes, with `"…"` escaping like redis-cli's sdscatrepr.
 *
 * A reply is printed by first encoding it as RESP for the session's protocol (the same encoder the
 * server uses, so RESP2 folds maps, doubles and booleans exactly as a socket client would see them),
 * then parsing that frame into the shape hiredis gives redis-cli, then formatting it. The last two
 * steps take raw frames too, which lets a test compare against a real redis-server + redis-cli.
 *
 * `Console` ties them to an engine session (help, repeat counts, the prompt). Nothing here touches a
 * platform API: console.ts is the Node host, and a browser console can drive the same class.
 */
import { COMMAND_META } from "../commands/meta.generated.js";
import { fromText } from "../engine/bytes.js";
import type { Engine } from "../engine/engine.js";
import { RedisError } from "../engine/errors.js";
import { PendingReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { encodeReplyString } from "../server/resp-encode.js";

// ---------------------------------------------------------------------------------------- splitting

// redis-cli splits a typed line as the server splits an inline command (sdssplitargs).
import { splitArgs } from "../server/split-args.js";
export { splitArgs };

// ------------------------------------------------------------------------------------ parsing RESP

/** A reply as hiredis hands it to redis-cli. Texts are binary strings. */
export type CliReply =
  | { type: "status" | "error" | "integer" | "string" | "verbatim" | "double" | "bignum"; text: string }
  | { type: "bool"; value: boolean }
  | { type: "nil" }
  /** `items` of a map are flat: key, value, key, value … */
  | { type: "array" | "set" | "map" | "push"; items: CliReply[] };

/**
 * Parses one RESP2/RESP3 frame starting at `pos`. Returns the reply and the position after it.
 * Attributes (`|`) are skipped, as hiredis does by default. Throws on malformed or truncated input.
 */
export function parseResp(buf: string, pos = 0): [CliReply, number] {
  const nl = buf.indexOf("\r\n", pos);
  if (nl < 0) throw new Error("truncated RESP frame");
  const type = buf[pos];
  const head = buf.slice(pos + 1, nl);
  let p = nl + 2;
  const bulk = (): string => {
    const len = Number(head);
    if (buf.length < p + len + 2) throw new Error("truncated RESP bulk");
    const text = buf.slice(p, p + len);
    p += len + 2;
    return text;
  };
  const aggregate = (count: number): CliReply[] => {
    const items: CliReply[] = [];
    for (let i = 0; i < count; i++) {
      const [item, next] = parseResp(buf, p);
      items.push(item);
      p = next;
    }
    return items;
  };
  switch (type) {
    case "+":
      return [{ type: "status", text: head }, p];
    case "-":
      return [{ type: "error", text: head }, p];
    case ":":
      return [{ type: "integer", text: head }, p];
    case ",":
      return [{ type: "double", text: head }, p];
    case "(":
      return [{ type: "bignum", text: head }, p];
    case "#":
      return [{ type: "bool", value: head === "t" }, p];
    case "_":
      return [{ type: "nil" }, p];
    case "$":
      if (Number(head) < 0) return [{ type: "nil" }, p];
      return [{ type: "string", text: bulk() }, p];
    case "!":
      return [{ type: "error", text: bulk() }, p];
    case "=": // hiredis strips the three-letter format and the colon
      return [{ type: "verbatim", text: bulk().slice(4) }, p];
    case "*":
      if (Number(head) < 0) return [{ type: "nil" }, p];
      return [{ type: "array", items: aggregate(Number(head)) }, p];
    case "~":
      return [{ type: "set", items: aggregate(Number(head)) }, p];
    case ">":
      return [{ type: "push", items: aggregate(Number(head)) }, p];
    case "%":
      return [{ type: "map", items: aggregate(Number(head) * 2) }, p];
    case "|": {
      aggregate(Number(head) * 2);
      return parseResp(buf, p);
    }
    default:
      throw new Error(`bad RESP type ${JSON.stringify(type)}`);
  }
}

// ------------------------------------------------------------------------------------- formatting

/**
 * A bulk string quoted as redis-cli prints it (sdscatrepr): `\\`, `\"`, `\n`, `\r`, `\t`, `\a`, `\b`
 * escaped, other bytes outside the printable ASCII range as `\xHH`. UTF-8 text therefore shows as its
 * bytes ("\xc3\xa9"), exactly like redis-cli.
 */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c:
        out += "\\\\";
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x07:
        out += "\\a";
        break;
      case 0x08:
        out += "\\b";
        break;
      default:
        out += c >= 0x20 && c <= 0x7e ? s[i] : "\\x" + (c & 0xff).toString(16).padStart(2, "0");
    }
  }
  return out + '"';
}

/**
 * Formats a parsed reply in redis-cli's human format (cliFormatReplyTTY), newline-terminated:
 * `OK`, `(integer) 1`, `(nil)`, `"value"`, `(error) ERR …`, numbered and indented nested arrays,
 * `1# "k" => "v"` for RESP3 maps, `1~` for sets, `(empty array)` and friends.
 */
export function formatCliReply(r: CliReply, prefix = ""): string {
  switch (r.type) {
    case "error":
      return `(error) ${r.text}\n`;
    case "status":
      return `${r.text}\n`;
    case "integer":
      return `(integer) ${r.text}\n`;
    case "double":
      return `(double) ${r.text}\n`;
    case "bignum":
      return `(big number) ${r.text}\n`;
    case "string":
      return `${quoteRepr(r.text)}\n`;
    case "verbatim":
      return `${r.text}\n`;
    case "nil":
      return "(nil)\n";
    case "bool":
      return r.value ? "(true)\n" : "(false)\n";
    case "array":
    case "set":
    case "map":
    case "push": {
      const items = r.items;
      if (items.length === 0) {
        return r.type === "array"
          ? "(empty array)\n"
          : r.type === "map"
            ? "(empty hash)\n"
            : r.type === "set"
              ? "(empty set)\n"
              : "(empty push)\n";
      }
      const isMap = r.type === "map";
      const count = isMap ? Math.floor(items.length / 2) : items.length;
      const idxLen = String(count).length;
      const childPrefix = prefix + " ".repeat(idxLen + 2);
      const sep = r.type === "set" ? "~" : isMap ? "#" : ")";
      let out = "";
      for (let i = 0; i < items.length; i++) {
        const human = (isMap ? i / 2 : i) + 1;
        // The first element's line already carries the parent's index, so it gets no prefix.
        out += `${i === 0 ? "" : prefix}${String(human).padStart(idxLen)}${sep} `;
        out += formatCliReply(items[i]!, childPrefix);
        if (isMap) {
          i++;
          out = out.slice(0, -1) + " => ";
          const value = items[i];
          // A value that spans lines starts on its own line, aligned with its siblings.
          if (value !== undefined && isMultiline(value)) out += "\n" + childPrefix;
          out += value === undefined ? "(nil)\n" : formatCliReply(value, childPrefix);
        }
      }
      return out;
    }
  }
}

/** True when formatCliReply renders `r` on more than one line (redis-cli's cliIsMultilineValueTTY). */
function isMultiline(r: CliReply): boolean {
  switch (r.type) {
    case "array":
    case "set":
    case "push":
      return r.items.length > 1 || (r.items.length === 1 && isMultiline(r.items[0]!));
    case "map":
      return r.items.length > 2 || (r.items.length === 2 && isMultiline(r.items[1]!));
    default:
      return false;
  }
}

/** A raw RESP frame (binary string) as redis-cli would print it; "" for an empty frame. */
export function formatFrame(frame: string): string {
  // Usually one reply; (un)subscribing to several channels answers one frame per channel, which
  // redis-cli prints one after the other.
  const out: string[] = [];
  for (let pos = 0; pos < frame.length; ) {
    const [reply, next] = parseResp(frame, pos);
    out.push(formatCliReply(reply));
    pos = next;
  }
  return out.join("");
}

/**
 * An engine reply as redis-cli prints it on a connection speaking `proto`. Returns a binary string
 * (write it as latin1 bytes); "" when nothing is sent (CLIENT REPLY OFF).
 */
export function formatReply(reply: Reply, proto: 2 | 3 = 2): string {
  return formatFrame(encodeReplyString(reply, proto));
}

// ----------------------------------------------------------------------------------- the console

/** Command names (subcommands as `container|sub`) by Redis group. */
function groupsOf(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, meta] of Object.entries(COMMAND_META)) {
    if (meta.container) continue;
    const list = groups.get(meta.group) ?? [];
    list.push(name);
    groups.set(meta.group, list);
  }
  return groups;
}

function displayName(name: string): string {
  return name.replace("|", " ").toUpperCase();
}

function isImplemented(engine: Engine, name: string): boolean {
  const sep = name.indexOf("|");
  if (sep < 0) return engine.commands.has(name);
  return engine.commands.get(name.slice(0, sep))?.subcommands?.has(name.slice(sep + 1)) ?? false;
}

/** `help`, `help <command>`, `help @<group>`. */
export function helpText(engine: Engine, args: readonly string[], version = ""): string {
  if (args.length === 0) {
    return `redis-anywhere ${version}
To get help about Redis commands type:
      "help @<group>" to get a list of commands in <group>
      "help <command>" for help on <command>
      "quit" or "exit" to exit

Groups: ${[...groupsOf().keys()].sort().map((g) => "@" + g).join(" ")}
Replies are printed as redis-cli prints them; arguments are split as redis-cli splits them
("double quotes" with \\n and \\x41 escapes, 'single quotes'). "3 INCR n" repeats a command.
`;
  }
  const topic = args.join(" ").toLowerCase();
  if (topic.startsWith("@")) {
    const names = groupsOf().get(topic.slice(1));
    if (names === undefined) return `No such group: ${topic}\n`;
    return (
      names
        .sort()
        .map((n) => `  ${displayName(n).padEnd(28)} ${isImplemented(engine, n) ? "" : "(not yet implemented)"}`.trimEnd())
        .join("\n") + "\n"
    );
  }
  const key = topic.replace(/\s+/, "|");
  const meta = COMMAND_META[key] ?? COMMAND_META[topic.split(/\s+/)[0]!];
  const name = COMMAND_META[key] !== undefined ? key : topic.split(/\s+/)[0]!;
  if (meta === undefined) return `No help for "${args.join(" ")}"\n`;
  const lines = [
    `  ${displayName(name)}`,
    `  group: ${meta.group}`,
    `  since: ${meta.since}`,
    `  arity: ${meta.arity}`,
    `  flags: ${meta.flags.join(", ") || "(none)"}`,
  ];
  if (meta.container) {
    const subs = Object.keys(COMMAND_META)
      .filter((n) => n.startsWith(name + "|"))
      .map((n) => `${n.slice(name.length + 1).toUpperCase()}${isImplemented(engine, n) ? "" : " (not yet)"}`);
    lines.push(`  subcommands: ${subs.join(", ")}`);
  } else {
    lines.push(`  status: ${isImplemented(engine, name) ? "implemented" : "not yet implemented"}`);
  }
  if (meta.deprecatedSince !== undefined) {
    lines.push(`  deprecated since ${meta.deprecatedSince}${meta.replacedBy ? `, use ${meta.replacedBy}` : ""}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * A console session: one engine, one session, and redis-cli's client-side MULTI tracking. It touches
 * no platform API, so the Node console (console.ts) and the browser demo can both drive it.
 */
export class Console {
  readonly engine: Engine;
  readonly version: string;
  readonly session: Session;
  private inMulti = false;
  private pending: PendingReply | undefined;
  /** Where asynchronous output (push frames) goes; the TTY loop redraws its prompt around it. */
  onAsyncOutput: (text: string) => void = () => {};

  constructor(engine: Engine, version = "") {
    this.version = version;
    this.engine = engine;
    this.session = engine.createSession();
    this.session.onPush = (frame: Reply) => this.onAsyncOutput(formatReply(frame, this.session.resp));
  }

  get prompt(): string {
    const db = this.session.dbIndex;
    return `redis-anywhere${db !== 0 ? `[${db}]` : ""}${this.inMulti ? "(TX)" : ""}> `;
  }

  /**
   * Runs one typed line and returns what to print (a binary string), or null when the line asks to
   * quit. Lines are UTF-8 text; arguments become the bytes they spell.
   */
  async line(text: string): Promise<string | null> {
    const argv = splitArgs(fromText(text));
    if (argv === undefined) return "Invalid argument(s)\n";
    if (argv.length === 0) return "";
    const first = argv[0]!.toLowerCase();
    if (first === "quit" || first === "exit") return null;
    if (first === "help" || first === "?") return helpText(this.engine, argv.slice(1), this.version);
    if (first === "clear" && argv.length === 1) return "\x1b[H\x1b[2J";
    let repeat = 1;
    if (argv.length > 1 && /^[+-]?\d+$/.test(argv[0]!)) {
      repeat = Number(argv[0]);
      if (!Number.isSafeInteger(repeat) || repeat <= 0) return "Invalid redis-cli repeat command option value.\n";
      argv.shift();
    }
    let out = "";
    for (let i = 0; i < repeat; i++) out += await this.exec(argv);
    return out;
  }

  /** Sends one command to the engine and formats its reply (awaiting a blocked command). */
  async exec(argv: string[]): Promise<string> {
    let r: Reply | PendingReply = this.session.exec(argv);
    if (r instanceof PendingReply) {
      this.pending = r;
      try {
        r = await r.promise;
      } finally {
        this.pending = undefined;
      }
    }
    const isError = r instanceof RedisError;
    const cmd = argv[0]!.toLowerCase();
    if (argv.length === 1) {
      if (cmd === "multi" && !isError) this.inMulti = true;
      else if ((cmd === "exec" || cmd === "discard") && !(cmd === "discard" && isError)) this.inMulti = false;
    }
    return formatReply(r, this.session.resp);
  }

  /** Cancels a blocked command and closes the engine. */
  close(): void {
    this.pending?.cancel();
    this.engine.close();
  }
}


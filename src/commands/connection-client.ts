/**
 * CLIENT's subcommands (networking.c clientCommand): ID, GETNAME, SETNAME, SETINFO, INFO, LIST, KILL,
 * REPLY, NO-EVICT, NO-TOUCH, UNBLOCK, HELP.
 *
 * CLIENT LIST/INFO print Redis's line format with the fields Redis prints, in its order. Values that
 * describe socket buffers have no meaning in-process and are reported as an idle connection's would
 * be; `fd` is -1, as Redis shows for a connection without a socket.
 */
import type { CommandDef } from "../engine/command-types.js";
import {
  CLIENT_ID_INVALID,
  CLIENT_ID_NOT_POSITIVE,
  CLIENT_NAME_INVALID,
  CLIENT_UNBLOCK_REASON,
  NO_SUCH_CLIENT,
  SYNTAX,
  noSuchUser,
  setinfoInvalid,
  setinfoUnrecognized,
  unknownClientType,
  unknownSubcommandOrArity,
} from "../engine/errors.js";
import { int64Arg, parseInt64 } from "../engine/int64.js";
import { NoReply, OK, SimpleString, VerbatimReply, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";

/**
 * validateClientAttr: every byte printable ASCII other than space ('!'..'~'), so CLIENT LIST stays
 * splittable on spaces. Redis checks a C string, so the check stops at a NUL byte.
 */
export function clientAttrIsValid(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** validateClientName: the empty name is allowed (it clears the name). */
export function clientNameIsValid(name: string): boolean {
  return name.length === 0 || clientAttrIsValid(name);
}

/** True for sessions Redis would call local (unix socket or loopback), in-process ones included. */
export function sessionIsLocal(s: Session): boolean {
  const a = s.addr;
  return a.startsWith("127.") || a.startsWith("/") || a.startsWith("::1") || a.startsWith("[::1]");
}

/** getClientType: subscribed connections are "pubsub", every other in-process one "normal". */
function clientType(s: Session): "normal" | "pubsub" {
  const sub = s.subscriptions;
  return sub.channels + sub.patterns + sub.shardChannels > 0 ? "pubsub" : "normal";
}

/** getClientTypeByName: undefined for an unknown name; master/replica never match an in-process session. */
function typeByName(name: string): "normal" | "pubsub" | "replica" | "master" | undefined {
  switch (name.toLowerCase()) {
    case "normal":
      return "normal";
    case "slave":
    case "replica":
      return "replica";
    case "pubsub":
      return "pubsub";
    case "master":
      return "master";
    default:
      return undefined;
  }
}

/** CLIENT LIST flag letters, in catClientInfoString's order. */
function clientFlags(s: Session): string {
  let f = "";
  if (clientType(s) === "pubsub") f += "P";
  if (s.multiCount >= 0) f += "x";
  if (s.blocked) f += "b";
  if (s.closeAfterReply) f += "c";
  if (s.noEvict) f += "e";
  if (s.noTouch) f += "T";
  return f === "" ? "N" : f;
}

/**
 * One CLIENT LIST line (catClientInfoString), without the newline. `argv` is the command being run
 * when `s` is the caller (Redis reports its argv size as argv-mem).
 */
export function clientInfoLine(s: Session, argv?: readonly string[]): string {
  const nowSec = Math.floor(s.engine.now / 1000);
  const argvMem = argv === undefined ? 0 : argv.reduce((n, a) => n + a.length, 0);
  const sub = s.subscriptions;
  return (
    `id=${s.id} addr=${s.addr} laddr=${s.laddr} fd=-1 name=${s.name}` +
    ` age=${nowSec - Math.floor(s.createdAt / 1000)} idle=${nowSec - Math.floor(s.lastInteraction / 1000)}` +
    ` flags=${clientFlags(s)} db=${s.db.id} sub=${sub.channels} psub=${sub.patterns} ssub=${sub.shardChannels}` +
    ` multi=${s.multiCount} qbuf=0 qbuf-free=0 argv-mem=${argvMem} multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0` +
    ` tot-mem=${1024 + argvMem} events=r cmd=${s.lastCommand} user=${s.user} redir=-1 resp=${s.resp}` +
    ` lib-name=${s.libName} lib-ver=${s.libVer}`
  );
}

const CLIENT_HELP = [
  "CACHING (YES|NO)",
  "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
  "GETREDIR",
  "    Return the client ID we are redirecting to when tracking is enabled.",
  "GETNAME",
  "    Return the name of the current connection.",
  "ID",
  "    Return the ID of the current connection.",
  "INFO",
  "    Return information about the current client connection.",
  "KILL <ip:port>",
  "    Kill connection made from <ip:port>.",
  "KILL <option> <value> [<option> <value> [...]]",
  "    Kill connections. Options are:",
  "    * ADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made from the specified address",
  "    * LADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made to specified local address",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Kill connections by type.",
  "    * USER <username>",
  "      Kill connections authenticated by <username>.",
  "    * SKIPME (YES|NO)",
  "      Skip killing current connection (default: yes).",
  "LIST [options ...]",
  "    Return information about client connections. Options:",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Return clients of specified type.",
  "UNPAUSE",
  "    Stop the current client pause, resuming traffic.",
  "PAUSE <timeout> [WRITE|ALL]",
  "    Suspend all, or just write, clients for <timeout> milliseconds.",
  "REPLY (ON|OFF|SKIP)",
  "    Control the replies sent to the current connection.",
  "SETNAME <name>",
  "    Assign the name <name> to the current connection.",
  "SETINFO <option> <value>",
  "    Set client meta attr. Options are:",
  "    * LIB-NAME: the client lib name.",
  "    * LIB-VER: the client lib version.",
  "UNBLOCK <clientid> [TIMEOUT|ERROR]",
  "    Unblock the specified blocked client.",
  "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
  "         [OPTIN] [OPTOUT] [NOLOOP]",
  "    Control server assisted client side caching.",
  "TRACKINGINFO",
  "    Report tracking status for the current connection.",
  "NO-EVICT (ON|OFF)",
  "    Protect current client connection from eviction.",
  "NO-TOUCH (ON|OFF)",
  "    Will not touch LRU/LFU stats when this mode is on.",
];

/**
 * addReplyHelp: a header naming the command as the caller typed it (upper-cased), the lines, and
 * HELP's own entry, all as status replies.
 */
export function helpReply(commandAsTyped: string, lines: readonly string[]): Reply {
  return [
    new SimpleString(`${commandAsTyped.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`),
    ...lines.map((l) => new SimpleString(l)),
    new SimpleString("HELP"),
    new SimpleString("    Print this help."),
  ];
}

/** ON/OFF switches (NO-EVICT, NO-TOUCH): anything else is a syntax error. */
function onOff(arg: string): boolean {
  const v = arg.toLowerCase();
  if (v === "on") return true;
  if (v === "off") return false;
  throw SYNTAX;
}

/** CLIENT KILL's filters; undefined fields match everything. */
interface KillFilter {
  id?: number;
  type?: ReturnType<typeof typeByName>;
  addr?: string;
  laddr?: string;
  user?: string;
  skipme: boolean;
}

function parseKill(argv: readonly string[]): KillFilter {
  if (argv.length === 3) return { addr: argv[2]!, skipme: false }; // old form: may kill itself
  const f: KillFilter = { skipme: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    if (i + 1 >= argv.length) throw SYNTAX;
    const val = argv[i + 1]!;
    if (opt === "id") {
      const n = parseInt64(val);
      if (n === undefined || n < 1) throw CLIENT_ID_NOT_POSITIVE;
      f.id = Number(n);
    } else if (opt === "type") {
      const t = typeByName(val);
      if (t === undefined) throw unknownClientType(val);
      f.type = t;
    } else if (opt === "addr") {
      f.addr = val;
    } else if (opt === "laddr") {
      f.laddr = val;
    } else if (opt === "user") {
      // Without ACLs the default user is the only one.
      if (val !== "default") throw noSuchUser(val);
      f.user = val;
    } else if (opt === "skipme") {
      const v = val.toLowerCase();
      if (v === "yes") f.skipme = true;
      else if (v === "no") f.skipme = false;
      else throw SYNTAX;
    } else {
      throw SYNTAX;
    }
  }
  return f;
}

export const CLIENT_COMMANDS: CommandDef[] = [
  {
    name: "client|help",
    handler: (_s, argv) => helpReply(argv[0]!, CLIENT_HELP),
  },
  {
    name: "client|id",
    handler: (s) => s.id,
  },
  {
    name: "client|getname",
    handler: (s) => (s.name === "" ? null : s.name),
  },
  {
    name: "client|setname",
    handler: (s, argv) => {
      const name = argv[2]!;
      if (!clientNameIsValid(name)) throw CLIENT_NAME_INVALID;
      s.name = name;
      return OK;
    },
  },
  {
    name: "client|setinfo",
    handler: (s, argv) => {
      const attr = argv[2]!;
      const val = argv[3]!;
      const which = attr.toLowerCase();
      if (which !== "lib-name" && which !== "lib-ver") throw setinfoUnrecognized(attr);
      if (!clientAttrIsValid(val)) throw setinfoInvalid(attr);
      if (which === "lib-name") s.libName = val;
      else s.libVer = val;
      return OK;
    },
  },
  {
    name: "client|info",
    handler: (s, argv) => new VerbatimReply("txt", `${clientInfoLine(s, argv)}\n`),
  },
  {
    name: "client|list",
    handler: (s, argv) => {
      let pick: Session[];
      const all = [...s.engine.allSessions()];
      if (argv.length === 4 && argv[2]!.toLowerCase() === "type") {
        const t = typeByName(argv[3]!);
        if (t === undefined) throw unknownClientType(argv[3]!);
        pick = all.filter((c) => clientType(c) === t);
      } else if (argv.length > 3 && argv[2]!.toLowerCase() === "id") {
        pick = [];
        for (let j = 3; j < argv.length; j++) {
          const id = parseInt64(argv[j]!);
          if (id === undefined) throw CLIENT_ID_INVALID;
          const c = s.engine.session(Number(id));
          if (c !== undefined) pick.push(c);
        }
      } else if (argv.length !== 2) {
        throw SYNTAX;
      } else {
        pick = all;
      }
      let out = "";
      for (const c of pick) out += `${clientInfoLine(c, c === s ? argv : undefined)}\n`;
      return new VerbatimReply("txt", out);
    },
  },
  {
    name: "client|kill",
    handler: (s, argv) => {
      const f = parseKill(argv);
      let killed = 0;
      for (const c of [...s.engine.allSessions()]) {
        if (f.addr !== undefined && c.addr !== f.addr) continue;
        if (f.laddr !== undefined && c.laddr !== f.laddr) continue;
        if (f.type !== undefined && clientType(c) !== f.type) continue;
        if (f.id !== undefined && c.id !== f.id) continue;
        if (f.user !== undefined && c.user !== f.user) continue;
        if (c === s && f.skipme) continue;
        if (c === s) s.closeAfterReply = true;
        else c.close();
        killed++;
      }
      if (argv.length === 3) {
        if (killed === 0) throw NO_SUCH_CLIENT;
        return OK;
      }
      return killed;
    },
  },
  {
    name: "client|reply",
    handler: (s, argv) => {
      const mode = argv[2]!.toLowerCase();
      if (mode !== "on" && mode !== "off" && mode !== "skip") throw SYNTAX;
      s.setReplyMode(mode);
      return mode === "on" ? OK : NoReply.instance;
    },
  },
  {
    name: "client|no-evict",
    handler: (s, argv) => {
      s.noEvict = onOff(argv[2]!);
      return OK;
    },
  },
  {
    // CLIENT UNBLOCK id [TIMEOUT|ERROR]: the reason is checked before the id; a blocked target gets its
    // command's timeout reply, or the UNBLOCKED error (blocking.ts); 1 when a client was unblocked.
    name: "client|unblock",
    handler: (s, argv) => {
      if (argv.length > 4) throw unknownSubcommandOrArity(argv[1]!, argv[0]!);
      let withError = false;
      if (argv.length === 4) {
        const reason = argv[3]!.split("\0")[0]!.toLowerCase();
        if (reason === "error") withError = true;
        else if (reason !== "timeout") throw CLIENT_UNBLOCK_REASON;
      }
      const target = s.engine.session(Number(int64Arg(argv[2]!)));
      return target !== undefined && s.engine.blocking.unblock(target, withError) ? 1 : 0;
    },
  },
  {
    name: "client|no-touch",
    handler: (s, argv) => {
      s.noTouch = onOff(argv[2]!);
      return OK;
    },
  },
];

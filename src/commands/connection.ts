/**
 * The connection group (networking.c, server.c, acl.c): PING, ECHO, SELECT, AUTH, HELLO, QUIT, RESET,
 * plus CLIENT's subcommands from connection-client.ts.
 *
 * Connection state lives on the Session. Commands that end a connection (QUIT) only mark it: the
 * session closes once the reply has been produced, so the caller still gets its "+OK".
 */
import type { CommandDef } from "../engine/command-types.js";
import {
  AUTH_NO_PASSWORD,
  CLIENT_NAME_INVALID,
  DB_INDEX_OUT_OF_RANGE,
  HELLO_NOAUTH,
  HELLO_PROTO_NOT_INTEGER,
  NOPROTO,
  NOT_INTEGER,
  SYNTAX,
  WRONGPASS,
  helloSyntax,
  valueMustBetween,
  wrongArity,
} from "../engine/errors.js";
import { parseInt64 } from "../engine/int64.js";
import { MapReply, OK, PONG, SimpleString, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import { REDIS_VERSION } from "../engine/version.js";
import { CLIENT_COMMANDS, clientNameIsValid } from "./connection-client.js";

const RESET_REPLY = new SimpleString("RESET");
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * ACLAuthenticateUser for the one user that exists without ACLs: "default", which accepts any
 * password while requirepass is empty (Redis's nopass default user) and else only requirepass.
 */
export function authenticate(s: Session, user: string, pass: string): boolean {
  if (user !== "default") return false;
  const required = s.engine.config.get("requirepass");
  if (required !== "" && pass !== required) return false;
  s.user = user;
  s.authenticated = true;
  return true;
}

/** HELLO's map (7 fields in a non-sentinel server), in the protocol the session now speaks. */
function helloReply(s: Session): Reply {
  return new MapReply([
    "server",
    "redis",
    "version",
    REDIS_VERSION,
    "proto",
    s.resp,
    "id",
    s.id,
    "mode",
    "standalone",
    "role",
    "master",
    "modules",
    [],
  ]);
}

/** RESET / clearClientConnectionState: the session as if it had just connected (lib-name/ver stay). */
function resetSession(s: Session): void {
  for (const hook of s.engine.sessionResetHooks) hook(s);
  s.select(0);
  s.resp = 2;
  s.user = "default";
  s.authenticated = s.engine.config.get("requirepass") === "";
  s.name = "";
  // Redis clears REPLY_OFF and a pending SKIP, but not the skip of this very command.
  s.replyOff = false;
  s.replySkipNext = false;
  s.noTouch = false;
  s.noEvict = false;
}

export const COMMANDS: CommandDef[] = [
  {
    name: "ping",
    handler: (s, argv) => {
      if (argv.length > 2) throw wrongArity("ping");
      // A RESP2 connection in subscribed mode can only receive arrays: PING answers ["pong", arg].
      const sub = s.subscriptions;
      if (s.resp === 2 && sub.channels + sub.patterns + sub.shardChannels > 0) return ["pong", argv[1] ?? ""];
      return argv.length === 2 ? argv[1]! : PONG;
    },
  },
  {
    name: "echo",
    handler: (_s, argv) => argv[1]!,
  },
  {
    name: "select",
    handler: (s, argv) => {
      const id = parseInt64(argv[1]!);
      if (id === undefined) throw NOT_INTEGER;
      if (id < INT_MIN || id > INT_MAX) throw valueMustBetween(INT_MIN, INT_MAX);
      const n = Number(id);
      if (n < 0 || n >= s.engine.databaseCount) throw DB_INDEX_OUT_OF_RANGE;
      s.select(n);
      return OK;
    },
  },
  {
    name: "auth",
    handler: (s, argv) => {
      if (argv.length > 3) throw SYNTAX;
      if (argv.length === 2) {
        if (s.engine.config.get("requirepass") === "") throw AUTH_NO_PASSWORD;
        if (!authenticate(s, "default", argv[1]!)) throw WRONGPASS;
        return OK;
      }
      if (!authenticate(s, argv[1]!, argv[2]!)) throw WRONGPASS;
      return OK;
    },
  },
  {
    name: "hello",
    handler: (s, argv) => {
      let ver = 0;
      let next = 1;
      if (argv.length >= 2) {
        const v = parseInt64(argv[next++]!);
        if (v === undefined) throw HELLO_PROTO_NOT_INTEGER;
        if (v < 2 || v > 3) throw NOPROTO;
        ver = Number(v);
      }
      let auth: [string, string] | undefined;
      let name: string | undefined;
      for (let j = next; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        const opt = argv[j]!;
        const lower = opt.toLowerCase();
        if (lower === "auth" && more >= 2) {
          auth = [argv[j + 1]!, argv[j + 2]!];
          j += 2;
        } else if (lower === "setname" && more >= 1) {
          name = argv[j + 1]!;
          if (!clientNameIsValid(name)) throw CLIENT_NAME_INVALID;
          j++;
        } else {
          throw helloSyntax(opt);
        }
      }
      if (auth !== undefined && !authenticate(s, auth[0], auth[1])) throw WRONGPASS;
      if (!s.authenticated) throw HELLO_NOAUTH;
      if (name !== undefined) s.name = name;
      if (ver !== 0) s.resp = ver as 2 | 3;
      return helloReply(s);
    },
  },
  {
    name: "quit",
    handler: (s) => {
      s.closeAfterReply = true;
      return OK;
    },
  },
  {
    name: "reset",
    handler: (s) => {
      resetSession(s);
      return RESET_REPLY;
    },
  },
  ...CLIENT_COMMANDS,
];

/**
 * requirepass for network clients (server.c processCommand's authRequired check). AUTH and HELLO AUTH
 * themselves live in the connection group (src/commands/connection.ts); what a server adds is the
 * gate: a connection that has not authenticated may only run `no_auth` commands (AUTH, HELLO, QUIT,
 * RESET), and everything else is answered "NOAUTH Authentication required.".
 *
 * Like Redis, the gate comes after the lookup and arity checks (an unknown command is still "unknown
 * command"), counts as a rejected call, and flags an open transaction as aborted. Like Redis, a
 * connection is authenticated from the start when no password is set at the time it connects, and
 * stays so if one is set later (ACL's nopass default user: `c->authenticated` at creation).
 */
import { F_NO_AUTH } from "../engine/command-types.js";
import { NOAUTH, type RedisError } from "../engine/errors.js";
import type { Session } from "../engine/session.js";

/** The session must authenticate before running anything but no_auth commands. */
export function authRequired(s: Session): boolean {
  return !s.authenticated && s.engine.config.get("requirepass") !== "";
}

/** Sets a new connection's starting state: authenticated iff no password is configured now. */
export function initAuth(s: Session): void {
  s.authenticated = s.engine.config.get("requirepass") === "";
}

/**
 * For a session that must authenticate: the NOAUTH error if `argv` names a known command, with the
 * right arity, that is not no_auth; undefined when dispatch should answer (with its own error, or
 * by running an allowed command).
 */
export function rejectUnauthenticated(s: Session, argv: readonly string[]): RedisError | undefined {
  const name = argv[0];
  if (name === undefined) return undefined;
  const engine = s.engine;
  let cmd = engine.lookupCommand(name);
  if (cmd === undefined) return undefined;
  if (cmd.subcommands !== undefined && argv.length >= 2) {
    cmd = cmd.subcommands.get(argv[1]!.toLowerCase());
    if (cmd === undefined) return undefined;
  }
  const n = argv.length;
  if ((cmd.arity > 0 && n !== cmd.arity) || n < -cmd.arity) return undefined;
  if ((cmd.bits & F_NO_AUTH) !== 0) return undefined;
  cmd.rejectedCalls++;
  engine.stats.rejectedCalls++;
  if (s.multi !== undefined) s.multi.aborted = true;
  engine.countErrorReply(NOAUTH);
  return NOAUTH;
}

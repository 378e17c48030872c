/**
 * requirepass for network clients. The NOAUTH gate itself is in dispatch (engine.ts), for in-process
 * and network sessions alike; what the server adds is Redis's stricter request parsing for a
 * connection that has not authenticated yet (small multibulk and bulk limits, networking.c).
 */
import type { Session } from "../engine/session.js";

/** The session must authenticate before running anything but no_auth commands. */
export function authRequired(s: Session): boolean {
  return !s.authenticated && s.engine.config.get("requirepass") !== "";
}

/**
 * The commands stream consumer-group changes are logged as (convention 5), built as Redis builds
 * them so a replay — ours or Redis's — recreates the same state:
 *  - streamPropagateXCLAIM: a pending entry as `XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n
 *    FORCE JUSTID LASTID group-last-id` (idempotent: it creates the entry, sets its owner, time and
 *    count, and moves the group's last ID forward);
 *  - streamPropagateGroupID: the group's position as `XGROUP SETID key group id ENTRIESREAD n`.
 */
import type { Session } from "../engine/session.js";
import { type ConsumerGroup, type Nack, deliveryCountReply } from "../types/stream/consumer-group.js";
import { formatId } from "../types/stream/stream-id.js";

/** Logs `nack` (pending under `idText`, as the caller had it) as Redis's idempotent XCLAIM. */
export function propagateXclaim(s: Session, key: string, g: ConsumerGroup, idText: string, nack: Nack): void {
  s.engine.propagate(s.db.id, [
    "XCLAIM",
    key,
    g.name,
    nack.consumer!.name,
    "0",
    idText,
    "TIME",
    String(nack.deliveryTime),
    "RETRYCOUNT",
    String(deliveryCountReply(nack.deliveryCount)),
    "FORCE",
    "JUSTID",
    "LASTID",
    formatId(g.lastId),
  ]);
}

/** Logs the group's last ID and reads counter. */
export function propagateGroupSetId(s: Session, key: string, g: ConsumerGroup): void {
  s.engine.propagate(s.db.id, ["XGROUP", "SETID", key, g.name, formatId(g.lastId), "ENTRIESREAD", String(g.entriesRead)]);
}

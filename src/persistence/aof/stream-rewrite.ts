/**
 * A stream as the commands that rebuild it, as aof.c rewriteStreamObject writes them:
 *   XADD key id field value …            for every live entry (or, for an empty stream, the
 *                                          `XADD key MAXLEN 0 0-1 x y` trick that leaves it empty)
 *   XSETID key last-id ENTRIESADDED n MAXDELETEDID id
 *   XGROUP CREATE key group last-id ENTRIESREAD n           per group, in name order
 *   XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n JUSTID FORCE
 *                                          per pending entry, consumer by consumer
 *   XGROUP CREATECONSUMER key group consumer                for consumers with nothing pending
 */
import { deliveryCountReply } from "../../types/stream/consumer-group.js";
import { ID_MAX, formatId } from "../../types/stream/stream-id.js";
import { type StreamValue, streamScan, streamSortedGroups } from "../../types/stream/stream-value.js";

export function writeStreamCommands(out: (argv: readonly string[]) => void, key: string, s: StreamValue): void {
  if (s.length > 0) {
    streamScan(s, 0n, ID_MAX, false, (id, fv) => {
      out(["XADD", key, formatId(id), ...fv]);
      return true;
    });
  } else {
    out(["XADD", key, "MAXLEN", "0", "0-1", "x", "y"]);
  }
  out(["XSETID", key, formatId(s.lastId), "ENTRIESADDED", String(s.entriesAdded), "MAXDELETEDID", formatId(s.maxDeletedId)]);
  for (const g of streamSortedGroups(s)) {
    out(["XGROUP", "CREATE", key, g.name, formatId(g.lastId), "ENTRIESREAD", String(g.entriesRead)]);
    for (const c of g.sortedConsumers()) {
      if (c.pel.size === 0) {
        out(["XGROUP", "CREATECONSUMER", key, g.name, c.name]);
        continue;
      }
      for (const [id, nack] of c.pel.entries()) {
        out([
          "XCLAIM", key, g.name, c.name, "0", formatId(id),
          "TIME", String(nack.deliveryTime),
          "RETRYCOUNT", String(deliveryCountReply(nack.deliveryCount)),
          "JUSTID", "FORCE",
        ]);
      }
    }
  }
}

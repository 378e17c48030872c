/**
 * The pubsub group (pubsub.c): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, SSUBSCRIBE,
 * SUNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB's subcommands. The bookkeeping and delivery live in
 * src/engine/pubsub.ts; this file is the table.
 *
 * Replies: the (un)subscribe commands answer one confirmation frame per name (a FrameSequence), not
 * one array. PUBLISH counts deliveries; it changes no data, so it moves no dirty counter and is not
 * logged to the AOF (Redis propagates it to replicas only: forceCommandPropagation PROPAGATE_REPL).
 * With one shard, SPUBLISH/SSUBSCRIBE behave as in a non-cluster Redis 7.2.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { SSUBSCRIBE_DENY_BLOCKING, unknownSubcommandOrArity } from "../engine/errors.js";
import type { SubscriptionKind } from "../engine/pubsub.js";
import type { Reply } from "../engine/reply.js";
import { helpReply } from "./connection-client.js";

const PUBSUB_HELP = [
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
];

function subscribe(kind: SubscriptionKind): Handler {
  return (s, argv) => {
    // EXEC sets CLIENT_DENY_BLOCKING; only SSUBSCRIBE is refused there (SUBSCRIBE and PSUBSCRIBE
    // are let through inside MULTI for backward compatibility).
    if (kind === "shard" && s.denyBlocking) throw SSUBSCRIBE_DENY_BLOCKING;
    return s.engine.pubsub.subscribe(s, kind, argv.slice(1));
  };
}

function unsubscribe(kind: SubscriptionKind): Handler {
  return (s, argv) => s.engine.pubsub.unsubscribe(s, kind, argv.slice(1));
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]: at most one pattern. */
function channels(kind: "channel" | "shard"): Handler {
  return (s, argv) => {
    if (argv.length > 3) throw unknownSubcommandOrArity(argv[1]!, "pubsub");
    return s.engine.pubsub.channelNames(kind, argv[2]);
  };
}

/** PUBSUB NUMSUB / SHARDNUMSUB [channel …]: name, count pairs, in the order asked. */
function numsub(kind: "channel" | "shard"): Handler {
  return (s, argv) => {
    const out: Reply[] = [];
    for (let j = 2; j < argv.length; j++) out.push(argv[j]!, s.engine.pubsub.subscriberCount(kind, argv[j]!));
    return out;
  };
}

export const COMMANDS: CommandDef[] = [
  { name: "subscribe", handler: subscribe("channel") },
  { name: "psubscribe", handler: subscribe("pattern") },
  { name: "ssubscribe", handler: subscribe("shard") },
  { name: "unsubscribe", handler: unsubscribe("channel") },
  { name: "punsubscribe", handler: unsubscribe("pattern") },
  { name: "sunsubscribe", handler: unsubscribe("shard") },
  { name: "publish", handler: (s, argv) => s.engine.pubsub.publish(argv[1]!, argv[2]!) },
  { name: "spublish", handler: (s, argv) => s.engine.pubsub.spublish(argv[1]!, argv[2]!) },
  { name: "pubsub|channels", handler: channels("channel") },
  { name: "pubsub|shardchannels", handler: channels("shard") },
  { name: "pubsub|numsub", handler: numsub("channel") },
  { name: "pubsub|shardnumsub", handler: numsub("shard") },
  { name: "pubsub|numpat", handler: (s) => s.engine.pubsub.patternCount },
  { name: "pubsub|help", handler: (_s, argv) => helpReply(argv[0]!, PUBSUB_HELP) },
];

/**
 * Pub/sub (pubsub.c): which sessions listen to which channels, patterns and shard channels, and the
 * delivery of messages to them. One instance per engine (engine.pubsub); it installs engine.publish,
 * so keyspace notifications (engine.notify) flow through here too.
 *
 * Invariants:
 *  - A channel (or pattern, or shard channel) is in the server-side map exactly while at least one
 *    session listens to it; each session's own sets mirror the maps, and Session.subscriptions
 *    holds their sizes (CLIENT LIST sub/psub/ssub, INFO, the RESP2 subscribed context).
 *  - Subscribers of one channel are served in the order they subscribed (Redis keeps a list per
 *    channel). Patterns are tried in the order they were first subscribed; Redis walks a hash table
 *    there, so its order across different patterns is arbitrary, and ours is one of its possible
 *    orders. Channel subscribers get a message before pattern subscribers (pubsubPublishMessage).
 *  - A message reaches a session through `session.onPush` as a PushReply, synchronously, inside the
 *    publishing command: a RESP3 client subscribed to the channel it publishes on sees the message
 *    before the PUBLISH reply, as Redis writes it to the output buffer first. The transports encode
 *    the PushReply as a RESP3 push or a RESP2 array.
 *    Known divergence, visible only to a RESP3 connection subscribed to what its own commands
 *    publish: every push a command causes goes out before that command's reply (before the whole
 *    EXEC reply inside a transaction), while Redis writes a keyspace event where the command
 *    raises it, which for many writes (RPUSH, HSET, EXPIRE, GETEX, SPOP, LMOVE's source …) is
 *    after it added its reply, and inside EXEC between the queued commands' replies.
 *  - (Un)subscribe confirmations are the command's reply, one frame per name, as a FrameSequence:
 *    several top-level frames (spliced in place by the encoder, also inside EXEC's array). Like
 *    Redis's CLIENT_PUSHING replies they survive CLIENT REPLY OFF/SKIP.
 */
import type { Engine } from "./engine.js";
import { F_NO_AUTH, F_NO_MULTI } from "./command-types.js";
import { compileGlob } from "./glob.js";
import { type PendingReply, PushReply, type Reply } from "./reply.js";
import type { Session } from "./session.js";
import { type RedisError, subscribedContextRejected } from "./errors.js";

/**
 * Several top-level reply frames from one command (a SUBSCRIBE with three channels answers three
 * arrays). The RESP encoder writes the frames one after the other instead of as one array; an
 * in-process client reads it as the list of its confirmations.
 */
export class FrameSequence extends Array<Reply> {}

export type SubscriptionKind = "channel" | "pattern" | "shard";

interface PatternEntry {
  readonly match: (channel: string) => boolean;
  readonly sessions: Set<Session>;
}

/** What one session listens to, in the order it subscribed. */
interface SessionSubscriptions {
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  readonly shard: Set<string>;
}

const CONFIRM: Record<SubscriptionKind, { sub: string; unsub: string }> = {
  channel: { sub: "subscribe", unsub: "unsubscribe" },
  pattern: { sub: "psubscribe", unsub: "punsubscribe" },
  shard: { sub: "ssubscribe", unsub: "sunsubscribe" },
};

/** The commands a RESP2 connection with subscriptions may run (server.c processCommand). */
const ALLOWED_IN_CONTEXT = new Set([
  "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset",
]);

export class PubSub {
  private readonly channels = new Map<string, Set<Session>>();
  private readonly shardChannels = new Map<string, Set<Session>>();
  private readonly patterns = new Map<string, PatternEntry>();
  private readonly bySession = new Map<Session, SessionSubscriptions>();

  constructor(engine: Engine) {
    engine.publish = (channel, message) => this.publish(channel, message);
    // RESET drops every subscription silently (clearClientConnectionState: notify = 0).
    engine.sessionResetHooks.push((s) => this.forget(s));
  }

  // ---------------------------------------------------------------- subscribing

  /** SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE: one confirmation per name, repeats included. */
  subscribe(s: Session, kind: SubscriptionKind, names: readonly string[]): FrameSequence {
    const frames = new FrameSequence();
    const mine = this.subscriptionsOf(s);
    for (const name of names) {
      const set = kind === "channel" ? mine.channels : kind === "pattern" ? mine.patterns : mine.shard;
      if (!set.has(name)) {
        set.add(name);
        this.listeners(kind, name, true)!.add(s);
      }
      this.updateCounts(s, mine);
      frames.push(new PushReply([CONFIRM[kind].sub, name, this.countFor(s, kind)]));
    }
    return frames;
  }

  /**
   * UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE. With no names: every subscription of that kind, and
   * when there was none, one confirmation with a null name.
   */
  unsubscribe(s: Session, kind: SubscriptionKind, names: readonly string[]): FrameSequence {
    const frames = new FrameSequence();
    const mine = this.bySession.get(s);
    const confirm = (name: string | null): void => {
      frames.push(new PushReply([CONFIRM[kind].unsub, name, this.countFor(s, kind)]));
    };
    if (names.length === 0) {
      const set = mine === undefined ? undefined : setOf(mine, kind);
      if (set === undefined || set.size === 0) {
        confirm(null);
        return frames;
      }
      for (const name of [...set]) {
        this.remove(s, mine!, kind, name);
        confirm(name);
      }
    } else {
      for (const name of names) {
        if (mine !== undefined) this.remove(s, mine, kind, name);
        confirm(name);
      }
    }
    if (mine !== undefined && mine.channels.size + mine.patterns.size + mine.shard.size === 0) this.bySession.delete(s);
    return frames;
  }

  /** Drops every subscription of a session without telling it (RESET, disconnect). */
  forget(s: Session): void {
    const mine = this.bySession.get(s);
    if (mine === undefined) return;
    for (const name of [...mine.channels]) this.remove(s, mine, "channel", name);
    for (const name of [...mine.patterns]) this.remove(s, mine, "pattern", name);
    for (const name of [...mine.shard]) this.remove(s, mine, "shard", name);
    this.bySession.delete(s);
  }

  // ---------------------------------------------------------------- publishing

  /**
   * PUBLISH (and keyspace notifications): the channel's subscribers, then, pattern by pattern, the
   * sessions whose pattern matches. Returns how many deliveries were made (a session matching
   * twice counts twice, as in Redis).
   */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const direct = this.channels.get(channel);
    if (direct !== undefined) {
      const frame = new PushReply(["message", channel, message]);
      for (const s of direct) {
        s.onPush?.(frame);
        receivers++;
      }
    }
    if (this.patterns.size === 0) return receivers;
    for (const [pattern, entry] of this.patterns) {
      if (!entry.match(channel)) continue;
      const frame = new PushReply(["pmessage", pattern, channel, message]);
      for (const s of entry.sessions) {
        s.onPush?.(frame);
        receivers++;
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channel subscribers only; patterns never see shard messages. */
  spublish(channel: string, message: string): number {
    const direct = this.shardChannels.get(channel);
    if (direct === undefined) return 0;
    const frame = new PushReply(["smessage", channel, message]);
    let receivers = 0;
    for (const s of direct) {
      s.onPush?.(frame);
      receivers++;
    }
    return receivers;
  }

  // ---------------------------------------------------------------- introspection (PUBSUB, INFO)

  /** PUBSUB CHANNELS / SHARDCHANNELS: active channel names, optionally only those matching a glob. */
  channelNames(kind: "channel" | "shard", pattern: string | undefined): string[] {
    const map = kind === "channel" ? this.channels : this.shardChannels;
    if (pattern === undefined) return [...map.keys()];
    const match = compileGlob(pattern);
    const out: string[] = [];
    for (const name of map.keys()) if (match(name)) out.push(name);
    return out;
  }

  /** PUBSUB NUMSUB / SHARDNUMSUB: the sessions subscribed to one channel (patterns not counted). */
  subscriberCount(kind: "channel" | "shard", channel: string): number {
    return (kind === "channel" ? this.channels : this.shardChannels).get(channel)?.size ?? 0;
  }

  /** INFO pubsub_channels / PUBSUB CHANNELS count. */
  get channelCount(): number {
    return this.channels.size;
  }

  /** INFO pubsub_patterns / PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
  get patternCount(): number {
    return this.patterns.size;
  }

  /** INFO pubsubshard_channels. */
  get shardChannelCount(): number {
    return this.shardChannels.size;
  }

  // ---------------------------------------------------------------- internals

  private subscriptionsOf(s: Session): SessionSubscriptions {
    let mine = this.bySession.get(s);
    if (mine === undefined) {
      mine = { channels: new Set(), patterns: new Set(), shard: new Set() };
      this.bySession.set(s, mine);
    }
    return mine;
  }

  /** The sessions listening to `name`, created on demand when `create` is set. */
  private listeners(kind: SubscriptionKind, name: string, create: boolean): Set<Session> | undefined {
    if (kind === "pattern") {
      let entry = this.patterns.get(name);
      if (entry === undefined && create) {
        entry = { match: compileGlob(name), sessions: new Set() };
        this.patterns.set(name, entry);
      }
      return entry?.sessions;
    }
    const map = kind === "channel" ? this.channels : this.shardChannels;
    let set = map.get(name);
    if (set === undefined && create) {
      set = new Set();
      map.set(name, set);
    }
    return set;
  }

  /** Removes one subscription if the session has it; empty channels and patterns disappear. */
  private remove(s: Session, mine: SessionSubscriptions, kind: SubscriptionKind, name: string): void {
    if (!setOf(mine, kind).delete(name)) return;
    const sessions = this.listeners(kind, name, false);
    if (sessions !== undefined) {
      sessions.delete(s);
      if (sessions.size === 0) {
        if (kind === "pattern") this.patterns.delete(name);
        else (kind === "channel" ? this.channels : this.shardChannels).delete(name);
      }
    }
    this.updateCounts(s, mine);
  }

  private updateCounts(s: Session, mine: SessionSubscriptions): void {
    const sub = s.subscriptions;
    sub.channels = mine.channels.size;
    sub.patterns = mine.patterns.size;
    sub.shardChannels = mine.shard.size;
    s.pubsubMode = sub.channels + sub.patterns + sub.shardChannels > 0;
  }

  /**
   * The count a confirmation carries: channels + patterns for the classic kinds, shard channels
   * alone for the shard kind (clientSubscriptionsCount / clientShardSubscriptionsCount).
   */
  private countFor(s: Session, kind: SubscriptionKind): number {
    const sub = s.subscriptions;
    return kind === "shard" ? sub.shardChannels : sub.channels + sub.patterns;
  }
}

function setOf(mine: SessionSubscriptions, kind: SubscriptionKind): Set<string> {
  return kind === "channel" ? mine.channels : kind === "pattern" ? mine.patterns : mine.shard;
}

/**
 * Session.exec for a session with subscriptions: over RESP2 the pub/sub context check first, then
 * the engine as usual.
 */
export function execSubscribed(s: Session, argv: readonly string[]): Reply | PendingReply {
  if (s.resp === 2) {
    const rejected = subscribedContextError(s, argv);
    if (rejected !== undefined) return rejected;
  }
  return s.engine.exec(s, argv);
}

/**
 * processCommand's pub/sub context check: a RESP2 connection with subscriptions may only run the
 * (un)subscribe commands, PING, QUIT and RESET. Returns the rejection, or undefined when the command
 * may go on (including every case where an earlier check of dispatch answers first: unknown
 * command or subcommand, wrong arity, NOAUTH, a command refused inside MULTI).
 * Runs only for subscribed RESP2 sessions (execSubscribed), so it costs other sessions nothing.
 */
export function subscribedContextError(s: Session, argv: readonly string[]): RedisError | undefined {
  const engine = s.engine;
  const name = argv[0];
  if (name === undefined) return undefined;
  let cmd = engine.lookupCommand(name);
  if (cmd === undefined) return undefined;
  if (cmd.subcommands !== undefined) {
    if (argv.length < 2) return undefined;
    const sub = cmd.subcommands.get(argv[1]!.toLowerCase());
    if (sub === undefined) return undefined;
    cmd = sub;
  }
  const n = argv.length;
  if ((cmd.arity > 0 && n !== cmd.arity) || n < -cmd.arity) return undefined;
  if (!s.authenticated && (cmd.bits & F_NO_AUTH) === 0 && engine.config.get("requirepass") !== "") return undefined;
  if (s.multi !== undefined && (cmd.bits & F_NO_MULTI) !== 0) return undefined;
  if (ALLOWED_IN_CONTEXT.has(cmd.fullName)) return undefined;
  cmd.rejectedCalls++;
  engine.stats.rejectedCalls++;
  if (s.multi !== undefined) s.multi.aborted = true;
  return subscribedContextRejected(cmd.fullName);
}

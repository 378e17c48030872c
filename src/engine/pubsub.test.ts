/**
 * The pub/sub registry against a naive model: seeded random subscribes, unsubscribes, publishes,
 * RESETs and disconnects over several sessions. After every step the invariants are checked (each
 * session's counts and pubsubMode, the server-side maps holding exactly the names somebody listens
 * to), and every publish must reach the model's receivers in the model's order: channel subscribers
 * in the order they subscribed, then pattern by pattern in the order patterns first appeared.
 */
import { describe, expect, it } from "vitest";
import { seededRng } from "../../test/support/seeded.js";
import { createEngine } from "../index.js";
import { FrameSequence, type SubscriptionKind } from "./pubsub.js";
import { globMatch } from "./glob.js";
import { PushReply, type Reply } from "./reply.js";
import type { Session } from "./session.js";

const CHANNELS = ["a", "ab", "b", "", "\xff", "news.x"];
const PATTERNS = ["a*", "*", "?", "news.*", "[ab]", "\xff"];

/** The model: per kind, name → sessions in subscription order; names in first-appearance order. */
class Model {
  readonly maps: Record<SubscriptionKind, Map<string, Session[]>> = { channel: new Map(), pattern: new Map(), shard: new Map() };

  add(kind: SubscriptionKind, name: string, s: Session): void {
    const list = this.maps[kind].get(name) ?? [];
    if (!list.includes(s)) list.push(s);
    this.maps[kind].set(name, list);
  }

  remove(kind: SubscriptionKind, name: string, s: Session): void {
    const list = this.maps[kind].get(name);
    if (list === undefined) return;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.maps[kind].delete(name);
  }

  namesOf(kind: SubscriptionKind, s: Session): string[] {
    return [...this.maps[kind]].filter(([, l]) => l.includes(s)).map(([n]) => n);
  }

  dropAll(s: Session): void {
    for (const kind of ["channel", "pattern", "shard"] as const) for (const n of this.namesOf(kind, s)) this.remove(kind, n, s);
  }

  /** [session id, frame items] of one PUBLISH, in delivery order. */
  publish(channel: string, message: string): [number, Reply[]][] {
    const out: [number, Reply[]][] = [];
    for (const s of this.maps.channel.get(channel) ?? []) out.push([s.id, ["message", channel, message]]);
    for (const [p, list] of this.maps.pattern) {
      if (!globMatch(p, channel)) continue;
      for (const s of list) out.push([s.id, ["pmessage", p, channel, message]]);
    }
    return out;
  }
}

describe("PubSub registry vs a naive model", () => {
  it("random operations keep the invariants and deliver in the model's order", () => {
    const rng = seededRng("pubsub-model");
    const engine = createEngine();
    const model = new Model();
    const delivered: [number, Reply[]][] = [];
    const sessions: Session[] = [];
    const open = (): Session => {
      const s = engine.createSession();
      s.onPush = (frame) => delivered.push([s.id, frame instanceof PushReply ? frame.items : []]);
      return s;
    };
    for (let i = 0; i < 5; i++) sessions.push(open());
    const ps = engine.pubsub;
    let deliveries = 0;

    for (let step = 0; step < 3000; step++) {
      const si = rng.int(0, sessions.length - 1);
      const s = sessions[si]!;
      const kind = rng.pick(["channel", "pattern", "shard"] as const);
      const names = kind === "pattern" ? PATTERNS : CHANNELS;
      const op = rng.int(0, 99);
      if (op < 35) {
        const list = Array.from({ length: rng.int(1, 3) }, () => rng.pick(names));
        const frames = ps.subscribe(s, kind, list);
        expect(frames).toBeInstanceOf(FrameSequence);
        expect(frames.length).toBe(list.length);
        for (const n of list) model.add(kind, n, s);
      } else if (op < 55) {
        const list = rng.chance(0.3) ? [] : Array.from({ length: rng.int(1, 2) }, () => rng.pick(names));
        const before = model.namesOf(kind, s);
        const frames = ps.unsubscribe(s, kind, list);
        const expectedNames = list.length > 0 ? list : before.length > 0 ? before : [null];
        // Unsubscribing from everything goes in the session's own order; the model knows the set.
        const got = frames.map((f) => (f as PushReply).items[1]);
        expect(list.length > 0 ? got : [...got].sort()).toEqual(list.length > 0 ? expectedNames : [...expectedNames].sort());
        for (const n of list.length > 0 ? list : before) model.remove(kind, n, s);
      } else if (op < 90) {
        const channel = rng.pick(CHANNELS);
        const message = rng.string(3);
        delivered.length = 0;
        const receivers = kind === "shard" ? ps.spublish(channel, message) : ps.publish(channel, message);
        const expected =
          kind === "shard"
            ? (model.maps.shard.get(channel) ?? []).map((x): [number, Reply[]] => [x.id, ["smessage", channel, message]])
            : model.publish(channel, message);
        expect(delivered).toEqual(expected);
        expect(receivers).toBe(expected.length);
        deliveries += receivers;
      } else if (op < 95) {
        expect(s.exec(["RESET"])).toBeDefined();
        model.dropAll(s);
      } else {
        s.close();
        model.dropAll(s);
        sessions[si] = open();
      }

      // Invariants.
      for (const x of sessions) {
        const c = model.namesOf("channel", x).length;
        const p = model.namesOf("pattern", x).length;
        const sh = model.namesOf("shard", x).length;
        expect(x.subscriptions).toEqual({ channels: c, patterns: p, shardChannels: sh });
        expect(x.pubsubMode).toBe(c + p + sh > 0);
      }
      expect(ps.channelNames("channel", undefined).sort()).toEqual([...model.maps.channel.keys()].sort());
      expect(ps.channelNames("shard", undefined).sort()).toEqual([...model.maps.shard.keys()].sort());
      expect(ps.patternCount).toBe(model.maps.pattern.size);
      expect(ps.channelCount).toBe(model.maps.channel.size);
      for (const n of CHANNELS) expect(ps.subscriberCount("channel", n)).toBe(model.maps.channel.get(n)?.length ?? 0);
    }
    expect(deliveries).toBeGreaterThan(500);
    engine.close();
  });

  it("confirmation counts: channels + patterns for the classic kinds, shard channels apart", () => {
    const engine = createEngine();
    const s = engine.createSession();
    const counts = (f: FrameSequence): Reply[] => f.map((x) => (x as PushReply).items[2]!);
    expect(counts(engine.pubsub.subscribe(s, "shard", ["s1", "s2"]))).toEqual([1, 2]);
    expect(counts(engine.pubsub.subscribe(s, "channel", ["a", "a", "b"]))).toEqual([1, 1, 2]);
    expect(counts(engine.pubsub.subscribe(s, "pattern", ["p*"]))).toEqual([3]);
    expect(counts(engine.pubsub.unsubscribe(s, "shard", []))).toEqual([1, 0]);
    expect(counts(engine.pubsub.unsubscribe(s, "channel", ["zz"]))).toEqual([3]);
    expect(engine.pubsub.unsubscribe(s, "shard", []).map((x) => (x as PushReply).items)).toEqual([["sunsubscribe", null, 0]]);
    engine.close();
  });

  it("PUBLISH changes no data: nothing dirty, nothing propagated", () => {
    const engine = createEngine();
    const batches: unknown[] = [];
    engine.onEffects((b) => batches.push(b));
    const sub = engine.createSession();
    const pub = engine.createSession();
    sub.exec(["SUBSCRIBE", "c"]);
    const dirty = engine.dirty;
    expect(pub.exec(["PUBLISH", "c", "m"])).toBe(1);
    expect(pub.exec(["SPUBLISH", "c", "m"])).toBe(0);
    expect(engine.dirty).toBe(dirty);
    expect(batches).toEqual([]);
    engine.close();
  });
});

/**
 * Pub/sub through the public client, on our engine and on redis-server with the real ioredis 5:
 * subscribe counts and callbacks, message/pmessage/smessage events and their Buffer twins, the
 * subscriber mode, keyspace notifications on a subscriber connection, duplicate(), and
 * re-subscription after a reconnect.
 */
import { expect, it } from "vitest";
import { type AnyRedis, describeBoth } from "../support/targets.js";

/** Collects every pub/sub event of a connection, in the order they were emitted. */
function record(c: AnyRedis): unknown[][] {
  const seen: unknown[][] = [];
  for (const event of ["message", "messageBuffer", "pmessage", "pmessageBuffer", "smessage", "smessageBuffer"]) {
    c.on(event, (...args: unknown[]) => seen.push([event, ...args]));
  }
  return seen;
}

/** Resolves once `done()` holds, polling (events arrive asynchronously on a real server). */
async function until(done: () => boolean | Promise<boolean>, what = "condition"): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeBoth("pub/sub through the client", (t) => {
  it("subscribe resolves with the count; message arrives before messageBuffer", async () => {
    const sub = t.connect();
    const pub = t.connect();
    const seen = record(sub);
    expect(await sub.subscribe("ps:a", "ps:b")).toBe(2);
    expect(await sub.subscribe("ps:a")).toBe(2);
    expect(sub.mode).toBe("subscriber");
    expect(await pub.publish("ps:a", "hello")).toBe(1);
    expect(await pub.publish("ps:nobody", "x")).toBe(0);
    await until(() => seen.length === 2, "the message");
    expect(seen).toEqual([
      ["message", "ps:a", "hello"],
      ["messageBuffer", Buffer.from("ps:a"), Buffer.from("hello")],
    ]);
    expect(await sub.unsubscribe("ps:a")).toBe(1);
    expect(sub.mode).toBe("subscriber");
    expect(await sub.unsubscribe()).toBe(0);
    expect(sub.mode).toBe("normal");
    expect(await sub.set("ps:k", "v")).toBe("OK");
  });

  it("patterns: pmessage(pattern, channel, message) and pmessageBuffer with the pattern as a string", async () => {
    const sub = t.connect();
    const pub = t.connect();
    const seen = record(sub);
    expect(await sub.psubscribe("pp:news.*")).toBe(1);
    expect(await sub.subscribe("pp:news.tech")).toBe(2);
    expect(await pub.publish("pp:news.tech", "release")).toBe(2);
    await until(() => seen.length === 4, "both deliveries");
    expect(seen).toEqual([
      ["message", "pp:news.tech", "release"],
      ["messageBuffer", Buffer.from("pp:news.tech"), Buffer.from("release")],
      ["pmessage", "pp:news.*", "pp:news.tech", "release"],
      ["pmessageBuffer", "pp:news.*", Buffer.from("pp:news.tech"), Buffer.from("release")],
    ]);
    expect(await sub.punsubscribe("pp:news.*")).toBe(1);
    expect(await sub.unsubscribe("pp:news.tech")).toBe(0);
    expect(sub.mode).toBe("normal");
  });

  it("sharded pub/sub: ssubscribe, spublish, smessage and smessageBuffer", async () => {
    const sub = t.connect();
    const pub = t.connect();
    const seen = record(sub);
    expect(await sub.ssubscribe("sp:s")).toBe(1);
    expect(await pub.spublish("sp:s", "m")).toBe(1);
    expect(await pub.publish("sp:s", "not sharded")).toBe(0);
    await until(() => seen.length === 2, "the shard message");
    expect(seen).toEqual([
      ["smessage", "sp:s", "m"],
      ["smessageBuffer", Buffer.from("sp:s"), Buffer.from("m")],
    ]);
    expect(await sub.sunsubscribe("sp:s")).toBe(0);
  });

  it("binary channels and messages keep their bytes in the Buffer events", async () => {
    const sub = t.connect();
    const pub = t.connect();
    const seen = record(sub);
    const channel = Buffer.from([0x62, 0x00, 0xff]);
    const payload = Buffer.from([0xc3, 0x28, 0x00, 0x0d, 0x0a]);
    expect(await sub.subscribe(channel as unknown as string)).toBe(1);
    expect(await pub.publish(channel, payload)).toBe(1);
    await until(() => seen.length === 2, "the binary message");
    expect(seen[1]).toEqual(["messageBuffer", channel, payload]);
    expect(seen[0]![0]).toBe("message");
    expect(seen[0]![2]).toBe(payload.toString());
  });

  it("callbacks get (err, count)", async () => {
    const sub = t.connect();
    const counts: unknown[] = [];
    await new Promise<void>((resolve) => {
      void sub.subscribe("cb:a", "cb:b", (err, count) => {
        counts.push(err, count);
        resolve();
      });
    });
    await new Promise<void>((resolve) => {
      void sub.psubscribe("cb:*", (err, count) => {
        counts.push(err, count);
        resolve();
      });
    });
    expect(counts).toEqual([null, 2, null, 3]);
  });

  it("subscriber mode: other commands reject, PING answers the subscribed form", async () => {
    const sub = t.connect();
    await sub.subscribe("sm:a");
    await expect(sub.get("sm:k")).rejects.toThrow("Connection in subscriber mode, only subscriber commands may be used");
    expect(await sub.ping()).toEqual(["pong", ""]);
    expect(await sub.ping("hi")).toEqual(["pong", "hi"]);
    expect(await sub.unsubscribe("sm:a")).toBe(0);
    expect(await sub.ping()).toBe("PONG");
    expect(await sub.get("sm:k")).toBeNull();
  });

  it("PUBSUB introspection counts subscribers", async () => {
    const a = t.connect();
    const b = t.connect();
    const q = t.connect();
    await a.subscribe("in:x", "in:y");
    await b.subscribe("in:x");
    await b.psubscribe("in:*");
    expect(await q.pubsub("NUMSUB", "in:x", "in:y", "in:z")).toEqual(["in:x", 2, "in:y", 1, "in:z", 0]);
    expect(((await q.pubsub("CHANNELS", "in:*")) as string[]).sort()).toEqual(["in:x", "in:y"]);
    expect(await q.pubsub("NUMPAT")).toBeGreaterThanOrEqual(1);
    // Named: ioredis resolves an argument-less (p)unsubscribe only once the count reaches 0.
    await b.punsubscribe("in:*");
    await a.unsubscribe();
    await b.unsubscribe();
    expect(await q.pubsub("NUMSUB", "in:x")).toEqual(["in:x", 0]);
  });

  it("keyspace notifications reach a subscriber connection", async () => {
    const sub = t.connect();
    const w = t.connect();
    const seen = record(sub);
    await w.config("SET", "notify-keyspace-events", "KEA");
    try {
      await sub.psubscribe("__keyspace@0__:kn:*");
      await sub.subscribe("__keyevent@0__:expired");
      await w.set("kn:a", "1");
      await w.rpush("kn:l", "x");
      await w.pexpire("kn:a", 1);
      await until(() => seen.some((e) => e[0] === "message"), "the expired event");
      const events = seen.filter((e) => e[0] === "pmessage" || e[0] === "message");
      expect(events).toEqual([
        ["pmessage", "__keyspace@0__:kn:*", "__keyspace@0__:kn:a", "set"],
        ["pmessage", "__keyspace@0__:kn:*", "__keyspace@0__:kn:l", "rpush"],
        ["pmessage", "__keyspace@0__:kn:*", "__keyspace@0__:kn:a", "expire"],
        ["pmessage", "__keyspace@0__:kn:*", "__keyspace@0__:kn:a", "expired"],
        ["message", "__keyevent@0__:expired", "kn:a"],
      ]);
    } finally {
      await w.config("SET", "notify-keyspace-events", "");
    }
  });

  it("duplicate() gives a subscriber connection on the same server", async () => {
    const pub = t.connect();
    const sub = pub.duplicate();
    try {
      const got = new Promise<unknown[]>((resolve) => sub.on("message", (...a: unknown[]) => resolve(a)));
      expect(await sub.subscribe("dup:c")).toBe(1);
      expect(pub.mode).toBe("normal");
      expect(await pub.publish("dup:c", "m")).toBe(1);
      expect(await got).toEqual(["dup:c", "m"]);
    } finally {
      sub.disconnect();
    }
  });

  it("re-subscribes after a reconnect, channels and patterns alike", async () => {
    const sub = t.connect();
    const pub = t.connect();
    const seen = record(sub);
    await sub.subscribe("rs:c");
    await sub.psubscribe("rs:p*");
    const ready = new Promise((resolve) => sub.once("ready", resolve));
    sub.disconnect(true);
    await ready;
    await until(async () => (await pub.pubsub("NUMSUB", "rs:c"))[1] === 1, "re-subscription");
    await until(async () => (await pub.publish("rs:probe", "probe")) === 1, "the pattern's re-subscription");
    expect(await pub.publish("rs:c", "again")).toBe(1);
    expect(await pub.publish("rs:p1", "pattern")).toBe(1);
    // The probes' own deliveries may still be arriving: look at the two real messages only.
    const real = (): unknown[][] => seen.filter((e) => (e[0] === "message" || e[0] === "pmessage") && e.at(-1) !== "probe");
    await until(() => real().length === 2, "messages after reconnect");
    expect(real()).toEqual([
      ["message", "rs:c", "again"],
      ["pmessage", "rs:p*", "rs:p1", "pattern"],
    ]);
    expect(sub.mode).toBe("subscriber");
  });

  it("a connection killed by CLIENT KILL reconnects and subscribes again", async () => {
    const sub = t.connect({ connectionName: "ps-killed" });
    const admin = t.connect();
    await sub.subscribe("ck:c");
    const reconnected = new Promise((resolve) => sub.once("ready", resolve));
    const list = (await admin.client("LIST")) as string;
    const id = /id=(\d+) [^\n]*name=ps-killed /.exec(list)?.[1];
    expect(id).toBeDefined();
    expect(await admin.client("KILL", "ID", id!)).toBe(1);
    await reconnected;
    await until(async () => (await admin.pubsub("NUMSUB", "ck:c"))[1] === 1, "re-subscription");
    const got = new Promise<unknown[]>((resolve) => sub.on("message", (...a: unknown[]) => resolve(a)));
    await admin.publish("ck:c", "back");
    expect(await got).toEqual(["ck:c", "back"]);
  });
});

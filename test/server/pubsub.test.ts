/**
 * Pub/sub over TCP, on our server and on a real redis-server (same test bodies): pushes and replies
 * share one ordered stream, idle subscribers get messages written on their own, a disconnect drops
 * the subscriptions, and client-output-buffer-limit's pubsub class disconnects a subscriber that
 * stops reading — at the hard limit, or after staying over the soft limit — while the subscribers
 * that keep reading get every message.
 */
import { expect, it } from "vitest";
import { Redis as IORedis } from "ioredis";
import { describeTcp, type TcpTarget } from "../support/tcp-target.js";
import { Raw, sleep } from "./helpers.js";

const MESSAGE = "m".repeat(64 * 1024);
const DEFAULT_LIMITS = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

/** NUMSUB of one channel, read on a fresh ioredis connection. */
async function numsub(admin: IORedis, channel: string): Promise<number> {
  const r = (await admin.pubsub("NUMSUB", channel)) as [string, number];
  return r[1];
}

async function until(done: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A subscriber that reads everything, counting the messages of `channel`. */
async function goodSubscriber(t: TcpTarget, channel: string): Promise<{ count: () => number }> {
  const c = t.connect();
  let n = 0;
  c.on("messageBuffer", (ch: Buffer) => {
    if (ch.toString() === channel) n++;
  });
  await c.subscribe(channel);
  return { count: () => n };
}

/** A raw subscriber that stops reading once subscribed (its socket is paused). */
async function stalledSubscriber(t: TcpTarget, channel: string): Promise<Raw> {
  const r = await Raw.open(t.port);
  expect(await r.call("SUBSCRIBE", channel)).toBe(`*3\r\n$9\r\nsubscribe\r\n$${channel.length}\r\n${channel}\r\n:1\r\n`);
  r.sock.pause();
  return r;
}

describeTcp("pub/sub over the wire", (t) => {
  it("RESP3: a subscriber's own message is pushed before its PUBLISH reply, in one stream with replies", async () => {
    const r = await Raw.open(t.port);
    r.send(["HELLO", "3"]);
    await r.frames(1);
    r.send(["SUBSCRIBE", "w:a", "w:b"], ["PUBLISH", "w:a", "self"], ["GET", "w:nokey"], ["PING"]);
    expect(await r.frames(6)).toEqual([
      ">3\r\n$9\r\nsubscribe\r\n$3\r\nw:a\r\n:1\r\n",
      ">3\r\n$9\r\nsubscribe\r\n$3\r\nw:b\r\n:2\r\n",
      ">3\r\n$7\r\nmessage\r\n$3\r\nw:a\r\n$4\r\nself\r\n",
      ":1\r\n",
      "_\r\n",
      "+PONG\r\n",
    ]);
    r.close();
  });

  it("an idle RESP2 subscriber gets messages written on their own; a disconnect drops its subscriptions", async () => {
    const sub = await Raw.open(t.port);
    sub.send(["SUBSCRIBE", "w:idle"], ["PSUBSCRIBE", "w:i*"]);
    await sub.frames(2);
    const admin = t.connect();
    expect(await admin.publish("w:idle", "one")).toBe(2);
    expect(await sub.frames(2)).toEqual([
      "*3\r\n$7\r\nmessage\r\n$6\r\nw:idle\r\n$3\r\none\r\n",
      "*4\r\n$8\r\npmessage\r\n$4\r\nw:i*\r\n$6\r\nw:idle\r\n$3\r\none\r\n",
    ]);
    sub.close();
    await until(async () => (await numsub(admin, "w:idle")) === 0, 3000, "the subscription to go");
    expect(await admin.pubsub("NUMPAT")).toBe(0);
  });

  it("a subscriber that stops reading is disconnected at the hard limit; the others carry on", async () => {
    const admin = t.connect();
    await admin.config("SET", "client-output-buffer-limit", "pubsub 262144 131072 60");
    try {
      const good = await goodSubscriber(t, "w:hard");
      const slow = await stalledSubscriber(t, "w:hard");
      expect(await numsub(admin, "w:hard")).toBe(2);
      // Enough to fill the kernel's socket buffers and then the server's own 256 KB.
      let sent = 0;
      for (; sent < 400 && (await numsub(admin, "w:hard")) === 2; sent++) await admin.publish("w:hard", MESSAGE);
      expect(await numsub(admin, "w:hard")).toBe(1);
      expect(sent).toBeLessThan(400);
      for (let i = 0; i < 5; i++) expect(await admin.publish("w:hard", MESSAGE)).toBe(1);
      await until(async () => good.count() === sent + 5, 5000, "every message at the good subscriber");
      slow.close();
    } finally {
      await admin.config("SET", "client-output-buffer-limit", DEFAULT_LIMITS);
    }
  });

  it("…or once it stays over the soft limit for longer than the soft seconds", async () => {
    const admin = t.connect();
    await admin.config("SET", "client-output-buffer-limit", "pubsub 0 131072 1");
    try {
      const good = await goodSubscriber(t, "w:soft");
      const slow = await stalledSubscriber(t, "w:soft");
      // Over the soft limit: the kernel buffers fill first, then the server's own output grows.
      let sent = 0;
      const burstStart = Date.now();
      for (; sent < 200; sent++) await admin.publish("w:soft", MESSAGE);
      // Over the soft limit for less than its second (unless the machine is that slow): still there.
      if (Date.now() - burstStart < 700) expect(await numsub(admin, "w:soft")).toBe(2);
      // The limit is checked when more output is queued (and by the cron): keep publishing a little.
      const start = Date.now();
      while ((await numsub(admin, "w:soft")) === 2 && Date.now() - start < 6000) {
        await admin.publish("w:soft", "tick");
        sent++;
        await sleep(100);
      }
      expect(await numsub(admin, "w:soft")).toBe(1);
      await until(async () => good.count() === sent, 5000, "every message at the good subscriber");
      slow.close();
    } finally {
      await admin.config("SET", "client-output-buffer-limit", DEFAULT_LIMITS);
    }
  });
});

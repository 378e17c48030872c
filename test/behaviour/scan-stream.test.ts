/**
 * scanStream and friends through the public client, on our engine and on redis-server with the real
 * ioredis: every key arrives exactly once across the pages, events end with `end`, and the stream is
 * async-iterable (ours; Node's Readable is too).
 */
import { expect, it } from "vitest";
import { describeBoth } from "../support/targets.js";

describeBoth("scan streams", (t) => {
  it("scanStream delivers every matching key once, in pages, then ends", async () => {
    const r = t.connect();
    const keys = Array.from({ length: 25 }, (_, i) => `ss:${i}`);
    await r.mset(Object.fromEntries(keys.map((k) => [k, "v"])));
    await r.set("other", "x");
    const seen: string[] = [];
    let pages = 0;
    await new Promise<void>((resolve, reject) => {
      const s = r.scanStream({ match: "ss:*", count: 10 });
      s.on("data", (page: string[]) => {
        pages++;
        seen.push(...page);
      });
      s.on("end", resolve);
      s.on("error", reject);
    });
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(keys.sort());
  });

  it("is async-iterable and honours TYPE", async () => {
    const r = t.connect();
    await r.set("it:a", "1");
    await r.set("it:b", "2");
    const got: string[] = [];
    for await (const page of r.scanStream({ match: "it:*", type: "string" }) as AsyncIterable<string[]>) got.push(...page);
    expect(got.sort()).toEqual(["it:a", "it:b"]);
    const none: string[] = [];
    for await (const page of r.scanStream({ match: "it:*", type: "list" }) as AsyncIterable<string[]>) none.push(...page);
    expect(none).toEqual([]);
  });

  it("scanBufferStream yields Buffers", async () => {
    const r = t.connect();
    await r.set(Buffer.from([0x62, 0xff]), "v");
    const got: Buffer[] = [];
    for await (const page of r.scanBufferStream({ match: "b*" }) as AsyncIterable<Buffer[]>) got.push(...page);
    expect(got).toContainEqual(Buffer.from([0x62, 0xff]));
  });
});

describeBoth("scan stream flow control", (t) => {
  it("pause() holds pages until resume(); close() ends after the page in flight", async () => {
    const r = t.connect();
    await r.mset(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`fc:${i}`, "v"])));
    const s = r.scanStream({ match: "fc:*", count: 2 });
    let pages = 0;
    const ended = new Promise<void>((resolve) => s.on("end", () => resolve()));
    await new Promise<void>((resolve) => {
      s.on("data", () => {
        pages++;
        if (pages === 1) {
          s.pause();
          resolve();
        }
        if (pages === 3) s.close();
      });
    });
    await new Promise((r2) => setTimeout(r2, 30));
    expect(pages).toBe(1);
    s.resume();
    await ended;
    // Node's Readable (real ioredis) reads ahead up to its high-water mark, so pages already fetched
    // still arrive after close(); the stream ends all the same, far short of the ~100 pages.
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThan(40);
  });
});

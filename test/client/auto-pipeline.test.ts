/** enableAutoPipelining: same-tick commands are batched, results and errors delivered in order. */
import { describe, expect, it } from "vitest";
import { Redis, createEngine } from "../../src/index.js";
import { once } from "./helpers.js";

describe("auto-pipelining", () => {
  it("queues the commands of one tick and delivers each result", async () => {
    const engine = createEngine();
    const r = new Redis({ engine, enableAutoPipelining: true });
    await once(r, "ready");
    const order: string[] = [];
    const a = r.set("a", "1").then((v) => order.push(`set:${v}`));
    const b = r.incr("a").then((v) => order.push(`incr:${v}`));
    const c = r.call("nosuch").catch((e: Error) => order.push(`err:${e.name}`));
    const d = r.get("a", (err, v) => order.push(`cb:${String(err)}:${String(v)}`));
    expect(r.autoPipelineQueueSize).toBe(4);
    await Promise.all([a, b, c, d]);
    await Promise.resolve();
    expect(order).toEqual(["set:OK", "incr:2", "err:ReplyError", "cb:null:2"]);
    expect(r.autoPipelineQueueSize).toBe(0);
    r.disconnect();
    engine.close();
  });

  it("skips ignored commands and the never-pipelined ones", async () => {
    const engine = createEngine();
    const r = new Redis({ engine, enableAutoPipelining: true, autoPipeliningIgnoredCommands: ["get"] });
    await once(r, "ready");
    const p1 = r.get("x");
    const p2 = r.select(1);
    expect(r.autoPipelineQueueSize).toBe(0);
    const p3 = r.set("x", "1");
    expect(r.autoPipelineQueueSize).toBe(1);
    expect(await Promise.all([p1, p2, p3])).toEqual([null, "OK", "OK"]);
    r.disconnect();
    engine.close();
  });

  it("queued commands are rejected when the client disconnects first", async () => {
    const engine = createEngine();
    const r = new Redis({ engine, enableAutoPipelining: true });
    await once(r, "ready");
    const p = r.get("x");
    r.disconnect();
    await expect(p).rejects.toThrow("Connection is closed.");
    engine.close();
  });
});

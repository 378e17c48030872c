/**
 * Transactions through the public client, on our engine and on redis-server with the real ioredis:
 * multi() reply shapes, EXECABORT, and WATCH across two connections.
 */
import { expect, it } from "vitest";
import { describeBoth } from "../support/targets.js";

describeBoth("transactions through the client", (t) => {
  it("multi().exec() resolves [[null, result], …] with run-time errors in place", async () => {
    const r = t.connect();
    await r.set("tx:s", "abc");
    const res = await r.multi().set("tx:a", "1").incr("tx:a").incr("tx:s").get("tx:a").exec();
    expect(res).toHaveLength(4);
    expect(res![0]).toEqual([null, "OK"]);
    expect(res![1]).toEqual([null, 2]);
    expect(res![2]![0]).toBeInstanceOf(Error);
    expect((res![2]![0] as Error).message).toBe("ERR value is not an integer or out of range");
    expect(res![3]).toEqual([null, "2"]);
  });

  it("a queue-time error rejects exec() with EXECABORT and previousErrors", async () => {
    const r = t.connect();
    const p = r.multi().set("tx:b", "1").call("set", "only-key").exec();
    await expect(p).rejects.toThrow("EXECABORT Transaction discarded because of previous errors.");
    const err = (await p.catch((e: unknown) => e)) as { previousErrors?: Error[] };
    expect(err.previousErrors?.[0]?.message).toBe("ERR wrong number of arguments for 'set' command");
    expect(await r.exists("tx:b")).toBe(0);
  });

  it("WATCH aborts exec() with null when another connection changes the key", async () => {
    const a = t.connect();
    const b = t.connect();
    await a.set("tx:w", "1");
    await a.watch("tx:w");
    await b.set("tx:w", "2");
    expect(await a.multi().incr("tx:w").exec()).toBeNull();
    await a.watch("tx:w");
    expect(await a.multi().incr("tx:w").exec()).toEqual([[null, 3]]);
  });

  it("a transaction is atomic for other connections", async () => {
    const a = t.connect();
    const b = t.connect();
    await a.del("tx:list-like");
    const [res] = await Promise.all([a.multi().set("tx:c", "1").incrby("tx:c", 10).exec(), b.get("tx:c")]);
    expect(res).toEqual([
      [null, "OK"],
      [null, 11],
    ]);
  });
});

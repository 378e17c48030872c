import { describe, expect, it } from "vitest";
import Redis, { createEngine } from "../../src/index.js";

describe("requirepass in-process", () => {
  it("a session must AUTH first; no_auth commands and unknown/arity errors come before NOAUTH", () => {
    const engine = createEngine({ config: { requirepass: "s3cret" } });
    const s = engine.createSession();
    expect((s.exec(["GET", "k"]) as Error).message).toBe("NOAUTH Authentication required.");
    expect((s.exec(["NOPE"]) as Error).message).toMatch(/^ERR unknown command 'NOPE'/);
    expect((s.exec(["GET"]) as Error).message).toBe("ERR wrong number of arguments for 'get' command");
    expect((s.exec(["AUTH", "wrong"]) as Error).message).toBe("WRONGPASS invalid username-password pair or user is disabled.");
    expect(s.exec(["AUTH", "s3cret"])).toMatchObject({ value: "OK" });
    expect(s.exec(["GET", "k"])).toBeNull();
    engine.close();
  });

  it("the client authenticates with `password` during its handshake, as ioredis does", async () => {
    const engine = createEngine({ config: { requirepass: "s3cret" } });
    const good = new Redis({ engine, password: "s3cret" });
    expect(await good.set("k", "v")).toBe("OK");
    const bad = new Redis({ engine });
    await expect(bad.get("k")).rejects.toThrow("NOAUTH Authentication required.");
    good.disconnect();
    bad.disconnect();
    engine.close();
  });
});

/**
 * WAIT and WAITAOF on an engine with a manual clock: with no replicas WAIT answers 0 at once when
 * asked for none, else when its timeout passes (0 waits forever, until CLIENT UNBLOCK); WAITAOF's
 * appendonly rule and its acknowledgements. WAITAOF is 7.2-only, so its texts come from 7.2's
 * src/replication.c waitaofCommand, not from the 7.0 oracle.
 */
import { describe, expect, it } from "vitest";
import { PendingReply } from "../../src/engine/reply.js";
import { engineFixture, errText } from "../support/engine-fixture.js";

describe("WAIT / WAITAOF", () => {
  it("WAIT blocks until the timeout when replicas are asked for, and forever with 0", async () => {
    const { clock, engine, r } = engineFixture();
    expect(r("WAIT", "0", "100")).toBe(0);
    const s2 = engine.createSession();
    const p = s2.exec(["WAIT", "1", "100"]);
    expect(p).toBeInstanceOf(PendingReply);
    let answer: unknown = "pending";
    void (p as PendingReply).promise.then((v) => (answer = v));
    clock.advance(100);
    await Promise.resolve();
    expect(answer).toBe("pending");
    clock.advance(1);
    await Promise.resolve();
    expect(answer).toBe(0);

    const forever = s2.exec(["WAIT", "2", "0"]);
    expect(forever).toBeInstanceOf(PendingReply);
    let unblocked: unknown = "pending";
    void (forever as PendingReply).promise.then((v) => (unblocked = v));
    clock.advance(10_000_000);
    await Promise.resolve();
    expect(unblocked).toBe("pending");
    expect(r("CLIENT", "UNBLOCK", String(s2.id))).toBe(1);
    await Promise.resolve();
    expect(unblocked).toBe(0);
  });

  it("WAITAOF needs appendonly for numlocal, and acknowledges no replicas", () => {
    const { r } = engineFixture();
    expect(errText(r("WAITAOF", "1", "0", "0"))).toBe("ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.");
    expect(r("WAITAOF", "0", "0", "0")).toEqual([0, 0]);
    expect(errText(r("WAITAOF", "x", "0", "0"))).toBe("ERR value is not an integer or out of range");
    expect(errText(r("WAITAOF", "0", "0", "-1"))).toBe("ERR timeout is negative");
    // Argument ranges as 7.2's waitaofCommand checks them (src/replication.c), before appendonly.
    expect(errText(r("WAITAOF", "2", "0", "0"))).toBe("ERR value is out of range, value must between 0 and 1");
    expect(errText(r("WAITAOF", "0", "-1", "0"))).toBe("ERR value is out of range, must be positive");
  });
});

import { describe, expect, it } from "vitest";
import { createEngine } from "../index.js";
import { ManualClock, SeededRng } from "./clock.js";

describe("keyspace", () => {
  it("keeps every key's slot stable and SCAN returns each key present throughout (seeded model)", () => {
    const rng = new SeededRng(7);
    const engine = createEngine({ clock: new ManualClock(), rng });
    const db = engine.db(0);
    const model = new Set<string>();
    for (let i = 0; i < 500; i++) {
      db.add(`k${i}`, "v");
      model.add(`k${i}`);
    }
    for (let round = 0; round < 20; round++) {
      const stable = new Set(model);
      const seen = new Set<string>();
      let cursor = 0;
      do {
        const out: string[] = [];
        cursor = db.scanSlots(cursor, 7, out);
        for (const k of out) seen.add(k);
        // Mutate between steps: delete some keys, add new ones.
        for (let j = 0; j < 5; j++) {
          const victim = [...model][Math.floor(rng.next() * model.size)];
          if (victim !== undefined && rng.next() < 0.5) {
            db.delete(victim);
            model.delete(victim);
            stable.delete(victim);
          } else {
            const k = `n${round}-${j}-${Math.floor(rng.next() * 1e9)}`;
            db.add(k, "v");
            model.add(k);
          }
        }
      } while (cursor !== 0);
      for (const k of stable) expect(seen.has(k), `key ${k} present throughout but not returned`).toBe(true);
      expect(db.size).toBe(model.size);
    }
  });

  it("expires lazily on lookup with strict comparison (now > when)", () => {
    const clock = new ManualClock(1_000_000);
    const engine = createEngine({ clock });
    engine.activeExpireEnabled = false;
    const db = engine.db(0);
    const e = db.add("k", "v");
    db.setExpire("k", e, 1_000_100);
    clock.advance(100);
    engine.now = clock.now();
    expect(db.lookup("k")).toBeDefined();
    clock.advance(1);
    engine.now = clock.now();
    expect(db.lookup("k")).toBeUndefined();
    expect(engine.stats.expiredKeys).toBe(1);
  });

  it("the active cycle reclaims expired keys when the manual clock advances", () => {
    const clock = new ManualClock(0);
    const engine = createEngine({ clock });
    const db = engine.db(0);
    for (let i = 0; i < 1000; i++) {
      const e = db.add(`k${i}`, "v");
      if (i % 2 === 0) db.setExpire(`k${i}`, e, 50);
    }
    const batches: string[][] = [];
    engine.onEffects((b) => b.forEach((x) => batches.push(x.argv)));
    clock.advance(100);
    expect(db.size).toBeLessThan(1000);
    clock.advance(100);
    clock.advance(100);
    expect(db.size).toBe(500);
    expect(db.volatile.size).toBe(0);
    expect(batches.length).toBe(500);
    expect(batches[0]![0]).toBe("DEL");
  });

  it("SWAPDB-style swap exchanges contents in O(1)", () => {
    const engine = createEngine();
    engine.db(0).add("a", "1");
    engine.db(1).add("b", "2");
    engine.db(0).swapWith(engine.db(1));
    expect(engine.db(0).lookup("b")?.value).toBe("2");
    expect(engine.db(1).lookup("a")?.value).toBe("1");
    engine.close();
  });
});

describe("dispatch", () => {
  const engine = createEngine();
  const s = engine.createSession();
  it("answers unknown commands with Redis's text", () => {
    const r = s.exec(["FOO", "a", "b"]);
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toBe("ERR unknown command 'FOO', with args beginning with: 'a' 'b' ");
  });
  it("checks arity with the declared full name", () => {
    expect((s.exec(["get"]) as Error).message).toBe("ERR wrong number of arguments for 'get' command");
    expect((s.exec(["GET", "a", "b"]) as Error).message).toBe("ERR wrong number of arguments for 'get' command");
  });
  it("is case-insensitive", () => {
    expect(s.exec(["SeT", "k", "v"])).toMatchObject({ value: "OK" });
    expect(s.exec(["gEt", "k"])).toBe("v");
  });
});

/**
 * DUMP / RESTORE against a real redis-server 7.0: payloads cross in both directions (DUMP here →
 * RESTORE there and back) for every type and encoding we hold; where both sides store the same
 * representation the payloads are byte-identical; the error replies of RESTORE match Redis's
 * exactly; and RESTORE's effects are propagated as Redis propagates them (absolute TTL + ABSTTL,
 * DEL when a REPLACEd key arrives already expired).
 */
import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/index.js";
import { createDumpPayload, crc64, parseDumpPayload } from "../../src/persistence/rdb/index.js";
import { seededRng } from "../support/seeded.js";
import { bothWithData, call, callRaw, haveRedis, type Oracle, Ours } from "./rdb-support.js";

function setup(): string[][] {
  const rng = seededRng("dump setup");
  const cmds: string[][] = [
    ["SET", "s:int", "12345"],
    ["SET", "s:neg", "-7"],
    ["SET", "s:big", "9223372036854775807"],
    ["SET", "s:text", "hello world"],
    ["SET", "s:long", "abc".repeat(200)],
    ["SET", "s:bin", Buffer.from(rng.bytes(64)).toString("latin1")],
    ["SET", "s:empty", ""],
    ["RPUSH", "l:small", "a", "1", "-1", "300", "70000", "b".repeat(100)],
    ["RPUSH", "l:big", ...Array.from({ length: 500 }, (_, i) => `e${i}`)],
    ["SADD", "set:int16", "1", "2", "3"],
    ["SADD", "set:int64", "1", "99999999999"],
    ["SADD", "set:str", "a", "b", "c"],
    ["SADD", "set:big", ...Array.from({ length: 700 }, (_, i) => `m${i}`)],
    ["HSET", "h:small", "f1", "v1", "f2", "2", "f3", "-3"],
    ["HSET", "h:big", ...Array.from({ length: 1200 }, (_, i) => `x${i}`)],
  ];
  return cmds;
}

/** Keys whose representation is the same on both sides, so DUMP must give the same bytes (LZF output, an implementation detail, is left out). */
const SAME_BYTES = ["s:int", "s:neg", "s:big", "s:text", "s:bin", "s:empty", "l:small", "set:int16", "set:int64", "h:small"];

describe.skipIf(!haveRedis())("DUMP / RESTORE vs redis-server 7.0", () => {
  let o: Oracle;
  let ours: Ours;
  const keys = setup().map((c) => c[1]!);
  bothWithData(setup, (both) => ({ o, ours } = both));

  it("DUMP of a missing key is a null bulk", async () => {
    expect(await ours.send(["DUMP", "nope"])).toBe(await o.send(["DUMP", "nope"]));
  });

  it("payloads are byte-identical where the representation is", async () => {
    for (const k of SAME_BYTES) expect(await call(ours, "DUMP", k), k).toBe(await call(o, "DUMP", k));
  });

  it("our payloads RESTORE on Redis, and Redis's here", async () => {
    for (const k of keys) {
      const mine = (await call(ours, "DUMP", k)) as string;
      const theirs = (await call(o, "DUMP", k)) as string;
      expect(await call(o, "RESTORE", `from-ours:${k}`, "0", mine)).toBe("OK");
      expect(await call(ours, "RESTORE", `from-redis:${k}`, "0", theirs)).toBe("OK");
    }
    for (const k of keys) {
      const type = (await call(o, "TYPE", k)) as string;
      const read = async (t: Oracle | Ours, key: string) => {
        if (type === "string") return call(t, "GET", key);
        if (type === "list") return call(t, "LRANGE", key, "0", "-1");
        if (type === "set") return ((await call(t, "SMEMBERS", key)) as string[]).sort();
        return ((await call(t, "HGETALL", key)) as string[]).join("\n").split("\n").sort();
      };
      const expected = await read(o, k);
      expect(await read(o, `from-ours:${k}`), k).toEqual(expected);
      expect(await read(ours, `from-redis:${k}`), k).toEqual(expected);
      expect(await read(ours, k), k).toEqual(expected);
    }
  });

  it("RESTORE's errors and edge cases answer as Redis does", async () => {
    const good = (await call(o, "DUMP", "s:text")) as string;
    const flipped = good.slice(0, 3) + String.fromCharCode(good.charCodeAt(3) ^ 1) + good.slice(4);
    // A body that is not a valid value, under a correct footer and CRC.
    const body = "\x04\x05garbage";
    const footer = body + "\x0a\x00";
    const crc = crc64(Buffer.from(footer, "latin1"));
    let crcBytes = "";
    for (let k = 0n; k < 8n; k++) crcBytes += String.fromCharCode(Number((crc >> (8n * k)) & 0xffn));
    const badFormat = footer + crcBytes;
    const cases: string[][] = [
      ["RESTORE", "s:int", "0", good],
      ["RESTORE", "fresh1", "abc", good],
      ["RESTORE", "fresh1", "-1", good],
      ["RESTORE", "fresh1", "0", flipped],
      ["RESTORE", "fresh1", "0", "short"],
      ["RESTORE", "fresh1", "0", badFormat],
      ["RESTORE", "fresh1", "0", good, "IDLETIME", "-1"],
      ["RESTORE", "fresh1", "0", good, "IDLETIME", "x"],
      ["RESTORE", "fresh1", "0", good, "FREQ", "256"],
      ["RESTORE", "fresh1", "0", good, "FREQ", "-1"],
      ["RESTORE", "fresh1", "0", good, "FREQ", "5", "IDLETIME", "5"],
      ["RESTORE", "fresh1", "0", good, "IDLETIME", "5", "FREQ", "5"],
      ["RESTORE", "fresh1", "0", good, "IDLETIME"],
      ["RESTORE", "fresh1", "0", good, "BOGUS"],
      ["RESTORE", "fresh2", "0", good, "REPLACE", "ABSTTL"],
      ["RESTORE", "fresh3", "1", good, "ABSTTL"],
      ["EXISTS", "fresh3"],
      ["SET", "victim", "x"],
      ["RESTORE", "victim", "1", good, "ABSTTL", "REPLACE"],
      ["EXISTS", "victim"],
      ["RESTORE", "fresh4", "100000", good],
      ["RESTORE", "fresh5", "0", good, "IDLETIME", "1000"],
      ["OBJECT", "IDLETIME", "fresh5"],
      ["RESTORE", "s:text", "0", good, "REPLACE"],
      ["GET", "s:text"],
      ["RESTORE", "fresh1"],
    ];
    for (const c of cases) {
      const [mine, theirs] = [await callRaw(ours, ...c), await callRaw(o, ...c)];
      expect(mine, c.map((a) => a.slice(0, 20)).join(" ")).toEqual(theirs);
    }
    const pttl = (await call(ours, "PTTL", "fresh4")) as number;
    expect(pttl).toBeGreaterThan(90_000);
    expect(pttl).toBeLessThanOrEqual(100_000);
  });

  it("RESTORE is propagated with an absolute TTL, and as DEL when REPLACE meets an expired payload", async () => {
    const e = new Ours();
    const batches: Effect[][] = [];
    e.engine.onEffects((b) => batches.push([...b]));
    const payload = (await call(o, "DUMP", "s:text")) as string;
    const before = Date.now();
    await call(e, "RESTORE", "k", "5000", payload);
    await call(e, "RESTORE", "k2", "0", payload);
    await call(e, "RESTORE", "k", "1", payload, "ABSTTL", "REPLACE");
    await call(e, "RESTORE", "gone", "1", payload, "ABSTTL");
    expect(batches.length).toBe(3);
    const first = batches[0]![0]!.argv;
    expect(first[0]).toBe("RESTORE");
    expect(first[4]).toBe("ABSTTL");
    expect(Number(first[2])).toBeGreaterThanOrEqual(before + 5000);
    expect(batches[1]![0]!.argv).toEqual(["RESTORE", "k2", "0", payload]);
    expect(batches[2]![0]!.argv).toEqual(["DEL", "k"]);
    e.close();
  });
});

describe("DUMP payloads without a server", () => {
  it("carry RDB version 10 and a CRC-64 footer; versions up to 12 are accepted", () => {
    const p = createDumpPayload("hello");
    expect(p[p.length - 10]).toBe(10);
    expect(p[p.length - 9]).toBe(0);
    expect(parseDumpPayload(p)).toEqual({ type: "string", rdbType: 0, value: "hello" });
    const body = p.subarray(0, p.length - 10);
    for (const version of [9, 11, 12, 13]) {
      const q = new Uint8Array(p.length);
      q.set(body);
      q[body.length] = version;
      const crc = crc64(q, 0, q.length - 8);
      for (let k = 0; k < 8; k++) q[q.length - 8 + k] = Number((crc >> BigInt(8 * k)) & 0xffn);
      if (version <= 12) expect(parseDumpPayload(q)).toEqual({ type: "string", rdbType: 0, value: "hello" });
      else expect(() => parseDumpPayload(q)).toThrow(/version or checksum/);
    }
  });

  it("a hand-made sorted-set listpack payload RESTOREs (more in zset.test.ts)", async () => {
    const ours = new Ours();
    // type 17 (zset listpack) holding a -> 1.
    const lp = [0x0c, 0, 0, 0, 2, 0, 0x81, 0x61, 0x02, 0x01, 0x01, 0xff];
    const body = Buffer.from([17, lp.length, ...lp, 10, 0]);
    const crc = crc64(body);
    const footer = Buffer.alloc(8);
    footer.writeBigUInt64LE(crc);
    const payload = Buffer.concat([body, footer]).toString("latin1");
    expect(await callRaw(ours, "RESTORE", "z", "0", payload)).toBe("OK");
    expect(await call(ours, "ZRANGE", "z", "0", "-1", "WITHSCORES")).toEqual(["a", "1"]);
    expect(await call(ours, "OBJECT", "ENCODING", "z")).toBe("listpack");
    ours.close();
  });
});

/** Reply decoding and the built-in transformers, tested directly on synthetic engine replies. */
import { describe, expect, it } from "vitest";
import { convertReply } from "../../src/client/reply-convert.js";
import { hgetallReply, hsetArguments, msetArguments } from "../../src/client/transformers.js";
import { Command } from "../../src/client/command.js";
import { ReplyError } from "../../src/client/reply-error.js";
import { errorText } from "../../src/engine/errors.js";
import {
  BooleanReply,
  DoubleReply,
  MapReply,
  NoReply,
  NullArray,
  OK,
  PushReply,
  SetReply,
  VerbatimReply,
} from "../../src/engine/reply.js";

describe("convertReply (legacy RESP2 mapping)", () => {
  it("maps every reply type", () => {
    expect(convertReply("\xc3\xa9", false, false)).toBe("é");
    expect(convertReply("\xff", true, false)).toEqual(Buffer.from([0xff]));
    expect(convertReply(OK, false, false)).toBe("OK");
    expect(convertReply(OK, true, false)).toEqual(Buffer.from("OK"));
    expect(convertReply(5, false, false)).toBe(5);
    expect(convertReply(5, false, true)).toBe("5");
    expect(convertReply(2n ** 60n, false, false)).toBe(2 ** 60);
    expect(convertReply(2n ** 60n + 1n, false, true)).toBe("1152921504606846977");
    expect(convertReply(null, false, false)).toBeNull();
    expect(convertReply(NullArray.instance, false, false)).toBeNull();
    expect(convertReply(new MapReply(["a", 1, "b", ["x"]]), false, false)).toEqual(["a", 1, "b", ["x"]]);
    expect(convertReply(new SetReply(["a", "b"]), false, false)).toEqual(["a", "b"]);
    expect(convertReply(new DoubleReply(1.5), false, false)).toBe("1.5");
    expect(convertReply(new DoubleReply(3), false, false)).toBe("3");
    expect(convertReply(new DoubleReply(Infinity), false, false)).toBe("inf");
    expect(convertReply(new DoubleReply(-Infinity), true, false)).toEqual(Buffer.from("-inf"));
    expect(convertReply(BooleanReply.TRUE, false, false)).toBe(1);
    expect(convertReply(BooleanReply.FALSE, false, false)).toBe(0);
    expect(convertReply(new VerbatimReply("txt", "hi"), false, false)).toBe("hi");
    expect(convertReply(new PushReply(["message", "c", "m"]), false, false)).toEqual(["message", "c", "m"]);
    expect(convertReply(NoReply.instance, false, false)).toBeUndefined();
  });

  it("nested errors become ReplyError values; arrays are copied", () => {
    const inner = ["a", errorText("ERR x")];
    const out = convertReply([inner, 1], false, false) as unknown[];
    const nested = out[0] as unknown[];
    expect(nested[1]).toBeInstanceOf(ReplyError);
    expect((nested[1] as Error).message).toBe("ERR x");
    expect(nested).not.toBe(inner);
    expect(inner[0]).toBe("a");
  });
});

describe("hgetall transformer", () => {
  it("builds a plain object, safe for __proto__ and constructor", () => {
    const obj = hgetallReply(["__proto__", "p", "constructor", "c", "toString", "t", "a", "1"]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(["__proto__", "constructor", "toString", "a"]);
    expect(Object.getOwnPropertyDescriptor(obj, "__proto__")).toEqual({
      value: "p",
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(obj["constructor"]).toBe("c");
    expect(obj["a"]).toBe("1");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "p")).toBe(false);
  });

  it("gives {} for a missing key and text keys with Buffer values for hgetallBuffer", () => {
    expect(hgetallReply([])).toEqual({});
    const obj = hgetallReply([Buffer.from("é"), Buffer.from([0xff])]) as Record<string, unknown>;
    expect(obj).toEqual({ é: Buffer.from([0xff]) });
  });

  it("is applied to hgetall and hgetallBuffer replies", () => {
    const text = new Command("hgetall", ["h"], { replyEncoding: "utf8" });
    expect(text.decode(["f", "\xc3\xa9"], false)).toEqual({ error: null, value: { f: "é" } });
    const buf = new Command("hgetall", ["h"], { replyEncoding: null });
    expect(buf.decode(["f", "\xff"], false)).toEqual({ error: null, value: { f: Buffer.from([0xff]) } });
    // Exact names only, as ioredis.
    const upper = new Command("HGETALL", ["h"], { replyEncoding: "utf8" });
    expect(upper.decode(["f", "v"], false).value).toEqual(["f", "v"]);
  });
});

describe("argument transformers", () => {
  it("expand objects and Maps", () => {
    expect(msetArguments([{ a: 1, b: "2" }])).toEqual(["a", 1, "b", "2"]);
    expect(msetArguments([new Map([["a", 1]])])).toEqual(["a", 1]);
    expect(msetArguments(["a", "1"])).toEqual(["a", "1"]);
    expect(hsetArguments(["h", { f: "v" }])).toEqual(["h", "f", "v"]);
    expect(hsetArguments(["h", new Map([["f", "v"]])])).toEqual(["h", "f", "v"]);
    expect(hsetArguments(["h", Buffer.from("x")])).toEqual(["h", Buffer.from("x")]);
  });
});

/** The browser-safe EventEmitter keeps Node's semantics. */
import { describe, expect, it } from "vitest";
import { EventEmitter } from "../../src/client/event-emitter.js";

describe("EventEmitter", () => {
  it("on/once/off/emit/listenerCount/removeAllListeners", () => {
    const e = new EventEmitter();
    const got: unknown[] = [];
    const a = (x: unknown) => got.push(["a", x]);
    const b = (x: unknown) => got.push(["b", x]);
    e.on("x", a).once("x", b);
    expect(e.listenerCount("x")).toBe(2);
    expect(e.emit("x", 1)).toBe(true);
    expect(e.emit("x", 2)).toBe(true);
    expect(got).toEqual([["a", 1], ["b", 1], ["a", 2]]);
    e.off("x", a);
    expect(e.emit("x", 3)).toBe(false);
    e.once("y", b);
    e.removeListener("y", b); // removable by the original function
    expect(e.listenerCount("y")).toBe(0);
    e.on("z", a).on("w", a);
    e.removeAllListeners("z");
    expect(e.eventNames()).toEqual(["w"]);
    e.removeAllListeners();
    expect(e.eventNames()).toEqual([]);
    expect(e.setMaxListeners(50).getMaxListeners()).toBe(50);
  });

  it("emits on a snapshot and throws unheard errors", () => {
    const e = new EventEmitter();
    const got: string[] = [];
    const second = () => got.push("second");
    e.on("x", () => {
      got.push("first");
      e.off("x", second);
      e.on("x", () => got.push("added"));
    });
    e.on("x", second);
    e.emit("x");
    expect(got).toEqual(["first", "second"]);
    expect(() => e.emit("error", new Error("boom"))).toThrow("boom");
    e.on("error", () => got.push("handled"));
    e.emit("error", new Error("x"));
    expect(got.at(-1)).toBe("handled");
    e.prependListener("p", () => got.push("p2"));
    e.prependListener("p", () => got.push("p1"));
    e.emit("p");
    expect(got.slice(-2)).toEqual(["p1", "p2"]);
    expect(e.listeners("p")).toHaveLength(2);
  });
});

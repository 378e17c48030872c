/**
 * The client must run where Node does not: no Node built-ins in its import graph, and bytes as
 * Uint8Arrays when there is no global Buffer.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Every module reachable from `entry` by static/dynamic imports: relative files and bare specifiers. */
function importGraph(entry: string): { files: string[]; bare: Set<string> } {
  const files: string[] = [];
  const bare = new Set<string>();
  const todo = [entry];
  const seen = new Set<string>();
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (!spec.startsWith(".")) {
        bare.add(spec);
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (existsSync(target)) todo.push(target);
    }
  }
  return { files, bare };
}

describe("platform independence", () => {
  it("src/client and everything it imports use no Node built-ins", () => {
    const { files, bare } = importGraph(resolve(SRC, "client/index.ts"));
    expect(files.length).toBeGreaterThan(10);
    expect([...bare].filter((s) => s.startsWith("node:") || ["fs", "net", "events", "buffer", "crypto", "util", "stream"].includes(s))).toEqual([]);
    expect(bare.has("@ioredis/commands")).toBe(true);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(/\bprocess\.(nextTick|env)\b/.test(text), `${f} uses process`).toBe(false);
      expect(/\bsetImmediate\(/.test(text), `${f} uses setImmediate`).toBe(false);
    }
  });

  it("no file under src/client imports node: modules", () => {
    const { files } = importGraph(resolve(SRC, "client/index.ts"));
    for (const f of files.filter((x) => x.includes("/client/"))) {
      expect(readFileSync(f, "utf8")).not.toMatch(/["']node:/);
    }
  });
});

describe("without a global Buffer", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("Buffer methods return Uint8Arrays with the exact bytes", async () => {
    vi.stubGlobal("Buffer", undefined);
    vi.resetModules();
    const { Redis, createEngine } = await import("../../src/index.js");
    const engine = createEngine();
    const r = new Redis({ engine });
    await r.set("k", new Uint8Array([0xff, 0x00, 0x41]));
    const got = await r.getBuffer("k");
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Array.from(got as Uint8Array)).toEqual([0xff, 0x00, 0x41]);
    expect(await r.get("k")).toBe("\ufffd\u0000A");
    expect(await r.call("strlen", "k")).toBe(3);
    r.disconnect();
    engine.close();
  });
});

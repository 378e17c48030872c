import { readFileSync, readdirSync } from "node:fs";
import { it } from "vitest";
import { decodeRdb } from "../../src/persistence/rdb/index.js";
it("assets", () => {
  for (const f of readdirSync("/tmp/assets")) {
    const b = new Uint8Array(readFileSync(`/tmp/assets/${f}`));
    try {
      const ds = decodeRdb(b, { allowTrailingBytes: true });
      console.log(f, ds.version, [...ds.aux], ds.functions.length, ds.emptyKeysSkipped, ds.byteLength, b.length);
      for (const db of ds.dbs) for (const k of db.keys) console.log("  ", db.id, JSON.stringify(k, (_, v) => (typeof v === "bigint" ? v.toString() : v)).slice(0, 300));
    } catch (e) {
      console.log(f, "ERROR", (e as Error).message);
    }
  }
});

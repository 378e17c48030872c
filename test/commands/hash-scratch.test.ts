import { it } from "vitest";
import { createEngine } from "../../src/index.js";
it("scratch", () => {
  const e = createEngine();
  const s = e.createSession();
  const r = (...a: string[]) => console.log(a.join(" "), "=>", JSON.stringify(s.exec(a), (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  r("HSET", "h", "a", "1", "b", "2");
  r("HGETALL", "h");
  r("HINCRBYFLOAT", "h", "a", "1.5");
  r("HRANDFIELD", "h", "-5", "WITHVALUES");
  r("HEXPIRE", "h", "100", "FIELDS", "1", "a");
  r("OBJECT", "ENCODING", "h");
  r("HTTL", "h", "FIELDS", "2", "a", "b");
  r("HSCAN", "h", "0");
  r("HGETALL", "h");
});

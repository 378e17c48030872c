import { expect, it } from "vitest";
import Redis from "../../src/index.js";

it("smoke", async () => {
  const r = new Redis();
  const events: string[] = [];
  for (const e of ["connecting", "connect", "ready", "close", "end"]) r.on(e, () => events.push(e));
  expect(r.status).toBe("connecting");
  expect(await r.set("a", "1")).toBe("OK");
  expect(await r.get("a")).toBe("1");
  expect(await r.getBuffer("a")).toEqual(Buffer.from("1"));
  await expect(r.call("nope", "x")).rejects.toThrow(/unknown command/);
  const res = await r.pipeline().set("b", "2").get("b").call("nope").exec();
  console.log(res);
  const m = await r.multi().set("c", "3").get("c").exec().catch((e) => e);
  console.log(m, m.previousErrors);
  expect(await r.quit()).toBe("OK");
  await new Promise((res) => setTimeout(res, 10));
  console.log(events, r.status);
});

// Where one GET's time goes, layer by layer, beside the Map baselines the string targets use:
// the figures behind the analysis of the client and engine targets (see bench/README.md).
// Run after `npm run build`; part of `node bench/run.mjs`.
import * as api from "../dist/index.js";
import { Command } from "../dist/index.js";
import { methodInfo } from "../dist/client/command.js";
import { closeClient, compare, consume, formatOps, keySpace, makeClient, printTable } from "./lib.mjs";

export const name = "breakdown";

const N = 10_000;
const UTF8 = { replyEncoding: "utf8" };

export async function run(cfg) {
  const { redis } = await makeClient(api);
  const engine = api.createEngine();
  const session = engine.createSession();
  const keys = keySpace("get:", N);
  const map = new Map();
  for (const k of keys) {
    map.set(k, "value");
    session.exec(["SET", k, "value"]);
    if (redis !== undefined) await redis.set(k, "value");
  }
  const get = engine.commands.get("get");
  const info = methodInfo("get");
  let i = 0;
  const next = () => keys[(i = (i + 1) % N)];
  const variants = {
    "Map.get (loop)": (n) => {
      let x;
      for (let j = 0; j < n; j++) x = map.get(next());
      consume(x);
    },
    "GET handler alone": (n) => {
      let x;
      for (let j = 0; j < n; j++) x = get.handler(session, ["get", next()]);
      consume(x);
    },
    "engine.call (no dispatch)": (n) => {
      let x;
      for (let j = 0; j < n; j++) x = engine.call(session, get, ["get", next()]);
      consume(x);
    },
    "session.exec (full dispatch)": (n) => {
      let x;
      for (let j = 0; j < n; j++) x = session.exec(["get", next()]);
      consume(x);
    },
    "new Command (client, alone)": (n) => {
      let x;
      for (let j = 0; j < n; j++) x = new Command("get", [next()], UTF8, undefined, info);
      consume(x);
    },
    "await map.get": async (n) => {
      for (let j = 0; j < n; j++) consume(await map.get(next()));
    },
    "await Promise.resolve(exec)": async (n) => {
      for (let j = 0; j < n; j++) consume(await Promise.resolve(session.exec(["get", next()])));
    },
  };
  if (redis !== undefined) {
    variants["await client.get"] = async (n) => {
      for (let j = 0; j < n; j++) consume(await redis.get(next()));
    };
  }
  const ops = await compare(variants, cfg);
  console.log("\nbreakdown: one GET, layer by layer (median ops/s; ns per op)");
  printTable(
    ["variant", "ops/s", "ns/op"],
    Object.entries(ops).map(([k, v]) => [k, formatOps(v), (1e9 / v).toFixed(1)]),
  );
  closeClient(redis);
  engine.close();
  return { checks: [] };
}

/**
 * The process the crash tests kill (crash-harness.mjs): opens the built engine on a directory with
 * appendfsync always, checks what it finds, then writes until killed.
 *
 * Three writers run concurrently (so AOF groups hold several connections' writes). Writer c's step i
 * is one MULTI: SET k:c:i, RPUSH log:c i, SET next:c i+1. A line "ack c i" is printed only once the
 * EXEC reply arrived, i.e. once the engine said the step is durable. Every 40 steps a BGREWRITEAOF
 * starts, so kills also land in rewrites.
 *
 * On start it prints "state c n ok" per writer when the data is consistent (log:c is exactly 0..n-1,
 * k:c:i exists exactly for i < n), else "state c n bad <why>", then "ready".
 *
 * Usage: node crash-child.mjs <dir> [--check-only]
 */
import { createEngine } from "../../dist/node.js";

const [dir, mode] = process.argv.slice(2);
const WRITERS = 3;
const out = (line) => process.stdout.write(`${line}\n`);

async function run(s, ...argv) {
  const r = s.exec(argv.map(String));
  return r !== null && typeof r === "object" && typeof r.promise?.then === "function" ? r.promise : r;
}

const engine = await createEngine({ dir, config: { appendonly: "yes", appendfsync: "always", save: "" } });
const s = engine.createSession();
const next = [];
for (let c = 0; c < WRITERS; c++) {
  const n = Number((await run(s, "GET", `next:${c}`)) ?? 0);
  next.push(n);
  const log = await run(s, "LRANGE", `log:${c}`, 0, -1);
  let why = "";
  if (log.length !== n) why = `log has ${log.length} entries`;
  else if (log.some((v, i) => v !== String(i))) why = "log out of order";
  else {
    for (let i = 0; i < n + 5; i++) {
      const v = await run(s, "EXISTS", `k:${c}:${i}`);
      if ((i < n) !== (v === 1)) {
        why = `k:${c}:${i} ${v === 1 ? "present" : "missing"}`;
        break;
      }
    }
  }
  out(`state ${c} ${n} ${why === "" ? "ok" : `bad ${why}`}`);
}
out("ready");
if (mode === "--check-only") {
  engine.close();
  process.exit(0);
}

async function writer(c) {
  const w = engine.createSession();
  for (let i = next[c]; ; i++) {
    await run(w, "MULTI");
    await run(w, "SET", `k:${c}:${i}`, `value-${i}-${"x".repeat(i % 50)}`);
    await run(w, "RPUSH", `log:${c}`, i);
    await run(w, "SET", `next:${c}`, i + 1);
    const r = await run(w, "EXEC");
    if (!Array.isArray(r)) throw new Error(`EXEC answered ${JSON.stringify(r)}`);
    out(`ack ${c} ${i}`);
    if (c === 0 && i % 40 === 39) await run(w, "BGREWRITEAOF");
  }
}
await Promise.all(Array.from({ length: WRITERS }, (_, c) => writer(c)));

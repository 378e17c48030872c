/**
 * The SIGKILL crash harness: runs crash-child.mjs on one directory, kills it with SIGKILL at a
 * random moment, restarts it, and checks that every write it acknowledged before dying is there and
 * that nothing is half-applied (the child's own consistency check). Used by crash.test.ts (a few
 * runs) and by `npm run test:crash -- --seed N --runs M` (crash-run.mjs).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./crash-child.mjs", import.meta.url));

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the child; resolves with its parsed output once it exits (killed after `killAfterMs` from "ready"). */
function runChild(dir, killAfterMs, checkOnly) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CHILD, dir, ...(checkOnly ? ["--check-only"] : [])], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buf = "";
    let err = "";
    const state = [];
    const acked = [];
    let killTimer;
    proc.stdout.on("data", (d) => {
      buf += d.toString("utf8");
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const [kind, c, n, ...rest] = line.split(" ");
        if (kind === "state") state[Number(c)] = { n: Number(n), ok: rest[0] === "ok", why: rest.join(" ") };
        else if (kind === "ack") acked[Number(c)] = Math.max(acked[Number(c)] ?? -1, Number(n));
        else if (kind === "ready" && !checkOnly) killTimer = setTimeout(() => proc.kill("SIGKILL"), killAfterMs);
      }
    });
    proc.stderr.on("data", (d) => (err += d.toString("utf8")));
    proc.once("error", reject);
    proc.once("exit", (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== "SIGKILL" && code !== 0) reject(new Error(`crash child exited with ${code}: ${err}`));
      else resolve({ state, acked, signal, stderr: err });
    });
  });
}

/**
 * `runs` kill/restart cycles with kill delays drawn from `seed`. Returns a summary; throws on the
 * first violation.
 */
export async function crashRuns({ seed = 1, runs = 5, minMs = 30, maxMs = 400, log = () => {} } = {}) {
  const rnd = mulberry32(seed);
  const dir = mkdtempSync(join(tmpdir(), "redis-anywhere-crash-"));
  const lastAcked = [-1, -1, -1];
  let totalAcks = 0;
  try {
    for (let run = 0; run <= runs; run++) {
      const final = run === runs;
      const delay = Math.floor(minMs + rnd() * (maxMs - minMs));
      const r = await runChild(dir, delay, final);
      for (let c = 0; c < 3; c++) {
        const st = r.state[c];
        if (st === undefined) throw new Error(`run ${run}: the child reported no state for writer ${c}: ${r.stderr}`);
        if (!st.ok) throw new Error(`run ${run}: writer ${c} inconsistent after restart: ${st.why}`);
        if (st.n < lastAcked[c] + 1) {
          throw new Error(`run ${run}: writer ${c} lost acknowledged writes: ${st.n} steps present, step ${lastAcked[c]} was acknowledged`);
        }
      }
      let acks = 0;
      for (let c = 0; c < 3; c++) {
        if (r.acked[c] !== undefined) {
          acks += r.acked[c] - Math.max(lastAcked[c], r.state[c].n - 1);
          lastAcked[c] = Math.max(lastAcked[c], r.acked[c]);
        }
      }
      totalAcks += acks;
      log(`run ${run}: killed after ${final ? "-" : delay} ms, state ${r.state.map((x) => x.n).join("/")}, ${acks} new acks`);
    }
    return { runs, totalAcks, lastAcked: [...lastAcked] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

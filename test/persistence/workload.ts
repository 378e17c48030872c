/**
 * A seeded random workload over every data type that exists, several databases, TTLs, MULTI/EXEC,
 * SWAPDB and FLUSHDB: what the AOF round-trip, crash and interop tests write.
 */
import type { Session } from "../../src/engine/session.js";
import type { Rng } from "../support/seeded.js";
import { cmd } from "./helpers.js";

function oneCommand(rng: Rng, withDbs: boolean): (string | number)[] {
  const k = `k${rng.int(0, 30)}`;
  const v = rng.chance(0.1) ? "\x00\xff\r\n bin" : `v${rng.int(0, 1000)}`;
  const choice = rng.int(0, 22);
  switch (choice) {
    case 0:
      return ["SET", `s:${k}`, v];
    case 1:
      return ["SET", `s:${k}`, v, "PX", rng.int(1000, 100000)];
    case 2:
      return ["INCR", `n:${k}`];
    case 3:
      return ["INCRBYFLOAT", `f:${k}`, "1.5"];
    case 4:
      return ["APPEND", `s:${k}`, v];
    case 5:
      return ["DEL", `s:${k}`];
    case 6:
      return ["EXPIRE", `s:${k}`, rng.int(5, 500)];
    case 7:
      return ["RPUSH", `l:${k}`, v, `${v}2`];
    case 8:
      return ["LPOP", `l:${k}`];
    case 9:
      return ["LPUSH", `l:${k}`, ...Array.from({ length: rng.int(1, 5) }, (_, i) => `${v}${i}`)];
    case 10:
      return ["SADD", `z:${k}`, v, rng.int(0, 50)];
    case 11:
      return ["SREM", `z:${k}`, v];
    case 12:
      return ["SPOP", `z:${k}`];
    case 13:
      return ["HSET", `h:${k}`, `f${rng.int(0, 10)}`, v];
    case 14:
      return ["HDEL", `h:${k}`, `f${rng.int(0, 10)}`];
    case 15:
      return ["HINCRBYFLOAT", `h:${k}`, "cnt", "0.25"];
    case 16:
      return ["GETDEL", `s:${k}`];
    case 17:
      return ["SETRANGE", `s:${k}`, rng.int(0, 5), v];
    case 18:
      return ["PERSIST", `s:${k}`];
    case 19:
      return ["LTRIM", `l:${k}`, 0, rng.int(0, 3)];
    case 20:
      return withDbs && rng.chance(0.2) ? ["SWAPDB", 0, 1] : ["RENAME", `s:${k}`, `s:k${rng.int(0, 30)}`];
    case 21:
      return withDbs && rng.chance(0.1) ? ["FLUSHDB"] : ["MSET", `s:${k}`, v, `s:x${k}`, v];
    default:
      return ["SMOVE", `z:${k}`, `z:k${rng.int(0, 30)}`, v];
  }
}

/** Runs `n` random commands (some in MULTI, some in other databases) on `s`. */
export async function runWorkload(s: Session, rng: Rng, n: number, withDbs = true): Promise<void> {
  for (let i = 0; i < n; i++) {
    if (withDbs && rng.chance(0.05)) await cmd(s, "SELECT", rng.int(0, 2));
    if (rng.chance(0.1)) {
      await cmd(s, "MULTI");
      const m = rng.int(1, 4);
      for (let j = 0; j < m; j++) await cmd(s, ...oneCommand(rng, withDbs));
      await cmd(s, "EXEC");
      i += m;
    } else {
      await cmd(s, ...oneCommand(rng, withDbs));
    }
  }
}
